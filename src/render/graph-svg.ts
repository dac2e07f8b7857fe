// The computation graph as SVG: the layered layout places the nodes (render/graph-layout.ts),
// this draws them. Node z_i shows z_i = f_i, its value and multiplier; edge
// z_j → z_i shows ∂f_i/∂z_j. All text is escaped; labels are plain Unicode
// with italic variables and real subscripts.
import { escapeXml } from './escape.js';
import { layoutCost, layoutGraph, LAYOUT_BUDGET, type Layout, type Point, type Size } from './graph-layout.js';
import type { GraphView, ViewNode } from './graph-view.js';
import { valueText } from './graph-view.js';

const FONT = 14;
const SMALL = 12;
const PAD_X = 10;
const PAD_Y = 7;
const LINE = 1.35;
const SUBSCRIPT = /[₀-₉]/;
const SUB_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** Approximate advance widths in em of a serif font, for the TikZ drawing's estimates (its LaTeX juxtaposes where the text has ·). */
function charWidth(ch: string): number {
  if (SUBSCRIPT.test(ch)) return 0.38;
  if (/[0-9a-z]/.test(ch)) return /[ilj]/.test(ch) ? 0.3 : /[mw]/.test(ch) ? 0.78 : 0.52;
  if (/[A-Z]/.test(ch)) return 0.74;
  if (/[α-ωΑ-Ω]/.test(ch)) return 0.6;
  if (ch === ' ') return 0.28;
  if (/[·.,:;]/.test(ch)) return 0.3;
  if (/[()[\]]/.test(ch)) return 0.4;
  if (/[−+=<>×⇒→]/.test(ch)) return 0.8;
  if (/[⁰-⁹¹²³]/.test(ch)) return 0.36;
  if (ch === '∂') return 0.56;
  return 0.55;
}

/** Estimated width of a label in px (pt) at `size`, for the TikZ drawing. */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w * size * 1.1;
}

/**
 * Advance widths in em of KaTeX_Main, the font the HTML page inlines and the
 * SVG is drawn in, as Chromium measures them: · and the operators are wide
 * (0.78 em), scripts small. Estimates err wide, so that a box or a label's
 * clearance is never short.
 */
function katexWidth(ch: string): number {
  if (SUBSCRIPT.test(ch) || SUPERSCRIPT.test(ch)) return 0.42;
  if (/[0-9]/.test(ch)) return 0.5;
  if (/[a-z]/.test(ch)) return /[ilj]/.test(ch) ? 0.31 : ch === 'm' ? 0.83 : ch === 'w' ? 0.72 : /[ecsz]/.test(ch) ? 0.46 : 0.53;
  if (/[A-Z]/.test(ch)) return ch === 'W' ? 1.03 : 0.75;
  if (/[α-ωΑ-Ω]/.test(ch)) return 0.68;
  if (ch === ' ') return 0.33;
  if (/[.,:;|[\]_]/.test(ch)) return 0.31;
  if (/[()‖]/.test(ch)) return 0.41;
  if (/[·−+=<>×∈]/.test(ch)) return 0.78;
  if (/[⇒→]/.test(ch)) return 1;
  if (ch === '∂') return 0.56;
  if (ch === 'ℝ') return 0.83;
  return 0.6;
}

/** Estimated width in px of a label of the SVG at font `size`. */
export function svgTextWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += katexWidth(ch);
  return w * size * 1.05;
}

const SUPERSCRIPT = /[⁰¹²³⁴-⁹ˣᵀ⁻⁺]/;
/** A superscript character as the character it raises: ² → 2, ˣ → × (ℝ²ˣ⁴ is ℝ^{2×4}), ᵀ → T. */
const RAISED: Readonly<Record<string, string>> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', 'ˣ': '×', 'ᵀ': 'T', '⁻': '−', '⁺': '+',
};
/** Baseline shifts, in em of the label's font: a subscript lowered, a superscript raised (multiples of SMALL_SIZE, so that every dy is exact). */
const SHIFT = { base: 0, sub: 0.216, sup: -0.396 } as const;
const SMALL_SIZE = 0.72;

const italicOrNot = (word: string): string => (word.length === 1 && /[A-Za-zα-ωΑ-Ω]/.test(word) ? ' font-style="italic"' : '');

/**
 * Text as tspans, typeset as the LaTeX is: single letters (variables) italic,
 * words (log, sin, yhat) upright, subscripts (z₃, and μ_yhat as μ with yhat
 * below) lowered and smaller, superscripts (z², Wᵀ, ℝ²ˣ⁴ as ℝ^{2×4}) raised
 * and smaller. Escaped.
 */
export function richText(s: string): string {
  let out = '';
  let level: keyof typeof SHIFT = 'base';
  const run = (t: string, to: keyof typeof SHIFT, attrs = ''): void => {
    const delta = SHIFT[to] - SHIFT[level];
    const small = to !== 'base';
    // dy is in the tspan's own em: a small tspan's em is SMALL_SIZE of the label's.
    const dy = delta === 0 ? '' : ` dy="${Number((small ? delta / SMALL_SIZE : delta).toFixed(4))}em"`;
    level = to;
    if (!small && dy === '' && attrs === '') out += escapeXml(t);
    else out += `<tspan${small ? ' font-size="72%"' : ''}${dy}${attrs}>${escapeXml(t)}</tspan>`;
  };
  const pattern = /(?<![A-Za-zα-ωΑ-Ω0-9_])([A-Za-zα-ωΑ-Ω])_([A-Za-z0-9α-ωΑ-Ω]+)|([A-Za-zα-ωΑ-Ω]+)|([₀-₉]+)|([⁰¹²³⁴-⁹ˣᵀ⁻⁺]+)|([^A-Za-zα-ωΑ-Ω₀-₉⁰¹²³⁴-⁹ˣᵀ⁻⁺]+)/g;
  for (const m of s.matchAll(pattern)) {
    const [, base, index, word, sub, sup, other] = m;
    if (base !== undefined) {
      run(base, 'base', italicOrNot(base));
      run(index!, 'sub', italicOrNot(index!));
    } else if (word !== undefined) run(word, 'base', italicOrNot(word));
    else if (sub !== undefined) run([...sub].map((d) => String(SUB_DIGITS.indexOf(d))).join(''), 'sub');
    else if (sup !== undefined) run([...sup].map((c) => RAISED[c] ?? c).join(''), 'sup');
    else run(other!, 'base');
  }
  return out;
}

interface NodeLines {
  readonly main: string;
  readonly small: readonly string[];
}

const SUPER_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Reads like the LaTeX: z^2 → z², a user's x1 → x₁ (as symbolLatex writes x_{1}). */
export function prettyText(s: string, isName = false): string {
  const out = s.replace(/\^(\d+)(?![\d.])/g, (_m, d: string) => [...d].map((c) => SUPER_DIGITS[Number(c)]).join(''));
  return isName ? out.replace(/^([A-Za-zα-ωΑ-Ω]+)(\d+)$/, (_m, base: string, d: string) => base + [...d].map((c) => SUB_DIGITS[Number(c)]).join('')) : out;
}

function nodeLines(n: ViewNode, view: GraphView): NodeLines {
  const small: string[] = [];
  if (n.value !== undefined) small.push(`= ${valueText(n.value)}`);
  if (n.mu !== undefined) small.push(`${view.multiplier.text}${n.name.text.replace(/^[^₀-₉]*/, '')} = ${valueText(n.mu)}`);
  return { main: n.main?.text ?? `${n.name.text} = ${prettyText(n.f.text, n.kind === 'input')}`, small };
}

function nodeSize(lines: NodeLines): Size {
  const w = Math.max(svgTextWidth(lines.main, FONT), ...lines.small.map((s) => svgTextWidth(s, SMALL)));
  return { w: Math.ceil(w + 2 * PAD_X), h: Math.ceil(FONT * LINE + lines.small.length * SMALL * LINE + 2 * PAD_Y) };
}

/** Layout input of a view: node boxes and edge-label boxes sized for their text. */
export function svgLayoutInput(view: GraphView) {
  const lines = new Map(view.nodes.map((n) => [n.index, nodeLines(n, view)]));
  return {
    lines,
    input: {
      nodes: view.nodes.map((n) => ({ index: n.index, size: nodeSize(lines.get(n.index)!) })),
      edges: view.edges.map((e) => ({ from: e.from, to: e.to, label: { w: Math.ceil(svgTextWidth(prettyText(e.label.text), SMALL) + 14), h: Math.ceil(SMALL * LINE + 2) } })),
      rankGap: 48,
      // Beyond half the rank gap, room for the arrowhead (8.4 px) and a space of a font size before it.
      labelClearance: 12,
      direction: 'LR' as const,
    },
  };
}

/** Documents draw a graph of up to this many nodes; beyond, their table lists the nodes. */
export const DRAW_LIMIT = 1000;

/** Whether the view can be laid out within LAYOUT_BUDGET. */
export function canDraw(view: GraphView): boolean {
  return layoutCost(svgLayoutInput(view).input) <= LAYOUT_BUDGET;
}

function path(points: readonly Point[]): string {
  const f = (p: Point): string => `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
  if (points.length === 0) return '';
  let d = `M${f(points[0]!)}`;
  for (let k = 1; k < points.length - 1; k++) {
    const p = points[k]!;
    const q = points[k + 1]!;
    const mid = k + 1 === points.length - 1 ? q : { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    d += ` Q${f(p)} ${f(mid)}`;
  }
  if (points.length === 2) d += ` L${f(points[1]!)}`;
  return d;
}

export interface SvgOptions {
  /** Prefix of the ids inside the SVG, unique per document (several graphs in one page). */
  readonly idPrefix?: string;
  /** A title for screen readers. */
  readonly title?: string;
  /** Laid out already (the caller measured the cost). */
  readonly layout?: Layout;
}

/** The graph as one <svg> element. Throws if the layout would exceed LAYOUT_BUDGET; check canDraw first. */
export function renderGraphSvg(view: GraphView, options: SvgOptions = {}): string {
  const { lines, input } = svgLayoutInput(view);
  if (!options.layout && layoutCost(input) > LAYOUT_BUDGET) throw new Error('graph too large to lay out; check canDraw first');
  const layout = options.layout ?? layoutGraph(input);
  const id = options.idPrefix ?? 'lagrad-graph';
  const W = Math.ceil(layout.width);
  const H = Math.ceil(layout.height);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="lagrad-graph" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${escapeXml(options.title ?? 'Computation graph')}</title>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`,
    `<g font-family="KaTeX_Main, 'Latin Modern Roman', 'DejaVu Serif', 'Times New Roman', serif" fill="#111">`,
  );
  const byIndex = new Map(view.nodes.map((n) => [n.index, n]));
  const edgeByKey = new Map(view.edges.map((e) => [`${e.from}:${e.to}`, e]));
  // What every edge, label and node shares is said once, on its group (marker-end and the others are inherited).
  out.push(`<g class="edges" fill="none" stroke="#444" stroke-width="1.2" marker-end="url(#${id}-arrow)">`);
  for (const e of layout.edges) out.push(`<path class="edge" d="${path(e.points)}"/>`);
  out.push('</g>', '<g class="edge-labels" font-size="12" text-anchor="middle">');
  for (const e of layout.edges) {
    if (!e.label) continue;
    const text = prettyText(edgeByKey.get(`${e.from}:${e.to}`)!.label.text);
    const w = svgTextWidth(text, SMALL) + 6;
    const h = SMALL * LINE;
    out.push(
      `<g class="edge-label"><rect x="${(e.label.x - w / 2).toFixed(1)}" y="${(e.label.y - h / 2).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" rx="3" fill="#fff" fill-opacity="0.9"/>`
      + `<text x="${e.label.x.toFixed(1)}" y="${(e.label.y + SMALL * 0.35).toFixed(1)}" fill="#8a3b12">${richText(text)}</text></g>`,
    );
  }
  out.push('</g>', '<g class="nodes" text-anchor="middle">');
  for (const p of layout.nodes) {
    const n = byIndex.get(p.index)!;
    const l = lines.get(p.index)!;
    const x = p.x - p.w / 2;
    const y = p.y - p.h / 2;
    const style = n.kind === 'input' ? 'fill="#eaf2fb" stroke="#3b6ea5"' : n.kind === 'output' ? 'fill="#fdf1e4" stroke="#b3641b" stroke-width="2"' : 'fill="#ffffff" stroke="#555"';
    out.push(`<g class="node ${n.kind}" data-node="${n.id}"><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${p.w}" height="${p.h}" rx="6" ${style}${n.kind === 'output' ? '' : ' stroke-width="1.2"'}/>`);
    let baseline = y + PAD_Y + FONT;
    out.push(`<text x="${p.x.toFixed(1)}" y="${baseline.toFixed(1)}" font-size="${FONT}">${richText(l.main)}</text>`);
    for (const s of l.small) {
      baseline += SMALL * LINE;
      out.push(`<text x="${p.x.toFixed(1)}" y="${baseline.toFixed(1)}" font-size="${SMALL}" fill="#555">${richText(s)}</text>`);
    }
    out.push('</g>');
  }
  out.push('</g>', '</g>', '</svg>');
  return out.join('\n');
}
