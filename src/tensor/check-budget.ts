// What a program's check can afford, counted in work units from the shapes
// alone (multiply-adds of the products, entries read and written, a constant
// per op node), never timed, so the check is deterministic: whether every
// entry is checked, and otherwise which sampled variables are kept and how many
// entries each gets. The check of entries (verify/entries.ts) takes it as its
// policy; an expression, whose entries all cost about the same, needs none.
import type { EntryPolicy } from '../verify/entries.js';
import { SAMPLE_PER_VARIABLE, SAMPLE_VARIABLES } from '../verify/entries.js';

/** Check every entry up to this many in all (if that fits ALL_WORK_LIMIT); beyond, a sample per variable plus a direction test. */
export const ALL_ENTRIES_LIMIT = 2000;
/** Sampled entries cost at most about this many forward evaluations (at least one entry per checked variable). */
export const ENTRY_BUDGET_FORWARDS = 32;
/** Work below which the entry budget is not reduced further (about a second at most): small programs keep their sample. */
export const BUDGET_FLOOR = 2e8;
/** Checking every entry (Richardson differences, about RICHARDSON_EVALUATIONS each) is allowed up to this much work. */
export const ALL_WORK_LIMIT = 2e8;
/** Evaluations of the objective per entry by the full Richardson search (`derivative`), about. */
const RICHARDSON_EVALUATIONS = 25;
/** A complex evaluation costs about this many real ones (a product is four real products). */
export const COMPLEX_COST = 4;
/** Full Richardson searches allowed, per check, for sampled entries that a plain difference leaves undecided. */
const REFINE_LIMIT = 16;

/** A checked variable as the budget sees it. */
export interface BudgetTarget {
  readonly kind: 'mu' | 'gradient';
  readonly size: number;
  /** Work of one evaluation of the objective with this variable moved. */
  readonly evalWork: number;
}

export interface BudgetOptions {
  readonly allLimit?: number;
  readonly budgetFloor?: number;
}

/**
 * The policy of a program's check, and the budget its sample is sized to (null when every entry is checked):
 * about ENTRY_BUDGET_FORWARDS forward evaluations, never below BUDGET_FLOOR units. Each variable's check
 * re-runs the statements after it, so with thousands of statements checking every variable would be
 * quadratic: a seeded sample of variables (all params first, up to half of it) keeps the check linear.
 */
export function budgetPolicy(targets: readonly BudgetTarget[], forwardWork: number, complexAvailable: boolean, options: BudgetOptions): { policy: EntryPolicy; entryBudget: number | null } {
  const allWork = targets.reduce((s, t) => s + t.size * RICHARDSON_EVALUATIONS * t.evalWork, 0);
  const affordable = allWork <= ALL_WORK_LIMIT;
  const limit = options.allLimit ?? ALL_ENTRIES_LIMIT;
  const entries = targets.reduce((s, t) => s + t.size, 0);
  const required: number[] = [];
  targets.forEach((t, v) => { if (t.kind === 'gradient' && required.length < SAMPLE_VARIABLES / 2) required.push(v); });
  const budget = Math.max(ENTRY_BUDGET_FORWARDS * forwardWork, options.budgetFloor ?? BUDGET_FLOOR);
  // Each entry's plain difference costs two evaluations after its variable (its complex step about COMPLEX_COST more).
  const perEntry = complexAvailable ? 2 + COMPLEX_COST : 2;
  const policy: EntryPolicy = {
    limit, affordable, required, refineLimit: REFINE_LIMIT,
    narrow: (sampled) => withinBudget(sampled.map((v) => [v, targets[v]!] as const), budget, perEntry),
    counts: (checked) => allocate(checked.map((v) => targets[v]!), budget, perEntry),
  };
  return { policy, entryBudget: entries <= limit && affordable ? null : budget };
}

/**
 * The sampled params, and the other sampled variables whose least check (one entry and the direction test)
 * still fits the budget, in the sample's order (statements from the objective back, then the params): in a
 * long chain every variable re-runs most of the program, so without this 64 of them would cost a forward
 * evaluation each, several times, whatever the budget said.
 */
function withinBudget(sampled: readonly (readonly [number, BudgetTarget])[], budget: number, evaluationsPerEntry: number): number[] {
  const kept: number[] = [];
  let left = budget;
  for (const [v, t] of sampled) {
    const least = (evaluationsPerEntry + 2) * t.evalWork;
    // The params' gradients are the answer: every sampled param is kept (at most SAMPLE_VARIABLES / 2 of them).
    if (t.kind !== 'gradient' && kept.length > 0 && least > left) continue;
    kept.push(v);
    left -= least;
  }
  return kept;
}

/**
 * Entries per checked variable: the cheapest variables are served first, up to SAMPLE_PER_VARIABLE each,
 * the budget shared evenly among those left; every variable gets at least one entry (its cost is at most
 * that of its direction test).
 */
function allocate(checked: readonly BudgetTarget[], budget: number, evaluationsPerEntry: number): number[] {
  const order = checked.map((t, c) => [t, c] as const).sort(([x], [y]) => x.evalWork - y.evalWork);
  const counts: number[] = new Array<number>(checked.length).fill(0);
  let left = budget;
  order.forEach(([t, c], k) => {
    const cost = evaluationsPerEntry * t.evalWork;
    const share = left / (order.length - k);
    const count = Math.max(1, Math.min(t.size, SAMPLE_PER_VARIABLE, Math.floor(share / cost)));
    counts[c] = count;
    left = Math.max(0, left - count * cost);
  });
  return counts;
}
