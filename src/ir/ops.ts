// The scalar IR's ops: the arithmetic operators (src/ops/arithmetic.ts) and
// every function of the one table (src/ops/functions.ts), taken as they are
// declared. Each op gives its evaluation (real and complex), its local
// partials (as IR nodes, through the builder's algebra) and its domain; how
// every op is written is src/ir/written.ts's. No op is defined outside src/ops.
import { OPERATORS, type OperatorName } from '../ops/arithmetic.js';
import { c } from '../ops/complex.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { Complex, DomainVerdict, FunctionName } from '../ops/spec.js';
import type { Builder } from './build.js';
import type { NodeId } from './types.js';
import type { TOpName } from './tensor-ops.js';

export { Prec } from '../ops/spec.js';

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
  /** True for ops written as a function call, f(a). */
  readonly isFunction: boolean;
  /** Arguments that must be constants. */
  readonly constantArgs?: readonly number[];
}

const NO_COMPLEX = (): Complex => c(NaN, NaN);

/** An op of scalars: an operator or a function of the table. */
export type ScalarOpName = OperatorName | FunctionName;
/** Any op of the one IR (src/ir/tensor-ops.ts): the scalar ones and the structural ops of matrices. */
export type OpName = TOpName;

/** An arithmetic operator (src/ops/arithmetic.ts) as a scalar op. */
function scalarOperator(name: OperatorName): OpSpec {
  const spec = OPERATORS[name];
  return {
    arity: spec.arity,
    evaluate: spec.evaluate,
    complex: spec.complex,
    hasComplex: true,
    partials: (b, args, out) => spec.derivative(b.algebra, args, out).map((d) => d ?? b.zero),
    domain: spec.domain,
    isFunction: false,
  };
}

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
    isFunction: spec.isFunction ?? true,
    constantArgs: spec.constantArgs,
  };
}

/** Every scalar op, declared once; the type makes the compiler demand each entry in full. */
export const OPS: Readonly<Record<ScalarOpName, OpSpec>> = {
  add: scalarOperator('add'),
  sub: scalarOperator('sub'),
  mul: scalarOperator('mul'),
  div: scalarOperator('div'),
  neg: scalarOperator('neg'),
  ...(Object.fromEntries(Object.keys(FUNCTIONS_TABLE).map((k) => [k, scalarFunction(k as FunctionName)])) as Record<FunctionName, OpSpec>),
};

/**
 * The scalar op of a node's name: every op of an expression's IR is one (the
 * structural ops of matrices, sum or matmul, never occur between scalars).
 */
export function scalarOp(op: string): OpSpec {
  const spec = (OPS as Readonly<Record<string, OpSpec>>)[op];
  if (spec === undefined) throw new Error(`lagrad: ${op} is an op of matrices, not of an expression's scalars`);
  return spec;
}
