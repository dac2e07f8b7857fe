// THE tensor op table: one entry per operation on vectors and matrices, with
// its shape rule, its evaluation on row-major Float64Arrays, its adjoint as
// symbolic tensor expressions (μ of each argument given the incoming adjoint
// g, which has the output's shape), and how it is written (src/ir/written.ts).
// An adjoint may use the op's own output `out` (σ' = out ⊙ (1 − out)): at the
// root of a statement `out` is the statement's variable, so derived formulas
// read z ⊙ (1 − z) as in the notes.
import { OPERATORS, type OperatorName } from '../ops/arithmetic.js';
import { c, cmul } from '../ops/complex.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { Prec, type FunctionName } from '../ops/spec.js';
import { callNotation, functionNotation, matrixProduct, operatorNotation, perStyle, written, type OpNotation } from './written.js';
import type { Builder, NodeId } from './build.js';
import { clogsumexp, cmap, cmatmul, cscalar, cscale, csoftmax, csum, ctranspose, type CTensor } from './tensor-complex.js';
import { elementwise, ew1, ew2, logsumexpCols, matmul, softmaxCols, sumAxis, total } from './kernels.js';
import { LOSS_OPS, type LossName } from './losses.js';
import { broadcastShape, numel, SCALAR, tensor, type Shape, type Tensor } from './shape.js';

/** The tensor ops' precedences are the one table's (src/ops/spec.ts): a postfix op (ᵀ, .^) binds as a power. */
export { Prec };

export interface TOpSpec {
  readonly arity: number;
  /** Used in shape errors: "<describe> of A [2,3] and B [4] does not fit". */
  readonly describe: string;
  shape(args: readonly Shape[]): Shape | null;
  evaluate(args: readonly Tensor[], out: Shape): Tensor;
  /** Analytic continuation on complex tensors, for the complex-step check; absent where none is written (erf). */
  readonly complex?: (args: readonly CTensor[], out: Shape) => CTensor;
  /** Contribution to μ of each argument (already of the argument's shape), or null for none. */
  adjoint(b: Builder, args: readonly NodeId[], out: NodeId, g: NodeId): readonly (NodeId | null)[];
  /** How it is written in each style, for its operands' shapes (the one printer, src/render/print.ts, reads it). */
  readonly notation: OpNotation;
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

const same = ([a]: readonly Shape[]): Shape => a!;
const bcast = ([a, c]: readonly Shape[]): Shape | null => broadcastShape(a!, c!);


const ZERO = { re: 0, im: 0 };

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
 * in the tensor builder's elementwise algebra. It is written as the table declares it.
 */
function lifted(name: FunctionName): TOpSpec {
  const spec = FUNCTIONS_TABLE[name];
  const f = spec.evaluate;
  return {
    arity: spec.arity, describe: spec.names[0] ?? name, lifted: name, notation: functionNotation(name),
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
        return b.reduceTo(b.mul(g, d), b.shape(x));
      });
    },
  };
}

/**
 * An arithmetic operator (src/ops/arithmetic.ts) lifted elementwise, as `lifted` lifts a function: the
 * arguments' broadcast, the numeric kernels, and μ of argument k = g ⊙ ∂/∂a_k summed back over the axes it
 * was broadcast along. A product with a number operand, or a quotient by a number, is a scaling and is
 * written as between numbers; otherwise · and / are written as the declaration's elementwise ⊙ and ⊘.
 */
function operator(name: OperatorName): TOpSpec {
  const spec = OPERATORS[name];
  return {
    arity: spec.arity, describe: spec.describe, notation: operatorNotation(name),
    shape: spec.arity === 1 ? same : bcast,
    complex: spec.arity === 1
      ? ([a], out) => cmap([a!], out, ([x]) => spec.complex(x!, ZERO))
      : ([a, c], out) => cmap([a!, c!], out, ([x, y]) => spec.complex(x!, y!)),
    evaluate: name === 'neg' ? ([a]) => ew1(a!, (x) => -x) : ([a, c], out) => elementwise(name, a!, c!, out[0], out[1]),
    adjoint: (b, args, out, g) => {
      const ds = spec.derivative(b.algebra, args, out);
      return args.map((x, k) => (ds[k] === null || ds[k] === undefined ? null : b.reduceTo(b.mul(g, ds[k]!), b.shape(x))));
    },
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
    arity: 1, describe: `${name} of the entries`, shape: () => SCALAR,
    notation: perStyle((style) => written({ write: ([a]) => (style === 'latex' ? `\\${name}\\left(${a}\\right)` : `${name}(${a})`) })),
    complex: ([a]) => {
      const k = pick(a!.re);
      return cscalar({ re: a!.re[k]!, im: a!.im[k]! });
    },
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(a!.data[pick(a!.data)]!)),
    adjoint: (b, [x], out, g) => [b.mul(g, b.op('atmax', [x!, out]))],
  };
}

/** Every function of the table, lifted. */
const LIFTED = Object.fromEntries(
  (Object.keys(FUNCTIONS_TABLE) as FunctionName[]).map((name) => [name, lifted(name)]),
) as Record<FunctionName, TOpSpec>;

export type TOpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'matmul' | 'transpose' | 'sum' | 'mean' | 'sumcols' | 'sumrows'
  | 'sqnorm' | 'maxall' | 'minall' | 'atmax' | 'softmax' | 'logsumexp' | FunctionName
  | LossName;

export const TOPS: Readonly<Record<TOpName, TOpSpec>> = {
  add: operator('add'),
  sub: operator('sub'),
  mul: operator('mul'),
  div: operator('div'),
  neg: operator('neg'),
  /** Y = A·B: μ_A += μ_Y Bᵀ, μ_B += Aᵀ μ_Y. */
  matmul: {
    arity: 2, describe: 'matrix product',
    // Juxtaposed in LaTeX, so a function written without brackets before it is bracketed: (\sin W) x, not \sin W x.
    notation: perStyle((style) => matrixProduct([Prec.Neg, Prec.Product], style === 'latex'
      ? ([a, c], open) => (open ? `\\left(${a}\\right) ${c}` : `${a} ${c}`)
      : ([a, c]) => `${a}${style === 'ascii' ? '*' : '·'}${c}`)),
    shape: ([a, c]) => (a![1] === c![0] ? [a![0], c![1]] : null),
    complex: ([a, c]) => cmatmul(a!, c!),
    evaluate: ([a, c]) => matmul(a!, false, c!, false),
    adjoint: (b, [x, y], _o, g) => [b.matmul(g, b.transpose(y!)), b.matmul(b.transpose(x!), g)],
  },
  transpose: {
    arity: 1, describe: 'transpose', shape: ([a]) => [a![1], a![0]],
    // A superscript: its base is bracketed unless it is an atom (no superscript on a superscript).
    notation: perStyle((style) => written({
      prec: Prec.Power, args: [Prec.Atom], leads: 'first',
      write: ([a]) => (style === 'latex' ? `${a}^{\\top}` : `${a}${style === 'ascii' ? "'" : 'ᵀ'}`),
    })),
    complex: ([a]) => ctranspose(a!),
    evaluate: ([a]) => {
      const res = tensor(a!.cols, a!.rows);
      for (let i = 0; i < a!.rows; i++) for (let j = 0; j < a!.cols; j++) res.data[j * a!.rows + i] = a!.data[i * a!.cols + j]!;
      return res;
    },
    adjoint: (b, _x, _o, g) => [b.transpose(g)],
  },
  /** Σ of all entries → scalar; μ = g·𝟙. */
  sum: {
    arity: 1, describe: 'sum', notation: callNotation('sum', '\\operatorname{sum}'), shape: () => SCALAR,
    complex: ([a]) => csum(a!, null),
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(total(a!))),
    adjoint: (b, [x], _o, g) => [b.spread(g, b.shape(x!))],
  },
  /** Mean of all entries; μ = (g/N)·𝟙. */
  mean: {
    arity: 1, describe: 'mean', notation: callNotation('mean', '\\operatorname{mean}'), shape: () => SCALAR,
    complex: ([a]) => cscale(csum(a!, null), 1 / (a!.rows * a!.cols)),
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(total(a!) / a!.data.length)),
    adjoint: (b, [x], _o, g) => [b.div(b.spread(g, b.shape(x!)), b.num(numel(b.shape(x!))))],
  },
  /** Row sums, [n,b] → [n]: the adjoint of a bias broadcast over the columns (G·𝟙). */
  sumcols: {
    arity: 1, describe: 'sum over columns', shape: ([a]) => [a![0], 1],
    notation: perStyle((style) => style === 'ascii' ? written({ write: ([a]) => `sumcols(${a})` }) : matrixProduct([Prec.Neg], style === 'latex'
      ? ([a], open) => (open ? `\\left(${a}\\right) \\mathbf{1}` : `${a} \\mathbf{1}`)
      : ([a]) => `${a}·𝟙`)),
    complex: ([a]) => csum(a!, 'cols'),
    evaluate: ([a]) => sumAxis(a!, 'cols'),
    adjoint: (b, [x], _o, g) => [b.spread(g, b.shape(x!))],
  },
  /** Column sums, [n,b] → [1,b] (𝟙ᵀG). */
  sumrows: {
    arity: 1, describe: 'sum over rows', shape: ([a]) => [1, a![1]],
    notation: perStyle((style) => style === 'ascii' ? written({ write: ([a]) => `sumrows(${a})` }) : written({
      prec: Prec.Product, args: [Prec.Product], afterOperator: [true], alone: true,
      write: ([a]) => (style === 'latex' ? `\\mathbf{1}^{\\top} ${a}` : `𝟙ᵀ·${a}`),
    })),
    complex: ([a]) => csum(a!, 'rows'),
    evaluate: ([a]) => sumAxis(a!, 'rows'),
    adjoint: (b, [x], _o, g) => [b.spread(g, b.shape(x!))],
  },
  /** ‖a‖² = Σ a_ij²; μ = 2g·a. */
  sqnorm: {
    arity: 1, describe: 'squared norm', shape: () => SCALAR,
    // ‖a‖² ends in a superscript: it binds as a power, so a power or a transpose of it is bracketed.
    notation: perStyle((style) => style === 'ascii' ? written({ write: ([a]) => `sqnorm(${a})` }) : written({
      prec: Prec.Power, write: ([a]) => (style === 'latex' ? `\\left\\lVert ${a} \\right\\rVert^{2}` : `‖${a}‖²`),
    })),
    complex: ([a]) => csum(a!, null, (x) => cmul(x, x)),
    evaluate: ([a]) => tensor(1, 1, Float64Array.of(a!.data.reduce((s, v) => s + v * v, 0))),
    adjoint: (b, [x], _o, g) => [b.mul(b.mul(b.num(2), g), x!)],
  },
  /** The largest entry (max of one argument in a program): μ = g at the entry that is the max, 0 elsewhere; a tie is a kink. */
  maxall: extremum('max', (a, b) => a > b),
  minall: extremum('min', (a, b) => a < b),
  /** 1 where the entry equals the scalar m (the extremum), else 0: max's derivative, piecewise constant. */
  atmax: {
    arity: 2, describe: 'indicator of the extremum', shape: ([a]) => a!,
    notation: perStyle((style) => written({
      write: ([a, m]) => (style === 'latex' ? `\\mathbf{1}\\left[${a} = ${m}\\right]` : style === 'ascii' ? `(${a} == ${m})` : `𝟙[${a} = ${m}]`),
    })),
    complex: ([a, m], out) => cmap([a!, m!], out, ([x, y]) => c(x!.re === y!.re ? 1 : 0)),
    evaluate: ([a, m], out) => ew2(a!, m!, out, (x, y) => (x === y ? 1 : 0)),
    adjoint: () => [null, null],
  },
  /** Column-wise softmax Y: μ_H = Y ⊙ (g − 𝟙ᵀ(Y ⊙ g)). */
  softmax: {
    arity: 1, describe: 'softmax', notation: callNotation('softmax', '\\operatorname{softmax}'), shape: same,
    complex: ([a]) => csoftmax(a!),
    evaluate: ([a]) => softmaxCols(a!),
    adjoint: (b, [x], out, g) => [b.mul(out, b.sub(g, b.reduceTo(b.mul(out, g), [1, b.shape(x!)[1]])))],
  },
  /** Column-wise log Σ exp → [1,b] (a scalar for a vector): μ_H = softmax(H) ⊙ g. */
  logsumexp: {
    arity: 1, describe: 'logsumexp', notation: callNotation('logsumexp', '\\operatorname{logsumexp}'), shape: ([a]) => [1, a![1]],
    complex: ([a]) => clogsumexp(a!),
    evaluate: ([a]) => logsumexpCols(a!),
    adjoint: (b, [x], _o, g) => [b.mul(b.call('softmax', x!), g)],
  },
  ...LIFTED,

  ...LOSS_OPS,
};

/** Functions a program may call besides the table's (src/ops/registry.ts): one argument each, the named losses two (TOPS[op].arity). */
export const TFUNCTIONS: ReadonlyMap<string, TOpName> = new Map<string, TOpName>([
  ['sum', 'sum'], ['mean', 'mean'], ['sqnorm', 'sqnorm'], ['softmax', 'softmax'], ['logsumexp', 'logsumexp'],
  ['sumcols', 'sumcols'], ['sumrows', 'sumrows'], ['transpose', 'transpose'],
  // The named losses take two arguments, (prediction, label).
  ['squared_loss', 'squared_loss'], ['half_squared_loss', 'half_squared_loss'], ['logistic_loss', 'logistic_loss'],
  ['binary_cross_entropy', 'binary_cross_entropy'], ['softmax_cross_entropy', 'softmax_cross_entropy'],
]);
