// Deciding a claimed matrix gradient or multiplier of a program: it must equal
// the truth, entry by entry, at the given values and at N seeded random
// points (values of every param and data). A claim whose shapes do not fit,
// or that is undefined where the truth is defined, disagrees.
import type { ProgramDerivation } from '../tensor/derive.js';
import { evaluate } from '../tensor/evaluate.js';
import { chooseProgramPoint, type ProgramPoint } from '../tensor/point.js';
import { findProblem } from '../tensor/problems.js';
import { filled, type Tensor } from '../ir/shape.js';
import { sweepProgram, type Sweep } from '../tensor/sweep.js';
import type { BuiltClaim, MatrixClaim } from './matrix-claim.js';
import { WHERE_THE_POINT_IS } from '../ops/spec.js';
import { CLAIM, close } from '../verify/tolerance.js';


export interface MatrixContext {
  readonly point: ProgramPoint;
  readonly sweep: Sweep;
  readonly origin: 'given' | 'random';
  /** 1-based number of the point, as the report names it. */
  readonly index: number;
}

const finite = (ts: Iterable<Tensor>): boolean => [...ts].every((t) => t.data.every(Number.isFinite));

/** A point not compared at: where, and why there is no derivative there. */
export interface SkippedPoint {
  readonly origin: MatrixContext['origin'];
  readonly why: string;
}

/**
 * The given values (when there are some) and `count` seeded random points,
 * each with its reverse sweep. A point on a kink, outside a domain, or where
 * a multiplier is not finite has no derivative to compare with: skipped.
 */
export function matrixPoints(
  der: ProgramDerivation, given: ReadonlyMap<string, Tensor> | null, count: number, seed: number,
): { contexts: MatrixContext[]; skipped: SkippedPoint[] } {
  const contexts: MatrixContext[] = [];
  const skipped: SkippedPoint[] = [];
  const add = (point: ProgramPoint, origin: MatrixContext['origin']): void => {
    const problem = findProblem(der.program, point.values);
    if (problem) {
      const what = `${WHERE_THE_POINT_IS[problem.kind]} ${problem.op}`;
      skipped.push({ origin, why: `it ${what} in ${problem.statement}, entry [${problem.entry.join(',')}] (${problem.why})` });
      return;
    }
    if (!finite(point.values.values())) return void skipped.push({ origin, why: 'a value is not finite there' });
    const sweep = sweepProgram(der, point);
    if (!finite(sweep.mu.values()) || !finite(sweep.gradient.values())) return void skipped.push({ origin, why: 'a derivative is not finite there' });
    contexts.push({ point, sweep, origin, index: contexts.length + 1 });
  };
  if (given !== null && given.size > 0) add(chooseProgramPoint(der.program, given, seed), 'given');
  // Each point starts from another range (both signs, positive, wide): a claim right only for small or positive values shows.
  for (let k = 0; k < count; k++) add(chooseProgramPoint(der.program, new Map(), seed * 7919 + 1 + k, k), 'random');
  return { contexts, skipped };
}

/** ∂ℓ/∂W or μ_z at a point, in the notes' convention. */
export function truthAt(claim: Pick<MatrixClaim, 'kind' | 'variable'>, ctx: MatrixContext): Tensor {
  return (claim.kind === 'grad' ? ctx.sweep.gradient : ctx.sweep.mu).get(claim.variable)!;
}

const negated = (t: Tensor): Tensor => ({ ...t, data: t.data.map((x) => -x) });
/** The multipliers under the + sign of the Lagrangian (−μ), once per point. */
const plusSign = new WeakMap<MatrixContext, ReadonlyMap<string, Tensor>>();
function multipliersAt(ctx: MatrixContext, sign: 1 | -1): ReadonlyMap<string, Tensor> {
  if (sign > 0) return ctx.sweep.mu;
  let m = plusSign.get(ctx);
  if (!m) plusSign.set(ctx, (m = new Map([...ctx.sweep.mu].map(([k, t]) => [k, negated(t)] as const))));
  return m;
}

/** ∂ℓ/∂W, or μ_z in the claim's convention (−μ_z under the + sign). */
export function signedTruthAt(claim: Pick<MatrixClaim, 'kind' | 'variable' | 'convention'>, ctx: MatrixContext): Tensor {
  const t = truthAt(claim, ctx);
  return claim.kind === 'mu' && claim.convention.sign < 0 ? negated(t) : t;
}

/**
 * A built claim's value at a point (a scalar claim stands for every entry), or
 * null when its shapes do not fit; its multipliers read with `sign` (−1: the + convention).
 */
export function claimValue(c: BuiltClaim, ctx: MatrixContext, sign: 1 | -1 = 1): Tensor | null {
  if (c.built === null || c.shapeError !== null) return null;
  return evaluate(c.built.builder, c.built.root, { values: ctx.point.values, mus: multipliersAt(ctx, sign) });
}

const norm = (t: Tensor): number => t.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * The size of the terms that sum to the truth, max over entries of Σ|term|:
 * round-off scales with them (they may cancel), not with the result.
 */
export function termScale(der: ProgramDerivation, claim: Pick<MatrixClaim, 'kind' | 'variable'>, ctx: MatrixContext): number {
  const eq = (claim.kind === 'grad' ? der.gradient : der.backward).find((e) => e.name === claim.variable)!;
  let sum = 0;
  for (const t of eq.terms) sum += norm(evaluate(der.program.builder, t.term, { values: ctx.point.values, mus: ctx.sweep.mu }));
  return Math.max(1, sum);
}

/** Entry k of t, a scalar standing for every entry. */
export const entry = (t: Tensor, k: number): number => (t.data.length === 1 ? t.data[0]! : t.data[k]!);

/** Whether a equals b entry by entry (a may be a scalar), with the index of the largest difference. */
export function compareTensors(a: Tensor, b: Tensor, scale: number): { equal: boolean; worst: number } {
  let worst = 0;
  let worstExcess = -Infinity;
  let equal = true;
  for (let k = 0; k < b.data.length; k++) {
    const x = entry(a, k);
    const y = b.data[k]!;
    // A claim or a truth that is not finite is never equal; otherwise the one test of `close`.
    const finite = Number.isFinite(x) && Number.isFinite(y);
    if (!finite || !close(x, y, CLAIM, scale)) equal = false;
    const excess = finite ? Math.abs(x - y) - (CLAIM.abs * scale + CLAIM.rel * Math.abs(y)) : Infinity;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = k;
    }
  }
  return { equal, worst };
}

export interface MatrixEvaluation {
  readonly ctx: MatrixContext;
  readonly truth: Tensor;
  /** Null when the claim's shapes do not fit. */
  readonly claimed: Tensor | null;
  /** Why the claim has no value here. */
  readonly undefinedWhy: string | null;
  readonly equal: boolean;
  /** Row-major index of the entry that differs most. */
  readonly worst: number;
  readonly scale: number;
}

export function evaluateMatrixClaim(der: ProgramDerivation, claim: MatrixClaim, ctx: MatrixContext): MatrixEvaluation {
  const truth = signedTruthAt(claim, ctx);
  const scale = termScale(der, claim, ctx);
  const claimed = claimValue(claim, ctx, claim.convention.sign);
  if (claimed === null) return { ctx, truth, claimed, undefinedWhy: null, equal: false, worst: 0, scale };
  const bad = claimed.data.findIndex((x) => !Number.isFinite(x));
  const undefinedWhy = bad >= 0 ? `an entry of it is ${claimed.data[bad]}` : null;
  const { equal, worst } = compareTensors(claimed, truth, scale);
  return { ctx, truth, claimed: claimed.data.length === 1 && truth.data.length > 1 ? filled([truth.rows, truth.cols], claimed.data[0]!) : claimed, undefinedWhy, equal, worst, scale };
}
