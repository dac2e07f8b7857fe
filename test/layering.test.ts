// The layered layout of render/layering.ts on small graphs with known
// answers, and properties on random acyclic graphs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layered, longestPathLayers, type Layering, type LayeringInput } from '../src/render/layering.js';

/** Every layer in order, items `gap` apart, every path one layer per step, every edge's ends right. */
function expectWellFormed(input: LayeringInput, lay: Layering): void {
  const gap = input.gap ?? 2;
  lay.layers.forEach((layer, l) => {
    layer.forEach((it, k) => {
      expect(it.layer).toBe(l);
      expect(it.order).toBe(k);
      expect(it.x).toBeGreaterThanOrEqual(0);
      expect(it.x + it.width).toBeLessThanOrEqual(lay.width);
      if (k > 0) expect(it.x).toBeGreaterThanOrEqual(layer[k - 1]!.x + layer[k - 1]!.width + gap);
    });
  });
  input.edges.forEach(([u, v], e) => {
    const path = lay.paths[e]!;
    expect(path[0]).toMatchObject({ kind: 'node', node: u });
    expect(path[path.length - 1]).toMatchObject({ kind: 'node', node: v });
    for (let k = 0; k + 1 < path.length; k++) expect(path[k + 1]!.layer).toBe(path[k]!.layer + 1);
    for (const d of path.slice(1, -1)) expect(d).toMatchObject({ kind: 'dummy', edge: e });
  });
  input.widths.forEach((w, v) => {
    const it = lay.layers[lay.layerOf[v]!]!.find((i) => i.kind === 'node' && i.node === v)!;
    expect(it.width).toBe(w);
  });
  const items = lay.layers.reduce((n, layer) => n + layer.length, 0);
  const dummies = input.edges.reduce((n, [u, v]) => n + lay.layerOf[v]! - lay.layerOf[u]! - 1, 0);
  expect(items).toBe(input.widths.length + dummies);
}

const center = (lay: Layering, v: number): number => {
  const it = lay.layers[lay.layerOf[v]!]!.find((i) => i.kind === 'node' && i.node === v)!;
  return it.x + it.width / 2;
};

describe('layered layout', () => {
  it('a chain: one node per layer, stacked straight', () => {
    const input = { widths: [5, 7, 9, 5], edges: [[0, 1], [1, 2], [2, 3]] as const };
    const lay = layered(input);
    expectWellFormed(input, lay);
    expect(lay.layerOf).toEqual([0, 1, 2, 3]);
    expect(lay.crossings).toBe(0);
    const c = [0, 1, 2, 3].map((v) => center(lay, v));
    for (const x of c) expect(Math.abs(x - c[0]!)).toBeLessThanOrEqual(1);
  });

  it('a diamond: the two middle nodes side by side, the bottom one under both', () => {
    const input = { widths: [5, 5, 5, 5], edges: [[0, 1], [0, 2], [1, 3], [2, 3]] as const };
    const lay = layered(input);
    expectWellFormed(input, lay);
    expect(lay.layerOf).toEqual([0, 1, 1, 2]);
    expect(lay.crossings).toBe(0);
    expect(lay.layers[1]!.map((i) => i.node)).toEqual([1, 2]);
    expect(Math.abs(center(lay, 3) - (center(lay, 1) + center(lay, 2)) / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(center(lay, 0) - center(lay, 3))).toBeLessThanOrEqual(1);
  });

  it('a wide sum: every term on one layer, the sum under them', () => {
    const n = 12;
    const edges: [number, number][] = [];
    for (let k = 1; k <= n; k++) edges.push([0, k], [k, n + 1]);
    const input = { widths: new Array<number>(n + 2).fill(6), edges };
    const lay = layered(input);
    expectWellFormed(input, lay);
    expect(lay.layers.map((l) => l.length)).toEqual([1, n, 1]);
    expect(lay.crossings).toBe(0);
    expect(lay.width).toBe(n * 6 + (n - 1) * 2);
  });

  it("the survey's example ln(x1) + x1*x2 − sin(x2): a dummy for sin(x2) → the output, no crossing", () => {
    // z1 = x1, z2 = x2, z3 = ln z1, z4 = z1·z2, z5 = z3 + z4, z6 = sin z2, z7 = z5 − z6 (0-based here).
    const edges = [[0, 2], [0, 3], [1, 3], [2, 4], [3, 4], [1, 5], [4, 6], [5, 6]] as const;
    const input = { widths: [12, 14, 16, 14, 16, 16, 16], edges };
    const lay = layered(input);
    expectWellFormed(input, lay);
    expect(lay.layerOf).toEqual([0, 0, 1, 1, 2, 1, 3]);
    expect(lay.paths[7]!.map((i) => i.kind)).toEqual(['node', 'dummy', 'node']);
    expect(lay.crossings).toBe(0);
    expect(lay.layers[1]!.map((i) => i.node)).toEqual([2, 3, 5]);
  });

  it('a source sinks to just above its first user, unless asked not to', () => {
    const edges = [[0, 1], [1, 2], [3, 2]] as const;
    expect(longestPathLayers(4, edges)).toEqual([0, 1, 2, 1]);
    expect(longestPathLayers(4, edges, false)).toEqual([0, 1, 2, 0]);
  });

  it('refuses a cycle, a loop and an edge to no node', () => {
    expect(() => layered({ widths: [1, 1], edges: [[0, 1], [1, 0]] })).toThrow(/cycle/);
    expect(() => layered({ widths: [1], edges: [[0, 0]] })).toThrow(/loop/);
    expect(() => layered({ widths: [1], edges: [[0, 3]] })).toThrow(/names no node/);
  });

  it('crossing reduction undoes a bad order: K(2,2) drawn crossed is uncrossed', () => {
    // 0 → 3 and 1 → 2: in index order the two edges cross; one sweep fixes it.
    const lay = layered({ widths: [3, 3, 3, 3], edges: [[0, 3], [1, 2]] });
    expect(lay.crossings).toBe(0);
  });

  it('scales near-linearly: a 2,000-node ladder is laid out in well under a second', () => {
    const n = 1000;
    const edges: [number, number][] = [];
    for (let k = 0; k + 1 < n; k++) edges.push([k, k + 1], [n + k, n + k + 1], [k, n + k + 1]);
    const t = performance.now();
    const lay = layered({ widths: new Array<number>(2 * n).fill(5), edges });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(lay.layers.length).toBe(n);
  });
});

/** A random DAG: edges only from a lower to a higher index. */
const dag = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    widths: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }).map((es) =>
      es.filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] as const : [b, a] as const))),
    gap: fc.integer({ min: 1, max: 3 }),
  }));

describe('layered layout, properties', () => {
  it('every edge goes down one layer per step after dummies; layers in order and apart', () => {
    fc.assert(fc.property(dag, (input) => {
      const lay = layered(input);
      expectWellFormed(input, lay);
      for (const [u, v] of input.edges) expect(lay.layerOf[v]!).toBeGreaterThan(lay.layerOf[u]!);
    }), { numRuns: 300 });
  });

  it('is deterministic: the same input gives the same layout', () => {
    fc.assert(fc.property(dag, (input) => {
      expect(layered(input)).toEqual(layered({ widths: [...input.widths], edges: input.edges.map(([a, b]) => [a, b] as const), gap: input.gap }));
    }), { numRuns: 200 });
  });

  it('keeps no more crossings than the order it starts from', () => {
    fc.assert(fc.property(dag, (input) => {
      expect(layered(input).crossings).toBeLessThanOrEqual(layered({ ...input, sweeps: 0 }).crossings);
    }), { numRuns: 200 });
  });
});
