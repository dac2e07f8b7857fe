// The one diagnosis of a wrong claim, for an expression's claims and a
// program's alike. Every kind takes the same steps in the same order, on the
// same evidence, the pairs (claimed entry, true entry) at every point:
// undefined entries, an answer that is 0 everywhere, the sign (and whether the
// other sign of the Lagrangian makes it right), a constant factor; then the
// kind's own searches (for a program: shapes and transposes, the statement
// where one change explains it; for an expression: a factor of the user's
// names, one edge, the chain stopped at a node); then "right only at some
// points", else "unknown". Messages never give the correct formula.
import { close, type Tolerance } from '../verify/tolerance.js';
import { formatFactor } from './polynomial-fit.js';

/** What every diagnosis has: its kind, one sentence for people, and for a factor the factor. */
export interface DiagnosisBase {
  readonly kind: string;
  readonly message: string;
  readonly factor?: number;
}

/** Two numbers the diagnosis takes as the same: round-off of the same formula evaluated two ways. */
export const SAME: Tolerance = { rel: 1e-6, abs: 1e-9 };

/** One entry at one point: the claim's value, the truth's (in the notes' sign), and the size of the terms that sum to it. */
export interface EntryPair {
  readonly claimed: number;
  readonly truth: number;
  readonly scale: number;
}

/**
 * claimed ≈ alt(pair) wherever both are finite, with at least two such pairs
 * (or the one there is): a saturated sigmoid, whose derivative underflows, tells nothing.
 */
export function agreesEverywhere(pairs: readonly EntryPair[], alt: (p: EntryPair) => number): boolean {
  let usable = 0;
  for (const p of pairs) {
    const a = alt(p);
    if (!Number.isFinite(p.claimed) || !Number.isFinite(a)) continue;
    if (!close(p.claimed, a, SAME, p.scale)) return false;
    usable++;
  }
  return usable > 0 && usable >= Math.min(2, pairs.length);
}

/**
 * A constant k ≠ 0 with claimed ≈ k·truth wherever the truth is not ~0:
 * fitted by least squares over every entry and point, and read as a simple
 * fraction (2, −1/2) when it is one to 1e-6; undefined when there is none.
 */
export function constantFactor(pairs: readonly EntryPair[]): number | undefined {
  const usable = pairs.filter((p) => Number.isFinite(p.claimed) && Number.isFinite(p.truth) && Math.abs(p.truth) > 1e-9);
  if (usable.length < 2) return undefined;
  let ct = 0;
  let tt = 0;
  for (const p of usable) {
    ct += p.claimed * p.truth;
    tt += p.truth * p.truth;
  }
  const k = ct / tt;
  if (!Number.isFinite(k) || Math.abs(k) < 1e-12) return undefined;
  const q = Number(formatFactor(k).split('/').reduce((p, d) => String(Number(p) / Number(d))));
  const fit = Math.abs(q - k) < 1e-6 * Math.abs(k) ? q : k;
  return usable.every((p) => close(p.claimed, fit * p.truth, SAME, p.scale)) ? fit : undefined;
}

/** How the other sign of the Lagrangian is said: the multiplier `μ_j`, the derivative it equals in the notes `∂f/∂z_j`. */
export interface SignWords {
  /** +1: the claim was judged in the notes' sign; −1: under the + sign. */
  readonly sign: 1 | -1;
  /** `μ_j`, `β_v`. */
  readonly multiplier: string;
  /** `∂f/∂z_j`, `∂loss/∂v`. */
  readonly derivative: string;
}

/** The hint that a claim is right under the other sign of the Lagrangian, to add to "off by sign". */
export function otherSignHint(w: SignWords): string {
  return w.sign > 0
    ? `; it is right under the + sign of the Lagrangian (note 002's convention, ${w.multiplier} = −${w.derivative}): if that is yours, say so with --sign +`
    : `; it is right under the notes' − sign of the Lagrangian (${w.multiplier} = ${w.derivative}): if that is yours, leave out --sign +`;
}

/** What one kind of claim brings to the one diagnosis. */
export interface DiagnosisSteps<D extends DiagnosisBase> {
  /** Before all: what makes the claim no value at all (a program's claim whose shapes do not fit). */
  readonly first?: () => D | null;
  /** Why the claim has no value at a point where the truth has one, or null. */
  readonly undefinedWhy: string | null;
  /** Every entry at every point, in the notes' sign (a multiplier claimed under the + sign turned back). */
  readonly pairs: readonly EntryPair[];
  /** 'multiplier' or 'derivative': what the answer is the negative of, or a multiple of. */
  readonly of: string;
  /** For "your answer is 0 at every point, but ∂f/∂x is not: x does reach the output". */
  readonly zero: { readonly what: string; readonly variable: string; readonly output: string };
  /** The words of the other sign, when the claim is right under it (computed only for a sign error). */
  otherSign(): SignWords | null;
  /** The kind's own searches, in order; the first that explains the claim wins. */
  readonly searches: readonly (() => D | null)[];
  /** "Right only at some points", when it is. */
  special(): D | null;
  /** When nothing explains it. */
  readonly unknown: D;
}

/** The one diagnosis: the common steps, then the kind's. */
export function diagnoseWith<D extends DiagnosisBase>(s: DiagnosisSteps<D>): D | DiagnosisBase {
  const first = s.first?.();
  if (first) return first;
  if (s.undefinedWhy !== null) return { kind: 'undefined', message: `your expression is undefined at a point where the derivative exists (${s.undefinedWhy})` };
  if (s.pairs.length > 0 && s.pairs.every((p) => p.claimed === 0) && s.pairs.some((p) => p.truth !== 0)) {
    return { kind: 'zero', message: `your answer is 0 at every point, but ${s.zero.what} is not: ${s.zero.variable} does reach the ${s.zero.output}` };
  }
  if (s.pairs.some((p) => Math.abs(p.truth) > 1e-9) && agreesEverywhere(s.pairs, (p) => -p.truth)) {
    const words = s.otherSign();
    return { kind: 'sign', factor: -1, message: `off by sign: your answer is the negative of the ${s.of}${words ? otherSignHint(words) : ''}` };
  }
  const k = constantFactor(s.pairs);
  // A ratio of 1 where the derivative is not 0 says only that the claim is wrong where it is: no factor.
  if (k !== undefined && !close(k, 1, SAME)) return { kind: 'factor', factor: k, message: `off by a constant factor: your answer is ${formatFactor(k)} times the ${s.of}` };
  for (const search of s.searches) {
    const d = search();
    if (d) return d;
  }
  return s.special() ?? s.unknown;
}
