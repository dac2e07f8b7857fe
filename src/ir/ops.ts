// THE op table: each primitive declares once its evaluation (real and complex),
// its local partials (as IR nodes), its domain, and how it is written in text
// and in LaTeX. Imports only ir/ helpers; nothing outside ir/ defines an op.
import {
  c, cacos, cadd, casin, catan, ccos, ccosh, cdiv, cexp, clog, cmul, cneg, cpow, csigmoid,
  csin, csinh, csoftplus, csqrt, csub, ctan, ctanh,
} from './complex.js';
import type { Builder } from './build.js';
import type { Complex, DomainVerdict, NodeId } from './types.js';

/** Binding strength, loosest first; `Neg` sits between sums and products. */
export const Prec = { Any: 0, Sum: 1, Neg: 1.5, Product: 2, Unary: 3, Power: 4, Atom: 5 } as const;
export type Prec = (typeof Prec)[keyof typeof Prec];

/** Glyphs that differ between ASCII text and Unicode terminal text. */
export interface Glyphs {
  readonly times: string;
  readonly minus: string;
}

export interface Notation<W> {
  /** Precedence of the written result. */
  readonly prec: Prec;
  /** Least precedence each operand may have before it is parenthesized. */
  readonly args: readonly Prec[];
  readonly write: W;
}

export interface OpSpec {
  readonly arity: 1 | 2;
  readonly evaluate: (a: number, b: number) => number;
  /** Analytic continuation, for the complex-step check. */
  readonly complex: (a: Complex, b: Complex) => Complex;
  /** ∂out/∂args[k] for each k, as IR nodes; `out` stands for the op's own value. */
  readonly partials: (b: Builder, args: readonly NodeId[], out: NodeId) => readonly NodeId[];
  /** Where the op is undefined or not differentiable; `constArgs[k]` tells whether arg k is a constant. */
  readonly domain?: (a: number, b: number, constArgs: readonly boolean[]) => DomainVerdict;
  readonly text: Notation<(a: readonly string[], g: Glyphs) => string>;
  readonly latex: Notation<(a: readonly string[], leftIsFunction: boolean) => string>;
  /** True for ops written as a function call, f(a). */
  readonly isFunction: boolean;
}

const P = Prec;
const fnText = (name: string): Notation<(a: readonly string[]) => string> => ({
  prec: P.Atom, args: [P.Any, P.Any], write: (a) => `${name}(${a.join(', ')})`,
});
/** `\sin z_{1}` for an atomic argument, `\sin\left(…\right)` otherwise. */
const fnLatex = (cmd: string): Notation<(a: readonly string[]) => string> => ({
  prec: P.Unary, args: [P.Atom], write: ([a]) => `${cmd} ${a}`,
});
/** Always-parenthesized LaTeX call, for names that read badly without: σ(…), ReLU(…). */
const callLatex = (cmd: string): Notation<(a: readonly string[]) => string> => ({
  prec: P.Atom, args: [P.Any], write: ([a]) => `${cmd}\\left(${a}\\right)`,
});
const outside = (why: string): DomainVerdict => ({ kind: 'outside', why });
const kink = (why: string): DomainVerdict => ({ kind: 'kink', why });
/**
 * |a| this small counts as sitting on a kink (a few ulps of 1): no derivative
 * exists to check there. Near, but not on, a kink the check's differences
 * shrink their step until it no longer straddles the kink.
 */
const KINK_EPS = 1e-12;

function unary(
  name: string,
  evaluate: (a: number) => number,
  complex: (a: Complex) => Complex,
  partial: (b: Builder, a: NodeId, out: NodeId) => NodeId,
  latex: Notation<(a: readonly string[]) => string>,
  domain?: (a: number) => DomainVerdict,
): OpSpec {
  return {
    arity: 1,
    evaluate: (a) => evaluate(a),
    complex: (a) => complex(a),
    partials: (b, [a], out) => [partial(b, a!, out)],
    domain: domain && ((a) => domain(a)),
    text: fnText(name),
    latex: { ...latex, write: (a) => latex.write(a) },
    isFunction: true,
  };
}

export type OpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'pow' | 'log' | 'logb' | 'exp' | 'sqrt'
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh'
  | 'sigmoid' | 'softplus' | 'relu' | 'abs' | 'step' | 'sign';

/** Every primitive, declared once; the type makes the compiler demand each entry in full. */
export const OPS: Readonly<Record<OpName, OpSpec>> = {
  /** a + b; ∂ = (1, 1). */
  add: {
    arity: 2,
    evaluate: (a, b) => a + b,
    complex: cadd,
    partials: (b) => [b.one, b.one],
    text: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} + ${b}` },
    latex: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} + ${b}` },
    isFunction: false,
  },
  /** a − b; ∂ = (1, −1). */
  sub: {
    arity: 2,
    evaluate: (a, b) => a - b,
    complex: csub,
    partials: (b) => [b.one, b.num(-1)],
    text: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b], g) => `${a} ${g.minus} ${b}` },
    latex: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} - ${b}` },
    isFunction: false,
  },
  /** a·b; ∂ = (b, a). */
  mul: {
    arity: 2,
    evaluate: (a, b) => a * b,
    complex: cmul,
    partials: (b, [x, y]) => [y!, x!],
    text: { prec: P.Product, args: [P.Neg, P.Product], write: ([a, b], g) => `${a}${g.times}${b}` },
    latex: {
      prec: P.Product,
      args: [P.Neg, P.Product],
      // Juxtapose, except where a digit follows or an unparenthesized function precedes.
      write: ([a, b], leftIsFunction) => (leftIsFunction || /^[\d.-]/.test(b!) ? `${a} \\cdot ${b}` : `${a} ${b}`),
    },
    isFunction: false,
  },
  /** a/b; ∂ = (1/b, −a/b²). */
  div: {
    arity: 2,
    evaluate: (a, b) => a / b,
    complex: cdiv,
    partials: (b, [x, y]) => [b.div(b.one, y!), b.neg(b.div(x!, b.pow(y!, b.num(2))))],
    domain: (_a, d) => (d === 0 ? outside('division by zero') : null),
    text: { prec: P.Product, args: [P.Neg, P.Power], write: ([a, b]) => `${a}/${b}` },
    latex: { prec: P.Unary, args: [P.Any, P.Any], write: ([a, b]) => `\\frac{${a}}{${b}}` },
    isFunction: false,
  },
  /** −a; ∂ = −1. */
  neg: {
    arity: 1,
    evaluate: (a) => -a,
    complex: cneg,
    partials: (b) => [b.num(-1)],
    text: { prec: P.Neg, args: [P.Product], write: ([a], g) => `${g.minus}${a}` },
    latex: { prec: P.Neg, args: [P.Product], write: ([a]) => `-${a}` },
    isFunction: false,
  },
  /** a^b; ∂ = (b·a^(b−1), a^b·ln a); the second is dropped when b is a constant. */
  pow: {
    arity: 2,
    evaluate: (a, b) => Math.pow(a, b),
    complex: cpow,
    partials: (b, [x, y], out) => [
      b.mul(y!, b.pow(x!, b.sub(y!, b.one))),
      b.isConst(y!) ? b.zero : b.mul(out, b.call('log', x!)),
    ],
    domain: (a, p, constArgs) => {
      if (constArgs[1] && Number.isInteger(p)) return a === 0 && p < 1 ? outside('0 raised to a power below 1') : null;
      if (a < 0) return outside(`a negative base (${a}) needs a constant integer exponent`);
      // 0^p for a constant non-integer p > 1 is defined, but the base cannot go below 0: one-sided, like √ at 0.
      if (a === 0) return constArgs[1] && p > 1 ? kink(`0^${p}: a non-integer power is defined on one side of 0 only`)
        : outside(constArgs[1] ? '0 raised to a non-integer power' : '0 raised to a variable power (its partial needs log 0)');
      return null;
    },
    text: { prec: P.Power, args: [P.Atom, P.Atom], write: ([a, b]) => `${a}^${b}` },
    latex: { prec: P.Power, args: [P.Atom, P.Any], write: ([a, b]) => `{${a}}^{${b}}` },
    isFunction: false,
  },
  /** Natural logarithm; ∂ = 1/a. */
  log: unary('log', Math.log, clog, (b, a) => b.div(b.one, a), fnLatex('\\ln'),
    (a) => (a > 0 ? null : outside(`log needs a positive argument, got ${a}`))),
  /** Logarithm to base b: ln a / ln b; ∂ = (1/(a ln b), −log_b(a)/(b ln b)). */
  logb: {
    arity: 2,
    evaluate: (a, base) => Math.log(a) / Math.log(base),
    complex: (a, base) => cdiv(clog(a), clog(base)),
    partials: (b, [x, y], out) => [
      b.div(b.one, b.mul(x!, b.call('log', y!))),
      b.isConst(y!) ? b.zero : b.neg(b.div(out, b.mul(y!, b.call('log', y!)))),
    ],
    domain: (a, base) =>
      a <= 0 ? outside(`log needs a positive argument, got ${a}`)
        : base <= 0 || base === 1 ? outside(`log base must be positive and not 1, got ${base}`) : null,
    text: fnText('log'),
    latex: { prec: P.Unary, args: [P.Atom, P.Any], write: ([a, b]) => `\\log_{${b}} ${a}` },
    isFunction: true,
  },
  /** e^a; ∂ = e^a, the node's own value. */
  exp: unary('exp', Math.exp, cexp, (_b, _a, out) => out, fnLatex('\\exp')),
  /** √a; ∂ = 1/(2√a). */
  sqrt: {
    ...unary('sqrt', Math.sqrt, csqrt, (b, _a, out) => b.div(b.one, b.mul(b.num(2), out)), fnLatex('\\sqrt'),
      (a) => (a > 0 ? null : a === 0 ? kink('sqrt is not differentiable at 0') : outside(`sqrt needs a non-negative argument, got ${a}`))),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]: readonly string[]) => `\\sqrt{${a}}` },
  },
  /** sin a; ∂ = cos a. */
  sin: unary('sin', Math.sin, csin, (b, a) => b.call('cos', a), fnLatex('\\sin')),
  /** cos a; ∂ = −sin a. */
  cos: unary('cos', Math.cos, ccos, (b, a) => b.neg(b.call('sin', a)), fnLatex('\\cos')),
  /** tan a; ∂ = 1 + tan² a, through the node's own value. */
  tan: unary('tan', Math.tan, ctan, (b, _a, out) => b.add(b.one, b.pow(out, b.num(2))), fnLatex('\\tan'),
    (a) => (Math.abs(Math.cos(a)) < 1e-12 ? outside('tan has a pole here') : null)),
  /** asin a; ∂ = 1/√(1 − a²). */
  asin: unary('asin', Math.asin, casin, (b, a) => b.div(b.one, b.call('sqrt', b.sub(b.one, b.pow(a, b.num(2))))),
    fnLatex('\\arcsin'), (a) => (Math.abs(a) < 1 ? null : outside(`asin needs |a| < 1, got ${a}`))),
  /** acos a; ∂ = −1/√(1 − a²). */
  acos: unary('acos', Math.acos, cacos, (b, a) => b.neg(b.div(b.one, b.call('sqrt', b.sub(b.one, b.pow(a, b.num(2)))))),
    fnLatex('\\arccos'), (a) => (Math.abs(a) < 1 ? null : outside(`acos needs |a| < 1, got ${a}`))),
  /** atan a; ∂ = 1/(1 + a²). */
  atan: unary('atan', Math.atan, catan, (b, a) => b.div(b.one, b.add(b.one, b.pow(a, b.num(2)))), fnLatex('\\arctan')),
  /** sinh a; ∂ = cosh a. */
  sinh: unary('sinh', Math.sinh, csinh, (b, a) => b.call('cosh', a), fnLatex('\\sinh')),
  /** cosh a; ∂ = sinh a. */
  cosh: unary('cosh', Math.cosh, ccosh, (b, a) => b.call('sinh', a), fnLatex('\\cosh')),
  /** tanh a; ∂ = 1 − tanh² a, through the node's own value. */
  tanh: unary('tanh', Math.tanh, ctanh, (b, _a, out) => b.sub(b.one, b.pow(out, b.num(2))), fnLatex('\\tanh')),
  /** σ(a) = 1/(1 + e^{−a}); ∂ = σ(a)(1 − σ(a)), through the node's own value. */
  sigmoid: unary('sigmoid', (a) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))), csigmoid,
    (b, _a, out) => b.mul(out, b.sub(b.one, out)), callLatex('\\sigma')),
  /** log(1 + e^a); ∂ = σ(a). */
  softplus: unary('softplus', (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))), csoftplus,
    (b, a) => b.call('sigmoid', a), callLatex('\\operatorname{softplus}')),
  /** max(0, a); ∂ = step(a), undefined at 0. */
  relu: unary('relu', (a) => (a > 0 ? a : 0), (a) => (a.re > 0 ? a : c(0)), (b, a) => b.call('step', a),
    callLatex('\\operatorname{ReLU}'), (a) => (Math.abs(a) <= KINK_EPS ? kink(a === 0 ? 'relu is not differentiable at 0' : `relu's argument ${a} is within ${KINK_EPS} of its kink at 0`) : null)),
  /** |a|; ∂ = sign(a), undefined at 0. Complex step uses the usual extension sign(Re a)·a. */
  abs: {
    ...unary('abs', Math.abs, (a) => (a.re < 0 ? cneg(a) : a), (b, a) => b.call('sign', a), fnLatex(''),
      (a) => (Math.abs(a) <= KINK_EPS ? kink(a === 0 ? 'abs is not differentiable at 0' : `abs's argument ${a} is within ${KINK_EPS} of its kink at 0`) : null)),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]: readonly string[]) => `\\left|${a}\\right|` },
  },
  /** Heaviside step 1[a > 0]: piecewise constant, so its partial is zero away from 0. */
  step: unary('step', (a) => (a > 0 ? 1 : 0), (a) => c(a.re > 0 ? 1 : 0), (b) => b.zero,
    { prec: P.Atom, args: [P.Any], write: ([a]) => `\\mathbf{1}\\left[${a} > 0\\right]` },
    (a) => (a === 0 ? kink('step is discontinuous at 0') : null)),
  /** sign(a): piecewise constant, so its partial is zero away from 0. */
  sign: unary('sign', Math.sign, (a) => c(Math.sign(a.re)), (b) => b.zero, callLatex('\\operatorname{sign}'),
    (a) => (a === 0 ? kink('sign is discontinuous at 0') : null)),
};

/** Functions a user may call, by the name typed, with their arities. */
export const FUNCTIONS: ReadonlyMap<string, { readonly op: OpName; readonly arity: readonly number[] }> = new Map([
  ['exp', { op: 'exp', arity: [1] }],
  ['log', { op: 'log', arity: [1, 2] }],
  ['ln', { op: 'log', arity: [1] }],
  ['sqrt', { op: 'sqrt', arity: [1] }],
  ['sin', { op: 'sin', arity: [1] }],
  ['cos', { op: 'cos', arity: [1] }],
  ['tan', { op: 'tan', arity: [1] }],
  ['asin', { op: 'asin', arity: [1] }],
  ['acos', { op: 'acos', arity: [1] }],
  ['atan', { op: 'atan', arity: [1] }],
  ['sinh', { op: 'sinh', arity: [1] }],
  ['cosh', { op: 'cosh', arity: [1] }],
  ['tanh', { op: 'tanh', arity: [1] }],
  ['sigmoid', { op: 'sigmoid', arity: [1] }],
  ['relu', { op: 'relu', arity: [1] }],
  ['softplus', { op: 'softplus', arity: [1] }],
  ['abs', { op: 'abs', arity: [1] }],
  // The derivatives of relu and abs, so that an answer can be written as the derivation prints it.
  ['step', { op: 'step', arity: [1] }],
  ['sign', { op: 'sign', arity: [1] }],
] as const);
