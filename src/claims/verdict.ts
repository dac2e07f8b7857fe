// A claim's verdict, for a claim about an expression's node and for one about a
// program's variable alike: equal to the truth at every point, or the first
// counterexample and a diagnosis. What differs between the two is only how a
// claim is evaluated at a point and how a wrong one is diagnosed; the kinds
// pass those in.
import type { Derivation } from '../derive/derive.js';
import type { ProgramDerivation } from '../tensor/derive.js';
import type { Claim, ClaimSpec } from './claim.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { evaluateClaim, type Evaluation, type PointContext } from './judge.js';
import type { MatrixClaim } from './matrix-claim.js';
import { diagnoseMatrix, type MatrixDiagnosis } from './matrix-diagnose.js';
import { evaluateMatrixClaim, type MatrixContext, type MatrixEvaluation } from './matrix-judge.js';

export interface Verdict<C, E, D> {
  readonly claim: C;
  readonly ok: boolean;
  /** Points it was compared at. */
  readonly points: number;
  /** The first point where it disagrees. */
  readonly counterexample: E | null;
  readonly diagnosis: D | null;
}

export type ClaimVerdict = Verdict<Claim, Evaluation, Diagnosis>;
export type MatrixVerdict = Verdict<MatrixClaim, MatrixEvaluation, MatrixDiagnosis>;

/** How one kind of claim is judged: its value against the truth at a point, and the diagnosis of a wrong one. */
interface Judge<C, X, E extends { readonly equal: boolean }, D> {
  evaluate(claim: C, ctx: X): E;
  diagnose(claim: C, evals: readonly E[]): D;
  /** The diagnosis where there is no point to compare at. */
  readonly noPoint: D;
}

/** Compares a claim with the truth at every point and diagnoses it when wrong. */
function judge<C, X, E extends { readonly equal: boolean }, D>(j: Judge<C, X, E, D>, claim: C, contexts: readonly X[]): Verdict<C, E, D> {
  if (contexts.length === 0) return { claim, ok: false, points: 0, counterexample: null, diagnosis: j.noPoint };
  const evals = contexts.map((ctx) => j.evaluate(claim, ctx));
  const counterexample = evals.find((e) => !e.equal) ?? null;
  if (!counterexample) return { claim, ok: true, points: evals.length, counterexample: null, diagnosis: null };
  return { claim, ok: false, points: evals.length, counterexample, diagnosis: j.diagnose(claim, evals) };
}

/** A claim about an expression's node or input; `describe(i)` names node i for people. */
export function judgeClaim(der: Derivation, claim: Claim, contexts: readonly PointContext[], describe: (i: number) => string): ClaimVerdict {
  return judge({
    evaluate: (c, ctx) => evaluateClaim(der, c, ctx),
    diagnose: (c, evals) => diagnose(der, c, evals, describe),
    noPoint: { kind: 'unknown', message: 'no point inside the domain of the derivative was found to compare at; give one with --at' },
  }, claim, contexts);
}

/** A claimed matrix gradient or multiplier of a program. */
export function judgeMatrixClaim(der: ProgramDerivation, claim: MatrixClaim, contexts: readonly MatrixContext[]): MatrixVerdict {
  const describe = { statement: (name: string) => `${name} (${name} = ${der.program.statements.find((s) => s.name === name)!.text.trim()})` };
  return judge<MatrixClaim, MatrixContext, MatrixEvaluation, MatrixDiagnosis>({
    evaluate: (c, ctx) => evaluateMatrixClaim(der, c, ctx),
    diagnose: (c, evals) => diagnoseMatrix(der, c, evals, describe),
    noPoint: { kind: 'unknown', message: 'no point with a derivative was found to compare at (see the skipped points); give other values with --values or --at, or more --points' },
  }, claim, contexts);
}

/**
 * Every claim judged, in the order given, and reported from the output down:
 * a stable sort by `rank` (higher first), so that the first wrong claim is
 * the one nearest the output, where a mistake in a backward pass starts and
 * from where it spreads to the claims below it.
 */
export function judgeInReportOrder<V extends { readonly ok: boolean }>(
  specs: readonly ClaimSpec[], judge: (spec: ClaimSpec) => V, rank: (v: V) => number,
): { verdicts: V[]; firstWrong: number | null; ok: boolean } {
  const judged = specs.map((spec, k) => ({ v: judge(spec), k }));
  const ranks = judged.map(({ v }) => rank(v));
  const verdicts = judged.sort((a, b) => ranks[b.k]! - ranks[a.k]! || a.k - b.k).map(({ v }) => v);
  const wrong = verdicts.findIndex((v) => !v.ok);
  return { verdicts, firstWrong: wrong < 0 ? null : wrong, ok: wrong < 0 };
}
