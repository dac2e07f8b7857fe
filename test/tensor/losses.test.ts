// The named losses of the program language: each equals its written-out form
// (value and every gradient entry, at the same values), its derivation shows
// the textbook adjoint and passes the check, labels seeded at random are
// drawn as that loss's labels, and calls with the wrong arguments are errors.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/parse/errors.js';
import { deriveProgram } from '../../src/program-pipeline.js';
import { ProgramEquations } from '../../src/render/program-print.js';
import { chooseProgramPoint, describeLabels, labelData, labelTensor, type LabelKind } from '../../src/tensor/point.js';
import { parseProgram } from '../../src/tensor/program.js';
import type { Shape, Tensor } from '../../src/ir/shape.js';
import { mulberry32, type Rng } from '../../src/verify/rng.js';

type Loss = 'squared_loss' | 'half_squared_loss' | 'logistic_loss' | 'binary_cross_entropy' | 'softmax_cross_entropy';

/** Each loss of (a, y) written out with the program's other operations. */
const WRITTEN: Record<Loss, (a: string, y: string) => string> = {
  squared_loss: (a, y) => `sum((${y} - ${a}).^2)`,
  half_squared_loss: (a, y) => `0.5*sum((${y} - ${a}).^2)`,
  logistic_loss: (a, y) => `sum(log(1 + exp(-${y} .* ${a})))`,
  binary_cross_entropy: (p, y) => `-sum(${y} .* log(${p}) + (1 - ${y}) .* log(1 - ${p}))`,
  softmax_cross_entropy: (s, y) => `sum(logsumexp(${s})) - sum(${y} .* ${s})`,
};
const LOSSES = Object.keys(WRITTEN) as Loss[];
/** What each loss's label holds when drawn as labels. */
const KIND: Partial<Record<Loss, LabelKind>> = { logistic_loss: 'sign', binary_cross_entropy: 'binary', softmax_cross_entropy: 'one-hot' };

const dims = (s: Shape): string => (s[1] === 1 ? `[${s[0]}]` : `[${s[0]},${s[1]}]`);
const declare = (role: string, name: string, s: Shape): string => (s[0] === 1 && s[1] === 1 ? `${role} ${name}` : `${role} ${name}${dims(s)}`);

/** Nested arrays of a shape (row-major), entries from `draw`. */
function json(s: Shape, draw: () => number): unknown {
  if (s[0] === 1 && s[1] === 1) return draw();
  const rows = Array.from({ length: s[0] }, () => Array.from({ length: s[1] }, draw));
  return s[1] === 1 ? rows.map((r) => r[0]) : rows;
}

/**
 * A program whose objective is the loss of a prediction `a` computed from a param (so μ_a is checked
 * through a statement) and a label `y`, data or param; named or written out.
 */
function program(loss: Loss, written: boolean, s: Shape, ys: Shape, labelRole: 'data' | 'param'): string {
  // p = sigmoid(h) keeps the prediction of binary cross-entropy inside (0, 1).
  const predict = loss === 'binary_cross_entropy' ? 'a = sigmoid(W*x)' : 'a = W*x';
  const call = written ? WRITTEN[loss]('a', 'y') : `${loss}(a, y)`;
  return [`param W[${s[0]},3]`, `data x[3,${s[1]}]`, declare(labelRole, 'y', ys), predict, `loss = ${call}`].join('\n');
}

/** The same values for both forms: labels of the loss's kind (or anything, for a squared loss). */
function values(loss: Loss, s: Shape, ys: Shape, rng: Rng): Record<string, unknown> {
  const u = (lo: number, hi: number) => () => lo + (hi - lo) * rng();
  const kind = KIND[loss];
  const label = kind ? labelJson(kind, ys, rng) : json(ys, u(-1, 1));
  return { W: json([s[0], 3], u(-1, 1)), x: json([3, s[1]], u(-1, 1)), y: label };
}
function labelJson(kind: LabelKind, s: Shape, rng: Rng): unknown {
  const t = labelTensor(rng, s, kind);
  let k = 0;
  return json(s, () => t.data[k++]!);
}

const relClose = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/** Shapes of the prediction and the label: a vector, a batch, a label broadcast over the batch, a scalar label. */
function shapesFor(loss: Loss): [Shape, Shape][] {
  if (loss === 'softmax_cross_entropy') return [[[3, 1], [3, 1]], [[4, 5], [4, 5]], [[2, 1], [2, 1]]];
  return [[[3, 1], [3, 1]], [[2, 4], [2, 4]], [[2, 4], [2, 1]], [[1, 5], [1, 1]]];
}

describe('each named loss equals its written-out form, and its derivation checks', () => {
  for (const loss of LOSSES) {
    for (const [s, ys] of shapesFor(loss)) {
      // softmax cross-entropy is the cross-entropy only for label columns summing to 1: its label is data.
      for (const role of loss === 'softmax_cross_entropy' ? (['data'] as const) : (['data', 'param'] as const)) {
        it(`${loss}: prediction ${dims(s)}, label ${role} ${dims(ys)}`, () => {
          for (let seed = 1; seed <= 3; seed++) {
            const v = values(loss, s, ys, mulberry32(seed * 101 + s[0] * 7 + ys[1]));
            const named = deriveProgram(program(loss, false, s, ys, role), { values: v });
            const out = deriveProgram(program(loss, true, s, ys, role), { values: v });
            expect(named.point.given).toBe('values');
            const f = (a: typeof named) => a.point.values.get('loss')!.data[0]!;
            expect(Number.isFinite(f(named))).toBe(true);
            expect(relClose(f(named), f(out), 1e-12), `${f(named)} vs ${f(out)}`).toBe(true);
            // Every gradient entry (W, and y when it is a param) and μ_a from the named loss's adjoint
            // against the written-out form's, derived by the matrix rules of the other operations.
            const pairs: [Tensor, Tensor][] = [
              ...named.derivation.gradient.map((g) => [named.sweep.gradient.get(g.name)!, out.sweep.gradient.get(g.name)!] as [Tensor, Tensor]),
              [named.sweep.mu.get('a')!, out.sweep.mu.get('a')!],
            ];
            expect(pairs).toHaveLength(role === 'param' ? 3 : 2);
            for (const [x, y] of pairs) {
              expect([x.rows, x.cols]).toEqual([y.rows, y.cols]);
              x.data.forEach((e, k) => expect(relClose(e, y.data[k]!, 1e-9), `entry ${k}: ${e} vs ${y.data[k]}`).toBe(true));
            }
            expect(named.check!.ok).toBe(true);
            expect(out.check!.ok).toBe(true);
          }
        });
      }
    }
  }

  it('softmax cross-entropy is −Σ Y ⊙ log softmax(S) for one-hot labels', () => {
    const v = { S: [[0.3, -1.2], [2, 0.1], [-0.5, 0.7]], Y: [[0, 1], [1, 0], [0, 0]] };
    const a = deriveProgram('param S[3,2]; data Y[3,2]; loss = softmax_cross_entropy(S, Y)', { values: v });
    const b = deriveProgram('param S[3,2]; data Y[3,2]; loss = -sum(Y .* log(softmax(S)))', { values: v });
    expect(relClose(a.point.values.get('loss')!.data[0]!, b.point.values.get('loss')!.data[0]!, 1e-12)).toBe(true);
    a.sweep.gradient.get('S')!.data.forEach((e, k) => expect(relClose(e, b.sweep.gradient.get('S')!.data[k]!, 1e-9)).toBe(true));
  });
});

describe('the derivation shows the textbook adjoints', () => {
  const eqs = (source: string) => {
    const a = deriveProgram(source);
    const eq = new ProgramEquations(a.derivation, 'unicode');
    expect(a.check!.ok).toBe(true);
    return new Map([...a.derivation.backward, ...a.derivation.gradient].map((e) => [e.name, eq.sum(e)] as const));
  };
  it.each([
    ['squared_loss', 'yhat', '2·(yhat − y)', '2·(y − yhat)'],
    ['half_squared_loss', 'yhat', 'yhat − y', 'y − yhat'],
    ['logistic_loss', 'yhat', '−y ⊙ sigmoid(−y ⊙ yhat)', '−yhat ⊙ sigmoid(−y ⊙ yhat)'],
    ['binary_cross_entropy', 'p', '(p − y)/(p ⊙ (1 − p))', 'log(1 − p) − log(p)'],
  ])('%s: μ of the prediction and of a label that is a param', (loss, pred, muPred, muLabel) => {
    const predict = pred === 'p' ? 'p = sigmoid(W*x)' : 'yhat = W*x';
    const m = eqs(`param W[3,2]; data x[2]; param y[3]; ${predict}; loss = ${loss}(${pred}, y)`);
    expect(m.get(pred)).toBe(muPred);
    expect(m.get('y')).toBe(muLabel);
  });

  it('softmax_cross_entropy: μ of the prediction is softmax − y; a label that is a param, or not summing to 1, is refused', () => {
    expect(eqs('param W[3,2]; data x[2]; data y[3]; yhat = W*x; loss = softmax_cross_entropy(yhat, y)').get('yhat')).toBe('softmax(yhat) − y');
    expect(() => deriveProgram('param W[3,2]; data x[2]; param y[3]; yhat = W*x; loss = softmax_cross_entropy(yhat, y)')).toThrow(/the label of softmax_cross_entropy depends on y, which is not data/);
    // At the statement, line:column (found by the fuzzer: usage-error-form, seed 2026, case 2000).
    try {
      deriveProgram('param W[3,2]; data x[2]; param y[3]; yhat = W*x; loss = softmax_cross_entropy(yhat, y)');
    } catch (e) {
      expect((e as { offset?: number }).offset).toBe('param W[3,2]; data x[2]; param y[3]; yhat = W*x; '.length);
    }
    expect(() => deriveProgram('param W[3,2]; data x[2]; data y[3]; yhat = W*x; loss = softmax_cross_entropy(yhat, y)', { values: { y: [0.5, 0.2, 0.2] } })).toThrow(/has column 1 summing to 0.9/);
    expect(deriveProgram('param W[3,2]; data x[2]; data y[3]; yhat = W*x; loss = softmax_cross_entropy(yhat, y)', { values: { y: [0.5, 0.25, 0.25] } }).check!.ok).toBe(true);
  });

  it('with μ of the loss not 1 (the loss used further on), the incoming multiplier scales the adjoint', () => {
    const m = eqs('param s[2]; data y[2]; l = logistic_loss(s, y); loss = 3*l');
    expect(m.get('s')).toBe('−μ_l·y ⊙ sigmoid(−y ⊙ s)');
    expect(eqs('param a[2]; data y[2]; l = squared_loss(a, y); loss = l + sum(a)').get('a')).toBe('2·μ_l·(a − y) + 𝟙');
  });

  it('a loss\'s signed term joins a sum with a minus, not + −', () => {
    expect(eqs('param s[3]; data t[3]; data z[3]; p = sigmoid(s); loss = binary_cross_entropy(p, z) + logistic_loss(s, t)').get('s')).toBe('μ_p ⊙ p ⊙ (1 − p) − t ⊙ sigmoid(−t ⊙ s)');
  });

  it('a number as the label folds: logistic_loss(s, 1), squared_loss(s, 0)', () => {
    expect(eqs('param s[2]; loss = logistic_loss(s, 1) + squared_loss(s, 0)').get('s')).toBe('2·s − sigmoid(−s)');
  });

  it('prints the call as written in text, and as ℓ with a subscript in LaTeX', () => {
    const a = deriveProgram('param S[3,2]; data Y[3,2]; loss = softmax_cross_entropy(S, Y)');
    const text = new ProgramEquations(a.derivation, 'unicode');
    const ascii = new ProgramEquations(a.derivation, 'ascii');
    const latex = new ProgramEquations(a.derivation, 'latex');
    expect(text.constraint('loss')).toBe('loss = softmax_cross_entropy(S, Y)');
    expect(ascii.constraint('loss')).toBe('loss = softmax_cross_entropy(S, Y)');
    expect(latex.f('loss')).toBe('\\ell_{\\mathrm{CE}}\\left(S, Y\\right)');
    const of = (loss: Loss) => new ProgramEquations(deriveProgram(`param a[2]; data y[2]; loss = ${loss}(a, y)`).derivation, 'latex').f('loss');
    expect(of('squared_loss')).toBe('\\ell_{\\mathrm{sq}}\\left(a, y\\right)');
    expect(of('half_squared_loss')).toBe('\\tfrac{1}{2}\\ell_{\\mathrm{sq}}\\left(a, y\\right)');
    expect(of('logistic_loss')).toBe('\\ell_{\\mathrm{logistic}}\\left(a, y\\right)');
    expect(of('binary_cross_entropy')).toBe('\\ell_{\\mathrm{BCE}}\\left(a, y\\right)');
  });
});

describe('labels seeded at random are drawn as labels', () => {
  it('one-hot columns, ±1, 0 or 1: detected from the named losses, drawn so, and the check passes', () => {
    for (let seed = 0; seed < 6; seed++) {
      const a = deriveProgram(`param W[3,2]; data X[2,6]; data Y[3,6]; data t[1,6]; data z[1,6]
S = W*X
ce = softmax_cross_entropy(S, Y)
lg = logistic_loss(sumrows(S), t)
loss = ce + lg + binary_cross_entropy(sigmoid(sumrows(S)), z)`, { seed });
      expect(a.point.labels).toEqual(new Map([['Y', 'one-hot'], ['t', 'sign'], ['z', 'binary']]));
      const Y = a.point.values.get('Y')!;
      for (let j = 0; j < 6; j++) {
        const col = [0, 1, 2].map((i) => Y.data[i * 6 + j]!);
        expect(col.filter((e) => e === 1)).toHaveLength(1);
        expect(col.filter((e) => e === 0)).toHaveLength(2);
      }
      expect([...a.point.values.get('t')!.data].every((e) => e === 1 || e === -1)).toBe(true);
      expect([...a.point.values.get('z')!.data].every((e) => e === 0 || e === 1)).toBe(true);
      // Not a label: drawn as before, in [−1, 1] with two decimals.
      expect([...a.point.values.get('X')!.data].some((e) => e !== 0 && Math.abs(e) !== 1)).toBe(true);
      expect(a.check!.ok).toBe(true);
    }
  });

  it('only a datum passed directly: not a param, not an expression of a datum', () => {
    const p = parseProgram('param S[3,2]; param Q[3,2]; data Y[3,2]; data V[3,2]; loss = softmax_cross_entropy(S, Q) + softmax_cross_entropy(S, 1 - V) + sum(Y)');
    expect(labelData(p)).toEqual(new Map());
  });

  it('a datum that is the label of two losses: one-hot and 0/1 make one-hot; ±1 and 0/1 make neither', () => {
    const both = parseProgram('param S[3,2]; data Y[3,2]; loss = softmax_cross_entropy(S, Y) + binary_cross_entropy(sigmoid(S), Y)');
    expect(labelData(both)).toEqual(new Map([['Y', 'one-hot']]));
    const clash = parseProgram('param s[4]; data y[4]; loss = logistic_loss(s, y) + binary_cross_entropy(sigmoid(s), y)');
    expect(labelData(clash)).toEqual(new Map());
  });

  it('given values are kept, never redrawn; the same seed draws the same labels', () => {
    const src = "param S[3,4]; data Y[3,4]; data t[4]; loss = softmax_cross_entropy(S, Y) + logistic_loss(sumrows(S)', t)";
    const Y = [[0.2, 0.3, 0.5, 0], [0.3, 0.3, 0.5, 0], [0.5, 0.4, 0, 1]];
    const a = deriveProgram(src, { values: { Y } });
    expect(a.point.given).toBe('mixed');
    expect(a.point.labels).toEqual(new Map([['t', 'sign']]));
    expect([...a.point.values.get('Y')!.data]).toEqual(Y.flat());
    const again = deriveProgram(src, { values: { Y } });
    expect([...again.point.values.get('t')!.data]).toEqual([...a.point.values.get('t')!.data]);
    expect(describeLabels(a.point.labels)).toBe('t ±1');
    expect(describeLabels(deriveProgram(src).point.labels)).toBe('Y one-hot columns, t ±1');
  });

  it('both classes occur whenever there is room for two', () => {
    for (let seed = 0; seed < 200; seed++) {
      const rng = mulberry32(seed);
      for (const [kind, s] of [['sign', [1, 3]], ['binary', [2, 1]], ['one-hot', [2, 2]], ['one-hot', [3, 2]]] as const) {
        const t = labelTensor(rng, s, kind);
        if (kind === 'one-hot') {
          const classes = Array.from({ length: s[1] }, (_, j) => Array.from({ length: s[0] }, (_, i) => t.data[i * s[1] + j]).indexOf(1));
          expect(classes.every((c) => c >= 0)).toBe(true);
          expect(new Set(classes).size).toBeGreaterThan(1);
        } else expect(new Set(t.data).size).toBe(2);
      }
    }
    // No room: one entry, or one class.
    expect([...labelTensor(mulberry32(1), [1, 1], 'sign').data]).toHaveLength(1);
    expect([...labelTensor(mulberry32(1), [1, 3], 'one-hot').data]).toEqual([1, 1, 1]);
  });

  it('a program without a named loss is drawn exactly as before (no label, same values)', () => {
    const p = parseProgram('param W[2,3]; data x[3]; data y[2]; yhat = W*x; loss = sum((y - yhat).^2)');
    const point = chooseProgramPoint(p, new Map(), 0);
    expect(point.labels.size).toBe(0);
    expect([...point.values.get('y')!.data]).toEqual([0.16, -0.51]); // as drawn before labels existed
  });

  it('binary cross-entropy of a param probability: the point is drawn inside (0, 1)', () => {
    for (let seed = 0; seed < 20; seed++) {
      const a = deriveProgram('param p[40]; data y[40]; loss = binary_cross_entropy(p, y)', { seed });
      expect([...a.point.values.get('p')!.data].every((e) => e > 0 && e < 1)).toBe(true);
      expect(a.check!.ok).toBe(true);
    }
  });
});

describe('calls of a named loss that do not fit', () => {
  const error = (src: string): string => {
    try {
      parseProgram(src);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).format();
    }
    throw new Error('accepted');
  };
  it('takes two arguments; the other functions still one', () => {
    expect(error('param a[2]; loss = squared_loss(a)')).toBe("1:20: in 'loss = squared_loss(a)': squared_loss takes two arguments (prediction, label), got 1");
    expect(error('param a[2]; loss = sum(a, a)')).toBe("1:20: in 'loss = sum(a, a)': sum takes one argument, got 2");
  });
  it('shapes: the label fits the prediction as in y − ŷ; softmax cross-entropy needs the same shape', () => {
    expect(error('param a[2]; data y[3]; loss = logistic_loss(a, y)')).toBe("1:31: in 'loss = logistic_loss(a, y)': logistic loss of a [2] and y [3] does not fit");
    expect(error('param S[3,4]; data y[3]; loss = softmax_cross_entropy(S, y)')).toBe("1:33: in 'loss = softmax_cross_entropy(S, y)': softmax cross-entropy of S [3,4] and y [3] does not fit");
  });
  it('a loss name cannot name a variable', () => {
    expect(error('param squared_loss; loss = squared_loss')).toMatch(/'squared_loss' is reserved/);
  });
});
