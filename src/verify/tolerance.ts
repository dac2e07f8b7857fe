// The one definition of "close": a mixed absolute/relative test, with the
// tolerances of each method stated once so the output can print them.

export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}

/** Central differences: truncation O(h²) and round-off O(ε/h) with h ≈ ε^{1/3}. */
export const CENTRAL_DIFFERENCE: Tolerance = { rel: 1e-5, abs: 1e-6 };
/** Complex step: no subtraction, so nearly full precision. */
export const COMPLEX_STEP: Tolerance = { rel: 1e-9, abs: 1e-10 };
/**
 * The same products of the same partials summed in another order (the path
 * sums of note 004 against the μ recursion): round-off only, a few ε per
 * factor, with `scale` the sum of the terms' magnitudes.
 */
export const SAME_SUM: Tolerance = { rel: 1e-12, abs: 1e-12 };
/**
 * A claimed answer against the truth, of an expression or of a program's
 * variable entry by entry: two exact evaluations of the same number, which
 * differ only by round-off (`scale`: the size of the terms that sum to it).
 */
export const CLAIM: Tolerance = { rel: 1e-7, abs: 1e-9 };

/**
 * |a − b| ≤ abs·scale + rel·max(|a|, |b|). `scale` widens the absolute part
 * when round-off grows with the size of the output (|z_m|/max(1, |z_j|)).
 */
export function close(a: number, b: number, tol: Tolerance, scale = 1): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol.abs * Math.max(1, scale) + tol.rel * Math.max(Math.abs(a), Math.abs(b));
}

/** `1e-5 relative + 1e-6·s absolute`: the test `close` applies, in words. */
export function describe(tol: Tolerance): string {
  return `${tol.rel.toExponential(0)} relative + ${tol.abs.toExponential(0)}·s absolute`;
}
