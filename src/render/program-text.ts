// Terminal output of a program's derivation: the program, its variables with
// shapes, formulation, Lagrangian, KKT, forward, backward, gradient, check.
// Small matrices are shown, large ones summarised.
import { costOf } from '../derive/cost.js';
import { costText } from './cost.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import { describeLabels } from '../tensor/point.js';
import { formatShape, type Tensor } from '../ir/shape.js';
import { isNotes, multiplierSymbol, NOTES, type Convention } from './convention.js';
import { muValue, ProgramEquations } from './program-print.js';
import { aligned, derivationText, documentOutput, documentText, formatValue, PLAIN_THEME, table, type EquationRows, type TextDocument, type Theme } from './text-writer.js';
import { WHERE_THE_POINT_IS } from '../ops/spec.js';
import type { Chunks } from './chunks.js';

export const LAYOUT =
  'layout: vectors are columns; μ_v has the shape of v, and ∂ℓ/∂W the shape of W (entry (i,j) is ∂ℓ/∂W_ij); ⊙ is the elementwise product, ᵀ the transpose, 𝟙 all ones';

/** The layout line with the convention's multiplier (λ_v, β_v). */
export function layoutLine(conv: Convention = NOTES): string {
  return LAYOUT.replace('μ_v', `${multiplierSymbol(conv, 'unicode')}_v`);
}

/** What the text says about a program's convention (Unicode). */
export interface ProgramConventionText {
  /** Beside the Lagrangian's heading. */
  readonly lagrangian: string;
  readonly kkt: string;
  readonly forward: string;
  /** Beside the backward pass's heading: μ_obj's value and the recursion. */
  backward(obj: string, folded: boolean): string;
  gradient(obj: string): string;
  /** What the check compares: μ_v = ∂obj/∂v (−∂obj/∂v under the + sign). */
  check(obj: string): string;
}

/** The sentences that state the convention; `L` is the Lagrangian's symbol (ℒ when the program has a variable L). */
export function programConventionText(conv: Convention = NOTES, L = 'L'): ProgramConventionText {
  const m = multiplierSymbol(conv, 'unicode');
  const minus = conv.sign === '-';
  const general = `${L} = ℓ ${minus ? '−' : '+'} Σ_v ⟨${m}_v, v − f_v(…)⟩, one multiplier ${m}_v per statement, of v's shape`;
  return {
    lagrangian: isNotes(conv) ? `sign convention of the notes: ${general}` : `convention: ${general}, so ${m}_ℓ = ${minus ? '1' : '−1'} and ${m}_v = ${minus ? '' : '−'}∂ℓ/∂v`,
    kkt: `stationarity in ${m} and in the statement variables; the params θ are free, so ∂${L}/∂θ is not set to zero`,
    forward: `∂${L}/∂${m}_v = 0, in program order`,
    backward: (obj, folded) =>
      `∂${L}/∂v = 0: ${m}_${obj} = ${minus ? '1' : '−1'}${folded ? ' (substituted below)' : ''}, ${m}_v = Σ over the statements that use v of their local adjoint, in reverse order`,
    gradient: (obj) => (minus
      ? `∂${obj}/∂θ = the same sum for each param θ (not set to zero: θ is free)`
      : `∂${obj}/∂θ = −(the same sum) for each param θ (not set to zero: θ is free)`),
    check: (obj) => `${m}_v = ${minus ? '' : '−'}∂${obj}/∂v and the gradient, entry by entry, against the complex step and central differences`,
  };
}

/** Up to 6 entries per row and 4 rows shown; beyond, a summary. */
export function formatTensor(t: Tensor): string {
  if (t.data.length === 1) return formatValue(t.data[0]!);
  const row = (i: number): string => `[${Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols), formatValue).join(', ')}]`;
  if (t.cols === 1 && t.rows <= 6) return `[${Array.from(t.data, formatValue).join(', ')}]`;
  if (t.rows <= 4 && t.cols <= 6) return `[${Array.from({ length: t.rows }, (_, i) => row(i)).join(', ')}]`;
  let lo = Infinity;
  let hi = -Infinity;
  let sq = 0;
  for (const v of t.data) (lo = Math.min(lo, v)), (hi = Math.max(hi, v)), (sq += v * v);
  return `${formatShape([t.rows, t.cols])}: entries in [${formatValue(lo)}, ${formatValue(hi)}], ‖·‖ = ${formatValue(Math.sqrt(sq))}`;
}

/** Equations and the values after them, every one made already. */
const madeRows = (equations: readonly string[], values: readonly string[]): EquationRows => ({ equations, after: (k) => values[k]! });

/** out.push(...rows, ...more) without spreading: a spread of 10⁵ rows overflows the stack. */
function pushRows(out: string[], rows: readonly string[], ...more: string[]): void {
  for (const r of rows) out.push(r);
  for (const r of more) out.push(r);
}

/**
 * The terminal document. `conv` is the notation (render/convention.ts): the
 * multipliers' symbol and the Lagrangian's sign; under the + sign the
 * multipliers shown are −∂ℓ/∂v. A program has no node letter to rename.
 */
function renderProgramTextDocument(a: ProgramAnalysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): TextDocument {
  const der = a.derivation;
  const p = a.program;
  const eq = new ProgramEquations(der, 'unicode', conv);
  const says = programConventionText(conv, eq.lag);
  const obj = p.objective;
  const value = (name: string): string => formatTensor(a.point.values.get(name)!);
  const header = [theme.heading('Program') + `  ${p.statements.length} statement${p.statements.length === 1 ? '' : 's'}, objective ${obj}`];
  pushRows(header, table([
    ...p.declarations.map((d) => [d.declared ? d.role : `${d.role} (undeclared)`, d.name, formatShape(d.shape)]),
  ]));
  pushRows(header, table(p.statements.map((s) => [`${s.name} = ${s.text}`])), layoutLine(conv));
  // What ∂L/∂μ_v = 0 and ∂L/∂v = 0 solve to are the forward and backward passes' equations: each made once.
  const lhs: string[] = [];
  const solved: string[] = [];
  for (const s of p.statements) {
    const e = eq.stationarityMu(s.name);
    lhs.push(e.lhs);
    solved.push(e.solved);
  }
  const constraints = solved.slice();
  for (const b of der.backward) {
    const e = eq.stationarityVar(b);
    lhs.push(e.lhs);
    solved.push(e.solved);
  }
  const adjoints = solved.slice(constraints.length);
  return derivationText({
    header,
    graph: {
      title: 'Variables',
      lines: aligned([
        ['name', 'role', 'shape', 'value'],
        ...p.declarations.map((d) => [d.name, d.role, formatShape(d.shape), value(d.name)]),
        ...p.statements.map((s) => [s.name, s.name === obj ? 'objective' : 'statement', formatShape(s.shape), value(s.name)]),
      ]),
    },
    output: obj,
    constraints,
    says: { ...says, backward: says.backward(obj, der.foldedObjective), gradient: says.gradient(obj) },
    lagrangian: eq.lagrangian(),
    kkt: { equations: lhs, after: (k) => solved[k]! },
    forward: madeRows(constraints, p.statements.map((s) => value(s.name))),
    backward: madeRows(adjoints, der.backward.map((b) => formatTensor(muValue(a.sweep.mu.get(b.name)!, conv)))),
    gradient: madeRows(der.gradient.map((g) => eq.gradient(g)), der.gradient.map((g) => formatTensor(a.sweep.gradient.get(g.name)!))),
    more: [],
    cost: costText(der.graphDerivation, costOf(der.graphDerivation)),
    check: a.problem ? ['', theme.heading('Check') + `  at ${valuesText(a)}`, `  ${theme.bad('✗')} ${problemText(a)}`]
      : a.check ? ['', ...checkText(a, theme, conv)]
      // As an expression's: the check skipped is said, with where the values come from.
      : ['', theme.heading('Check'), theme.dim(`  skipped (--no-check); values: ${valuesText(a)}`)],
    tail: [],
  }, theme);
}

export function renderProgramText(a: ProgramAnalysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): string {
  return documentText(renderProgramTextDocument(a, theme, conv));
}

/** renderProgramText's text in chunks: every cell is made before it returns, the long tables' lines only as the chunks are taken. */
export function renderProgramTextChunks(a: ProgramAnalysis, theme: Theme = PLAIN_THEME, conv: Convention = NOTES): Chunks {
  return documentOutput(renderProgramTextDocument(a, theme, conv));
}

/** Where the values come from, and which data were drawn as labels of a named loss. */
export function valuesText(a: ProgramAnalysis): string {
  const where = a.point.given === 'random' ? 'seeded random values (--seed)' : a.point.given === 'values' ? 'the given values' : 'the given values and seeded random ones';
  const labels = describeLabels(a.point.labels);
  return labels ? `${where}, with labels ${labels}` : where;
}

/** The point has no derivative: where and why, and what to do. */
export function problemText(a: ProgramAnalysis): string {
  const p = a.problem!;
  const st = a.program.statements.find((s) => s.name === p.statement)!;
  const entry = p.entry[0] === 1 && p.entry[1] === 1 && st.shape[0] * st.shape[1] === 1 ? '' : ` at entry [${p.entry.join(',')}]`;
  const what = `${WHERE_THE_POINT_IS[p.kind]} ${p.op}`;
  const next = a.point.given === 'random' ? 'try another --seed' : 'give other values with --values or --at';
  const shown = p.kind === 'kink' ? ` (the values shown take one side's derivative of ${p.op} there)` : '';
  return `the point ${what} in ${p.statement} = ${st.text.trim()}${entry} (${p.why}): derivatives through it do not exist${shown}, so nothing is checked; ${next}`;
}

function checkText(a: ProgramAnalysis, theme: Theme, conv: Convention): string[] {
  const c = a.check!;
  const obj = a.program.objective;
  const mark = (ok: boolean): string => (ok ? theme.ok('✓') : theme.bad('✗'));
  const m = multiplierSymbol(conv, 'unicode');
  const out = [theme.heading('Check') + `  ${programConventionText(conv).check(obj)}, at ${valuesText(a)}`];
  const groups = new Map<string, { kind: string; n: number; max: number; cs: number; ok: boolean }>();
  for (const r of c.rows) {
    const key = `${r.kind}:${r.variable}`;
    const g = groups.get(key) ?? { kind: r.kind, n: 0, max: 0, cs: 0, ok: true };
    g.n++;
    g.max = Math.max(g.max, r.absError);
    // NaN (no complex continuation on the way) stays NaN.
    g.cs = Number.isFinite(r.complexStep) ? Math.max(g.cs, Math.abs(r.derived - r.complexStep)) : NaN;
    g.ok &&= r.ok;
    groups.set(key, g);
  }
  const exp = (v: number): string => (Number.isFinite(v) ? v.toExponential(1).replace('-', '−') : '–');
  const rows: string[][] = [['', 'entries', 'max abs. error: central diff.', 'complex step', '']];
  for (const [key, g] of groups) {
    const name = key.slice(key.indexOf(':') + 1);
    rows.push([g.kind === 'mu' ? `${m}_${name}` : `∂${obj}/∂${name}`, String(g.n), exp(g.max), exp(g.cs), mark(g.ok)]);
  }
  pushRows(out, table(rows));
  out.push(c.coverage === 'all' ? `  every entry checked (${c.rows.length}); tolerance: ${c.tolerance}` : `  a random sample of ${c.coverage.sampled} of ${c.coverage.of} entries in ${c.coverage.variables} of ${c.coverage.ofVariables} variables, plus a random-direction test per checked variable; tolerance: ${c.tolerance}`);
  // The numbers are derivatives of the objective in either convention; under the + sign ⟨∂ℓ/∂v, u⟩ = −⟨λ_v, u⟩.
  const params = new Set(a.derivation.gradient.map((g) => g.name));
  const paired = (v: string): string => (isNotes(conv) ? '⟨μ, v⟩' : params.has(v) ? `⟨∂${obj}/∂${v}, u⟩` : `${conv.sign === '+' ? '−' : ''}⟨${m}_${v}, u⟩`);
  for (const d of c.directions) out.push(`  ${mark(d.ok)} direction test ${d.variable}: ${paired(d.variable)} = ${formatValue(d.predicted)}, measured ${formatValue(d.measured)}`);
  out.push('  dot-product test ⟨ū, J v⟩ = ⟨Jᵀū, v⟩ for each statement (J by central differences, Jᵀ from the derived adjoint)');
  pushRows(out, table(c.dot.map((d) => [`  ${d.statement}`, formatValue(d.jv), formatValue(d.jtu), mark(d.ok)])));
  out.push(`  ${mark(c.kktOk)} KKT residuals at the computed ${m}: max_v |∂L/∂v·u|/max(1, Σ|${m}_v ⊙ u|) = ${exp(c.kktResidual)} (u a random direction per statement; central differences of the f_w that read v, beyond their own error)`);
  out.push(c.ok ? `  ${theme.ok('✓ all checks pass')}` : `  ${theme.bad('✗ the check failed')}`);
  return out;
}
