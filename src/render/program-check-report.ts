// Reports of `lagrad check` on a program: terminal text and `lagrad/check@1`
// JSON, from the same verdicts. A counterexample names the point (the
// --values point or seeded random point k), the entry that differs most, and
// both values there; JSON carries the whole claimed and correct matrices.
import type { MatrixVerdict } from '../claims/verdict.js';
import type { ProgramClaimsResult, ProgramGraded } from '../program-pipeline.js';
import type { ProgramDerivation } from '../tensor/derive.js';
import { batchReportJson, checkReportJson, checkReportText, csvPointLimit, type ClaimReportKind, type GradedRow, type ReportOptions } from './check-report.js';
import { isNotes, type Convention } from './convention.js';
import { num, obj, objFrom, writeJson, type JsonObject } from './json-writer.js';
import { ProgramEquations } from './program-print.js';
import { entryLabel, tensorJson } from './json.js';
import { formatTensor, programConventionText } from './program-text.js';
import { formatValue, PLAIN_THEME, type Theme } from './text-writer.js';

/** Up to this many entries, the text shows the claimed and the correct matrix whole. */
const SHOW_WHOLE = 12;
/** Beyond this many entries in all, the JSON counterexample names its point instead of listing it. */
const POINT_ENTRIES_LIMIT = 10_000;

/** `∂loss/∂W` or `μ_z` (Unicode); `dloss/dW`, `mu_z` (ASCII). */
export function matrixTargetName(r: { readonly derivation: ProgramDerivation }, v: MatrixVerdict, unicode: boolean): string {
  const obj = r.derivation.program.objective;
  if (v.claim.kind === 'grad') return unicode ? `∂${obj}/∂${v.claim.variable}` : `d${obj}/d${v.claim.variable}`;
  const m = v.claim.convention.multiplier;
  return `${unicode ? m.unicode : m.ascii}_${v.claim.variable}`;
}

/** The correct answer, for --show-answer: the derived formula (in the convention's symbol and sign). */
export function matrixAnswer(r: { readonly derivation: ProgramDerivation }, v: MatrixVerdict, unicode: boolean, conv?: Convention): string {
  const eqs = new ProgramEquations(r.derivation, unicode ? 'unicode' : 'ascii', ...(conv ? [{ ...conv, node: 'z' }] as const : []));
  const list = v.claim.kind === 'grad' ? r.derivation.gradient : r.derivation.backward;
  return eqs.sum(list.find((e) => e.name === v.claim.variable)!);
}

function pointLabel(v: MatrixVerdict): string {
  const c = v.counterexample!.ctx;
  return c.origin === 'given' ? 'at the given point' : `at seeded random point ${c.index}`;
}

/** A program's convention, stated in its text report as derive states it. */
function programConventionLine(c: Convention): string {
  return `claims judged in the ${programConventionText({ ...c, node: 'z' }).lagrangian}`;
}

/** The counterexample's point as --values takes it, or where it is (origin, index) when it is large. */
function pointJson(c: NonNullable<MatrixVerdict['counterexample']>, limit = POINT_ENTRIES_LIMIT): JsonObject {
  const inputs = [...c.ctx.point.inputs];
  const entries = inputs.reduce((s, [, t]) => s + t.data.length, 0);
  return entries <= limit
    ? objFrom(inputs.map(([name, t]) => [name, tensorJson(t)] as const))
    : obj(['origin', c.ctx.origin], ['index', c.ctx.index]);
}

function counterexampleJson(v: MatrixVerdict): JsonObject {
  const c = v.counterexample!;
  return obj(
    ['point', pointJson(c)],
    ['origin', c.ctx.origin],
    c.claimed !== null && ['entry', c.truth.data.length === 1 ? [] : [Math.floor(c.worst / c.truth.cols) + 1, (c.worst % c.truth.cols) + 1]],
    ['claimed', c.claimed === null ? null : tensorJson(c.claimed)],
    ['correct', tensorJson(c.truth)],
    ['shape', [c.truth.rows, c.truth.cols]],
    c.undefinedWhy !== null && ['why', c.undefinedWhy],
  );
}

/** A program's claims, as the one report (check-report.ts) writes them. */
export const PROGRAM_REPORT: ClaimReportKind<ProgramClaimsResult, MatrixVerdict> = {
  header(r, options, theme) {
    const out: string[] = [];
    const p = r.derivation.program;
    const given = r.contexts.filter((c) => c.origin === 'given').length;
    out.push(`${theme.heading('program')}: ${p.statements.length} statement${p.statements.length === 1 ? '' : 's'}, objective ${p.objective}`);
    const n = r.contexts.length;
    out.push(theme.dim(`compared at ${n} point${n === 1 ? '' : 's'}: ${given} given (--values, --at), ${n - given} seeded random values of the params and data`));
    if (options.convention !== undefined && !isNotes({ ...options.convention, node: 'z' })) out.push(theme.dim(programConventionLine(options.convention)));
    for (const p of r.skipped) out.push(theme.dim(`skipped ${p.origin === 'given' ? 'the given point' : 'a seeded random point'}: ${p.why}`));
    return out;
  },
  target: (r, v, unicode) => matrixTargetName(r, v, unicode),
  claimed: (v) => v.claim.spec.text,
  holds: 'equal to the derivative, entry by entry,',
  counterexample(v, theme) {
    const c = v.counterexample!;
    if (c.claimed === null) return [];
    const k = c.worst;
    const yours = c.undefinedWhy !== null && !Number.isFinite(c.claimed.data[k]!) ? `undefined (${c.undefinedWhy})` : formatValue(c.claimed.data[k]!);
    const out = [`    counterexample: ${pointLabel(v)}, entry ${entryLabel(c.truth, k) || '(scalar)'}: yours ${yours}, correct ${formatValue(c.truth.data[k]!)}`];
    // A small matrix whole, so the pattern of the error shows (a row off, a sign everywhere).
    if (c.truth.data.length > 1 && c.truth.data.length <= SHOW_WHOLE) {
      out.push(theme.dim(`      yours    ${formatTensor(c.claimed)}`), theme.dim(`      correct  ${formatTensor(c.truth)}`));
    }
    return out;
  },
  answer: (r, v, unicode, conv) => matrixAnswer(r, v, unicode, conv),
  counterexampleJson: (v) => counterexampleJson(v),
  diagnosisJson: (_r, d) => [
    d.node !== undefined && ['node', d.node],
    d.edge && ['edge', obj(['from', d.edge[0]], ['to', d.edge[1]])],
    d.variable !== undefined && ['variable', d.variable],
  ],
  batchCounterexample(v) {
    const c = v.counterexample;
    return c && c.claimed !== null ? obj(
      ['entry', c.truth.data.length === 1 ? [] : [Math.floor(c.worst / c.truth.cols) + 1, (c.worst % c.truth.cols) + 1]],
      ['claimed', num(c.claimed.data[c.worst]!)],
      ['correct', num(c.truth.data[c.worst]!)],
      ['point', pointJson(c)],
    ) : null;
  },
};

export const renderProgramCheckText = (r: ProgramClaimsResult, options: ReportOptions = {}, theme: Theme = PLAIN_THEME): string => checkReportText(PROGRAM_REPORT, r, options, theme);
export const renderProgramCheckJson = (r: ProgramClaimsResult, options: ReportOptions = {}): string => `${writeJson(checkReportJson(PROGRAM_REPORT, r, options))}\n`;

/** The batch report of a program as JSON, schema `lagrad/check-batch@1`: the entry that differs most, not whole matrices. */
export function renderProgramBatchJson(source: string, der: ProgramDerivation, graded: readonly ProgramGraded[], ok: boolean, options: ReportOptions = {}): string {
  return batchReportJson(PROGRAM_REPORT, { source, derivation: der }, graded, ok, options);
}

/**
 * The graded submissions of a program with their counterexamples' points for
 * the CSV report: the values as --values takes them (JSON), or `seeded random
 * point k` (with the seed) when they are large.
 */
export function programBatchRows(graded: readonly ProgramGraded[]): GradedRow[] {
  return graded.map((g) => {
    const c = g.verdict?.counterexample;
    return { ...g, point: c ? writeJson(pointJson(c, csvPointLimit)).replace(/\s*\n\s*/g, '') : '' };
  });
}
