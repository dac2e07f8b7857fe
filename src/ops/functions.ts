// THE table of functions: each elementwise function declared once, on numbers:
// names, arity, evaluation, complex continuation, derivative (in the Algebra
// both IRs provide), domain and kinks, text, LaTeX, and what the diagnosis and
// the YAML networks need. src/ir/ops.ts takes them as scalar ops and
// src/tensor/ops.ts lifts them to tensors; the list of names a user may call,
// the activations, the kinks and the README's table of functions are derived
// from it (src/ops/registry.ts). To add a function, add one entry here.
import {
  c, cabs, cacos, cacosh, cadd, casin, casinh, catan, catan2, catanh, ccbrt, ccos, ccosh, cdiv, cexp, cexpm1,
  cinv, clog, clog1p, cmax, cmin, cmul, cpow, csigmoid, csin, csinh, csoftplus, csq, csqrt, ctan, ctanh,
} from './complex.js';
import { erf, erfc, normalCdf } from './special.js';
import { Prec as P, type DomainVerdict, type FunctionSpec, type Notation } from './spec.js';

type Latex = Notation<(a: readonly string[]) => string>;
/** `\sin z_{1}` for an atomic argument, `\sin\left(…\right)` otherwise. */
const fnLatex = (cmd: string): Latex => ({ prec: P.Unary, args: [P.Atom], write: ([a]) => `${cmd} ${a}` });
/** Always-parenthesized LaTeX call, for names that read badly without: σ(…), ReLU(…), max(a, b). */
const callLatex = (cmd: string): Latex => ({ prec: P.Atom, args: [P.Any, P.Any, P.Any], write: (a) => `${cmd}\\left(${a.join(', ')}\\right)` });
const op = (name: string): string => `\\operatorname{${name}}`;

const outside = (why: string): DomainVerdict => ({ kind: 'outside', why });
const kink = (why: string): DomainVerdict => ({ kind: 'kink', why });
/**
 * |a| this small counts as sitting on a kink (a few ulps of 1): no derivative
 * exists to check there. Near, but not on, a kink the check's differences
 * shrink their step until it no longer straddles the kink.
 */
export const KINK_EPS = 1e-12;
const kinkAtZero = (name: string) => (a: number): DomainVerdict =>
  Math.abs(a) <= KINK_EPS ? kink(a === 0 ? `${name} is not differentiable at 0` : `${name}'s argument ${a} is within ${KINK_EPS} of its kink at 0`) : null;
/** A tie of two arguments (max, min, clamp at a bound): no derivative there. */
const tie = (what: string, a: number, b: number): DomainVerdict =>
  Math.abs(a - b) <= KINK_EPS * Math.max(1, Math.abs(a), Math.abs(b)) ? kink(what) : null;
/** Piecewise constant with jumps where `jump` holds. */
const jumps = (name: string, jump: (a: number) => boolean) => (a: number): DomainVerdict =>
  jump(a) ? kink(`${name} jumps at ${a}: it has no derivative there`) : null;
const positive = (name: string) => (a: number): DomainVerdict => (a > 0 ? null : outside(`${name} needs a positive argument, got ${a}`));
const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));
const poleWhere = (name: string, zeroOf: (a: number) => number) => (a: number): DomainVerdict =>
  Math.abs(zeroOf(a)) < 1e-12 ? outside(`${name} has a pole here`) : null;

const TABLE = {
  /** a^b (the operator ^, also typed pow(a, b)); ∂ = (b·a^(b−1), a^b·ln a), the second dropped when b is a constant. */
  pow: {
    names: ['pow'], arity: 2, work: 20, isFunction: false,
    evaluate: (a, b) => Math.pow(a, b),
    complex: cpow,
    derivative: (g, [x, y], out) => [
      g.mul(y!, g.call('pow', x!, g.sub(y!, g.num(1)))),
      g.isConst(y!) ? null : g.mul(out, g.call('log', x!)),
    ],
    domain: (a, p, _c, constArgs) => {
      if (constArgs[1] && Number.isInteger(p)) return a === 0 && p < 1 ? outside('0 raised to a power below 1') : null;
      if (a < 0) return outside(`a negative base (${a}) needs a constant integer exponent`);
      // 0^p for a constant non-integer p > 1 is defined, but the base cannot go below 0: one-sided, like √ at 0.
      if (a === 0) return constArgs[1] && p > 1 ? kink(`0^${p}: a non-integer power is defined on one side of 0 only`)
        : outside(constArgs[1] ? '0 raised to a non-integer power' : '0 raised to a variable power (its partial needs log 0)');
      return null;
    },
    text: { prec: P.Power, args: [P.Atom, P.Atom], write: ([a, b]) => `${a}^${b}` },
    latex: { prec: P.Power, args: [P.Atom, P.Any], write: ([a, b]) => `{${a}}^{${b}}` },
    doc: { meaning: 'x to the power y: the operator ^ (.^ elementwise in a program)', derivative: '(y·x^(y−1), x^y·ln x)' },
  },
  /** e^a; ∂ = e^a, the node's own value. */
  exp: {
    names: ['exp'], arity: 1, work: 10, evaluate: Math.exp, complex: cexp,
    derivative: (_g, _a, out) => [out],
    latex: fnLatex('\\exp'), prime: 'exp′', activation: true,
    doc: { meaning: 'eˣ', derivative: 'eˣ' },
  },
  /** Natural logarithm (log or ln); ∂ = 1/a. */
  log: {
    names: ['log', 'ln'], arity: 1, work: 10, evaluate: Math.log, complex: clog,
    derivative: (g, [a]) => [g.div(g.num(1), a!)],
    domain: positive('log'),
    latex: fnLatex('\\ln'), prime: 'log′',
    doc: { meaning: 'ln x (natural); log(x, b) base b', derivative: '1/x' },
  },
  /** √a; ∂ = 1/(2√a). */
  sqrt: {
    names: ['sqrt'], arity: 1, work: 4, evaluate: Math.sqrt, complex: csqrt,
    derivative: (g, _a, out) => [g.div(g.num(1), g.mul(g.num(2), out))],
    domain: (a) => (a > 0 ? null : a === 0 ? kink('sqrt is not differentiable at 0') : outside(`sqrt needs a non-negative argument, got ${a}`)),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]) => `\\sqrt{${a}}` }, prime: 'sqrt′',
    doc: { meaning: '√x', derivative: '1/(2√x)' },
  },
  sin: {
    names: ['sin'], arity: 1, work: 10, evaluate: Math.sin, complex: csin,
    derivative: (g, [a]) => [g.call('cos', a!)],
    latex: fnLatex('\\sin'), prime: 'sin′',
    doc: { meaning: 'sin x', derivative: 'cos x' },
  },
  cos: {
    names: ['cos'], arity: 1, work: 10, evaluate: Math.cos, complex: ccos,
    derivative: (g, [a]) => [g.neg(g.call('sin', a!))],
    latex: fnLatex('\\cos'), prime: 'cos′',
    doc: { meaning: 'cos x', derivative: '−sin x' },
  },
  /** ∂ = 1 + tan² a, through the node's own value. */
  tan: {
    names: ['tan'], arity: 1, work: 12, evaluate: Math.tan, complex: ctan,
    derivative: (g, _a, out) => [g.add(g.num(1), g.pow(out, 2))],
    domain: poleWhere('tan', Math.cos),
    latex: fnLatex('\\tan'), prime: 'tan′',
    doc: { meaning: 'tan x', derivative: '1 + tan² x' },
  },
  sec: {
    names: ['sec'], arity: 1, work: 12, evaluate: (a) => 1 / Math.cos(a), complex: (a) => cinv(ccos(a)),
    derivative: (g, [a], out) => [g.mul(out, g.call('tan', a!))],
    domain: poleWhere('sec', Math.cos),
    latex: fnLatex('\\sec'), prime: 'sec′',
    doc: { meaning: '1/cos x', derivative: 'sec x·tan x' },
  },
  csc: {
    names: ['csc'], arity: 1, work: 12, evaluate: (a) => 1 / Math.sin(a), complex: (a) => cinv(csin(a)),
    derivative: (g, [a], out) => [g.neg(g.mul(out, g.call('cot', a!)))],
    domain: poleWhere('csc', Math.sin),
    latex: fnLatex('\\csc'), prime: 'csc′',
    doc: { meaning: '1/sin x', derivative: '−csc x·cot x' },
  },
  cot: {
    names: ['cot'], arity: 1, work: 12, evaluate: (a) => 1 / Math.tan(a), complex: (a) => cdiv(ccos(a), csin(a)),
    derivative: (g, _a, out) => [g.neg(g.add(g.num(1), g.pow(out, 2)))],
    domain: poleWhere('cot', Math.sin),
    latex: fnLatex('\\cot'), prime: 'cot′',
    doc: { meaning: 'cos x/sin x', derivative: '−(1 + cot² x)' },
  },
  asin: {
    names: ['asin'], arity: 1, work: 12, evaluate: Math.asin, complex: casin,
    derivative: (g, [a]) => [g.div(g.num(1), g.call('sqrt', g.sub(g.num(1), g.pow(a!, 2))))],
    domain: (a) => (Math.abs(a) < 1 ? null : outside(`asin needs |a| < 1, got ${a}`)),
    latex: fnLatex('\\arcsin'), prime: 'asin′',
    doc: { meaning: 'arcsin x', derivative: '1/√(1 − x²)' },
  },
  acos: {
    names: ['acos'], arity: 1, work: 12, evaluate: Math.acos, complex: cacos,
    derivative: (g, [a]) => [g.neg(g.div(g.num(1), g.call('sqrt', g.sub(g.num(1), g.pow(a!, 2)))))],
    domain: (a) => (Math.abs(a) < 1 ? null : outside(`acos needs |a| < 1, got ${a}`)),
    latex: fnLatex('\\arccos'), prime: 'acos′',
    doc: { meaning: 'arccos x', derivative: '−1/√(1 − x²)' },
  },
  atan: {
    names: ['atan'], arity: 1, work: 12, evaluate: Math.atan, complex: catan,
    derivative: (g, [a]) => [g.div(g.num(1), g.add(g.num(1), g.pow(a!, 2)))],
    latex: fnLatex('\\arctan'), prime: 'atan′',
    doc: { meaning: 'arctan x', derivative: '1/(1 + x²)' },
  },
  /** atan2(y, x): the angle of (x, y); ∂ = (x/(x² + y²), −y/(x² + y²)). */
  atan2: {
    names: ['atan2'], arity: 2, work: 14, evaluate: Math.atan2, complex: catan2,
    derivative: (g, [y, x]) => {
      const r2 = g.add(g.pow(x!, 2), g.pow(y!, 2));
      return [g.div(x!, r2), g.neg(g.div(y!, r2))];
    },
    domain: (y, x) => (x === 0 && y === 0 ? outside('atan2(0, 0) is undefined')
      : y === 0 && x < 0 ? kink('atan2 jumps across the negative x axis') : null),
    latex: callLatex(op('atan2')), prime: 'atan2′',
    doc: { meaning: 'angle of (x, y): atan2(y, x)', derivative: '(x/(x² + y²), −y/(x² + y²))' },
  },
  sinh: {
    names: ['sinh'], arity: 1, work: 10, evaluate: Math.sinh, complex: csinh,
    derivative: (g, [a]) => [g.call('cosh', a!)],
    latex: fnLatex('\\sinh'), prime: 'sinh′',
    doc: { meaning: 'sinh x', derivative: 'cosh x' },
  },
  cosh: {
    names: ['cosh'], arity: 1, work: 10, evaluate: Math.cosh, complex: ccosh,
    derivative: (g, [a]) => [g.call('sinh', a!)],
    latex: fnLatex('\\cosh'), prime: 'cosh′',
    doc: { meaning: 'cosh x', derivative: 'sinh x' },
  },
  /** ∂ = 1 − tanh² a, through the node's own value. */
  tanh: {
    names: ['tanh'], arity: 1, work: 10, evaluate: Math.tanh, complex: ctanh,
    derivative: (g, _a, out) => [g.sub(g.num(1), g.pow(out, 2))],
    latex: fnLatex('\\tanh'), prime: 'tanh′', activation: true,
    doc: { meaning: 'tanh x', derivative: '1 − tanh² x' },
  },
  sech: {
    names: ['sech'], arity: 1, work: 12, evaluate: (a) => 1 / Math.cosh(a), complex: (a) => cinv(ccosh(a)),
    derivative: (g, [a], out) => [g.neg(g.mul(out, g.call('tanh', a!)))],
    latex: fnLatex(op('sech')), prime: 'sech′',
    doc: { meaning: '1/cosh x', derivative: '−sech x·tanh x' },
  },
  csch: {
    names: ['csch'], arity: 1, work: 12, evaluate: (a) => 1 / Math.sinh(a), complex: (a) => cinv(csinh(a)),
    derivative: (g, [a], out) => [g.neg(g.mul(out, g.call('coth', a!)))],
    domain: (a) => (a === 0 ? outside('csch has a pole at 0') : null),
    latex: fnLatex(op('csch')), prime: 'csch′',
    doc: { meaning: '1/sinh x', derivative: '−csch x·coth x' },
  },
  coth: {
    names: ['coth'], arity: 1, work: 12, evaluate: (a) => 1 / Math.tanh(a), complex: (a) => cdiv(ccosh(a), csinh(a)),
    derivative: (g, _a, out) => [g.sub(g.num(1), g.pow(out, 2))],
    domain: (a) => (a === 0 ? outside('coth has a pole at 0') : null),
    latex: fnLatex('\\coth'), prime: 'coth′',
    doc: { meaning: 'cosh x/sinh x', derivative: '1 − coth² x' },
  },
  asinh: {
    names: ['asinh'], arity: 1, work: 14, evaluate: Math.asinh, complex: casinh,
    derivative: (g, [a]) => [g.div(g.num(1), g.call('sqrt', g.add(g.pow(a!, 2), g.num(1))))],
    latex: fnLatex(op('arsinh')), prime: 'asinh′',
    doc: { meaning: 'arsinh x', derivative: '1/√(x² + 1)' },
  },
  acosh: {
    names: ['acosh'], arity: 1, work: 14, evaluate: Math.acosh, complex: cacosh,
    derivative: (g, [a]) => [g.div(g.num(1), g.call('sqrt', g.sub(g.pow(a!, 2), g.num(1))))],
    domain: (a) => (a > 1 ? null : a === 1 ? kink('acosh is at its domain boundary 1, where the derivative is infinite') : outside(`acosh needs an argument above 1, got ${a}`)),
    latex: fnLatex(op('arcosh')), prime: 'acosh′',
    doc: { meaning: 'arcosh x, x > 1', derivative: '1/√(x² − 1)' },
  },
  atanh: {
    names: ['atanh'], arity: 1, work: 14, evaluate: Math.atanh, complex: catanh,
    derivative: (g, [a]) => [g.div(g.num(1), g.sub(g.num(1), g.pow(a!, 2)))],
    domain: (a) => (Math.abs(a) < 1 ? null : outside(`atanh needs |a| < 1, got ${a}`)),
    latex: fnLatex(op('artanh')), prime: 'atanh′',
    doc: { meaning: 'artanh x, |x| < 1', derivative: '1/(1 − x²)' },
  },
  /** Logarithm to base b: ln a / ln b (typed log(a, b)); ∂ = (1/(a ln b), −log_b(a)/(b ln b)). */
  logb: {
    names: [], arity: 2, work: 20,
    evaluate: (a, base) => Math.log(a) / Math.log(base),
    complex: (a, base) => cdiv(clog(a), clog(base)),
    derivative: (g, [x, y], out) => [
      g.div(g.num(1), g.mul(x!, g.call('log', y!))),
      g.isConst(y!) ? null : g.neg(g.div(out, g.mul(y!, g.call('log', y!)))),
    ],
    domain: (a, base) =>
      a <= 0 ? outside(`log needs a positive argument, got ${a}`)
        : base <= 0 || base === 1 ? outside(`log base must be positive and not 1, got ${base}`) : null,
    text: { prec: P.Atom, args: [P.Any, P.Any], write: ([a, b]) => `log(${a}, ${b})` },
    latex: { prec: P.Unary, args: [P.Atom, P.Any], write: ([a, b]) => `\\log_{${b}} ${a}` },
    prime: 'log′',
    doc: { meaning: 'log base b: log(x, b)', derivative: '1/(x ln b)' },
  },
  log10: {
    names: ['log10'], arity: 1, work: 10, evaluate: Math.log10, complex: (a) => cdiv(clog(a), c(Math.LN10)),
    derivative: (g, [a]) => [g.div(g.num(1), g.mul(a!, g.call('log', g.num(10))))],
    domain: positive('log10'),
    latex: fnLatex('\\log_{10}'), prime: 'log10′',
    doc: { meaning: 'log₁₀ x', derivative: '1/(x ln 10)' },
  },
  log2: {
    names: ['log2'], arity: 1, work: 10, evaluate: Math.log2, complex: (a) => cdiv(clog(a), c(Math.LN2)),
    derivative: (g, [a]) => [g.div(g.num(1), g.mul(a!, g.call('log', g.num(2))))],
    domain: positive('log2'),
    latex: fnLatex('\\log_{2}'), prime: 'log2′',
    doc: { meaning: 'log₂ x', derivative: '1/(x ln 2)' },
  },
  log1p: {
    names: ['log1p'], arity: 1, work: 10, evaluate: Math.log1p, complex: clog1p,
    derivative: (g, [a]) => [g.div(g.num(1), g.add(g.num(1), a!))],
    domain: (a) => (a > -1 ? null : outside(`log1p needs an argument above −1, got ${a}`)),
    latex: { prec: P.Unary, args: [P.Sum], write: ([a]) => `\\ln\\left(1 + ${a}\\right)` }, prime: 'log1p′',
    doc: { meaning: 'ln(1 + x)', derivative: '1/(1 + x)' },
  },
  expm1: {
    names: ['expm1'], arity: 1, work: 10, evaluate: Math.expm1, complex: cexpm1,
    derivative: (g, [a]) => [g.call('exp', a!)],
    latex: { prec: P.Sum, args: [P.Any], write: ([a]) => `e^{${a}} - 1` }, prime: 'expm1′',
    doc: { meaning: 'eˣ − 1', derivative: 'eˣ' },
  },
  /** ∛a; ∂ = 1/(3∛a²), infinite at 0. */
  cbrt: {
    names: ['cbrt'], arity: 1, work: 10, evaluate: Math.cbrt, complex: ccbrt,
    derivative: (g, _a, out) => [g.div(g.num(1), g.mul(g.num(3), g.pow(out, 2)))],
    domain: (a) => (a === 0 ? kink('cbrt is at 0, where its derivative is infinite') : null),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]) => `\\sqrt[3]{${a}}` }, prime: 'cbrt′',
    doc: { meaning: '∛x', derivative: '1/(3∛x²)' },
  },
  /** The real n-th root, n a constant whole number (odd n: any sign); ∂ = out/(n·a). */
  nthRoot: {
    names: ['nthRoot'], arity: 2, work: 20,
    evaluate: (a, n) => (Number.isInteger(n) && n % 2 !== 0 && a < 0 ? -Math.pow(-a, 1 / n) : Math.pow(a, 1 / n)),
    complex: (a, n) => (a.re < 0 ? cmul(c(-1), cpow(cmul(c(-1), a), cdiv(c(1), n))) : cpow(a, cdiv(c(1), n))),
    derivative: (g, [a, n], out) => [g.div(out, g.mul(n!, a!)), null],
    constantArgs: [1],
    domain: (a, n, _c, constArgs) =>
      !constArgs[1] || !Number.isInteger(n) || n < 1 ? outside('nthRoot(x, n) needs n a constant whole number ≥ 1')
        : a === 0 ? kink('nthRoot is at 0, where its derivative is infinite')
          : a < 0 && n % 2 === 0 ? outside(`an even root needs a non-negative argument, got ${a}`) : null,
    latex: { prec: P.Atom, args: [P.Any, P.Any], write: ([a, n]) => `\\sqrt[${n}]{${a}}` }, prime: 'nthRoot′',
    doc: { meaning: 'ⁿ√x, n a whole number', derivative: 'ⁿ√x/(n·x)' },
  },
  square: {
    names: ['square'], arity: 1, evaluate: (a) => a * a, complex: csq,
    derivative: (g, [a]) => [g.mul(g.num(2), a!)],
    latex: { prec: P.Power, args: [P.Atom], write: ([a]) => `{${a}}^{2}` }, prime: 'square′',
    doc: { meaning: 'x²', derivative: '2x' },
  },
  /** σ(a) = 1/(1 + e^{−a}); ∂ = σ(a)(1 − σ(a)), through the node's own value. */
  sigmoid: {
    names: ['sigmoid'], arity: 1, work: 12, evaluate: sigmoid, complex: csigmoid,
    derivative: (g, _a, out) => [g.mul(out, g.sub(g.num(1), out))],
    latex: callLatex('\\sigma'), prime: 'σ′', activation: true,
    doc: { meaning: 'σ(x) = 1/(1 + e⁻ˣ)', derivative: 'σ(x)(1 − σ(x))' },
  },
  /** log(1 + e^a); ∂ = σ(a). */
  softplus: {
    names: ['softplus'], arity: 1, work: 20, evaluate: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))), complex: csoftplus,
    derivative: (g, [a]) => [g.call('sigmoid', a!)],
    latex: callLatex(op('softplus')), prime: 'softplus′', activation: true,
    doc: { meaning: 'ln(1 + eˣ)', derivative: 'σ(x)' },
  },
  /** max(0, a); ∂ = step(a), undefined at 0. */
  relu: {
    names: ['relu'], arity: 1, evaluate: (a) => (a > 0 ? a : 0), complex: (a) => (a.re > 0 ? a : c(0)),
    derivative: (g, [a]) => [g.call('step', a!)],
    domain: kinkAtZero('relu'),
    latex: callLatex(op('ReLU')), prime: 'relu′', activation: true,
    doc: { meaning: 'max(0, x)', derivative: 'step(x), none at 0' },
  },
  /** a for a > 0, slope·a below; ∂ = (step(a) + slope·step(−a), a·step(−a)). */
  leaky_relu: {
    names: ['leaky_relu'], arity: 2, defaults: [0.01],
    evaluate: (a, s) => (a > 0 ? a : s * a), complex: (a, s) => (a.re > 0 ? a : cmul(s, a)),
    derivative: (g, [a, s]) => [
      g.add(g.call('step', a!), g.mul(s!, g.call('step', g.neg(a!)))),
      g.isConst(s!) ? null : g.mul(a!, g.call('step', g.neg(a!))),
    ],
    domain: kinkAtZero('leaky_relu'),
    latex: callLatex(op('LeakyReLU')), prime: 'leaky_relu′', activation: true,
    doc: { meaning: 'x for x > 0, a·x below (a = 0.01 if omitted)', derivative: '1 for x > 0, a below; none at 0' },
  },
  /** a for a > 0, α(e^a − 1) below; ∂ = step(a) + step(−a)·(out + α). */
  elu: {
    names: ['elu'], arity: 2, work: 12, defaults: [1],
    evaluate: (a, s) => (a > 0 ? a : s * Math.expm1(a)), complex: (a, s) => (a.re > 0 ? a : cmul(s, cexpm1(a))),
    derivative: (g, [a, s], out) => [
      g.add(g.call('step', a!), g.mul(g.call('step', g.neg(a!)), g.add(out, s!))),
      g.isConst(s!) ? null : g.mul(g.call('step', g.neg(a!)), g.call('expm1', a!)),
    ],
    // With α = 1 the two pieces meet with slope 1, but the formula is one-sided at 0 exactly: checked on neither side.
    domain: kinkAtZero('elu'),
    latex: callLatex(op('ELU')), prime: 'elu′', activation: true,
    doc: { meaning: 'x for x > 0, α(eˣ − 1) below (α = 1 if omitted)', derivative: '1 for x > 0, αeˣ below' },
  },
  /** x·σ(x) (also swish); ∂ = σ(x)(1 + x(1 − σ(x))). */
  silu: {
    names: ['silu', 'swish'], arity: 1, work: 14, evaluate: (a) => a * sigmoid(a), complex: (a) => cmul(a, csigmoid(a)),
    derivative: (g, [a]) => {
      const s = g.call('sigmoid', a!);
      return [g.mul(s, g.add(g.num(1), g.mul(a!, g.sub(g.num(1), s))))];
    },
    latex: callLatex(op('SiLU')), prime: 'silu′', activation: true,
    doc: { meaning: 'x·σ(x) (also swish)', derivative: 'σ(x)(1 + x(1 − σ(x)))' },
  },
  /** x·Φ(x), the erf form; ∂ = Φ(x) + x·φ(x). No complex continuation is written (erf). */
  gelu: {
    names: ['gelu'], arity: 1, work: 60, evaluate: (a) => a * normalCdf(a),
    derivative: (g, [a]) => [g.add(
      g.mul(g.num(0.5), g.add(g.num(1), g.call('erf', g.div(a!, g.call('sqrt', g.num(2)))))),
      g.div(g.mul(a!, g.call('exp', g.neg(g.div(g.pow(a!, 2), g.num(2))))), g.call('sqrt', g.mul(g.num(2), g.pi()))),
    )],
    latex: callLatex(op('GELU')), prime: 'gelu′', activation: true,
    doc: { meaning: 'x·Φ(x), Φ the normal distribution function', derivative: 'Φ(x) + x·e^(−x²/2)/√(2π)' },
  },
  softsign: {
    names: ['softsign'], arity: 1, evaluate: (a) => a / (1 + Math.abs(a)), complex: (a) => cdiv(a, cadd(c(1), cabs(a))),
    derivative: (g, [a]) => [g.div(g.num(1), g.pow(g.add(g.num(1), g.call('abs', a!)), 2))],
    latex: callLatex(op('softsign')), prime: 'softsign′', activation: true,
    doc: { meaning: 'x/(1 + |x|)', derivative: '1/(1 + |x|)²' },
  },
  erf: {
    names: ['erf'], arity: 1, work: 40, evaluate: erf,
    derivative: (g, [a]) => [g.div(g.mul(g.num(2), g.call('exp', g.neg(g.pow(a!, 2)))), g.call('sqrt', g.pi()))],
    latex: callLatex(op('erf')), prime: 'erf′',
    doc: { meaning: 'the error function', derivative: '2e^(−x²)/√π' },
  },
  erfc: {
    names: ['erfc'], arity: 1, work: 40, evaluate: erfc,
    derivative: (g, [a]) => [g.neg(g.div(g.mul(g.num(2), g.call('exp', g.neg(g.pow(a!, 2)))), g.call('sqrt', g.pi())))],
    latex: callLatex(op('erfc')), prime: 'erfc′',
    doc: { meaning: '1 − erf x', derivative: '−2e^(−x²)/√π' },
  },
  /** |a|; ∂ = sign(a), undefined at 0. Complex step uses the usual extension sign(Re a)·a. */
  abs: {
    names: ['abs'], arity: 1, evaluate: Math.abs, complex: cabs,
    derivative: (g, [a]) => [g.call('sign', a!)],
    domain: kinkAtZero('abs'),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]) => `\\left|${a}\\right|` }, prime: 'abs′',
    doc: { meaning: '|x|', derivative: 'sign(x), none at 0' },
  },
  /** Heaviside step 1[a > 0]: piecewise constant, so its partial is zero away from 0. */
  step: {
    names: ['step'], arity: 1, evaluate: (a) => (a > 0 ? 1 : 0), complex: (a) => c(a.re > 0 ? 1 : 0),
    derivative: (g) => [g.num(0)],
    domain: (a) => (a === 0 ? kink('step is discontinuous at 0') : null),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]) => `\\mathbf{1}\\left[${a} > 0\\right]` }, prime: 'step′',
    doc: { meaning: '1 for x > 0, else 0', derivative: '0, none at 0' },
  },
  /** sign(a): piecewise constant, so its partial is zero away from 0. */
  sign: {
    names: ['sign'], arity: 1, evaluate: Math.sign, complex: (a) => c(Math.sign(a.re)),
    derivative: (g) => [g.num(0)],
    domain: (a) => (a === 0 ? kink('sign is discontinuous at 0') : null),
    latex: callLatex(op('sign')), prime: 'sign′',
    doc: { meaning: '−1, 0 or 1', derivative: '0, none at 0' },
  },
  floor: {
    names: ['floor'], arity: 1, evaluate: Math.floor, complex: (a) => c(Math.floor(a.re)),
    derivative: (g) => [g.num(0)],
    domain: jumps('floor', Number.isInteger),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]) => `\\left\\lfloor ${a} \\right\\rfloor` }, prime: 'floor′',
    doc: { meaning: '⌊x⌋', derivative: '0, none at whole numbers' },
  },
  ceil: {
    names: ['ceil'], arity: 1, evaluate: Math.ceil, complex: (a) => c(Math.ceil(a.re)),
    derivative: (g) => [g.num(0)],
    domain: jumps('ceil', Number.isInteger),
    latex: { prec: P.Atom, args: [P.Any], write: ([a]) => `\\left\\lceil ${a} \\right\\rceil` }, prime: 'ceil′',
    doc: { meaning: '⌈x⌉', derivative: '0, none at whole numbers' },
  },
  round: {
    names: ['round'], arity: 1, evaluate: Math.round, complex: (a) => c(Math.round(a.re)),
    derivative: (g) => [g.num(0)],
    domain: jumps('round', (a) => Number.isInteger(a - 0.5)),
    latex: callLatex(op('round')), prime: 'round′',
    doc: { meaning: 'x to the nearest whole number', derivative: '0, none at halves' },
  },
  /** max(a, b); n arguments fold to nested pairs. ∂ = (step(a − b), step(b − a)); a tie is a kink. */
  max: {
    names: ['max'], arity: 2, variadic: true, evaluate: (a, b) => Math.max(a, b), complex: cmax,
    derivative: (g, [a, b]) => [g.call('step', g.sub(a!, b!)), g.call('step', g.sub(b!, a!))],
    domain: (a, b) => tie(`max has a tie (${a} and ${b}): no derivative there`, a, b),
    latex: callLatex('\\max'), prime: 'max′',
    doc: { meaning: 'the larger argument (any number of them)', derivative: '1 for the larger, 0 for the other; none at a tie' },
  },
  min: {
    names: ['min'], arity: 2, variadic: true, evaluate: (a, b) => Math.min(a, b), complex: cmin,
    derivative: (g, [a, b]) => [g.call('step', g.sub(b!, a!)), g.call('step', g.sub(a!, b!))],
    domain: (a, b) => tie(`min has a tie (${a} and ${b}): no derivative there`, a, b),
    latex: callLatex('\\min'), prime: 'min′',
    doc: { meaning: 'the smaller argument (any number of them)', derivative: '1 for the smaller, 0 for the other; none at a tie' },
  },
  /** √(a² + b²); ∂ = (a/out, b/out). */
  hypot: {
    names: ['hypot'], arity: 2, work: 8, evaluate: (a, b) => Math.hypot(a, b), complex: (a, b) => csqrt(cadd(csq(a), csq(b))),
    derivative: (g, [a, b], out) => [g.div(a!, out), g.div(b!, out)],
    domain: (a, b) => (a === 0 && b === 0 ? kink('hypot is not differentiable at (0, 0)') : null),
    latex: callLatex(op('hypot')), prime: 'hypot′',
    doc: { meaning: '√(x² + y²)', derivative: '(x, y)/√(x² + y²)' },
  },
  /** a held in [lo, hi]; ∂ = (1 inside, 1 for lo below it, 1 for hi above it); at a bound, a kink. */
  clamp: {
    names: ['clamp'], arity: 3, evaluate: (a, lo, hi) => Math.min(Math.max(a, lo), hi),
    complex: (a, lo, hi) => (a.re < lo.re ? lo : a.re > hi.re ? hi : a),
    derivative: (g, [a, lo, hi]) => [
      g.mul(g.call('step', g.sub(a!, lo!)), g.call('step', g.sub(hi!, a!))),
      g.isConst(lo!) ? null : g.call('step', g.sub(lo!, a!)),
      g.isConst(hi!) ? null : g.call('step', g.sub(a!, hi!)),
    ],
    domain: (a, lo, hi) => (lo > hi ? outside(`clamp needs lo ≤ hi, got ${lo} > ${hi}`)
      : lo === hi ? kink(`clamp's bounds are equal (${lo}): no derivative in them`)
      : tie(`clamp's argument ${a} is at its bound ${lo}: no derivative there`, a, lo) ?? tie(`clamp's argument ${a} is at its bound ${hi}: no derivative there`, a, hi)),
    latex: callLatex(op('clamp')), prime: 'clamp′',
    doc: { meaning: 'x held in [lo, hi]: clamp(x, lo, hi)', derivative: '1 inside, 0 outside; none at a bound' },
  },
  identity: {
    names: ['identity'], arity: 1, evaluate: (a) => a, complex: (a) => a,
    derivative: (g) => [g.num(1)],
    latex: callLatex(op('id')), prime: 'identity′', activation: true,
    doc: { meaning: 'x', derivative: '1' },
  },
} satisfies Readonly<Record<string, FunctionSpec>>;

/** The name of a function of the table: its keys. */
export type FunctionName = keyof typeof TABLE;
export const FUNCTIONS_TABLE: Readonly<Record<FunctionName, FunctionSpec>> = TABLE;


