// The numeric check of a program's derivation: every
// multiplier and gradient entry against the complex step (where every op on
// the way has a continuation: it decides) and central differences of the
// objective (all entries up to a limit, else a sample plus a random-direction
// test per variable), and the dot-product test ⟨ū, J v⟩ = ⟨Jᵀū, v⟩ for each
// statement.
//
// The cost is counted in work units from the shapes alone (multiply-adds of
// the products, entries read and written, a constant per op node), never
// timed, so the check is deterministic. Each entry's difference re-runs the
// statements after its variable — for a param, a whole forward pass — so
// beyond the entry limit (or when checking every entry would cost too much)
// the number of sampled entries is sized to a budget of about
// ENTRY_BUDGET_FORWARDS forward evaluations (never below BUDGET_FLOOR units, so
// small programs keep their sample), and each sampled entry is a plain
// central difference, refined by Richardson extrapolation only where it
// disagrees with the derived value. The random-direction test of every
// checked variable and the dot-product test of every statement always run.
import { mulberry32, type Rng } from '../verify/rng.js';
import { derivative, KKT_TOLERANCE } from '../verify/check.js';

/** The largest KKT residual a program's check passes: the expression check's (verify/check.ts). */
export const KKT_TOLERANCE_OF_PROGRAMS = KKT_TOLERANCE;
import { CENTRAL_DIFFERENCE, close as closeTo, COMPLEX_STEP, describe } from '../verify/tolerance.js';
import { fromReal, type CTensor } from '../ir/tensor-complex.js';
import type { ProgramDerivation } from './derive.js';
import { evaluate, evaluateComplex, hasComplex } from './evaluate.js';
import { expressionWork, NODE_WORK } from './work.js';
import type { NodeId } from '../ir/build.js';
import { randomTensor, type ProgramPoint } from './point.js';
import type { Sweep } from './sweep.js';
import type { Statement } from './program.js';
import { inner, numel, tensor, type Tensor } from '../ir/shape.js';

export interface EntryRow {
  readonly variable: string;
  readonly kind: 'mu' | 'gradient';
  /** Row-major index, and [row, col]. */
  readonly index: number;
  readonly derived: number;
  /** By central differences. */
  readonly numeric: number;
  /** By the complex step; NaN where an op on the path has no complex continuation (erf). */
  readonly complexStep: number;
  readonly absError: number;
  readonly ok: boolean;
  /** Which method decided: the complex step where it is available (differences must then agree or be unable to resolve), else differences. */
  readonly decidedBy: 'both' | 'complex-step' | 'differences';
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

/** What the check cost, in work units counted from shapes (see `expressionWork`). */
export interface CheckWork {
  /** One forward evaluation of every statement. */
  readonly forward: number;
  /** The budget the sampled entries were sized to (null: every entry checked). */
  readonly entryBudget: number | null;
  /** Work of the evaluations done (entries, direction tests and dot-product tests), as counted. */
  readonly spent: number;
  /** Evaluations of the objective for entries and direction tests. */
  readonly evaluations: number;
}

export interface ProgramCheck {
  readonly ok: boolean;
  readonly method: string;
  readonly rows: readonly EntryRow[];
  readonly coverage: 'all' | { readonly sampled: number; readonly of: number; readonly variables: number; readonly ofVariables: number };
  readonly directions: readonly DirectionRow[];
  readonly dot: readonly DotRow[];
  readonly tolerance: string;
  /**
   * max_v |∂L/∂v · u_v| / max(1, Σ|μ_v ⊙ u_v|) over the statement variables v, each along a seeded random
   * direction u_v, L = ℓ − Σ_w ⟨μ_w, w − f_w⟩ at the computed μ, by central differences of the f_w that read v
   * (independent of the derived adjoints), beyond the differences' own error: as an expression's check.
   */
  readonly kktResidual: number;
  readonly kktOk: boolean;
  readonly work: CheckWork;
}

export const TOLERANCE = `complex step ${describe(COMPLEX_STEP)}, central differences ${describe(CENTRAL_DIFFERENCE)}, where s = max(1, |objective|); dot-product test: 1e-6 relative`;
/** The complex step's h for an entry of size |x| (scaled down for small entries, never up). */
const complexH = (x: number): number => Math.max(1e-290, 1e-20 * Math.min(1, Math.abs(x) || 1));
/** A complex evaluation costs about this many real ones (a product is four real products). */
const COMPLEX_COST = 4;
/** Check every entry up to this many in all (if that fits ALL_WORK_LIMIT); beyond, a sample per variable plus a direction test. */
export const ALL_ENTRIES_LIMIT = 2000;
/** At most this many entries per variable are sampled. */
const SAMPLE_PER_VARIABLE = 32;
/** Beyond the entry limit, at most this many variables are checked (a seeded sample). */
const SAMPLE_VARIABLES = 64;
/** Sampled entries cost at most about this many forward evaluations (at least one entry per checked variable). */
export const ENTRY_BUDGET_FORWARDS = 32;
/** Work below which the entry budget is not reduced further (about a second at most): small programs keep their sample. */
export const BUDGET_FLOOR = 2e8;
/** Checking every entry (Richardson differences, about RICHARDSON_EVALUATIONS each) is allowed up to this much work. */
export const ALL_WORK_LIMIT = 2e8;
/** Evaluations of the objective per entry by the full Richardson search (`derivative`), about. */
const RICHARDSON_EVALUATIONS = 25;
/** Full Richardson searches allowed, per check, for a sampled entry whose extrapolated difference still disagrees. */
const REFINE_LIMIT = 16;
const FD_STEP = Math.cbrt(Number.EPSILON);

const METHOD_ALL = 'the complex step (h = 1e-20·min(1, |entry|)), which decides where every op on the way has a complex continuation, and central differences of the objective, recomputing only the statements after the perturbed variable; dot-product test per statement';
const methodSampled = (budget: number): string =>
  `the complex step where every op on the way has a complex continuation, which decides, and central differences of the objective for a seeded sample of entries sized to a work budget of about ${budget} forward evaluations, recomputing only the statements that depend on the perturbed variable (a plain central difference, Richardson-extrapolated where it disagrees); a random-direction test per checked variable; dot-product test per statement`;

const close = (a: number, n: number, scale: number): boolean => closeTo(a, n, CENTRAL_DIFFERENCE, scale);
const closeCs = (a: number, n: number, scale: number): boolean => closeTo(a, n, COMPLEX_STEP, scale);

interface Target {
  readonly name: string;
  readonly kind: 'mu' | 'gradient';
  readonly value: Tensor;
  readonly derived: Tensor;
  /** Work of one evaluation of the objective with this variable moved. */
  readonly evalWork: number;
}

export interface CheckProgramOptions {
  readonly seed?: number;
  /** Every entry is checked up to this many entries in all (default ALL_ENTRIES_LIMIT). */
  readonly allLimit?: number;
  /** The entry budget's floor in work units (default BUDGET_FLOOR); 0 sizes the sample of any program by its forward work. */
  readonly budgetFloor?: number;
}

export function checkProgram(der: ProgramDerivation, point: ProgramPoint, sweep: Sweep, options: CheckProgramOptions = {}): ProgramCheck {
  const program = der.program;
  const b = program.builder;
  const rng = mulberry32((options.seed ?? 0) ^ 0x5bd1e995);
  const f0 = point.values.get(program.objective)!.data[0]!;
  const scale = Math.max(1, Math.abs(f0));
  const statements = program.statements;
  // Where a moved variable's recomputation starts: after its statement, or for a param at its first use.
  const from = new Map<string, number>();
  statements.forEach((st, k) => {
    from.set(st.name, k + 1);
    for (const u of st.uses) if (!from.has(u)) from.set(u, k);
  });
  const work = statements.map((st) => expressionWork(b, st.root));
  // suffix[k]: work of evaluating statements k, k+1, … (suffix[0]: one forward evaluation).
  const suffix = new Float64Array(statements.length + 1);
  for (let k = statements.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + work[k]!;
  const forwardWork = suffix[0]!;
  /** An upper bound: the statements after the variable that do not depend on it are skipped. */
  const evalWorkOf = (name: string): number => suffix[from.get(name) ?? statements.length]! + NODE_WORK;
  let spent = 0;
  let evaluations = 0;
  /**
   * The objective with variable `name` replaced by `value`, recomputing only the statements that depend on
   * it, over the point's values (not copied).
   */
  const objectiveWith = (name: string, value: Tensor): number => {
    const moved = new Map<string, Tensor>([[name, value]]);
    const values = { get: (k: string) => moved.get(k) ?? point.values.get(k) } as ReadonlyMap<string, Tensor>;
    for (let k = from.get(name) ?? statements.length; k < statements.length; k++) {
      const st = statements[k]!;
      if (!st.uses.some((u) => moved.has(u))) continue;
      moved.set(st.name, evaluate(b, st.root, { values }));
      spent += work[k]!;
    }
    spent += NODE_WORK;
    evaluations++;
    return values.get(program.objective)!.data[0]!;
  };
  const continued = statements.map((st) => hasComplex(b, st.root));
  /** ∂objective/∂(entry k of `name`) by the complex step, or NaN where a statement on the way has no continuation. */
  const complexStep = (name: string, base: Tensor, k: number): number => {
    const h = complexH(base.data[k]!);
    const start = fromReal(base);
    start.im[k] = h;
    const moved = new Map<string, CTensor>([[name, start]]);
    for (let s = from.get(name) ?? statements.length; s < statements.length; s++) {
      const st = statements[s]!;
      if (!st.uses.some((u) => moved.has(u))) continue;
      if (!continued[s]) return NaN;
      const v = evaluateComplex(b, st.root, { complex: moved, values: point.values });
      if (!v) return NaN;
      moved.set(st.name, v);
      spent += COMPLEX_COST * work[s]!;
    }
    evaluations++;
    const obj = moved.get(program.objective);
    return obj ? obj.im[0]! / h : name === program.objective ? 1 : 0;
  };
  const complexAvailable = continued.every(Boolean);
  const targets: Target[] = [];
  const target = (name: string, kind: 'mu' | 'gradient', derived: Tensor): Target => ({ name, kind, value: point.values.get(name)!, derived, evalWork: evalWorkOf(name) });
  for (const eq of der.backward) targets.push(target(eq.name, 'mu', sweep.mu.get(eq.name)!));
  for (const eq of der.gradient) targets.push(target(eq.name, 'gradient', sweep.gradient.get(eq.name)!));
  const totalEntries = targets.reduce((s, t) => s + t.value.data.length, 0);
  const allWork = targets.reduce((s, t) => s + t.value.data.length * RICHARDSON_EVALUATIONS * t.evalWork, 0);
  const all = totalEntries <= (options.allLimit ?? ALL_ENTRIES_LIMIT) && allWork <= ALL_WORK_LIMIT;
  const rows: EntryRow[] = [];
  const directions: DirectionRow[] = [];
  let entryBudget: number | null = null;
  let coverage: ProgramCheck['coverage'] = 'all';
  if (all) {
    // Every entry, by the scalar check's Richardson differences with their own error estimate.
    for (const t of targets) {
      for (let k = 0; k < t.value.data.length; k++) rows.push(withComplexStep(richardsonRow(t, k, objectiveWith, scale), complexStep(t.name, t.value, k), scale));
    }
  } else {
    // Each variable's check recomputes the statements after it: with thousands of statements, checking every
    // variable would be quadratic, so a seeded sample of variables (all params first) keeps the check linear.
    let checked = targets;
    if (targets.length > SAMPLE_VARIABLES) {
      const params = targets.filter((t) => t.kind === 'gradient').slice(0, SAMPLE_VARIABLES / 2);
      const rest = targets.filter((t) => !params.includes(t));
      checked = [...params, ...sample(rng, rest.length, SAMPLE_VARIABLES - params.length).map((k) => rest[k]!)];
    }
    entryBudget = Math.max(ENTRY_BUDGET_FORWARDS * forwardWork, options.budgetFloor ?? BUDGET_FLOOR);
    const perEntry = complexAvailable ? 2 + COMPLEX_COST : 2;
    checked = withinBudget(checked, entryBudget, perEntry);
    const counts = allocate(checked, entryBudget, perEntry);
    let refinements = 0;
    for (const t of checked) {
      const n = t.value.data.length;
      const count = counts.get(t)!;
      const indices = count >= n ? [...Array(n).keys()] : sample(rng, n, count);
      for (const k of indices) {
        const cs = complexStep(t.name, t.value, k);
        // A complex step that agrees decides: the differences are shown, not searched further.
        const r = sampledRow(t, k, objectiveWith, scale, refinements < REFINE_LIMIT && !closeCs(t.derived.data[k]!, cs, scale));
        if (r.refined) refinements++;
        rows.push(withComplexStep(r.row, cs, scale));
      }
      const v = randomTensor(rng, [t.value.rows, t.value.cols]);
      let largest = 1;
      for (const x of t.value.data) largest = Math.max(largest, Math.abs(x));
      const step = 1e-5 * largest;
      const measured = (objectiveWith(t.name, axpy(t.value, step, v)) - objectiveWith(t.name, axpy(t.value, -step, v))) / (2 * step);
      const predicted = inner(t.derived, v);
      directions.push({ variable: t.name, predicted, measured, ok: close(predicted, measured, scale * Math.sqrt(n)) });
    }
    coverage = { sampled: rows.length, of: totalEntries, variables: checked.length, ofVariables: targets.length };
  }
  const dot = program.statements.map((st) => {
    const r = dotTest(der, point, st, rng, !all);
    spent += r.work;
    return r.row;
  });
  const kkt = kktResidualMax(der, point, sweep, !all);
  spent += kkt.work;
  const kktOk = kkt.residual <= KKT_TOLERANCE_OF_PROGRAMS;
  return {
    ok: rows.every((r) => r.ok) && directions.every((d) => d.ok) && dot.every((d) => d.ok) && kktOk,
    method: all ? METHOD_ALL : methodSampled(ENTRY_BUDGET_FORWARDS),
    rows,
    coverage,
    directions,
    dot,
    tolerance: TOLERANCE,
    kktResidual: kkt.residual,
    kktOk,
    work: { forward: forwardWork, entryBudget, spent, evaluations },
  };
}

/**
 * The KKT residuals of a program: for each statement variable v, ∂L/∂v along a random direction u (its own
 * seeded stream, so that the entries sampled above do not move), where ∂L/∂v·u = [v = ℓ]·Σu − ⟨μ_v, u⟩ +
 * Σ_{w reads v} d/dt ⟨μ_w, f_w(v + t·u)⟩ at t = 0, by differences of f_w alone. `quick`: a plain central
 * difference first, the Richardson search only where it leaves a residual. Each v costs O(|β(v)|) statement
 * evaluations, so the whole is O(V + E) of them.
 */
function kktResidualMax(der: ProgramDerivation, point: ProgramPoint, sweep: Sweep, quick: boolean): { residual: number; work: number } {
  const program = der.program;
  const b = program.builder;
  const rng = mulberry32(0x6b6b7421);
  const users = new Map<string, Statement[]>();
  for (const st of program.statements) for (const u of st.uses) (users.get(u) ?? users.set(u, []).get(u)!).push(st);
  let worst = 0;
  let work = 0;
  for (const v of program.statements) {
    const mu = sweep.mu.get(v.name)!;
    const u = randomTensor(rng, v.shape);
    let g = -inner(mu, u);
    let magnitude = 0;
    for (let k = 0; k < u.data.length; k++) magnitude += Math.abs(mu.data[k]! * u.data[k]!);
    if (v.name === program.objective) g += u.data.reduce((acc, x) => acc + x, 0);
    let uncertainty = 0;
    const base = point.values.get(v.name)!;
    for (const w of users.get(v.name) ?? []) {
      const muW = sweep.mu.get(w.name)!;
      const stWork = expressionWork(b, w.root);
      const along = (t: number): number => {
        const values = { get: (k: string) => (k === v.name ? axpy(base, t, u) : point.values.get(k)) } as ReadonlyMap<string, Tensor>;
        work += stWork;
        return inner(muW, evaluate(b, w.root, { values }));
      };
      let noise = 0;
      const fw = point.values.get(w.name)!;
      for (let k = 0; k < fw.data.length; k++) noise += Math.abs(muW.data[k]! * fw.data[k]!);
      magnitude += noise;
      if (quick) {
        const h = FD_STEP;
        const d = (along(h) - along(-h)) / (2 * h);
        const roundOff = (16 * Number.EPSILON * Math.max(1, noise)) / h;
        g += d;
        uncertainty += roundOff + FD_STEP * Math.max(1, noise);
        continue;
      }
      const d = derivative(along, 0, Math.max(1, noise));
      g += d.value;
      uncertainty += d.error;
    }
    worst = Math.max(worst, Math.max(0, Math.abs(g) - 8 * uncertainty) / Math.max(1, magnitude));
  }
  return { residual: worst, work };
}

/**
 * Entries per checked variable: each entry's plain difference costs two evaluations after its variable
 * (and its complex step about COMPLEX_COST more).
 * The cheapest variables are served first, up to SAMPLE_PER_VARIABLE each, the budget shared evenly among
 * those left; every variable gets at least one entry (its cost is at most that of its direction test).
 */
/**
 * The sampled params, and the other sampled variables whose least check (one entry and the direction test)
 * still fits the budget, in the sample's order: in a long chain every variable re-runs most of the program,
 * so without this 64 of them would cost a forward evaluation each, several times, whatever the budget said.
 */
function withinBudget(checked: readonly Target[], budget: number, evaluationsPerEntry: number): Target[] {
  const kept: Target[] = [];
  let left = budget;
  for (const t of checked) {
    const least = (evaluationsPerEntry + 2) * t.evalWork;
    // The params' gradients are the answer: every sampled param is kept (at most SAMPLE_VARIABLES / 2 of them).
    if (t.kind !== 'gradient' && kept.length > 0 && least > left) continue;
    kept.push(t);
    left -= least;
  }
  return kept;
}

function allocate(checked: readonly Target[], budget: number, evaluationsPerEntry: number): Map<Target, number> {
  const order = [...checked].sort((x, y) => x.evalWork - y.evalWork);
  const counts = new Map<Target, number>();
  let left = budget;
  order.forEach((t, k) => {
    const cost = evaluationsPerEntry * t.evalWork;
    const share = left / (order.length - k);
    const count = Math.max(1, Math.min(t.value.data.length, SAMPLE_PER_VARIABLE, Math.floor(share / cost)));
    counts.set(t, count);
    left = Math.max(0, left - count * cost);
  });
  return counts;
}

type Objective = (name: string, value: Tensor) => number;

/**
 * A row with its complex step: where one exists it decides, as in the scalar check (no subtraction, so
 * nearly exact); the differences must agree too where it is not available.
 */
function withComplexStep(row: EntryRow, cs: number, scale: number): EntryRow {
  if (!Number.isFinite(cs)) return { ...row, complexStep: NaN, decidedBy: 'differences' };
  const ok = closeCs(row.derived, cs, scale);
  return { ...row, complexStep: cs, ok, decidedBy: row.ok ? 'both' : 'complex-step' };
}

/** The objective as a function of entry k of t's variable (the point's value of g(x) remembered). */
function entryFunction(t: Target, k: number, objectiveWith: Objective): (v: number) => number {
  const x = t.value.data[k]!;
  const moved = copy(t.value);
  let atX: number | undefined;
  return (v) => {
    if (v === x && atX !== undefined) return atX;
    moved.data[k] = v;
    const y = objectiveWith(t.name, moved);
    if (v === x) atX = y;
    return y;
  };
}

/** Entry k against Richardson differences with their own error estimate, as in the scalar check. */
function richardsonRow(t: Target, k: number, objectiveWith: Objective, scale: number): EntryRow {
  const { value: numeric, error } = derivative(entryFunction(t, k, objectiveWith), t.value.data[k]!, scale);
  const derived = t.derived.data[k]!;
  const absError = Math.abs(derived - numeric);
  return { variable: t.name, kind: t.kind, index: k, derived, numeric, complexStep: NaN, absError, ok: absError <= 4 * error || close(derived, numeric, scale), decidedBy: 'differences' };
}

/**
 * A sampled entry: a plain central difference (two evaluations) that agrees with the derived value within
 * the tolerance passes. Otherwise the difference at half the step is added and the two extrapolated
 * (Richardson), with the error estimate |D(h) − D(h/2)| plus round-off. Still disagreeing, but within a
 * hundred times the allowance, the full search of the scalar check decides (REFINE_LIMIT times per check
 * at most; beyond, the extrapolated difference stands); not finite (a step out of the domain), always.
 */
function sampledRow(t: Target, k: number, objectiveWith: Objective, scale: number, mayRefine: boolean): { row: EntryRow; refined: boolean } {
  const g = entryFunction(t, k, objectiveWith);
  const x = t.value.data[k]!;
  const derived = t.derived.data[k]!;
  const row = (numeric: number, ok: boolean): EntryRow => ({ variable: t.name, kind: t.kind, index: k, derived, numeric, complexStep: NaN, absError: Math.abs(derived - numeric), ok, decidedBy: 'differences' });
  const central = (s: number): number => {
    const xp = x + s;
    const xm = x - s;
    return (g(xp) - g(xm)) / (xp - xm);
  };
  const h = FD_STEP * Math.max(1, Math.abs(x));
  const coarse = central(h);
  if (Number.isFinite(coarse) && close(derived, coarse, scale)) return { row: row(coarse, true), refined: false };
  const fine = central(h / 2);
  const value = fine + (fine - coarse) / 3;
  const error = Math.abs(fine - coarse) + (16 * Number.EPSILON * scale) / h;
  const allowance = 4 * error + 1e-5 * Math.abs(value) + 1e-6 * scale;
  if (Number.isFinite(value)) {
    const off = Math.abs(derived - value);
    if (off <= 4 * error || close(derived, value, scale)) return { row: row(value, true), refined: false };
    if (!mayRefine || off > 100 * allowance) return { row: row(value, false), refined: false };
  }
  return { row: richardsonRow(t, k, objectiveWith, scale), refined: true };
}

/**
 * ⟨ū, J v⟩ (central differences of the statement alone) against ⟨Jᵀū, v⟩ (its derived local adjoint).
 * `quick`: a plain central difference first, the Richardson search only if it disagrees.
 */
function dotTest(der: ProgramDerivation, point: ProgramPoint, st: Statement, rng: Rng, quick: boolean): { row: DotRow; work: number } {
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
  if (quick) {
    const h = FD_STEP;
    const jv = (g(h) - g(-h)) / (2 * h);
    if (agrees(jv, (16 * Number.EPSILON * Math.max(noise, Math.abs(g0))) / h)) return { row: { statement: name, jv, jtu, ok: true }, work };
  }
  // The scalar check's Richardson differences.
  const { value: jv, error } = derivative(g, 0, noise);
  return { row: { statement: name, jv, jtu, ok: agrees(jv, error) }, work };
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
