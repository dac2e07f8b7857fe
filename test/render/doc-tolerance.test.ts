// The check's tolerance in a document (issue 12): typeset as mathematics in
// LaTeX, HTML and Markdown, in the document's own names (the node letter,
// the multiplier), and never alone on a page: pdflatex keeps it on the page
// of the table it introduces wherever the page happens to end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fake-io.js';

const CI = process.env.CI === 'true';
const HAS_PDFLATEX = spawnSync('pdflatex', ['--version'], { stdio: 'ignore' }).status === 0;
const CHROMIUM = process.env.LAGRAD_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);

async function derive(args: string[]): Promise<string> {
  const f = fakeIo();
  expect(await main(['derive', ...args], f.io), f.stderr()).toBe(0);
  return f.stdout();
}

const EXPRESSION = ['exp(sin(t))', '--at', 't=0.5'];
const PROGRAM = ['param w[2]; loss = sum(sqrt(w))'];
/** The paragraph (one line of the output) that states the tolerance. */
const toleranceLine = (doc: string): string => doc.split('\n').find((l) => l.includes('tolerance'))!;

describe('the tolerance is typeset as mathematics', () => {
  for (const [what, input] of [['an expression', EXPRESSION], ['a program', PROGRAM]] as const) {
    it(`LaTeX and Markdown of ${what}: numbers as powers of ten, names in math`, async () => {
      for (const format of ['latex', 'md']) {
        const line = toleranceLine(await derive([...input, '--format', format]));
        expect(line).toContain('$10^{-9}$ relative');
        expect(line).toContain('$10^{-10}\\, s$ absolute');
        expect(line).not.toMatch(/1e-\d|z\\_m|\|z_m\||objective\|/);
      }
    });
    it(`HTML of ${what}: no raw 1e-9, the formulas rendered by KaTeX`, async () => {
      const html = await derive([...input, '--format', 'html']);
      const para = html.split('\n').find((l) => l.includes('tolerance: '))!;
      expect(para).toContain('class="katex"');
      // What a reader sees: neither MathML's TeX annotation nor the tags.
      const seen = para.replace(/<annotation[^>]*>.*?<\/annotation>/g, '').replace(/<[^>]+>/g, '');
      expect(seen).not.toMatch(/1e-\d|z_m|\|objective\||\\/);
    });
  }
  it('in the names of the document: v_m when the input has a z1, λ_j under --multiplier lambda', async () => {
    expect(toleranceLine(await derive(['z1*z2', '--at', 'z1=1,z2=2', '--format', 'latex']))).toContain('$\\lvert v_m \\rvert');
    expect(toleranceLine(await derive([...EXPRESSION, '--multiplier', 'lambda', '--format', 'latex']))).toContain('that sum to $\\lambda_j$');
  });
  it('and in the terminal text', async () => {
    expect(toleranceLine(await derive(['z1*z2', '--at', 'z1=1,z2=2']))).toContain('|v_m|/max(1, |v_j|)');
  });
});

const work = mkdtempSync(join(tmpdir(), 'lagrad-doc-tolerance-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The Check section of `doc` again and again, each time lower on a fresh page,
 * with marks that log the page of the tolerance's paragraph and of the first
 * and last rows of the table that follows or precedes it.
 */
function scan(doc: string, offsets: readonly number[]): string {
  const preamble = doc.slice(0, doc.indexOf('\\begin{document}'));
  // From the Check heading, or from the paragraph set (in a box) before it to keep them together.
  const at = doc.lastIndexOf('\\subsection*{Check}');
  const kept = doc.lastIndexOf('\\par\\ifdefined\\lagradkeep', at);
  const from = kept >= 0 && !doc.slice(kept, at).includes('\\subsection') && !doc.slice(kept, at).includes('\\end{') ? kept : at;
  const check = doc.slice(from, doc.indexOf('\\end{document}'));
  const mark = (name: string, k: number): string => `\\write16{LAGRADMARK ${name} ${k} \\thepage}`;
  const marked = (k: number): string => {
    const lines = check.split('\n');
    const tol = lines.findIndex((l) => l.includes('tolerance'));
    // Inside the paragraph's first line (\\leavevmode): a mark before it could stay on the page before.
    lines[tol] = `\\leavevmode${mark('tol', k)}${lines[tol]}`;
    const heading = lines.findIndex((l) => l === '\\subsection*{Check}');
    lines[heading] = `\\subsection*{Check${mark('heading', k)}}`;
    // The rows of the table nearest to the paragraph, before or after it.
    const heads = lines.map((l, i) => (l === '\\endhead' ? i : -1)).filter((i) => i >= 0);
    const endhead = heads.find((i) => i > tol) ?? heads[heads.length - 1]!;
    const end = lines.findIndex((l, i) => i > endhead && l.startsWith('\\end{longtable}'));
    lines[endhead + 1] = `${mark('first', k)}${lines[endhead + 1]}`;
    lines[end - 2] = `${mark('last', k)}${lines[end - 2]}`;
    return lines.join('\n');
  };
  return `${preamble}\\begin{document}\n${offsets.map((k) => `\\clearpage\n${mark('start', k)}\\vspace*{${k}pt}\n${marked(k)}`).join('\n')}\n\\end{document}\n`;
}

describe('the tolerance is never alone on a page', () => {
  for (const [what, input] of [['an expression', EXPRESSION], ['a program', PROGRAM]] as const) {
    it.skipIf(!HAS_PDFLATEX && !CI)(`LaTeX of ${what}: on the page of its table wherever the page ends`, async () => {
      const offsets = Array.from({ length: 70 }, (_, k) => 380 + 5 * k);
      const dir = mkdtempSync(join(work, 'tex-'));
      writeFileSync(join(dir, 'doc.tex'), scan(await derive([...input, '--format', 'latex']), offsets));
      spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'], { cwd: dir, timeout: 120_000 });
      const log = readFileSync(join(dir, 'doc.log'), 'latin1');
      const pages = new Map<string, number>();
      for (const m of log.matchAll(/LAGRADMARK (\w+) (\d+) (\d+)/g)) pages.set(`${m[1]} ${m[2]}`, Number(m[3]));
      expect(pages.size).toBe(5 * offsets.length);
      const alone = offsets.filter((k) => pages.get(`tol ${k}`) !== pages.get(`first ${k}`) && pages.get(`tol ${k}`) !== pages.get(`last ${k}`));
      expect(alone, 'offsets at which the tolerance is on a page without its table').toEqual([]);
      // Nor is the heading left behind at the foot of a page.
      expect(offsets.filter((k) => pages.get(`heading ${k}`) !== pages.get(`tol ${k}`)), 'offsets at which the Check heading is parted from its first paragraph').toEqual([]);
      // The offsets reach the page's foot: at some, the section runs onto the next page.
      expect(offsets.filter((k) => pages.get(`last ${k}`) !== pages.get(`start ${k}`)).length).toBeGreaterThan(5);
    }, 120_000);
  }

  it.skipIf(!HAS_CHROMIUM && !CI)('HTML printed: the paragraph is not to be parted from the table after it', async () => {
    const file = join(work, 'tolerance.html');
    writeFileSync(file, await derive([...EXPRESSION, '--format', 'html']));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      await page.emulateMedia({ media: 'print' });
      const kept = await page.evaluate(() => [...document.querySelectorAll('p')].filter((p) => p.textContent!.includes('tolerance')).map((p) => ({
        after: getComputedStyle(p).breakAfter,
        inside: getComputedStyle(p).breakInside,
        next: p.nextElementSibling?.tagName,
      })));
      expect(kept).toEqual([{ after: 'avoid', inside: 'avoid', next: 'TABLE' }]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
