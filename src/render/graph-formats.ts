// The computation graph for other tools and for the terminal: Graphviz DOT,
// Mermaid (GitHub and JupyterLab draw it in Markdown) and plain text. Every
// label is escaped for its format. Linear in nodes plus edges.
import { escapeDot, escapeMermaid } from './escape.js';
import type { GraphView, ViewNode } from './graph-view.js';
import { formatValue } from './text-writer.js';

function lines(n: ViewNode, view: GraphView): string[] {
  const out = [n.main?.text ?? `${n.name.text} = ${n.f.text}`];
  if (n.value !== undefined) out.push(`= ${formatValue(n.value)}`);
  if (n.mu !== undefined) out.push(`${view.multiplier.text}${n.name.text.replace(/^[^₀-₉]*/, '')} = ${formatValue(n.mu)}`);
  return out;
}

const FILL: Readonly<Record<ViewNode['kind'], string>> = { input: '#eaf2fb', op: '#ffffff', output: '#fdf1e4' };

/** Graphviz DOT: `dot -Tsvg` draws it. */
export function graphDot(view: GraphView): string {
  const out = [
    'digraph lagrad {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fontname="Times-Roman", fontsize=12];',
    '  edge [fontname="Times-Roman", fontsize=10, fontcolor="#8a3b12"];',
  ];
  for (const n of view.nodes) {
    const label = lines(n, view).map(escapeDot).join('\\n');
    out.push(`  ${n.id} [label="${label}", fillcolor="${FILL[n.kind]}"${n.kind === 'output' ? ', penwidth=2' : ''}];`);
  }
  for (const e of view.edges) out.push(`  z${e.from} -> z${e.to} [label="${escapeDot(e.label.text)}"];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Mermaid flowchart: a ```mermaid block in Markdown. */
export function graphMermaid(view: GraphView): string {
  const out = ['flowchart LR'];
  for (const n of view.nodes) {
    const label = lines(n, view).map(escapeMermaid).join('<br/>');
    out.push(`  ${n.id}["${label}"]`);
  }
  for (const e of view.edges) out.push(`  z${e.from} -->|"${escapeMermaid(e.label.text)}"| z${e.to}`);
  const inputs = view.nodes.filter((n) => n.kind === 'input').map((n) => n.id);
  const output = view.nodes.find((n) => n.kind === 'output');
  out.push('  classDef input fill:#eaf2fb,stroke:#3b6ea5', '  classDef output fill:#fdf1e4,stroke:#b3641b,stroke-width:2px');
  if (inputs.length) out.push(`  class ${inputs.join(',')} input`);
  if (output) out.push(`  class ${output.id} output`);
  return `${out.join('\n')}\n`;
}

/** Text columns, padded to the widest cell (Unicode subscripts count one each). */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.min(48, Math.max(widths[k] ?? 0, [...c].length))));
  return rows.map((r) => `  ${r.map((c, k) => (k === r.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[k]! - [...c].length)))).join('  ')}`.trimEnd());
}

/** The first line of the graph as text: how many nodes, inputs and operations, and the output. */
export function graphHeading(view: GraphView): string {
  const d = view.nodes.filter((n) => n.kind === 'input').length;
  const m = view.nodes.length;
  return `Computation graph  ${m} nodes: ${d} input${d === 1 ? '' : 's'}, ${m - d} operation${m - d === 1 ? '' : 's'}; output ${view.nodes[m - 1]!.name.text}`;
}

/** The graph as a list: its nodes, then its edges with their partials (drawn by render/graph-terminal.ts when it fits). */
export function graphText(view: GraphView): string {
  const out = [graphHeading(view)];
  const head = ['node', 'f_i', ...(view.hasValues ? ['value'] : []), ...(view.hasMu ? [view.multiplier.text] : [])];
  out.push(...columns([head, ...view.nodes.map((n) => [
    n.name.text,
    n.kind === 'input' ? `${n.f.text} (input)` : n.f.text,
    ...(n.value !== undefined ? [formatValue(n.value)] : []),
    ...(n.mu !== undefined ? [formatValue(n.mu)] : []),
  ])]));
  out.push('', `Edges  ${view.conv.node}_j → ${view.conv.node}_i, labelled ∂f_i/∂${view.conv.node}_j`);
  const name = new Map(view.nodes.map((n) => [n.index, n.name.text]));
  out.push(...columns(view.edges.map((e) => [`${name.get(e.from)} → ${name.get(e.to)}`, e.label.text])));
  return `${out.join('\n')}\n`;
}
