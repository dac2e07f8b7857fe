// Layered layout of a computation graph for the SVG and TikZ drawings, on the
// same Sugiyama-style layering as the terminal drawing (render/layering.ts):
// longest-path ranks (a source just before its first user), every rank
// doubled so that an edge's label is an item of its own on the layer just
// before the edge's target, a dummy item on every other layer an edge
// crosses, bounded barycenter sweeps for the crossings, and coordinates from
// the items' sizes. Pure: sizes in, positions out. Near-linear in nodes, edges
// and dummies, so a graph of thousands of nodes is laid out in well under a
// second.
import { layered, longestPathLayers } from './layering.js';

export interface Size {
  readonly w: number;
  readonly h: number;
}

export interface LayoutInput {
  readonly nodes: readonly { readonly index: number; readonly size: Size }[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label?: Size }[];
  /** LR: inputs on the left, the output on the right; TB: inputs on top. */
  readonly direction?: 'LR' | 'TB';
  /** Gap between nodes of one rank and between ranks, in the sizes' unit. */
  readonly nodeGap?: number;
  readonly rankGap?: number;
  readonly margin?: number;
  /**
   * Room kept clear on both sides of an edge label along the edge, beyond
   * half the rank gap, so that no label runs into the arrowhead at its end
   * (default: none).
   */
  readonly labelClearance?: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly index: number;
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PlacedEdge {
  readonly from: number;
  readonly to: number;
  /** From the border of `from` to the border of `to`. */
  readonly points: readonly Point[];
  /** Centre of the label, when the edge has one. */
  readonly label?: Point;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/**
 * The size of the layered graph: the nodes, plus one item per layer an edge
 * crosses (its label and its dummies). Linear in nodes plus edges.
 */
export function layoutCost(input: LayoutInput): number {
  const { rank } = ranksOf(input);
  let items = input.nodes.length;
  for (const e of input.edges) {
    const span = rank.get(e.to)! - rank.get(e.from)!;
    items += span > LONG_SPAN ? 1 : 2 * span - 1;
  }
  return items;
}

/**
 * An edge across more ranks than this is drawn straight from its source to
 * its label (or target) instead of through a dummy on every layer between:
 * an input used all along a long chain would otherwise add dummies in
 * proportion to the chain's length for every use, quadratic in all.
 */
export const LONG_SPAN = 6;
/** Distance between the lanes long edges run on, beyond the drawing. */
const LANE_GAP = 10;

/** Layouts up to this many items (nodes, labels and dummies) are drawn; larger ones are listed. About a second. */
export const LAYOUT_BUDGET = 200_000;

/** Longest-path ranks of the nodes (a source just before its first user), by node index. */
function ranksOf(input: LayoutInput): { rank: Map<number, number>; position: Map<number, number> } {
  const position = new Map(input.nodes.map((n, k) => [n.index, k]));
  const edges = input.edges.map((e) => [position.get(e.from)!, position.get(e.to)!] as const);
  const layers = longestPathLayers(input.nodes.length, edges, true);
  return { rank: new Map(input.nodes.map((n, k) => [n.index, layers[k]!])), position };
}

/** Where the segment from the centre of box `b` toward `p` leaves the box. */
function border(b: { x: number; y: number; w: number; h: number }, p: Point): Point {
  const dx = p.x - b.x;
  const dy = p.y - b.y;
  if (dx === 0 && dy === 0) return { x: b.x, y: b.y };
  const t = Math.min(dx === 0 ? Infinity : b.w / 2 / Math.abs(dx), dy === 0 ? Infinity : b.h / 2 / Math.abs(dy));
  return { x: b.x + dx * t, y: b.y + dy * t };
}

export function layoutGraph(input: LayoutInput): Layout {
  const lr = (input.direction ?? 'LR') === 'LR';
  const nodeGap = input.nodeGap ?? 24;
  const rankGap = input.rankGap ?? 40;
  const margin = input.margin ?? 8;
  const clear = 2 * (input.labelClearance ?? 0);
  const { rank, position } = ranksOf(input);
  // Items: the nodes, then one per labelled edge that is not long, on the layer just before its target.
  const across: number[] = input.nodes.map((v) => (lr ? v.size.h : v.size.w));
  const along: number[] = input.nodes.map((v) => (lr ? v.size.w : v.size.h));
  const layerOf: number[] = input.nodes.map((v) => 2 * rank.get(v.index)!);
  const edges: [number, number][] = [];
  const labelItem: number[] = [];
  /** Per input edge, the layering edges it is made of (none for a long edge). */
  const parts: number[][] = [];
  const long: boolean[] = [];
  input.edges.forEach((e) => {
    const u = position.get(e.from)!;
    const v = position.get(e.to)!;
    const isLong = rank.get(e.to)! - rank.get(e.from)! > LONG_SPAN;
    long.push(isLong);
    // A long edge is not in the layering at all: it runs on a lane beyond the drawing, its label on the lane (below).
    if (!e.label || isLong) {
      labelItem.push(-1);
      parts.push(isLong ? [] : [edges.push([u, v]) - 1]);
      return;
    }
    const k = across.length;
    labelItem.push(k);
    across.push(lr ? e.label.h : e.label.w);
    along.push((lr ? e.label.w : e.label.h) + clear);
    layerOf.push(layerOf[v]! - 1);
    parts.push([edges.push([u, k]) - 1, edges.push([k, v]) - 1]);
  });
  // Even widths, so that centres fall on whole pixels and a chain of items lines up exactly.
  const layering = layered({ widths: across.map((w) => 2 * Math.max(1, Math.ceil(w / 2))), edges, gap: nodeGap, dummyWidth: 10, layerOf });
  // Along the flow: each layer as thick as its thickest item, layers half a rank gap apart.
  const depth = layering.layers.length;
  const thickness = new Array<number>(depth).fill(0);
  layering.layers.forEach((items, l) => {
    for (const it of items) if (it.kind === 'node') thickness[l] = Math.max(thickness[l]!, along[it.node]!);
  });
  const centre = new Array<number>(depth).fill(0);
  let pos = margin;
  for (let l = 0; l < depth; l++) {
    if (l > 0) pos += rankGap / 2;
    centre[l] = pos + thickness[l]! / 2;
    pos += thickness[l]!;
  }
  const extentAlong = pos + margin;
  // Long edges run on a lane beyond the drawing, one lane per source (a bus its edges branch off), in source order.
  const lanes = new Map<number, number>();
  input.edges.forEach((e, k) => { if (long[k] && !lanes.has(e.from)) lanes.set(e.from, lanes.size); });
  // Lanes far enough apart for the labels on them.
  let laneGap = LANE_GAP;
  input.edges.forEach((e, k) => { if (long[k] && e.label) laneGap = Math.max(laneGap, (lr ? e.label.h : e.label.w) + 4); });
  const laneAt = (from: number): number => margin + layering.width + laneGap * (lanes.get(from)! + 0.5) + LANE_GAP / 2;
  const extentAcross = layering.width + 2 * margin + (lanes.size > 0 ? laneGap * lanes.size + LANE_GAP / 2 : 0);
  const place = (alongPos: number, acrossPos: number): Point => (lr ? { x: alongPos, y: acrossPos } : { x: acrossPos, y: alongPos });
  const itemCentre = (it: { layer: number; x: number; width: number }): Point => place(centre[it.layer]!, margin + it.x + it.width / 2);
  const itemOfNode: { layer: number; x: number; width: number }[] = [];
  for (const items of layering.layers) for (const it of items) if (it.kind === 'node') itemOfNode[it.node] = it;
  const nodes: PlacedNode[] = input.nodes.map((v, k) => {
    const c = itemCentre(itemOfNode[k]!);
    return { index: v.index, x: c.x, y: c.y, w: v.size.w, h: v.size.h };
  });
  // Labels of long edges that share a lane and a target layer sit side by side along the lane, centred on the layer.
  const laneLabelAt = new Map<number, number>();
  const groups = new Map<string, number[]>();
  input.edges.forEach((e, k) => {
    if (!long[k] || !e.label) return;
    const key = `${lanes.get(e.from)}:${rank.get(e.to)}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(k);
  });
  const alongSize = (k: number): number => (lr ? input.edges[k]!.label!.w : input.edges[k]!.label!.h) + 4;
  for (const ks of groups.values()) {
    const toLayer = 2 * rank.get(input.edges[ks[0]!]!.to)!;
    let at = centre[toLayer - 1]! - ks.reduce((sum, k) => sum + alongSize(k), 0) / 2;
    for (const k of ks) {
      laneLabelAt.set(k, at + alongSize(k) / 2);
      at += alongSize(k);
    }
  }
  const placedEdges: PlacedEdge[] = [];
  input.edges.forEach((edge, k) => {
    const label = labelItem[k]!;
    const [a, b] = parts[k]!;
    // A labelled edge is its two halves, joined at the label; a long one has no path in the layering.
    const path = a === undefined ? [] : b === undefined ? layering.paths[a]! : [...layering.paths[a]!, ...layering.paths[b]!.slice(1)];
    const from = nodes[position.get(edge.from)!]!;
    const to = nodes[position.get(edge.to)!]!;
    let inner = path.slice(1, -1).map(itemCentre);
    let labelAt = label < 0 ? undefined : itemCentre(path.find((it) => it.node === label)!);
    if (long[k]) {
      // Out of the source's far side, across the flow in the gap after its layer (where no node is) down to its
      // lane, along the lane past the label (on the layer before the target), up in the gap before the target's
      // layer, and in from the near side: no node is crossed.
      const lane = laneAt(edge.from);
      const toLayer = 2 * rank.get(edge.to)!;
      const out = (lr ? from.x + from.w / 2 : from.y + from.h / 2) + rankGap / 4;
      const back = (lr ? to.x - to.w / 2 : to.y - to.h / 2) - rankGap / 4;
      const fromAcross = lr ? from.y : from.x;
      const toAcross = lr ? to.y : to.x;
      const labelAlong = laneLabelAt.get(k) ?? centre[toLayer - 1]!;
      inner = [place(out, fromAcross), place(out, lane), place(labelAlong, lane), place(back, lane), place(back, toAcross)];
      if (edge.label) labelAt = inner[2];
    }
    const first = inner[0] ?? { x: to.x, y: to.y };
    const last = inner[inner.length - 1] ?? { x: from.x, y: from.y };
    const points = [border(from, first), ...inner, border(to, last)];
    placedEdges.push({ from: edge.from, to: edge.to, points, ...(labelAt ? { label: labelAt } : {}) });
  });
  return { width: lr ? extentAlong : extentAcross, height: lr ? extentAcross : extentAlong, nodes, edges: placedEdges };
}

