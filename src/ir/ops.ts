// The scalar IR's ops: the arithmetic operators, declared here, and every
// function of the one table (src/ops/functions.ts), taken as it is declared.
// Each op gives its evaluation (real and complex), its local partials (as IR
// nodes, through the builder's algebra), its domain, and how it is written in
// text and in LaTeX. Nothing outside src/ops and this file defines an op.
import { c, cadd, cdiv, cmul, cneg, csub } from '../ops/complex.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { Prec, type Complex, type DomainVerdict, type FunctionName, type Glyphs, type Notation } from '../ops/spec.js';
import type { Builder } from './build.js';
import type { NodeId } from './types.js';

export { Prec, type Glyphs, type Notation } from '../ops/spec.js';

export interface OpSpec {
  readonly arity: 1 | 2 | 3;
  /** Called with three numbers; arguments past the arity are 0. */
  readonly evaluate: (a: number, b: number, c: number) => number;
  /** Analytic continuation, for the complex-step check (NaN where the table writes none: see `hasComplex`). */
  readonly complex: (a: Complex, b: Complex, c: Complex) => Complex;
  readonly hasComplex: boolean;
  /** ∂out/∂args[k] for each k, as IR nodes; `out` stands for the op's own value. */
  readonly partials: (b: Builder, args: readonly NodeId[], out: NodeId) => readonly NodeId[];
  /** Where the op is undefined or not differentiable; `constArgs[k]` tells whether arg k is a constant. */
  readonly domain?: (a: number, b: number, c: number, constArgs: readonly boolean[]) => DomainVerdict;
  readonly text: Notation<(a: readonly string[], g: Glyphs) => string>;
  readonly latex: Notation<(a: readonly string[], leftIsFunction: boolean) => string>;
  /** True for ops written as a function call, f(a). */
  readonly isFunction: boolean;
  /** Arguments that must be constants. */
  readonly constantArgs?: readonly number[];
}

const P = Prec;
const fnText = (name: string): Notation<(a: readonly string[]) => string> => ({
  prec: P.Atom, args: [P.Any, P.Any, P.Any], write: (a) => `${name}(${a.join(', ')})`,
});
const NO_COMPLEX = (): Complex => c(NaN, NaN);

export type OpName = 'add' | 'sub' | 'mul' | 'div' | 'neg' | FunctionName;

/** An arithmetic operator of the scalar IR. */
type Arithmetic = Omit<OpSpec, 'hasComplex' | 'isFunction'>;

const ARITHMETIC: Readonly<Record<'add' | 'sub' | 'mul' | 'div' | 'neg', Arithmetic>> = {
  /** a + b; ∂ = (1, 1). */
  add: {
    arity: 2,
    evaluate: (a, b) => a + b,
    complex: cadd,
    partials: (b) => [b.one, b.one],
    text: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} + ${b}` },
    latex: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} + ${b}` },
  },
  /** a − b; ∂ = (1, −1). */
  sub: {
    arity: 2,
    evaluate: (a, b) => a - b,
    complex: csub,
    partials: (b) => [b.one, b.num(-1)],
    text: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b], g) => `${a} ${g.minus} ${b}` },
    latex: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} - ${b}` },
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
  },
  /** a/b; ∂ = (1/b, −a/b²). */
  div: {
    arity: 2,
    evaluate: (a, b) => a / b,
    complex: cdiv,
    partials: (b, [x, y]) => [b.div(b.one, y!), b.neg(b.div(x!, b.pow(y!, b.num(2))))],
    domain: (_a, d) => (d === 0 ? { kind: 'outside', why: 'division by zero' } : null),
    text: { prec: P.Product, args: [P.Neg, P.Power], write: ([a, b]) => `${a}/${b}` },
    latex: { prec: P.Unary, args: [P.Any, P.Any], write: ([a, b]) => `\\frac{${a}}{${b}}` },
  },
  /** −a; ∂ = −1. */
  neg: {
    arity: 1,
    evaluate: (a) => -a,
    complex: cneg,
    partials: (b) => [b.num(-1)],
    text: { prec: P.Neg, args: [P.Product], write: ([a], g) => `${g.minus}${a}` },
    latex: { prec: P.Neg, args: [P.Product], write: ([a]) => `-${a}` },
  },
};

/** A function of the table as a scalar op: its derivative written through the builder's algebra. */
function scalarFunction(name: FunctionName): OpSpec {
  const spec = FUNCTIONS_TABLE[name];
  return {
    arity: spec.arity,
    evaluate: spec.evaluate,
    complex: spec.complex ?? NO_COMPLEX,
    hasComplex: spec.complex !== undefined,
    partials: (b, args, out) => spec.derivative(b.algebra, args, out).map((d) => d ?? b.zero),
    domain: spec.domain,
    text: spec.text ?? fnText(spec.names[0]!),
    latex: spec.latex,
    isFunction: spec.isFunction ?? true,
    constantArgs: spec.constantArgs,
  };
}

const lift = (a: Arithmetic): OpSpec => ({ ...a, hasComplex: true, isFunction: false });

/** Every scalar op, declared once; the type makes the compiler demand each entry in full. */
export const OPS: Readonly<Record<OpName, OpSpec>> = {
  add: lift(ARITHMETIC.add),
  sub: lift(ARITHMETIC.sub),
  mul: lift(ARITHMETIC.mul),
  div: lift(ARITHMETIC.div),
  neg: lift(ARITHMETIC.neg),
  ...(Object.fromEntries(Object.keys(FUNCTIONS_TABLE).map((k) => [k, scalarFunction(k as FunctionName)])) as Record<FunctionName, OpSpec>),
};
