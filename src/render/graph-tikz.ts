// The computation graph as a TikZ picture for the LaTeX handout, placed by
// the same dagre layout as the SVG (render/graph-layout.ts), in points and
// scaled down to the text width when wider. Labels are our LaTeX only.
import { layoutCost, layoutGraph, LAYOUT_BUDGET } from './graph-layout.js';
import type { GraphView, ViewNode } from './graph-view.js';
import { valueLatex } from './graph-view.js';
import { prettyText, textWidth } from './graph-svg.js';

/** Usable width of the page in pt (A4 with 2.2 cm margins is 472 pt). */
const TEXT_WIDTH = 460;
/** \small is 9 pt, \scriptsize 7 pt in an 11 pt document. */
const NODE_FONT = 9.5;
const LABEL_FONT = 7.5;

function nodeContent(n: ViewNode, view: GraphView): { tex: string; lines: string[] } {
  const mainTex = `$${n.main?.latex ?? `${n.name.latex} = ${n.f.latex}`}$`;
  const lines = [n.main?.text ?? `${n.name.text} = ${prettyText(n.f.text, n.kind === 'input')}`];
  const small: string[] = [];
  if (n.value !== undefined) {
    small.push(`{\\scriptsize $= ${valueLatex(n.value)}$}`);
    lines.push(`= ${valueLatex(n.value)}`);
  }
  if (n.mu !== undefined) {
    const sub = n.name.latex.replace(/^[^_]*/, '');
    small.push(`{\\scriptsize $${view.multiplier.latex}${sub} = ${valueLatex(n.mu)}$}`);
    lines.push(`μ = ${valueLatex(n.mu)}`);
  }
  return { tex: [mainTex, ...small].join(' \\\\ '), lines };
}

function labelHeight(latex: string): number {
  return /\\frac/.test(latex) ? 17 : 10;
}

function layoutInput(view: GraphView) {
  const content = new Map(view.nodes.map((n) => [n.index, nodeContent(n, view)]));
  return {
    content,
    input: {
      nodes: view.nodes.map((n) => {
        const c = content.get(n.index)!;
        const w = Math.max(textWidth(c.lines[0]!, NODE_FONT), ...c.lines.slice(1).map((l) => textWidth(l, LABEL_FONT)));
        return { index: n.index, size: { w: Math.ceil(w + 10), h: Math.ceil(14 + (c.lines.length - 1) * 9 + 6) } };
      }),
      edges: view.edges.map((e) => ({
        from: e.from,
        to: e.to,
        label: { w: Math.ceil(textWidth(prettyText(e.label.text), LABEL_FONT) * (/\\frac/.test(e.label.latex) ? 0.75 : 1) + 4), h: labelHeight(e.label.latex) },
      })),
      direction: 'LR' as const,
      nodeGap: 14,
      rankGap: 26,
      margin: 2,
    },
  };
}

export function canDrawTikz(view: GraphView): boolean {
  return layoutCost(layoutInput(view).input) <= LAYOUT_BUDGET;
}

const pt = (v: number): string => `${v.toFixed(1)}pt`;

/** A tikzpicture of the graph; needs \usepackage{tikz}. */
export function renderGraphTikz(view: GraphView): string {
  const { content, input } = layoutInput(view);
  const layout = layoutGraph(input);
  const scale = layout.width > TEXT_WIDTH ? TEXT_WIDTH / layout.width : 1;
  const out: string[] = [
    `\\begin{tikzpicture}[x=1pt, y=1pt${scale < 1 ? `, scale=${scale.toFixed(3)}, every node/.append style={transform shape}` : ''},`,
    '  node/.style={draw, rounded corners=3pt, align=center, inner sep=2pt, font=\\small},',
    '  input/.style={node, draw=blue!55!black, fill=blue!5},',
    '  op/.style={node, draw=black!70, fill=white},',
    '  output/.style={node, draw=orange!70!black, fill=orange!8, thick},',
    '  edge/.style={->, >=stealth, draw=black!75, rounded corners=6pt},',
    '  partial/.style={font=\\scriptsize, fill=white, inner sep=1pt, text=red!45!black}]',
  ];
  const byIndex = new Map(view.nodes.map((n) => [n.index, n]));
  for (const p of layout.nodes) {
    const n = byIndex.get(p.index)!;
    out.push(`\\node[${n.kind}, minimum width=${pt(p.w)}, minimum height=${pt(p.h)}] (${n.id}) at (${pt(p.x)}, ${pt(-p.y)}) {${content.get(p.index)!.tex}};`);
  }
  const edgeByKey = new Map(view.edges.map((e) => [`${e.from}:${e.to}`, e]));
  for (const e of layout.edges) {
    const pts = e.points.map((q) => `(${pt(q.x)}, ${pt(-q.y)})`);
    // Start and end on the node borders, whatever the estimated sizes were.
    const inner = pts.slice(1, -1);
    out.push(`\\draw[edge] (z${e.from})${inner.map((q) => ` -- ${q}`).join('')} -- (z${e.to});`);
  }
  for (const e of layout.edges) {
    if (!e.label) continue;
    out.push(`\\node[partial] at (${pt(e.label.x)}, ${pt(-e.label.y)}) {$${edgeByKey.get(`${e.from}:${e.to}`)!.label.latex}$};`);
  }
  out.push('\\end{tikzpicture}');
  return out.join('\n');
}
