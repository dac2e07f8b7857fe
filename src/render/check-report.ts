// Reports of `lagrad check`: terminal text and the JSON schema
// `lagrad/check@1` (DESIGN.md section 5), from the same verdicts.
import type { ClaimVerdict } from '../claims/verdict.js';
import type { Derivation } from '../derive/derive.js';
import { unrollGradient } from '../derive/unroll.js';
import type { ClaimsResult, Graded } from '../pipeline.js';
import { muText } from '../model/notation.js';
import { parsedForm } from './echo.js';
import { Equations } from './equations.js';
import { obj, objFrom, num, writeJson, type Json, type JsonObject } from './json-writer.js';
import { ASCII, printExpr, UNICODE, type PrintStyle } from './print.js';
import { formatValue, type Theme, PLAIN_THEME } from './text.js';

export const CHECK_SCHEMA = 'lagrad/check@1';

/** `∂f/∂x1` or `μ₃` (Unicode) / `df/dx1`, `mu3` (ASCII). */
export function targetName(v: ClaimVerdict, style: PrintStyle): string {
  const uni = style.text === 'unicode';
  if (v.claim.kind === 'grad') return uni ? `∂f/∂${v.claim.label}` : `df/d${v.claim.label}`;
  return muText(v.claim.node, uni ? 'unicode' : 'ascii');
}

/** The correct answer, for --show-answer: a formula in θ for small graphs, else the derived equation. */
export function answerText(der: Derivation, v: ClaimVerdict, style: PrintStyle): string {
  const eq = new Equations(der, style);
  if (v.claim.kind === 'grad') {
    const unrolled = unrollGradient(der)?.find((u) => u.node === v.claim.node);
    if (unrolled) return eq.expr(unrolled.inTheta);
    return eq.gradient(der.gradient[v.claim.node - 1]!).replace(/^[^=]*= /, '');
  }
  const step = der.backward.find((s) => s.node === v.claim.node)!;
  return step.rule === 'kkt.output' ? '1' : eq.adjoint(step).replace(/^[^=]*= /, '');
}

function pointText(values: ReadonlyMap<string, number>): string {
  return [...values].map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ');
}

export interface ReportOptions {
  readonly showAnswer?: boolean;
}

export function renderCheckText(r: ClaimsResult, options: ReportOptions = {}, theme: Theme = PLAIN_THEME): string {
  const out: string[] = [];
  const given = r.contexts.filter((c) => c.origin === 'given').length;
  const random = r.contexts.length - given;
  out.push(`${theme.heading('f')} = ${parsedForm(r.parsed)}`);
  out.push(theme.dim(`compared at ${r.contexts.length} points: ${given} given (--at), ${random} seeded random inside the domain`));
  for (const p of r.skipped) out.push(theme.dim(`skipped ${pointText(p.values)}: the derivative is not defined there (${p.problem?.why})`));
  for (const v of r.verdicts) {
    const claimed = printExpr(v.claim.builder, v.claim.root, UNICODE);
    out.push('', `${v.ok ? theme.ok('✓') : theme.bad('✗')} ${targetName(v, UNICODE)} = ${claimed}`);
    if (v.ok) {
      out.push(theme.dim(`    equal to the derivative at all ${v.points} points`));
    } else {
      const c = v.counterexample;
      if (c) {
        const value = c.undefinedWhy ? `undefined (${c.undefinedWhy})` : formatValue(c.claimed);
        out.push(`    counterexample: at ${pointText(c.ctx.point.values)}: yours ${value}, correct ${formatValue(c.truth)}`);
      }
      if (v.diagnosis) out.push(`    ${c ? 'diagnosis' : 'not checked'}: ${v.diagnosis.message}`);
    }
    if (options.showAnswer) out.push(theme.dim(`    answer: ${targetName(v, UNICODE)} = ${answerText(r.derivation, v, UNICODE)}`));
  }
  const wrong = r.verdicts.filter((v) => !v.ok).length;
  out.push('');
  if (wrong === 0) out.push(theme.ok(`✓ ${r.verdicts.length === 1 ? 'the claim holds' : `all ${r.verdicts.length} claims hold`}`));
  else {
    const first = r.verdicts[r.firstWrong!]!;
    const where = r.verdicts.length > 1 ? `; the first to go wrong, in reverse topological order: ${targetName(first, UNICODE)}` : '';
    out.push(theme.bad(`✗ ${wrong} of ${r.verdicts.length} claim${r.verdicts.length === 1 ? '' : 's'} wrong${where}`));
  }
  return `${out.join('\n')}\n`;
}

function verdictJson(r: ClaimsResult, v: ClaimVerdict, options: ReportOptions): JsonObject {
  const c = v.counterexample;
  const d = v.diagnosis;
  return obj(
    ['target', v.claim.label],
    ['claimed', v.claim.spec.text],
    ['ok', v.ok],
    c && ['counterexample', obj(
      ['point', objFrom([...c.ctx.point.values].map(([k, x]) => [k, num(x)] as const))],
      ['claimed', num(c.claimed)],
      ['correct', num(c.truth)],
      c.undefinedWhy !== null && ['why', c.undefinedWhy],
    )],
    d && ['diagnosis', obj(
      ['kind', d.kind],
      ['message', d.message],
      d.factor !== undefined && ['factor', num(d.factor)],
      d.edge && ['edge', obj(['from', `z${d.edge[1]}`], ['to', `z${d.edge[0]}`])],
    )],
    ['points', v.points],
    options.showAnswer && ['answer', answerText(r.derivation, v, ASCII)],
  );
}

export function toCheckJson(r: ClaimsResult, options: ReportOptions = {}): JsonObject {
  const first = r.firstWrong === null ? null : r.verdicts[r.firstWrong]!.claim.label;
  return obj(
    ['schema', CHECK_SCHEMA],
    ['ok', r.ok],
    ['claims', r.verdicts.map((v): Json => verdictJson(r, v, options))],
    ['source', r.source],
    ['firstWrong', first],
  );
}

export function renderCheckJson(r: ClaimsResult, options: ReportOptions = {}): string {
  return `${writeJson(toCheckJson(r, options))}\n`;
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** What the CSV report needs of a graded submission, scalar or matrix. */
export interface GradedRow {
  readonly submission: { readonly id: string; readonly target: string };
  readonly verdict: { readonly ok: boolean; readonly diagnosis: { readonly kind: string; readonly message: string } | null } | null;
  readonly error: string | null;
}

/** The batch report as CSV: id,target,ok,diagnosis,message, one row per submission. */
export function renderBatchCsv(graded: readonly GradedRow[]): string {
  const lines = ['id,target,ok,diagnosis,message'];
  for (const { submission, verdict, error } of graded) {
    const kind = error !== null ? 'invalid' : verdict!.ok ? '' : verdict!.diagnosis?.kind ?? '';
    const message = error ?? (verdict!.ok ? '' : verdict!.diagnosis?.message ?? '');
    lines.push([submission.id, submission.target, verdict?.ok ? 'true' : 'false', kind, message].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The batch report as JSON, schema `lagrad/check-batch@1`. */
export function renderBatchJson(source: string, der: Derivation, graded: readonly Graded[], ok: boolean, options: ReportOptions = {}): string {
  const submissions: Json[] = graded.map(({ submission, verdict: v, error }) => obj(
    ['id', submission.id],
    ['target', submission.target],
    ['claimed', submission.claim],
    ['ok', v?.ok ?? false],
    error !== null && ['error', error],
    v?.counterexample && ['counterexample', obj(['claimed', num(v.counterexample.claimed)], ['correct', num(v.counterexample.truth)])],
    v?.diagnosis && ['diagnosis', obj(['kind', v.diagnosis.kind], ['message', v.diagnosis.message])],
    options.showAnswer === true && v !== null && ['answer', answerText(der, v, ASCII)],
  ));
  return batchJson(source, submissions, ok);
}

export function batchJson(source: string, submissions: readonly Json[], ok: boolean): string {
  return `${writeJson(obj(['schema', 'lagrad/check-batch@1'], ['ok', ok], ['source', source], ['submissions', submissions]))}\n`;
}
