// Deciding a claim: it must equal the truth at the given points and at N
// seeded random points inside the domain (full precision, so nothing special
// about them). A point where the claim is undefined but the truth is defined
// is a disagreement. Symbolic equality is never required.
import { argumentPosition, type Derivation } from '../derive/derive.js';
import { evaluateChecked } from '../verify/evaluate.js';
import { choosePoint, compile, reverseSweep, type Compiled, type PointChoice } from '../verify/numeric.js';
import { CLAIM, close } from '../verify/tolerance.js';
import type { Claim } from './claim.js';

/** The truth at one point: values z, multipliers μ, and the compiled graph for diagnoses. */
export interface PointContext {
  readonly point: PointChoice;
  readonly mu: Float64Array;
  readonly compiled: Compiled;
  readonly origin: 'given' | 'random' | 'special';
}

export function pointContext(der: Derivation, point: PointChoice, origin: PointContext['origin']): PointContext {
  const compiled = compile(der, point.values);
  return { point, mu: reverseSweep(der, compiled, point.z), compiled, origin };
}

/** The given points (those where the truth is defined) and `count` seeded random ones. */
export function samplePoints(
  der: Derivation,
  given: readonly ReadonlyMap<string, number>[],
  count: number,
  seed: number,
): { contexts: PointContext[]; skipped: PointChoice[] } {
  const contexts: PointContext[] = [];
  const skipped: PointChoice[] = [];
  for (const g of given) {
    const p = choosePoint(der, g, seed);
    if (p.problem) skipped.push(p);
    else contexts.push(pointContext(der, p, 'given'));
  }
  for (let k = 0; k < count; k++) {
    // Each point starts from another range (positive, both signs, wide): a claim right only for x > 0 shows.
    const p = choosePoint(der, new Map(), seed * 7919 + 1 + k, { round: false, firstRange: k });
    if (!p.problem) contexts.push(pointContext(der, p, 'random'));
  }
  return { contexts, skipped };
}

export interface Evaluation {
  readonly ctx: PointContext;
  readonly truth: number;
  readonly claimed: number;
  /** Why the claim has no value here (log of a negative, division by zero…). */
  readonly undefinedWhy: string | null;
  readonly equal: boolean;
}

/**
 * The size of the terms that sum to μ_j, Σ_{i∈β(j)} |μ_i ∂f_i/∂z_j|: round-off
 * in μ_j scales with them (they may cancel), not with the output.
 */
function termScale(der: Derivation, j: number, ctx: PointContext): number {
  if (j === der.graph.m) return 1;
  const { nodes } = der.graph;
  const at = argumentPosition(der.graph);
  let sum = 0;
  for (const i of nodes[j]!.beta) {
    const k = at(i, j);
    sum += Math.abs(ctx.mu[i]! * ctx.compiled.partial(i, k, ctx.point.z));
  }
  return Math.max(1, sum);
}

/** The claim's value at a point, with the truth it is compared to. */
export function evaluateClaim(der: Derivation, claim: Claim, ctx: PointContext): Evaluation {
  const values = new Map<string, number>();
  for (const [name, role] of claim.symbols) {
    values.set(name, role.kind === 'value' ? ctx.point.values.get(role.name)! : role.kind === 'z' ? ctx.point.z[role.index]! : claim.sign * ctx.mu[role.index]!);
  }
  const r = evaluateChecked(claim.builder, claim.root, new Float64Array(0), values);
  // In the claim's convention: under the + sign a multiplier is −∂f/∂z_j; a gradient is the gradient.
  const truth = (claim.kind === 'mu' ? claim.sign : 1) * ctx.mu[claim.node]!;
  const undefinedWhy = r.problem && r.problem.kind !== 'kink' && r.problem.kind !== 'infinite' ? r.problem.why : Number.isFinite(r.value) ? null : `its value is ${r.value}`;
  const equal = undefinedWhy === null && close(r.value, truth, CLAIM, termScale(der, claim.node, ctx));
  return { ctx, truth, claimed: r.value, undefinedWhy, equal };
}
