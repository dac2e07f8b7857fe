// Edges between two adjacent layers of the terminal drawing (graph-terminal.ts),
// routed on horizontal tracks: each item's outgoing edges leave from one port
// under it, run along one track and drop to their arrows on the box below;
// tracks are shared by edges whose runs do not touch (greedy interval
// colouring, a net whose port is another's drop column kept above it).
import type { LayerItem } from './layering.js';

/** One segment of an edge, between two adjacent layers. */
export interface Segment {
  readonly edge: number;
  /** Index along the edge's path: the segment from paths[edge][step] to paths[edge][step + 1]. */
  readonly step: number;
  readonly upper: LayerItem;
  readonly lower: LayerItem;
  readonly src: number;
  dst: number;
}

/** The segments leaving one item: one port, one track. */
export interface Net {
  readonly src: number;
  readonly segs: Segment[];
  lo: number;
  hi: number;
  straight: boolean;
  track: number;
  /** Nets that must run on a lower track: a drop of theirs is in this net's port column. */
  readonly below: Net[];
  above: number;
  minTrack: number;
}

export interface Gap {
  readonly segs: Segment[];
  readonly nets: Net[];
  tracks: number;
  labelRows: number;
  /** Labels: row (below the tracks), column of the vertical they sit beside, text. */
  readonly labels: { row: number; col: number; text: string }[];
}

/** The column edges leave an item from: under a box's middle (its drawn width `w`), a dummy's own. */
export function bottomPort(it: LayerItem, w: number): number {
  return it.kind === 'dummy' ? it.x : it.x + Math.floor((w - 1) / 2);
}

/**
 * The columns of a box's arrows, one per incoming segment (sorted by source column): under the source where that
 * keeps them in order and apart (a straight line), else spread; never in the corners, and off other items' ports.
 */
export function topPorts(box: LayerItem, width: number, segs: Segment[], srcAt: ReadonlyMap<number, LayerItem>, labelWidth: (s: Segment) => number | null): void {
  const k = segs.length;
  const lo = box.x + 1;
  const hi = box.x + width - 2;
  // Arrows keep off the corners: one to the middle half of the box, two to its middle two thirds, ….
  let margin = Math.max(1, Math.floor(width / (2 * k + 2)));
  const labels = segs.slice(0, -1).map((s) => labelWidth(s));
  const need = labels.reduce<number>((t, w) => t + (w === null ? 2 : w + 2), 0);
  // Labels side by side may use the whole box.
  if (need > width - 1 - 2 * margin && need <= width - 3) margin = 1;
  const a = Math.min(box.x + margin, hi);
  const b = Math.max(box.x + width - 1 - margin, a);
  // Arrows apart by their labels' widths when the box has room for them, else evenly.
  const step = Math.max(2, Math.min(8, Math.floor((b - a) / Math.max(1, k - 1))));
  const roomy = labels.map((w) => (w === null ? step : Math.max(2, w + 2)));
  const apart = roomy.reduce((t, x) => t + x, 0) <= b - a ? roomy : roomy.map(() => step);
  const desired = segs.map((s) => Math.min(b, Math.max(a, s.src)));
  const left = new Array<number>(k);
  const right = new Array<number>(k);
  for (let j = 0; j < k; j++) left[j] = j === 0 ? desired[0]! : Math.max(desired[j]!, left[j - 1]! + apart[j - 1]!);
  for (let j = k - 1; j >= 0; j--) right[j] = j === k - 1 ? Math.min(desired[j]!, b) : Math.min(desired[j]!, right[j + 1]! - apart[j]!);
  // The mean of the two, then apart again: pushed right from a, then left from b (the spacing fits between them).
  const mean = segs.map((_, j) => Math.round((left[j]! + right[j]!) / 2));
  for (let j = 0; j < k; j++) mean[j] = Math.max(mean[j]!, j === 0 ? a : mean[j - 1]! + apart[j - 1]!);
  for (let j = k - 1; j >= 0; j--) mean[j] = Math.min(mean[j]!, j === k - 1 ? b : mean[j + 1]! - apart[j]!);
  let prev = lo - 1;
  segs.forEach((s, j) => {
    const max = hi - (k - 1 - j);
    const ok = (c: number) => c > prev && c <= max && (srcAt.get(c) === undefined || srcAt.get(c) === s.upper);
    let c = Math.min(max, Math.max(mean[j]!, prev + 1));
    for (const d of [0, 1, -1, 2, -2, 3, -3]) {
      if (ok(c + d)) {
        c += d;
        break;
      }
    }
    s.dst = c;
    prev = c;
  });
}

/** Routes one gap's segments on tracks; false when two nets would need each other's track above their own (a cycle). */
export function route(gap: Gap): boolean {
  const byUpper = new Map<LayerItem, Net>();
  for (const s of gap.segs) {
    let net = byUpper.get(s.upper);
    if (net === undefined) {
      net = { src: s.src, segs: [], lo: s.src, hi: s.src, straight: false, track: -1, below: [], above: 0, minTrack: 0 };
      byUpper.set(s.upper, net);
      gap.nets.push(net);
    }
    net.segs.push(s);
    net.lo = Math.min(net.lo, s.dst);
    net.hi = Math.max(net.hi, s.dst);
  }
  for (const net of gap.nets) net.straight = net.segs.length === 1 && net.segs[0]!.dst === net.src;
  // A net whose port column is another net's drop column must run above it.
  const srcAt = new Map(gap.nets.map((n) => [n.src, n] as const));
  for (const b of gap.nets) {
    for (const s of b.segs) {
      const a = srcAt.get(s.dst);
      if (a === undefined || a === b) continue;
      if (a.straight || b.straight) return false;
      a.below.push(b);
      b.above++;
    }
  }
  const tracks: [number, number][][] = [];
  const ready = gap.nets.filter((n) => !n.straight && n.above === 0);
  let placed = 0;
  const bent = gap.nets.filter((n) => !n.straight).length;
  while (ready.length > 0) {
    // The leftmost ready net first (greedy interval colouring).
    let k = 0;
    for (let i = 1; i < ready.length; i++) if (ready[i]!.lo < ready[k]!.lo) k = i;
    const net = ready.splice(k, 1)[0]!;
    let t = net.minTrack;
    for (; ; t++) {
      const row = tracks[t] ?? (tracks[t] = []);
      if (row.every(([a, b]) => net.hi + 1 < a || b < net.lo - 1)) {
        row.push([net.lo, net.hi]);
        break;
      }
    }
    net.track = t;
    placed++;
    for (const b of net.below) {
      b.minTrack = Math.max(b.minTrack, t + 1);
      if (--b.above === 0) ready.push(b);
    }
  }
  gap.tracks = tracks.length;
  return placed === bent;
}
