// An expression's terminal document: its rows for the one writer
// (text-writer.ts: graph, formulation, Lagrangian, KKT conditions, forward,
// backward, gradient), its chain rule, its check and its path sums, in
// Unicode text. Colour comes in through a Theme (never chalk directly).
import { costOf } from '../derive/cost.js';
import { costText } from './cost.js';
import { groupedModel, SEVERAL, typeWord } from './grouped.js';
import { NO_CONTINUATION } from '../ops/registry.js';
import type { Analysis } from '../pipeline.js';
import { unrollGradient } from '../derive/unroll.js';
import { type Convention, conventionText, lagrangianText, multiplierSymbol, muSign, namesFor, NOTES, notationWhy } from './convention.js';
import { parsedForm } from './echo.js';
import { Equations } from './equations.js';
import { headOfList } from './lists.js';
import { UNICODE } from './print.js';
import { zText } from '../model/notation.js';
import type { CheckReport } from '../verify/check.js';
import { Prec, WHERE_THE_POINT_IS } from '../ops/spec.js';
import { EXACT_COUNT, powerOfTwo, type InputPaths, type PathSums } from '../derive/paths.js';
import { close, SAME_SUM } from '../verify/tolerance.js';
import type { Chunks } from './chunks.js';
import { aligned, concatLines, derivationText, documentOutput, documentText, formatValue, pushAll, table, type TextDocument, type TextSection, type Theme, PLAIN_THEME } from './text-writer.js';

/** Lists of nodes read badly past a few dozen entries: the text shows the first ones and says how many more. */
const LIST_LIMIT = 12;
function nodeList(ks: readonly number[], name: (k: number) => string = (k) => zText(k, 'unicode')): string {
  if (ks.length === 0) return '–';
  // A list per node and two per row of the graph: written out without the arrays of headOfList and map.
  let s = name(ks[0]!);
  for (let k = 1; k < Math.min(ks.length, LIST_LIMIT); k++) s += ` ${name(ks[k]!)}`;
  return ks.length > LIST_LIMIT ? `${s} … (${ks.length})` : s;
}

/** f(k), made once for each k asked for. */
function memo(f: (k: number) => string): (k: number) => string {
  const made: string[] = [];
  return (k) => made[k] ??= f(k);
}

/** Longest formula in θ the chain-rule section prints. */
const CHAIN_RULE_WIDTH = 160;

/**
 * The terminal document of an expression. `conv` is the notation (render/convention.ts); under
 * the + sign the multipliers shown are −∂f/∂z_j.
 */
function renderTextDocument(a: Analysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): TextDocument {
  const der = a.derivation;
  const { graph } = der;
  const { d, m } = graph;
  const eq = new Equations(der, UNICODE, conv);
  const says = conventionText(conv);
  // Node names are written several times each (graph, α and β lists, equations' rows): each made once.
  const zName = memo(namesFor(conv, 'unicode').z as (k: number) => string);
  const z = a.point.z;
  const sign = muSign(conv);
  const mu = sign === 1 ? a.mu : a.mu.map((v) => -v);
  // Each value formatted once: a node's value is in the graph and the forward pass, an input's multiplier in the backward pass and the gradient.
  const zShown = memo((k) => formatValue(z[k]!));
  const muShown = memo((k) => formatValue(mu[k]!));
  const gradientShown = sign === 1 ? muShown : memo((k) => formatValue(a.mu[k]!));

  const header = [`${theme.heading('f')} = ${parsedForm(a.parsed)}`];
  const consts = graph.constants.length ? `; held fixed: ${graph.constants.join(', ')}` : '';
  header.push(theme.dim(`inputs: ${graph.inputs.join(', ')}${consts}`));
  const why = notationWhy(conv, 'unicode');
  if (why !== null) header.push(theme.dim(why));
  const unused = graph.nodes.slice(1, d + 1).filter((n) => n.beta.length === 0).map((n) => n.name!);
  if (unused.length > 0) {
    const they = unused.length === 1 ? `${unused[0]} does` : `${unused.join(', ')} do`;
    header.push(theme.dim(`${they} not appear in f once it is simplified (f = ${parsedForm(a.parsed)}): the gradient there is 0`));
  }

  const grouped = graph.model === 'grouped';
  const [head0, ...headRest] = says.graphHeader;
  const graphRows: string[][] = [grouped ? [head0!, 'type', ...headRest] : [...says.graphHeader]];
  for (const node of graph.nodes.slice(1)) {
    const row = [
      zName(node.index),
      node.kind === 'input' ? `${node.name} (input)` : eq.f(node.index),
      nodeList(node.alpha, zName),
      nodeList(node.beta, zName),
      zShown(node.index),
    ];
    if (grouped) row.splice(1, 0, typeWord(node));
    graphRows.push(row);
  }
  const graphLines = !grouped ? aligned(graphRows) : concatLines([
    [theme.dim(`  ${groupedModel(conv.node)}`)],
    aligned(graphRows),
    graph.nodes.some((n) => n.several) ? [theme.dim(`  ${SEVERAL}`)] : [],
  ]);

  // What ∂L/∂μ_i = 0 solves to is the constraint z_i = f_i, the forward pass's equation; what ∂L/∂z_j = 0
  // solves to is the backward pass's μ_j = …: each is made once, for the KKT conditions and its pass.
  const lhs: string[] = [];
  const solved: string[] = [];
  for (const s of der.forward) {
    const r = eq.stationarityMu(s.node);
    lhs.push(r.lhs);
    solved.push(r.solved);
  }
  const constraints = solved.slice();
  for (const s of der.backward) {
    const r = s.rule === 'kkt.output' ? eq.stationarityOutput() : eq.stationarityZ(s);
    lhs.push(r.lhs);
    solved.push(r.solved);
  }
  const adjoints = solved.slice(constraints.length);

  const more: TextSection[] = [];
  const unrolled = unrollGradient(der);
  if (unrolled) {
    // A formula in θ is shown while it stays readable; the form in z always is, and the heading says where it stops.
    const rows = unrolled.map((u) => {
      const step = der.gradient[u.node - 1]!;
      const inTheta = eq.expr(u.inTheta);
      return { step, inZ: eq.expr(u.inZ), inTheta: inTheta.length <= CHAIN_RULE_WIDTH ? inTheta : undefined };
    });
    const stopped = rows.filter((r) => r.inTheta === undefined).map((r) => eq.sym.df(r.step.name));
    more.push({
      title: 'Chain rule',
      note: stopped.length === 0
        ? 'the backward pass substituted into the gradient, then the forward pass: a formula in θ alone'
        : stopped.length === rows.length
          ? `the backward pass substituted into the gradient: a formula in the ${conv.node}'s; substituting the forward pass too gives formulas in θ longer than ${CHAIN_RULE_WIDTH} characters, not printed`
          : `the backward pass substituted into the gradient, then the forward pass: a formula in θ alone, except ${stopped.join(', ')}, which stop${stopped.length === 1 ? 's' : ''} at the ${conv.node}'s (in θ longer than ${CHAIN_RULE_WIDTH} characters)`,
      lines: aligned(rows.map((r) => [`${eq.gradient(r.step)}`, `= ${r.inZ}`, ...(r.inTheta !== undefined ? [`= ${r.inTheta}`] : [])])),
    });
  }

  return derivationText({
    header,
    graph: { title: 'Computation graph', note: `${m} nodes: ${d} input${d === 1 ? '' : 's'}, ${m - d} operation${m - d === 1 ? '' : 's'}; output ${zName(m)}`, lines: graphLines },
    output: zName(m),
    constraints,
    says,
    lagrangian: eq.lagrangian(),
    kkt: { equations: lhs, after: (k) => solved[k]! },
    forward: { equations: constraints, after: (k) => zShown(der.forward[k]!.node) },
    backward: { equations: adjoints, after: (k) => muShown(der.backward[k]!.node) },
    gradient: { equations: der.gradient.map((s) => eq.gradient(s)), after: (k) => gradientShown(der.gradient[k]!.node) },
    more,
    cost: costText(der, costOf(der)),
    check: checkSection(a, a.check, theme, conv),
    tail: extra.paths ? ['', ...pathsSection(a, extra.paths, theme, conv)] : [],
  }, theme);
}

export function renderText(a: Analysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): string {
  return documentText(renderTextDocument(a, theme, conv, extra));
}

/**
 * renderText's text in chunks: every equation is made before it returns; the
 * values are formatted and the long tables' lines made only as the chunks are
 * taken (text-writer.ts), which cannot fail.
 */
export function renderTextChunks(a: Analysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): Chunks {
  return documentOutput(renderTextDocument(a, theme, conv, extra));
}

/** Superscript digits: 30 → ³⁰. */
function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
}

/** A path count: exact up to 2^53, else ≈ six digits (any size: the count is a BigInt). */
export function formatCount(c: bigint): string {
  if (c <= EXACT_COUNT) return c.toString();
  const s = c.toString();
  let exponent = s.length - 1;
  let mantissa = Number(Number(`${s[0]}.${s.slice(1, 17)}`).toPrecision(6));
  if (mantissa >= 10) { mantissa /= 10; exponent += 1; }
  return `≈ ${mantissa}e+${exponent}`;
}

/** The count with 2^k beside it when it is a large power of two (a ladder of k layers). */
function countText(c: bigint): string {
  const k = powerOfTwo(c);
  return k !== null && k >= 10 ? `${formatCount(c)} = 2${superscript(k)}` : formatCount(c);
}

/**
 * The path sum against the recursion: equal within round-off (the same
 * products summed in another order), null when there is nothing to compare
 * (the paths are not listed, or the point has no derivative).
 */
export function pathSumAgrees(p: InputPaths): boolean | null {
  if (p.sum === null || !Number.isFinite(p.recursion)) return null;
  const scale = p.rows!.reduce((s, r) => s + Math.abs(r.value), 0);
  return close(p.sum, p.recursion, SAME_SUM, scale);
}

/** Why an input's paths are not listed, in one line. */
export function unlistedWhy(p: InputPaths, paths: PathSums): string {
  const { limits } = paths;
  switch (p.unlisted) {
    case 'many': return `more than ${limits.perInput} paths, so they are counted by count(j) = Σ_{i∈β(j)} count(i), one addition per edge`;
    case 'long': return `its longest path has ${p.longest} edges, more than the ${limits.length} a listed path may have`;
    case 'rows': return `the section lists ${limits.rows} paths at most, and the inputs before it used them`;
    default: return '';
  }
}

/**
 * Note 004's path sums, in the terminal: per input every path z_k → … → z_m,
 * the product of its edge partials and its value, their sum against the
 * recursion's ∂f/∂θ_k, and the number of paths against the graph's edges.
 */
export function pathsSection(a: Analysis, paths: PathSums, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): string[] {
  const der = a.derivation;
  const eq = new Equations(der, UNICODE, conv);
  const zName = namesFor(conv, 'unicode').z as (k: number) => string;
  const m = der.graph.m;
  const factor = (p: Parameters<Equations['expr']>[0]): string => {
    const s = eq.expr(p);
    return eq.precedence(p) >= Prec.Product ? s : `(${s})`;
  };
  const out: string[] = [
    `${theme.heading('Path sums')}${theme.dim(`  note 004: ∂f/∂θ_k is the sum, over every path from θ_k to ${zName(m)}, of the product of the partials ∂f_i/∂${conv.node}_j on its edges`)}`,
  ];
  for (const p of paths.inputs) {
    const df = eq.sym.df(p.name);
    out.push(`  ${df}`);
    if (p.rows === null) {
      out.push(`    paths: ${countText(p.count)}, edges: ${paths.edges}`);
      out.push(theme.dim(`    not listed: ${unlistedWhy(p, paths)}; ${df} = ${formatValue(p.recursion)} from the μ recursion`));
      continue;
    }
    if (p.rows.length === 0) out.push(theme.dim(`    no path: ${zName(p.node)} does not reach ${zName(m)}, so the sum is empty`));
    pushAll(out, table(p.rows.map((r) => [
      r.nodes.map(zName).join(' → '),
      r.partials.map(factor).join(' · '),
      theme.dim(`= ${formatValue(r.value)}`),
    ]), '    '));
    const agrees = pathSumAgrees(p);
    const verdict = agrees === null
      ? theme.dim('– the point has no derivative (see the check above)')
      : agrees ? theme.ok(`✓ equal to ${df} = ${formatValue(p.recursion)} from the μ recursion`)
        : theme.bad(`✗ not equal to ${df} = ${formatValue(p.recursion)} from the μ recursion`);
    out.push(`    Σ = ${formatValue(p.sum!)}  ${verdict}`);
    out.push(`    paths: ${countText(p.count)}, edges: ${paths.edges}`);
  }
  const limits = paths.limits;
  out.push(theme.dim(`  the number of paths grows like w^L for L layers of width w (note 004), and listing them costs that number times their length; the μ recursion visits ${paths.edges === 1 ? 'the one edge' : `each of the E = ${paths.edges} edges`} once, for every input at once: O(V + E), V = ${paths.nodes}`));
  out.push(theme.dim(`  paths are listed up to ${limits.perInput} per input, ${limits.rows} in all, ${limits.length} edges long; beyond that they are counted only`));
  return out;
}

/** The point, or its first values and how many more (the JSON has them all). */
function pointText(a: Analysis): string {
  const all = [...a.point.values];
  const { shown, more } = headOfList(all, LIST_LIMIT);
  const parts = shown.map(([k, v]) => `${k} = ${formatValue(v)}`);
  return more > 0 ? `${parts.join(', ')}, … (${all.length} values; --format json lists them)` : parts.join(', ');
}

function checkSection(a: Analysis, c: CheckReport | null, theme: Theme, conv: Convention): string[] {
  const zName = namesFor(conv, 'unicode').z as (k: number) => string;
  const m = multiplierSymbol(conv, 'unicode');
  // Under the + sign the multipliers are −∂f/∂z_j, and every column shows the multiplier.
  const s = muSign(conv);
  const out: string[] = [''];
  const where = `at ${pointText(a)}${a.point.random ? ` (seeded random point, --seed)` : ''}`;
  if (!c) {
    out.push(theme.heading('Check'), theme.dim(`  skipped (--no-check); values ${where}`));
    return out;
  }
  out.push(`${theme.heading('Check')}${theme.dim(`  ${conventionText(conv).theorem} ${where}`)}`);
  if (c.problem) {
    const p = c.problem;
    const what = WHERE_THE_POINT_IS[p.kind];
    out.push(`  ${theme.bad('✗')} the point ${what} ${zName(p.node)} = ${a.derivation.graph.nodes[p.node] ? new Equations(a.derivation, UNICODE, conv).f(p.node) : ''}: ${p.why}`);
    out.push(theme.dim(a.point.random
      ? '    no point inside every op\'s domain was found in 150 seeded random tries (this is the first); give one with --at'
      : '    no derivative can be checked there; choose another point with --at'));
    return out;
  }
  const rows: string[][] = [['node', `${m} (derived)`, 'central diff.', 'complex step', 'abs. error', '']];
  for (const r of c.rows) {
    rows.push([
      a.derivation.graph.nodes[r.node]!.kind === 'input' ? `${zName(r.node)} ${a.derivation.graph.nodes[r.node]!.name}` : zName(r.node),
      formatValue(s * r.mu),
      formatValue(s * r.numeric),
      Number.isFinite(r.complexStep) ? formatValue(s * r.complexStep) : '–',
      r.absError.toExponential(1),
      r.ok ? theme.ok(r.decidedBy === 'complex-step' ? '✓†' : '✓') : theme.bad('✗'),
    ]);
  }
  pushAll(out, table(rows));
  const coverage = c.coverage === 'all'
    ? `every node checked (${c.rows.length})`
    : `a seeded random sample of ${c.coverage.sampled} of ${c.coverage.of} nodes`;
  // The check states its tolerance in the notes' names (z_m, μ_j): written here in this output's.
  out.push(theme.dim(`  ${coverage}; tolerance: ${c.tolerance.replace(/\bz_(?=[mij]\b)/g, `${conv.node}_`).replace(/μ_(?=[ij]\b)/g, `${m}_`)}`));
  if (c.rows.some((r) => !Number.isFinite(r.complexStep))) {
    out.push(theme.dim(`  – no complex step through a function with no complex continuation here (${NO_CONTINUATION}) or a point outside its reach: central differences decide those rows`));
  }
  if (c.rows.some((r) => r.ok && r.decidedBy === 'complex-step')) {
    out.push(theme.dim('  † central differences disagree here (they cannot resolve this derivative at this point); the complex step, which has no cancellation, decides'));
  }
  if (c.direction) {
    const dtest = c.direction;
    out.push(`  ${dtest.ok ? theme.ok('✓') : theme.bad('✗')} random-direction test over all nodes: ${s === 1 ? '' : '−'}Σ v_j ${m}_j = ${formatValue(dtest.predicted)}, d ${conv.node}_m/dt = ${formatValue(dtest.measured)}`);
  }
  out.push(`  ${c.kktOk ? theme.ok('✓') : theme.bad('✗')} KKT residuals at the computed ${m}: max_j |∂${lagrangianText(conv, 'unicode')}/∂${conv.node}_j|/max(1, |${m}_j|) = ${c.kktResidual.toExponential(1)} (central differences of ${lagrangianText(conv, 'unicode')}, beyond their own error)`);
  const failed = c.rows.filter((r) => !r.ok).length;
  const what = [
    failed ? `${failed} node${failed === 1 ? '' : 's'} failed the check` : '',
    c.direction && !c.direction.ok ? 'the random-direction test failed' : '',
    c.kktOk ? '' : 'the KKT residuals are not zero',
  ].filter(Boolean).join('; ');
  out.push(c.ok ? theme.ok(`  ✓ all checks pass`) : theme.bad(`  ✗ ${what}`));
  return out;
}

