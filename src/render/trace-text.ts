// The trace in the terminal: the survey's two-column tables (forward primal,
// forward tangent with a direction, reverse adjoint), then the line that ties
// the push form to the derivation's μ. An expression's trace and a program's
// share the tables; only what heads them differs.
import { formatShape, isScalar } from '../ir/shape.js';
import type { ProgramTrace } from '../tensor/trace.js';
import { describeLabels } from '../tensor/point.js';
import { PLAIN_THEME, type Theme } from './text-writer.js';
import { TRACE_WHOLE, traceLetters, traceRows, type AnyTrace, type TraceRow } from './trace-rows.js';

/** Columns a string takes in the terminal: combining marks (the bar of v̄, the dot of v̇) take none. */
function columns(s: string): number {
  let n = 0;
  for (const ch of s) if (!/\p{M}/u.test(ch)) n++;
  return n;
}

function table(rows: readonly TraceRow[]): string[] {
  let width = 0;
  for (const r of rows) width = Math.max(width, columns(r.left));
  return rows.map((r) => `  ${r.left}${' '.repeat(width - columns(r.left))}   ${r.right}`);
}

/** Where a program's values come from, as its derivation's text says it. */
export function programValuesText(t: ProgramTrace): string {
  const pt = t.point;
  const where = pt.given === 'random' ? 'seeded random values (--seed)' : pt.given === 'values' ? 'the given values' : 'the given values and seeded random ones';
  const labels = describeLabels(pt.labels);
  return labels ? `${where}, with labels ${labels}` : where;
}

/** `source`: the expression as echoed; for a program, unused (its statements are the rows). */
export function renderTraceText(trace: AnyTrace, source: string, theme: Theme = PLAIN_THEME): string {
  if (trace.kind === 'program') return renderProgramTraceText(trace, theme);
  const rows = traceRows(trace, 'unicode');
  const { letter: v, y } = traceLetters(trace);
  const point = trace.derivation.graph.inputs.map((n, k) => `${n} = ${rows.primal[k]!.right.slice(2)}`).join(', ');
  const out: string[] = [];
  out.push(`f = ${source}`);
  out.push(theme.dim(`at ${point}; numbering: ${trace.numbering === 'survey' ? `the survey's (inputs ${v}₁₋ₙ…${v}₀, operations level by level)` : `the derivation's ${v}_i`}`));
  out.push('');
  out.push(theme.heading('Forward primal trace'));
  out.push(...table(rows.primal));
  if (rows.tangent) {
    out.push('');
    out.push(`${theme.heading('Forward tangent trace')}${theme.dim(`  ${v}\u0307 = the derivative along the direction`)}`);
    out.push(...table(rows.tangent));
    out.push(`  ${rows.tangentCheck!}`);
  }
  out.push('');
  out.push(`${theme.heading('Reverse adjoint trace')}${theme.dim(`  ${v}\u0304 = ∂${y}/∂${v}, pushed from each node to its arguments in reverse order`)}`);
  out.push(...table(rows.adjoint));
  out.push('');
  out.push(theme.dim(`  ${rows.pushPull}`));
  return `${out.join('\n')}\n`;
}

function renderProgramTraceText(trace: ProgramTrace, theme: Theme): string {
  const rows = traceRows(trace, 'unicode');
  const p = trace.derivation.program;
  const obj = p.objective;
  const listed = (role: 'param' | 'data'): string => p.declarations.filter((d) => d.role === role).map((d) => (isScalar(d.shape) ? d.name : `${d.name} ${formatShape(d.shape)}`)).join(', ');
  const params = listed('param');
  const data = listed('data');
  const out: string[] = [];
  const n = p.statements.length;
  out.push(`${theme.heading('Program')}  ${n} statement${n === 1 ? '' : 's'}, objective ${obj}; param${p.declarations.filter((d) => d.role === 'param').length === 1 ? '' : 's'} ${params}${data ? `; data ${data}` : ''}`);
  out.push(theme.dim(`at ${programValuesText(trace)}; rows in program order (a program has no levels to number by); tensors of more than ${TRACE_WHOLE} entries as their shape and norm ‖·‖ (Frobenius)`));
  out.push('');
  out.push(`${theme.heading('Forward primal trace')}${theme.dim('  the params and data, then each statement in program order')}`);
  out.push(...table(rows.primal));
  if (rows.tangent) {
    out.push('');
    out.push(`${theme.heading('Forward tangent trace')}${theme.dim('  u\u0307 = the derivative along the direction, Σ over the variables a statement uses of ∂f/∂u·u\u0307')}`);
    out.push(...table(rows.tangent));
    out.push(`  ${rows.tangentCheck!}`);
  }
  out.push('');
  out.push(`${theme.heading('Reverse adjoint trace')}${theme.dim(`  u\u0304 = ∂${obj}/∂u; each statement, in reverse order, adds its local adjoint to u\u0304 of each variable u it uses`)}`);
  out.push(...table(rows.adjoint));
  out.push('');
  out.push(theme.dim(`  ${rows.pushPull}`));
  return `${out.join('\n')}\n`;
}
