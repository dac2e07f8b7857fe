// Every tensor op's adjoint rule against central differences at random
// shapes: ⟨ū, J v⟩ (differences of the op alone) = ⟨Jᵀū, v⟩ (the symbolic
// adjoint, evaluated), and each adjoint entry against the entrywise difference.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/tensor/evaluate.js';
import { Builder, type NodeId } from '../../src/ir/build.js';
import { FUNCTIONS_TABLE } from '../../src/ops/functions.js';
import { TOPS, type TOpName } from '../../src/ir/tensor-ops.js';
import { inner, tensor, type Shape, type Tensor } from '../../src/ir/shape.js';
import { mulberry32 } from '../../src/verify/rng.js';

const rng = mulberry32(7);
const dim = (): number => 1 + Math.floor(rng() * 4);
function rand(s: Shape, lo = -1, hi = 1): Tensor {
  const t = tensor(s[0], s[1]);
  for (let k = 0; k < t.data.length; k++) t.data[k] = lo + (hi - lo) * rng();
  return t;
}

/** Argument shapes for each op at a random size, and the range of its arguments (per argument where `ranges` is given). */
function argShapes(op: TOpName): { shapes: Shape[]; lo: number; hi: number; ranges?: [number, number][] } {
  const r = dim();
  const c = dim();
  const k = dim();
  // A loss's label as the prediction's shape, a column broadcast over the batch, or a scalar.
  const label = (): Shape => ([[r, c], [r, 1], [1, 1]] as const)[Math.floor(rng() * 3)]!;
  switch (op) {
    case 'squared_loss': case 'half_squared_loss':
      return { shapes: [[r, c], label()], lo: -1, hi: 1 };
    case 'logistic_loss':
      return { shapes: [[r, c], label()], lo: -2, hi: 2 };
    case 'binary_cross_entropy':
      // p inside (0, 1); the label anywhere (its adjoint is checked as for a param).
      return { shapes: [[r, c], label()], lo: 0, hi: 1, ranges: [[0.05, 0.95], [-1, 2]] };
    case 'softmax_cross_entropy':
      return { shapes: [[r, c], [r, c]], lo: -2, hi: 2 };
    case 'matmul':
      return { shapes: [[r, k], [k, c]], lo: -1, hi: 1 };
    case 'add': case 'sub': case 'mul':
      return { shapes: [[r, c], rng() < 0.5 ? [r, 1] : [r, c]], lo: -1, hi: 1 };
    case 'div':
      return { shapes: [[r, c], rng() < 0.5 ? [1, c] : [r, c]], lo: 0.5, hi: 2 };
    case 'log': case 'sqrt':
      return { shapes: [[r, c]], lo: 0.5, hi: 2 };
    default:
      return { shapes: [[r, c]], lo: -1, hi: 1 };
  }
}

/**
 * Values for a function of the table, lifted: a matrix for the first argument and, for
 * the others, the same shape, a column or a scalar (broadcast); every entry drawn in
 * [−2, 2] until the table's domain holds there and 1e-3 around it (off kinks, ties and
 * poles, where differences cannot measure a derivative). A constant argument (nthRoot's
 * degree) is the number 3.
 */
function liftedArgs(b: Builder, op: TOpName, values: Map<string, Tensor>): NodeId[] {
  const spec = FUNCTIONS_TABLE[TOPS[op].lifted!];
  // Entries of one argument are drawn one by one; several arguments are drawn together, so kept small.
  const r = spec.arity === 1 ? dim() : 1 + Math.floor(rng() * 2);
  const c = spec.arity === 1 ? dim() : 1 + Math.floor(rng() * 2);
  const shapes: Shape[] = Array.from({ length: spec.arity }, (_, k) =>
    k === 0 ? [r, c] : ([[r, c], [r, 1], [1, 1]] as const)[Math.floor(rng() * 3)]!);
  const constant = new Set(spec.constantArgs ?? []);
  const constArgs = shapes.map((_, k) => constant.has(k));
  const get = (t: Tensor, i: number, j: number): number => t.data[(t.rows === 1 ? 0 : i) * t.cols + (t.cols === 1 ? 0 : j)]!;
  const inside = (x: readonly number[]): boolean => {
    const v = spec.evaluate(x[0]!, x[1] ?? 0, x[2] ?? 0);
    if (!Number.isFinite(v) || Math.abs(v) > 100) return false;
    return [-1e-3, 0, 1e-3].every((d) => x.every((_, k) => {
      const y = x.map((w, m) => (m === k && !constant.has(m) ? w + d : w));
      return (spec.domain?.(y[0]!, y[1] ?? 0, y[2] ?? 0, constArgs) ?? null) === null;
    }));
  };
  if (spec.arity === 1) {
    const t = tensor(r, c);
    for (let e = 0; e < t.data.length; e++) {
      do t.data[e] = -2 + 4 * rng(); while (!inside([t.data[e]!]));
    }
    values.set('a0', t);
    return [b.variable('a0', [r, c])];
  }
  for (let tries = 0; tries < 20_000; tries++) {
    const ts = shapes.map((s, k) => (constant.has(k) ? tensor(1, 1, Float64Array.of(3)) : rand(s, -2, 2)));
    const ok = Array.from({ length: r * c }, (_, e) => [Math.floor(e / c), e % c] as const).every(([i, j]) => {
      return inside(ts.map((t) => get(t, i, j)));
    });
    if (!ok) continue;
    return ts.map((t, k) => {
      if (constant.has(k)) return b.num(3);
      values.set(`a${k}`, t);
      return b.variable(`a${k}`, shapes[k]!);
    });
  }
  throw new Error(`no values inside the domain of ${op}`);
}

/**
 * The adjoint of `out` = op(args) against central differences, entry by entry: with a random incoming
 * adjoint u, the entry e of μ of argument k is d⟨u, out⟩/d(a_k)_e. Number arguments get no adjoint.
 */
function expectAdjointMatches(b: Builder, op: TOpName, args: readonly NodeId[], values: Map<string, Tensor>, tol: number): void {
  const out = b.op(op, args);
  const outShape = b.shape(out);
  const u = rand(outShape);
  const adj = TOPS[op].adjoint(b, args, out, b.mu('out', outShape));
  expect(adj).toHaveLength(args.length);
  const env = { values, mus: new Map([['out', u]]) };
  args.forEach((id, k) => {
    if (b.numValue(id) !== null) return;
    const a = values.get(`a${k}`)!;
    const g = adj[k] === null || adj[k] === undefined ? tensor(a.rows, a.cols) : evaluate(b, adj[k]!, env);
    expect([g.rows, g.cols]).toEqual([a.rows, a.cols]);
    for (let e = 0; e < a.data.length; e++) {
      const h = 1e-6;
      const at = (d: number): number => {
        const vals = new Map(values);
        const t = tensor(a.rows, a.cols, Float64Array.from(a.data));
        t.data[e] += d;
        vals.set(`a${k}`, t);
        return inner(u, evaluate(b, out, { values: vals }));
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(g.data[e]! - fd), `${op} ∂/∂a${k}[${e}]`).toBeLessThan(tol * Math.max(1, Math.abs(fd)));
    }
  });
}

describe('tensor op table: adjoints against central differences', () => {
  for (const op of Object.keys(TOPS) as TOpName[]) {
    if (TOPS[op].lifted) {
      for (let trial = 0; trial < 3; trial++) {
        it(`${op}, a function of the table lifted elementwise (trial ${trial + 1})`, () => {
          const b = new Builder();
          const values = new Map<string, Tensor>();
          const args = liftedArgs(b, op, values);
          // Number arguments (a slope, a bound, nthRoot's degree) get no multiplier.
          const out = b.op(op, args);
          TOPS[op].adjoint(b, args, out, b.mu('out', b.shape(out))).forEach((d, k) => { if (b.numValue(args[k]!) !== null) expect(d).toBeNull(); });
          expectAdjointMatches(b, op, args, values, 1e-5);
        });
      }
      if (op === 'pow') {
        for (const p of [2, 3, 0.5, -1]) {
          it(`pow with the number exponent ${p} (the power rule, x.^${p})`, () => {
            const b = new Builder();
            const values = new Map<string, Tensor>([['a0', rand([3, 2], 0.5, 2)]]);
            const args = [b.variable('a0', [3, 2]), b.num(p)];
            expect(b.power(args[0]!, p)).toBe(b.op('pow', args));
            expectAdjointMatches(b, op, args, values, 1e-6);
          });
        }
      }
      continue;
    }
    if (op === 'atmax') {
      it('atmax (the extremum\'s indicator, max\'s derivative) has no adjoint: it is piecewise constant', () => {
        const b = new Builder();
        const x = b.variable('x', [2, 2]);
        const m = b.op('maxall', [x]);
        expect(TOPS.atmax.adjoint(b, [x, m], b.op('atmax', [x, m]), b.mu('y', [2, 2]))).toEqual([null, null]);
      });
      continue;
    }
    if (op === 'step' || op === 'sign') {
      it(`${op} has an explicit zero adjoint`, () => {
        const b = new Builder();
        const x = b.variable('x', [2, 2]);
        const y = b.op(op, [x]);
        expect(TOPS[op].adjoint(b, [x], y, b.mu('y', [2, 2]))).toEqual([null]);
      });
      continue;
    }
    for (let trial = 0; trial < 5; trial++) {
      it(`${op} (trial ${trial + 1})`, () => {
        const { shapes, lo, hi, ranges } = argShapes(op);
        expect(shapes).toHaveLength(TOPS[op].arity);
        const b = new Builder();
        const values = new Map<string, Tensor>();
        const args: NodeId[] = shapes.map((s, k) => {
          values.set(`a${k}`, rand(s, ranges?.[k]?.[0] ?? lo, ranges?.[k]?.[1] ?? hi));
          return b.variable(`a${k}`, s);
        });
        expectAdjointMatches(b, op, args, values, 1e-6);
      });
    }
  }
});
