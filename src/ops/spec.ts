// What an op declares, shared by the scalar IR (src/ir) and the tensor IR
// (src/tensor): one precedence, the complex numbers of the complex step, the
// verdict of a domain test, and the algebra a derivative is written in, so
// that one declaration serves both IRs. Types and constants only.

/** Binding strength, loosest first; `Neg` sits between sums and products. One table for every printer. */
export const Prec = { Any: 0, Sum: 1, Neg: 1.5, Product: 2, Unary: 3, Power: 4, Atom: 5 } as const;
export type Prec = (typeof Prec)[keyof typeof Prec];

export type Complex = { re: number; im: number };

/** Result of an op's domain test at given argument values. */
export type DomainVerdict =
  | null
  | { readonly kind: 'outside' | 'kink' | 'infinite'; readonly why: string };

/** How a message says where the point is, by verdict: "the point is on a kink of z₃ = relu(z₂)". */
export const WHERE_THE_POINT_IS: Readonly<Record<'outside' | 'kink' | 'infinite' | 'non-finite' | 'zero-factor', string>> = {
  outside: 'is outside the domain of',
  kink: 'is on a kink of',
  infinite: 'is at an infinite slope of',
  'non-finite': 'is not finite in',
  // --model grouped: note 003's rule for a product of powers divides by each factor (the derivative itself exists).
  'zero-factor': 'makes a factor 0 in',
};

export interface Notation<W> {
  /** Precedence of the written result. */
  readonly prec: Prec;
  /** Least precedence each operand may have before it is parenthesized. */
  readonly args: readonly Prec[];
  readonly write: W;
}

/**
 * The algebra a derivative is written in. The scalar builder provides it over
 * IR nodes; the tensor builder provides it elementwise (· is ⊙, / is ⊘), so a
 * function's derivative, declared once, is the scalar partial and the tensor
 * adjoint's factor alike.
 */
export interface Algebra<T> {
  num(value: number): T;
  /** π, written as such. */
  pi(): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  /** a raised to a constant power. */
  pow(a: T, p: number): T;
  /**
   * A function of the table by name, applied elementwise ('pow' with a variable exponent). The name is a
   * string so that the table needs no list of names beside it; every derivative is built in the tests.
   */
  call(name: string, ...args: T[]): T;
  /** True when `a` depends on no variable. */
  isConst(a: T): boolean;
  /** The number `a` is, when it is a number literal. */
  value(a: T): number | null;
}

/** A function's derivative: ∂out/∂args[k] for each k (null: none is needed, e.g. for a constant argument). */
export type Derivative = <T>(alg: Algebra<T>, args: readonly T[], out: T) => readonly (T | null)[];

/** One function of the table (src/ops/functions.ts), elementwise: declared on numbers, lifted to tensors. */
export interface FunctionSpec {
  /** The names a user may type; the first is how it prints in text. */
  readonly names: readonly string[];
  /** Number of arguments. */
  readonly arity: 1 | 2 | 3;
  /** Takes two or more arguments, folded pairwise from the left (max(a, b, c) = max(max(a, b), c)). */
  readonly variadic?: boolean;
  /** Arguments that must be constants (nthRoot's degree): refused when they vary. */
  readonly constantArgs?: readonly number[];
  /** Values of trailing arguments that may be left out (leaky_relu's slope 0.01). */
  readonly defaults?: readonly number[];
  /** Called with as many arguments as the arity; unused ones are 0. */
  readonly evaluate: (a: number, b: number, c: number) => number;
  /** Analytic continuation, for the complex-step check; absent where none is written (the check then uses differences). */
  readonly complex?: (a: Complex, b: Complex, c: Complex) => Complex;
  /** Local partials as expressions; `out` stands for the function's own value. */
  readonly derivative: Derivative;
  /** Where it is undefined or not differentiable; `constArgs[k]` tells whether argument k is a constant. */
  readonly domain?: (a: number, b: number, c: number, constArgs: readonly boolean[]) => DomainVerdict;
  /** Text other than `name(args)` (the operator form of pow). */
  readonly text?: Notation<(a: readonly string[], g: Glyphs) => string>;
  readonly latex: Notation<(a: readonly string[]) => string>;
  /** Written as a call f(a); false for an operator (a^b). */
  readonly isFunction?: boolean;
  /** What the diagnosis calls its derivative: "σ′" ("the chain-rule factor σ′ is missing"); every function written as a call has one. */
  readonly prime?: string;
  /** Offered as a layer's activation in the YAML network shorthand. */
  readonly activation?: boolean;
  /** For the generated table of functions (README, --help): its meaning and its derivative, in plain Unicode. */
  readonly doc: { readonly meaning: string; readonly derivative: string };
  /** Work of one evaluation relative to an addition (default 1; a transcendental ~10, erf ~40): the program check's budget counts it per entry. */
  readonly work?: number;
}

/** The styles an op is written in: Unicode terminal text, ASCII text (JSON; it parses back), LaTeX. */
export type WriteStyle = 'unicode' | 'ascii' | 'latex';

/**
 * How an op is written in one style, for its operands' shapes: all the one
 * printer (src/render/print.ts) reads of an op, for expressions and programs
 * alike. Built from the declarations (a function's `text` and `latex`, an
 * operator's forms between numbers, scalings and matrices) by
 * src/ir/tensor-ops.ts's `notation`.
 */
export interface Written {
  /** Precedence of the written result. */
  readonly prec: Prec;
  /** Least precedence each operand may have before it is bracketed. */
  readonly args: readonly Prec[];
  /** Operand k follows an operator sign, so a leading minus there is bracketed (a·(−b), not a·−b). */
  readonly afterOperator: readonly boolean[];
  /** What the written form starts with: its first operand (a + b, Aᵀ), a minus sign (−a), or something else (f(a), \frac). */
  readonly leads: 'first' | 'minus' | 'other';
  /** A function that drops the parentheses round an atomic argument (\sin z): a factor after it would run into it. */
  readonly open: boolean;
  /**
   * A product where a matrix takes part (⊙, ⊘, a scaling, the matrix product): it does not mix with
   * another of them at its precedence, so A ⊙ (B·C) and (2·A)·B keep their brackets.
   */
  readonly alone: boolean;
  /** The written op from its operands as written; `leftOpen`: operand 0 is an open function (see `open`). */
  readonly write: (parts: readonly string[], leftOpen: boolean) => string;
}

/** Glyphs that differ between ASCII text and Unicode terminal text. */
export interface Glyphs {
  readonly times: string;
  readonly minus: string;
}

/** Names of the functions of the table: its keys, so that a new entry needs nothing else. */
export type { FunctionName } from './functions.js';
