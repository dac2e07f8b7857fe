// THE tensor op table: one entry per operation on vectors and matrices, with
// its shape rule, its evaluation on row-major Float64Arrays, its adjoint as
// symbolic tensor expressions (μ of each argument given the incoming adjoint
// g, which has the output's shape), and its text and LaTeX.
// An adjoint may use the op's own output `out` (σ' = out ⊙ (1 − out)): at the
// root of a statement `out` is the statement's variable, so derived formulas
// read z ⊙ (1 − z) as in the notes.
import { c, cadd, cdiv, clog, cmul, cneg, cpow, csoftplus, csub } from '../ops/complex.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { Prec, type FunctionName } from '../ops/spec.js';
import type { TBuilder, TId } from './ir.js';
import { clogsumexp, cmap, cmatmul, cscalar, cscale, csoftmax, csum, csumPairs, ctranspose, type CTensor } from './complex.js';
import { elementwise, matmul } from './kernels.js';
import { broadcastShape, isScalar, numel, SCALAR, sameShape, tensor, type Shape, type Tensor } from './shape.js';

/** The tensor ops' precedences are the one table's (src/ops/spec.ts): a postfix op (ᵀ, .^) binds as a power. */
export { Prec };

export type TextStyle = 'unicode' | 'ascii';

export interface TOpSpec {
  readonly arity: number;
  readonly prec: Prec;
  /** Used in shape errors: "<describe> of A [2,3] and B [4] does not fit". */
  readonly describe: string;
  shape(args: readonly Shape[]): Shape | null;
  evaluate(args: readonly Tensor[], out: Shape): Tensor;
  /** Analytic continuation on complex tensors, for the complex-step check; absent where none is written (erf). */
  readonly complex?: (args: readonly CTensor[], out: Shape) => CTensor;
  /** Contribution to μ of each argument (already of the argument's shape), or null for none. */
  adjoint(b: TBuilder, args: readonly TId[], out: TId, g: TId): readonly (TId | null)[];
  /** Operands arrive parenthesized, except for a function of the table, which gets their precedences and wraps them as its notation says. */
  text(args: readonly string[], shapes: readonly Shape[], style: TextStyle, precs: readonly Prec[]): string;
  latex(args: readonly string[], shapes: readonly Shape[], precs: readonly Prec[]): string;
  /** A function of the one table (src/ops/functions.ts), lifted elementwise. */
  readonly lifted?: FunctionName;
  /**
   * For a loss, what each argument must hold to be that loss's label (null: not a label). A data
   * variable passed there directly is drawn so when values are seeded at random (tensor/point.ts).
   */
  readonly labels?: readonly (LabelKind | null)[];
}

/**
 * Labels of the named losses: one-hot columns (softmax cross-entropy), ±1
 * entries (logistic), entries 0 or 1 (binary cross-entropy).
 */
export type LabelKind = 'one-hot' | 'sign' | 'binary';

/** Elementwise binary evaluation with broadcasting. */
function ew2(a: Tensor, c: Tensor, out: Shape, f: (x: number, y: number) => number): Tensor {
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
function ew1(a: Tensor, f: (x: number) => number): Tensor {
  const res = tensor(a.rows, a.cols);
  for (let k = 0; k < a.data.length; k++) res.data[k] = f(a.data[k]!);
  return res;
}
const same = ([a]: readonly Shape[]): Shape => a!;
const bcast = ([a, c]: readonly Shape[]): Shape | null => broadcastShape(a!, c!);
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** Column-wise softmax (a vector is one column). */
function softmaxCols(a: Tensor): Tensor {
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
function logsumexpCols(a: Tensor): Tensor {
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
function sumAxis(a: Tensor, axis: 'rows' | 'cols'): Tensor {
  const res = axis === 'cols' ? tensor(a.rows, 1) : tensor(1, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) res.data[axis === 'cols' ? i : j] += a.data[i * a.cols + j]!;
  }
  return res;
}
const total = (a: Tensor): number => a.data.reduce((s, v) => s + v, 0);

const mulText = (shapes: readonly Shape[], style: TextStyle): string => {
  const scaling = shapes.some(isScalar);
  if (style === 'ascii') return scaling ? '*' : '.*';
  return scaling ? '·' : ' ⊙ ';
};

/** A loss's adjoint term t (of any shape that broadcasts to `out`) as μ of an argument of shape `arg`: spread, then summed back. */
function onto(b: TBuilder, t: TId, out: Shape, arg: Shape): TId {
  return b.reduceTo(sameShape(b.shape(t), out) ? t : b.spread(t, out), arg);
}
/** g·t, or t itself when the incoming adjoint is 1 (μ of an objective nothing uses). */
const scaled = (b: TBuilder, g: TId, t: TId): TId => (b.isOnes(g) ? t : b.emul(g, t));
/** u − v, or u when v is the number 0 (a label written as 0). */
const minus = (b: TBuilder, u: TId, v: TId): TId => (b.numValue(v) === 0 ? u : b.sub(u, v));
/**
 * −u ⊙ v as the textbook writes it (the sign on u), e.g. −y ⊙ σ(−y ⊙ s); the builder's
 * folding would give −(u ⊙ v). With a number on either side it folds (−σ(−s) for y = 1).
 */
function negTimes(b: TBuilder, u: TId, v: TId): TId {
  if (b.numValue(u) !== null || b.numValue(v) !== null) return b.emul(b.neg(u), v);
  return b.op('emul', [b.neg(u), v]);
}
/** The shape rule of an elementwise loss: prediction and label fit as in y − ŷ (the label may broadcast); the loss is a scalar. */
const pairLoss = ([a, c]: readonly Shape[]): Shape | null => (broadcastShape(a!, c!) === null ? null : SCALAR);
const scalar = (v: number): Tensor => tensor(1, 1, Float64Array.of(v));
/** Σ f(a_ij, c_ij) over the broadcast pair. */
const sumPairs = (a: Tensor, c: Tensor, f: (x: number, y: number) => number): number =>
  total(ew2(a, c, broadcastShape([a.rows, a.cols], [c.rows, c.cols])!, f));
/** A named loss of (prediction, label): its name as a user calls it, and its LaTeX symbol. */
const lossText = (name: string) => ([a, c]: readonly string[]): string => `${name}(${a}, ${c})`;
const lossLatex = (symbol: string) => ([a, c]: readonly string[]): string => `${symbol}\\left(${a}, ${c}\\right)`;

const ZERO = { re: 0, im: 0 };
const GLYPHS = { unicode: { times: '·', minus: '−' }, ascii: { times: '*', minus: '-' } } as const;

/** Elementwise ternary evaluation with broadcasting. */
function ew3(a: Tensor, c: Tensor, d: Tensor, out: Shape, f: (x: number, y: number, w: number) => number): Tensor {
  const [r, k] = out;
  const res = tensor(r, k);
  const at = (t: Tensor, i: number, j: number): number => t.data[(t.rows === 1 ? 0 : i) * t.cols + (t.cols === 1 ? 0 : j)]!;
  for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) res.data[i * k + j] = f(at(a, i, j), at(c, i, j), at(d, i, j));
  return res;
}

/**
 * A function of the one table as a tensor op: the shape is the arguments' broadcast, the
 * value is the scalar function entry by entry, and μ of argument k is g ⊙ ∂f/∂a_k (summed
 * back over the axes it was broadcast along), ∂f/∂a_k being the table's derivative written
 * in the tensor builder's elementwise algebra. Text and LaTeX are the scalar notation's.
 */
function lifted(name: FunctionName): TOpSpec {
  const spec = FUNCTIONS_TABLE[name];
  const f = spec.evaluate;
  const wrapAll = (args: readonly string[], precs: readonly Prec[], open: string, close: string): string[] =>
    args.map((a, k) => ((precs[k] ?? Prec.Atom) < (spec.latex.args[k] ?? Prec.Any) ? `${open}${a}${close}` : a));
  const operator = spec.isFunction === false;
  return {
    arity: spec.arity, prec: operator ? Prec.Power : Prec.Atom, describe: spec.names[0] ?? name, lifted: name,
    shape: (shapes) => shapes.reduce<Shape | null>((acc, s) => (acc === null ? null : broadcastShape(acc, s)), shapes[0]!),
    complex: spec.complex && ((args, out) => cmap(args, out, (xs) => spec.complex!(xs[0]!, xs[1] ?? ZERO, xs[2] ?? ZERO))),
    evaluate: (args, out) => {
      if (args.length === 1) return ew1(args[0]!, (x) => f(x, 0, 0));
      if (args.length === 2) return ew2(args[0]!, args[1]!, out, (x, y) => f(x, y, 0));
      return ew3(args[0]!, args[1]!, args[2]!, out, f);
    },
    adjoint: (b, args, out, g) => {
      const ds = spec.derivative(b.algebra, args, out);
      return args.map((x, k) => {
        const d = ds[k];
        // A number argument (a slope, a bound) gets no multiplier; a derivative that is 0 (step) sends nothing.
        if (d === null || d === undefined || b.numValue(x) !== null || b.numValue(d) === 0) return null;
        return b.reduceTo(b.emul(g, d), b.shape(x));
      });
    },
    text: (args, shapes, style) => {
      if (operator) return `${args[0]}${shapes.every(isScalar) ? '^' : style === 'ascii' ? '.^' : '^'}${args[1]}`;
      return spec.text ? spec.text.write(args, GLYPHS[style]) : `${spec.names[0]}(${args.join(', ')})`;
    },
    latex: (args, _shapes, precs) => (operator ? `{${args[0]}}^{${args[1]}}` : spec.latex.write(wrapAll(args, precs, '\\left(', '\\right)'))),
  };
}

/** max or min of every entry, as a reduction: its adjoint is g at the extremum's entry. */
function extremum(name: 'max' | 'min', better: (a: number, b: number) => boolean): TOpSpec {
  const pick = (xs: ArrayLike<number>): number => {
    let k = 0;
    for (let i = 1; i < xs.length; i++) if (better(xs[i]!, xs[k]!)) k = i;
    return k;
  };
  return {
    arity: 1, prec: Prec.Atom, describe: `${name} of the entries`, shape: () => SCALAR,
    complex: ([a]) => {
      const k = pick(a!.re);
      return cscalar({ re: a!.re[k]!, im: a!.im[k]! });
    },
    evaluate: ([a]) => scalar(a!.data[pick(a!.data)]!),
    adjoint: (b, [x], out, g) => [b.emul(g, b.op('atmax', [x!, out]))],
    text: ([a]) => `${name}(${a})`,
    latex: ([a]) => `\\${name}\\left(${a}\\right)`,
  };
}

/** Every function of the table, lifted. */
const LIFTED = Object.fromEntries(
  (Object.keys(FUNCTIONS_TABLE) as FunctionName[]).map((name) => [name, lifted(name)]),
) as Record<FunctionName, TOpSpec>;

export type TOpName =
  | 'add' | 'sub' | 'emul' | 'ediv' | 'epow' | 'neg' | 'matmul' | 'transpose' | 'sum' | 'mean' | 'sumcols' | 'sumrows'
  | 'sqnorm' | 'maxall' | 'minall' | 'atmax' | 'softmax' | 'logsumexp' | FunctionName
  | 'squared_loss' | 'half_squared_loss' | 'logistic_loss' | 'binary_cross_entropy' | 'softmax_cross_entropy';

export const TOPS: Readonly<Record<TOpName, TOpSpec>> = {
  add: {
    arity: 2, prec: Prec.Sum, describe: 'sum', shape: bcast,
    complex: ([a, c], out) => cmap([a!, c!], out, ([x, y]) => cadd(x!, y!)),
    evaluate: ([a, c], out) => elementwise('add', a!, c!, out[0], out[1]),
    adjoint: (b, [x, y], _o, g) => [b.reduceTo(g, b.shape(x!)), b.reduceTo(g, b.shape(y!))],
    text: ([a, c]) => `${a} + ${c}`,
    latex: ([a, c]) => `${a} + ${c}`,
  },
  sub: {
    arity: 2, prec: Prec.Sum, describe: 'difference', shape: bcast,
    complex: ([a, c], out) => cmap([a!, c!], out, ([x, y]) => csub(x!, y!)),
    evaluate: ([a, c], out) => elementwise('sub', a!, c!, out[0], out[1]),
    adjoint: (b, [x, y], _o, g) => [b.reduceTo(g, b.shape(x!)), b.reduceTo(b.neg(g), b.shape(y!))],
    text: ([a, c], _s, style) => `${a} ${style === 'ascii' ? '-' : '−'} ${c}`,
    latex: ([a, c]) => `${a} - ${c}`,
  },
  /** Elementwise product; with a scalar operand, a scaling. */
  emul: {
    arity: 2, prec: Prec.Product, describe: 'elementwise product', shape: bcast,
    complex: ([a, c], out) => cmap([a!, c!], out, ([x, y]) => cmul(x!, y!)),
    evaluate: ([a, c], out) => elementwise('emul', a!, c!, out[0], out[1]),
    adjoint: (b, [x, y], _o, g) => [b.reduceTo(b.emul(g, y!), b.shape(x!)), b.reduceTo(b.emul(g, x!), b.shape(y!))],
    text: ([a, c], s, style) => `${a}${mulText(s, style)}${c}`,
    latex: ([a, c], s) => (s.some(isScalar) ? `${a} \\cdot ${c}` : `${a} \\odot ${c}`),
  },
  /** Elementwise quotient: ∂(a/c) = (1/c, −a/c²) = (1/c, −out/c). */
  ediv: {
    arity: 2, prec: Prec.Product, describe: 'elementwise quotient', shape: bcast,
    complex: ([a, c], out) => cmap([a!, c!], out, ([x, y]) => cdiv(x!, y!)),
    evaluate: ([a, c], out) => elementwise('ediv', a!, c!, out[0], out[1]),
    adjoint: (b, [x, y], out, g) => [
      b.reduceTo(b.ediv(g, y!), b.shape(x!)),
      b.reduceTo(b.neg(b.emul(g, b.ediv(out, y!))), b.shape(y!)),
    ],
    text: ([a, c], s, style) => `${a}${style === 'ascii' && !isScalar(s[1]!) ? ' ./ ' : '/'}${c}`,
    latex: ([a, c], s) => (isScalar(s[1]!) ? `\\frac{${a}}{${c}}` : `${a} \\oslash ${c}`),
  },
  /** Elementwise power by a constant p (the second argument is always a number): ∂ = p·a^(p−1). */
  epow: {
    arity: 2, prec: Prec.Power, describe: 'elementwise power', shape: same,
    complex: ([a, p], out) => cmap([a!], out, ([x]) => cpow(x!, c(p!.re[0]!))),
    evaluate: ([a, p]) => ew1(a!, (x) => x ** p!.data[0]!),
    adjoint: (b, [x, p], _o, g) => {
      const e = b.numValue(p!)!;
      return [b.emul(g, b.emul(b.num(e), b.epow(x!, e - 1))), null];
    },
    text: ([a, p], s) => `${a}${isScalar(s[0]!) ? '^' : '.^'}${p}`,
    latex: ([a, p]) => `${a}^{${p}}`,
  },
  neg: {
    arity: 1, prec: Prec.Neg, describe: 'negation', shape: same,
    complex: ([a], out) => cmap([a!], out, ([x]) => cneg(x!)),
    evaluate: ([a]) => ew1(a!, (x) => -x),
    adjoint: (b, _x, _o, g) => [b.neg(g)],
    text: ([a], _s, style) => `${style === 'ascii' ? '-' : '−'}${a}`,
    latex: ([a]) => `-${a}`,
  },
  /** Y = A·B: μ_A += μ_Y Bᵀ, μ_B += Aᵀ μ_Y. */
  matmul: {
    arity: 2, prec: Prec.Product, describe: 'matrix product',
    shape: ([a, c]) => (a![1] === c![0] ? [a![0], c![1]] : null),
    complex: ([a, c]) => cmatmul(a!, c!),
    evaluate: ([a, c]) => matmul(a!, false, c!, false),
    adjoint: (b, [x, y], _o, g) => [b.matmul(g, b.transpose(y!)), b.matmul(b.transpose(x!), g)],
    text: ([a, c], _s, style) => `${a}${style === 'ascii' ? '*' : '·'}${c}`,
    latex: ([a, c]) => `${a} ${c}`,
  },
  transpose: {
    arity: 1, prec: Prec.Power, describe: 'transpose', shape: ([a]) => [a![1], a![0]],
    complex: ([a]) => ctranspose(a!),
    evaluate: ([a]) => {
      const res = tensor(a!.cols, a!.rows);
      for (let i = 0; i < a!.rows; i++) for (let j = 0; j < a!.cols; j++) res.data[j * a!.rows + i] = a!.data[i * a!.cols + j]!;
      return res;
    },
    adjoint: (b, _x, _o, g) => [b.transpose(g)],
    text: ([a], _s, style) => `${a}${style === 'ascii' ? "'" : 'ᵀ'}`,
    latex: ([a]) => `${a}^{\\top}`,
  },
  /** Σ of all entries → scalar; μ = g·𝟙. */
  sum: {
    arity: 1, prec: Prec.Atom, describe: 'sum', shape: () => SCALAR,
    complex: ([a]) => csum(a!, null),
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(total(a!))),
    adjoint: (b, [x], _o, g) => [b.spread(g, b.shape(x!))],
    text: ([a]) => `sum(${a})`,
    latex: ([a]) => `\\operatorname{sum}\\left(${a}\\right)`,
  },
  /** Mean of all entries; μ = (g/N)·𝟙. */
  mean: {
    arity: 1, prec: Prec.Atom, describe: 'mean', shape: () => SCALAR,
    complex: ([a]) => cscale(csum(a!, null), 1 / (a!.rows * a!.cols)),
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(total(a!) / a!.data.length)),
    adjoint: (b, [x], _o, g) => [b.ediv(b.spread(g, b.shape(x!)), b.num(numel(b.shape(x!))))],
    text: ([a]) => `mean(${a})`,
    latex: ([a]) => `\\operatorname{mean}\\left(${a}\\right)`,
  },
  /** Row sums, [n,b] → [n]: the adjoint of a bias broadcast over the columns (G·𝟙). */
  sumcols: {
    arity: 1, prec: Prec.Product, describe: 'sum over columns', shape: ([a]) => [a![0], 1],
    complex: ([a]) => csum(a!, 'cols'),
    evaluate: ([a]) => sumAxis(a!, 'cols'),
    adjoint: (b, [x], _o, g) => [b.spread(g, b.shape(x!))],
    text: ([a], _s, style) => (style === 'ascii' ? `sumcols(${a})` : `${a}·𝟙`),
    latex: ([a]) => `${a} \\mathbf{1}`,
  },
  /** Column sums, [n,b] → [1,b] (𝟙ᵀG). */
  sumrows: {
    arity: 1, prec: Prec.Product, describe: 'sum over rows', shape: ([a]) => [1, a![1]],
    complex: ([a]) => csum(a!, 'rows'),
    evaluate: ([a]) => sumAxis(a!, 'rows'),
    adjoint: (b, [x], _o, g) => [b.spread(g, b.shape(x!))],
    text: ([a], _s, style) => (style === 'ascii' ? `sumrows(${a})` : `𝟙ᵀ·${a}`),
    latex: ([a]) => `\\mathbf{1}^{\\top} ${a}`,
  },
  /** ‖a‖² = Σ a_ij²; μ = 2g·a. */
  sqnorm: {
    arity: 1, prec: Prec.Atom, describe: 'squared norm', shape: () => SCALAR,
    complex: ([a]) => csum(a!, null, (x) => cmul(x, x)),
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(a!.data.reduce((s, v) => s + v * v, 0))),
    adjoint: (b, [x], _o, g) => [b.emul(b.emul(b.num(2), g), x!)],
    text: ([a], _s, style) => (style === 'ascii' ? `sqnorm(${a})` : `‖${a}‖²`),
    latex: ([a]) => `\\left\\lVert ${a} \\right\\rVert^{2}`,
  },
  /** The largest entry (max of one argument in a program): μ = g at the entry that is the max, 0 elsewhere; a tie is a kink. */
  maxall: extremum('max', (a, b) => a > b),
  minall: extremum('min', (a, b) => a < b),
  /** 1 where the entry equals the scalar m (the extremum), else 0: max's derivative, piecewise constant. */
  atmax: {
    arity: 2, prec: Prec.Atom, describe: 'indicator of the extremum', shape: ([a]) => a!,
    complex: ([a, m], out) => cmap([a!, m!], out, ([x, y]) => c(x!.re === y!.re ? 1 : 0)),
    evaluate: ([a, m], out) => ew2(a!, m!, out, (x, y) => (x === y ? 1 : 0)),
    adjoint: () => [null, null],
    text: ([a, m], _s, style) => (style === 'ascii' ? `(${a} == ${m})` : `𝟙[${a} = ${m}]`),
    latex: ([a, m]) => `\\mathbf{1}\\left[${a} = ${m}\\right]`,
  },
  /** Column-wise softmax Y: μ_H = Y ⊙ (g − 𝟙ᵀ(Y ⊙ g)). */
  softmax: {
    arity: 1, prec: Prec.Atom, describe: 'softmax', shape: same,
    complex: ([a]) => csoftmax(a!),
    evaluate: ([a]) => softmaxCols(a!),
    adjoint: (b, [x], out, g) => [b.emul(out, b.sub(g, b.reduceTo(b.emul(out, g), [1, b.shape(x!)[1]])))],
    text: ([a]) => `softmax(${a})`,
    latex: ([a]) => `\\operatorname{softmax}\\left(${a}\\right)`,
  },
  /** Column-wise log Σ exp → [1,b] (a scalar for a vector): μ_H = softmax(H) ⊙ g. */
  logsumexp: {
    arity: 1, prec: Prec.Atom, describe: 'logsumexp', shape: ([a]) => [1, a![1]],
    complex: ([a]) => clogsumexp(a!),
    evaluate: ([a]) => logsumexpCols(a!),
    adjoint: (b, [x], _o, g) => [b.emul(b.call('softmax', [x!]), g)],
    text: ([a]) => `logsumexp(${a})`,
    latex: ([a]) => `\\operatorname{logsumexp}\\left(${a}\\right)`,
  },
  ...LIFTED,

  // The named losses, each a scalar summed over every entry (over the batch: all columns), as
  // (prediction, label). Adjoints in the textbook forms, for both arguments (a label may be a param).
  /** Σ (y − ŷ)²: μ_ŷ = 2(ŷ − y), μ_y = 2(y − ŷ). */
  squared_loss: {
    arity: 2, prec: Prec.Atom, describe: 'squared loss', shape: pairLoss,
    complex: ([a, y]) => csumPairs(a!, y!, (x, t) => { const d = csub(t, x); return cmul(d, d); }),
    evaluate: ([a, c]) => scalar(sumPairs(a!, c!, (x, y) => (y - x) ** 2)),
    adjoint: (b, [x, y], _o, g) => {
      const out = broadcastShape(b.shape(x!), b.shape(y!))!;
      return [
        onto(b, scaled(b, g, b.emul(b.num(2), minus(b, x!, y!))), out, b.shape(x!)),
        onto(b, scaled(b, g, b.emul(b.num(2), minus(b, y!, x!))), out, b.shape(y!)),
      ];
    },
    text: lossText('squared_loss'),
    latex: lossLatex('\\ell_{\\mathrm{sq}}'),
  },
  /** ½ Σ (y − ŷ)²: μ_ŷ = ŷ − y, μ_y = y − ŷ. */
  half_squared_loss: {
    arity: 2, prec: Prec.Atom, describe: 'half-squared loss', shape: pairLoss,
    complex: ([a, y]) => cscale(csumPairs(a!, y!, (x, t) => { const d = csub(t, x); return cmul(d, d); }), 0.5),
    evaluate: ([a, c]) => scalar(0.5 * sumPairs(a!, c!, (x, y) => (y - x) ** 2)),
    adjoint: (b, [x, y], _o, g) => {
      const out = broadcastShape(b.shape(x!), b.shape(y!))!;
      return [onto(b, scaled(b, g, minus(b, x!, y!)), out, b.shape(x!)), onto(b, scaled(b, g, minus(b, y!, x!)), out, b.shape(y!))];
    },
    text: lossText('half_squared_loss'),
    latex: lossLatex('\\tfrac{1}{2}\\ell_{\\mathrm{sq}}'),
  },
  /** Σ log(1 + exp(−y ⊙ s)) for labels ±1: μ_s = −y ⊙ σ(−y ⊙ s), μ_y = −s ⊙ σ(−y ⊙ s). */
  logistic_loss: {
    arity: 2, prec: Prec.Atom, describe: 'logistic loss', shape: pairLoss, labels: [null, 'sign'],
    complex: ([a, y]) => csumPairs(a!, y!, (x, t) => csoftplus(cneg(cmul(t, x)))),
    evaluate: ([a, c]) => scalar(sumPairs(a!, c!, (s, y) => softplus(-y * s))),
    adjoint: (b, [s, y], _o, g) => {
      const out = broadcastShape(b.shape(s!), b.shape(y!))!;
      const p = b.call('sigmoid', [negTimes(b, y!, s!)]);
      // With μ of the loss not 1, the sign goes in front: −(μ·y ⊙ σ(−y ⊙ s)).
      const term = (u: TId): TId => (b.isOnes(g) ? negTimes(b, u, p) : b.neg(b.emul(g, b.emul(u, p))));
      return [onto(b, term(y!), out, b.shape(s!)), onto(b, term(s!), out, b.shape(y!))];
    },
    text: lossText('logistic_loss'),
    latex: lossLatex('\\ell_{\\mathrm{logistic}}'),
  },
  /**
   * −Σ (y ⊙ log p + (1 − y) ⊙ log(1 − p)), p in (0, 1) (outside, the value is not finite and the
   * point is drawn again, as for log): μ_p = (p − y) ⊘ (p ⊙ (1 − p)), μ_y = log(1 − p) − log(p).
   */
  binary_cross_entropy: {
    arity: 2, prec: Prec.Atom, describe: 'binary cross-entropy', shape: pairLoss, labels: [null, 'binary'],
    complex: ([a, y]) => cscale(csumPairs(a!, y!, (p, t) => cadd(cmul(t, clog(p)), cmul(csub(c(1), t), clog(csub(c(1), p))))), -1),
    evaluate: ([a, c]) => scalar(-sumPairs(a!, c!, (p, y) => y * Math.log(p) + (1 - y) * Math.log(1 - p))),
    adjoint: (b, [p, y], _o, g) => {
      const out = broadcastShape(b.shape(p!), b.shape(y!))!;
      const oneMinus = b.sub(b.num(1), p!);
      return [
        onto(b, scaled(b, g, b.ediv(b.sub(p!, y!), b.emul(p!, oneMinus))), out, b.shape(p!)),
        onto(b, scaled(b, g, b.sub(b.call('log', [oneMinus]), b.call('log', [p!]))), out, b.shape(y!)),
      ];
    },
    text: lossText('binary_cross_entropy'),
    latex: lossLatex('\\ell_{\\mathrm{BCE}}'),
  },
  /**
   * Σ over columns (samples) of logsumexp(s_j) − Σ Y ⊙ S: −Σ Y ⊙ log softmax(S) when each column of Y
   * sums to 1 (one-hot), written so that μ_S = softmax(S) − Y exactly, for any Y; μ_Y = −S.
   */
  softmax_cross_entropy: {
    arity: 2, prec: Prec.Atom, describe: 'softmax cross-entropy',
    shape: ([a, c]) => (sameShape(a!, c!) ? SCALAR : null),
    labels: [null, 'one-hot'],
    complex: ([a, y]) => { const l = csum(clogsumexp(a!), null); const d = csumPairs(a!, y!, (x, t) => cmul(t, x)); return cscalar(csub({ re: l.re[0]!, im: l.im[0]! }, { re: d.re[0]!, im: d.im[0]! })); },
    evaluate: ([a, c]) => scalar(total(logsumexpCols(a!)) - sumPairs(a!, c!, (s, y) => y * s)),
    adjoint: (b, [s, y], _o, g) => [scaled(b, g, b.sub(b.call('softmax', [s!]), y!)), scaled(b, g, b.neg(s!))],
    text: lossText('softmax_cross_entropy'),
    latex: lossLatex('\\ell_{\\mathrm{CE}}'),
  },
};

/** Functions a program may call besides the table's (src/ops/registry.ts): one argument each, the named losses two (TOPS[op].arity). */
export const TFUNCTIONS: ReadonlyMap<string, TOpName> = new Map<string, TOpName>([
  ['sum', 'sum'], ['mean', 'mean'], ['sqnorm', 'sqnorm'], ['softmax', 'softmax'], ['logsumexp', 'logsumexp'],
  ['sumcols', 'sumcols'], ['sumrows', 'sumrows'], ['transpose', 'transpose'],
  // The named losses take two arguments, (prediction, label).
  ['squared_loss', 'squared_loss'], ['half_squared_loss', 'half_squared_loss'], ['logistic_loss', 'logistic_loss'],
  ['binary_cross_entropy', 'binary_cross_entropy'], ['softmax_cross_entropy', 'softmax_cross_entropy'],
]);
