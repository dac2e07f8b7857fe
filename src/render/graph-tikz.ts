// The computation graph as a TikZ picture for the LaTeX handout, placed by
// the same layered layout as the SVG (render/graph-layout.ts), in points and
// scaled down to the text width when wider, but never below labels of 7 pt:
// beyond, top to bottom, or in parts. Labels are our LaTeX only.
import { layoutCost, layoutGraph, LAYOUT_BUDGET, type Layout, type PlacedNode, type Point } from './graph-layout.js';
import type { GraphView, ViewNode } from './graph-view.js';
import { valueLatex } from './graph-view.js';
import { prettyText, textWidth } from './graph-svg.js';

/** Usable width of the page in pt (A4 with 2.2 cm margins is 472 pt). */
const TEXT_WIDTH = 460;
/** Room for a picture on a page, in pt (A4 with 2.2 cm margins is 725 pt, less a heading and the caption). */
const TEXT_HEIGHT = 560;
/** The picture's fonts, fixed so that no template's size changes them: 10 pt in the nodes, 8 pt on the edges and the values. */
const NODE_FONT = 10;
const LABEL_FONT = 8;
const NODE_FONT_TEX = '\\fontsize{10}{12}\\selectfont';
const LABEL_FONT_TEX = '\\fontsize{8}{9.5}\\selectfont';
/** No printed label is smaller than this (pt): a picture is scaled down at most to MIN_FONT / LABEL_FONT. */
export const MIN_FONT = 7;
const MIN_SCALE = MIN_FONT / LABEL_FONT;

function nodeContent(n: ViewNode, view: GraphView): { tex: string; lines: string[] } {
  const mainTex = `$${n.main?.latex ?? `${n.name.latex} = ${n.f.latex}`}$`;
  const lines = [n.main?.text ?? `${n.name.text} = ${prettyText(n.f.text, n.kind === 'input')}`];
  const small: string[] = [];
  if (n.value !== undefined) {
    small.push(`{${LABEL_FONT_TEX} $= ${valueLatex(n.value)}$}`);
    lines.push(`= ${valueLatex(n.value)}`);
  }
  if (n.mu !== undefined) {
    const sub = n.name.latex.replace(/^[^_]*/, '');
    small.push(`{${LABEL_FONT_TEX} $${view.multiplier.latex}${sub} = ${valueLatex(n.mu)}$}`);
    lines.push(`μ = ${valueLatex(n.mu)}`);
  }
  return { tex: [mainTex, ...small].join(' \\\\ '), lines };
}

function labelHeight(latex: string): number {
  return /\\frac/.test(latex) ? 17 : 11;
}

function layoutInput(view: GraphView, direction: 'LR' | 'TB' = 'LR') {
  const content = new Map(view.nodes.map((n) => [n.index, nodeContent(n, view)]));
  return {
    content,
    input: {
      nodes: view.nodes.map((n) => {
        const c = content.get(n.index)!;
        const w = Math.max(textWidth(c.lines[0]!, NODE_FONT), ...c.lines.slice(1).map((l) => textWidth(l, LABEL_FONT)));
        return { index: n.index, size: { w: Math.ceil(w + 10), h: Math.ceil(15 + (c.lines.length - 1) * 10 + 6) } };
      }),
      edges: view.edges.map((e) => ({
        from: e.from,
        to: e.to,
        label: { w: Math.ceil(textWidth(prettyText(e.label.text), LABEL_FONT) * (/\\frac/.test(e.label.latex) ? 0.75 : 1) + 4), h: labelHeight(e.label.latex) },
      })),
      direction,
      nodeGap: 14,
      rankGap: 26,
      margin: 2,
    },
  };
}

/**
 * Whether the graph can be drawn with labels of at least MIN_FONT pt: within
 * LAYOUT_BUDGET, and left to right, top to bottom or in parts, each part no
 * taller than a page at that size (a layer of hundreds of nodes is not).
 */
export function canDrawTikz(view: GraphView): boolean {
  const { input } = layoutInput(view);
  if (layoutCost(input) > LAYOUT_BUDGET) return false;
  return drawing(view) !== null;
}

type Drawing = { layout: Layout; scale: number; parts?: Part[] } | null;
/** A view's drawing, kept for the render that follows its canDrawTikz (views are not changed once made). */
const drawn = new WeakMap<GraphView, Drawing>();

/** How the picture is drawn: one layout at one scale, or the left-to-right layout in parts; null when no way keeps the labels at MIN_FONT. */
function drawing(view: GraphView): Drawing {
  if (drawn.has(view)) return drawn.get(view)!;
  const d = layOut(view);
  drawn.set(view, d);
  return d;
}

function layOut(view: GraphView): Drawing {
  const lr = layoutGraph(layoutInput(view, 'LR').input);
  if (fit(lr) >= MIN_SCALE) return { layout: lr, scale: fit(lr) };
  const tb = layoutGraph(layoutInput(view, 'TB').input);
  if (fit(tb) >= MIN_SCALE) return { layout: tb, scale: fit(tb) };
  const cut = parts(lr);
  // One scale for every part, so that the parts read as one drawing.
  const scale = Math.min(1, ...cut.map((p) => Math.min(TEXT_WIDTH / (p.x1 - p.x0 + 2 * STUB), TEXT_HEIGHT / partHeight(lr, p))));
  return scale >= MIN_SCALE ? { layout: lr, scale, parts: cut } : null;
}

const pt = (v: number): string => `${v.toFixed(1)}pt`;
const at = (x: number, y: number): string => `(${pt(x)}, ${pt(-y)})`;

/** The scale that fits a layout on the page, at most 1. */
function fit(layout: Layout): number {
  return Math.min(1, TEXT_WIDTH / layout.width, TEXT_HEIGHT / layout.height);
}

/**
 * A tikzpicture of the graph; needs \usepackage{tikz}. Laid out left to
 * right when that fits the text width with labels of at least MIN_FONT pt,
 * else top to bottom, else left to right in parts, one picture per part (each
 * fits the width and may go on its own page): an edge from one part to a later
 * one ends at the part's edge with the name of its target and starts again in
 * the target's part with the name of its source and its label.
 */
export function renderGraphTikz(view: GraphView): string {
  const { content } = layoutInput(view, 'LR');
  const d = drawing(view);
  if (d === null) throw new Error('graph too large to draw at the smallest label size; check canDrawTikz first');
  if (!d.parts) return picture(view, content, d.layout, d.scale);
  return d.parts.map((part) => picture(view, content, d.layout, d.scale, part)).join('\n\n\\medskip\n\n');
}

interface Part {
  /** The nodes drawn in this part. */
  readonly nodes: ReadonlySet<number>;
  /** Where an edge leaves the part on its left and on its right (a cut between ranks). */
  readonly x0: number;
  readonly x1: number;
}

/**
 * The ranks (columns) of a left-to-right layout grouped into parts that fit
 * the text width at MIN_SCALE, each cut placed where the fewest edges cross
 * it (within the second half of what would fit), so that params and data stay
 * beside the statement that uses them.
 */
function parts(layout: Layout): Part[] {
  const byX = new Map<number, PlacedNode[]>();
  for (const n of layout.nodes) {
    const key = Math.round(n.x);
    byX.set(key, [...(byX.get(key) ?? []), n]);
  }
  const ranks = [...byX.values()].map((ns) => ({ ns, left: Math.min(...ns.map((n) => n.x - n.w / 2)), right: Math.max(...ns.map((n) => n.x + n.w / 2)) }))
    .sort((a, b) => a.left - b.left);
  const rankOf = new Map<number, number>();
  ranks.forEach((r, k) => { for (const n of r.ns) rankOf.set(n.index, k); });
  // Edges crossing the cut after rank k.
  const crossings = ranks.map((_r, k) => layout.edges.filter((e) => rankOf.get(e.from)! <= k && rankOf.get(e.to)! > k).length);
  // Room for the names at the ends of the edges that leave or enter a part.
  const width = TEXT_WIDTH / MIN_SCALE - 2 * STUB;
  const groups: { first: number; last: number }[] = [];
  for (let first = 0; first < ranks.length;) {
    let last = first;
    // A part starts at its cut, which leaves the labels before its first column in it.
    const start = first === 0 ? ranks[0]!.left - 2 : Math.max(...ranks.slice(groups[groups.length - 1]!.first, first).map((r) => r.right)) + CUT_GAP;
    // A part that is not the last ends CUT_GAP after its last column.
    while (last + 1 < ranks.length && ranks[last + 1]!.right + CUT_GAP - start <= width) last++;
    if (last + 1 < ranks.length) {
      let best = last;
      for (let k = last; k >= first + Math.floor((last - first) / 2); k--) if (crossings[k]! < crossings[best]!) best = k;
      last = best;
    }
    groups.push({ first, last });
    first = last + 1;
  }
  const left = (g: { first: number }): number => ranks[g.first]!.left;
  const right = (g: { first: number; last: number }): number => Math.max(...ranks.slice(g.first, g.last + 1).map((r) => r.right));
  return groups.map((g, k) => ({
    nodes: new Set(ranks.slice(g.first, g.last + 1).flatMap((r) => r.ns.map((n) => n.index))),
    // A cut just after the last column of a part: the edges' labels between it and the next part's column go with the next part.
    x0: k === 0 ? left(g) - 2 : right(groups[k - 1]!) + CUT_GAP,
    x1: k === groups.length - 1 ? right(g) + 2 : right(g) + CUT_GAP,
  }));
}

/** The vertical extent of a part: its nodes, and the edges with an end in it (long edges run on lanes below the nodes). */
function partHeight(layout: Layout, part: Part): number {
  let top = Infinity;
  let bottom = -Infinity;
  for (const n of layout.nodes) {
    if (!part.nodes.has(n.index)) continue;
    top = Math.min(top, n.y - n.h / 2);
    bottom = Math.max(bottom, n.y + n.h / 2);
  }
  for (const e of layout.edges) {
    if (!part.nodes.has(e.from) && !part.nodes.has(e.to)) continue;
    for (const q of e.points) if (q.x >= part.x0 && q.x <= part.x1) bottom = Math.max(bottom, q.y + (e.label ? 8 : 0));
  }
  return bottom - top;
}

/** Where a cut is, after the last column of a part. */
const CUT_GAP = 8;
/** Length of the stub of an edge cut at a part's edge, beyond the cut, for the name it carries. */
const STUB = 36;

/** Where the polyline crosses x = cut (its y), or the y of its nearest point. */
function crossing(points: readonly Point[], cut: number): number {
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    if ((a.x - cut) * (b.x - cut) <= 0 && a.x !== b.x) return a.y + ((cut - a.x) / (b.x - a.x)) * (b.y - a.y);
  }
  return points.reduce((best, p) => (Math.abs(p.x - cut) < Math.abs(best.x - cut) ? p : best), points[0]!).y;
}

function picture(view: GraphView, content: ReadonlyMap<number, { tex: string }>, layout: Layout, scale: number, part?: Part): string {
  const out: string[] = [
    `\\begin{tikzpicture}[x=1pt, y=1pt${scale < 1 ? `, scale=${scale.toFixed(3)}, every node/.append style={transform shape}` : ''},`,
    `  node/.style={draw, rounded corners=3pt, align=center, inner sep=2pt, font=${NODE_FONT_TEX}},`,
    '  input/.style={node, draw=blue!55!black, fill=blue!5},',
    '  op/.style={node, draw=black!70, fill=white},',
    '  output/.style={node, draw=orange!70!black, fill=orange!8, thick},',
    '  edge/.style={->, >=stealth, draw=black!75, rounded corners=6pt},',
    `  partial/.style={font=${LABEL_FONT_TEX}, fill=white, inner sep=1pt, text=red!45!black},`,
    `  cut/.style={font=${LABEL_FONT_TEX}, inner sep=1pt, text=black!75}]`,
  ];
  // A part's coordinates start at its cut: TeX's dimensions end at 16383 pt, a long chain's layout does not.
  const ox = part === undefined ? 0 : part.x0;
  const atp = (x: number, y: number): string => at(x - ox, y);
  const inPart = (i: number): boolean => part === undefined || part.nodes.has(i);
  const byIndex = new Map(view.nodes.map((n) => [n.index, n]));
  for (const p of layout.nodes) {
    if (!inPart(p.index)) continue;
    const n = byIndex.get(p.index)!;
    out.push(`\\node[${n.kind}, minimum width=${pt(p.w)}, minimum height=${pt(p.h)}] (${n.id}) at ${atp(p.x, p.y)} {${content.get(p.index)!.tex}};`);
  }
  const edgeByKey = new Map(view.edges.map((e) => [`${e.from}:${e.to}`, e]));
  const labels: string[] = [];
  for (const e of layout.edges) {
    const from = inPart(e.from);
    const to = inPart(e.to);
    if (!from && !to) continue;
    const label = edgeByKey.get(`${e.from}:${e.to}`)!.label.latex;
    // Start and end on the node borders, whatever the estimated sizes were.
    const inner = e.points.slice(1, -1);
    if (from && to) {
      out.push(`\\draw[edge] (z${e.from})${inner.map((q) => ` -- ${atp(q.x, q.y)}`).join('')} -- (z${e.to});`);
      if (e.label) labels.push(`\\node[partial] at ${atp(e.label.x, e.label.y)} {$${label}$};`);
    } else if (from) {
      // Leaves on the right: it ends at the cut, with its target's name.
      const y = crossing(e.points, part!.x1);
      // Its label when its place is in this part (usually the part it enters carries it).
      const here = e.label !== undefined && e.label.x < part!.x1;
      out.push(`\\draw[edge] (z${e.from})${inner.filter((q) => q.x < part!.x1).map((q) => ` -- ${atp(q.x, q.y)}`).join('')} -- ${atp(part!.x1, y)} node[cut, anchor=west] {to $${byIndex.get(e.to)!.name.latex}$};`);
      if (here) labels.push(`\\node[partial] at ${atp(e.label!.x, e.label!.y)} {$${label}$};`);
    } else {
      // Enters on the left: it starts at the cut, from its source's name.
      const y = crossing(e.points, part!.x0);
      // Its label at its place when that is in this part; on its first stretch when it is in neither end's part.
      const rest = inner.filter((q) => q.x > part!.x0).map((q) => atp(q.x, q.y));
      const here = e.label !== undefined && e.label.x > part!.x0;
      const source = layout.nodes.find((n) => n.index === e.from)!;
      const elsewhere = e.label !== undefined && !here && e.label.x > source.x + source.w / 2 + CUT_GAP;
      const onPath = elsewhere ? ` node[partial, midway, above] {$${label}$}` : '';
      out.push(`\\draw[edge] ${atp(part!.x0, y)} node[cut, anchor=east] {from $${byIndex.get(e.from)!.name.latex}$} --${onPath} ${[...rest, `(z${e.to})`].join(' -- ')};`);
      if (here) labels.push(`\\node[partial] at ${atp(e.label!.x, e.label!.y)} {$${label}$};`);
    }
  }
  out.push(...labels, '\\end{tikzpicture}');
  return out.join('\n');
}
