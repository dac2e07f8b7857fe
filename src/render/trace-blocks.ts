// Note 003's evaluation trace as document blocks (render/document.ts): the
// survey's tables, forward primal, forward tangent along a direction, reverse
// adjoint in push form (one row per edge accumulation), the line that ties the
// push form to the KKT pull form with the map v̄ ↔ μ, and the gradient. The
// rows are render/trace-rows.ts's in LaTeX, so the documents say what the
// terminal and the JSON say. `lagrad trace --format latex|html|md` writes them
// as a document (render/handout.ts's buildTraceDocument); a handout's problem
// with `show: [trace]` puts them after its derivation. A program's trace
// (tensor/trace.ts) has the same sections, its rows named by its variables
// and its values tensors (programTraceBlocks).
import type { Analysis } from '../pipeline.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import { WHERE_THE_POINT_IS } from '../ops/spec.js';
import type { ProgramTrace } from '../tensor/trace.js';
import type { Trace } from '../verify/trace.js';
import type { BlankPart, Blanks } from './blanks.js';
import { conventionLatex, multiplierSymbol, muSign, namesFor, userLatex, type Convention } from './convention.js';
import { BLANK, math, text, type Block, type EqRow, type Inline, type Piece } from './document.js';
import { Equations } from './equations.js';
import { valueText } from './graph-view.js';
import { LATEX, latexWith, nameOf, printExpr } from './print.js';
import { problemText } from './program-text.js';
import { programValuesText } from './trace-text.js';
import { programBar, shortValue, tensorValue, TRACE_WHOLE, traceLetters, traceRows, type AnyTrace, type TraceRow } from './trace-rows.js';

export interface TraceBlockOptions {
  readonly conv: Convention;
  /** A handout's problem: the trace follows the derivation, which already states f, the point and the gradient. */
  readonly inHandout?: boolean;
  /** A student's edition: what it leaves blank (the adjoints and the tangent give the backward pass and the gradient away). */
  readonly blanks?: Blanks;
}

/** The pairs v̄ = μ written out in the line; the table lists them all. */
const PAIRS_SHOWN = 6;
/** A sum over the inputs written out up to this many terms, else as Σ_k. */
const SUM_TERMS = 4;

/** `v_{1} = \ln v_{-1}` → [`v_{1}`, `\ln v_{-1}`]: every row's definition is `name = definition`. */
function split(left: string): [string, string] {
  const k = left.indexOf(' = ');
  return [left.slice(0, k), left.slice(k + 3)];
}

/** `= \ln 2 = 0.693147` → its pieces, each starting with its relation, so that a long row may break between them (never inside ‖·‖ = n). */
function rightPieces(right: string): string[] {
  return right.split(/(?<!\\rVert) (?== )/);
}

/** A row's definition at its relation: `v_{1} = \ln v_{-1}`, `W_{1} \in \mathbb{R}^{4\times 3}`, or a name alone (a tangent's input). */
function splitRow(left: string): { lhs: string; rhs: string | null } {
  const m = / (=|\\in) /.exec(left);
  return m ? { lhs: left.slice(0, m.index), rhs: left.slice(m.index + 1) } : { lhs: left, rhs: null };
}

function rowsOf(rows: readonly TraceRow[], hide: (r: TraceRow, k: number) => boolean): EqRow[] {
  return rows.map((r, k) => {
    const { lhs, rhs } = splitRow(r.left);
    const then: Piece[] = hide(r, k) ? [r.right.startsWith('\\in') ? '\\in' : '=', BLANK] : rightPieces(r.right);
    return rhs === null ? { lhs, rhs: then } : { lhs, rhs: [rhs], then };
  });
}

/** The trace's blocks: an expression's (with its analysis), or a program's (with its analysis). */
export function traceBlocks(a: Analysis | ProgramAnalysis, trace: AnyTrace, o: TraceBlockOptions): Block[] {
  if (trace.kind === 'program') return programTraceBlocks(a as ProgramAnalysis, trace, o);
  return expressionTraceBlocks(a as Analysis, trace, o);
}

function expressionTraceBlocks(a: Analysis, trace: Trace, o: TraceBlockOptions): Block[] {
  const { conv } = o;
  const der = trace.derivation;
  const { nodes, d, m, inputs } = der.graph;
  const sym = (name: string): string => userLatex(conv, name);
  // The survey's letter must not be the document's node letter; the notes' numbering is the derivation's own.
  const avoid = trace.numbering === 'survey' ? [conv.node] : [];
  const rows = traceRows(trace, 'latex', { sym, avoid });
  const { letter, y } = traceLetters(trace, avoid);
  const blank = (p: BlankPart): boolean => o.blanks?.has(p) ?? false;
  const hideForward = blank('forward');
  // The adjoints are the multipliers and the tangent a directional derivative: blank when the backward pass or the gradient is.
  const hideMu = blank('backward') || blank('gradient');
  const names = namesFor(conv, 'latex');
  const mult = multiplierSymbol(conv, 'latex');
  const sign = muSign(conv);
  const L = (k: number): number => trace.label[k]!;
  const v = (k: number): string => `${letter}_{${k}}`;
  const vbar = (k: number): string => `\\bar{${letter}}_{${k}}`;
  const blocks: Block[] = [];
  const para = (...content: Inline[]): void => void blocks.push({ kind: 'para', content });
  const heading = (t: string): void => void blocks.push({ kind: 'heading', text: t });
  const value = (x: number): string => shortValue(x, 'latex');
  const survey = trace.numbering === 'survey';

  // What is traced, where, and how the rows are numbered.
  const point = [...a.point.values].map(([k, x]) => `${sym(k)} = ${value(x)}`);
  const pointMath = point.length <= PAIRS_SHOWN ? point.join(',\\ ') : `${point.slice(0, PAIRS_SHOWN).join(',\\ ')},\\ \\ldots`;
  const ops = m - d;
  const numbering: Inline[] = survey
    ? [
      text(d === 1 ? ' In the survey\'s numbering the input is ' : ' In the survey\'s numbering the inputs are '),
      math(d === 1 ? v(L(1)) : d === 2 ? `${v(L(1))}, ${v(L(2))}` : `${v(L(1))}, \\ldots, ${v(L(d))}`),
      ...(ops === 0 ? [] : [
        text(ops === 1 ? ' and the operation ' : ` and the ${ops} operations `),
        math(ops === 1 ? v(1) : ops === 2 ? `${v(1)}, ${v(2)}` : `${v(1)}, \\ldots, ${v(ops)}`),
        text(', numbered level by level (each after all its arguments)'),
      ]),
      text('; the output is '),
      math(`${y} = ${v(L(m))}`),
      text(`, the derivation's `),
      math(names.z(m)),
      text('.'),
    ]
    : [text(' The rows are numbered as the derivation numbers its nodes; the output is '), math(`${y} = ${v(m)}`), text('.')];
  if (o.inHandout) {
    heading('Evaluation trace');
    para(
      text(`The evaluation trace of note 003 (the autodiff survey's tables) at the same point: the forward primal trace, `),
      ...(trace.tangent ? [text('the forward tangent trace, ')] : []),
      text('and the reverse adjoint trace in push form.'),
      ...numbering,
    );
  } else {
    const fLatex = printExpr(a.parsed.builder, a.parsed.root, latexWith(sym));
    const inputList = inputs.map(sym).join(', ');
    para(
      text('The evaluation trace of '),
      math(`f(${inputList.length <= 200 ? inputList : '\\theta'}) = ${fLatex.length <= 2000 ? fLatex : '\\ldots'}`),
      text(a.point.random ? ' at a seeded random point ' : ' at '),
      math(pointMath),
      text(': the autodiff survey\'s tables (note 003), the forward primal trace, '),
      ...(trace.tangent ? [text('the forward tangent trace, ')] : []),
      text('and the reverse adjoint trace in push form.'),
      ...numbering,
    );
  }
  if (a.point.problem) {
    const p = a.point.problem;
    para(text(`✗ The point ${WHERE_THE_POINT_IS[p.kind]} `), math(names.z(p.node)), text(`: ${p.why}. The partials there are not defined, and neither are the adjoints that use them.`));
  }

  heading('Forward primal trace');
  para(text(`The input${d === 1 ? '' : 's'}, then each operation evaluated from its arguments, in the order of the numbering:`));
  blocks.push({ kind: 'equations', rows: rowsOf(rows.primal, (_r, k) => hideForward && k >= d) });

  if (rows.tangent && trace.tangent) {
    const t = trace.tangent;
    const dotted = rows.tangent.slice(0, d).map((r) => split(r.left)[1]);
    const direction = rows.tangent.slice(0, Math.min(d, PAIRS_SHOWN)).map((r) => `${split(r.left)[1]} = ${value(r.value as number)}`);
    heading('Forward tangent trace');
    para(
      text('Along the direction '),
      math(`${direction.join(',\\ ')}${d > PAIRS_SHOWN ? ',\\ \\ldots' : ''}`),
      text(', each node\'s derivative '),
      math(`\\dot{${letter}}_i = \\sum_{j \\in \\alpha(i)} \\frac{\\partial ${letter}_i}{\\partial ${letter}_j} \\dot{${letter}}_j`),
      text(', in the order of the primal trace:'),
    );
    blocks.push({ kind: 'equations', rows: rowsOf(rows.tangent, (_r, k) => hideMu && k >= d) });
    if (!hideMu) {
      let reverse = 0;
      for (let k = 1; k <= d; k++) reverse += trace.bar[k]! * t.dot[k]!;
      const ok = Math.abs(reverse - t.dot[m]!) <= 1e-9 * Math.max(1, Math.abs(reverse));
      const bars = rows.adjoint.slice(-d).map((r) => split(r.left)[0]);
      const sum = d <= SUM_TERMS ? bars.map((b, k) => `${b} ${dotted[k]}`).join(' + ') : `\\sum_{k} \\bar{\\theta}_k \\dot{\\theta}_k`;
      para(
        text(ok ? '✓ ' : '✗ '),
        math(`\\dot{${y}} = ${value(t.dot[m]!)}`),
        text(ok ? ' is the gradient of the reverse trace along the direction, ' : ' differs from the gradient of the reverse trace along the direction, '),
        math(`${sum} = ${value(reverse)}`),
        text('.'),
      );
    }
  }

  heading('Reverse adjoint trace');
  para(
    text('The adjoint '), math(`\\bar{${letter}}_i = \\partial ${y} / \\partial ${letter}_i`), text(' starts at '), math(`${vbar(L(m))} = \\bar{${y}} = 1`),
    text('; then each node, in reverse order, pushes '), math(`\\bar{${letter}}_i \\, \\partial ${letter}_i / \\partial ${letter}_j`),
    text(' to each of its arguments '), math(`${letter}_j`), text(', one row per edge, adding to what a node used twice already holds:'),
  );
  blocks.push({ kind: 'equations', rows: rowsOf(rows.adjoint, (_r, k) => hideMu && k > 0) });

  // The push form and the KKT pull form: the same numbers, node by node.
  heading('Push form and KKT pull form');
  const pair = (k: number): string => `${vbar(L(k))} = ${sign === 1 ? '' : '-'}${names.mu(k)}`;
  const pairs: string[] = [];
  for (let k = 1; k <= m && pairs.length < PAIRS_SHOWN; k++) pairs.push(pair(k));
  const gap = trace.pushPullGap;
  para(
    text('The push form above and the KKT pull form of the derivation, '),
    math(`${conventionLatex(conv).recursion}`),
    text(sign === 1 ? ', add the same terms and give the same multipliers: ' : ', add the same terms (with the + sign, from ' ),
    ...(sign === 1 ? [] : [math(conventionLatex(conv).outputMultiplier), text(') and give the same multipliers up to their sign: ')]),
    math(pairs.join(',\\ ') + (m > PAIRS_SHOWN ? ',\\ \\ldots' : '')),
    ...(hideMu ? [text('.')] : [text(' (the largest difference over the nodes, relative to the multiplier, is '), math(gap === 0 ? '0' : value(gap)), text(').')]),
  );
  blocks.push({
    kind: 'table',
    head: [[text('derivation')], [text('trace')], [math(`\\bar{${letter}}`), text(' (push)')], [math(`${mult}`), text(' (pull)')]],
    numeric: [false, false, true, true],
    rows: Array.from({ length: m }, (_x, n) => {
      const k = n + 1;
      return [
        [math(names.z(k)), ...(nodes[k]!.kind === 'input' ? [text(' ('), math(sym(nodes[k]!.name!)), text(')')] : [])],
        [math(v(L(k)))],
        [text(hideMu ? '' : valueText(trace.bar[k]!))],
        [text(hideMu ? '' : valueText(sign * trace.mu[k]!))],
      ];
    }),
  });

  if (!o.inHandout) {
    heading('Gradient');
    const eq = new Equations(der, LATEX, conv);
    para(text('The adjoints of the inputs:'));
    blocks.push({
      kind: 'equations',
      rows: der.gradient.map((s, k) => {
        const bar = split(rows.adjoint[rows.adjoint.length - d + k]!.left)[0];
        return { lhs: eq.sym.df(s.name), rhs: [`= ${bar}`], then: hideMu ? ['=', BLANK] : [`= ${value(trace.bar[s.node]!)}`] };
      }),
    });
  }
  return blocks;
}

/** The largest |ū − μ_u| over a variable's entries (the push form against the sweep). */
function largestDifference(push: readonly number[] | Float64Array, pull: Float64Array): number {
  let d = 0;
  for (let k = 0; k < pull.length; k++) d = Math.max(d, Math.abs((push[push.length === 1 ? 0 : k] ?? 0) - pull[k]!));
  return d;
}

function programTraceBlocks(a: ProgramAnalysis, trace: ProgramTrace, o: TraceBlockOptions): Block[] {
  const { conv } = o;
  const der = trace.derivation;
  const p = der.program;
  const obj = p.objective;
  const rows = traceRows(trace, 'latex');
  const blank = (part: BlankPart): boolean => o.blanks?.has(part) ?? false;
  const hideForward = blank('forward');
  const hideMu = blank('backward') || blank('gradient');
  const mult = multiplierSymbol(conv, 'latex');
  const sign = muSign(conv);
  const name = (n: string): string => nameOf(n, 'latex');
  const bar = (n: string): string => programBar(n, 'latex');
  const blocks: Block[] = [];
  const para = (...content: Inline[]): void => void blocks.push({ kind: 'para', content });
  const heading = (t: string): void => void blocks.push({ kind: 'heading', text: t });
  const list = (names: readonly string[]): string => (names.length <= PAIRS_SHOWN ? names.map(name).join(', ') : `${names.slice(0, PAIRS_SHOWN).map(name).join(', ')}, \\ldots`);
  const params = p.declarations.filter((d) => d.role === 'param').map((d) => d.name);
  const data = p.declarations.filter((d) => d.role === 'data').map((d) => d.name);
  const nIn = p.declarations.length;
  const order: Inline[] = [
    text(' The rows are in program order (a program has no levels to number them by): the param' + (params.length === 1 ? ' ' : 's ')), math(list(params)),
    ...(data.length ? [text(' and the data '), math(list(data))] : []),
    text(' first, then each statement; the objective is '), math(`\\ell = ${name(obj)}`),
    text(`. A tensor of more than ${TRACE_WHOLE} entries is shown as its shape and its (Frobenius) norm.`),
  ];
  const what = a.program.statements.length === 1 ? '1 statement' : `${a.program.statements.length} statements`;
  if (o.inHandout) heading('Evaluation trace');
  para(
    text(o.inHandout ? 'The evaluation trace of note 003 (the autodiff survey\'s tables, with shapes) at the same values: the forward primal trace, ' : `The evaluation trace of the program (${what}) at ${programValuesText(trace)}: the autodiff survey's tables (note 003) with shapes, the forward primal trace, `),
    ...(trace.tangent ? [text('the forward tangent trace, ')] : []),
    text('and the reverse adjoint trace in push form.'),
    ...order,
  );
  if (a.problem) para(text(`✗ ${problemText(a)}.`));

  heading('Forward primal trace');
  para(text('The params and data, then each statement evaluated from the variables it uses, in program order:'));
  blocks.push({ kind: 'equations', rows: rowsOf(rows.primal, (_r, k) => hideForward && k >= nIn) });

  if (rows.tangent && trace.tangent) {
    const t = trace.tangent;
    const nParams = params.length;
    const direction = rows.tangent.slice(0, Math.min(nParams, PAIRS_SHOWN)).map((r) => `${r.left} ${r.right}`);
    heading('Forward tangent trace');
    para(
      text('Along the direction '),
      math(`${direction.join(',\\ ')}${nParams > PAIRS_SHOWN ? ',\\ \\ldots' : ''}`),
      text(', each statement\'s derivative '),
      math('\\dot{v} = \\sum_{u} \\frac{\\partial f_v}{\\partial u} \\dot{u}'),
      text(' over the variables it uses, in program order:'),
    );
    blocks.push({ kind: 'equations', rows: rowsOf(rows.tangent, (_r, k) => hideMu && k >= nParams) });
    if (!hideMu) {
      let reverse = 0;
      for (const n of params) reverse += trace.bar.get(n)!.data[0]! * t.dot.get(n)!.data[0]!;
      const ydot = t.dot.get(obj)!.data[0]!;
      const ok = Math.abs(reverse - ydot) <= 1e-9 * Math.max(1, Math.abs(reverse));
      const sum = params.length <= SUM_TERMS ? params.map((n) => `${bar(n)} ${rows.tangent!.find((r) => r.var === n)!.left}`).join(' + ') : '\\sum_{\\theta} \\bar{\\theta} \\dot{\\theta}';
      para(
        text(ok ? '✓ ' : '✗ '),
        math(`\\dot{\\ell} = ${shortValue(ydot, 'latex')}`),
        text(ok ? ' is the gradient of the reverse trace along the direction, ' : ' differs from the gradient of the reverse trace along the direction, '),
        math(`${sum} = ${shortValue(reverse, 'latex')}`),
        text('.'),
      );
    }
  }

  heading('Reverse adjoint trace');
  para(
    text('The adjoint '), math('\\bar{u} = \\partial \\ell / \\partial u'), text(' starts at '), math(`${bar(obj)} = \\bar{\\ell} = 1`),
    text('; then each statement, in reverse order, adds its local adjoint (the term of the derivation, with '), math(`${mult}_v`),
    text(' written '), math('\\bar{v}'), text(') to '), math('\\bar{u}'),
    text(' of each variable '), math('u'), text(' it uses, one row per variable, adding to what a variable used twice already holds; the params\' adjoints are the gradient:'),
  );
  blocks.push({ kind: 'equations', rows: rowsOf(rows.adjoint, (_r, k) => hideMu && k > 0) });

  heading('Push form and KKT pull form');
  const pairs: string[] = [];
  for (const st of p.statements) if (pairs.length < PAIRS_SHOWN) pairs.push(`${bar(st.name)} = ${sign === 1 ? '' : '-'}${mult}_{${name(st.name)}}`);
  const gap = trace.pushPullGap;
  para(
    text('The push form above and the KKT pull form of the derivation, '),
    math(`${mult}_u = ${sign === 1 ? '' : '-'}\\sum_{v \\text{ uses } u} \\left(\\text{the local adjoint of } v \\text{ for } u\\right)`),
    text(', add the same terms and give the same multipliers'), text(sign === 1 ? ': ' : ' up to their sign: '),
    math(pairs.join(',\\ ') + (p.statements.length > PAIRS_SHOWN ? ',\\ \\ldots' : '')),
    text(', and '), math(`\\bar{\\theta} = \\partial \\ell / \\partial \\theta`), text(' for each param'),
    ...(hideMu ? [text('.')] : [text(' (the largest difference over the entries, relative to the multiplier, is '), math(gap === 0 ? '0' : shortValue(gap, 'latex')), text(').')]),
  );
  const tableRows: Inline[][][] = [];
  const mathValue = (t: import('../ir/shape.js').Tensor): Inline => math(tensorValue(t, 'latex').replace(/^= /, ''));
  for (const st of [...p.statements].reverse()) {
    const pull = a.sweep.mu.get(st.name)!;
    const push = trace.bar.get(st.name)!;
    tableRows.push([[math(`${mult}_{${name(st.name)}}`)], [math(bar(st.name))], hideMu ? [text('')] : [mathValue(push)], [text(hideMu ? '' : valueText(largestDifference(push.data, pull.data)))]]);
  }
  for (const g of der.gradient) {
    const pull = a.sweep.gradient.get(g.name)!;
    const push = trace.bar.get(g.name)!;
    tableRows.push([[math(`\\frac{\\partial \\ell}{\\partial ${name(g.name)}}`)], [math(bar(g.name))], hideMu ? [text('')] : [mathValue(push)], [text(hideMu ? '' : valueText(largestDifference(push.data, pull.data)))]]);
  }
  blocks.push({
    kind: 'table',
    head: [[text('derivation')], [text('trace')], [text('value (push)')], [text('largest |push − pull|')]],
    numeric: [false, false, false, true],
    rows: tableRows,
  });
  return blocks;
}
