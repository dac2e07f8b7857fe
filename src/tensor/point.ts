// The point a program is evaluated at: given values, else seeded random ones
// of the declared shapes (widened until every value is finite), and the
// forward pass over the statements.
import { mulberry32, type Rng } from '../verify/rng.js';
import { evaluate } from './evaluate.js';
import type { Program } from './program.js';
import { tensor, type Shape, type Tensor } from './shape.js';

export interface ProgramPoint {
  /** Params and data, in declaration order. */
  readonly inputs: ReadonlyMap<string, Tensor>;
  /** Inputs and every statement's value. */
  readonly values: ReadonlyMap<string, Tensor>;
  readonly given: 'values' | 'random' | 'mixed';
}

export function randomTensor(rng: Rng, s: Shape, lo = -1, hi = 1, decimals = 2): Tensor {
  const t = tensor(s[0], s[1]);
  const unit = 10 ** decimals;
  for (let k = 0; k < t.data.length; k++) {
    // A few decimals read well, but an exact 0 sits on the kink of relu and abs: never draw it.
    const v = Math.round((lo + (hi - lo) * rng()) * unit) / unit;
    t.data[k] = v === 0 ? (rng() < 0.5 ? -1 : 1) / unit : v;
  }
  return t;
}

/** Evaluates the statements from index `from` on, over `values` (mutated). */
export function forward(program: Program, values: Map<string, Tensor>, from = 0): void {
  for (let k = from; k < program.statements.length; k++) {
    const st = program.statements[k]!;
    values.set(st.name, evaluate(program.builder, st.root, { values }));
  }
}

const finite = (values: ReadonlyMap<string, Tensor>): boolean => [...values.values()].every((t) => t.data.every(Number.isFinite));

/** Given values, then seeded random ones in [−1, 1], or in further ranges when that leaves a domain. */
export function choosePoint(program: Program, given: ReadonlyMap<string, Tensor>, seed: number): ProgramPoint {
  let values = new Map<string, Tensor>();
  // Both signs first, then positive, then wider ranges, until every value is finite (log(x − 5) needs x > 5).
  for (const [lo, hi] of [[-1, 1], [0.1, 1], [-10, 10], [0.1, 10], [1, 100]] as const) {
    const rng = mulberry32(seed);
    values = new Map();
    for (const d of program.declarations) {
      // A matrix param is drawn scaled by 1/√(columns), as networks are initialised, so that products of
      // many layers stay of order one and the differences of a deep network stay well conditioned.
      const fanIn = d.role === 'param' && d.shape[1] > 1 ? Math.sqrt(d.shape[1]) : 1;
      values.set(d.name, given.get(d.name) ?? randomTensor(rng, d.shape, lo / fanIn, hi / fanIn, fanIn > 1 ? 3 : 2));
    }
    forward(program, values);
    if (finite(values)) break;
  }
  const inputs = new Map(program.declarations.map((d) => [d.name, values.get(d.name)!] as const));
  const n = program.declarations.filter((d) => given.has(d.name)).length;
  return { inputs, values, given: n === 0 ? 'random' : n === program.declarations.length ? 'values' : 'mixed' };
}
