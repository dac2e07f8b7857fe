// A claimed answer for a program: a matrix gradient ∂ℓ/∂W of a param, or the
// multiplier μ_z of a statement, as an expression over the program's
// variables and multipliers (mu_z or μ_z), e.g. `--grad W="mu_yhat*z'"`.
// An unknown name or a claim that does not parse is an input error (exit 2);
// a claim whose shapes do not fit is a wrong answer (the commonest mistake of
// matrix calculus), kept with its shape error for the diagnosis.
import { InputError } from '../parse/errors.js';
import { buildExpression } from '../tensor/expression.js';
import { Builder, type NodeId } from '../ir/build.js';
import type { Program } from '../tensor/program.js';
import { formatShape, type Shape } from '../ir/shape.js';
import { claimContext, multiplierPattern, NOTES_CLAIMS, type ClaimConvention, type ClaimSpec } from './claim.js';

export interface MatrixClaim extends BuiltClaim {
  readonly spec: ClaimSpec;
  /** A param's gradient, or a statement's multiplier. */
  readonly kind: 'grad' | 'mu';
  /** The variable: `W` for ∂ℓ/∂W, `z` for μ_z. */
  readonly variable: string;
  /** The target as JSON names it: `W`, `mu_z`. */
  readonly label: string;
  readonly shape: Shape;
  /** The user variables the claim names, and the statements whose multipliers it uses. */
  readonly variables: readonly string[];
  readonly multipliers: readonly string[];
  /** The convention the claim is written in: its multipliers are sign·∂ℓ/∂v (claims/claim.ts). */
  readonly convention: ClaimConvention;
}

/** mu_z or μ_z (beta_z, β_z under note 002's symbol): the multiplier of statement z. */
const muPattern = (conv: ClaimConvention): RegExp => multiplierPattern(conv, '_(.+)');

/** `W` (a param) → its gradient; `z`, `mu_z`, `μ_z` (a statement) → its multiplier. */
export function resolveMatrixTarget(program: Program, target: string, conv: ClaimConvention = NOTES_CLAIMS): { kind: 'grad' | 'mu'; variable: string; label: string } {
  const shapes = program.shapes;
  const statements = new Set(program.statements.map((s) => s.name));
  const m = muPattern(conv).exec(target);
  const name = m && !shapes.has(target) ? m[1]! : target;
  const decl = program.declarations.find((d) => d.name === name);
  if (decl?.role === 'param' && !m) return { kind: 'grad', variable: name, label: name };
  if (decl?.role === 'param') throw new InputError('usage', `'${target}': ${name} is a param, so it has a gradient, not a multiplier: the target is ${name}`);
  if (decl?.role === 'data' && decl.heldFixed) throw new InputError('usage', `'${target}': ${name} is held fixed (--const or --wrt), so it has no derivative here`);
  if (decl?.role === 'data') throw new InputError('usage', `'${target}': ${name} is data, held fixed, so it has no derivative; declare it param to differentiate it`);
  if (statements.has(name)) return { kind: 'mu', variable: name, label: `${conv.multiplier.ascii}_${name}` };
  const params = program.declarations.filter((d) => d.role === 'param').map((d) => d.name);
  throw new InputError('usage', `unknown target '${target}': name a param (${params.join(', ')}) for its gradient, or a statement (${[...statements].join(', ')}) for its multiplier`);
}

class ShapeMismatch extends Error {
  constructor(readonly text: string, readonly offset: number) {
    super(text);
  }
}

export interface BuiltClaim {
  /** The claim in its own builder; null when its shapes do not fit inside it. */
  readonly built: { readonly builder: Builder; readonly root: NodeId } | null;
  /** Why the shapes do not fit, inside the claim or in its result; the claim is then wrong. */
  readonly shapeError: { readonly message: string; readonly offset: number; readonly result: boolean } | null;
}

/**
 * Builds the claim's text. With `transpose`, that variable is read as its
 * transpose wherever it appears (W as Wᵀ, and W' as W): the diagnosis asks
 * whether the claim is right with one variable transposed.
 */
export function buildClaim(
  program: Program, spec: ClaimSpec, target: { kind: 'grad' | 'mu'; variable: string }, transpose?: string, conv: ClaimConvention = NOTES_CLAIMS,
): BuiltClaim & { variables: string[]; multipliers: string[] } {
  const mu = conv.multiplier.ascii;
  const MU = muPattern(conv);
  const shape = program.shapes.get(target.variable)!;
  const order = new Map(program.statements.map((s, k) => [s.name, k] as const));
  const variables: string[] = [];
  const multipliers: string[] = [];
  const unknown = (name: string, at: number, why: string): never => {
    throw new InputError('name', `${why} '${name}': use the program's variables (${[...program.shapes.keys()].join(', ')}) or the multipliers ${mu}_NAME of its statements`, at, spec.text);
  };
  const b = new Builder();
  const transposed = (id: NodeId, name: string): NodeId => (name === transpose ? b.transpose(id) : id);
  try {
    const root = buildExpression(b, spec.text, 0, {
      label: spec.text,
      source: spec.text,
      maxDepth: 1000,
      fail: (message, offset) => {
        throw new InputError('syntax', message.replace(`${spec.text}: `, ''), offset, spec.text);
      },
      failShape: (message, offset) => {
        throw new ShapeMismatch(message.replace(`${spec.text}: `, ''), offset);
      },
      symbol: (name, at) => {
        const s = program.shapes.get(name);
        if (s !== undefined) {
          if (!variables.includes(name)) variables.push(name);
          return transposed(b.variable(name, s), name);
        }
        const of = MU.exec(name)?.[1];
        if (of === undefined) return unknown(name, at, 'unknown symbol');
        if (!order.has(of)) {
          if (program.shapes.has(of)) throw new InputError('name', `'${name}': ${of} is not a statement, so it has no multiplier`, at, spec.text);
          return unknown(name, at, 'unknown multiplier');
        }
        // μ_z depends on the multipliers of the statements after z: a claim for it may use only those.
        if (target.kind === 'mu' && order.get(of)! <= order.get(target.variable)!) {
          const later = program.statements.slice(order.get(target.variable)! + 1).map((st) => `${mu}_${st.name}`);
          throw new InputError('name', `a claim for ${mu}_${target.variable} may use only the multipliers of later statements (${later.join(', ') || 'none'}), not ${name}`, at, spec.text);
        }
        if (!multipliers.includes(of)) multipliers.push(of);
        return transposed(b.mu(of, program.shapes.get(of)!), `mu_${of}`);
      },
    });
    const got = b.shape(root);
    const scalar = got[0] === 1 && got[1] === 1;
    // A number (0) stands for every entry; a scalar computed from the variables (sum(mu_H) for a bias) does not.
    const numberOnly = variables.length === 0 && multipliers.length === 0;
    const targetScalar = shape[0] === 1 && shape[1] === 1;
    if ((!scalar || (!numberOnly && !targetScalar)) && (got[0] !== shape[0] || got[1] !== shape[1])) {
      const message = `your answer is ${formatShape(got)}`;
      return { built: { builder: b, root }, shapeError: { message, offset: 0, result: true }, variables, multipliers };
    }
    return { built: { builder: b, root }, shapeError: null, variables, multipliers };
  } catch (e) {
    if (!(e instanceof ShapeMismatch)) throw e;
    return { built: null, shapeError: { message: e.text, offset: e.offset, result: false }, variables, multipliers };
  }
}

/** Parses a claim against a program; errors name the claim and the position. */
export function parseMatrixClaim(program: Program, spec: ClaimSpec, conv: ClaimConvention = NOTES_CLAIMS): MatrixClaim {
  try {
    const target = resolveMatrixTarget(program, spec.target, conv);
    const { built, shapeError, variables, multipliers } = buildClaim(program, spec, target, undefined, conv);
    return { spec, ...target, shape: program.shapes.get(target.variable)!, built, shapeError, variables, multipliers, convention: conv };
  } catch (e) {
    if (e instanceof InputError) throw e.within(claimContext(spec.target));
    throw e;
  }
}
