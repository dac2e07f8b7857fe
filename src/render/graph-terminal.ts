// The computation graph drawn in the terminal with box-drawing characters,
// layer by layer (render/layering.ts): each node a box with its f_i (and its
// value and multiplier at a point), inputs rounded ╭╮ on top, the output
// doubled ╔╗ at the bottom, edges running down to an arrow ▼ with their label
// beside it where there is room, else listed under the drawing. No line is
// wider than the width asked for; a graph too large for it (or of more than
// DRAW_NODE_LIMIT nodes) is listed instead, with one line saying why.
//
// Edges between two layers are routed on horizontal tracks (graph-routes.ts);
// the graph data comes from graph-terminal-data.ts. Pure: (graph data, width)
// → string. The cost is bounded by the node limit.
import { layered, type Layering, type LayerItem } from './layering.js';
import { bottomPort, route, topPorts, type Gap, type Segment } from './graph-routes.js';

/** The most nodes a terminal drawing shows; larger graphs are listed. */
export const DRAW_NODE_LIMIT = 60;
/** The width when the output is not a terminal. */
export const DEFAULT_WIDTH = 80;
/** The narrowest width a drawing is attempted at. */
export const MIN_WIDTH = 30;

export interface TerminalNode {
  /** The box's lines: f_i first, then the value and the multiplier at a point. */
  readonly lines: readonly string[];
  readonly kind: 'input' | 'op' | 'output';
}

export interface TerminalEdge {
  /** Node positions in `nodes` (0-based). */
  readonly from: number;
  readonly to: number;
  readonly label: string;
  /** The edge in the list under the drawing: z₁ → z₃. */
  readonly name: string;
}

export interface TerminalGraph {
  /** The first line: what the graph is (nodes, inputs, output). */
  readonly heading: string;
  /** One line on how to read the drawing. */
  readonly legend: string;
  readonly nodes: readonly TerminalNode[];
  readonly edges: readonly TerminalEdge[];
  /** Heading of the list of edges whose label had no room in the drawing. */
  readonly edgeHeading: string;
  /** The graph as a list (nodes, then edges): printed instead of a drawing that cannot be made. */
  readonly listing: readonly string[];
}

/** Columns a string takes in a terminal: one per character, none for combining marks, two for wide (CJK, emoji) ones. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x300) return c < 0x20 ? 0 : 1;
  if (/\p{M}/u.test(ch) || (c >= 0x200b && c <= 0x200f)) return 0;
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff)
    || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff)
    || (c >= 0x20000 && c <= 0x3fffd)) return 2;
  return 1;
}

/** A line cut into lines of at most `width` columns, at spaces where it can be; continuations indented by `indent`. */
export function wrapLine(line: string, width: number, indent = '    '): string[] {
  if (displayWidth(line) <= width) return [line];
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest !== '') {
    const prefix = first ? '' : indent;
    const room = Math.max(1, width - displayWidth(prefix));
    if (displayWidth(rest) <= room) {
      out.push(prefix + rest);
      break;
    }
    // The longest head that fits, ending before a space when there is one past a quarter of the room.
    const chars = [...rest];
    let cut = 0;
    let w = 0;
    while (cut < chars.length && w + charWidth(chars[cut]!) <= room) w += charWidth(chars[cut++]!);
    const space = chars.lastIndexOf(' ', cut);
    if (space > room / 4) cut = space;
    out.push(prefix + chars.slice(0, Math.max(1, cut)).join('').trimEnd());
    rest = chars.slice(Math.max(1, cut)).join('').trimStart();
    first = false;
  }
  return out;
}

// ─── Drawing ───────────────────────────────────────────────────────────────

const U = 1;
const D = 2;
const L = 4;
const R = 8;
const ARMS: readonly string[] = (() => {
  const t = new Array<string>(16).fill(' ');
  t[U] = '╵'; t[D] = '╷'; t[L] = '─'; t[R] = '─';
  t[U | D] = '│'; t[L | R] = '─';
  t[D | R] = '┌'; t[D | L] = '┐'; t[U | R] = '└'; t[U | L] = '┘';
  t[U | D | R] = '├'; t[U | D | L] = '┤'; t[D | L | R] = '┬'; t[U | L | R] = '┴';
  t[U | D | L | R] = '┼';
  return t;
})();

interface BoxStyle {
  readonly tl: string; readonly tr: string; readonly bl: string; readonly br: string;
  readonly h: string; readonly v: string; readonly port: string;
}
const BOX: Readonly<Record<TerminalNode['kind'], BoxStyle>> = {
  input: { tl: '╭', tr: '╮', bl: '╰', br: '╯', h: '─', v: '│', port: '┬' },
  op: { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│', port: '┬' },
  output: { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║', port: '╤' },
};

type Attempt = { readonly lines: string[]; readonly unlabelled: number[] } | { readonly needs: number } | null;

/**
 * Box widths and lines with the text wrapped at `maxText` columns; a box is wide enough for an arrow per incoming
 * edge, and with `labelRoom` for their labels side by side (up to `maxWidth`).
 */
function boxes(g: TerminalGraph, maxText: number, labelRoom: boolean, maxWidth: number): { lines: string[][]; widths: number[]; reserve: number[] } {
  const indeg = new Array<number>(g.nodes.length).fill(0);
  const labels = new Array<number>(g.nodes.length).fill(0);
  const last = new Array<number>(g.nodes.length).fill(0);
  for (const e of g.edges) {
    indeg[e.to]!++;
    labels[e.to]! += displayWidth(e.label) + 2;
    last[e.to] = Math.max(last[e.to]!, displayWidth(e.label));
  }
  const lines = g.nodes.map((n) => n.lines.flatMap((l) => wrapLine(l, maxText, '  ')));
  const widths = lines.map((ls, k) => {
    const own = Math.max(4 + Math.max(...ls.map(displayWidth)), 2 * indeg[k]! + 3);
    return labelRoom && indeg[k]! > 1 ? Math.max(own, Math.min(maxWidth, labels[k]! + 2)) : own;
  });
  // Blank columns kept right of a box for the label of its last arrow, which may reach past the box.
  const reserve = widths.map((w, k) => (labelRoom && indeg[k]! > 0 ? Math.max(0, Math.min(maxWidth, last[k]! + 2) - Math.floor(w / 3)) : 0));
  return { lines, widths, reserve };
}

/** The drawing at one setting of text width and gap, or the width it would need. */
function attempt(g: TerminalGraph, width: number, maxText: number, gapColumns: number, labelRoom: boolean): Attempt {
  const { lines, widths, reserve } = boxes(g, maxText, labelRoom, Math.max(maxText + 4, Math.floor(width / 2)));
  const wOf = (it: LayerItem): number => (it.kind === 'node' ? widths[it.node]! : it.width);
  let lay: Layering;
  try {
    lay = layered({ widths: widths.map((w, k) => w + reserve[k]!), edges: g.edges.map((e) => [e.from, e.to] as const), gap: gapColumns, sweeps: 8 });
  } catch {
    return null;
  }
  if (lay.width > width) return { needs: lay.width };
  const depth = lay.layers.length;
  const gaps: Gap[] = Array.from({ length: Math.max(0, depth - 1) }, () => ({ segs: [], nets: [], tracks: 0, labelRows: 1, labels: [] }));
  const segsOf: Segment[][] = lay.paths.map((path, e) => path.slice(0, -1).map((upper, step) => {
    const s: Segment = { edge: e, step, upper, lower: path[step + 1]!, src: bottomPort(upper, wOf(upper)), dst: path[step + 1]!.x };
    gaps[upper.layer]!.segs.push(s);
    return s;
  }));
  for (const gap of gaps) {
    const srcAt = new Map<number, LayerItem>();
    for (const s of gap.segs) srcAt.set(s.src, s.upper);
    const into = new Map<LayerItem, Segment[]>();
    for (const s of gap.segs) {
      if (s.lower.kind === 'dummy') continue;
      const list = into.get(s.lower) ?? [];
      list.push(s);
      into.set(s.lower, list);
    }
    for (const [box, segs] of into) topPorts(box, wOf(box), segs.sort((a, b) => a.src - b.src || a.edge - b.edge), srcAt, (s) => (labelRoom ? displayWidth(g.edges[s.edge]!.label) : null));
    if (!route(gap)) return null;
  }

  // Labels, from the bottom gap up: beside the arrow's line in the gap above the target, else beside the edge's line in an earlier gap.
  const labelled = new Array<boolean>(g.edges.length).fill(false);
  const pending: Segment[][] = gaps.map(() => []);
  segsOf.forEach((segs) => {
    const last = segs[segs.length - 1];
    if (last) pending[last.upper.layer]!.push(last);
  });
  for (let gi = gaps.length - 1; gi >= 0; gi--) {
    const gap = gaps[gi]!;
    const rows: Uint8Array[] = [];
    const verticals = new Uint8Array(width + 2);
    for (const s of gap.segs) verticals[s.dst] = 1;
    const todo = pending[gi]!.slice().sort((a, b) => a.dst - b.dst || a.edge - b.edge);
    for (let row = 0; row < 2 && todo.length > 0; row++) {
      const used = verticals.slice();
      rows.push(used);
      for (let k = 0; k < todo.length;) {
        const s = todo[k]!;
        const text = g.edges[s.edge]!.label;
        const w = displayWidth(text);
        const end = s.dst + w; // the label's last column
        let free = end < width;
        for (let c = s.dst + 1; free && c <= Math.min(end + 1, width - 1); c++) if (used[c]) free = false;
        if (!free) {
          k++;
          continue;
        }
        for (let c = s.dst + 1; c <= end + 1; c++) used[c] = 1;
        gap.labels.push({ row, col: s.dst, text });
        gap.labelRows = Math.max(gap.labelRows, row + 1);
        labelled[s.edge] = true;
        todo.splice(k, 1);
      }
    }
    for (const s of todo) if (s.step > 0) pending[gi - 1]!.push(segsOf[s.edge]![s.step - 1]!);
  }

  // The canvas: layers of boxes, each followed by its gap's tracks and label rows.
  const canvas: string[][] = [];
  const blank = (): string[] => new Array<string>(width).fill(' ');
  const put = (row: string[], col: number, text: string): void => {
    let c = col;
    for (const ch of text) {
      const w = charWidth(ch);
      if (w === 0) {
        if (c > col) row[c - 1] += ch;
        continue;
      }
      if (c + w > width) break;
      row[c] = ch;
      if (w === 2) row[c + 1] = '';
      c += w;
    }
  };
  for (let l = 0; l < depth; l++) {
    const layer = lay.layers[l]!;
    const height = 2 + Math.max(0, ...layer.filter((it) => it.kind === 'node').map((it) => lines[it.node]!.length));
    const top = canvas.length;
    for (let r = 0; r < height; r++) canvas.push(blank());
    for (const it of layer) {
      if (it.kind === 'dummy') {
        for (let r = 0; r < height; r++) canvas[top + r]![it.x] = '│';
        continue;
      }
      const st = BOX[g.nodes[it.node]!.kind];
      const inner = wOf(it) - 2;
      const first = canvas[top]!;
      const last = canvas[top + height - 1]!;
      put(first, it.x, st.tl + st.h.repeat(inner) + st.tr);
      put(last, it.x, st.bl + st.h.repeat(inner) + st.br);
      for (let r = 1; r < height - 1; r++) {
        const text = lines[it.node]![r - 1] ?? '';
        put(canvas[top + r]!, it.x, `${st.v} ${text}${' '.repeat(Math.max(0, inner - 2 - displayWidth(text)))} ${st.v}`);
      }
      if (l > 0) for (const s of gaps[l - 1]!.segs) if (s.lower === it) first[s.dst] = '▼';
      if (l < depth - 1 && gaps[l]!.segs.some((s) => s.upper === it)) last[bottomPort(it, wOf(it))] = st.port;
    }
    if (l === depth - 1) break;
    const gap = gaps[l]!;
    const h = gap.tracks + gap.labelRows;
    const arms = Array.from({ length: h }, () => new Uint8Array(width));
    for (const net of gap.nets) {
      if (net.straight) {
        for (let r = 0; r < h; r++) arms[r]![net.src]! |= U | D;
        continue;
      }
      const t = net.track;
      for (let r = 0; r < t; r++) arms[r]![net.src]! |= U | D;
      arms[t]![net.src]! |= U;
      for (let c = net.lo; c <= net.hi; c++) arms[t]![c]! |= (c > net.lo ? L : 0) | (c < net.hi ? R : 0);
      for (const s of net.segs) {
        arms[t]![s.dst]! |= D;
        for (let r = t + 1; r < h; r++) arms[r]![s.dst]! |= U | D;
      }
    }
    const start = canvas.length;
    for (let r = 0; r < h; r++) {
      const row = blank();
      arms[r]!.forEach((a, c) => {
        if (a) row[c] = ARMS[a]!;
      });
      canvas.push(row);
    }
    for (const lab of gap.labels) put(canvas[start + gap.tracks + lab.row]!, lab.col + 1, lab.text);
  }
  const unlabelled: number[] = [];
  labelled.forEach((ok, e) => {
    if (!ok) unlabelled.push(e);
  });
  return { lines: canvas.map((row) => row.join('').trimEnd()), unlabelled };
}

/** The graph drawn within `width` columns, or listed with the reason when it cannot be. */
export function drawGraph(g: TerminalGraph, width: number = DEFAULT_WIDTH): string {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const fit = (ls: readonly string[]): string[] => ls.flatMap((l) => wrapLine(l, w));
  const picture = 'for a picture: --format svg -o graph.svg (or --format dot for Graphviz)';
  if (g.nodes.length > DRAW_NODE_LIMIT) {
    return `${fit([...g.listing, '', `Not drawn: ${g.nodes.length} nodes, more than the ${DRAW_NODE_LIMIT} a drawing in the terminal shows; ${picture}`]).join('\n')}\n`;
  }
  let needs = Infinity;
  let best: { lines: string[]; unlabelled: number[] } | null = null;
  const texts = [...new Set([Math.min(w - 4, 40), 28, 20].filter((t) => t >= 12 && t <= w - 4))];
  // Roomy settings first; the first drawing that fits with every label on its edge wins, else the one with the fewest listed.
  search: for (const [gap, labelRoom] of [[3, true], [2, true], [2, false], [1, false]] as const) {
    for (const maxText of texts) {
      const a = attempt(g, w, maxText, gap, labelRoom);
      if (a === null) continue;
      if ('needs' in a) {
        needs = Math.min(needs, a.needs);
        continue;
      }
      if (best === null || a.unlabelled.length < best.unlabelled.length) best = a;
      if (a.unlabelled.length === 0) break search;
    }
  }
  if (best !== null) {
    const out = [...fit([g.heading, g.legend]), '', ...best.lines];
    if (best.unlabelled.length > 0) {
      out.push('', ...fit([g.edgeHeading]));
      const rows = best.unlabelled.map((e) => g.edges[e]!);
      const nameWidth = Math.max(...rows.map((e) => displayWidth(e.name)));
      for (const e of rows) out.push(...wrapLine(`  ${e.name}${' '.repeat(nameWidth - displayWidth(e.name))}  ${e.label}`, w, ' '.repeat(nameWidth + 6)));
    }
    return `${out.join('\n')}\n`;
  }
  const why = Number.isFinite(needs)
    ? `it needs ${needs} columns, more than the ${w} here (--width, or a wider terminal)`
    : 'its edges could not be routed between the layers';
  return `${fit([...g.listing, '', `Not drawn: ${why}; ${picture}`]).join('\n')}\n`;
}
