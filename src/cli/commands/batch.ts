// Batch grading for `lagrad check --batch answers.csv`: reads the CSV; the
// grading is pipeline.ts's gradeSubmissions, the report render/check-report.ts's.
import { gradeSubmissions, type CheckClaimsOptions, type Submission } from '../../pipeline.js';
import { renderBatchCsv, renderBatchJson, withPoints, type ReportOptions } from '../../render/check-report.js';
import { pathWord, UsageError } from '../errors.js';

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
  if (quoted) throw new UsageError(`${pathWord(path)}:${line}: a quoted field is not closed`);
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** The submissions of a batch CSV: header id,target,claim, then one row each. */
export function readSubmissions(csv: string, path: string): Submission[] {
  const table = parseCsv(csv, path);
  const header = table[0]?.map((h) => h.trim().toLowerCase());
  if (!header || header.join(',') !== 'id,target,claim') throw new UsageError(`${pathWord(path)}:1: the header must be id,target,claim`);
  return table.slice(1).map((r, k) => {
    if (r.length !== 3) throw new UsageError(`${pathWord(path)}:${k + 2}: expected 3 fields (id,target,claim), got ${r.length}`);
    return { id: r[0]!.trim(), target: r[1]!.trim(), claim: r[2]! };
  });
}

/**
 * Reads the submissions of a batch CSV (header id,target,claim), grades them
 * and renders the report as CSV or JSON.
 */
export function gradeBatch(
  source: string,
  csv: string,
  path: string,
  options: CheckClaimsOptions,
  report: ReportOptions & { readonly json: boolean },
): { text: string; ok: boolean } {
  const { ctx, graded, ok } = gradeSubmissions(source, readSubmissions(csv, path), options);
  const text = report.json ? renderBatchJson(source, ctx.derivation, graded, ok, report) : renderBatchCsv(withPoints(graded), report);
  return { text, ok };
}
