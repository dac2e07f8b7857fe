// The named losses as tensor ops, each a scalar summed over every entry (over
// a batch: all columns), of (prediction, label): evaluation, complex
// continuation, and adjoints in the textbook forms for both arguments (a label
// may be a param): μ = 2(ŷ − y), −y ⊙ σ(−y ⊙ s), softmax(S) − Y.
import { c, cadd, clog, cmul, cneg, csoftplus, csub } from '../ops/complex.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { Prec } from '../ops/spec.js';
import { clogsumexp, cscalar, cscale, csum, csumPairs } from './tensor-complex.js';
import type { Builder, NodeId } from './build.js';
import { ew2, logsumexpCols, total } from './kernels.js';
import type { TOpSpec } from './tensor-ops.js';
import { callNotation } from './written.js';
import { broadcastShape, SCALAR, sameShape, tensor, type Shape, type Tensor } from './shape.js';

export type LossName = 'squared_loss' | 'half_squared_loss' | 'logistic_loss' | 'binary_cross_entropy' | 'softmax_cross_entropy';

const softplus = FUNCTIONS_TABLE.softplus.evaluate;
/** A loss's adjoint term t (of any shape that broadcasts to `out`) as μ of an argument of shape `arg`: spread, then summed back. */
function onto(b: Builder, t: NodeId, out: Shape, arg: Shape): NodeId {
  return b.reduceTo(sameShape(b.shape(t), out) ? t : b.spread(t, out), arg);
}
/** g·t, or t itself when the incoming adjoint is 1 (μ of an objective nothing uses). */
const scaled = (b: Builder, g: NodeId, t: NodeId): NodeId => (b.isOnes(g) ? t : b.mul(g, t));
/** u − v, or u when v is the number 0 (a label written as 0). */
const minus = (b: Builder, u: NodeId, v: NodeId): NodeId => (b.numValue(v) === 0 ? u : b.sub(u, v));
/**
 * −u ⊙ v as the textbook writes it (the sign on u), e.g. −y ⊙ σ(−y ⊙ s); the builder's
 * folding would give −(u ⊙ v). With a number on either side it folds (−σ(−s) for y = 1).
 */
function negTimes(b: Builder, u: NodeId, v: NodeId): NodeId {
  if (b.numValue(u) !== null || b.numValue(v) !== null) return b.mul(b.neg(u), v);
  return b.op('mul', [b.neg(u), v]);
}
/** The shape rule of an elementwise loss: prediction and label fit as in y − ŷ (the label may broadcast); the loss is a scalar. */
const pairLoss = ([a, c]: readonly Shape[]): Shape | null => (broadcastShape(a!, c!) === null ? null : SCALAR);
const scalar = (v: number): Tensor => tensor(1, 1, Float64Array.of(v));
/** Σ f(a_ij, c_ij) over the broadcast pair. */
const sumPairs = (a: Tensor, c: Tensor, f: (x: number, y: number) => number): number =>
  total(ew2(a, c, broadcastShape([a.rows, a.cols], [c.rows, c.cols])!, f));

export const LOSS_OPS: Readonly<Record<LossName, TOpSpec>> = {
  /** Σ (y − ŷ)²: μ_ŷ = 2(ŷ − y), μ_y = 2(y − ŷ). */
  squared_loss: {
    arity: 2, describe: 'squared loss', shape: pairLoss,
    notation: callNotation('squared_loss', '\\ell_{\\mathrm{sq}}'),
    complex: ([a, y]) => csumPairs(a!, y!, (x, t) => { const d = csub(t, x); return cmul(d, d); }),
    evaluate: ([a, c]) => scalar(sumPairs(a!, c!, (x, y) => (y - x) ** 2)),
    adjoint: (b, [x, y], _o, g) => {
      const out = broadcastShape(b.shape(x!), b.shape(y!))!;
      return [
        onto(b, scaled(b, g, b.mul(b.num(2), minus(b, x!, y!))), out, b.shape(x!)),
        onto(b, scaled(b, g, b.mul(b.num(2), minus(b, y!, x!))), out, b.shape(y!)),
      ];
    },
  },
  /** ½ Σ (y − ŷ)²: μ_ŷ = ŷ − y, μ_y = y − ŷ. */
  half_squared_loss: {
    arity: 2, describe: 'half-squared loss', shape: pairLoss,
    // ½ℓ(…) is a product in LaTeX.
    notation: callNotation('half_squared_loss', '\\tfrac{1}{2}\\ell_{\\mathrm{sq}}', Prec.Product),
    complex: ([a, y]) => cscale(csumPairs(a!, y!, (x, t) => { const d = csub(t, x); return cmul(d, d); }), 0.5),
    evaluate: ([a, c]) => scalar(0.5 * sumPairs(a!, c!, (x, y) => (y - x) ** 2)),
    adjoint: (b, [x, y], _o, g) => {
      const out = broadcastShape(b.shape(x!), b.shape(y!))!;
      return [onto(b, scaled(b, g, minus(b, x!, y!)), out, b.shape(x!)), onto(b, scaled(b, g, minus(b, y!, x!)), out, b.shape(y!))];
    },
  },
  /** Σ log(1 + exp(−y ⊙ s)) for labels ±1: μ_s = −y ⊙ σ(−y ⊙ s), μ_y = −s ⊙ σ(−y ⊙ s). */
  logistic_loss: {
    arity: 2, describe: 'logistic loss', shape: pairLoss, labels: [null, 'sign'],
    notation: callNotation('logistic_loss', '\\ell_{\\mathrm{logistic}}'),
    complex: ([a, y]) => csumPairs(a!, y!, (x, t) => csoftplus(cneg(cmul(t, x)))),
    evaluate: ([a, c]) => scalar(sumPairs(a!, c!, (s, y) => softplus(-y * s, 0, 0))),
    adjoint: (b, [s, y], _o, g) => {
      const out = broadcastShape(b.shape(s!), b.shape(y!))!;
      const p = b.call('sigmoid', negTimes(b, y!, s!));
      // With μ of the loss not 1, the sign goes in front: −(μ·y ⊙ σ(−y ⊙ s)).
      const term = (u: NodeId): NodeId => (b.isOnes(g) ? negTimes(b, u, p) : b.neg(b.mul(g, b.mul(u, p))));
      return [onto(b, term(y!), out, b.shape(s!)), onto(b, term(s!), out, b.shape(y!))];
    },
  },
  /**
   * −Σ (y ⊙ log p + (1 − y) ⊙ log(1 − p)), p in (0, 1) (outside, the value is not finite and the
   * point is drawn again, as for log): μ_p = (p − y) ⊘ (p ⊙ (1 − p)), μ_y = log(1 − p) − log(p).
   */
  binary_cross_entropy: {
    arity: 2, describe: 'binary cross-entropy', shape: pairLoss, labels: [null, 'binary'],
    notation: callNotation('binary_cross_entropy', '\\ell_{\\mathrm{BCE}}'),
    complex: ([a, y]) => cscale(csumPairs(a!, y!, (p, t) => cadd(cmul(t, clog(p)), cmul(csub(c(1), t), clog(csub(c(1), p))))), -1),
    evaluate: ([a, c]) => scalar(-sumPairs(a!, c!, (p, y) => y * Math.log(p) + (1 - y) * Math.log(1 - p))),
    adjoint: (b, [p, y], _o, g) => {
      const out = broadcastShape(b.shape(p!), b.shape(y!))!;
      const oneMinus = b.sub(b.num(1), p!);
      return [
        onto(b, scaled(b, g, b.div(b.sub(p!, y!), b.mul(p!, oneMinus))), out, b.shape(p!)),
        onto(b, scaled(b, g, b.sub(b.call('log', oneMinus), b.call('log', p!))), out, b.shape(y!)),
      ];
    },
  },
  /**
   * Σ over columns (samples) of logsumexp(s_j) − Σ Y ⊙ S: −Σ Y ⊙ log softmax(S) when each column of Y
   * sums to 1 (one-hot), written so that μ_S = softmax(S) − Y exactly, for any Y; μ_Y = −S.
   */
  softmax_cross_entropy: {
    arity: 2, describe: 'softmax cross-entropy',
    notation: callNotation('softmax_cross_entropy', '\\ell_{\\mathrm{CE}}'),
    shape: ([a, c]) => (sameShape(a!, c!) ? SCALAR : null),
    labels: [null, 'one-hot'],
    complex: ([a, y]) => { const l = csum(clogsumexp(a!), null); const d = csumPairs(a!, y!, (x, t) => cmul(t, x)); return cscalar(csub({ re: l.re[0]!, im: l.im[0]! }, { re: d.re[0]!, im: d.im[0]! })); },
    evaluate: ([a, c]) => scalar(total(logsumexpCols(a!)) - sumPairs(a!, c!, (s, y) => y * s)),
    adjoint: (b, [s, y], _o, g) => [scaled(b, g, b.sub(b.call('softmax', s!), y!)), scaled(b, g, b.neg(s!))],
  },
};
