// A claim's verdict: equal to the truth at every point, or the first
// counterexample and a diagnosis.
import type { Derivation } from '../derive/derive.js';
import type { Claim } from './claim.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { evaluateClaim, type Evaluation, type PointContext } from './judge.js';

export interface ClaimVerdict {
  readonly claim: Claim;
  readonly ok: boolean;
  /** Points it was compared at. */
  readonly points: number;
  /** The first point where it disagrees. */
  readonly counterexample: Evaluation | null;
  readonly diagnosis: Diagnosis | null;
}

/** Compares a claim with the truth at every point and diagnoses it when wrong. */
export function judgeClaim(der: Derivation, claim: Claim, contexts: readonly PointContext[], describe: (i: number) => string): ClaimVerdict {
  if (contexts.length === 0) {
    const diagnosis: Diagnosis = { kind: 'unknown', message: 'no point inside the domain of the derivative was found to compare at; give one with --at' };
    return { claim, ok: false, points: 0, counterexample: null, diagnosis };
  }
  const evals = contexts.map((ctx) => evaluateClaim(der, claim, ctx));
  const counterexample = evals.find((e) => !e.equal) ?? null;
  if (!counterexample) return { claim, ok: true, points: evals.length, counterexample: null, diagnosis: null };
  return { claim, ok: false, points: evals.length, counterexample, diagnosis: diagnose(der, claim, evals, describe) };
}
