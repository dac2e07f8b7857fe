// A vector of expressions `[y1, y2, …]` (note 004's Jacobian) in text and
// JSON: the shared graph once, then for each output y_k its own derivation
// (the Lagrangian with y_k as objective, its multipliers μ⁽ᵏ⁾, its check),
// then the Jacobian, row k from output k's multipliers, and which mode of
// differentiation costs less here (k reverse sweeps against d tangent sweeps).
import type { ListAnalysis, ListClaimsResult } from '../list-pipeline.js';
import { outputLetter } from '../model/notation.js';
import { CHECK_SCHEMA, renderCheckText, toCheckJson, type ReportOptions } from './check-report.js';
import { zText } from '../model/notation.js';
import { type Convention, multiplierSymbol, namesFor, NOTES, notationWhy, userLatex } from './convention.js';
import { math, text, type HandoutDoc, type Problem } from './document.js';
import { valueText } from './graph-view.js';
import { buildDocument, type DocOptions } from './handout.js';
import { parsedForm } from './echo.js';
import { Equations } from './equations.js';
import { toJsonDocument } from './json.js';
import { jsonDocument, num, obj, writeJson, type Json, type JsonObject } from './json-writer.js';
import { joinChunks, separated, type Chunks } from './chunks.js';
import { UNICODE } from './print.js';
import { renderText } from './text.js';
import { formatValue, PLAIN_THEME, table, type Theme } from './text-writer.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sup = (k: number): string => String(k).split('').map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]).join('');
/** y₁, y₂, … (0-based k), in the outputs' letter. */
export const outputName = (k: number, letter = 'y'): string => `${letter}${String(k + 1).split('').map((c) => SUB[Number(c)]).join('')}`;

/** A list's JSON: not one derivation but one per output, with the Jacobian (DESIGN.md's `jacobian` key). */
export const JACOBIAN_SCHEMA = 'lagrad/jacobian@1';

/** Which mode costs less: one reverse sweep per output, or one tangent sweep per input (note 004). */
export function cheaperMode(outputs: number, inputs: number): 'reverse' | 'forward' | 'either' {
  return outputs < inputs ? 'reverse' : outputs > inputs ? 'forward' : 'either';
}

/** Which mode costs less, said: 'here k < d: reverse mode costs less'. */
export function modesVerdict(k: number, d: number): string {
  const which = cheaperMode(k, d);
  return which === 'either' ? 'here k = d: both cost the same' : which === 'reverse' ? 'here k < d: reverse mode costs less' : 'here k > d: forward mode costs less';
}

/** The sentence on the two modes, with the graph's V and E. */
export function modesText(la: ListAnalysis): string {
  const k = la.outputs.length;
  const d = la.graph.d;
  const edges = la.graph.nodes.reduce((s, n) => s + n.alpha.length, 0);
  return `reverse mode: one sweep per output, k = ${k} sweeps, O(k(V + E)); forward mode: one tangent sweep per input, d = ${d}, O(d(V + E)); V = ${la.graph.m}, E = ${edges}; ${modesVerdict(k, d)}`;
}

function renderListTextLines(la: ListAnalysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): string[] {
  const out: string[] = [];
  const g = la.graph;
  const zName = namesFor(conv, 'unicode').z as (k: number) => string;
  const k = la.outputs.length;
  const y = outputLetter(la.parsed.symbols, conv.node);
  const name = (i: number): string => outputName(i, y);
  const mult = multiplierSymbol(conv, 'unicode');
  out.push(`${theme.heading('f')} = [${la.outputs.map((a) => parsedForm(a.parsed)).join(', ')}]`);
  out.push(theme.dim(`a vector of ${k} outputs, ${la.outputs.map((_, i) => `${name(i)} = ${zName(g.outputs![i]!)}`).join(', ')}: its Jacobian, one multiplier set per output (note 004)`));
  const consts = g.constants.length ? `; held fixed: ${g.constants.join(', ')}` : '';
  out.push(theme.dim(`inputs: ${g.inputs.join(', ')}${consts}`));
  const why = notationWhy(conv, 'unicode');
  if (why !== null) out.push(theme.dim(why));

  out.push('', theme.heading('Computation graph') + theme.dim(`  ${g.m} nodes: ${g.d} input${g.d === 1 ? '' : 's'}, ${g.m - g.d} operation${g.m - g.d === 1 ? '' : 's'}, shared by every output`));
  // The nodes as the last output's derivation writes them (every node's f_i is the same in each view).
  const whole = la.outputs.reduce((a, b) => (a.derivation.graph.m >= b.derivation.graph.m ? a : b));
  const eq = new Equations(whole.derivation, UNICODE, conv);
  const rows: string[][] = [['node', 'f_i', 'value', 'output']];
  for (const node of g.nodes.slice(1)) {
    const outs = g.outputs!.flatMap((o, i) => (o === node.index ? [name(i)] : []));
    const f = node.kind === 'input' ? `${node.name} (input)` : node.index <= whole.derivation.graph.m ? eq.f(node.index) : '';
    rows.push([zName(node.index), f, formatValue(la.point.z[node.index]!), outs.join(' ')]);
  }
  for (const r of table(rows)) out.push(r);

  la.outputs.forEach((a, i) => {
    const o = g.outputs![i]!;
    out.push('', '', theme.heading(`Output ${name(i)} = ${parsedForm(a.parsed)}`) + theme.dim(`  the Lagrangian with objective ${zName(o)}; in this section f is ${name(i)}, and its multipliers ${mult}⁽${sup(i + 1)}⁾ are written ${mult}`), '');
    // The output's own derivation, from its constrained formulation on (the graph is the one above, up to z_o).
    const text = renderText(a, theme, conv);
    const start = text.indexOf('\n\n', text.indexOf('Computation graph'));
    out.push(text.slice(start + 2).trimEnd());
  });

  out.push('', '', theme.heading('Jacobian') + theme.dim(`  J_kj = ∂${y}_k/∂θ_j: row k is output k's gradient, from its multipliers ${mult}⁽ᵏ⁾`));
  const jrows: string[][] = [['', ...g.inputs, '']];
  la.outputs.forEach((a, i) => {
    const ok = a.point.problem === null && (a.check === null || a.check.ok);
    const mark = a.point.problem !== null ? theme.bad('✗ no derivative at this point') : a.check === null ? '' : ok ? theme.ok('✓') : theme.bad('✗');
    jrows.push([name(i), ...la.jacobian[i]!.map(formatValue), mark]);
  });
  for (const r of table(jrows)) out.push(r);
  out.push(`  ${modesText(la)}`);
  const checked = la.outputs.every((a) => a.check !== null);
  out.push(theme.dim(checked ? "  each row is checked by its output's check above (central differences and the complex step, entry by entry)" : '  not checked (--no-check)'));
  return out;
}

export function renderListText(la: ListAnalysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): string {
  return `${renderListTextLines(la, theme, conv).join('\n')}\n`;
}

/** renderListText's text in chunks, a line each (the lines are made before it returns). */
export function renderListTextChunks(la: ListAnalysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): Chunks {
  return separated(renderListTextLines(la, theme, conv), '\n', '\n');
}

/**
 * JSON: `lagrad/derivation@1`'s head (schema, source, inputs, constants, point), `value` the outputs'
 * values, `outputs` each output's name, expression, node and its whole derivation document, then
 * `"jacobian": {"outputs", "inputs", "value"}` and `"modes"`.
 */
export function renderListJson(la: ListAnalysis, conv: Convention = NOTES): string {
  return joinChunks(renderListJsonChunks(la, conv));
}

/** renderListJson's text in chunks (the document is built before it returns). */
export function renderListJsonChunks(la: ListAnalysis, conv: Convention = NOTES): Chunks {
  const g = la.graph;
  const y = outputLetter(la.parsed.symbols, conv.node);
  const docs = la.outputs.map((a) => toJsonDocument(a, conv));
  const outputs: Json[] = la.outputs.map((a, i) =>
    obj(['name', `${y}${i + 1}`], ['source', a.source], ['node', zText(g.outputs![i]!, 'ascii')], ['derivation', docs[i]!]),
  );
  return jsonDocument(obj(
    ['schema', JACOBIAN_SCHEMA],
    ['source', la.source],
    ['inputs', [...g.inputs]],
    ['constants', [...g.constants]],
    ['point', obj(...[...la.point.values].map(([name, v]) => [name, num(v)] as const))],
    ['value', g.outputs!.map((o) => num(la.point.z[o]!))],
    ['outputs', outputs],
    ['jacobian', obj(['outputs', la.outputs.map((_, i) => `${y}${i + 1}`)], ['inputs', [...g.inputs]], ['value', la.jacobian.map((row) => row.map(num))])],
    ['modes', obj(['reverse', la.outputs.length], ['forward', g.d], ['cheaper', cheaperMode(la.outputs.length, g.d)])],
  ));
}

/**
 * The documents (LaTeX, HTML, Markdown): one problem per output, each its own derivation with its
 * Lagrangian and multipliers, then the Jacobian assembled from their gradients, with the two modes' cost.
 */
export function buildListDocument(la: ListAnalysis, options: DocOptions = {}): HandoutDoc {
  const conv = options.conv ?? NOTES;
  const k = la.outputs.length;
  const y = outputLetter(la.parsed.symbols, conv.node);
  const mult = multiplierSymbol(conv, 'latex');
  const doc = buildDocument(
    la.outputs.map((a, i) => ({ analysis: a, title: `Output ${outputName(i, y)} = ${a.source}` })),
    {
      ...options,
      title: options.title ?? 'A Jacobian from the KKT conditions',
      intro: options.intro ?? `f = ${la.source}: a vector of ${k} outputs. Each output ${y}ₖ is derived on its own, with the Lagrangian whose objective is ${y}ₖ and its own multipliers (one reverse sweep each), on the one graph of all the outputs; the last section assembles the Jacobian from their gradients (note 004).`,
    },
  );
  const inputs = la.graph.inputs;
  const failed = la.outputs.some((a) => a.point.problem !== null || (a.check !== null && !a.check.ok));
  const jacobian: Problem = {
    number: k + 1,
    title: [text('The Jacobian')],
    plainTitle: 'The Jacobian',
    prose: [],
    blocks: [
      { kind: 'para', content: [math(`J_{kj} = \\partial ${y}_k / \\partial \\theta_j`), text(": row k is output k's gradient, from its multipliers "), math(`${mult}^{(k)}`), text('.')] },
      {
        kind: 'table',
        head: [[text('')], ...inputs.map((n) => [math(userLatex(conv, n))])],
        numeric: [false, ...inputs.map(() => true)],
        rows: la.jacobian.map((row, i) => [[math(`${y}_{${i + 1}}`)], ...row.map((v) => [text(valueText(v))])]),
      },
      { kind: 'para', content: [text(`${modesText(la).replace(/^./, (c) => c.toUpperCase())}.`)] },
      { kind: 'para', content: [text(la.outputs.every((a) => a.check !== null) ? (failed ? '✗ A row failed its output\'s check above.' : "✓ Each row is checked by its output's check above, entry by entry.") : 'Not checked (--no-check).')] },
    ],
    size: la.graph.m,
    checkFailed: failed,
  };
  return { ...doc, problems: [...doc.problems, jacobian] };
}

/** `lagrad check` of a list's claims: each output's report under its heading. */
export function renderListCheckText(r: ListClaimsResult, options: ReportOptions = {}, theme: Theme = PLAIN_THEME): string {
  const parts = r.results.map(({ output, result }) => `${theme.heading(`Output ${outputName(output - 1, r.letter)}`)}${theme.dim(`  claims ${r.letter}${output}/… of [${r.source.trim().slice(1, -1).trim()}]`)}\n${renderCheckText(result, options, theme)}`);
  const total = r.results.reduce((s, x) => s + x.result.verdicts.length, 0);
  const wrong = r.results.reduce((s, x) => s + x.result.verdicts.filter((v) => !v.ok).length, 0);
  const last = r.ok ? theme.ok(`✓ all ${total} claims about the list hold`) : theme.bad(`✗ ${wrong} of ${total} claims about the list ${wrong === 1 ? 'does' : 'do'} not hold`);
  return `${parts.join('\n')}\n${r.results.length > 1 ? `${last}\n` : ''}`;
}

/** `lagrad/check@1` for a list: every output's claims in one list, each target written yK/… as given. */
export function renderListCheckJson(r: ListClaimsResult, options: ReportOptions = {}): string {
  const claims: Json[] = [];
  for (const { output, result } of r.results) {
    const doc = toCheckJson(result, options);
    const list = doc.entries.find(([key]) => key === 'claims')![1] as readonly JsonObject[];
    for (const c of list) claims.push({ entries: c.entries.map(([key, v]): readonly [string, Json] => (key === 'target' ? [key, `${r.letter}${output}/${String(v)}`] : [key, v])) });
  }
  return `${writeJson(obj(['schema', CHECK_SCHEMA], ['ok', r.ok], ['claims', claims]))}\n`;
}
