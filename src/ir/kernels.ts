// The numeric kernels of the hot ops, used by the op table (ops.ts: matmul,
// + − ⊙ ⊘) and by the evaluator, which also reads a transposed operand of a
// product in place (the sweep's Wᵀ·μ and μ·Zᵀ) instead of materialising it.
// The product accumulates each entry from +0 over the inner index in
// increasing order, a zero entry of the left operand skipped, so a product
// read through a transpose has the same bits as one of the transposed copy.
import { tensor, type Shape, type Tensor } from './shape.js';

/** Multiply-adds from which a transposed operand of a product is copied first. */
const COPY_TRANSPOSED_FROM = 1 << 16;

/** The transpose of `a`, row-major. */
export function transposed(a: Tensor): Tensor {
  const out = tensor(a.cols, a.rows);
  const x = a.data;
  const o = out.data;
  for (let i = 0; i < a.rows; i++) {
    const xi = i * a.cols;
    for (let j = 0; j < a.cols; j++) o[j * a.rows + i] = x[xi + j]!;
  }
  return out;
}

/**
 * op(A)·op(B), op = identity or transpose, as the op table's product computes
 * A·B: each result entry accumulated from +0 over the inner index in
 * increasing order, a zero entry of the left operand skipped. Unrolled by four
 * over the inner index (the additions stay in the same order).
 */
export function matmul(a: Tensor, ta: boolean, c: Tensor, tc: boolean): Tensor {
  const rows = ta ? a.cols : a.rows;
  const inner = ta ? a.rows : a.cols;
  const cols = tc ? c.rows : c.cols;
  // A large product reads a transposed operand faster from a transposed copy (the copy is
  // O(1/width) of the product's work); a small one saves the allocation.
  if (rows * inner * cols >= COPY_TRANSPOSED_FROM) {
    if (ta) return matmul(transposed(a), false, c, tc);
    if (tc) return matmul(a, false, transposed(c), false);
  }
  const out = tensor(rows, cols);
  // Left operand entry (i, l) at i·si + l·sl.
  const si = ta ? 1 : a.cols;
  const sl = ta ? a.cols : 1;
  if (tc) productTransposedRight(a.data, si, sl, c.data, out.data, rows, inner, cols);
  else productRows(a.data, si, sl, c.data, out.data, rows, inner, cols);
  return out;
}

/** out[i,:] += A(i,l)·C[l,:], C row-major [inner, cols]. */
function productRows(ad: Float64Array, si: number, sl: number, cd: Float64Array, od: Float64Array, rows: number, inner: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const ai = i * si;
    let l = 0;
    for (; l + 4 <= inner; l += 4) {
      const p = ai + l * sl;
      const v0 = ad[p]!;
      const v1 = ad[p + sl]!;
      const v2 = ad[p + 2 * sl]!;
      const v3 = ad[p + 3 * sl]!;
      if (v0 === 0 || v1 === 0 || v2 === 0 || v3 === 0) {
        for (let q = 0; q < 4; q++) {
          const v = ad[p + q * sl]!;
          if (v === 0) continue;
          const r = (l + q) * cols;
          for (let j = 0; j < cols; j++) od[o + j] += v * cd[r + j]!;
        }
        continue;
      }
      const r0 = l * cols;
      const r1 = r0 + cols;
      const r2 = r1 + cols;
      const r3 = r2 + cols;
      for (let j = 0; j < cols; j++) od[o + j] = od[o + j]! + v0 * cd[r0 + j]! + v1 * cd[r1 + j]! + v2 * cd[r2 + j]! + v3 * cd[r3 + j]!;
    }
    for (; l < inner; l++) {
      const v = ad[ai + l * sl]!;
      if (v === 0) continue;
      const r = l * cols;
      for (let j = 0; j < cols; j++) od[o + j] += v * cd[r + j]!;
    }
  }
}

/** out[i,j] = Σ_l A(i,l)·C[j,l], C row-major [cols, inner]: a dot product of two contiguous rows when A is not transposed. */
function productTransposedRight(ad: Float64Array, si: number, sl: number, cd: Float64Array, od: Float64Array, rows: number, inner: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const ai = i * si;
    for (let j = 0; j < cols; j++) {
      const cj = j * inner;
      let s = 0;
      let l = 0;
      for (; l + 4 <= inner; l += 4) {
        const p = ai + l * sl;
        const v0 = ad[p]!;
        const v1 = ad[p + sl]!;
        const v2 = ad[p + 2 * sl]!;
        const v3 = ad[p + 3 * sl]!;
        if (v0 === 0 || v1 === 0 || v2 === 0 || v3 === 0) {
          for (let q = 0; q < 4; q++) {
            const v = ad[p + q * sl]!;
            if (v !== 0) s += v * cd[cj + l + q]!;
          }
          continue;
        }
        const r = cj + l;
        s = s + v0 * cd[r]! + v1 * cd[r + 1]! + v2 * cd[r + 2]! + v3 * cd[r + 3]!;
      }
      for (; l < inner; l++) {
        const v = ad[ai + l * sl]!;
        if (v !== 0) s += v * cd[cj + l]!;
      }
      od[i * cols + j] = s;
    }
  }
}

type Arithmetic = 'add' | 'sub' | 'mul' | 'div';

/** a ∘ c over [rows, cols], either operand broadcast along an axis where it has length 1 (as the op table's). */
export function elementwise(op: Arithmetic, a: Tensor, c: Tensor, rows: number, cols: number): Tensor {
  const out = tensor(rows, cols);
  const o = out.data;
  const x = a.data;
  const y = c.data;
  const n = rows * cols;
  if (x.length === n && y.length === n) {
    switch (op) {
      case 'add': for (let k = 0; k < n; k++) o[k] = x[k]! + y[k]!; break;
      case 'sub': for (let k = 0; k < n; k++) o[k] = x[k]! - y[k]!; break;
      case 'mul': for (let k = 0; k < n; k++) o[k] = x[k]! * y[k]!; break;
      case 'div': for (let k = 0; k < n; k++) o[k] = x[k]! / y[k]!; break;
    }
    return out;
  }
  if (y.length === 1 && x.length === n) {
    const v = y[0]!;
    switch (op) {
      case 'add': for (let k = 0; k < n; k++) o[k] = x[k]! + v; break;
      case 'sub': for (let k = 0; k < n; k++) o[k] = x[k]! - v; break;
      case 'mul': for (let k = 0; k < n; k++) o[k] = x[k]! * v; break;
      case 'div': for (let k = 0; k < n; k++) o[k] = x[k]! / v; break;
    }
    return out;
  }
  if (x.length === 1 && y.length === n) {
    const v = x[0]!;
    switch (op) {
      case 'add': for (let k = 0; k < n; k++) o[k] = v + y[k]!; break;
      case 'sub': for (let k = 0; k < n; k++) o[k] = v - y[k]!; break;
      case 'mul': for (let k = 0; k < n; k++) o[k] = v * y[k]!; break;
      case 'div': for (let k = 0; k < n; k++) o[k] = v / y[k]!; break;
    }
    return out;
  }
  // Strides: 0 along a broadcast axis.
  const ar = a.rows === 1 ? 0 : a.cols;
  const ac = a.cols === 1 ? 0 : 1;
  const cr = c.rows === 1 ? 0 : c.cols;
  const cc = c.cols === 1 ? 0 : 1;
  for (let i = 0; i < rows; i++) {
    const oi = i * cols;
    const xi = i * ar;
    const yi = i * cr;
    switch (op) {
      case 'add': for (let j = 0; j < cols; j++) o[oi + j] = x[xi + j * ac]! + y[yi + j * cc]!; break;
      case 'sub': for (let j = 0; j < cols; j++) o[oi + j] = x[xi + j * ac]! - y[yi + j * cc]!; break;
      case 'mul': for (let j = 0; j < cols; j++) o[oi + j] = x[xi + j * ac]! * y[yi + j * cc]!; break;
      case 'div': for (let j = 0; j < cols; j++) o[oi + j] = x[xi + j * ac]! / y[yi + j * cc]!; break;
    }
  }
  return out;
}

// Elementwise maps with broadcasting and the column-wise reductions the op table evaluates with.
/** Elementwise binary evaluation with broadcasting. */
export function ew2(a: Tensor, c: Tensor, out: Shape, f: (x: number, y: number) => number): Tensor {
  const [r, k] = out;
  const res = tensor(r, k);
  const ar = a.rows === 1 ? 0 : a.cols;
  const ac = a.cols === 1 ? 0 : 1;
  const cr = c.rows === 1 ? 0 : c.cols;
  const cc = c.cols === 1 ? 0 : 1;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < k; j++) res.data[i * k + j] = f(a.data[i * ar + j * ac]!, c.data[i * cr + j * cc]!);
  }
  return res;
}
export function ew1(a: Tensor, f: (x: number) => number): Tensor {
  const res = tensor(a.rows, a.cols);
  for (let k = 0; k < a.data.length; k++) res.data[k] = f(a.data[k]!);
  return res;
}

/** Column-wise softmax (a vector is one column). */
export function softmaxCols(a: Tensor): Tensor {
  const res = tensor(a.rows, a.cols);
  for (let j = 0; j < a.cols; j++) {
    let m = -Infinity;
    for (let i = 0; i < a.rows; i++) m = Math.max(m, a.data[i * a.cols + j]!);
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.exp(a.data[i * a.cols + j]! - m);
    for (let i = 0; i < a.rows; i++) res.data[i * a.cols + j] = Math.exp(a.data[i * a.cols + j]! - m) / s;
  }
  return res;
}
export function logsumexpCols(a: Tensor): Tensor {
  const res = tensor(1, a.cols);
  for (let j = 0; j < a.cols; j++) {
    let m = -Infinity;
    for (let i = 0; i < a.rows; i++) m = Math.max(m, a.data[i * a.cols + j]!);
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.exp(a.data[i * a.cols + j]! - m);
    res.data[j] = m + Math.log(s);
  }
  return res;
}
export function sumAxis(a: Tensor, axis: 'rows' | 'cols'): Tensor {
  const res = axis === 'cols' ? tensor(a.rows, 1) : tensor(1, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) res.data[axis === 'cols' ? i : j] += a.data[i * a.cols + j]!;
  }
  return res;
}
export const total = (a: Tensor): number => a.data.reduce((s, v) => s + v, 0);
