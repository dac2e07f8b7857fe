// The dot-product test of one statement, ⟨ū, J v⟩ = ⟨Jᵀū, v⟩: its derived
// local adjoint against central differences of the statement alone, along
// random directions of the variables it reads. A program's check adds it to
// the check of entries (verify/entries.ts): only shapes that are not 1×1 need
// it (for a scalar statement it is the KKT residual's own test).
import type { NodeId } from '../ir/build.js';
import { axpy, inner, type Tensor } from '../ir/shape.js';
import { derivative, quickDerivative } from '../verify/differences.js';
import type { Rng } from '../verify/rng.js';
import type { ProgramDerivation } from './derive.js';
import { evaluate } from './evaluate.js';
import { randomTensor, type ProgramPoint } from './point.js';
import type { Statement } from './program.js';
import { expressionWork } from './work.js';

export interface DotRow {
  readonly statement: string;
  /** ⟨ū, J v⟩ by central differences of f alone. */
  readonly jv: number;
  /** ⟨Jᵀ ū, v⟩ from the statement's derived adjoint. */
  readonly jtu: number;
  readonly ok: boolean;
}

/**
 * ⟨ū, J v⟩ (central differences of the statement alone) against ⟨Jᵀū, v⟩ (its derived local adjoint), and the
 * work it took. `quick`: a plain central difference first, the Richardson search only if it disagrees.
 */
export function dotTest(der: ProgramDerivation, point: ProgramPoint, st: Statement, rng: Rng, quick: boolean): { row: DotRow; work: number } {
  const program = der.program;
  const name = st.name;
  const b = program.builder;
  const u = randomTensor(rng, st.shape);
  const dirs = new Map(st.uses.map((v) => [v, randomTensor(rng, program.shapes.get(v)!)] as const));
  const stWork = expressionWork(b, st.root);
  let work = 0;
  // The perturbed variables over the point's values, without copying every value (a copy per statement
  // would make the test quadratic in the number of statements).
  const at = (t: number): Tensor => {
    const moved = new Map<string, Tensor>();
    for (const [v, d] of dirs) moved.set(v, axpy(point.values.get(v)!, t, d));
    const values = { get: (k: string) => moved.get(k) ?? point.values.get(k) } as ReadonlyMap<string, Tensor>;
    work += stWork;
    return evaluate(b, st.root, { values });
  };
  // d/dt ⟨u, f(x + t·v)⟩ at 0; round-off grows with Σ|u ⊙ f|.
  const f0 = quick ? point.values.get(name)! : at(0);
  let noise = 0;
  for (let k = 0; k < f0.data.length; k++) noise += Math.abs(u.data[k]! * f0.data[k]!);
  const g0 = inner(u, f0);
  const g = (t: number): number => (t === 0 ? g0 : inner(u, at(t)));
  const local = der.local.get(name)!;
  const mus = new Map([[name, u]]);
  const memo = new Map<NodeId, Tensor>();
  let jtu = 0;
  for (const [v, d] of dirs) {
    const term = local.get(v);
    if (term === undefined) continue;
    work += expressionWork(b, term);
    const value = evaluate(b, term, { values: point.values, mus }, memo);
    jtu += value.data.length === 1 && d.data.length > 1 ? value.data[0]! * d.data.reduce((s, x) => s + x, 0) : inner(value, d);
  }
  const agrees = (jv: number, error: number): boolean => Number.isFinite(jv) && Math.abs(jv - jtu) <= 4 * error + 1e-6 * Math.max(1, Math.abs(jv), Math.abs(jtu));
  // The Richardson differences of every check (`quick`: a plain difference first).
  const { value: jv, error } = quick ? quickDerivative(g, 0, Math.max(noise, Math.abs(g0)), agrees) : derivative(g, 0, noise);
  return { row: { statement: name, jv, jtu, ok: agrees(jv, error) }, work };
}
