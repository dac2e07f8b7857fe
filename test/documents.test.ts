// The documents as their readers see them: every LaTeX golden case (and a
// student's handout, and hostile titles) compiled by pdflatex; every HTML
// golden case opened in headless Chromium. Without pdflatex or Chromium
// these tests are skipped and say why; in CI (CI=true) they must run, and a
// missing binary is a failure.
// The driver (pdflatex, Chromium) is the fuzzer's too: test/helpers/documents-driver.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import {
  CHROMIUM, HAS_CHROMIUM, HAS_PDFLATEX, htmlProblems, latexProblems, launchChromium, overfullBoxes, pageContent, runPdflatex, watchPage,
} from './helpers/documents-driver.js';
import { fakeIo } from './helpers/fake-io.js';
import { goldenFormat, type GoldenCase } from './helpers/golden-output.js';

const CI = process.env.CI === 'true';

const casesDir = join(import.meta.dirname, 'golden', 'cases');
const cases = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), spec: JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as GoldenCase }));

async function output(spec: GoldenCase): Promise<string> {
  const f = fakeIo({ stdin: spec.stdin, files: spec.files });
  expect(await main(spec.args, f.io), f.stderr()).toBe(spec.exit);
  return f.stdout();
}

const HOSTILE = {
  title: '\\input{/etc/passwd} \\write18{touch /tmp/lagrad-pwned} ^^5cinput{x} <script>alert(1)</script>',
  intro: '</style><script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) $\\href{javascript:alert(1)}{x}$ % } \\end{document}',
  prose: '"><svg onload=alert(1)> {{body}} \\immediate\\write18{id} \\csname input\\endcsname{x} & # _ ~',
};
const HOSTILE_YAML = `title: ${JSON.stringify(HOSTILE.title)}
intro: ${JSON.stringify(HOSTILE.intro)}
problems:
  - title: ${JSON.stringify(HOSTILE.title)}
    prose: ${JSON.stringify(HOSTILE.prose)}
    expression: exp(sin(t))
    at: {t: 0.5}
`;
const MIXED = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'cases', 'handout-mixed-latex.json'), 'utf8')).files['problems.yaml'] as string;
const TWO = `problems:\n  - expression: exp(sin(t))\n    at: {t: 0.5}\n  - expression: ln(x1) + x1*x2 - sin(x2)\n    at: x1=2,x2=5\n`;
/** Two problems that ask for their evaluation trace (`show: [trace]`), one at a seeded point. */
const TRACED = `problems:\n  - expression: ln(x1) + x1*x2 - sin(x2)\n    at: x1=2,x2=5\n    show: [trace]\n  - expression: (sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2))\n    show: trace\n`;
const NOTE003 = '(sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2))';

/** A document of `lagrad trace` (no graph drawn in it). */
async function trace(args: string[]): Promise<string> {
  const f = fakeIo();
  expect(await main(['trace', ...args], f.io), f.stderr()).toBe(0);
  return f.stdout();
}

/** A handout's files, by `lagrad handout`. */
async function handout(yaml: string, args: string[]): Promise<Map<string, string>> {
  const f = fakeIo({ files: { 'p.yaml': yaml } });
  expect(await main(['handout', 'p.yaml', ...args], f.io), f.stderr()).toBe(0);
  return f.files;
}

/** A document of `lagrad derive`. */
async function derive(args: string[]): Promise<string> {
  const f = fakeIo();
  expect(await main(['derive', ...args], f.io), f.stderr()).toBe(0);
  return f.stdout();
}
/** sin(x) + sin(2·x) + … + sin(65·x): 65 paths from x, more than are listed (130 nodes: not drawn). */
const WIDE65 = Array.from({ length: 65 }, (_, k) => `sin(${k + 1}*x)`).join(' + ');
const PATHS_SURVEY = ['ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5', '--paths'];
/** sin(x + y) + … + sin(x + 30·y): 91 nodes, past COMPACT_MARKUP_BYTES: a compact page (TeX rendered on load by KaTeX's inlined script). */
const SUM30 = Array.from({ length: 30 }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');
/** A network of 8 tanh layers: a compact page with its graph drawn. */
const NET8 = `input: 3\noutput: 2\nlayers:\n${'  - {units: 4, activation: tanh}\n'.repeat(8)}  - {units: 2, activation: identity}\nloss: squared\n`;

const latexDocs: { name: string; make: () => Promise<string> }[] = [
  ...cases.filter((c) => goldenFormat(c.spec.args) === 'latex').map((c) => ({ name: c.name, make: () => output(c.spec) })),
  { name: 'student edition', make: async () => (await handout(TWO, ['-o', 'h.tex', '--edition', 'student'])).get('h.tex')! },
  { name: 'hostile titles and prose', make: async () => (await handout(HOSTILE_YAML, ['-o', 'h.tex'])).get('h.tex')! },
  { name: 'student edition of expressions, a program and a network', make: async () => (await handout(MIXED, ['-o', 'h.tex', '--edition', 'student'])).get('h.tex')! },
  { name: 'trace of note 003 with a tangent, notes numbering', make: () => trace([NOTE003, '--at', 'w1=1.5,w2=0.5', '--tangent', 'w1=1,w2=-1', '--numbering', 'notes', '--format', 'latex']) },
  { name: 'trace handout, student edition', make: async () => (await handout(TRACED, ['-o', 'h.tex', '--edition', 'student'])).get('h.tex')! },
  { name: 'trace handout, answer key', make: async () => (await handout(TRACED, ['-o', 'h.tex', '--edition', 'student'])).get('h-key.tex')! },
  { name: 'derive --paths of the survey example', make: () => derive([...PATHS_SURVEY, '--format', 'latex']) },
  { name: 'derive --paths with 65 paths (counted, not listed)', make: () => derive([WIDE65, '--at', 'x=0.3', '--paths', '--format', 'latex']) },
];
/** `graph: false`: a document without a drawing (the evaluation trace's tables alone). */
const htmlDocs: { name: string; graph?: boolean; make: () => Promise<string> }[] = [
  ...cases.filter((c) => goldenFormat(c.spec.args) === 'html').map((c) => ({ name: c.name, graph: c.spec.args[0] !== 'trace', make: () => output(c.spec) })),
  { name: 'student edition', make: async () => (await handout(TWO, ['-o', 'h.html', '--edition', 'student'])).get('h.html')! },
  { name: 'hostile titles and prose', make: async () => (await handout(HOSTILE_YAML, ['-o', 'h.html'])).get('h.html')! },
  { name: 'expressions, a program and a network', make: async () => (await handout(MIXED, ['-o', 'h.html'])).get('h.html')! },
  { name: 'student edition of expressions, a program and a network', make: async () => (await handout(MIXED, ['-o', 'h.html', '--edition', 'student'])).get('h.html')! },
  { name: 'trace of the survey example with a tangent', graph: false, make: () => trace(['ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5', '--tangent', 'x1=1', '--format', 'html']) },
  { name: 'trace of note 003 (six operations)', graph: false, make: () => trace([NOTE003, '--at', 'w1=1.5,w2=0.5', '--format', 'html']) },
  { name: 'trace handout', make: async () => (await handout(TRACED, ['-o', 'h.html'])).get('h.html')! },
  { name: 'trace handout, student edition', make: async () => (await handout(TRACED, ['-o', 'h.html', '--edition', 'student'])).get('h.html')! },
  { name: 'derive --paths of the survey example', make: () => derive([...PATHS_SURVEY, '--format', 'html']) },
  { name: 'derive --paths with 65 paths (counted, not listed)', graph: false, make: () => derive([WIDE65, '--at', 'x=0.3', '--paths', '--format', 'html']) },
  {
    name: 'hostile titles and prose on a compact page',
    graph: false,
    make: async () => {
      const html = (await handout(HOSTILE_YAML.replace('expression: exp(sin(t))\n    at: {t: 0.5}', `expression: ${SUM30}\n    at: {x: 0.3, y: 0.001}`), ['-o', 'h.html'])).get('h.html')!;
      expect(html, 'compact').toContain('<span class="tex d">');
      return html;
    },
  },
  { name: 'a compact page: 91 nodes, formulas rendered on load', graph: false, make: () => derive([SUM30, '--at', 'x=0.3,y=0.001', '--format', 'html']) },
  {
    name: 'a compact page with its graph: a network of 8 layers',
    make: async () => {
      const f = fakeIo({ files: { 'net.yaml': NET8 } });
      expect(await main(['derive', 'net.yaml', '--format', 'html'], f.io), f.stderr()).toBe(0);
      return f.stdout();
    },
  },
];

const work = mkdtempSync(join(tmpdir(), 'lagrad-documents-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe(HAS_PDFLATEX || CI ? 'LaTeX compiles with pdflatex' : 'LaTeX compiles with pdflatex (skipped: pdflatex is not on PATH; apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures)', () => {
  it('pdflatex is installed where CI runs', () => {
    if (CI) expect(HAS_PDFLATEX, 'CI=true but pdflatex is missing: .ci/run must install it').toBe(true);
  });
  for (const doc of latexDocs) {
    it.skipIf(!HAS_PDFLATEX && !CI).concurrent(doc.name, async () => {
      const r = await runPdflatex(await doc.make(), { dir: mkdtempSync(join(work, 'tex-')), timeoutMs: 120_000 });
      // It compiled (no `! …`, no missing glyph or command, exit 0, a PDF), and nothing ran or was read
      // (no \write18, no \input of a file, no file made by the input).
      expect(latexProblems(r)).toEqual([]);
      // No equation or table runs into the margin (a user's unbreakable title may).
      if (!doc.name.startsWith('hostile')) expect(overfullBoxes(r.log)).toEqual([]);
    }, 120_000);
  }
});

describe(HAS_CHROMIUM || CI ? 'HTML in headless Chromium' : `HTML in headless Chromium (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`, () => {
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    context = await launchChromium(mkdtempSync(join(work, 'profile-')));
  }, 60_000);
  afterAll(async () => context?.close());

  it('Chromium is installed where CI runs', () => {
    if (CI) expect(HAS_CHROMIUM, `CI=true but ${CHROMIUM} is missing: .ci/run must install it`).toBe(true);
  });
  for (const doc of htmlDocs) {
    it.skipIf(!HAS_CHROMIUM && !CI)(doc.name, async () => {
      const file = join(work, `${doc.name.replace(/\W+/g, '-')}.html`);
      writeFileSync(file, await doc.make());
      const url = `file://${file}`;
      const watched = await watchPage(context!, url);
      const { page } = watched;
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const seen = await pageContent(page);
      // No KaTeX error, no network request, console error or dialog, and nothing a user typed became
      // an element or an attribute (no script, handler, link, form, frame, image, object).
      expect(htmlProblems(seen, watched)).toEqual([]);
      expect(seen.katex).toBeGreaterThan(10);
      if (doc.graph !== false) expect(await page.locator('svg.lagrad-graph g.node').count(), 'the graph as SVG').toBeGreaterThan(2);
      else expect(await page.locator('.eqs').count(), 'the trace tables').toBeGreaterThan(2);
      // KaTeX's fonts come from the page itself and load.
      const fonts = await page.evaluate(() => [...document.fonts].map((f) => `${f.family}:${f.status}`));
      expect(fonts).toContain('KaTeX_Main:loaded');
      expect(fonts.filter((f) => f.endsWith(':error'))).toEqual([]);
      // Printed on A4 (about 680 px between the margins), no equation, table or graph is cut at the edge.
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 680, height: 960 });
      const cut = await page.evaluate(() => {
        const right = document.documentElement.clientWidth + 0.5;
        return [...document.querySelectorAll('.katex, svg.lagrad-graph, table, .eqs')]
          .filter((e) => e.getBoundingClientRect().right > right)
          .map((e) => `${e.className && typeof e.className === 'string' ? e.className : e.tagName}: ${e.textContent?.slice(0, 40)}`);
      });
      expect(cut, 'elements past the page edge in print').toEqual([]);
      await page.close();
    }, 60_000);
  }
});
