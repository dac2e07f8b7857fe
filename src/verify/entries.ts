// THE numeric check of a derivation, for every kind of input: each checked
// entry of each variable — a multiplier μ (statement variables) or a gradient
// entry (inputs, params) — against ∂f/∂entry by the complex step and by
// central differences of the objective; where there are too many entries, a
// seeded sample plus random-direction tests; and the KKT residuals ∂L/∂v at
// the computed μ by differences of the constraints that read v.
//
// It runs over an evaluator the input supplies (`EntrySubject`, `KktSubject`):
// an expression's is flat, every node z_j a variable of one entry
// (verify/check.ts); a program's evaluates statements on tensors
// (tensor/check.ts), which adds what only shapes have (a work budget that
// sizes the sample, the dot-product test of each statement).
import { agreesWith, derivative, FD_STEP, plainDerivative, quickDerivative, richardsonOnce } from './differences.js';
import type { Rng } from './rng.js';
import { close, COMPLEX_STEP } from './tolerance.js';

/** Largest relative KKT residual that passes, beyond the differences' own error. */
export const KKT_TOLERANCE = 1e-6;
/** Beyond the entry limit, at most this many variables are checked (a seeded sample). */
export const SAMPLE_VARIABLES = 64;
/** At most this many entries per sampled variable. */
export const SAMPLE_PER_VARIABLE = 32;
const CS_STEP = 1e-20;

/** The complex step's h for an entry of size |x|: no subtraction, so scaled down for small entries, never up. */
export const complexStepSize = (x: number): number => Math.max(1e-290, CS_STEP * Math.min(1, Math.abs(x) || 1));

/** One entry, as the evaluator prepares it. */
export interface EntryProbe {
  /** The entry's value at the point. */
  readonly x: number;
  /** Its derived μ or gradient entry. */
  readonly derived: number;
  /** The objective with this entry set to t, recomputing only what depends on it. */
  readonly at: (t: number) => number;
  /** The size of the values `at` computes through (the round-off of its differences). */
  readonly noise: number;
  /** The tolerance's scale s. */
  readonly scale: number;
  /** It leads nowhere: ∂f/∂entry = 0 exactly, whatever its value (even one outside a domain). */
  readonly dead: boolean;
  /**
   * Im f(x + i·h)/h, NaN where an op on the way has no complex continuation; and the largest
   * |μ_i·∂z_i/∂entry| it passed (round-off in μ grows with it: it widens s), or 0.
   */
  complexStep(h: number): { readonly value: number; readonly terms: number };
  /** Puts the evaluator's scratch values back after `at`. */
  release?(): void;
}

export interface EntryVerdict {
  readonly variable: number;
  readonly index: number;
  readonly derived: number;
  /** By central differences. */
  readonly numeric: number;
  /** By the complex step; NaN where an op on the way has no continuation. */
  readonly complexStep: number;
  readonly absError: number;
  readonly relError: number;
  readonly ok: boolean;
  /** Which methods agreed: both, the complex step alone (differences cannot resolve), or differences (no complex step). */
  readonly decidedBy: 'both' | 'complex-step' | 'differences';
}

/** A random-direction test: the objective along t (every entry of the direction moved by t·u) against Σ u·derived. */
export interface DirectionProbe {
  /** The variable moved, or −1 for all of them at once. */
  readonly variable: number;
  readonly run: (t: number) => number;
  readonly predicted: number;
  /** Σ |u·derived|: the size of the terms predicted sums. */
  readonly magnitude: number;
  /** The size of the objective. */
  readonly noise: number;
}

export interface DirectionVerdict {
  readonly variable: number;
  readonly predicted: number;
  /** d objective/dt by central differences. */
  readonly measured: number;
  readonly ok: boolean;
}

/** The evaluator of an input, as the check of entries reads it. Variables are numbered 0… in the order their rows are listed. */
export interface EntrySubject {
  readonly variables: number;
  /** How many entries variable v has. */
  size(v: number): number;
  probe(v: number, k: number): EntryProbe;
  /** The direction tests of a sampled check, over the checked variables, drawn from `rng` after the entries. */
  directions(checked: readonly number[], rng: Rng): readonly DirectionProbe[];
}

/** When to check every entry, and how to sample otherwise. */
export interface EntryPolicy {
  /** Every entry is checked up to this many in all… */
  readonly limit: number;
  /** …when the input can afford it (a program counts the work from shapes). */
  readonly affordable: boolean;
  /** Variables a sample always contains (an expression's output and inputs, a program's params). */
  readonly required: readonly number[];
  /** The sample cut to what the input can afford (a program's work budget). */
  readonly narrow?: (sampled: readonly number[]) => readonly number[];
  /** Entries to check per sampled variable (default: all, up to SAMPLE_PER_VARIABLE). */
  readonly counts?: (checked: readonly number[]) => readonly number[];
  /** Full Richardson searches allowed for a sampled entry that neither a plain difference nor a complex step decides. */
  readonly refineLimit: number;
}

export interface EntryCheck {
  /** Every entry checked. */
  readonly all: boolean;
  readonly rows: readonly EntryVerdict[];
  /** Variables checked, and entries in all. */
  readonly variables: number;
  readonly entries: number;
  readonly directions: readonly DirectionVerdict[];
}

/** The check of entries: every one, or a seeded sample of variables and entries plus the direction tests. */
export function checkEntries(subject: EntrySubject, policy: EntryPolicy, rng: Rng): EntryCheck {
  let entries = 0;
  for (let v = 0; v < subject.variables; v++) entries += subject.size(v);
  const all = entries <= policy.limit && policy.affordable;
  const rows: EntryVerdict[] = [];
  if (all) {
    for (let v = 0; v < subject.variables; v++) {
      for (let k = 0; k < subject.size(v); k++) rows.push(checkEntry(subject.probe(v, k), v, k, null));
    }
    return { all, rows, variables: subject.variables, entries, directions: [] };
  }
  let checked = sample(rng, subject.variables, SAMPLE_VARIABLES, policy.required);
  if (policy.narrow) checked = [...policy.narrow(checked)].sort((x, y) => x - y);
  const counts = policy.counts?.(checked) ?? checked.map((v) => Math.min(subject.size(v), SAMPLE_PER_VARIABLE));
  const refine = { left: policy.refineLimit };
  checked.forEach((v, c) => {
    const n = subject.size(v);
    const count = counts[c]!;
    const indices = count >= n ? Array.from({ length: n }, (_, k) => k) : sample(rng, n, count, []);
    for (const k of indices) rows.push(checkEntry(subject.probe(v, k), v, k, refine));
  });
  const directions = subject.directions(checked, rng).map(directionTest);
  return { all, rows, variables: checked.length, entries, directions };
}

/**
 * One entry: the complex step (no subtraction, nearly exact, independent of the symbolic derivation) decides
 * where every op on the way has a continuation; central differences must agree too where it does not.
 * `refine` null: the full Richardson search. Otherwise (a sample) a plain central difference, searched in full
 * only where it disagrees and no complex step decides, while `refine.left` allows (after that, one Richardson
 * step over h and h/2).
 */
function checkEntry(p: EntryProbe, variable: number, index: number, refine: { left: number } | null): EntryVerdict {
  const derived = p.derived;
  const h = complexStepSize(p.x);
  const cs = p.complexStep(h);
  const complexStep = cs.value;
  const tolScale = Math.max(p.scale, cs.terms);
  let fd: { value: number; error: number };
  if (p.dead) fd = { value: 0, error: 0 };
  else if (refine === null) fd = derivative(p.at, p.x, p.noise);
  else {
    fd = plainDerivative(p.at, p.x, p.noise);
    const unresolved = !Number.isFinite(fd.value) || (!Number.isFinite(complexStep) && !agreesWith(derived, fd.value, fd.error, p.scale));
    if (unresolved && refine.left > 0) {
      refine.left--;
      fd = derivative(p.at, p.x, p.noise);
    } else if (unresolved) {
      // The full searches used up: one Richardson step still, so that truncation is in the error estimate.
      fd = richardsonOnce(p.at, p.x, p.noise);
    }
  }
  p.release?.();
  const numeric = fd.value;
  const absError = Math.abs(derived - numeric);
  const denom = Math.max(Math.abs(derived), Math.abs(numeric));
  const relError = denom === 0 ? 0 : absError / denom;
  const fdOk = agreesWith(derived, numeric, fd.error, tolScale);
  const csOk = Number.isFinite(complexStep) && close(derived, complexStep, COMPLEX_STEP, tolScale);
  // Where differences disagree with an agreeing complex step (sin at 1e22, a pole next to the point), the row says so.
  const ok = p.dead ? derived === 0 : Number.isFinite(complexStep) ? csOk : fdOk;
  const decidedBy: EntryVerdict['decidedBy'] = !Number.isFinite(complexStep) ? 'differences' : fdOk ? 'both' : 'complex-step';
  return { variable, index, derived, numeric, complexStep, absError, relError, ok, decidedBy };
}

/** d objective/dt along the direction against Σ u·derived, within 8× the differences' error and 1e-6 of the terms' size. */
function directionTest(d: DirectionProbe): DirectionVerdict {
  const allowance = 1e-6 * Math.max(1, d.magnitude, d.noise);
  const agrees = (value: number, error: number): boolean => Math.abs(value - d.predicted) <= 8 * error + allowance;
  const { value: measured, error } = quickDerivative(d.run, 0, d.noise, agrees);
  return { variable: d.variable, predicted: d.predicted, measured, ok: agrees(measured, error) };
}

/** k of 0…n−1 (all of `required` first), drawn from `rng`, ascending. */
export function sample(rng: Rng, n: number, k: number, required: readonly number[]): number[] {
  const picked = new Set<number>(required);
  while (picked.size < Math.min(k, n)) picked.add(Math.floor(rng() * n));
  return [...picked].sort((x, y) => x - y);
}

/** A constraint w = f_w(…) that reads v: ⟨μ_w, f_w⟩ as v moves along t from x0 (times `weight`), and the size of its values. */
export type KktReader = (run: (t: number) => number, x0: number, weight: number, noise: number) => void;

/** The Lagrangian L = f − Σ_w ⟨μ_w, w − f_w⟩ near the computed μ, as the check of KKT residuals reads it. */
export interface KktSubject {
  /** The constrained variables (statements, nodes after the inputs), numbered 0…. */
  readonly variables: number;
  /** v's own part of ∂L/∂v (along the direction the subject chose for v): [v is f] − μ_v. */
  own(v: number): number;
  /** Calls `reader` for every constraint that reads v; returns what the residual is relative to (at least 1). */
  readers(v: number, reader: KktReader): number;
}

/**
 * max_v |∂L/∂v|/size, by central differences of the f_w that read v (independent of the derived partials and
 * adjoints), beyond the differences' own error estimate. Each v costs O(|β(v)|) evaluations, so the whole is
 * O(V + E). `quick` (a sampled check): one plain central difference per reader, with an h² term in its error,
 * and the full Richardson search only for a variable whose residual it leaves.
 */
export function kktResidualMax(subject: KktSubject, quick: boolean): number {
  let worst = 0;
  const residualAt = (v: number, full: boolean): number => {
    let g = subject.own(v);
    let uncertainty = 0;
    const size = subject.readers(v, (run, x0, weight, noise) => {
      let partial: { value: number; error: number };
      if (full) partial = derivative(run, x0, noise);
      else {
        // (h is ε^{1/3}·max(1, |x0|), so the h² term is relative: ε^{2/3}·|∂f_w/∂v|.)
        partial = plainDerivative(run, x0, noise);
        partial = { value: partial.value, error: partial.error + FD_STEP * FD_STEP * Math.max(1, Math.abs(partial.value)) };
      }
      g += weight * partial.value;
      uncertainty += Math.abs(weight) * partial.error;
    });
    // What the differences cannot resolve is not counted as a residual.
    return Math.max(0, Math.abs(g) - 8 * uncertainty) / size;
  };
  for (let v = 0; v < subject.variables; v++) {
    let r = residualAt(v, !quick);
    // Quick differences that leave a residual, or are not finite, are searched in full before it counts.
    if (quick && !(r <= KKT_TOLERANCE)) r = residualAt(v, true);
    worst = Math.max(worst, r);
  }
  return worst;
}
