// `lagrad graph`, and documents of large graphs: a 1,000-node handout in
// seconds, with the drawing left out and said so.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';
import { DRAW_LIMIT } from '../src/render/graph-svg.js';
import { layoutCost, LAYOUT_BUDGET } from '../src/render/graph-layout.js';
import { MERMAID_MAX_EDGES } from '../src/render/markdown.js';

/** Σ_{k=1..333} sin(x + k·y): 1,000 nodes, x and y used by every term. */
const WIDE = Array.from({ length: 333 }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');
const CHAIN = (() => { let e = 'x'; for (let k = 1; k <= 499; k++) e = `sin(${e} + y)`; return e; })();

async function run(args: string[]) {
  const f = fakeIo();
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

describe('graph', () => {
  it('the format follows the extension of --out', async () => {
    const r = await run(['graph', 'x*y + sin(x)', '-o', 'g.dot']);
    expect(r.code, r.err).toBe(0);
    expect(r.files.get('g.dot')).toMatch(/^digraph lagrad \{/);
    expect((await run(['graph', 'x*y', '-o', 'g.mmd'])).files.get('g.mmd')).toMatch(/^flowchart LR/);
  });
  it('values and multipliers only at a point the user gave', async () => {
    expect((await run(['graph', 'x*y', '--format', 'dot'])).out).not.toContain('μ');
    expect((await run(['graph', 'x*y', '--at', 'x=2,y=3', '--format', 'dot'])).out).toContain('μ₁ = 3');
  });
  it('notation options name the nodes and multipliers', async () => {
    const r = await run(['graph', 'x*y', '--at', 'x=2,y=3', '--node-name', 'v', '--multiplier', 'lambda', '--sign', '+']);
    expect(r.out).toContain("║ v₃ = v₁·v₂ ║");
    expect(r.out).toContain("║ λ₃ = −1    ║");
    expect(r.out).toContain('λ');
    expect(r.out).toContain('−3');
  });
  it('an SVG of a 1,000-node graph is drawn (the layered layout is near-linear; its time is in the bench)', async () => {
    const r = await run(['graph', WIDE, '--format', 'svg']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.match(/<g class="node /g)).toHaveLength(1000);
  });
  it('long edges from one source into one layer: their labels side by side on the lane, and no node crossed (review)', async () => {
    const S = 'sin(sin(sin(sin(sin(sin(sin(sin(x))))))))';
    const r = await run(['graph', `(${S} + x) * (${S} - x)`, '--format', 'svg']);
    expect(r.code, r.err).toBe(0);
    const labels = [...r.out.matchAll(/<g class="edge-label"><rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)]
      .map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) }));
    const overlap = (a: (typeof labels)[number], b: (typeof labels)[number]): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!, labels[j]!), `labels ${i} and ${j}`).toBe(false);
  });
  it('latex: a chain of 9 to 17 nodes is drawn (in parts, each fitting the page at 7 pt), not listed (review)', async () => {
    for (let n = 8; n <= 16; n++) {
      const e = Array.from({ length: n }, () => 'sin(').join('') + 'x' + ')'.repeat(n);
      const r = await run(['derive', e, '--at', 'x=0.3', '--format', 'latex']);
      expect(r.code, r.err).toBe(0);
      expect(r.out, `${n + 1} nodes`).toContain('\\begin{tikzpicture}');
      expect(r.out, `${n + 1} nodes`).not.toContain('too many to draw');
    }
  }, 30_000);
  it('a layout beyond LAYOUT_BUDGET items is refused before it is attempted', () => {
    const nodes = Array.from({ length: LAYOUT_BUDGET + 1 }, (_, index) => ({ index, size: { w: 10, h: 10 } }));
    expect(layoutCost({ nodes, edges: [] })).toBe(LAYOUT_BUDGET + 1);
    // A long edge costs one item (its label), however many ranks it spans; a short one a label and its dummies.
    const chain = Array.from({ length: 20 }, (_, index) => ({ index, size: { w: 10, h: 10 } }));
    const edges = chain.slice(1).map((n) => ({ from: n.index - 1, to: n.index, label: { w: 5, h: 5 } }));
    expect(layoutCost({ nodes: chain, edges: [...edges, { from: 0, to: 19, label: { w: 5, h: 5 } }] })).toBe(20 + 19 + 1);
    expect(layoutCost({ nodes: chain, edges: [...edges, { from: 0, to: 3, label: { w: 5, h: 5 } }] })).toBe(20 + 19 + 5);
  });
});

describe('a 1,000-node derivation as a document', () => {
  it('html: the graph drawn as SVG (up to DRAW_LIMIT nodes), and the table of nodes', async () => {
    const r = await run(['derive', WIDE, '--at', 'x=0.3,y=0.001', '--format', 'html']);
    expect(r.code, r.err).toBe(0);
    expect(DRAW_LIMIT).toBeGreaterThanOrEqual(1000);
    expect(r.out.match(/<g class="node /g)).toHaveLength(1000);
    // Compact (formulas rendered when the page opens), drawing included: within the 3 MB the issue "Scale" sets.
    expect(Buffer.byteLength(r.out)).toBeLessThanOrEqual(3e6);
  }, 60_000);
  it('latex: a layer of 333 nodes is taller than a page at 7 pt, so a note and the table of nodes', async () => {
    const r = await run(['derive', WIDE, '--at', 'x=0.3,y=0.001', '--format', 'latex']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('The graph has 1000 nodes: too many to draw; the table lists them.');
    expect(r.out).not.toContain('tikzpicture');
  }, 30_000);
  it('md: more edges than Mermaid draws, so a note and the table of nodes', async () => {
    const r = await run(['derive', WIDE, '--at', 'x=0.3,y=0.001', '--format', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`The graph has 1000 nodes and \\d+ edges, more than Mermaid draws \\(${MERMAID_MAX_EDGES} edges\\)`));
    expect(r.out).not.toContain('```mermaid');
  }, 30_000);
  it('latex: a 1,000-node chain is drawn in parts, each fitting the page at labels of 7 pt at least', async () => {
    const r = await run(['derive', CHAIN, '--at', 'x=0.3,y=0.001', '--format', 'latex']);
    expect(r.code, r.err).toBe(0);
    const pictures = r.out.match(/\\begin\{tikzpicture\}/g) ?? [];
    expect(pictures.length).toBeGreaterThan(10);
  }, 30_000);
});
