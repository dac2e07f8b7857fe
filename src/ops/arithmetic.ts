// The arithmetic operators (+, −, ·, /, unary −), each declared once, as the
// functions of the table are (src/ops/functions.ts): evaluation on numbers,
// complex continuation, derivative in the Algebra both IRs provide, domain,
// and how each is written. src/ir/ops.ts takes them as scalar ops and
// src/tensor/ops.ts lifts them elementwise (with broadcasting); between two
// matrices · and / are written ⊙ and ⊘, which is all the tensor form adds.
import { cadd, cdiv, cmul, cneg, csub } from './complex.js';
import { Prec as P, type Complex, type Derivative, type DomainVerdict, type Glyphs, type Notation } from './spec.js';

export type OperatorName = 'add' | 'sub' | 'mul' | 'div' | 'neg';

export interface OperatorSpec {
  readonly arity: 1 | 2;
  /** What a shape error calls it: "the elementwise product of A [2,3] and B [4,1] does not fit". */
  readonly describe: string;
  /** Arguments past the arity are 0. */
  readonly evaluate: (a: number, b: number) => number;
  readonly complex: (a: Complex, b: Complex) => Complex;
  /** ∂out/∂args[k], in the builder's algebra (the scalar partial; the tensor adjoint is g ⊙ it, summed back over broadcast axes). */
  readonly derivative: Derivative;
  readonly domain?: (a: number, b: number) => DomainVerdict;
  /** Between numbers, and a matrix scaled by a number. */
  readonly text: Notation<(a: readonly string[], g: Glyphs) => string>;
  /** Between numbers; `leftIsFunction`: the left operand is a function written without parentheses (\sin z). */
  readonly latex: Notation<(a: readonly string[], leftIsFunction: boolean) => string>;
  /** How a matrix program writes it when a matrix is scaled by a number (2 · W), where that differs from `latex`. */
  readonly scalingLatex?: (a: readonly string[]) => string;
  /** How it is written between two matrices, entry by entry (⊙, ⊘), where that differs. */
  readonly elementwise?: {
    readonly text: Readonly<Record<'unicode' | 'ascii', (a: readonly string[]) => string>>;
    readonly latex: (a: readonly string[]) => string;
  };
}

export const OPERATORS: Readonly<Record<OperatorName, OperatorSpec>> = {
  /** a + b; ∂ = (1, 1). */
  add: {
    arity: 2, describe: 'sum',
    evaluate: (a, b) => a + b,
    complex: cadd,
    derivative: (g) => [g.num(1), g.num(1)],
    text: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} + ${b}` },
    latex: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} + ${b}` },
  },
  /** a − b; ∂ = (1, −1). */
  sub: {
    arity: 2, describe: 'difference',
    evaluate: (a, b) => a - b,
    complex: csub,
    derivative: (g) => [g.num(1), g.num(-1)],
    text: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b], g) => `${a} ${g.minus} ${b}` },
    latex: { prec: P.Sum, args: [P.Sum, P.Product], write: ([a, b]) => `${a} - ${b}` },
  },
  /** a·b (elementwise between matrices; a scaling when one is a number); ∂ = (b, a). */
  mul: {
    arity: 2, describe: 'elementwise product',
    evaluate: (a, b) => a * b,
    complex: cmul,
    derivative: (_g, [x, y]) => [y!, x!],
    text: { prec: P.Product, args: [P.Neg, P.Product], write: ([a, b], g) => `${a}${g.times}${b}` },
    latex: {
      prec: P.Product,
      args: [P.Neg, P.Product],
      // Juxtapose, except where a digit follows or an unparenthesized function precedes.
      write: ([a, b], leftIsFunction) => (leftIsFunction || /^[\d.-]/.test(b!) ? `${a} \\cdot ${b}` : `${a} ${b}`),
    },
    scalingLatex: ([a, b]) => `${a} \\cdot ${b}`,
    elementwise: {
      text: { unicode: ([a, b]) => `${a} ⊙ ${b}`, ascii: ([a, b]) => `${a}.*${b}` },
      latex: ([a, b]) => `${a} \\odot ${b}`,
    },
  },
  /** a/b (elementwise between matrices); ∂ = (1/b, −a/b²). */
  div: {
    arity: 2, describe: 'elementwise quotient',
    evaluate: (a, b) => a / b,
    complex: cdiv,
    derivative: (g, [x, y]) => [g.div(g.num(1), y!), g.neg(g.div(x!, g.pow(y!, 2)))],
    domain: (_a, d) => (d === 0 ? { kind: 'outside', why: 'division by zero' } : null),
    text: { prec: P.Product, args: [P.Neg, P.Power], write: ([a, b]) => `${a}/${b}` },
    latex: { prec: P.Unary, args: [P.Any, P.Any], write: ([a, b]) => `\\frac{${a}}{${b}}` },
    elementwise: {
      text: { unicode: ([a, b]) => `${a}/${b}`, ascii: ([a, b]) => `${a} ./ ${b}` },
      latex: ([a, b]) => `${a} \\oslash ${b}`,
    },
  },
  /** −a; ∂ = −1. */
  neg: {
    arity: 1, describe: 'negation',
    evaluate: (a) => -a,
    complex: cneg,
    derivative: (g) => [g.num(-1)],
    text: { prec: P.Neg, args: [P.Product], write: ([a], g) => `${g.minus}${a}` },
    latex: { prec: P.Neg, args: [P.Product], write: ([a]) => `-${a}` },
  },
};
