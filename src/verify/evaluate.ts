// Numeric evaluation of local expressions: compiled to closures over the op
// table (no code generation), in float64 and in complex arithmetic, plus a
// checked evaluation that reports the first op outside its domain.
import type { Builder } from '../ir/build.js';
import { c } from '../ops/complex.js';
import { scalarOp, type OpName } from '../ir/ops.js';
import type { Complex, DomainVerdict, NodeId } from '../ir/types.js';

export type RealFn = (z: Float64Array) => number;
export type ComplexFn = (re: Float64Array, im: Float64Array) => Complex;
/** Values of symbols held fixed (and of inputs, for expressions read before the graph). */
export type SymbolValues = ReadonlyMap<string, number>;

/** Value of a constant subtree, iteratively (constant subtrees may be deep). */
export function constantValue(b: Builder, root: NodeId, syms: SymbolValues): number {
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

/**
 * Compiles a local expression (over ref leaves) to a closure in some number
 * system: constant subtrees are evaluated once, ops come from the op table.
 */
function compileWith<T, F extends (...env: never[]) => T>(
  b: Builder,
  root: NodeId,
  syms: SymbolValues,
  ref: (k: number) => F,
  constant: (v: number) => F,
  apply: (op: OpName, x: F, y: F | null, w: F | null) => F,
): F {
  const memo = new Map<NodeId, F>();
  const go = (id: NodeId): F => {
    const hit = memo.get(id);
    if (hit) return hit;
    const n = b.node(id);
    const fn = n.kind === 'ref' ? ref(n.index)
      : b.isConst(id) || n.kind !== 'op' ? constant(constantValue(b, id, syms))
      : apply(n.op, go(n.args[0]!), n.args.length > 1 ? go(n.args[1]!) : null, n.args.length > 2 ? go(n.args[2]!) : null);
    memo.set(id, fn);
    return fn;
  };
  return go(root);
}

/** Compiles a local expression (over ref leaves) to a float64 closure. */
export function compileReal(b: Builder, root: NodeId, syms: SymbolValues): RealFn {
  return compileWith<number, RealFn>(b, root, syms, (k) => (z) => z[k]!, (v) => () => v, (op, x, y, w) => {
    const ev = scalarOp(op).evaluate;
    if (w && y) return (z) => ev(x(z), y(z), w(z));
    return y ? (z) => ev(x(z), y(z), 0) : (z) => ev(x(z), 0, 0);
  });
}

/** Compiles a local expression to a complex closure, for the complex-step check. */
export function compileComplex(b: Builder, root: NodeId, syms: SymbolValues): ComplexFn {
  const zero = c(0);
  return compileWith<Complex, ComplexFn>(b, root, syms, (k) => (re, im) => c(re[k]!, im[k]!), (v) => {
    const w = c(v);
    return () => w;
  }, (op, x, y, w) => {
    const ev = scalarOp(op).complex;
    if (w && y) return (re, im) => ev(x(re, im), y(re, im), w(re, im));
    return y ? (re, im) => ev(x(re, im), y(re, im), zero) : (re, im) => ev(x(re, im), zero, zero);
  });
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
  let problem: DomainProblem | null = null;
  const memo = new Map<NodeId, number>();
  const stack: NodeId[] = [root];
  while (stack.length) {
    const id = stack[stack.length - 1]!;
    if (memo.has(id)) { stack.pop(); continue; }
    const n = b.node(id);
    if (n.kind === 'ref') memo.set(id, z[n.index]!);
    else if (b.isConst(id) || n.kind !== 'op') memo.set(id, constantValue(b, id, syms));
    else {
      const pending = n.args.filter((x) => !memo.has(x));
      if (pending.length) { for (let k = pending.length - 1; k >= 0; k--) stack.push(pending[k]!); continue; }
      const spec = scalarOp(n.op);
      const a = memo.get(n.args[0]!)!;
      const y = n.args.length > 1 ? memo.get(n.args[1]!)! : 0;
      const w = n.args.length > 2 ? memo.get(n.args[2]!)! : 0;
      const verdict: DomainVerdict = spec.domain?.(a, y, w, n.args.map((x) => b.isConst(x))) ?? null;
      if (verdict && !problem) problem = { kind: verdict.kind, op: n.op, why: verdict.why };
      const v = spec.evaluate(a, y, w);
      if (!Number.isFinite(v) && !problem) problem = { kind: 'non-finite', op: n.op, why: `${n.op} gives ${v}` };
      memo.set(id, v);
    }
    stack.pop();
  }
  return { value: memo.get(root)!, problem };
}
