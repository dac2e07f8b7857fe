// The piecewise functions of the table: relu and its kin, |x|, the steps
// (step, sign, floor, ceil, round), max, min, clamp, identity. Each has a
// kink or jump somewhere, declared by its domain test and reported, never
// passed. Spread into the one table (src/ops/functions.ts).
import { c, cabs, cexpm1, cmax, cmin, cmul } from './complex.js';
import { callLatex, kink, kinkAtZero, jumps, op, outside, short, tie } from './notation.js';
import { Prec as P, type FunctionSpec } from './spec.js';

export const PIECEWISE = {
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
    domain: (a, b) => tie(`max has a tie (${short(a)} and ${short(b)}): no derivative there`, a, b),
    latex: callLatex('\\max'), prime: 'max′',
    doc: { meaning: 'the larger argument (any number of them)', derivative: '1 for the larger, 0 for the other; none at a tie' },
  },
  min: {
    names: ['min'], arity: 2, variadic: true, evaluate: (a, b) => Math.min(a, b), complex: cmin,
    derivative: (g, [a, b]) => [g.call('step', g.sub(b!, a!)), g.call('step', g.sub(a!, b!))],
    domain: (a, b) => tie(`min has a tie (${short(a)} and ${short(b)}): no derivative there`, a, b),
    latex: callLatex('\\min'), prime: 'min′',
    doc: { meaning: 'the smaller argument (any number of them)', derivative: '1 for the smaller, 0 for the other; none at a tie' },
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
    domain: (a, lo, hi) => (lo > hi ? outside(`clamp needs lo ≤ hi, got ${short(lo)} > ${short(hi)}`)
      : lo === hi ? kink(`clamp's bounds are equal (${short(lo)}): no derivative in them`)
      : tie(`clamp's argument ${short(a)} is at its bound ${short(lo)}: no derivative there`, a, lo) ?? tie(`clamp's argument ${short(a)} is at its bound ${short(hi)}: no derivative there`, a, hi)),
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
