// `lagrad graph`, and documents of large graphs: a 1,000-node handout in
// seconds, with the drawing left out and said so.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

/** Σ_{k=1..333} sin(x + k·y): 1,000 nodes, x and y used by every term. */
const WIDE = Array.from({ length: 333 }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');

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
  it('an SVG of a graph too large to lay out is refused at once, pointing to DOT', async () => {
    const r = await run(['graph', WIDE, '--format', 'svg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/too many to lay out as SVG .* use --format dot/);
  });
});

describe('a 1,000-node derivation as a document', () => {
  for (const format of ['html', 'latex', 'md']) {
    it(`${format}: the drawing replaced by a note and the table of nodes (its time is in the bench)`, async () => {
      const r = await run(['derive', WIDE, '--at', 'x=0.3,y=0.001', '--format', format]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('The graph has 1000 nodes, more than can be drawn legibly on a page');
      // (An HTML page this big is compact: KaTeX's inlined script, which holds '<svg' in its strings, is not the drawing.)
      expect(r.out.replace(/<script>[\s\S]*<\/script>/, '')).not.toContain('<svg');
      expect(r.out).not.toContain('tikzpicture');
    }, 30_000);
  }
});
