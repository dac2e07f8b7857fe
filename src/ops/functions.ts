// THE table of functions: each elementwise function declared once, on numbers:
// names, arity, evaluation, complex continuation, derivative (in the Algebra
// both IRs provide), domain and kinks, text, LaTeX, and what the diagnosis and
// the YAML networks need. src/ir/ops.ts takes them as scalar ops and
// src/tensor/ops.ts lifts them to tensors; the list of names a user may call,
// the activations, the kinks and the README's table of functions are derived
// from it (src/ops/registry.ts). The piecewise functions (relu, floor, max,
// clamp, …) are declared in src/ops/piecewise.ts and spread in at the end.
// To add a function, add one entry here.
import {
  c, cabs, cacos, cacosh, cadd, casin, casinh, catan, catan2, catanh, ccbrt, ccos, ccosh, cdiv, cexp, cexpm1,
  cinv, clog, clog1p, cmul, cpow, csigmoid, csin, csinh, csoftplus, csq, csqrt, ctan, ctanh,
} from './complex.js';
import { erf, erfc, normalCdf } from './special.js';
import { callLatex, fnLatex, infiniteSlope, kink, op, outside, poleWhere, positive, short, sigmoid } from './notation.js';
import { PIECEWISE } from './piecewise.js';
import { Prec as P, type FunctionSpec } from './spec.js';

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
      if (a < 0) return outside(`a negative base (${short(a)}) needs a constant integer exponent`);
      // 0^p for a constant non-integer p > 1 is defined, but the base cannot go below 0: one-sided, like √ at 0.
      if (a === 0 && constArgs[1] && p > 0 && p < 1) return infiniteSlope(`0^${short(p)} is defined, but its derivative is infinite at 0`);
      if (a === 0) return constArgs[1] && p > 1 ? kink(`0^${short(p)}: a non-integer power is defined on one side of 0 only`)
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
    domain: (a) => (a > 0 ? null : a === 0 ? infiniteSlope('sqrt is at its domain boundary 0, where its derivative is infinite') : outside(`sqrt needs a non-negative argument, got ${short(a)}`)),
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
    domain: (a) => (Math.abs(a) < 1 ? null : outside(`asin needs |a| < 1, got ${short(a)}`)),
    latex: fnLatex('\\arcsin'), prime: 'asin′',
    doc: { meaning: 'arcsin x', derivative: '1/√(1 − x²)' },
  },
  acos: {
    names: ['acos'], arity: 1, work: 12, evaluate: Math.acos, complex: cacos,
    derivative: (g, [a]) => [g.neg(g.div(g.num(1), g.call('sqrt', g.sub(g.num(1), g.pow(a!, 2)))))],
    domain: (a) => (Math.abs(a) < 1 ? null : outside(`acos needs |a| < 1, got ${short(a)}`)),
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
    domain: (a) => (a > 1 ? null : a === 1 ? infiniteSlope('acosh is at its domain boundary 1, where its derivative is infinite') : outside(`acosh needs an argument above 1, got ${short(a)}`)),
    latex: fnLatex(op('arcosh')), prime: 'acosh′',
    doc: { meaning: 'arcosh x, x > 1', derivative: '1/√(x² − 1)' },
  },
  atanh: {
    names: ['atanh'], arity: 1, work: 14, evaluate: Math.atanh, complex: catanh,
    derivative: (g, [a]) => [g.div(g.num(1), g.sub(g.num(1), g.pow(a!, 2)))],
    domain: (a) => (Math.abs(a) < 1 ? null : outside(`atanh needs |a| < 1, got ${short(a)}`)),
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
      a <= 0 ? outside(`log needs a positive argument, got ${short(a)}`)
        : base <= 0 || base === 1 ? outside(`log base must be positive and not 1, got ${short(base)}`) : null,
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
    domain: (a) => (a > -1 ? null : outside(`log1p needs an argument above −1, got ${short(a)}`)),
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
    domain: (a) => (a === 0 ? infiniteSlope('cbrt is at 0, where its derivative is infinite') : null),
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
        : a === 0 ? infiniteSlope('nthRoot is at 0, where its derivative is infinite')
          : a < 0 && n % 2 === 0 ? outside(`an even root needs a non-negative argument, got ${short(a)}`) : null,
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
  /** √(a² + b²); ∂ = (a/out, b/out). */
  hypot: {
    names: ['hypot'], arity: 2, work: 8, evaluate: (a, b) => Math.hypot(a, b), complex: (a, b) => csqrt(cadd(csq(a), csq(b))),
    derivative: (g, [a, b], out) => [g.div(a!, out), g.div(b!, out)],
    domain: (a, b) => (a === 0 && b === 0 ? kink('hypot is not differentiable at (0, 0)') : null),
    latex: callLatex(op('hypot')), prime: 'hypot′',
    doc: { meaning: '√(x² + y²)', derivative: '(x, y)/√(x² + y²)' },
  },
  ...PIECEWISE,
} satisfies Readonly<Record<string, FunctionSpec>>;

/** The name of a function of the table: its keys. */
export type FunctionName = keyof typeof TABLE;
export const FUNCTIONS_TABLE: Readonly<Record<FunctionName, FunctionSpec>> = TABLE;


