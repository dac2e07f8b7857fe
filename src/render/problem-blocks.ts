// One derivation as document blocks (render/document.ts): the graph, the
// constrained formulation, the Lagrangian, every KKT condition, the forward
// and backward passes, the gradient, the chain rule and the check, with
// equation numbers. A student's edition leaves the parts it is told blank
// (render/blanks.ts; by default the backward recursions, the gradients) and
// everything that gives them away.
import { groupedModelPieces, SEVERAL, typeWord } from './grouped.js';
import { costOf } from '../derive/cost.js';
import { costBlocks } from './cost.js';
import type { Analysis } from '../pipeline.js';
import { unrollGradient } from '../derive/unroll.js';
import { childrenSet, conventionLatex, multiplierSymbol, muSign, namesFor, userLatex, type Convention } from './convention.js';
import { DEFAULT_BLANKS, type BlankPart, type Blanks } from './blanks.js';
import { math, text, type Block, type EqRow, type Inline } from './document.js';
import { expressionTolerance } from './check-tolerance.js';
import { headOfList, LATEX_LIST, spanList } from './lists.js';
import { Equations } from './equations.js';
import { symbolsParagraph } from './symbols.js';
import { para as paragraph, passesBlocks, type KktRow } from './passes-blocks.js';
import { graphView, valueLatex, valueText } from './graph-view.js';
import { canDraw } from './graph-svg.js';
import { LATEX, latexWith, printExpr } from './print.js';
import { formatValue } from './text-writer.js';
import { WHERE_THE_POINT_IS } from '../ops/spec.js';

export interface BlockOptions {
  readonly conv: Convention;
  readonly student: boolean;
  /** What a student's edition leaves blank (default: the backward pass and the gradient). */
  readonly blanks?: Blanks;
  /** Prefix of the equation numbers: '' or '2.'. */
  readonly tagPrefix: string;
  /** Graphs up to this many nodes are drawn. */
  readonly drawLimit: number;
}

/** Lists of nodes longer than this show their first entries and a count (a printed column is narrower than a terminal). */
const LIST_LIMIT = 6;
/** The formula in θ of the chain rule is shown up to this many LaTeX characters. */
const CHAIN_RULE_WIDTH = 240;
/** f itself is printed up to this many LaTeX characters. */
const F_WIDTH = 2000;
/**
 * Beyond this many nodes the constraints, the Lagrangian and the KKT
 * conditions are stated in their general form once: written out, they would
 * repeat the forward and backward passes row for row.
 */
export const SUMMARY_NODES = 200;

/** `= v` when the shown digits are the value, else `≈ v`. */
function valueCell(v: number): string {
  const exact = Number(formatValue(v).replace(/−/g, '-')) === v;
  return `${exact ? '=' : '\\approx'} ${valueLatex(v)}`;
}

/** The text after the first ` = `: the right-hand side of `lhs = rhs`. */
function rhsOf(s: string): string {
  return s.slice(s.indexOf(' = ') + 3);
}

export function problemBlocks(a: Analysis, o: BlockOptions): { blocks: Block[]; checkFailed: boolean; fLatex: string } {
  const der = a.derivation;
  const { graph } = der;
  const { d, m } = graph;
  const conv = o.conv;
  const eq = new Equations(der, LATEX, conv);
  const names = namesFor(conv, 'latex');
  const z = (k: number): string => names.z(k);
  const mu = (k: number): string => names.mu(k);
  const mult = multiplierSymbol(conv, 'latex');
  const says = conventionLatex(conv);
  const sign = muSign(conv);
  const values = a.point.z;
  const blanked = o.student ? (o.blanks ?? DEFAULT_BLANKS) : new Set<BlankPart>();
  const blank = (p: BlankPart): boolean => blanked.has(p);
  // The multipliers' values give the backward pass and the gradient away; the partials, every condition on the multipliers.
  const hideMu = blank('backward') || blank('gradient');
  const namePartials = hideMu || blank('kkt');
  let tagCount = 0;
  const tag = (): string => `${o.tagPrefix}${++tagCount}`;
  const blocks: Block[] = [];
  const para = (...content: Inline[]): void => void blocks.push({ kind: 'para', content });
  const heading = (t: string): void => void blocks.push({ kind: 'heading', text: t });
  const list = (ks: readonly number[]): Inline[] => {
    if (ks.length === 0) return [text('–')];
    const { shown, more } = headOfList(ks, LIST_LIMIT);
    const s = shown.map(z).join(',\\ ');
    return more > 0 ? [math(s), text(` … (${ks.length})`)] : [math(s)];
  };

  // f, its inputs and the point.
  const fLatex = printExpr(a.parsed.builder, a.parsed.root, latexWith((name) => userLatex(conv, name)));
  const inputs = graph.inputs.map((k) => userLatex(conv, k)).join(', ');
  const point = [...a.point.values].map(([k, v]) => `${userLatex(conv, k)} = ${valueLatex(v)}`);
  para(
    ...(fLatex.length <= F_WIDTH ? [text('The function '), math(`f(${inputs.length <= 200 ? inputs : '\\theta'}) = ${fLatex}`)] : [text(`The function f (${m - d} operations)`)]),
    text(graph.constants.length ? ', with ' : ''),
    ...(graph.constants.length ? [math(graph.constants.map((k) => userLatex(conv, k)).join(', ')), text(' held fixed')] : []),
    text(a.point.random ? ', at a seeded random point ' : ', at the point '),
    math(point.length <= LIST_LIMIT ? point.join(',\\ ') : `${point.slice(0, LIST_LIMIT).join(',\\ ')},\\ \\ldots`),
    text('.'),
  );

  // The computation graph.
  heading('Computation graph');
  const view = graphView(der, { conv, ...(blank('forward') ? {} : { values }), ...(namePartials ? { partials: 'name' as const } : {}), ...(hideMu ? {} : { mu: a.mu }) });
  para(
    text(`${m} nodes: ${d} input${d === 1 ? '' : 's'} `),
    math(spanList(d, z, LATEX_LIST)),
    text(`, ${m - d} operation${m - d === 1 ? '' : 's'}; the output is `),
    math(z(m)),
    text('. '),
    math('\\alpha(i)'),
    text(' are the arguments of node '),
    math('i'),
    text(', '),
    math(childrenSet(conv, 'j', 'latex')),
    text(' the nodes that use node '),
    math('j'),
    text('.'),
  );
  if (blank('graph')) {
    para(
      text('Draw the graph: one node per row of the table, an edge from node '), math('j'), text(' to node '), math('i'),
      text(' for each argument '), math('j \\in \\alpha(i)'), text(', labelled '), math(`\\partial f_i / \\partial ${conv.node}_j`),
      text(`; fill in the table's columns `), math('\\alpha(i)'), text(' and '), math(childrenSet(conv, 'i', 'latex')), text('.'),
    );
  } else if (m <= o.drawLimit && canDraw(view)) {
    blocks.push({
      kind: 'graph',
      view,
      caption: [
        text('Each node shows '),
        math(`${conv.node}_i = f_i`),
        text(!view.hasValues ? '' : view.hasMu ? ' with its value and multiplier ' : ' and its value at the point'),
        ...(view.hasMu ? [math(`${mult}_i`)] : []),
        text('; the edge from node '),
        math('j'),
        text(' to node '),
        math('i'),
        text(' carries '),
        math(`\\partial f_i / \\partial ${conv.node}_j`),
        text('.'),
      ],
    });
  } else {
    para(text(`The graph has ${m} nodes, more than can be drawn legibly on a page; the table lists every node with its arguments and consumers.`));
  }
  const grouped = graph.model === 'grouped';
  if (grouped) {
    para(...groupedModelPieces(conv.node).map(([kind, s]) => (kind === 'math' ? math(s) : text(s))));
    if (graph.nodes.some((n) => n.several)) para(text(SEVERAL.replace(/^3\* /, 'Type 3* is ') + '.'));
  }
  const head: Inline[][] = [[text('node')], [math('f_i')], [math('\\alpha(i)')], [math(childrenSet(conv, 'i', 'latex'))], [text('value')]];
  if (grouped) head.splice(1, 0, [text('type')]);
  if (!hideMu) head.push([math(`${mult}_i`)]);
  blocks.push({
    kind: 'table',
    head,
    numeric: grouped ? [false, false, false, false, false, true, true] : [false, false, false, false, true, true],
    rows: graph.nodes.slice(1).map((node) => {
      const row: Inline[][] = [
        [math(z(node.index))],
        node.kind === 'input' ? [math(userLatex(conv, node.name!)), text(' (input)')] : [math(eq.f(node.index))],
        blank('graph') ? [text('')] : list(node.alpha),
        blank('graph') ? [text('')] : list(node.beta),
        [text(blank('forward') && node.kind !== 'input' ? '' : valueText(values[node.index]!))],
      ];
      if (grouped) row.splice(1, 0, [text(typeWord(node))]);
      if (!hideMu) row.push([text(valueText(sign * a.mu[node.index]!))]);
      return row;
    }),
  });

  // The constrained problem, its Lagrangian, the KKT conditions solved, the passes and the gradient: the one writer's.
  const big = m > SUMMARY_NODES;
  const minus = conv.sign === '-';
  const lagrangianParts = big ? [] : eq.lagrangianParts();
  const solvedRow = (r: { lhs: string; solved: string }): Pick<KktRow, 'rhs' | 'then'> => ({ rhs: [`= ${rhsOf(r.lhs)}`], then: `\\Rightarrow ${r.solved}` });
  const passes = passesBlocks({
    formulation: {
      intro: [big
        ? paragraph(text('Minimize '), math(z(m)), text(' subject to '), math(`${conv.node}_i = f_i(${conv.node}_{\\alpha(i)})`), text(' for '), math(`i = ${d + 1}, \\ldots, ${m}`),
          text(`: the ${m - d} equations of the forward pass below.`))
        : paragraph(text('Minimize '), math(z(m)), text(' subject to one constraint per operation:'))],
      rows: big ? [] : der.forward.map((s) => ({ lhs: z(s.node), rhs: eq.f(s.node) })),
    },
    lagrangian: {
      intro: [paragraph(text('One multiplier '), math(`${mult}_i`), text(big ? ` per constraint, ${m - d} in all:` : ' per constraint:'))],
      lhs: says.L,
      first: big ? rhsOf(says.lagrangian) : rhsOf(lagrangianParts[0]!),
      terms: lagrangianParts.slice(1),
    },
    kkt: {
      intro: [
        paragraph(
          text('Stationarity in '), math(mult), text(' and '), math(conv.node),
          text('; the inputs are free, so '), math('\\partial\\mathcal{L}/\\partial\\theta'), text(' is not set to zero.'),
        ),
        ...(big ? [paragraph(text(`With ${m} nodes the conditions are written once in general; each one, solved, is a row of the forward or backward pass below.`))] : []),
      ],
      groups: [
        big ? [
          { lhs: eq.sym.dL(`${mult}_i`), rhs: [`= ${minus ? '-\\left(' : ''}${conv.node}_i - f_i${minus ? '\\right)' : ''} = 0`], then: `\\Rightarrow ${conv.node}_i = f_i`, blankThen: '\\Rightarrow', blankedBy: ['kkt'] },
          {
            lhs: eq.sym.dL(`${conv.node}_j`),
            rhs: [`= ${minus ? '-' : ''}${mult}_j ${minus ? '+' : '-'} \\sum_{i \\in ${childrenSet(conv, 'j', 'latex')}} ${mult}_i \\frac{\\partial f_i}{\\partial ${conv.node}_j} = 0`],
            then: `\\Rightarrow ${says.recursion}`, blankThen: '\\Rightarrow', blankedBy: ['kkt', 'backward'], omitWhenBlank: true,
          },
        ] : [],
        big ? [] : [
          ...der.forward.map((s): KktRow => ({ lhs: eq.sym.dL(mu(s.node)), ...solvedRow(eq.stationarityMu(s.node)), blankThen: `\\Rightarrow ${z(s.node)} =`, blankedBy: ['kkt'] })),
          ...der.backward.map((s): KktRow => {
            const common = { lhs: eq.sym.dL(z(s.node)), blankThen: `\\Rightarrow ${mu(s.node)} =`, blankedBy: ['kkt', 'backward'] as const };
            if (s.rule === 'kkt.output') return { ...common, ...solvedRow(eq.stationarityOutput()) };
            const parts = eq.stationarityZParts(s);
            return { ...common, rhs: [`= ${parts[0]}`, ...parts.slice(1), '= 0'], then: `\\Rightarrow ${eq.adjoint(s)}` };
          }),
        ],
      ],
    },
    forward: {
      intro: [paragraph(math(`\\partial\\mathcal{L}/\\partial ${mult}_i = 0`), text(' gives back the constraints, solved in topological order:'))],
      rows: der.forward.map((s) => ({ lhs: z(s.node), rhs: [`= ${eq.f(s.node)}`], value: valueCell(values[s.node]!) })),
    },
    backward: {
      intro: [paragraph(math(`\\partial\\mathcal{L}/\\partial ${conv.node}_j = 0`), text(' gives '), math(says.outputMultiplier), text(' and the recursion '), math(says.recursion), text(', solved in reverse order:'))],
      rows: der.backward.map((s) => ({
        lhs: mu(s.node),
        rhs: s.rule === 'kkt.output' ? [`= ${conv.sign === '-' ? '1' : '-1'}`] : (([h, ...t]) => [`= ${h}`, ...t])(eq.sumParts(s.terms)),
        value: valueCell(sign * a.mu[s.node]!),
      })),
    },
    gradient: {
      intro: [paragraph(text('The inputs are not constrained; their multiplier sums are the gradient: '), math(says.gradient), text('.'))],
      rows: der.gradient.map((s) => ({ lhs: eq.sym.df(s.name), rhs: (([h, ...t]) => [`= ${h}`, ...t])(eq.sumParts(s.terms, conv.sign === '+')), value: valueCell(a.mu[s.node]!) })),
    },
  }, tag, blank);
  blocks.push(...passes.blocks);

  let checkFailed = a.check !== null && !a.check.ok;
  if (!o.student) {
    const unrolled = unrollGradient(der);
    if (unrolled) {
      // The formula in the inputs is shown while it stays readable; where it is not, the prose says the row stops at the z's.
      const shown = unrolled.map((u) => eq.expr(u.inTheta).length <= CHAIN_RULE_WIDTH);
      const stopped = unrolled.filter((_u, k) => !shown[k]).map((u) => eq.sym.df(der.gradient[u.node - 1]!.name));
      const [firstForward, lastForward] = passes.forwardTags!;
      const forwardTags = firstForward === lastForward ? `(${firstForward})` : `(${firstForward}–${lastForward})`;
      heading('Chain rule');
      if (stopped.length === 0) para(text('The backward pass substituted into the gradient, then the forward pass: a formula in the inputs alone.'));
      else if (stopped.length === unrolled.length) {
        para(text(`The backward pass substituted into the gradient: a formula in the ${conv.node}'s. Substituting the forward pass `), text(forwardTags),
          text(` too gives a formula in the inputs longer than ${CHAIN_RULE_WIDTH} characters of LaTeX, not written out.`));
      } else {
        para(text('The backward pass substituted into the gradient, then the forward pass: a formula in the inputs alone, except for '),
          ...stopped.flatMap((s, k) => [...(k ? [text(k === stopped.length - 1 ? ' and ' : ', ')] : []), math(s)]),
          text(`, which stop${stopped.length === 1 ? 's' : ''} at the ${conv.node}'s: in the inputs ${stopped.length === 1 ? 'it is' : 'they are'} longer than ${CHAIN_RULE_WIDTH} characters of LaTeX (substitute the forward pass `),
          text(forwardTags), text(' to get there).'));
      }
      const rows: EqRow[] = [];
      for (const [k, u] of unrolled.entries()) {
        const step = der.gradient[u.node - 1]!;
        const inTheta = eq.expr(u.inTheta);
        const show = shown[k]!;
        rows.push({ lhs: eq.sym.df(step.name), rhs: [`= ${eq.sum(step.terms, conv.sign === '+')}`] });
        rows.push({ lhs: '', rhs: [`= ${eq.expr(u.inZ)}`], ...(show ? {} : { tag: tag() }) });
        if (show) rows.push({ lhs: '', rhs: [`= ${inTheta}`], tag: tag() });
      }
      blocks.push({ kind: 'equations', rows });
    }
    blocks.push(...costBlocks(der, costOf(der)));
    checkFailed = checkBlocks(a, conv, blocks) || checkFailed;
  } else blocks.push(...costBlocks(der, costOf(der)));
  // σ, the indicator, …: defined after the function's paragraph, where they first appear; those of the
  // full derivation, so that a student's edition gives the notation the answers are written in.
  const symbols = symbolsParagraph(o.student ? problemBlocks(a, { ...o, student: false }).blocks : blocks, 'Here ');
  if (symbols) blocks.splice(1, 0, symbols);
  return { blocks, checkFailed, fLatex };
}

/** The numeric check as a table and a verdict; true when it failed. */
function checkBlocks(a: Analysis, conv: Convention, blocks: Block[]): boolean {
  const c = a.check;
  const says = conventionLatex(conv);
  blocks.push({ kind: 'heading', text: 'Check' });
  if (!c) {
    blocks.push({ kind: 'para', content: [text('The numeric check was skipped.')] });
    return false;
  }
  const names = namesFor(conv, 'latex');
  const sign = muSign(conv);
  if (c.problem) {
    const p = c.problem;
    const what = WHERE_THE_POINT_IS[p.kind];
    blocks.push({ kind: 'para', content: [text(`✗ The point ${what} `), math(names.z(p.node)), text(`: ${p.why}. No derivative can be checked there.`)] });
    return true;
  }
  blocks.push({
    kind: 'para',
    content: [
      math(says.theorem), text(' (Theorem 15.1), checked '),
      text(c.coverage === 'all' ? `at every node (${c.rows.length})` : `at a seeded random sample of ${c.coverage.sampled} of ${c.coverage.of} nodes`),
      text(' by central differences and by the complex step, neither of which uses the derived partials; '),
      ...expressionTolerance(conv), text('.'),
    ],
    keepWithNext: true,
  });
  blocks.push({
    kind: 'table',
    head: [[text('node')], [math(`${multiplierSymbol(conv, 'latex')}_j`), text(' derived')], [text('central diff.')], [text('complex step')], [text('abs. error')], [text('')]],
    numeric: [false, true, true, true, true, false],
    rows: c.rows.map((r) => [
      [math(names.z(r.node))],
      [text(valueText(sign * r.mu))],
      [text(valueText(sign * r.numeric))],
      [text(valueText(sign * r.complexStep))],
      [text(valueText(Number(r.absError.toExponential(1))))],
      [text(r.ok ? '✓' : '✗')],
    ]),
  });
  const failed = c.rows.filter((r) => !r.ok).length;
  blocks.push({
    kind: 'para',
    content: [text(c.ok ? '✓ All checks pass.' : `✗ ${failed} node${failed === 1 ? '' : 's'} failed the check.`)],
  });
  return !c.ok;
}
