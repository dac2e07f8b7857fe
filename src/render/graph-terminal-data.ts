// A graph as the terminal drawing (graph-terminal.ts) reads it: an
// expression's graph view, or a program's variables, as boxes of lines and
// labelled edges.
import type { ProgramAnalysis } from '../program-pipeline.js';
import { isScalar, type Tensor } from '../ir/shape.js';
import type { Convention } from './convention.js';
import type { GraphView } from './graph-view.js';
import { displayWidth, type TerminalEdge, type TerminalGraph, type TerminalNode } from './graph-terminal.js';
import { graphHeading, graphText } from './graph-formats.js';
import { shapeLabel, subscripted } from './program-graph.js';
import { muValue } from './program-print.js';
import { formatTensor } from './program-text.js';
import { formatValue } from './text-writer.js';

/** An expression's graph (render/graph-view.ts) for the terminal. */
export function terminalGraphOfView(view: GraphView): TerminalGraph {
  const pos = new Map(view.nodes.map((n, k) => [n.index, k] as const));
  const mu = view.multiplier.text;
  const nodes: TerminalNode[] = view.nodes.map((n) => ({
    kind: n.kind,
    lines: [
      n.main?.text ?? `${n.name.text} = ${n.f.text}`,
      ...(n.value !== undefined ? [`= ${formatValue(n.value)}`] : []),
      ...(n.mu !== undefined ? [`${mu}${n.name.text.replace(/^[^₀-₉]*/, '')} = ${formatValue(n.mu)}`] : []),
    ],
  }));
  const name = (i: number) => view.nodes[pos.get(i)!]!.name.text;
  const edges: TerminalEdge[] = view.edges.map((e) => ({ from: pos.get(e.from)!, to: pos.get(e.to)!, label: e.label.text, name: `${name(e.from)} → ${name(e.to)}` }));
  const z = view.conv.node;
  const listing = graphText(view).replace(/\n$/, '').split('\n');
  return {
    heading: graphHeading(view),
    legend: `edges ${z}_j → ${z}_i run down to ▼, labelled ∂f_i/∂${z}_j; inputs ╭╮, output ╔╗`,
    nodes,
    edges,
    edgeHeading: `Edges  ${z}_j → ${z}_i, labelled ∂f_i/∂${z}_j (no room for these labels in the drawing)`,
    listing,
  };
}

/** A value in a box: whole when short, else its norm. */
function boxValue(t: Tensor): string {
  const whole = formatTensor(t);
  if (displayWidth(whole) <= 32 && !whole.includes('entries in')) return whole;
  let sq = 0;
  for (const v of t.data) sq += v * v;
  return `‖·‖ = ${formatValue(Math.sqrt(sq))}`;
}

/**
 * A program's graph for the terminal: params and data on top (role, name, shape), each statement a box `v = f_v`
 * (with its shape when not scalar), the objective at the bottom; the edge u → v labelled with the term v sends back
 * to u (programGraphView's labels: `fixed` from data). `atPoint`: the values, multipliers and gradients at the point.
 */
export function terminalGraphOfProgram(a: ProgramAnalysis, view: GraphView, conv: Convention, atPoint: boolean): TerminalGraph {
  const p = a.program;
  const m = view.multiplier.text;
  const obj = subscripted(p.objective);
  const names = [...p.declarations.map((d) => d.name), ...p.statements.map((s) => s.name)];
  const nodes: TerminalNode[] = [];
  const rows: string[][] = [['variable', 'f', 'shape', ...(atPoint ? ['value', `${m} or gradient`] : [])]];
  view.nodes.forEach((n, k) => {
    const name = names[k]!;
    const decl = k < p.declarations.length ? p.declarations[k]! : undefined;
    const shape = p.shapes.get(name)!;
    const first = decl ? `${decl.role} ${n.main?.text ?? n.name.text}` : `${n.name.text} = ${n.f.text}${isScalar(shape) ? '' : ` ∈ ${shapeLabel(shape).text}`}`;
    const lines = [first];
    let value = '';
    let second = '';
    if (atPoint) {
      value = boxValue(a.point.values.get(name)!);
      lines.push(`= ${value}`);
      const mu = a.sweep.mu.get(name);
      const grad = a.sweep.gradient.get(name);
      if (mu !== undefined) second = `${m}_${n.name.text} = ${boxValue(muValue(mu, conv))}`;
      else if (grad !== undefined) second = `∂${obj}/∂${n.name.text} = ${boxValue(grad)}`;
      if (second) lines.push(second);
    }
    nodes.push({ kind: n.kind, lines });
    rows.push([n.name.text, decl ? decl.role : n.f.text, shapeLabel(shape).text, ...(atPoint ? [value, second] : [])]);
  });
  const pos = new Map(view.nodes.map((n, k) => [n.index, k] as const));
  const edges: TerminalEdge[] = view.edges.map((e) => ({
    from: pos.get(e.from)!, to: pos.get(e.to)!, label: e.label.text, name: `${view.nodes[pos.get(e.from)!]!.name.text} → ${view.nodes[pos.get(e.to)!]!.name.text}`,
  }));
  const params = p.declarations.filter((x) => x.role === 'param').length;
  const data = p.declarations.length - params;
  const s = p.statements.length;
  const heading = `Program graph  ${p.declarations.length + s} variables: ${params} param${params === 1 ? '' : 's'}, ${data} data, ${s} statement${s === 1 ? '' : 's'}; objective ${obj}`;
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.min(48, Math.max(widths[k] ?? 0, displayWidth(c)))));
  const table = rows.map((r) => `  ${r.map((c, k) => (k === r.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[k]! - displayWidth(c))))).join('  ')}`.trimEnd());
  const edgeRows = edges.map((e) => [e.name, e.label] as const);
  const ew = Math.min(48, Math.max(0, ...edgeRows.map(([n]) => displayWidth(n))));
  const edgeHead = `Edges  u → v, labelled with the term v sends back to u (its local adjoint; from data: fixed)`;
  return {
    heading,
    legend: `edges u → v run down to ▼, labelled with the term v sends back to u; inputs ╭╮`,
    nodes,
    edges,
    edgeHeading: 'Edges  u → v, labelled with the term v sends back to u (no room for these labels in the drawing)',
    listing: [
      heading,
      ...table, '', edgeHead,
      ...edgeRows.map(([n, l]) => `  ${n}${' '.repeat(Math.max(0, ew - displayWidth(n)))}  ${l}`),
    ],
  };
}
