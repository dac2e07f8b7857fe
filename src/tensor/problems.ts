// A point where a program has no derivative: an argument of relu, abs or
// sqrt exactly at 0 (a kink), or a value that is not finite (outside a domain:
// log of a negative number, a division by zero). Reported as such, never as
// a pass or as a one-sided value (DESIGN.md section 6).
import { evaluate } from './evaluate.js';
import type { TId } from './ir.js';
import type { Program } from './program.js';
import type { Tensor } from './shape.js';

export interface ProgramProblem {
  readonly kind: 'kink' | 'outside';
  /** The statement where it happens. */
  readonly statement: string;
  /** The operation, e.g. relu. */
  readonly op: string;
  /** 1-based [row, col] of the first entry concerned. */
  readonly entry: readonly [number, number];
  readonly why: string;
}

const KINKS: ReadonlyMap<string, string> = new Map([
  ['relu', 'relu is not differentiable at 0'],
  ['abs', 'abs is not differentiable at 0'],
  ['step', 'step is not differentiable at 0'],
  ['sign', 'sign is not differentiable at 0'],
  ['sqrt', 'sqrt is not differentiable at 0'],
]);

const at = (t: Tensor, k: number): [number, number] => [Math.floor(k / t.cols) + 1, (k % t.cols) + 1];

/** The first problem, statement by statement in order, or null. Linear in the size of the program. */
export function findProblem(program: Program, values: ReadonlyMap<string, Tensor>): ProgramProblem | null {
  const b = program.builder;
  for (const st of program.statements) {
    const memo = new Map<TId, Tensor>();
    const env = { values };
    // Ids are topological (arguments first), so the first bad op is the innermost.
    const ids = b.reach(st.root);
    for (const id of ids) {
      const n = b.node(id);
      if (n.kind !== 'op') continue;
      const args = n.args.map((a) => evaluate(b, a, env, memo));
      if (args.some((t) => !t.data.every(Number.isFinite))) continue;
      const kink = KINKS.get(n.op);
      if (kink) {
        const k = args[0]!.data.findIndex((x) => x === 0);
        if (k >= 0) return { kind: 'kink', statement: st.name, op: n.op, entry: at(args[0]!, k), why: kink };
      }
      const out = evaluate(b, id, env, memo);
      const k = out.data.findIndex((x) => !Number.isFinite(x));
      if (k >= 0) return { kind: 'outside', statement: st.name, op: n.op, entry: at(out, k), why: `${n.op} gives ${out.data[k]} there` };
    }
  }
  return null;
}
