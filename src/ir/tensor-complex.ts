// Complex tensors for the complex-step check of a program: a value and an
// imaginary part of the same shape, and the kernels the op table's complex
// continuations are written with (elementwise with broadcasting, products,
// sums). Im ℓ(θ + i·h·e_k)/h = ∂ℓ/∂θ_k with no subtraction, so h may be tiny.
import { cadd, cexp, clog, cmul } from '../ops/complex.js';
import type { Complex } from '../ops/spec.js';
import { matmul } from './kernels.js';
import { tensor, type Shape, type Tensor } from './shape.js';

export interface CTensor {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export function ctensor(rows: number, cols: number): CTensor {
  return { rows, cols, re: new Float64Array(rows * cols), im: new Float64Array(rows * cols) };
}
/** A real tensor as a complex one (shares no storage). */
export function fromReal(t: Tensor): CTensor {
  return { rows: t.rows, cols: t.cols, re: Float64Array.from(t.data), im: new Float64Array(t.data.length) };
}
const part = (c: CTensor, which: 're' | 'im'): Tensor => tensor(c.rows, c.cols, c[which]);

/** Entry (i, j) of `a` read with broadcasting. */
const index = (a: CTensor, i: number, j: number): number => (a.rows === 1 ? 0 : i) * a.cols + (a.cols === 1 ? 0 : j);

export function cmap(args: readonly CTensor[], out: Shape, f: (xs: readonly Complex[]) => Complex): CTensor {
  const [r, k] = out;
  const res = ctensor(r, k);
  const xs: Complex[] = args.map(() => ({ re: 0, im: 0 }));
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < k; j++) {
      for (let a = 0; a < args.length; a++) {
        const t = args[a]!;
        const e = index(t, i, j);
        xs[a] = { re: t.re[e]!, im: t.im[e]! };
      }
      const v = f(xs);
      res.re[i * k + j] = v.re;
      res.im[i * k + j] = v.im;
    }
  }
  return res;
}

/** (A + iB)(C + iD) = AC − BD + i(AD + BC). */
export function cmatmul(a: CTensor, b: CTensor): CTensor {
  const ac = matmul(part(a, 're'), false, part(b, 're'), false);
  const bd = matmul(part(a, 'im'), false, part(b, 'im'), false);
  const ad = matmul(part(a, 're'), false, part(b, 'im'), false);
  const bc = matmul(part(a, 'im'), false, part(b, 're'), false);
  const res = ctensor(ac.rows, ac.cols);
  for (let k = 0; k < res.re.length; k++) {
    res.re[k] = ac.data[k]! - bd.data[k]!;
    res.im[k] = ad.data[k]! + bc.data[k]!;
  }
  return res;
}

export function ctranspose(a: CTensor): CTensor {
  const res = ctensor(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      res.re[j * a.rows + i] = a.re[i * a.cols + j]!;
      res.im[j * a.rows + i] = a.im[i * a.cols + j]!;
    }
  }
  return res;
}

/** Σ of every entry (axis null), of each row ('cols': [n,1]) or of each column ('rows': [1,b]). */
export function csum(a: CTensor, axis: 'rows' | 'cols' | null, f: (x: Complex) => Complex = (x) => x): CTensor {
  const res = axis === 'cols' ? ctensor(a.rows, 1) : axis === 'rows' ? ctensor(1, a.cols) : ctensor(1, 1);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = f({ re: a.re[i * a.cols + j]!, im: a.im[i * a.cols + j]! });
      const k = axis === 'cols' ? i : axis === 'rows' ? j : 0;
      res.re[k] += v.re;
      res.im[k] += v.im;
    }
  }
  return res;
}

export function cscale(a: CTensor, k: number): CTensor {
  const res = ctensor(a.rows, a.cols);
  for (let e = 0; e < a.re.length; e++) {
    res.re[e] = k * a.re[e]!;
    res.im[e] = k * a.im[e]!;
  }
  return res;
}

/** Column-wise log Σ exp, shifted by each column's largest real part (the shift is analytic: a constant). */
export function clogsumexp(a: CTensor): CTensor {
  const res = ctensor(1, a.cols);
  for (let j = 0; j < a.cols; j++) {
    let m = -Infinity;
    for (let i = 0; i < a.rows; i++) m = Math.max(m, a.re[i * a.cols + j]!);
    let s: Complex = { re: 0, im: 0 };
    for (let i = 0; i < a.rows; i++) s = cadd(s, cexp({ re: a.re[i * a.cols + j]! - m, im: a.im[i * a.cols + j]! }));
    const l = clog(s);
    res.re[j] = l.re + m;
    res.im[j] = l.im;
  }
  return res;
}

/** Column-wise softmax: exp(a − logsumexp(a)). */
export function csoftmax(a: CTensor): CTensor {
  const lse = clogsumexp(a);
  const res = ctensor(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const e = cexp({ re: a.re[i * a.cols + j]! - lse.re[j]!, im: a.im[i * a.cols + j]! - lse.im[j]! });
      res.re[i * a.cols + j] = e.re;
      res.im[i * a.cols + j] = e.im;
    }
  }
  return res;
}

/** Σ f(a_ij, c_ij) over the broadcast pair, as a scalar. */
export function csumPairs(a: CTensor, c: CTensor, f: (x: Complex, y: Complex) => Complex): CTensor {
  const out: Shape = [Math.max(a.rows, c.rows), Math.max(a.cols, c.cols)];
  return csum(cmap([a, c], out, ([x, y]) => f(x!, y!)), null);
}

export const cscalar = (v: Complex): CTensor => ({ rows: 1, cols: 1, re: Float64Array.of(v.re), im: Float64Array.of(v.im) });
export { cmul };
