// Batch grading for `lagrad check --batch answers.csv`: one derivation, one
// set of points, every submission judged against them. A claim that does not
// parse is reported for its row; it does not stop the others.
import type { CheckClaimsOptions } from '../../pipeline.js';
import { prepareClaims } from '../../pipeline.js';
import { InputError } from '../../parse/errors.js';
import { answerText } from '../../render/check-report.js';
import { obj, num, writeJson, type Json } from '../../render/json-writer.js';
import { ASCII } from '../../render/print.js';
import { UsageError } from '../errors.js';

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string, path: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new UsageError(`${path}:${line}: a quoted field is not closed`);
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

interface Row { readonly id: string; readonly target: string; readonly claim: string; readonly line: number }

export function gradeBatch(
  source: string,
  csv: string,
  path: string,
  options: CheckClaimsOptions,
  report: { readonly json: boolean; readonly showAnswer: boolean },
): { text: string; ok: boolean } {
  const table = parseCsv(csv, path);
  const header = table[0]?.map((h) => h.trim().toLowerCase());
  if (!header || header.join(',') !== 'id,target,claim') throw new UsageError(`${path}:1: the header must be id,target,claim`);
  const rows: Row[] = table.slice(1).map((r, k) => {
    if (r.length !== 3) throw new UsageError(`${path}:${k + 2}: expected 3 fields (id,target,claim), got ${r.length}`);
    return { id: r[0]!.trim(), target: r[1]!.trim(), claim: r[2]!, line: k + 2 };
  });
  const ctx = prepareClaims(source, options);
  let ok = true;
  const results = rows.map((row) => {
    try {
      const v = ctx.judge({ target: row.target, text: row.claim });
      ok &&= v.ok;
      return { row, v, error: null as string | null };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      ok = false;
      return { row, v: null, error: e.format() };
    }
  });
  if (report.json) {
    const submissions: Json[] = results.map(({ row, v, error }) => obj(
      ['id', row.id],
      ['target', row.target],
      ['claimed', row.claim],
      ['ok', v?.ok ?? false],
      error !== null && ['error', error],
      v?.counterexample && ['counterexample', obj(['claimed', num(v.counterexample.claimed)], ['correct', num(v.counterexample.truth)])],
      v?.diagnosis && ['diagnosis', obj(['kind', v.diagnosis.kind], ['message', v.diagnosis.message])],
      report.showAnswer && v !== null && ['answer', answerText(ctx.derivation, v, ASCII)],
    ));
    return { text: `${writeJson(obj(['schema', 'lagrad/check-batch@1'], ['ok', ok], ['source', source], ['submissions', submissions]))}\n`, ok };
  }
  const lines = ['id,target,ok,diagnosis,message'];
  for (const { row, v, error } of results) {
    const kind = error !== null ? 'invalid' : v!.ok ? '' : v!.diagnosis?.kind ?? '';
    const message = error ?? (v!.ok ? '' : v!.diagnosis?.message ?? '');
    lines.push([row.id, row.target, v?.ok ? 'true' : 'false', kind, message].map(csvField).join(','));
  }
  return { text: `${lines.join('\n')}\n`, ok };
}
