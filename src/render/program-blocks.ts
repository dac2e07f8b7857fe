// A program's (or a network's) derivation as document blocks
// (render/document.ts), so that LaTeX, HTML and Markdown write it as they
// write a scalar one: the program with its variables and shapes, the graph of
// variables, the layout, the constrained formulation, the Lagrangian with
// ⟨μ_v, v − f_v⟩, every KKT condition solved, the forward and backward passes
// and the gradient in matrix form with their values, and the check.
import { costOf } from '../derive/cost.js';
import { costBlocks } from './cost.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import type { AdjointEquation } from '../tensor/derive.js';
import type { Tensor } from '../ir/shape.js';
import { isNotes, multiplierSymbol, NOTES, type Convention } from './convention.js';
import { DEFAULT_BLANKS, type BlankPart, type Blanks } from './blanks.js';
import { math, text, type Block, type HandoutDoc, type Inline } from './document.js';
import { programTolerance } from './check-tolerance.js';
import { valueLatex, valueText } from './graph-view.js';
import { canDraw, DRAW_LIMIT } from './graph-svg.js';
import { programGraphView, shapeLabel } from './program-graph.js';
import { symbolsParagraph } from './symbols.js';
import { para as paragraph, passesBlocks, type KktRow, type PassRow } from './passes-blocks.js';
import { muValue, ProgramEquations } from './program-print.js';
import { nameOf } from './print.js';
import { problemText, valuesText } from './program-text.js';
import { formatValue } from './text-writer.js';

export interface ProgramDocOptions {
  readonly title?: string;
  /** The network file the program was compiled from (shown as text, escaped); true: a network without a file (a handout's problem). */
  readonly network?: string | true;
  /** Draw the graph of variables up to this many nodes (default 40). */
  readonly drawLimit?: number;
  /** A student's edition: the backward pass, the gradient, the conditions that give them and the edges' terms left blank; no check. */
  readonly student?: boolean;
  /** What a student's edition leaves blank (default: the backward pass and the gradient). */
  readonly blanks?: Blanks;
  /** Prefix of the equation numbers ("2." in a handout's problem 2). */
  readonly tagPrefix?: string;
  /** The notation: the multipliers' symbol and the Lagrangian's sign (a program has no node letter). */
  readonly conv?: Convention;
}

const exact = (v: number): boolean => Number(formatValue(v).replace(/−/g, '-')) === v;

/** A value in the third column: = or ≈ a scalar, a small matrix (a vector as a transposed row), else a summary. */
export function tensorCell(t: Tensor): string {
  const rel = t.data.every(exact) ? '=' : '\\approx';
  if (t.data.length === 1) return `${rel} ${valueLatex(t.data[0]!)}`;
  const row = (i: number): string => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols), valueLatex).join(' & ');
  if (t.cols === 1 && t.rows <= 4) return `${rel} \\begin{bmatrix} ${Array.from(t.data, valueLatex).join(' & ')} \\end{bmatrix}^{\\top}`;
  if (t.rows <= 6 && t.cols <= 4) return `${rel} \\begin{bmatrix} ${Array.from({ length: t.rows }, (_, i) => row(i)).join(' \\\\ ')} \\end{bmatrix}`;
  let lo = Infinity;
  let hi = -Infinity;
  let sq = 0;
  for (const v of t.data) (lo = Math.min(lo, v)), (hi = Math.max(hi, v)), (sq += v * v);
  return `\\in ${shapeLabel([t.rows, t.cols]).latex},\\ \\text{entries in } [${valueLatex(lo)}, ${valueLatex(hi)}],\\ \\lVert\\cdot\\rVert \\approx ${valueLatex(Math.sqrt(sq))}`;
}

/**
 * The convention for programs, stated once at the top (or at a program's
 * problem in a handout of expressions, after `lead`). Without `obj`, ℓ is
 * each program's objective.
 */
export function programConvention(obj: string | undefined, lead?: string, conv: Convention = NOTES): Inline[] {
  const m = multiplierSymbol(conv, 'latex');
  const minus = conv.sign === '-';
  return [
    text(lead ?? (isNotes(conv) ? 'Sign convention of the notes: ' : 'Convention: ')),
    math(`\\mathcal{L} = \\ell ${minus ? '-' : '+'} \\sum_v \\left\\langle ${m}_v, v - f_v \\right\\rangle`),
    text(', one multiplier '), math(`${m}_v`), text(' per statement, of the shape of '), math('v'),
    text(', with '), math('\\langle A, B \\rangle = \\sum_{ij} A_{ij} B_{ij}'),
    ...(obj === undefined ? [text('. Here '), math('\\ell'), text(' is the program\'s objective')] : [text('. Here '), math(`\\ell = ${nameOf(obj, 'latex')}`)]),
    text('. Then '), math(`${m}_\\ell = ${minus ? '1' : '-1'}`), text(' and '), math(`${m}_v = ${minus ? '' : '-'}\\partial\\ell/\\partial v`),
    text(`${minus ? '' : ': with the + sign every multiplier is the negative of the derivative, and the gradient minus the sum of the terms'}. The params `),
    math('\\theta'), text(' are free: '), math(`\\partial\\mathcal{L}/\\partial${m}_v = 0`), text(' and '),
    math('\\partial\\mathcal{L}/\\partial v = 0'), text(' are imposed, '), math('\\partial\\mathcal{L}/\\partial\\theta'), text(' is not.'),
  ];
}

export function programBlocks(a: ProgramAnalysis, o: ProgramDocOptions = {}): { blocks: Block[]; checkFailed: boolean } {
  const der = a.derivation;
  const p = a.program;
  const conv = o.conv ?? NOTES;
  const eq = new ProgramEquations(der, 'latex', conv);
  const m = eq.m;
  const plus = conv.sign === '+';
  const obj = p.objective;
  const blocks: Block[] = [];
  const student = o.student === true;
  const blanked = student ? (o.blanks ?? DEFAULT_BLANKS) : new Set<BlankPart>();
  const blank = (part: BlankPart): boolean => blanked.has(part);
  // The edges' terms are the local adjoints: they give the backward pass, the gradient and the conditions on the multipliers away.
  const hideTerms = blank('backward') || blank('gradient') || blank('kkt');
  let tagCount = 0;
  const tag = (): string => `${o.tagPrefix ?? ''}${++tagCount}`;
  const para = (...content: Inline[]): void => void blocks.push({ kind: 'para', content });
  const heading = (t: string): void => void blocks.push({ kind: 'heading', text: t });
  const value = (name: string): string => tensorCell(a.point.values.get(name)!);
  const at = valuesText(a).replace(' (--seed)', '');

  heading('Program');
  para(
    text(o.network === true ? 'The network, compiled to a program: ' : o.network !== undefined ? `The network of ${o.network}, compiled to a program: ` : 'A program: '),
    text(`${p.statements.length} statement${p.statements.length === 1 ? '' : 's'}, objective `), math(eq.name(obj)),
    text(`, at ${at}. The params are differentiated, the data held fixed.`),
  );
  blocks.push({
    kind: 'table',
    head: [[text('variable')], [text('role')], [text('shape')], [text('defined by')]],
    numeric: [false, false, false, false],
    rows: [
      ...p.declarations.map((d) => [[math(eq.name(d.name))], [text(d.declared ? d.role : `${d.role} (undeclared)`)], [math(shapeLabel(d.shape).latex)], [text('given')]]),
      ...p.statements.map((s) => [[math(eq.name(s.name))], [text(s.name === obj ? 'objective' : 'statement')], [math(shapeLabel(s.shape).latex)], [math(eq.f(s.name))]]),
    ],
  });

  heading('Graph of variables');
  // The view (every f_v and edge term printed twice) only for a graph small enough to draw.
  const variables = p.declarations.length + p.statements.length;
  const view = blank('graph') || variables > (o.drawLimit ?? DRAW_LIMIT) ? null : programGraphView(der, { terms: !hideTerms, conv });
  if (blank('graph')) {
    para(
      text('Draw the graph of variables: params and data on the left, one node per statement '), math('v = f_v'),
      text(', an edge from '), math('u'), text(' to '), math('v'), text(' for each variable '), math('u'), text(' that '), math('f_v'), text(' uses, labelled with the term '),
      math(`${m}_v`), text(' sends back to '), math(`${m}_u`), text(' (or to the gradient).'),
    );
  } else if (view !== null && canDraw(view)) {
    blocks.push({
      kind: 'graph',
      view,
      caption: hideTerms ? [
        text('Params and data first, with their shapes, each statement '), math('v = f_v'),
        text('; the edge from '), math('u'), text(' to '), math('v'), text(' is marked ? where '), math(`${m}_v`),
        text(' sends a term back to '), math(`${m}_u`), text(' (or to the gradient): find it. Data are held fixed.'),
      ] : [
        text('Params and data first, with their shapes, each statement '), math('v = f_v'),
        text('; the edge from '), math('u'), text(' to '), math('v'), text(' carries the term '), math(`${m}_v`),
        text(` sends back to `), math(`${m}_u`), text(plus ? ' (or, with its sign changed, to the gradient), with ' : ' (or to the gradient), with '),
        math(`${m}_\\ell = ${eq.objectiveMu}`), text(' substituted; data are held fixed.'),
      ],
    });
  } else {
    para(text(`The program has ${variables} variables, more than can be drawn legibly on a page; the table above lists each with its shape.`));
  }
  para(
    text('Layout: vectors are columns; '), math(`${m}_v`), text(' has the shape of '), math('v'), text(', and '),
    math('\\partial\\ell/\\partial W'), text(' the shape of '), math('W'), text(' (entry '), math('(i, j)'), text(' is '),
    math('\\partial\\ell/\\partial W_{ij}'), text(').'),
  );

  // The constrained problem, its Lagrangian, the KKT conditions solved, the passes and the gradient: the one writer's.
  const cells = (values: ReadonlyMap<string, Tensor>) => (e: AdjointEquation): PassRow => {
    const [h, ...t] = eq.sumPieces(e);
    return { lhs: '', rhs: [`= ${h!}`, ...t], value: tensorCell(values.get(e.name)!) };
  };
  const mus = new Map(der.backward.map((e) => [e.name, muValue(a.sweep.mu.get(e.name)!, conv)] as const));
  blocks.push(...passesBlocks({
    formulation: {
      intro: [paragraph(text('Minimize '), math(eq.name(obj)), text(' subject to one matrix constraint per statement:'))],
      rows: p.statements.map((s) => ({ lhs: eq.name(s.name), rhs: eq.f(s.name) })),
    },
    lagrangian: {
      intro: [paragraph(text('One multiplier '), math(`${m}_v`), text(' per statement, of the shape of '), math('v'), text(':'))],
      lhs: '\\mathcal{L}',
      first: eq.name(obj),
      terms: p.statements.map((s) => `${eq.lagrangeSign} ${eq.pairing(s.name)}`),
    },
    kkt: {
      intro: [paragraph(text('Stationarity in '), math(m), text(' and in the statement variables; the params '), math('\\theta'), text(' are free, so '),
        math('\\partial\\mathcal{L}/\\partial\\theta'), text(' is not set to zero.'))],
      groups: [[
        ...p.statements.map((s): KktRow => {
          const r = eq.stationarityMu(s.name);
          return { lhs: eq.dL(eq.mu(s.name)), rhs: [`= ${r.lhs.slice(r.lhs.indexOf(' = ') + 3)}`], then: `\\Rightarrow ${r.solved}`, blankThen: `\\Rightarrow ${eq.name(s.name)} =`, blankedBy: ['kkt'] };
        }),
        ...der.backward.map((b): KktRow => {
          const [first, ...rest] = eq.stationarityVarPieces(b);
          return { lhs: eq.dL(eq.name(b.name)), rhs: [`= ${first!}`, ...rest, '= 0'], then: `\\Rightarrow ${eq.mu(b.name)} = ${eq.sum(b)}`, blankThen: `\\Rightarrow ${eq.mu(b.name)} =`, blankedBy: ['kkt', 'backward'] };
        }),
      ]],
    },
    forward: {
      intro: [paragraph(math(`\\partial\\mathcal{L}/\\partial${m}_v = 0`), text(' gives back the constraints, solved in program order:'))],
      rows: p.statements.map((s) => ({ lhs: eq.name(s.name), rhs: [`= ${eq.f(s.name)}`], value: value(s.name) })),
    },
    backward: {
      intro: [paragraph(math('\\partial\\mathcal{L}/\\partial v = 0'), text(' gives '), math(`${eq.mu(obj)} = ${eq.objectiveMu}`),
        text(der.foldedObjective ? ' (substituted below)' : ''), text(' and '), math(`${m}_v = \\sum_{w \\text{ uses } v} (\\text{the local adjoint of } f_w)`),
        text(', solved in reverse order:'))],
      rows: der.backward.map((e) => ({ ...cells(mus)(e), lhs: eq.mu(e.name) })),
    },
    gradient: {
      intro: [paragraph(text(`The params are not constrained; ${plus ? 'minus ' : ''}the same sum for each param `), math('\\theta'), text(' is the gradient '),
        math(`\\partial ${eq.name(obj)}/\\partial\\theta`), text(' (not set to zero):'))],
      rows: der.gradient.map((e) => ({ ...cells(a.sweep.gradient)(e), lhs: eq.partial(eq.name(obj), eq.name(e.name)) })),
    },
  }, tag, blank).blocks);

  blocks.push(...costBlocks(der.graphDerivation, costOf(der.graphDerivation)));

  const checkFailed = student ? a.check !== null && !a.check.ok : checkBlocks(a, blocks, conv);
  // Every symbol is defined before its first use (the table of variables): those of the full
  // derivation, so that a student's edition gives the notation the answers are written in.
  const symbols = symbolsParagraph(student ? programBlocks(a, { ...o, student: false }).blocks : blocks);
  if (symbols) blocks.splice(2, 0, symbols);
  return { blocks, checkFailed };
}

/** The check as tables and a verdict; true when it failed. */
function checkBlocks(a: ProgramAnalysis, blocks: Block[], conv: Convention): boolean {
  const c = a.check;
  const eq = new ProgramEquations(a.derivation, 'latex', conv);
  const obj = eq.name(a.program.objective);
  blocks.push({ kind: 'heading', text: 'Check' });
  if (a.problem) {
    blocks.push({ kind: 'para', content: [text(`✗ ${problemText(a).replace(/^the point/, 'The point')}.`)] });
    return true;
  }
  if (!c) {
    blocks.push({ kind: 'para', content: [text('The numeric check was skipped.')] });
    return false;
  }
  blocks.push({
    kind: 'para',
    content: [
      math(`${eq.m}_v = ${conv.sign === '+' ? '-' : ''}\\partial ${obj}/\\partial v`), text(' and the gradient, entry by entry, against the complex step and central differences: '),
      text(c.coverage === 'all' ? `every entry (${c.rows.length})` : `a random sample of ${c.coverage.sampled} of ${c.coverage.of} entries in ${c.coverage.variables} of ${c.coverage.ofVariables} variables, plus a random-direction test per checked variable`),
      text('; '), ...programTolerance(obj), text('.'),
    ],
    keepWithNext: true,
  });
  const groups = new Map<string, { lhs: string; n: number; max: number; ok: boolean }>();
  for (const r of c.rows) {
    const key = `${r.kind}:${r.variable}`;
    const g = groups.get(key) ?? { lhs: r.kind === 'mu' ? eq.mu(r.variable) : `\\partial ${obj}/\\partial ${eq.name(r.variable)}`, n: 0, max: 0, ok: true };
    g.n++;
    g.max = Math.max(g.max, r.absError);
    g.ok &&= r.ok;
    groups.set(key, g);
  }
  blocks.push({
    kind: 'table',
    head: [[text('derived')], [text('entries')], [text('max abs. error')], [text('')]],
    numeric: [false, true, true, false],
    rows: [...groups.values()].map((g) => [[math(g.lhs)], [text(String(g.n))], [text(valueText(Number(g.max.toExponential(1))))], [text(g.ok ? '✓' : '✗')]]),
  });
  for (const d of c.directions) {
    blocks.push({ kind: 'para', content: [text(`${d.ok ? '✓' : '✗'} Direction test for `), math(eq.name(d.variable)), text(`: predicted ${valueText(d.predicted)}, measured ${valueText(d.measured)}.`)] });
  }
  blocks.push({
    kind: 'para',
    content: [text('The dot-product test '), math('\\langle \\bar u, J v \\rangle = \\langle J^{\\top} \\bar u, v \\rangle'),
      text(' for each statement, with random directions '), math('\\bar u'), text(' of the statement\'s shape and '), math('v'), text(' of its arguments\', '),
      math('J'), text(' the statement\'s Jacobian by central differences and '), math('J^{\\top} \\bar u'), text(' from the derived adjoint:')],
    keepWithNext: true,
  });
  blocks.push({
    kind: 'table',
    head: [[text('statement')], [math('\\langle \\bar u, J v \\rangle')], [math('\\langle J^{\\top} \\bar u, v \\rangle')], [text('')]],
    numeric: [false, true, true, false],
    rows: c.dot.map((d) => [[math(eq.name(d.statement))], [text(valueText(d.jv))], [text(valueText(d.jtu))], [text(d.ok ? '✓' : '✗')]]),
  });
  blocks.push({
    kind: 'para',
    content: [text(`${c.kktOk ? '✓' : '✗'} KKT residuals at the computed multipliers: `),
      math('\\max_v \\left|\\frac{\\partial \\mathcal{L}}{\\partial v} \\cdot u\\right|'), text(` = ${valueText(Number(c.kktResidual.toExponential(1)))}, along a random direction `), math('u'),
      text(' per statement, by central differences of the statements that read '), math('v'), text(' (relative to the size of their terms).')],
  });
  blocks.push({ kind: 'para', content: [text(c.ok ? '✓ All checks pass.' : '✗ The check failed.')] });
  return !c.ok;
}

/** The whole document of one program. */
export function buildProgramDocument(a: ProgramAnalysis, options: ProgramDocOptions = {}): HandoutDoc {
  const built = programBlocks(a, options);
  const conv = options.conv ?? NOTES;
  return {
    title: options.title ?? 'Backpropagation from the KKT conditions',
    intro: [],
    convention: programConvention(a.program.objective, undefined, conv),
    conv,
    edition: 'full',
    problems: [{
      title: [],
      plainTitle: a.program.objective,
      prose: [],
      blocks: built.blocks,
      size: a.program.declarations.length + a.program.statements.length,
      checkFailed: built.checkFailed,
    }],
  };
}
