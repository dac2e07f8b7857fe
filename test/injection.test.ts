// Injection: hostile titles, intros and prose come out inert in LaTeX, HTML
// and Markdown (documents.test.ts also compiles and opens them). Names can
// carry nothing: the parser takes only letters, digits, _ and Greek.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const TITLE = '\\input{/etc/passwd}\\write18{id}^^5cinput{x}<script>alert(1)</script>';
const INTRO = '</style><script>alert(1)</script><img src=x onerror=alert(1)> [a](javascript:alert(1)) <javascript:alert(1)>';
const PROSE = '"><svg onload=alert(1)>{{body}} $\\href{javascript:alert(1)}{x}$ \\csname input\\endcsname % } \\end{document} # - 1.';
const YAML = `title: ${JSON.stringify(TITLE)}\nintro: ${JSON.stringify(INTRO)}\nproblems:\n  - title: ${JSON.stringify(TITLE)}\n    prose: ${JSON.stringify(PROSE)}\n    expression: exp(sin(t))\n`;

async function handout(format: string): Promise<string> {
  const f = fakeIo({ files: { 'p.yaml': YAML } });
  expect(await main(['handout', 'p.yaml', '--format', format], f.io), f.stderr()).toBe(0);
  return f.stdout();
}

describe('hostile user text is inert', () => {
  it('LaTeX: no command, group, math, comment or ^^ code from the user', async () => {
    const tex = await handout('latex');
    for (const bad of ['\\input{', '\\write18', '^^5c', '\\csname', '\\href', '\\endcsname']) expect(tex).not.toContain(bad);
    expect(tex.match(/\\end\{document\}/g)).toHaveLength(1);
    expect(tex).toContain('\\textbackslash{}input\\{/etc/passwd\\}\\textbackslash{}write18\\{id\\}\\^{}\\^{}5cinput');
    expect(tex).toContain('\\% \\} \\textbackslash{}end\\{document\\}');
  });
  it('HTML: no element, attribute or link from the user; a CSP forbids scripts anyway', async () => {
    const html = await handout('html');
    const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    expect(tags.filter((t) => /^<(script|img|iframe|object|embed|a)\b|\son\w+=|\s(href|src|xlink:href)=/i.test(t))).toEqual([]);
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;{{body}}');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"`);
  });
  it('Markdown: no link, image, autolink, HTML or math from the user', async () => {
    const md = await handout('md');
    expect(md).not.toMatch(/<script|<img|<svg|<javascript/i);
    expect(md).not.toMatch(/[^\\]\]\(/);
    expect(md).toContain('\\[a\\](javascript:alert(1)) &lt;javascript:alert(1)&gt;');
    expect(md).toContain('\\$\\\\href\\{javascript:alert(1)\\}\\{x\\}\\$');
  });
  it('names cannot carry markup: the parser refuses them', async () => {
    for (const expr of ['x\\input + 1', 'x<script> + 1', 'x{1}']) {
      const f = fakeIo();
      expect(await main(['derive', expr, '--format', 'html'], f.io)).toBe(2);
      expect(f.stdout()).toBe('');
    }
  });
});
