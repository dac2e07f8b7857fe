// The kernels (matrix product, with a transposed operand read in place;
// elementwise + − ⊙ ⊘) give the values of plain reference loops bit for bit,
// and evaluating expressions that share a transpose gives the op table's result.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/tensor/evaluate.js';
import { elementwise, matmul } from '../../src/ir/kernels.js';
import { Builder, type NodeId } from '../../src/ir/build.js';
import { TOPS } from '../../src/ir/tensor-ops.js';
import { filled, type Shape, type Tensor } from '../../src/ir/shape.js';
import { mulberry32 } from '../../src/verify/rng.js';

const rng = mulberry32(7);
/** Random entries of mixed magnitude, with zeros, −0, infinities and NaN among them. */
function random(rows: number, cols: number, special = true): Tensor {
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) {
    const u = rng();
    data[k] = !special || u > 0.15 ? (rng() - 0.5) * 10 ** Math.floor(rng() * 6 - 3) : u < 0.08 ? 0 : u < 0.1 ? -0 : u < 0.12 ? Infinity : u < 0.13 ? -Infinity : NaN;
  }
  return { rows, cols, data };
}
const transpose = (a: Tensor): Tensor => TOPS.transpose.evaluate([a], [a.cols, a.rows]);
/** The textbook product: each entry from +0 over the inner index in order, zero entries of A skipped. */
function referenceProduct(a: Tensor, c: Tensor): Tensor {
  const out = { rows: a.rows, cols: c.cols, data: new Float64Array(a.rows * c.cols) };
  for (let i = 0; i < a.rows; i++) {
    for (let l = 0; l < a.cols; l++) {
      const v = a.data[i * a.cols + l]!;
      if (v === 0) continue;
      for (let j = 0; j < c.cols; j++) out.data[i * c.cols + j] += v * c.data[l * c.cols + j]!;
    }
  }
  return out;
}
/** Elementwise with broadcasting, one entry at a time. */
function referenceElementwise(f: (x: number, y: number) => number, a: Tensor, c: Tensor, rows: number, cols: number): Tensor {
  const out = { rows, cols, data: new Float64Array(rows * cols) };
  const at = (t: Tensor, i: number, j: number): number => t.data[(t.rows === 1 ? 0 : i) * t.cols + (t.cols === 1 ? 0 : j)]!;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.data[i * cols + j] = f(at(a, i, j), at(c, i, j));
  return out;
}
const ARITHMETIC = { add: (x: number, y: number) => x + y, sub: (x: number, y: number) => x - y, mul: (x: number, y: number) => x * y, div: (x: number, y: number) => x / y };
/** Same shape and the same bits in every entry (NaN as NaN, −0 as −0). */
function sameBits(x: Tensor, y: Tensor): boolean {
  return x.rows === y.rows && x.cols === y.cols && x.data.every((v, k) => Object.is(v, y.data[k]));
}

describe('kernels against reference loops', () => {
  it('matrix products, either operand transposed, small and large (a transposed copy)', () => {
    const sizes: [number, number, number][] = [[1, 1, 1], [3, 1, 5], [1, 7, 1], [5, 9, 3], [2, 4, 8]];
    for (let k = 0; k < 300; k++) sizes.push([1 + Math.floor(rng() * 9), 1 + Math.floor(rng() * 13), 1 + Math.floor(rng() * 7)]);
    sizes.push([70, 45, 33], [33, 70, 45]); // over the size from which a transposed operand is copied
    for (const [r, n, c] of sizes) {
      const a = random(r, n, r * n * c < 50_000);
      const b = random(n, c, r * n * c < 50_000);
      const ref = referenceProduct(a, b);
      expect(sameBits(matmul(a, false, b, false), ref)).toBe(true);
      expect(sameBits(matmul(transpose(a), true, b, false), ref)).toBe(true);
      expect(sameBits(matmul(a, false, transpose(b), true), ref)).toBe(true);
      expect(sameBits(matmul(transpose(a), true, transpose(b), true), ref)).toBe(true);
    }
  });

  it('elementwise operations with every broadcast', () => {
    for (let k = 0; k < 200; k++) {
      const r = 1 + Math.floor(rng() * 6);
      const c = 1 + Math.floor(rng() * 6);
      const pairs: [Shape, Shape][] = [[[r, c], [r, c]], [[r, c], [1, 1]], [[1, 1], [r, c]], [[r, c], [r, 1]], [[r, 1], [r, c]], [[r, c], [1, c]], [[1, c], [r, c]], [[1, 1], [1, 1]]];
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        for (const [sa, sb] of pairs) {
          const x = random(sa[0], sa[1]);
          const y = random(sb[0], sb[1]);
          const out: Shape = [Math.max(sa[0], sb[0]), Math.max(sa[1], sb[1])];
          expect(sameBits(elementwise(op, x, y, out[0], out[1]), referenceElementwise(ARITHMETIC[op], x, y, out[0], out[1]))).toBe(true);
          expect(sameBits(TOPS[op].evaluate([x, y], out), referenceElementwise(ARITHMETIC[op], x, y, out[0], out[1]))).toBe(true);
        }
      }
    }
  });

  it('an expression sharing a transpose between a product and other uses', () => {
    const b = new Builder();
    const A = b.variable('A', [4, 3]);
    const G = b.variable('G', [4, 2]);
    const At = b.transpose(A);
    // Aᵀ·G + (Aᵀ·𝟙)·𝟙ᵀ-like use of Aᵀ itself, and G·(Gᵀ·A) with Gᵀ read in place.
    const roots: NodeId[] = [b.matmul(At, G), b.add(b.matmul(At, G), b.matmul(At, b.ones([4, 2]))), b.matmul(G, b.matmul(b.transpose(G), A)), At];
    const values = new Map([['A', random(4, 3, false)], ['G', random(4, 2, false)]]);
    /** The op table alone, every node materialised. */
    const reference = (id: NodeId): Tensor => {
      const n = b.node(id);
      if (n.kind === 'sym') return values.get(n.name)!;
      if (n.kind === 'num') return filled(n.shape, n.value);
      if (n.kind === 'ones') return filled(n.shape, 1);
      if (n.kind !== 'op') throw new Error('unexpected');
      return TOPS[n.op].evaluate(n.args.map(reference), n.shape);
    };
    const memo = new Map<NodeId, Tensor>();
    for (const root of roots) {
      expect(sameBits(evaluate(b, root, { values }), reference(root))).toBe(true);
      expect(sameBits(evaluate(b, root, { values }, memo), reference(root))).toBe(true);
    }
  });
});
