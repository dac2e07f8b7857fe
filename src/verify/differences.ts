// Derivatives by central differences, with their own error estimates: the
// Richardson search (`derivative`), one plain difference that is refined only
// where it disagrees (`quickDerivative`), and the test that a difference
// agrees with a derived value. The one check of entries (entries.ts) measures
// every multiplier, gradient entry, direction and KKT term with them.
import { CENTRAL_DIFFERENCE } from './tolerance.js';

/** The first difference step, h = ε^{1/3}·max(1, |x|): truncation O(h²) and round-off O(ε/h) balanced. */
export const FD_STEP = Math.cbrt(Number.EPSILON);

/**
 * g'(x) by central differences over h and h/2, Richardson-extrapolated. The
 * error estimate is |D(h) − D(h/2)| plus the round-off 16·ε·noise/h, where
 * `noise` is the size of the values g computes through; h shrinks by 8 up to
 * five times while that helps (fast oscillation, a nearby kink), from each of
 * the `stepsFor` starts, and the best estimate wins.
 */
export function derivative(g: (x: number) => number, x: number, noise = 1): { value: number; error: number } {
  let best = { value: 0, error: Infinity };
  for (const h0 of stepsFor(x)) {
    let h = h0;
    for (let k = 0; k < 6; k++, h /= 8) {
      const central = (s: number): number => {
        const xp = x + s;
        const xm = x - s;
        return (g(xp) - g(xm)) / (xp - xm);
      };
      const coarse = central(h);
      const fine = central(h / 2);
      const value = fine + (fine - coarse) / 3;
      if (!Number.isFinite(value)) break;
      const error = Math.abs(fine - coarse) + (16 * Number.EPSILON * Math.max(noise, Math.abs(g(x)))) / h;
      if (error / Math.max(1, Math.abs(value)) < best.error / Math.max(1, Math.abs(best.value))) best = { value, error };
      if (error <= 1e-7 * Math.max(1, Math.abs(value))) return best;
    }
    // Resolved well enough: a later, smaller start only adds round-off.
    if (best.error <= 1e-4 * Math.max(1, Math.abs(best.value))) return best;
  }
  return best.error === Infinity ? { value: NaN, error: NaN } : best;
}

/**
 * Difference steps for a value, tried in turn: ε^{1/3}·max(1, |z|), robust for
 * values near 0, then ε^{1/3}·|z| for a small |z| whose first step would leave
 * the domain (log at 1e-7).
 */
const stepsFor = (v: number): number[] => {
  const a = Math.abs(v);
  return a > 0 && a < 1 ? [FD_STEP, FD_STEP * a] : [FD_STEP * Math.max(1, a)];
};

/** One plain central difference (two evaluations), its error estimated as round-off only. */
export function plainDerivative(g: (x: number) => number, x: number, noise: number): { value: number; error: number } {
  const h = FD_STEP * Math.max(1, Math.abs(x));
  const xp = x + h;
  const xm = x - h;
  return { value: (g(xp) - g(xm)) / (xp - xm), error: (16 * Number.EPSILON * Math.max(1, noise)) / h };
}

/**
 * Central differences over h and h/2, Richardson-extrapolated (four evaluations), with the truncation they
 * show in the error: where the full search is no longer allowed, what a plain difference that disagrees gets.
 */
export function richardsonOnce(g: (x: number) => number, x: number, noise: number): { value: number; error: number } {
  const h = FD_STEP * Math.max(1, Math.abs(x));
  const central = (s: number): number => (g(x + s) - g(x - s)) / (x + s - (x - s));
  const coarse = central(h);
  const fine = central(h / 2);
  return { value: fine + (fine - coarse) / 3, error: Math.abs(fine - coarse) + (32 * Number.EPSILON * Math.max(1, noise)) / h };
}

/**
 * g'(x) by one plain central difference when `accept` takes it; otherwise the
 * full Richardson search of `derivative`. A sampled check's cost is then about
 * two evaluations per measurement where the derivation is right.
 */
export function quickDerivative(g: (x: number) => number, x: number, noise: number, accept: (value: number, error: number) => boolean): { value: number; error: number } {
  const plain = plainDerivative(g, x, noise);
  if (Number.isFinite(plain.value) && accept(plain.value, plain.error)) return plain;
  return derivative(g, x, noise);
}

/** Differences agree with a derived value within 4× their error estimate plus the central-difference tolerance at scale s. */
export function agreesWith(derived: number, numeric: number, error: number, scale: number): boolean {
  return Number.isFinite(numeric) && Math.abs(derived - numeric) <= 4 * error + CENTRAL_DIFFERENCE.abs * scale + CENTRAL_DIFFERENCE.rel * Math.max(Math.abs(derived), Math.abs(numeric));
}
