// A point where a program has no derivative: an entry where a function of the
// table reports a kink or leaves its domain (relu, abs at 0, a tie of max, a
// jump of floor: the table's own domain tests, entry by entry), or a value that
// is not finite (a division by zero). Reported as such, never as a pass or as a
// one-sided value (DESIGN.md section 6).
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { DomainVerdict } from '../ops/spec.js';
import { evaluate } from './evaluate.js';
import type { NodeId } from '../ir/build.js';
import { TOPS } from '../ir/tensor-ops.js';
import type { Program } from './program.js';
import type { Shape, Tensor } from '../ir/shape.js';

export interface ProgramProblem {
  readonly kind: 'kink' | 'outside' | 'infinite';
  /** The statement where it happens. */
  readonly statement: string;
  /** The operation, e.g. relu. */
  readonly op: string;
  /** 1-based [row, col] of the first entry concerned. */
  readonly entry: readonly [number, number];
  readonly why: string;
}

const at = (t: Tensor, k: number): [number, number] => [Math.floor(k / t.cols) + 1, (k % t.cols) + 1];

/** The first problem, statement by statement in order, or null. Linear in the size of the program. */
export function findProblem(program: Program, values: ReadonlyMap<string, Tensor>): ProgramProblem | null {
  const b = program.builder;
  for (const st of program.statements) {
    const memo = new Map<NodeId, Tensor>();
    const env = { values };
    // Ids are topological (arguments first), so the first bad op is the innermost.
    const ids = b.reach(st.root);
    for (const id of ids) {
      const n = b.node(id);
      if (n.kind !== 'op') continue;
      const args = n.args.map((a) => evaluate(b, a, env, memo));
      if (args.some((t) => !t.data.every(Number.isFinite))) continue;
      const spec = TOPS[n.op].lifted ? FUNCTIONS_TABLE[TOPS[n.op].lifted!] : null;
      if (spec?.domain) {
        const constArgs = n.args.map((a) => b.node(a).kind === 'num');
        const found = firstVerdict(args, n.shape, (x, y, w) => spec.domain!(x, y, w, constArgs));
        if (found) return { kind: found.verdict.kind, statement: st.name, op: n.op, entry: found.entry, why: found.verdict.why };
      }
      if (n.op === 'maxall' || n.op === 'minall') {
        // A tie for the extremum: the reduction has no derivative there.
        const a = args[0]!.data;
        const v = evaluate(b, id, env, memo).data[0]!;
        const ties = [...a.keys()].filter((k) => a[k] === v);
        if (ties.length > 1) return { kind: 'kink', statement: st.name, op: n.op === 'maxall' ? 'max' : 'min', entry: at(args[0]!, ties[1]!), why: `${ties.length} entries tie for the ${n.op === 'maxall' ? 'max' : 'min'} (${v})` };
      }
      const out = evaluate(b, id, env, memo);
      const k = out.data.findIndex((x) => !Number.isFinite(x));
      if (k >= 0) return { kind: 'outside', statement: st.name, op: n.op, entry: at(out, k), why: `${n.op} gives ${out.data[k]} there` };
    }
  }
  return null;
}

/** The first entry (row-major, over the broadcast shape) where `test` gives a verdict. */
function firstVerdict(
  args: readonly Tensor[], out: Shape, test: (a: number, b: number, c: number) => DomainVerdict,
): { entry: [number, number]; verdict: NonNullable<DomainVerdict> } | null {
  const get = (t: Tensor | undefined, i: number, j: number): number =>
    t === undefined ? 0 : t.data[(t.rows === 1 ? 0 : i) * t.cols + (t.cols === 1 ? 0 : j)]!;
  for (let i = 0; i < out[0]; i++) {
    for (let j = 0; j < out[1]; j++) {
      const verdict = test(get(args[0], i, j), get(args[1], i, j), get(args[2], i, j));
      if (verdict) return { entry: [i + 1, j + 1], verdict };
    }
  }
  return null;
}
