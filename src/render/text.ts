// The terminal document: graph, formulation, Lagrangian, KKT conditions,
// forward, backward, gradient and check, in Unicode text. Colour comes in
// through a Theme (never chalk directly).
import type { Analysis } from '../pipeline.js';
import { unrollGradient } from '../derive/unroll.js';
import { Equations } from './equations.js';
import { UNICODE } from './print.js';
import { muText, zText } from '../model/notation.js';
import type { CheckReport } from '../verify/check.js';

export interface Theme {
  heading(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
}

export const PLAIN_THEME: Theme = { heading: (s) => s, ok: (s) => s, bad: (s) => s, dim: (s) => s };

/** A value for people: 6 significant digits, exponent form when very large or small. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e9 ? String(Number(v.toPrecision(6))) : v.toExponential(5).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

/** out.push(...rows) without spreading: a spread of 10⁵ arguments overflows the stack. */
function pushAll(out: string[], rows: readonly string[]): void {
  for (const r of rows) out.push(r);
}

/** Cells longer than this do not widen their column: one huge equation must not pad every row. */
const ALIGN_LIMIT = 48;
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  // Subscripts and Greek letters are single UTF-16 units, so length counts what is seen.
  const len = (cell: string): number => visible(cell).length;
  for (const r of rows) r.forEach((cell, k) => {
    const n = len(cell);
    if (n <= ALIGN_LIMIT) widths[k] = Math.max(widths[k] ?? 0, n);
  });
  return rows.map((r) =>
    (indent + r.map((cell, k) => (k === r.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[k] ?? 0) - len(cell))))).join('  ')).trimEnd(),
  );
}

/** The text without ANSI colour codes, for measuring widths. */
function visible(s: string): string {
  return s.includes('\u001b') ? s.replace(/\u001b\[[0-9;]*m/g, '') : s;
}

/** Lists of nodes read badly past a few dozen entries: the text shows the first ones and says how many more. */
const LIST_LIMIT = 12;
function nodeList(ks: readonly number[]): string {
  if (ks.length === 0) return '–';
  const shown = ks.slice(0, LIST_LIMIT).map((k) => zText(k, 'unicode')).join(' ');
  return ks.length > LIST_LIMIT ? `${shown} … (${ks.length})` : shown;
}

/** Longest formula in θ the chain-rule section prints. */
const CHAIN_RULE_WIDTH = 160;

export function renderText(a: Analysis, theme: Theme = PLAIN_THEME): string {
  const der = a.derivation;
  const { graph } = der;
  const { d, m } = graph;
  const eq = new Equations(der, UNICODE);
  const z = a.point.z;
  const mu = a.mu;
  const out: string[] = [];
  const section = (title: string, note?: string): void => {
    out.push('', theme.heading(title) + (note ? theme.dim(`  ${note}`) : ''));
  };
  const value = (v: number): string => theme.dim(`= ${formatValue(v)}`);

  out.push(`${theme.heading('f')} = ${a.parsedForm}`);
  const consts = graph.constants.length ? `; held fixed: ${graph.constants.join(', ')}` : '';
  out.push(theme.dim(`inputs: ${graph.inputs.join(', ')}${consts}`));

  section('Computation graph', `${m} nodes: ${d} input${d === 1 ? '' : 's'}, ${m - d} operation${m - d === 1 ? '' : 's'}; output ${zText(m, 'unicode')}`);
  const graphRows: string[][] = [['node', 'f_i', 'α(i)', 'β(i)', 'value']];
  for (const node of graph.nodes.slice(1)) {
    graphRows.push([
      zText(node.index, 'unicode'),
      node.kind === 'input' ? `${node.name} (input)` : eq.f(node.index),
      nodeList(node.alpha),
      nodeList(node.beta),
      formatValue(z[node.index]!),
    ]);
  }
  pushAll(out, table(graphRows));

  section('Constrained formulation');
  out.push(`  minimize    ${zText(m, 'unicode')}`);
  der.forward.forEach((s, k) => out.push(`  ${k === 0 ? 'subject to' : '          '}  ${eq.constraint(s.node)}`));

  section('Lagrangian', 'sign convention of the notes: L = z_m − Σ_{i>d} μ_i (z_i − f_i(z_α(i)))');
  out.push(`  ${eq.lagrangian()}`);

  section('KKT conditions', 'stationarity in μ and z; the inputs θ are free, so ∂L/∂θ is not set to zero');
  const kkt: string[][] = [];
  for (const s of der.forward) {
    const r = eq.stationarityMu(s.node);
    kkt.push([r.lhs, `⇒  ${r.solved}`]);
  }
  for (const s of der.backward) {
    const r = s.rule === 'kkt.output' ? eq.stationarityOutput() : eq.stationarityZ(s);
    kkt.push([r.lhs, `⇒  ${r.solved}`]);
  }
  pushAll(out, table(kkt));

  section('Forward pass', '∂L/∂μ_i = 0, in topological order');
  pushAll(out, table(der.forward.map((s) => [eq.constraint(s.node), value(z[s.node]!)])));

  section('Backward pass', '∂L/∂z_j = 0: μ_m = 1, μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j, in reverse order');
  pushAll(out, table(der.backward.map((s) => [s.rule === 'kkt.output' ? eq.stationarityOutput().solved : eq.adjoint(s), value(mu[s.node]!)])));

  section('Gradient', '∂f/∂θ_k = Σ_{i∈β(k)} μ_i ∂f_i/∂θ_k');
  pushAll(out, table(der.gradient.map((s) => [eq.gradient(s), value(mu[s.node]!)])));

  const unrolled = unrollGradient(der);
  if (unrolled) {
    section('Chain rule', 'the backward pass substituted into the gradient, then the forward pass: a formula in θ alone');
    pushAll(out, table(unrolled.map((u) => {
      const step = der.gradient[u.node - 1]!;
      const inTheta = eq.expr(u.inTheta);
      // A formula in θ is shown while it stays readable; the form in z always is.
      return [`${eq.gradient(step)}`, `= ${eq.expr(u.inZ)}`, ...(inTheta.length <= CHAIN_RULE_WIDTH ? [`= ${inTheta}`] : [])];
    })));
  }

  pushAll(out, checkSection(a, a.check, theme));
  return `${out.join('\n')}\n`;
}

/** The point, or its first values and how many more (the JSON has them all). */
function pointText(a: Analysis): string {
  const all = [...a.point.values];
  const parts = all.slice(0, LIST_LIMIT).map(([k, v]) => `${k} = ${formatValue(v)}`);
  return all.length > LIST_LIMIT ? `${parts.join(', ')}, … (${all.length} values; --format json lists them)` : parts.join(', ');
}

function checkSection(a: Analysis, c: CheckReport | null, theme: Theme): string[] {
  const out: string[] = [''];
  const where = `at ${pointText(a)}${a.point.random ? ` (seeded random point, --seed)` : ''}`;
  if (!c) {
    out.push(theme.heading('Check'), theme.dim(`  skipped (--no-check); values ${where}`));
    return out;
  }
  out.push(`${theme.heading('Check')}${theme.dim(`  μ_j = ∂f/∂z_j (Theorem 15.1) ${where}`)}`);
  if (c.problem) {
    const p = c.problem;
    const what = p.kind === 'kink' ? 'is on a kink of' : p.kind === 'outside' ? 'is outside the domain of' : 'is not finite in';
    out.push(`  ${theme.bad('✗')} the point ${what} ${zText(p.node, 'unicode')} = ${a.derivation.graph.nodes[p.node] ? new Equations(a.derivation, UNICODE).f(p.node) : ''}: ${p.why}`);
    out.push(theme.dim('    no derivative can be checked there; choose another point with --at'));
    return out;
  }
  const rows: string[][] = [['node', 'μ (derived)', 'central diff.', 'complex step', 'abs. error', '']];
  for (const r of c.rows) {
    rows.push([
      a.derivation.graph.nodes[r.node]!.kind === 'input' ? `${zText(r.node, 'unicode')} ${a.derivation.graph.nodes[r.node]!.name}` : zText(r.node, 'unicode'),
      formatValue(r.mu),
      formatValue(r.numeric),
      formatValue(r.complexStep),
      r.absError.toExponential(1),
      r.ok ? theme.ok('✓') : theme.bad('✗'),
    ]);
  }
  pushAll(out, table(rows));
  const coverage = c.coverage === 'all'
    ? `every node checked (${c.rows.length})`
    : `a seeded random sample of ${c.coverage.sampled} of ${c.coverage.of} nodes`;
  out.push(theme.dim(`  ${coverage}; tolerance: ${c.tolerance}`));
  if (c.direction) {
    const dtest = c.direction;
    out.push(`  ${dtest.ok ? theme.ok('✓') : theme.bad('✗')} random-direction test over all nodes: Σ v_j μ_j = ${formatValue(dtest.predicted)}, d z_m/dt = ${formatValue(dtest.measured)}`);
  }
  out.push(`  ${c.kktOk ? theme.ok('✓') : theme.bad('✗')} KKT residuals at the computed μ: max_j |∂L/∂z_j|/max(1, |μ_j|) = ${c.kktResidual.toExponential(1)} (central differences of L, beyond their own error)`);
  const failed = c.rows.filter((r) => !r.ok).length;
  out.push(c.ok ? theme.ok(`  ✓ all checks pass`) : theme.bad(`  ✗ ${failed} node${failed === 1 ? '' : 's'} failed the check`));
  return out;
}

export { muText };
