// Note 003's evaluation trace as document blocks (render/document.ts): the
// survey's tables, forward primal, forward tangent along a direction, reverse
// adjoint in push form (one row per edge accumulation), the line that ties the
// push form to the KKT pull form with the map v̄ ↔ μ, and the gradient. The
// rows are render/trace-rows.ts's in LaTeX, so the documents say what the
// terminal and the JSON say. `lagrad trace --format latex|html|md` writes them
// as a document (render/handout.ts's buildTraceDocument); a handout's problem
// with `show: [trace]` puts them after its derivation.
import type { Analysis } from '../pipeline.js';
import { WHERE_THE_POINT_IS } from '../ops/spec.js';
import type { Trace } from '../verify/trace.js';
import type { BlankPart, Blanks } from './blanks.js';
import { conventionLatex, multiplierSymbol, muSign, namesFor, userLatex, type Convention } from './convention.js';
import { BLANK, math, text, type Block, type EqRow, type Inline, type Piece } from './document.js';
import { Equations } from './equations.js';
import { valueText } from './graph-view.js';
import { LATEX, latexWith, printExpr } from './print.js';
import { shortValue, traceLetters, traceRows, type TraceRow } from './trace-rows.js';

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

/** `= \ln 2 = 0.693147` → its pieces, each starting with its relation, so that a long row may break between them. */
function rightPieces(right: string): string[] {
  return right.split(/ (?== )/);
}

function rowsOf(rows: readonly TraceRow[], hide: (r: TraceRow, k: number) => boolean): EqRow[] {
  return rows.map((r, k) => {
    const [lhs, def] = split(r.left);
    const then: Piece[] = hide(r, k) ? ['=', BLANK] : rightPieces(r.right);
    return { lhs, rhs: [`= ${def}`], then };
  });
}

export function traceBlocks(a: Analysis, trace: Trace, o: TraceBlockOptions): Block[] {
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
    const direction = rows.tangent.slice(0, Math.min(d, PAIRS_SHOWN)).map((r) => `${split(r.left)[1]} = ${value(r.value)}`);
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
