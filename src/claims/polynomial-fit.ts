// The derivative of a one-argument function as a polynomial in its own value
// (tanh′ = 1 − tanh², σ′ = σ(1 − σ)), fitted by least squares, and how such a
// polynomial and a factor are written: what the diagnoses of expressions and
// of programs use to say "your factor is 1 − tanh" without giving the answer.
import { OPS } from '../ir/ops.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { FunctionName } from '../ops/spec.js';
import { close, type Tolerance } from '../verify/tolerance.js';

/** A factor as people write it: 2, −1/2, 3/4, else 4 significant digits. */
export function formatFactor(k: number): string {
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(k * q);
    if (Math.abs(k * q - p) < 1e-9 * Math.max(1, Math.abs(k * q))) return q === 1 ? `${p}` : `${p}/${q}`;
  }
  return String(Number(k.toPrecision(4)));
}

/** The least-squares solution x of rows·x ≈ y (normal equations), or null when the rows do not determine it. */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] | null {
  const n = rows[0]?.length ?? 0;
  if (n === 0 || rows.length < n) return null;
  const A = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  rows.forEach((row, k) => {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) A[r]![c]! += row[r]! * row[c]!;
      A[r]![n]! += row[r]! * y[k]!;
    }
  });
  const scale = Math.max(...A.map((row, r) => Math.abs(row[r]!)));
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < n; c++) {
    let best = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[best]![c]!)) best = r;
    if (!(Math.abs(A[best]![c]!) > 1e-10 * scale)) return null;
    [A[c], A[best]] = [A[best]!, A[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, r) => row[n]! / row[r]!);
}

/** c₀ + c₁·v + c₂·v², the coefficients fitted by least squares, or null when the points do not determine them. */
export function fitPolynomial(v: readonly number[], y: readonly number[], degree: number): number[] | null {
  return leastSquares(v.map((x) => Array.from({ length: degree + 1 }, (_, e) => x ** e)), y);
}

/** Coefficients as people write them (integers or halves, up to 4), or null when the fit is not one. */
export function roundCoefficients(c: readonly number[]): number[] | null {
  const rounded = c.map((x) => Math.round(2 * x) / 2);
  if (rounded.some((x, k) => Math.abs(x) > 4 || Math.abs(x - c[k]!) > 1e-5) || rounded.every((x) => x === 0)) return null;
  return rounded;
}

const derivativePolynomials = new Map<string, number[] | null>();
/**
 * g′ as a polynomial in g's value (tanh′ = 1 − tanh², σ′ = σ(1 − σ), exp′ =
 * exp), found from samples of g and g′ (the table's own); null when it is not one (sin′ = cos).
 */
export function derivativeInValue(op: string): number[] | null {
  if (derivativePolynomials.has(op)) return derivativePolynomials.get(op)!;
  const spec = OPS[op as keyof typeof OPS];
  const v: number[] = [];
  const d: number[] = [];
  if (spec && spec.arity === 1) {
    for (const a of [-1.7, -1.1, -0.6, -0.2, 0.3, 0.45, 0.7, 1.05, 1.3, 1.9]) {
      const g = spec.evaluate(a, 0, 0);
      const h = 1e-5;
      const gp = (spec.evaluate(a + h, 0, 0) - spec.evaluate(a - h, 0, 0)) / (2 * h);
      if (Number.isFinite(g) && Number.isFinite(gp)) {
        v.push(g);
        d.push(gp);
      }
    }
  }
  const loose: Tolerance = { rel: 1e-6, abs: 1e-7 };
  let found: number[] | null = null;
  for (let degree = 0; degree <= 2 && found === null && v.length >= degree + 3; degree++) {
    const c = fitPolynomial(v, d, degree);
    const r = c && c.map((x) => Math.round(2 * x) / 2);
    if (r && r.every((x, k) => Math.abs(x - c![k]!) < 1e-4) && r.some((x) => x !== 0)
      && v.every((x, k) => close(d[k]!, r.reduce((s, ck, e) => s + ck * x ** e, 0), loose))) found = r;
  }
  derivativePolynomials.set(op, found);
  return found;
}

/** How a polynomial in a function's value names the value: σ for sigmoid (its derivative is σ′), tanh for tanh. */
export function valueSymbol(op: string): string {
  const prime = op in FUNCTIONS_TABLE ? FUNCTIONS_TABLE[op as FunctionName].prime : undefined;
  return (prime ?? op).replace(/′$/, '');
}

/** A polynomial in g as people write it: 1 − tanh², σ(1 − σ), 2·tanh. */
export function polynomialText(c: readonly number[], g: string): string {
  const coef = (k: number, power: string): string => {
    const a = Math.abs(k);
    return power === '' ? formatFactor(a) : a === 1 ? power : `${formatFactor(a)}·${power}`;
  };
  const sum = (terms: readonly [number, string][]): string => {
    const nz = terms.filter(([k]) => k !== 0);
    return nz.map(([k, p], idx) => (idx === 0 ? (k < 0 ? '−' : '') + coef(k, p) : `${k < 0 ? ' − ' : ' + '}${coef(k, p)}`)).join('');
  };
  const [c0 = 0, c1 = 0, c2 = 0] = c;
  // g·(c₁ + c₂·g): σ(1 − σ).
  if (c0 === 0 && c1 !== 0 && c2 !== 0) return `${g}(${sum([[c1, ''], [c2, g]])})`;
  return sum([[c0, ''], [c1, g], [c2, `${g}²`]]);
}
