// Layered layout of a computation graph by dagre (Sugiyama: ranks by network
// simplex, crossing reduction, coordinates), for the SVG and TikZ drawings.
// Pure: sizes in, positions out. The only file that imports dagre.
import dagre from '@dagrejs/dagre';

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
 * Work dagre would do, in nodes it lays out: the nodes plus one dummy per rank
 * an edge crosses (labelled edges span twice as many ranks). dagre's crossing
 * reduction grows faster than linearly in this number, so callers compare it
 * with LAYOUT_BUDGET before asking for a layout. Linear in nodes plus edges.
 */
export function layoutCost(input: LayoutInput): number {
  const rank = new Map<number, number>();
  for (const n of input.nodes) rank.set(n.index, 0);
  // Longest-path ranks; node indices are topological, so one pass in index order suffices.
  const incoming = new Map<number, number[]>();
  for (const e of input.edges) {
    const list = incoming.get(e.to);
    if (list) list.push(e.from);
    else incoming.set(e.to, [e.from]);
  }
  const order = [...rank.keys()].sort((a, b) => a - b);
  for (const i of order) {
    let r = 0;
    for (const j of incoming.get(i) ?? []) r = Math.max(r, (rank.get(j) ?? 0) + 1);
    rank.set(i, r);
  }
  let dummies = 0;
  for (const e of input.edges) {
    const span = (rank.get(e.to) ?? 0) - (rank.get(e.from) ?? 0);
    dummies += e.label ? 2 * span - 1 : span - 1;
  }
  return input.nodes.length + dummies;
}

/** Layouts up to this cost take about a second; larger ones are not attempted. */
export const LAYOUT_BUDGET = 1500;

export function layoutGraph(input: LayoutInput): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: input.direction ?? 'LR',
    nodesep: input.nodeGap ?? 24,
    ranksep: input.rankGap ?? 40,
    edgesep: 10,
    marginx: input.margin ?? 8,
    marginy: input.margin ?? 8,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(String(n.index), { width: n.size.w, height: n.size.h });
  // A label is its own node on the rank between its edge's ends: made longer along the edge, it keeps its distance from both.
  const clear = 2 * (input.labelClearance ?? 0);
  const across = (input.direction ?? 'LR') === 'LR';
  for (const e of input.edges) {
    g.setEdge(String(e.from), String(e.to), e.label ? { width: e.label.w + (across ? clear : 0), height: e.label.h + (across ? 0 : clear), labelpos: 'c' } : {});
  }
  dagre.layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  const nodes: PlacedNode[] = input.nodes.map((n) => {
    const v = g.node(String(n.index)) as { x: number; y: number };
    return { index: n.index, x: v.x, y: v.y, w: n.size.w, h: n.size.h };
  });
  const edges: PlacedEdge[] = input.edges.map((e) => {
    const v = g.edge(String(e.from), String(e.to)) as { points?: Point[]; x?: number; y?: number };
    return {
      from: e.from,
      to: e.to,
      points: (v.points ?? []).map((p) => ({ x: p.x, y: p.y })),
      ...(e.label && v.x !== undefined && v.y !== undefined ? { label: { x: v.x, y: v.y } } : {}),
    };
  });
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges };
}
