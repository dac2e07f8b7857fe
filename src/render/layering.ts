// A Sugiyama-style layered layout on plain data, for the terminal drawing of
// a graph (render/graph-terminal.ts): longest-path layers (a source placed
// just above its first user), a dummy item on every layer a long edge
// crosses, a bounded number of barycenter sweeps that keep the order with
// the fewest crossings, and integer x-coordinates (items of a layer at least
// `gap` columns apart, each placed near the mean of its neighbours).
//
// Pure and deterministic (ties broken by position, then by index). The cost is
// near-linear in the size of the layered graph (nodes, edges and dummies):
// each sweep sorts within layers, a crossing count is a Fenwick-tree
// inversion count, and the x passes are linear.

export interface LayeringInput {
  /** One entry per node 0…n−1: its width in columns (≥ 1). */
  readonly widths: readonly number[];
  /** Edges from → to between node indices; the graph must be acyclic. */
  readonly edges: readonly (readonly [from: number, to: number])[];
  /** Blank columns between neighbours in a layer (default 2). */
  readonly gap?: number;
  /** Width of a dummy item (default 1). */
  readonly dummyWidth?: number;
  /** Barycenter sweeps, alternately down and up (default 6). */
  readonly sweeps?: number;
  /** Place a source just above its first user rather than on the top layer (default true). */
  readonly sinkSources?: boolean;
  /**
   * Layers chosen by the caller (each ≥ 0, every edge going down at least one
   * layer), instead of longest-path layers: the drawings put an edge's label
   * on a layer of its own between its ends.
   */
  readonly layerOf?: readonly number[];
}

export interface LayerItem {
  readonly kind: 'node' | 'dummy';
  /** The node (kind 'node'), else -1. */
  readonly node: number;
  /** The edge a dummy lies on (kind 'dummy'), else -1. */
  readonly edge: number;
  readonly layer: number;
  /** Position in its layer, 0 on the left. */
  readonly order: number;
  /** Leftmost column and width. */
  readonly x: number;
  readonly width: number;
}

export interface Layering {
  /** The layer of each node (0 at the top). */
  readonly layerOf: readonly number[];
  /** The items of each layer, left to right. */
  readonly layers: readonly (readonly LayerItem[])[];
  /** Per edge, the items it passes from its source to its target; consecutive ones are one layer apart. */
  readonly paths: readonly (readonly LayerItem[])[];
  /** Columns the layout takes (the rightmost item's end). */
  readonly width: number;
  /** Crossings of the order kept, counted between adjacent layers. */
  readonly crossings: number;
}

interface Item {
  id: number;
  kind: 'node' | 'dummy';
  node: number;
  edge: number;
  layer: number;
  order: number;
  x: number;
  width: number;
  up: number[];
  down: number[];
}

/** Layers of an acyclic graph by longest path from the sources (throws on a cycle or a bad edge). */
export function longestPathLayers(n: number, edges: readonly (readonly [number, number])[], sinkSources = true): number[] {
  const succ: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Array<number>(n).fill(0);
  for (const [u, v] of edges) {
    if (!Number.isInteger(u) || !Number.isInteger(v) || u < 0 || v < 0 || u >= n || v >= n) throw new RangeError(`edge ${u} → ${v} names no node (0…${n - 1})`);
    if (u === v) throw new RangeError(`edge ${u} → ${v} is a loop`);
    succ[u]!.push(v);
    indeg[v]!++;
  }
  const layer = new Array<number>(n).fill(0);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  const left = indeg.slice();
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const v of succ[u]!) {
      layer[v] = Math.max(layer[v]!, layer[u]! + 1);
      if (--left[v]! === 0) queue.push(v);
    }
  }
  if (queue.length < n) throw new RangeError('the graph has a cycle');
  if (sinkSources) {
    for (let v = 0; v < n; v++) {
      if (indeg[v] !== 0 || succ[v]!.length === 0) continue;
      let first = Infinity;
      for (const w of succ[v]!) first = Math.min(first, layer[w]!);
      layer[v] = first - 1;
    }
  }
  return layer;
}

/** The caller's layers, checked: one per node, whole and ≥ 0, every edge going down. */
function givenLayers(n: number, edges: readonly (readonly [number, number])[], layers: readonly number[]): number[] {
  if (layers.length !== n) throw new RangeError(`${layers.length} layers given for ${n} nodes`);
  for (const l of layers) if (!Number.isInteger(l) || l < 0) throw new RangeError(`layer ${l} is not a whole number ≥ 0`);
  for (const [u, v] of edges) {
    if (!Number.isInteger(u) || !Number.isInteger(v) || u < 0 || v < 0 || u >= n || v >= n) throw new RangeError(`edge ${u} → ${v} names no node (0…${n - 1})`);
    if (layers[v]! <= layers[u]!) throw new RangeError(`edge ${u} → ${v} does not go down a layer`);
  }
  return [...layers];
}

/** Crossings between two adjacent layers: inversions of the lower ends once the segments are sorted by their upper ends. */
function crossingsBetween(upper: readonly Item[], items: readonly Item[], lowerSize: number): number {
  const segs: [number, number][] = [];
  for (const it of upper) for (const d of it.down) segs.push([it.order, items[d]!.order]);
  segs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const tree = new Array<number>(lowerSize + 1).fill(0);
  let seen = 0;
  let count = 0;
  for (const [, lo] of segs) {
    // Segments seen so far whose lower end is right of this one's.
    let le = 0;
    for (let i = lo + 1; i > 0; i -= i & -i) le += tree[i]!;
    count += seen - le;
    for (let i = lo + 1; i <= lowerSize; i += i & -i) tree[i]!++;
    seen++;
  }
  return count;
}

function totalCrossings(layers: readonly Item[][], items: readonly Item[]): number {
  let c = 0;
  for (let l = 0; l + 1 < layers.length; l++) c += crossingsBetween(layers[l]!, items, layers[l + 1]!.length);
  return c;
}

/** Reorders one layer by the barycenter of its neighbours in the adjacent layer (ties: current order). */
function barycenterSort(layer: Item[], items: readonly Item[], side: 'up' | 'down'): void {
  const key = new Map<Item, number>();
  for (const it of layer) {
    const nb = it[side];
    if (nb.length === 0) key.set(it, it.order);
    else {
      let s = 0;
      for (const j of nb) s += items[j]!.order;
      key.set(it, s / nb.length);
    }
  }
  layer.sort((a, b) => key.get(a)! - key.get(b)! || a.order - b.order);
  layer.forEach((it, k) => (it.order = k));
}

/** Places one layer's items near their desired left columns, in order, `gap` apart: the mean of a left-packed and a right-packed placement. */
function placeLayer(layer: readonly Item[], desired: readonly number[], gap: number): void {
  const n = layer.length;
  const a = new Array<number>(n);
  const b = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = i === 0 ? desired[0]! : Math.max(desired[i]!, a[i - 1]! + layer[i - 1]!.width + gap);
  for (let i = n - 1; i >= 0; i--) b[i] = i === n - 1 ? desired[i]! : Math.min(desired[i]!, b[i + 1]! - layer[i]!.width - gap);
  for (let i = 0; i < n; i++) layer[i]!.x = (a[i]! + b[i]!) / 2;
}

function centerOf(it: Item): number {
  return it.x + it.width / 2;
}

/** One pass of x placement over the layers in the given direction, each item toward the mean centre of its neighbours on `side`. */
function xPass(layers: readonly Item[][], items: readonly Item[], side: 'up' | 'down', gap: number): void {
  const order = side === 'up' ? layers.map((_, l) => l).slice(1) : layers.map((_, l) => l).reverse().slice(1);
  for (const l of order) {
    const layer = layers[l]!;
    const desired = layer.map((it) => {
      const nb = it[side];
      if (nb.length === 0) return it.x;
      let s = 0;
      for (const j of nb) s += centerOf(items[j]!);
      return s / nb.length - it.width / 2;
    });
    placeLayer(layer, desired, gap);
  }
}

export function layered(input: LayeringInput): Layering {
  const n = input.widths.length;
  const gap = input.gap ?? 2;
  const dummyWidth = input.dummyWidth ?? 1;
  const sweeps = Math.max(0, Math.min(input.sweeps ?? 6, 64));
  const layerOf = input.layerOf ? givenLayers(n, input.edges, input.layerOf) : longestPathLayers(n, input.edges, input.sinkSources ?? true);
  const items: Item[] = input.widths.map((w, v) => ({ id: v, kind: 'node', node: v, edge: -1, layer: layerOf[v]!, order: 0, x: 0, width: Math.max(1, w), up: [], down: [] }));
  const pathIds: number[][] = [];
  input.edges.forEach(([u, v], e) => {
    const ids = [u];
    for (let l = layerOf[u]! + 1; l < layerOf[v]!; l++) {
      ids.push(items.length);
      items.push({ id: items.length, kind: 'dummy', node: -1, edge: e, layer: l, order: 0, x: 0, width: dummyWidth, up: [], down: [] });
    }
    ids.push(v);
    for (let k = 0; k + 1 < ids.length; k++) {
      items[ids[k]!]!.down.push(ids[k + 1]!);
      items[ids[k + 1]!]!.up.push(ids[k]!);
    }
    pathIds.push(ids);
  });
  let depth = 0;
  for (const l of layerOf) depth = Math.max(depth, l + 1);
  const layers: Item[][] = Array.from({ length: depth }, () => []);
  for (const it of items) layers[it.layer]!.push(it);
  for (const layer of layers) layer.forEach((it, k) => (it.order = k));

  // Crossing reduction: down sweeps order a layer by its upper neighbours, up sweeps by its lower ones; the best order is kept.
  let best = totalCrossings(layers, items);
  let bestOrder = items.map((it) => it.order);
  for (let s = 0; s < sweeps && best > 0; s++) {
    if (s % 2 === 0) for (let l = 1; l < depth; l++) barycenterSort(layers[l]!, items, 'up');
    else for (let l = depth - 2; l >= 0; l--) barycenterSort(layers[l]!, items, 'down');
    const c = totalCrossings(layers, items);
    if (c < best) {
      best = c;
      bestOrder = items.map((it) => it.order);
    }
  }
  items.forEach((it, k) => (it.order = bestOrder[k]!));
  for (const layer of layers) layer.sort((a, b) => a.order - b.order);

  // x: packed from the left, then alternate passes toward the neighbours' mean, ending downward.
  for (const layer of layers) {
    let x = 0;
    for (const it of layer) {
      it.x = x;
      x += it.width + gap;
    }
  }
  for (let round = 0; round < 3; round++) {
    xPass(layers, items, 'up', gap);
    xPass(layers, items, 'down', gap);
  }
  xPass(layers, items, 'up', gap);
  // Whole columns, still in order and `gap` apart; the leftmost at column 0.
  let min = Infinity;
  for (const layer of layers) {
    let prevEnd = -Infinity;
    for (const it of layer) {
      it.x = Math.max(Math.round(it.x), prevEnd + gap);
      prevEnd = it.x + it.width;
    }
    if (layer.length > 0) min = Math.min(min, layer[0]!.x);
  }
  let width = 0;
  for (const it of items) {
    it.x -= Number.isFinite(min) ? min : 0;
    width = Math.max(width, it.x + it.width);
  }

  const frozen: LayerItem[] = items.map((it) => Object.freeze({ kind: it.kind, node: it.node, edge: it.edge, layer: it.layer, order: it.order, x: it.x, width: it.width }));
  return {
    layerOf,
    layers: layers.map((layer) => layer.map((it) => frozen[it.id]!)),
    paths: pathIds.map((ids) => ids.map((id) => frozen[id]!)),
    width,
    crossings: best,
  };
}
