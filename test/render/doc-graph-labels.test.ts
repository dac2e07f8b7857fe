// The drawn graph's labels (issue 12): typeset as the LaTeX is (μ_yhat with
// yhat as a subscript, Wᵀ and ℝ^{2×4} raised, no raw _ or ˣ), and clear of
// the arrowheads: each label keeps its distance from the nodes at both ends
// of its edge, and in Chromium its text stays inside its white box and away
// from every arrowhead.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { layoutGraph } from '../../src/render/graph-layout.js';
import { richText, svgTextWidth } from '../../src/render/graph-svg.js';
import { fakeIo } from '../helpers/fake-io.js';

const CI = process.env.CI === 'true';
const CHROMIUM = process.env.LAGRAD_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Note 003's six operations, with the label 2·π·cos(2·π·z₃). */
const NOTE_003 = ['(sin(2*pi*w1/w2) + 3*w1/w2 - exp(2*w2)) * (3*w1/w2 - exp(2*w2))', '--at', 'w1=1.2,w2=0.5'];
const LINEAR = ['param W[2,4]; data z[4]; data y[2]; yhat = W*z; loss = sqnorm(yhat - y)'];

async function derive(args: string[]): Promise<string> {
  const f = fakeIo();
  expect(await main(['derive', ...args, '--format', 'html'], f.io), f.stderr()).toBe(0);
  return f.stdout();
}

/** The text of an SVG label as drawn: tags dropped. */
const drawn = (svgText: string): string => svgText.replace(/<[^>]+>/g, '');

/** The baseline at the end of a label, in em of its font: 0 when every sub- and superscript came back down. */
function finalShift(tspans: string): number {
  let shift = 0;
  for (const m of tspans.matchAll(/<tspan([^>]*)>/g)) {
    const dy = /dy="(-?[\d.]+)em"/.exec(m[1]!);
    if (dy) shift += Number(dy[1]) * (m[1]!.includes('font-size="72%"') ? 0.72 : 1);
  }
  return shift;
}

describe('labels typeset as the LaTeX is', () => {
  it('μ_yhat: yhat as a subscript, upright; zᵀ: T raised', () => {
    const t = richText('μ_yhat·zᵀ');
    expect(t).toMatch(/<tspan font-style="italic">μ<\/tspan><tspan font-size="72%" dy="[\d.]+em">yhat<\/tspan>/);
    expect(t).toMatch(/<tspan font-size="72%" dy="-[\d.]+em">T<\/tspan>$/);
    expect(drawn(t)).toBe('μyhat·zT');
  });
  it('ℝ²ˣ⁴ as ℝ^{2×4}', () => {
    const t = richText('W ∈ ℝ²ˣ⁴');
    expect(t).toMatch(/ℝ<tspan font-size="72%" dy="-[\d.]+em">2×4<\/tspan>$/);
    expect(t).not.toMatch(/[ˣ²⁴]/);
  });
  it('a function named with an underscore keeps it: leaky_relu(x)', () => {
    expect(drawn(richText('leaky_relu(x)'))).toBe('leaky_relu(x)');
  });
  it.each(['z₁/z₂²', 'μ_yhat·zᵀ', 'W ∈ ℝ²ˣ⁴', '2·π·cos(2·π·z₃)', 'x₁₂ + z²·y₃', 'μ_a·b₂ᵀ − c'])('the baseline comes back after every script: %s', (s) => {
    // What follows the label's last script sits on the baseline again.
    expect(finalShift(richText(`${s} x`))).toBeCloseTo(0, 9);
  });
  it('a program graph in HTML: no raw _, ˣ or ᵀ in its labels', async () => {
    const html = await derive(LINEAR);
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    const texts = [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!);
    expect(texts.map(drawn)).toEqual(expect.arrayContaining(['W ∈ ℝ2×4', 'μyhat·zT']));
    for (const t of texts) expect(drawn(t)).not.toMatch(/[_ˣᵀ²⁴]/);
  });
});

describe('edge labels keep clear of the nodes at both ends', () => {
  it('the layout leaves half the rank gap and the clearance between a label and each end', () => {
    const label = { w: svgTextWidth('2·π·cos(2·π·z₃)', 12) + 6, h: 16 };
    const nodes = [1, 2, 3].map((index) => ({ index, size: { w: 60, h: 30 } }));
    const layout = layoutGraph({ nodes, edges: [{ from: 1, to: 2, label }, { from: 2, to: 3, label: { w: 10, h: 16 } }], rankGap: 48, labelClearance: 12 });
    for (const e of layout.edges) {
      const from = layout.nodes.find((n) => n.index === e.from)!;
      const to = layout.nodes.find((n) => n.index === e.to)!;
      const w = e.from === 1 ? label.w : 10;
      expect(e.label!.x - w / 2 - (from.x + from.w / 2)).toBeGreaterThanOrEqual(24 + 12 - 0.5);
      expect(to.x - to.w / 2 - (e.label!.x + w / 2)).toBeGreaterThanOrEqual(24 + 12 - 0.5);
    }
  });
});

describe(HAS_CHROMIUM || CI ? 'edge labels in Chromium' : `edge labels in Chromium (skipped: no Chromium at ${CHROMIUM})`, () => {
  let browser: Browser | undefined;
  const work = mkdtempSync(join(tmpdir(), 'lagrad-doc-graph-'));
  beforeAll(async () => {
    if (HAS_CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const [what, input] of [["note 003's graph", NOTE_003], ['a program', LINEAR]] as const) {
    it.skipIf(!HAS_CHROMIUM && !CI)(`${what}: every label inside its box and clear of every arrowhead`, async () => {
      const file = join(work, `${what.replace(/\W+/g, '-')}.html`);
      writeFileSync(file, await derive([...input]));
      const page = await browser!.newPage();
      await page.goto(`file://${file}`);
      const found = await page.evaluate(() => {
        const svg = document.querySelector('svg.lagrad-graph') as SVGSVGElement;
        // Arrowhead tips: the end of each edge's path (markerWidth 7 × stroke 1.2 long, back along the edge).
        const tips = [...svg.querySelectorAll('path.edge')].map((p) => {
          const path = p as SVGPathElement;
          const end = path.getPointAtLength(path.getTotalLength());
          return { x: end.x, y: end.y };
        });
        return [...svg.querySelectorAll('g.edge-label')].map((g) => {
          const t = (g.querySelector('text') as SVGTextElement).getBBox();
          const r = g.querySelector('rect')!;
          const rect = { x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), w: Number(r.getAttribute('width')), h: Number(r.getAttribute('height')) };
          const distance = Math.min(...tips.map((p) => Math.hypot(Math.max(t.x - p.x, 0, p.x - (t.x + t.width)), Math.max(t.y - p.y, 0, p.y - (t.y + t.height)))));
          return { label: g.textContent, text: { x: t.x, w: t.width }, rect, distance };
        });
      });
      await page.close();
      expect(found.length).toBeGreaterThan(3);
      for (const l of found) {
        // The white box hides the edge under the whole text.
        expect(l.text.x, l.label!).toBeGreaterThanOrEqual(l.rect.x);
        expect(l.text.x + l.text.w, l.label!).toBeLessThanOrEqual(l.rect.x + l.rect.w);
        // An arrowhead (8.4 px long) and a clear space of a font size (12 px) between it and any label.
        expect(l.distance, l.label!).toBeGreaterThanOrEqual(8.4 + 12);
      }
    }, 60_000);
  }
});
