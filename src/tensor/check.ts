// The numeric check of a program's derivation: every
// multiplier and gradient entry against central differences of the
// objective (all entries up to a limit, else a sample plus a random-direction
// test per variable), and the dot-product test ⟨ū, J v⟩ = ⟨Jᵀū, v⟩ for each
// statement.
import { mulberry32, type Rng } from '../verify/rng.js';
import { derivative } from '../verify/check.js';
import type { ProgramDerivation } from './derive.js';
import { evaluate } from './evaluate.js';
import { forward, randomTensor, type ProgramPoint } from './point.js';
import type { Sweep } from './sweep.js';
import type { Program } from './program.js';
import { inner, numel, tensor, type Tensor } from './shape.js';

export interface EntryRow {
  readonly variable: string;
  readonly kind: 'mu' | 'gradient';
  /** Row-major index, and [row, col]. */
  readonly index: number;
  readonly derived: number;
  readonly numeric: number;
  readonly absError: number;
  readonly ok: boolean;
}

export interface DirectionRow {
  readonly variable: string;
  readonly predicted: number;
  readonly measured: number;
  readonly ok: boolean;
}

export interface DotRow {
  readonly statement: string;
  /** ⟨ū, J v⟩ by central differences of f alone. */
  readonly jv: number;
  /** ⟨Jᵀ ū, v⟩ from the statement's derived adjoint. */
  readonly jtu: number;
  readonly ok: boolean;
}

export interface ProgramCheck {
  readonly ok: boolean;
  readonly method: string;
  readonly rows: readonly EntryRow[];
  readonly coverage: 'all' | { readonly sampled: number; readonly of: number; readonly variables: number; readonly ofVariables: number };
  readonly directions: readonly DirectionRow[];
  readonly dot: readonly DotRow[];
  readonly tolerance: string;
}

export const TOLERANCE = 'central differences: 1e-5 relative + 1e-6·max(1, |objective|) absolute; dot-product test: 1e-6 relative';
/** Check every entry up to this many in all; beyond, a sample per variable plus a direction test. */
export const ALL_ENTRIES_LIMIT = 2000;
const SAMPLE_PER_VARIABLE = 32;
/** Beyond the entry limit, at most this many variables are checked (a seeded sample). */
const SAMPLE_VARIABLES = 64;

const close = (a: number, n: number, scale: number): boolean => Math.abs(a - n) <= 1e-5 * Math.abs(n) + 1e-6 * scale;

export function checkProgram(der: ProgramDerivation, point: ProgramPoint, sweep: Sweep, options: { seed?: number; allLimit?: number } = {}): ProgramCheck {
  const program = der.program;
  const rng = mulberry32((options.seed ?? 0) ^ 0x5bd1e995);
  const objective = (values: Map<string, Tensor>): number => values.get(program.objective)!.data[0]!;
  const f0 = objective(new Map(point.values));
  const scale = Math.max(1, Math.abs(f0));
  const position = new Map(program.statements.map((s, k) => [s.name, k] as const));
  /** The objective with variable `name` replaced by `value`, recomputing only what follows it. */
  const objectiveWith = (name: string, value: Tensor): number => {
    const values = new Map(point.values);
    values.set(name, value);
    forward(program, values, (position.get(name) ?? -1) + 1);
    return objective(values);
  };
  const targets: { name: string; kind: 'mu' | 'gradient'; value: Tensor; derived: Tensor }[] = [];
  for (const eq of der.backward) targets.push({ name: eq.name, kind: 'mu', value: point.values.get(eq.name)!, derived: sweep.mu.get(eq.name)! });
  for (const eq of der.gradient) targets.push({ name: eq.name, kind: 'gradient', value: point.values.get(eq.name)!, derived: sweep.gradient.get(eq.name)! });
  const totalEntries = targets.reduce((s, t) => s + t.value.data.length, 0);
  const all = totalEntries <= (options.allLimit ?? ALL_ENTRIES_LIMIT);
  const rows: EntryRow[] = [];
  const directions: DirectionRow[] = [];
  // Each variable's check recomputes the statements after it: with thousands of statements, checking every
  // variable would be quadratic, so a seeded sample of variables (all params first) keeps the check linear.
  let checked = targets;
  if (!all && targets.length > SAMPLE_VARIABLES) {
    const params = targets.filter((t) => t.kind === 'gradient').slice(0, SAMPLE_VARIABLES / 2);
    const rest = targets.filter((t) => !params.includes(t));
    checked = [...params, ...sample(rng, rest.length, SAMPLE_VARIABLES - params.length).map((k) => rest[k]!)];
  }
  for (const t of checked) {
    const n = t.value.data.length;
    const indices = all || n <= SAMPLE_PER_VARIABLE ? [...Array(n).keys()] : sample(rng, n, SAMPLE_PER_VARIABLE);
    for (const k of indices) {
      const x = t.value.data[k]!;
      const moved = copy(t.value);
      // Richardson differences with their own error estimate, as in the scalar check.
      const { value: numeric, error } = derivative((v) => {
        moved.data[k] = v;
        return objectiveWith(t.name, moved);
      }, x, scale);
      const derived = t.derived.data[k]!;
      const absError = Math.abs(derived - numeric);
      rows.push({ variable: t.name, kind: t.kind, index: k, derived, numeric, absError, ok: absError <= 4 * error || close(derived, numeric, scale) });
    }
    if (!all) {
      const v = randomTensor(rng, [t.value.rows, t.value.cols]);
      let largest = 1;
      for (const x of t.value.data) largest = Math.max(largest, Math.abs(x));
      const step = 1e-5 * largest;
      const measured = (objectiveWith(t.name, axpy(t.value, step, v)) - objectiveWith(t.name, axpy(t.value, -step, v))) / (2 * step);
      const predicted = inner(t.derived, v);
      directions.push({ variable: t.name, predicted, measured, ok: close(predicted, measured, scale * Math.sqrt(n)) });
    }
  }
  const dot = program.statements.map((st) => dotTest(der, point, st, rng));
  const ok = rows.every((r) => r.ok) && directions.every((d) => d.ok) && dot.every((d) => d.ok);
  return {
    ok,
    method: 'central differences of the objective, recomputing only the statements after the perturbed variable; dot-product test per statement',
    rows,
    coverage: all ? 'all' : { sampled: rows.length, of: totalEntries, variables: checked.length, ofVariables: targets.length },
    directions,
    dot,
    tolerance: TOLERANCE,
  };
}

/** ⟨ū, J v⟩ (central differences of the statement alone) against ⟨Jᵀū, v⟩ (its derived local adjoint). */
function dotTest(der: ProgramDerivation, point: ProgramPoint, st: ProgramDerivation['program']['statements'][number], rng: Rng): DotRow {
  const program = der.program;
  const name = st.name;
  const b = program.builder;
  const u = randomTensor(rng, st.shape);
  const dirs = new Map(st.uses.map((v) => [v, randomTensor(rng, program.shapes.get(v)!)] as const));
  // The perturbed variables over the point's values, without copying every value (a copy per statement
  // would make the test quadratic in the number of statements).
  const at = (t: number): Tensor => {
    const moved = new Map<string, Tensor>();
    for (const [v, d] of dirs) moved.set(v, axpy(point.values.get(v)!, t, d));
    const values = { get: (k: string) => moved.get(k) ?? point.values.get(k) } as ReadonlyMap<string, Tensor>;
    return evaluate(b, st.root, { values });
  };
  // d/dt ⟨u, f(x + t·v)⟩ at 0, by the scalar check's Richardson differences; round-off grows with Σ|u ⊙ f|.
  const f0 = at(0);
  let noise = 0;
  for (let k = 0; k < f0.data.length; k++) noise += Math.abs(u.data[k]! * f0.data[k]!);
  const { value: jv, error } = derivative((t) => inner(u, at(t)), 0, noise);
  const local = der.local.get(name)!;
  const mus = new Map([[name, u]]);
  let jtu = 0;
  for (const [v, d] of dirs) {
    const term = local.get(v);
    if (term === undefined) continue;
    const value = evaluate(b, term, { values: point.values, mus });
    jtu += value.data.length === 1 && d.data.length > 1 ? value.data[0]! * d.data.reduce((s, x) => s + x, 0) : inner(value, d);
  }
  const ok = Number.isFinite(jv) && Math.abs(jv - jtu) <= 4 * error + 1e-6 * Math.max(1, Math.abs(jv), Math.abs(jtu));
  return { statement: name, jv, jtu, ok };
}

function copy(t: Tensor): Tensor {
  return tensor(t.rows, t.cols, Float64Array.from(t.data));
}
function axpy(x: Tensor, a: number, v: Tensor): Tensor {
  const out = copy(x);
  for (let k = 0; k < out.data.length; k++) out.data[k] += a * v.data[k]!;
  return out;
}
function sample(rng: Rng, n: number, k: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(k, n)) picked.add(Math.floor(rng() * n));
  return [...picked].sort((x, y) => x - y);
}
export { numel };
