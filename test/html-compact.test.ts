// The HTML page's size per node is bounded (issue "Scale"): past
// COMPACT_MARKUP_BYTES of KaTeX markup a page keeps each formula's TeX and
// inlines KaTeX's script once, which renders them on load. Sizes are read
// from the output, never timed. The compact page is opened in headless
// Chromium (skipped without it, a failure in CI): every formula rendered, no
// KaTeX error, no request; without JavaScript the TeX is what a reader sees.
// Small pages are unchanged: test/golden.test.ts compares them byte for byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlinedKatexCss, katexScript, readTemplate } from '../src/cli/assets.js';
import { main } from '../src/cli/main.js';
import { math, text, type HandoutDoc } from '../src/render/document.js';
import { COMPACT_MARKUP_BYTES } from '../src/render/html-compact.js';
import { renderHtml } from '../src/render/html.js';
import { CHROMIUM, HAS_CHROMIUM, htmlProblems, launchChromium, pageContent, watchPage } from './helpers/documents-driver.js';
import { fakeIo } from './helpers/fake-io.js';

const CI = process.env.CI === 'true';

/** sin(x + 1·y) + … + sin(x + n·y): 3n + 1 nodes (n = 333: the issue's 1,000-node example). */
const sum = (n: number): string => Array.from({ length: n }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');

async function run(args: string[], files: Record<string, string> = {}): Promise<string> {
  const f = fakeIo({ files });
  expect(await main(args, f.io), f.stderr()).toBe(0);
  return f.stdout();
}

async function nodes(expr: string): Promise<number> {
  return (JSON.parse(await run(['derive', expr, '--format', 'json'])) as { nodes: unknown[] }).nodes.length;
}

const page = (expr: string): Promise<string> => run(['derive', expr, '--at', 'x=0.3,y=0.001', '--format', 'html']);
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const scripts = (html: string): number => html.match(/<script[\s>]/g)?.length ?? 0;

const work = mkdtempSync(join(tmpdir(), 'lagrad-html-compact-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a big HTML page is compact, its size per node bounded', () => {
  const sizes = new Map<number, { nodes: number; bytes: number }>();
  let page1000 = '';
  beforeAll(async () => {
    for (const n of [83, 166, 333]) {
      const html = await page(sum(n));
      if (n === 333) page1000 = html;
      sizes.set(n, { nodes: await nodes(sum(n)), bytes: bytes(html) });
    }
  }, 120_000);

  it('the 1,000-node derivation is a page of at most 3 MB (11.8 MB rendered ahead of time)', () => {
    expect(sizes.get(333)!.nodes).toBe(1000);
    expect(sizes.get(333)!.bytes).toBeLessThanOrEqual(3_000_000);
    // Compact: KaTeX's script once, each formula as its TeX, no markup rendered ahead of time.
    expect(scripts(page1000)).toBe(1);
    expect(page1000).toContain('<span class="tex d">z_{1000}</span>');
    expect(page1000).not.toContain('class="katex"');
    expect(page1000).toMatch(/content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'sha256-[A-Za-z0-9+/]{43}='">/);
  });

  it('bytes per node are flat: 250 → 500 nodes and 500 → 1,000 nodes add the same per node, under 2.5 KB (formulas and drawing)', () => {
    const [a, b, c] = [83, 166, 333].map((n) => sizes.get(n)!);
    const perNodeLow = (b!.bytes - a!.bytes) / (b!.nodes - a!.nodes);
    const perNodeHigh = (c!.bytes - b!.bytes) / (c!.nodes - b!.nodes);
    // About 1 KB of formulas and 1 KB of drawing (its long edges run on lanes, a few more points each).
    expect(perNodeHigh).toBeLessThan(2560);
    expect(perNodeHigh / perNodeLow).toBeGreaterThan(0.8);
    expect(perNodeHigh / perNodeLow).toBeLessThan(1.25);
  });

  it('lagrad handout: three 333-term problems together make one compact page', async () => {
    const yaml = `problems:\n${[1, 2, 3].map((k) => `  - expression: ${sum(333).replaceAll('x', `x${k}`)}\n    at: {x${k}: 0.3, y: 0.001}\n`).join('')}`;
    const f = fakeIo({ files: { 'p.yaml': yaml } });
    expect(await main(['handout', 'p.yaml', '-o', 'h.html'], f.io), f.stderr()).toBe(0);
    const html = f.files.get('h.html')!;
    expect(scripts(html)).toBe(1);
    // Each 1,000-node problem: its formulas as TeX and its graph drawn (about 0.9 MB of SVG), under 2.5 MB.
    expect(bytes(html)).toBeLessThan(3 * 2_500_000);
  }, 60_000);

  it('a network of 60 layers in HTML is compact too', async () => {
    const layers = Array.from({ length: 60 }, () => '  - {units: 4, activation: tanh}').join('\n');
    const html = await run(['derive', 'net.yaml', '--format', 'html'], { 'net.yaml': `input: 3\noutput: 2\nlayers:\n${layers}\n  - {units: 2, activation: identity}\nloss: squared\n` });
    expect(scripts(html)).toBe(1);
    expect(html).toContain('<span class="tex d">');
  });

  it('a small page is rendered ahead of time: no script, the CSP as before', async () => {
    const html = await page(sum(3));
    expect(scripts(html)).toBe(0);
    expect(html).toContain('class="katex"');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">`);
    expect(html).toMatch(/<\/main>\n<\/body>/);
  });

  it("a user's template without {{katexScript}} gets every formula rendered ahead of time, whatever the size", async () => {
    const template = '<!DOCTYPE html><title>{{title}}</title><style>{{katexCss}}</style><body>{{body}}</body>';
    const html = await run(['derive', sum(100), '--at', 'x=0.3,y=0.001', '--format', 'html', '--template', 't.html'], { 't.html': template });
    expect(scripts(html)).toBe(0);
    expect(bytes(html)).toBeGreaterThan(COMPACT_MARKUP_BYTES);
  });
});

describe('the compact page keeps TeX as text', () => {
  /** A document whose formulas pass the threshold, then one that is not LaTeX of ours but markup. */
  const HOSTILE = '</span><script>alert(1)</script><img src=x onerror=alert(1)> & "q" \'a\' {{body}}';
  const doc = (last: string): HandoutDoc => ({
    title: 't', intro: [], convention: [text('c')], edition: 'full', conv: undefined as never,
    problems: [{
      title: [], plainTitle: 'p', prose: [], size: 1, checkFailed: false,
      blocks: [
        { kind: 'equations', rows: Array.from({ length: 1500 }, (_, k) => ({ lhs: `z_{${k}}`, rhs: [`= \\sin\\left(x^{2} + ${k} y\\right)`], tag: String(k) })) },
        { kind: 'para', content: [math(last)] },
      ],
    }],
  });
  const assets = { template: readTemplate('handout.html'), css: readTemplate('handout.css'), katexCss: inlinedKatexCss(), katexJs: katexScript() };

  it('HTML-escaped, never markup: a formula holding tags becomes text the script reads with textContent', () => {
    const html = renderHtml(doc(HOSTILE), assets);
    expect(html).toContain('<span class="tex">&lt;/span&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39; {{body}}</span>');
    expect(scripts(html)).toBe(1);
    const [page, script] = html.split(/<script>|<\/script>/);
    const tags = [...page!.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    expect(tags.filter((t) => /^<(img|iframe|object|embed|a)\b|\son\w+=|\s(href|src|xlink:href)=/i.test(t))).toEqual([]);
    // The loader (after KaTeX's own script) never parses markup: it reads textContent and lets KaTeX build the nodes.
    const loader = script!.slice(katexScript().length);
    expect(loader).toContain('e.textContent');
    expect(loader).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval|Function/);
  });

  it('without KaTeX\'s script the same document is rendered ahead of time (the library\'s default)', () => {
    const html = renderHtml(doc('x^{2}'), { ...assets, katexJs: undefined });
    expect(scripts(html)).toBe(0);
    expect(html).toContain('class="katex"');
  });
});

describe(HAS_CHROMIUM || CI ? 'the compact page in headless Chromium' : `the compact page in headless Chromium (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`, () => {
  let context: BrowserContext | undefined;
  let noScript: BrowserContext | undefined;
  let file = '';
  let formulas = 0;
  beforeAll(async () => {
    const html = await page(sum(333));
    formulas = html.match(/<span class="tex/g)!.length;
    file = join(work, 'h1000.html');
    writeFileSync(file, html);
    if (!HAS_CHROMIUM) return;
    context = await launchChromium(mkdtempSync(join(work, 'profile-')));
    noScript = await launchChromium(mkdtempSync(join(work, 'profile-')), { javaScript: false });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await noScript?.close();
  });

  it.skipIf(!HAS_CHROMIUM && !CI)('every formula of the 1,000-node page is rendered on load, with no KaTeX error and no request', async () => {
    const url = `file://${file}`;
    const watched = await watchPage(context!, url);
    await watched.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await watched.page.evaluate(() => document.fonts.ready);
    const seen = await pageContent(watched.page);
    // No KaTeX error, request, console error (a script the CSP refused would be one) or dialog; no script but lagrad's.
    expect(htmlProblems(seen, watched)).toEqual([]);
    expect(seen.katex).toBe(formulas);
    expect(await watched.page.locator('span.tex').count()).toBe(0);
    expect(await watched.page.locator('script').count()).toBe(1);
    const fonts = await watched.page.evaluate(() => [...document.fonts].map((f) => `${f.family}:${f.status}`));
    expect(fonts).toContain('KaTeX_Main:loaded');
    expect(fonts.filter((f) => f.endsWith(':error'))).toEqual([]);
    await watched.page.close();
  }, 120_000);

  it.skipIf(!HAS_CHROMIUM && !CI)('without JavaScript the TeX stays readable', async () => {
    const url = `file://${file}`;
    const watched = await watchPage(noScript!, url);
    await watched.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    expect(await watched.page.locator('span.tex').count()).toBe(formulas);
    expect(await watched.page.locator('.katex').count()).toBe(0);
    expect(await watched.page.locator('span.tex.d').filter({ hasText: /^z_\{1000\}$/ }).count()).toBeGreaterThan(0);
    expect(await watched.page.locator('main').innerText()).toContain('\\mu_j = \\frac{\\partial f}{\\partial z_j}');
    expect(watched.requests).toEqual([]);
    await watched.page.close();
  }, 120_000);
});
