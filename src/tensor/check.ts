// The numeric check of a program's derivation: the one check of entries
// (verify/entries.ts) over the statement evaluator — every multiplier and
// gradient entry against the complex step (where every op on the way has a
// continuation: it decides) and central differences of the objective,
// recomputing only the statements after the moved variable; all entries up to
// a limit, else a sample plus a random-direction test per variable — and the
// KKT residuals along a random direction per statement. What only shapes have
// is added here: the work budget that sizes the sample (check-budget.ts) and
// the dot-product test ⟨ū, J v⟩ = ⟨Jᵀū, v⟩ of each statement (dot-test.ts).
import { checkEntries, kktResidualMax, KKT_TOLERANCE, type DirectionProbe, type EntrySubject, type EntryVerdict, type KktSubject } from '../verify/entries.js';
import { mulberry32 } from '../verify/rng.js';
import { CENTRAL_DIFFERENCE, COMPLEX_STEP, describe } from '../verify/tolerance.js';
import { fromReal, type CTensor } from '../ir/tensor-complex.js';
import { axpy, inner, tensor, type Tensor } from '../ir/shape.js';
import { budgetPolicy, COMPLEX_COST, ENTRY_BUDGET_FORWARDS } from './check-budget.js';
import type { ProgramDerivation } from './derive.js';
import { dotTest, type DotRow } from './dot-test.js';
import { evaluate, evaluateComplex, hasComplex } from './evaluate.js';
import { randomTensor, type ProgramPoint } from './point.js';
import type { Statement } from './program.js';
import type { Sweep } from './sweep.js';
import { expressionWork, NODE_WORK } from './work.js';

export { ALL_ENTRIES_LIMIT, ALL_WORK_LIMIT, BUDGET_FLOOR, ENTRY_BUDGET_FORWARDS } from './check-budget.js';
export type { DotRow } from './dot-test.js';
/** The largest KKT residual a program's check passes: every check's (verify/entries.ts). */
export const KKT_TOLERANCE_OF_PROGRAMS = KKT_TOLERANCE;

/** An entry's verdict as a program's report names it: by its variable, μ or gradient, and its row-major index. */
export interface EntryRow extends Omit<EntryVerdict, 'variable' | 'relError'> {
  readonly variable: string;
  readonly kind: 'mu' | 'gradient';
}

export interface DirectionRow {
  readonly variable: string;
  readonly predicted: number;
  readonly measured: number;
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

export const TOLERANCE = `complex step ${describe(COMPLEX_STEP)}, central differences ${describe(CENTRAL_DIFFERENCE)} + 4×(their error estimate), where s = max(1, |objective|); dot-product test: 1e-6 relative`;

const METHOD_ALL = 'the complex step (h = 1e-20·min(1, |entry|)), which decides where every op on the way has a complex continuation, and central differences of the objective, recomputing only the statements after the perturbed variable; dot-product test per statement';
const methodSampled = (budget: number): string =>
  `the complex step where every op on the way has a complex continuation, which decides, and central differences of the objective for a seeded sample of entries sized to a work budget of about ${budget} forward evaluations, recomputing only the statements that depend on the perturbed variable (a plain central difference, searched in full by Richardson extrapolation where it disagrees and no complex step decides); a random-direction test per checked variable; dot-product test per statement`;

/** A variable whose entries are checked. */
interface Target {
  readonly name: string;
  readonly kind: 'mu' | 'gradient';
  readonly value: Tensor;
  readonly derived: Tensor;
  readonly size: number;
  /** Work of one evaluation of the objective with this variable moved (an upper bound). */
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
  const target = (name: string, kind: 'mu' | 'gradient', derived: Tensor): Target => {
    const value = point.values.get(name)!;
    return { name, kind, value, derived, size: value.data.length, evalWork: suffix[from.get(name) ?? statements.length]! + NODE_WORK };
  };
  const targets = [...der.backward.map((eq) => target(eq.name, 'mu', sweep.mu.get(eq.name)!)), ...der.gradient.map((eq) => target(eq.name, 'gradient', sweep.gradient.get(eq.name)!))];
  const evaluator = statementEvaluator(der, point, targets, from, work);
  const { policy, entryBudget } = budgetPolicy(targets, suffix[0]!, statements.every((st) => hasComplex(b, st.root)), options);
  const entries = checkEntries(evaluator.subject, policy, rng);
  const rows: EntryRow[] = entries.rows.map((r) => {
    const t = targets[r.variable]!;
    return { variable: t.name, kind: t.kind, index: r.index, derived: r.derived, numeric: r.numeric, complexStep: r.complexStep, absError: r.absError, ok: r.ok, decidedBy: r.decidedBy };
  });
  const directions: DirectionRow[] = entries.directions.map((d) => ({ variable: targets[d.variable]!.name, predicted: d.predicted, measured: d.measured, ok: d.ok }));
  const coverage: ProgramCheck['coverage'] = entries.all ? 'all' : { sampled: rows.length, of: entries.entries, variables: entries.variables, ofVariables: targets.length };
  let spent = evaluator.spent();
  const dot = statements.map((st) => {
    const r = dotTest(der, point, st, rng, !entries.all);
    spent += r.work;
    return r.row;
  });
  const kkt = kktOfStatements(der, point, sweep);
  const kktResidual = kktResidualMax(kkt.subject, !entries.all);
  spent += kkt.work();
  const kktOk = kktResidual <= KKT_TOLERANCE_OF_PROGRAMS;
  return {
    ok: rows.every((r) => r.ok) && directions.every((d) => d.ok) && dot.every((d) => d.ok) && kktOk,
    method: entries.all ? METHOD_ALL : methodSampled(ENTRY_BUDGET_FORWARDS),
    rows,
    coverage,
    directions,
    dot,
    tolerance: TOLERANCE,
    kktResidual,
    kktOk,
    work: { forward: suffix[0]!, entryBudget, spent, evaluations: evaluator.evaluations() },
  };
}

/**
 * The statement evaluator: the objective with one variable replaced, recomputing only the statements that
 * depend on it, over the point's values (not copied), in real and complex arithmetic; every evaluation
 * counted in work units.
 */
function statementEvaluator(der: ProgramDerivation, point: ProgramPoint, targets: readonly Target[], from: ReadonlyMap<string, number>, work: readonly number[]): { subject: EntrySubject; spent: () => number; evaluations: () => number } {
  const program = der.program;
  const b = program.builder;
  const statements = program.statements;
  const f0 = point.values.get(program.objective)!.data[0]!;
  const scale = Math.max(1, Math.abs(f0));
  const continued = statements.map((st) => hasComplex(b, st.root));
  let spent = 0;
  let evaluations = 0;
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
  /** Im objective(entry k of `name` + i·h)/h, or NaN where a statement on the way has no continuation. */
  const complexStep = (name: string, base: Tensor, k: number, h: number): number => {
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
  const subject: EntrySubject = {
    variables: targets.length,
    size: (v) => targets[v]!.size,
    probe(v, k) {
      const t = targets[v]!;
      const x = t.value.data[k]!;
      const moved = tensor(t.value.rows, t.value.cols, Float64Array.from(t.value.data));
      let atX: number | undefined;
      return {
        x,
        derived: t.derived.data[k]!,
        // The objective as a function of the entry (its value at the point remembered).
        at: (y) => {
          if (y === x && atX !== undefined) return atX;
          moved.data[k] = y;
          const r = objectiveWith(t.name, moved);
          if (y === x) atX = r;
          return r;
        },
        noise: scale,
        scale,
        dead: false,
        complexStep: (h) => ({ value: complexStep(t.name, t.value, k, h), terms: 0 }),
      };
    },
    // A test per checked variable: all its entries moved along a random u.
    directions: (checked, rng) => checked.map((v): DirectionProbe => {
      const t = targets[v]!;
      const u = randomTensor(rng, [t.value.rows, t.value.cols]);
      let magnitude = 0;
      for (let k = 0; k < t.size; k++) magnitude += Math.abs(t.derived.data[k]! * u.data[k]!);
      return { variable: v, run: (s) => objectiveWith(t.name, axpy(t.value, s, u)), predicted: inner(t.derived, u), magnitude, noise: Math.abs(f0) };
    }),
  };
  return { subject, spent: () => spent, evaluations: () => evaluations };
}

/**
 * The KKT residuals of a program: for each statement variable v, ∂L/∂v along a random direction u (its own
 * seeded stream, so that the entries sampled do not move), where ∂L/∂v·u = [v = ℓ]·Σu − ⟨μ_v, u⟩ +
 * Σ_{w reads v} d/dt ⟨μ_w, f_w(v + t·u)⟩ at t = 0, by differences of f_w alone, relative to
 * max(1, Σ|μ_v ⊙ u| + Σ_w Σ|μ_w ⊙ f_w|).
 */
function kktOfStatements(der: ProgramDerivation, point: ProgramPoint, sweep: Sweep): { subject: KktSubject; work: () => number } {
  const program = der.program;
  const b = program.builder;
  const rng = mulberry32(0x6b6b7421);
  const users = new Map<string, Statement[]>();
  for (const st of program.statements) for (const u of st.uses) (users.get(u) ?? users.set(u, []).get(u)!).push(st);
  const directions: Tensor[] = [];
  let magnitude = 0;
  let work = 0;
  const direction = (v: number): Tensor => (directions[v] ??= randomTensor(rng, program.statements[v]!.shape));
  const subject: KktSubject = {
    variables: program.statements.length,
    own(v) {
      const st = program.statements[v]!;
      const mu = sweep.mu.get(st.name)!;
      const u = direction(v);
      let g = -inner(mu, u);
      magnitude = 0;
      for (let k = 0; k < u.data.length; k++) magnitude += Math.abs(mu.data[k]! * u.data[k]!);
      if (st.name === program.objective) g += u.data.reduce((acc, x) => acc + x, 0);
      return g;
    },
    readers(v, reader) {
      const name = program.statements[v]!.name;
      const u = direction(v);
      const base = point.values.get(name)!;
      for (const w of users.get(name) ?? []) {
        const muW = sweep.mu.get(w.name)!;
        const stWork = expressionWork(b, w.root);
        const along = (t: number): number => {
          const values = { get: (k: string) => (k === name ? axpy(base, t, u) : point.values.get(k)) } as ReadonlyMap<string, Tensor>;
          work += stWork;
          return inner(muW, evaluate(b, w.root, { values }));
        };
        let noise = 0;
        const fw = point.values.get(w.name)!;
        for (let k = 0; k < fw.data.length; k++) noise += Math.abs(muW.data[k]! * fw.data[k]!);
        magnitude += noise;
        reader(along, 0, 1, Math.max(1, noise));
      }
      return Math.max(1, magnitude);
    },
  };
  return { subject, work: () => work };
}

