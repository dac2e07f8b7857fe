// The trace in the terminal: the survey's two-column tables (forward primal,
// forward tangent with a direction, reverse adjoint), then the line that ties
// the push form to the derivation's μ.
import type { Trace } from '../verify/trace.js';
import { PLAIN_THEME, type Theme } from './text.js';
import { traceLetters, traceRows, type TraceRow } from './trace-rows.js';

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

export function renderTraceText(trace: Trace, source: string, theme: Theme = PLAIN_THEME): string {
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
