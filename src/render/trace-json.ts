// `lagrad trace --format json`: the schema lagrad/trace@1 (DESIGN.md section 5),
// keys in the contract's order. A row's text and latex are its definition (the
// survey's left column); its value is the number.
import type { Trace } from '../verify/trace.js';
import { num, obj, objFrom, writeJson, type Json } from './json-writer.js';
import { traceRows, type TraceRow } from './trace-rows.js';

export function traceJson(trace: Trace, source: string, point: ReadonlyMap<string, number>): string {
  const ascii = traceRows(trace, 'ascii');
  const latex = traceRows(trace, 'latex');
  const rows = (a: readonly TraceRow[], l: readonly TraceRow[]): Json[] =>
    a.map((r, k) => obj(['var', r.var], ['text', r.left], ['latex', l[k]!.left], ['value', num(r.value)]));
  const { inputs } = trace.derivation.graph;
  return `${writeJson(obj(
    ['schema', 'lagrad/trace@1'],
    ['source', source],
    ['point', objFrom([...point].map(([k, v]) => [k, num(v)] as const))],
    ['numbering', trace.numbering],
    ['primal', rows(ascii.primal, latex.primal)],
    ['tangent', ascii.tangent ? rows(ascii.tangent, latex.tangent!) : null],
    ['adjoint', rows(ascii.adjoint, latex.adjoint)],
    ['gradient', objFrom(inputs.map((n, k) => [n, num(trace.bar[k + 1]!)] as const))],
  ))}\n`;
}
