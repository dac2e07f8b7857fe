// A wide graph stays legible in LaTeX: no label under 7 pt. Left to right
// when that fits, else top to bottom, else in parts that each fit the page,
// with the edges between parts ending and starting at named stubs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const HAS_PDFLATEX = spawnSync('pdflatex', ['--version'], { stdio: 'ignore' }).status === 0;

async function tex(yaml: string): Promise<string> {
  const f = fakeIo({ files: { 'net.yaml': yaml } });
  const code = await main(['derive', 'net.yaml', '-o', 'net.tex', '--no-check'], f.io);
  expect(code, f.stderr()).toBe(0);
  return f.files.get('net.tex')!;
}

const layers = (units: readonly number[], acts: readonly string[]) => units.map((u, k) => `  - {units: ${u}, activation: ${k === units.length - 1 ? 'identity' : acts[k % acts.length]}, bias: true}`).join('\n');
const WIDE = `input: 784\noutput: 10\nbatch: 64\nlayers:\n${layers([512, 256, 10], ['tanh', 'sigmoid', 'identity'])}\nloss: softmax-cross-entropy\n`;
const DEEP = `input: 784\noutput: 10\nbatch: 64\nlayers:\n${layers([512, 256, 128, 64, 32, 10], ['tanh', 'sigmoid'])}\nloss: softmax-cross-entropy\n`;

/** The smallest font in each picture, in pt as printed: 8 pt labels and 10 pt nodes times the picture's scale. */
function smallestFonts(doc: string): number[] {
  const pictures = [...doc.matchAll(/\\begin\{tikzpicture\}\[([^\n]*)\n([\s\S]*?)\\end\{tikzpicture\}/g)];
  return pictures.map((m) => {
    const scale = Number(/scale=([\d.]+)/.exec(m[1]!)?.[1] ?? 1);
    const sizes = [...m[2]!.matchAll(/\\fontsize\{([\d.]+)\}/g)].map((f) => Number(f[1]));
    // Fonts by size command would depend on the template: every font is given in points.
    expect(m[2]).not.toMatch(/\\(scriptsize|tiny|footnotesize|small)\b/);
    return Math.min(...sizes) * scale;
  });
}

describe('the graph in LaTeX stays legible', () => {
  it('a three-layer network: one picture, no label under 7 pt (top to bottom)', async () => {
    const doc = await tex(WIDE);
    const fonts = smallestFonts(doc);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toBeGreaterThanOrEqual(7);
  });

  it('a six-layer network: in parts, each node drawn once, every cut edge named at both ends', async () => {
    const doc = await tex(DEEP);
    const fonts = smallestFonts(doc);
    expect(fonts.length).toBeGreaterThan(1);
    for (const f of fonts) expect(f).toBeGreaterThanOrEqual(7);
    const nodes = [...doc.matchAll(/\\node\[(input|op|output)[^\]]*\] \((z\d+)\)/g)].map((m) => m[2]!);
    expect(new Set(nodes).size).toBe(nodes.length);
    expect(nodes.length).toBe(12 + 2 + 12);
    const to = [...doc.matchAll(/node\[cut, anchor=west\] \{to \$([^$]+)\$\}/g)].map((m) => m[1]);
    const from = [...doc.matchAll(/node\[cut, anchor=east\] \{from \$([^$]+)\$\}/g)].map((m) => m[1]);
    expect(to.length).toBeGreaterThan(0);
    expect(to.length).toBe(from.length);
  });

  it('a small graph is drawn as before, left to right at full size', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'exp(sin(t))', '--at', 't=0.5', '--format', 'latex'], f.io)).toBe(0);
    const fonts = smallestFonts(f.stdout());
    expect(fonts).toEqual([8]);
  });

  it.skipIf(!HAS_PDFLATEX)('the parts compile with pdflatex, and no picture is wider than the text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagrad-tikz-'));
    writeFileSync(join(dir, 'net.tex'), await tex(DEEP));
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'net.tex'], { cwd: dir, timeout: 120_000, encoding: 'utf8' });
    const log = readFileSync(join(dir, 'net.log'), 'utf8');
    expect(log, 'pdflatex stopped with an error').not.toMatch(/^! /m);
    expect(r.status).toBe(0);
    // A picture wider than the text would be an overfull box.
    expect(log).not.toMatch(/Overfull \\hbox/);
  }, 130_000);
});
