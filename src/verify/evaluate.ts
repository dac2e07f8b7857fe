// Numeric evaluation of one local expression: the values of constant
// subtrees (which depend on the symbols held fixed), and an expression as a
// function of z, or evaluated once with every op's domain checked; both on a
// tape of one program (tape.ts), as a derivation's are (numeric.ts).
import type { Builder } from '../ir/build.js';
import { scalarOp, type OpName } from '../ir/ops.js';
import type { NodeId } from '../ir/types.js';
import { bindReal, runChecked, runReal, TapeWriter, type Tape } from './tape.js';

export type RealFn = (z: Float64Array) => number;
/** Values of symbols held fixed (and of inputs, for expressions read before the graph). */
export type SymbolValues = ReadonlyMap<string, number>;

/** Value of a constant subtree, iteratively (constant subtrees may be deep). */
export function constantValue(b: Builder, root: NodeId, syms: SymbolValues): number {
  const leaf = b.node(root);
  if (leaf.kind !== 'op') return leafValue(leaf, syms);
  const memo = new Map<NodeId, number>();
  const stack: NodeId[] = [root];
  while (stack.length) {
    const id = stack[stack.length - 1]!;
    if (memo.has(id)) { stack.pop(); continue; }
    const n = b.node(id);
    if (n.kind === 'op') {
      const pending = n.args.filter((a) => !memo.has(a));
      if (pending.length) { stack.push(...pending); continue; }
      memo.set(id, scalarOp(n.op).evaluate(memo.get(n.args[0]!)!, n.args.length > 1 ? memo.get(n.args[1]!)! : 0, n.args.length > 2 ? memo.get(n.args[2]!)! : 0));
    } else {
      memo.set(id, leafValue(n, syms));
    }
    stack.pop();
  }
  return memo.get(root)!;
}

function leafValue(n: ReturnType<Builder['node']>, syms: SymbolValues): number {
  switch (n.kind) {
    case 'num': return n.value;
    case 'const': return n.name === 'pi' ? Math.PI : Math.E;
    case 'sym': {
      const v = syms.get(n.name);
      if (v === undefined) throw new Error(`lagrad: no value for symbol ${n.name}`);
      return v;
    }
    default: return NaN;
  }
}

/** The registers of a tape of builder `b` at the symbols' values. */
export function bind(tape: Tape, b: Builder, syms: SymbolValues): Float64Array {
  return bindReal(tape, (id) => constantValue(b, id, syms));
}

/** Compiles a local expression (over ref leaves) to a float64 function of z. */
export function compileReal(b: Builder, root: NodeId, syms: SymbolValues): RealFn {
  const writer = new TapeWriter(b);
  const p = writer.program(root);
  const tape = writer.finish();
  const r = bind(tape, b, syms);
  return (z) => runReal(tape, r, p, z);
}

export interface DomainProblem {
  readonly kind: 'outside' | 'kink' | 'infinite' | 'non-finite' | 'zero-factor';
  readonly op: OpName | null;
  readonly why: string;
}

/**
 * Evaluates an expression at `z`, reporting the first op (in evaluation order)
 * outside its domain or on a kink. Iterative: claims can be any size.
 */
export function evaluateChecked(
  b: Builder,
  root: NodeId,
  z: Float64Array,
  syms: SymbolValues,
): { value: number; problem: DomainProblem | null } {
  const writer = new TapeWriter(b);
  const p = writer.program(root);
  const tape = writer.finish();
  return runChecked(tape, bind(tape, b, syms), p, z);
}
