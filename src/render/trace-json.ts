// `lagrad trace --format json`: the schema lagrad/trace@1 (DESIGN.md section 5),
// keys in the contract's order. A row's text and latex are its definition (the
// survey's left column); its value is the number. A program's trace has the
// same keys: its values are nested arrays, row-major, as its derivation's JSON
// writes them (render/program-json.ts; a scalar is a number).
import { num, obj, objFrom, writeJson, type Json } from './json-writer.js';
import { tensorJson } from './json.js';
import { traceRows, type AnyTrace, type TraceRow } from './trace-rows.js';

const valueJson = (v: TraceRow['value']): Json => (typeof v === 'number' ? num(v) : tensorJson(v));

/** `point`: the expression's inputs, or every param and datum of a program (its given or seeded values). */
export function traceJson(trace: AnyTrace, source: string, point?: ReadonlyMap<string, number>): string {
  const ascii = traceRows(trace, 'ascii');
  const latex = traceRows(trace, 'latex');
  const rows = (a: readonly TraceRow[], l: readonly TraceRow[]): Json[] =>
    a.map((r, k) => obj(['var', r.var], ['text', r.left], ['latex', l[k]!.left], ['value', valueJson(r.value)]));
  let pointJson: Json;
  let gradient: Json;
  if (trace.kind === 'program') {
    const p = trace.derivation.program;
    pointJson = objFrom(p.declarations.map((d) => [d.name, tensorJson(trace.point.values.get(d.name)!)] as const));
    gradient = objFrom(trace.derivation.gradient.map((g) => [g.name, tensorJson(trace.bar.get(g.name)!)] as const));
  } else {
    pointJson = objFrom([...(point ?? new Map<string, number>())].map(([k, v]) => [k, num(v)] as const));
    gradient = objFrom(trace.derivation.graph.inputs.map((n, k) => [n, num(trace.bar[k + 1]!)] as const));
  }
  return `${writeJson(obj(
    ['schema', 'lagrad/trace@1'],
    ['source', source],
    ['point', pointJson],
    ['numbering', trace.numbering],
    ['primal', rows(ascii.primal, latex.primal)],
    ['tangent', ascii.tangent ? rows(ascii.tangent, latex.tangent!) : null],
    ['adjoint', rows(ascii.adjoint, latex.adjoint)],
    ['gradient', gradient],
  ))}\n`;
}
