// Complex arithmetic for the complex-step derivative check. Each function is
// the analytic continuation of its real counterpart, written to keep full
// precision when the imaginary part is tiny (h ≈ 1e-20), so that
// Im f(x + ih)/h = f'(x) without cancellation.
import type { Complex } from './spec.js';

export const c = (re: number, im = 0): Complex => ({ re, im });
export const cadd = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
export const csub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
export const cneg = (a: Complex): Complex => c(-a.re, -a.im);
export const cmul = (a: Complex, b: Complex): Complex =>
  c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export function cdiv(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
export const cexp = (a: Complex): Complex => {
  const r = Math.exp(a.re);
  return c(r * Math.cos(a.im), r * Math.sin(a.im));
};
/** Principal log; |a| via hypot, arg via atan2. */
export const clog = (a: Complex): Complex => c(Math.log(Math.hypot(a.re, a.im)), Math.atan2(a.im, a.re));
export function csqrt(a: Complex): Complex {
  if (a.im === 0) return a.re >= 0 ? c(Math.sqrt(a.re)) : c(0, Math.sqrt(-a.re));
  const m = Math.hypot(a.re, a.im);
  if (a.re >= 0) {
    const t = Math.sqrt((m + a.re) / 2);
    return c(t, a.im / (2 * t));
  }
  const t = Math.sqrt((m - a.re) / 2);
  return c(Math.abs(a.im) / (2 * t), Math.sign(a.im) * t);
}
export function cpow(a: Complex, b: Complex): Complex {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 2 ** 31) {
    // Repeated squaring, O(log n): exact for negative bases and zero, where exp(b·log a) is not.
    let n = Math.abs(b.re);
    let result = c(1);
    let base = a;
    while (n > 0) {
      if (n % 2 === 1) result = cmul(result, base);
      base = cmul(base, base);
      n = Math.floor(n / 2);
    }
    return b.re < 0 ? cdiv(c(1), result) : result;
  }
  return cexp(cmul(b, clog(a)));
}
export const csin = (a: Complex): Complex => c(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
export const ccos = (a: Complex): Complex => c(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));
export const ctan = (a: Complex): Complex => cdiv(csin(a), ccos(a));
export const csinh = (a: Complex): Complex => c(Math.sinh(a.re) * Math.cos(a.im), Math.cosh(a.re) * Math.sin(a.im));
export const ccosh = (a: Complex): Complex => c(Math.cosh(a.re) * Math.cos(a.im), Math.sinh(a.re) * Math.sin(a.im));
export function ctanh(a: Complex): Complex {
  // tanh(x+iy) = (sinh 2x + i sin 2y)/(cosh 2x + cos 2y), stable for large |x| via tanh itself.
  if (Math.abs(a.re) > 20) return c(Math.sign(a.re), 4 * Math.exp(-2 * Math.abs(a.re)) * Math.sin(2 * a.im) / 2);
  const d = Math.cosh(2 * a.re) + Math.cos(2 * a.im);
  return c(Math.sinh(2 * a.re) / d, Math.sin(2 * a.im) / d);
}
/** atan(x+iy): real part from atan2, imaginary part through log1p (Kahan). */
export function catan(a: Complex): Complex {
  const { re: x, im: y } = a;
  const re = 0.5 * Math.atan2(2 * x, 1 - x * x - y * y);
  const im = 0.25 * Math.log1p((4 * y) / (x * x + (1 - y) * (1 - y)));
  return c(re, im);
}
/** asin(x+iy) after Hull, Fairgrieve and Tang, accurate for tiny y. */
export function casin(a: Complex): Complex {
  const { re: x, im: y } = a;
  const r = Math.hypot(x + 1, y);
  const s = Math.hypot(x - 1, y);
  const half = (r + s) / 2;
  // δ = half − 1 without cancellation: half − 1 = ½(y²/(r + x + 1) + y²/(s + 1 − x)) when |x| < 1.
  const delta = Math.abs(x) < 1 ? 0.5 * ((y * y) / (r + x + 1) + (y * y) / (s + 1 - x)) : half - 1;
  const im = Math.sign(y || 0) * Math.log1p(delta + Math.sqrt(delta * (delta + 2)));
  const re = Math.asin(Math.max(-1, Math.min(1, x / half)));
  return c(re, im);
}
export const cacos = (a: Complex): Complex => csub(c(Math.PI / 2), casin(a));
/** log(1 + e^a), evaluated without overflow. */
export function csoftplus(a: Complex): Complex {
  if (a.re > 0) return cadd(a, clog(cadd(c(1), cexp(cneg(a)))));
  return clog(cadd(c(1), cexp(a)));
}
/** 1/(1 + e^{−a}), evaluated without overflow. */
export function csigmoid(a: Complex): Complex {
  if (a.re >= 0) return cdiv(c(1), cadd(c(1), cexp(cneg(a))));
  const e = cexp(a);
  return cdiv(e, cadd(c(1), e));
}
/** a², as a product (exact for tiny imaginary parts). */
export const csq = (a: Complex): Complex => cmul(a, a);
/** 1/a. */
export const cinv = (a: Complex): Complex => cdiv(c(1), a);
/** log(1 + a). */
export const clog1p = (a: Complex): Complex => (Math.abs(a.re) < 0.5 && a.im === 0 ? c(Math.log1p(a.re)) : clog(cadd(c(1), a)));
/** e^a − 1, keeping the real part precise for small a. */
export const cexpm1 = (a: Complex): Complex => {
  const e = cexp(a);
  return c(Math.abs(a.re) < 0.5 ? Math.expm1(a.re) * Math.cos(a.im) - 2 * Math.sin(a.im / 2) ** 2 : e.re - 1, e.im);
};
/** The real cube root, continued: for a negative real part, −∛(−a). */
export const ccbrt = (a: Complex): Complex => (a.re < 0 ? cneg(ccbrt(cneg(a))) : a.re === 0 && a.im === 0 ? c(0) : cexp(cmul(c(1 / 3), clog(a))));
/** asinh, odd: computed for a non-negative real part, where log(a + √(a²+1)) does not cancel. */
export const casinh = (a: Complex): Complex =>
  a.re < 0 ? cneg(casinh(cneg(a))) : clog(cadd(a, csqrt(cadd(csq(a), c(1)))));
/** acosh for a real part above 1: log(a + √(a−1)·√(a+1)). */
export const cacosh = (a: Complex): Complex => clog(cadd(a, cmul(csqrt(csub(a, c(1))), csqrt(cadd(a, c(1))))));
/** atanh = ½(log(1 + a) − log(1 − a)). */
export const catanh = (a: Complex): Complex => cmul(c(0.5), csub(clog1p(a), clog1p(cneg(a))));
/** |a| continued as sign(Re a)·a (the usual extension for the complex step). */
export const cabs = (a: Complex): Complex => (a.re < 0 ? cneg(a) : a);
/** The larger (smaller) of two arguments by real part, with its imaginary part. */
export const cmax = (a: Complex, b: Complex): Complex => (a.re >= b.re ? a : b);
export const cmin = (a: Complex, b: Complex): Complex => (a.re <= b.re ? a : b);
/** atan2(y, x) continued: atan(y/x) plus the branch's constant. */
export function catan2(y: Complex, x: Complex): Complex {
  // Near the y axis, π/2·sign(y) − atan(x/y), which has no pole there.
  if (Math.abs(y.re) > Math.abs(x.re)) return csub(c(Math.sign(y.re) * Math.PI / 2), catan(cdiv(x, y)));
  const t = catan(cdiv(y, x));
  if (x.re > 0) return t;
  return cadd(t, c(y.re >= 0 ? Math.PI : -Math.PI));
}
