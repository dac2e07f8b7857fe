// A matrix claim's verdict: equal to the truth at every point, or the first
// counterexample and a diagnosis.
import type { ProgramDerivation } from '../tensor/derive.js';
import type { MatrixClaim } from './matrix-claim.js';
import { diagnoseMatrix, type MatrixDiagnosis } from './matrix-diagnose.js';
import { evaluateMatrixClaim, type MatrixContext, type MatrixEvaluation } from './matrix-judge.js';

export interface MatrixVerdict {
  readonly claim: MatrixClaim;
  readonly ok: boolean;
  readonly points: number;
  readonly counterexample: MatrixEvaluation | null;
  readonly diagnosis: MatrixDiagnosis | null;
}

/** Compares a claim with the truth at every point and diagnoses it when wrong. */
export function judgeMatrixClaim(der: ProgramDerivation, claim: MatrixClaim, contexts: readonly MatrixContext[]): MatrixVerdict {
  if (contexts.length === 0) {
    const diagnosis: MatrixDiagnosis = { kind: 'unknown', message: 'no point with a derivative was found to compare at (see the skipped points); give other values with --values or --at, or more --points' };
    return { claim, ok: false, points: 0, counterexample: null, diagnosis };
  }
  const evals = contexts.map((ctx) => evaluateMatrixClaim(der, claim, ctx));
  const counterexample = evals.find((e) => !e.equal) ?? null;
  if (!counterexample) return { claim, ok: true, points: evals.length, counterexample: null, diagnosis: null };
  const describe = { statement: (name: string) => `${name} (${name} = ${der.program.statements.find((s) => s.name === name)!.text.trim()})` };
  return { claim, ok: false, points: evals.length, counterexample, diagnosis: diagnoseMatrix(der, claim, evals, describe) };
}
