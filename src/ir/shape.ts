// Shapes of program variables and row-major tensors. Every value is a matrix
// [rows, cols]: a scalar is [1,1], a column vector [n] is [n,1].

export type Shape = readonly [rows: number, cols: number];
export const SCALAR: Shape = [1, 1];

/** A value: row-major entries of a [rows, cols] matrix. */
export interface Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export const isScalar = (s: Shape): boolean => s[0] === 1 && s[1] === 1;
export const sameShape = (a: Shape, b: Shape): boolean => a[0] === b[0] && a[1] === b[1];
export const numel = (s: Shape): number => s[0] * s[1];
export const shapeOf = (t: Tensor): Shape => [t.rows, t.cols];

/** `scalar`, `[n]` for a column vector, else `[r,c]`. */
export function formatShape(s: Shape): string {
  if (isScalar(s)) return 'scalar';
  return s[1] === 1 ? `[${s[0]}]` : `[${s[0]},${s[1]}]`;
}

/** Shape of an elementwise result: each axis equal, or 1 in one operand (broadcast). Null if they do not fit. */
export function broadcastShape(a: Shape, b: Shape): Shape | null {
  const axis = (x: number, y: number): number | null => (x === y ? x : x === 1 ? y : y === 1 ? x : null);
  const r = axis(a[0], b[0]);
  const c = axis(a[1], b[1]);
  if (r === null || c === null) return null;
  // A scalar, a column [r,1] over the columns of [r,c], or a row [1,c] over its rows; never a column
  // against a row ([n,1] + [1,m] as an outer sum would hide a missing transpose).
  const scalar = (s: Shape): boolean => s[0] === 1 && s[1] === 1;
  const outer = !scalar(a) && !scalar(b) && ((a[0] === 1) !== (b[0] === 1)) && ((a[1] === 1) !== (b[1] === 1)) && a[0] !== b[0] && a[1] !== b[1];
  return outer ? null : [r, c];
}

export function tensor(rows: number, cols: number, data?: Float64Array): Tensor {
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

export function filled(s: Shape, v: number): Tensor {
  return tensor(s[0], s[1], new Float64Array(numel(s)).fill(v));
}

/** ⟨a, b⟩ = Σ a_ij b_ij (same shapes). */
export function inner(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let k = 0; k < a.data.length; k++) s += a.data[k]! * b.data[k]!;
  return s;
}

/** x + a·v, a new tensor (same shapes). */
export function axpy(x: Tensor, a: number, v: Tensor): Tensor {
  const out = tensor(x.rows, x.cols, Float64Array.from(x.data));
  for (let k = 0; k < out.data.length; k++) out.data[k] += a * v.data[k]!;
  return out;
}
