// Markdown's equations are numbered as the README says ("aligned and
// numbered, the same numbers in every format"): the same \tag numbers as the
// LaTeX, in display blocks that KaTeX (as GitHub's and Jupyter's renderers
// do) typesets without an error.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fake-io.js';

async function derive(args: string[]): Promise<string> {
  const f = fakeIo();
  expect(await main(['derive', ...args], f.io), f.stderr()).toBe(0);
  return f.stdout();
}

const tags = (doc: string): string[] => [...doc.matchAll(/\\tag\{([^}]*)\}/g)].map((m) => m[1]!);
const displays = (md: string): string[] => [...md.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)].map((m) => m[1]!);

describe('Markdown equations are numbered', () => {
  for (const input of [['exp(sin(t))', '--at', 't=0.5'], ['param w[2]; loss = sum(sqrt(w))']]) {
    it(`the numbers of the LaTeX, in order: ${input[0]}`, async () => {
      const md = await derive([...input, '--format', 'md']);
      const latex = await derive([...input, '--format', 'latex']);
      expect(tags(latex).length).toBeGreaterThan(3);
      expect(tags(md)).toEqual(tags(latex));
    });
    it(`every display block renders in KaTeX, every row numbered or marked \\notag: ${input[0]}`, async () => {
      const blocks = displays(await derive([...input, '--format', 'md']));
      expect(blocks.length).toBeGreaterThan(2);
      for (const b of blocks) {
        expect(() => katex.renderToString(b, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
        const rows = b.split(' \\\\\n');
        for (const r of rows) expect(r).toMatch(/\\(tag\{[^}]+\}|notag)(\n\\end\{alignat\})?$/);
      }
    });
  }

  it('a handout of two problems: 1.1, 1.2, …, 2.1, …', async () => {
    const f = fakeIo({ files: { 'p.yaml': 'problems:\n  - expression: exp(sin(t))\n    at: {t: 0.5}\n  - expression: x^2\n    at: {x: 1}\n' } });
    expect(await main(['handout', 'p.yaml', '-o', 'h.md'], f.io), f.stderr()).toBe(0);
    const t = tags(f.files.get('h.md')!);
    expect(t[0]).toBe('1.1');
    expect(t).toContain('2.1');
  });
});
