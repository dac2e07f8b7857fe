// A program with a vector output (note 004's Jacobian) in text, JSON and the
// documents: the derivation once (the program minimizes f = Σ_o ⟨ō, o⟩ with a
// seed ō per output; its equations are the same for every row), then the
// Jacobian, row k from the reverse sweep seeded with ō = e_k, each row
// checked, and which mode costs less here.
import type { ProgramJacobian } from '../program-pipeline.js';
import { NOTES, type Convention } from './convention.js';
import { math, text, type HandoutDoc, type Problem } from './document.js';
import { valueText } from './graph-view.js';
import { jsonDocument, num, obj } from './json-writer.js';
import { joinChunks, separated, type Chunks } from './chunks.js';
import { cheaperMode, JACOBIAN_SCHEMA, modesVerdict } from './jacobian.js';
import { buildProgramDocument, type ProgramDocOptions } from './program-blocks.js';
import { toProgramJson } from './program-json.js';
import { renderProgramText } from './program-text.js';
import { formatValue, PLAIN_THEME, table, type Theme } from './text-writer.js';

/** Columns a text table shows; a wider Jacobian is written row by row. */
const TABLE_COLUMNS = 10;

const rowOk = (j: ProgramJacobian, k: number): boolean => {
  const a = j.rows[k]!;
  return a.problem === null && (a.check === null || a.check.ok);
};

/** The sentence on the seeds, in the program's names. */
export function seedsText(j: ProgramJacobian): string {
  const seeds = [...j.program.seeds!].map(([o, s]) => `${s} for ${o}`).join(', ');
  return `the output ${j.program.outputs!.join(', ')} is not one number: its Jacobian has a row per entry (${j.outputs.length}). The program below minimizes ${j.program.objective} = ${[...j.program.seeds!].map(([o, s]) => `sum(${s} ⊙ ${o})`).join(' + ')}, with a seed (${seeds}) that is the unit vector e_k for row k, so that ${j.program.objective} is that entry, and one reverse sweep gives its gradient: row k (note 004). The equations are the same for every row; the values shown are row 1's`;
}

/** The modes' sentence: k reverse sweeps against d tangent sweeps. */
function modesText(j: ProgramJacobian): string {
  const k = j.outputs.length;
  const d = j.inputs.length;
  return `reverse mode: one sweep per output entry, k = ${k}; forward mode: one tangent sweep per param entry, d = ${d}; each sweep costs O(T), the work of one forward pass; ${modesVerdict(k, d)}`;
}

function renderProgramJacobianTextLines(j: ProgramJacobian, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): string[] {
  const out: string[] = [theme.dim(seedsText(j)), '', renderProgramText(j.rows[0]!, theme, conv).trimEnd(), ''];
  out.push(theme.heading('Jacobian') + theme.dim('  J_kj = ∂(output entry k)/∂(param entry j): row k from the reverse sweep seeded with e_k'));
  const mark = (k: number): string => (j.rows[k]!.problem !== null ? theme.bad('✗ no derivative at this point') : j.rows[k]!.check === null ? '' : rowOk(j, k) ? theme.ok('✓') : theme.bad('✗'));
  if (j.inputs.length <= TABLE_COLUMNS) {
    const rows = [['', ...j.inputs.map((c) => c.label), ''], ...j.value.map((row, k) => [j.outputs[k]!.label, ...row.map(formatValue), mark(k)])];
    for (const r of table(rows)) out.push(r);
  } else {
    j.value.forEach((row, k) => {
      let at = 0;
      const parts: string[] = [];
      for (const name of new Set(j.inputs.map((c) => c.name))) {
        const n = j.inputs.filter((c) => c.name === name).length;
        parts.push(`∂/∂${name} = [${row.slice(at, at + n).map(formatValue).join(', ')}]`);
        at += n;
      }
      out.push(`  ${j.outputs[k]!.label}  ${parts.join('; ')}  ${mark(k)}`);
    });
  }
  out.push(`  ${modesText(j)}`);
  const checked = j.rows.every((a) => a.check !== null || a.problem !== null);
  out.push(theme.dim(checked ? "  each row is checked by its sweep's own check (entries by the complex step and differences, direction and dot-product tests)" : '  not checked (--no-check)'));
  return out;
}

export function renderProgramJacobianText(j: ProgramJacobian, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): string {
  return `${renderProgramJacobianTextLines(j, theme, conv).join('\n')}\n`;
}

/** renderProgramJacobianText's text in chunks, a line each (the lines are made before it returns). */
export function renderProgramJacobianTextChunks(j: ProgramJacobian, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): Chunks {
  return separated(renderProgramJacobianTextLines(j, theme, conv), '\n', '\n');
}

/** `lagrad/jacobian@1` for a program: the derivation (row 1's values), then the Jacobian and each row's check. */
export function renderProgramJacobianJson(j: ProgramJacobian, conv: Convention = NOTES): string {
  return joinChunks(renderProgramJacobianJsonChunks(j, conv));
}

/** renderProgramJacobianJson's text in chunks (the document is built before it returns). */
export function renderProgramJacobianJsonChunks(j: ProgramJacobian, conv: Convention = NOTES): Chunks {
  return jsonDocument(obj(
    ['schema', JACOBIAN_SCHEMA],
    ['source', j.source],
    ['outputs', j.program.outputs!.map((o) => obj(['name', o], ['seed', j.program.seeds!.get(o)!]))],
    ['derivation', toProgramJson(j.rows[0]!, conv)],
    ['jacobian', obj(['outputs', j.outputs.map((r) => r.label)], ['inputs', j.inputs.map((c) => c.label)], ['value', j.value.map((row) => row.map(num))])],
    ['checks', j.rows.map((_, k) => rowOk(j, k))],
    ['modes', obj(['reverse', j.outputs.length], ['forward', j.inputs.length], ['cheaper', cheaperMode(j.outputs.length, j.inputs.length)])],
  ));
}

/** The documents: the program's derivation (row 1's values), then a section for the Jacobian. */
export function buildProgramJacobianDocument(j: ProgramJacobian, options: ProgramDocOptions = {}): HandoutDoc {
  const doc = buildProgramDocument(j.rows[0]!, options);
  const failed = j.rows.some((_, k) => !rowOk(j, k));
  const wide = j.inputs.length > TABLE_COLUMNS;
  const jacobian: Problem = {
    number: doc.problems.length + 1,
    title: [text('The Jacobian')],
    plainTitle: 'The Jacobian',
    prose: [],
    blocks: [
      { kind: 'para', content: [text(`${seedsText(j)}.`)] },
      {
        kind: 'table',
        head: wide ? [[text('param entry')], ...j.outputs.map((r) => [text(r.label)])] : [[text('')], ...j.inputs.map((c) => [text(c.label)])],
        numeric: wide ? [false, ...j.outputs.map(() => true)] : [false, ...j.inputs.map(() => true)],
        // A wide Jacobian is printed transposed: a row per param entry, a column per output entry.
        rows: wide
          ? j.inputs.map((c, col) => [[text(c.label)], ...j.value.map((row) => [text(valueText(row[col]!))])])
          : j.value.map((row, k) => [[text(j.outputs[k]!.label)], ...row.map((v) => [text(valueText(v))])]),
      },
      { kind: 'para', content: [text(`${modesText(j).replace(/^./, (c) => c.toUpperCase())}.`)] },
      { kind: 'para', content: [text(j.rows.every((a) => a.check !== null) ? (failed ? '✗ A row failed its check.' : "✓ Each row is checked by its sweep's own check.") : 'Not checked (--no-check).'), ...(wide ? [text(' The table is transposed: '), math('J^\\top'), text('.')] : [])] },
    ],
    size: j.program.statements.length,
    checkFailed: failed,
  };
  return { ...doc, problems: [...doc.problems, jacobian] };
}
