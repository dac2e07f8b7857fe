// Outputs stream (issue "Scale"): renderers hand chunks, the CLI writes them
// one by one (stdout, or -o's temporary file, renamed at the end), never as
// one string; the text is the same as the one-string renderers', the terminal
// guard gives the same text whatever the chunks' boundaries, and a write that
// fails half-way leaves no file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { guardChunks, guardedIo } from '../src/cli/guard.js';
import { writeFileAtomic, writeFilesAtomic, type CliIo, type Output } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { makeTheme, showColour } from '../src/cli/theme.js';
import { analyzeExpression } from '../src/pipeline.js';
import { CHUNK_CHARS, joinChunks, rechunk, separated } from '../src/render/chunks.js';
import { escapeControls } from '../src/render/escape.js';
import { jsonChunks, obj, writeJson, type Json } from '../src/render/json-writer.js';
import { renderJson } from '../src/render/json.js';
import { renderText } from '../src/render/text.js';
import { fakeIo } from './helpers/fake-io.js';

const ROOT = join(import.meta.dirname, '..');
const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagrad-stream-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A sum of `n` terms sin(x_k·k): 3n nodes, a JSON document of about 2.5 KB per term. */
const bigSum = (n: number): string => Array.from({ length: n }, (_, k) => `sin(x${k % 10}*${k + 1})`).join('+');
const SOURCE = bigSum(2000);
/** A chunk may exceed CHUNK_CHARS by what the guard carried over from the one before (a CR, a cut colour mark). */
const BOUND = CHUNK_CHARS + 64;
const longest = (chunks: readonly string[]): number => chunks.reduce((m, c) => Math.max(m, c.length), 0);

describe('chunks', () => {
  it('rechunk keeps the text, cuts it into chunks of the size, and never between the halves of a surrogate pair', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 2, max: 17 }), (parts, size) => {
      const chunks = [...rechunk(parts, size)];
      expect(chunks.join('')).toBe(parts.join(''));
      chunks.forEach((c, k) => {
        expect(c.length).toBeLessThanOrEqual(size);
        expect(c.length).toBeGreaterThan(0);
        if (k < chunks.length - 1) expect(c.length).toBeGreaterThanOrEqual(size - 1);
        if (k < chunks.length - 1) expect(/[\ud800-\udbff]$/.test(c)).toBe(false);
      });
    }));
  });

  it('separated is join and end, iterable twice; joinChunks joins any iterable', () => {
    const parts = ['a', 'b', '', 'c'];
    const s = separated(parts, '\n\n', '\n');
    expect(joinChunks(s)).toBe(`${parts.join('\n\n')}\n`);
    expect(joinChunks(s)).toBe(`${parts.join('\n\n')}\n`);
    expect(joinChunks(separated([], ',', '\n'))).toBe('\n');
    expect(joinChunks((function* () { yield 'x'; yield 'y'; })())).toBe('xy');
  });

  it('jsonChunks is writeJson in chunks of about the size given', () => {
    const value: Json = obj(['list', Array.from({ length: 500 }, (_, k) => obj(['k', k], ['name', `n${k}`], ['row', [k, k / 3, NaN]]))], ['empty', []]);
    const chunks = [...jsonChunks(value, '', 256)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join('')).toBe(writeJson(value));
    // A chunk ends between pieces, so one is at most the size and one piece longer.
    expect(longest(chunks)).toBeLessThan(256 + 64);
  });
});

describe('the terminal guard on chunks', () => {
  const theme = makeTheme(true);
  const alphabet = ['a', 'é', '😀', '\n', '\r', '\r\n', '\u001b', '\u001b[2J', '\u202e', '\u009b', '\t', theme.ok('ok'), theme.heading('H'), '\uE000'];
  const whole = (s: string, colour: boolean): string => (colour ? showColour(escapeControls(s)) : escapeControls(s));

  it('gives the text of guarding the whole, wherever the chunks end (a CR LF, an ESC or a colour mark across a boundary)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (letters, cuts, colour) => {
      const s = letters.join('');
      const at = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
      const chunks = [...at, s.length].map((end, k) => s.slice(k === 0 ? 0 : at[k - 1], end));
      expect([...guardChunks(chunks, colour)].join('')).toBe(whole(s, colour));
    }), { numRuns: 500 });
  });

  it('every split of one line with a CR LF, an ESC and a coloured word', () => {
    const s = `a\r\nb\u001b[2Jc\r${theme.bad('no')}\u202e\r`;
    for (let k = 0; k <= s.length; k++) {
      for (const colour of [false, true]) expect([...guardChunks([s.slice(0, k), s.slice(k)], colour)].join('')).toBe(whole(s, colour));
    }
  });

  it('guardedIo guards stdout\'s chunks and -o\'s chunks across their boundaries', async () => {
    const f = fakeIo();
    const io = guardedIo(f.io);
    await io.stdout.writeChunks!(['line\r', '\nnext \u001b', '[2J\r', 'x']);
    expect(f.stdout()).toBe('line\r\nnext \\x1b[2J\\rx');
    io.writeFile('out.txt', ['a\r', '\nb\u202e', '\r']);
    expect(f.files.get('out.txt')).toBe('a\r\nb\\u202e\\r');
  });
});

describe('the CLI writes in chunks', () => {
  const expected = renderJson(analyzeExpression(SOURCE, { check: false }));

  it('JSON to stdout: chunks of at most 64K units, whose concatenation is the one-string rendering', async () => {
    const f = fakeIo();
    expect(await main(['derive', SOURCE, '--format', 'json', '--no-check'], f.io)).toBe(0);
    expect(expected.length).toBeGreaterThan(4 * CHUNK_CHARS);
    expect(f.writes.stdout.length).toBeGreaterThan(4);
    expect(longest(f.writes.stdout)).toBeLessThanOrEqual(BOUND);
    expect(f.stdout()).toBe(expected);
  });

  it('JSON and text to -o: the file handed over in bounded chunks, the same text', async () => {
    const f = fakeIo();
    expect(await main(['derive', SOURCE, '--no-check', '-o', 'out.json'], f.io)).toBe(0);
    const chunks = f.writes.files.get('out.json')!;
    expect(chunks.length).toBeGreaterThan(4);
    expect(longest(chunks)).toBeLessThanOrEqual(BOUND);
    expect(f.files.get('out.json')).toBe(expected);
    expect(await main(['derive', SOURCE, '--no-check', '-o', 'out.txt'], f.io)).toBe(0);
    expect(longest(f.writes.files.get('out.txt')!)).toBeLessThanOrEqual(BOUND);
    expect(f.files.get('out.txt')).toBe(renderText(analyzeExpression(SOURCE, { check: false })));
  });
});

/** Chunks that fail after `n` of them, as a full disk would. */
function* failingAfter(content: Output, n: number): Generator<string> {
  let k = 0;
  for (const c of typeof content === 'string' ? [content] : content) {
    if (k++ === n) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    yield c;
  }
}

describe('a write that fails half-way leaves nothing behind', () => {
  /** The real file system, its writes failing after three chunks. */
  function failingDiskIo(): CliIo {
    return {
      stdout: { write: () => {} },
      stderr: { write: () => {} },
      env: {},
      readStdin: async () => '',
      readFile: (path) => readFileSync(path, 'utf8'),
      writeFile: (path, content) => writeFileAtomic(path, failingAfter(content, 3)),
    };
  }

  it('derive -o: no file, no temporary file; an existing file keeps its text', async () => {
    const dir = tmp();
    const out = join(dir, 'out.json');
    expect(await main(['derive', SOURCE, '--no-check', '-o', out], failingDiskIo())).not.toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(out, 'old');
    expect(await main(['derive', SOURCE, '--no-check', '-o', out], failingDiskIo())).not.toBe(0);
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(readFileSync(out, 'utf8')).toBe('old');
  });

  it('writeFilesAtomic: chunks that throw in the second file leave neither', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), 'old');
    const files = [
      { path: join(dir, 'a.txt'), content: ['new ', 'text'] },
      { path: join(dir, 'b.txt'), content: failingAfter(['1', '2', '3', '4'], 2) },
    ];
    expect(() => writeFilesAtomic(files)).toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
  });

  it('writeFileAtomic writes the chunks whole, a pair of surrogates split between two as one character', () => {
    const dir = tmp();
    writeFileAtomic(join(dir, 'x.txt'), rechunk(['ab😀', 'c'.repeat(5)], 3));
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe(`ab😀${'c'.repeat(5)}`);
  });
});

describe('the real binary (dist/, built by scripts/build.mjs)', () => {
  it.skipIf(!existsSync(join(ROOT, 'dist', 'cli.js')))('a reader that stops early (| head -c 100) ends lagrad quietly, exit 0', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'sum.txt'), SOURCE);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${join(ROOT, 'bin', 'lagrad.js')}" derive --file "${join(dir, 'sum.txt')}" --format json --no-check | head -c 100; echo "|\${PIPESTATUS[0]}"`], {
      encoding: 'utf8', timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('{\n  "schema": "lagrad/derivation@1"')).toBe(true);
    expect(r.stdout.endsWith('|0\n')).toBe(true);
  });
  it.skipIf(!existsSync(join(ROOT, 'dist', 'cli.js')))('a reader that stops early does not change the exit code: a point without a derivative is still 1', () => {
    const dir = tmp();
    // abs at x = 0: a kink, so derive reports the point and exits 1, whoever reads its output.
    writeFileSync(join(dir, 'kink.txt'), `abs(x) + ${SOURCE}`);
    const cmd = `"${process.execPath}" "${join(ROOT, 'bin', 'lagrad.js')}" derive --file "${join(dir, 'kink.txt')}" --at x=0 --format json`;
    const whole = spawnSync('bash', ['-c', `${cmd} > /dev/null; echo "|$?"`], { encoding: 'utf8', timeout: 120_000 });
    const piped = spawnSync('bash', ['-c', `${cmd} | head -c 100 > /dev/null; echo "|\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 120_000 });
    expect(whole.stdout).toBe('|1\n');
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe('|1\n');
  });
});

describe('the library: each *Chunks renderer joins to its string renderer', () => {
  it('text, JSON, LaTeX, HTML, Markdown of an expression, a program and a list', async () => {
    const api = await import('../src/index.js');
    const a = api.analyzeExpression('ln(x1) + x1*x2 - sin(x2)', { at: new Map([['x1', 2], ['x2', 5]]) });
    expect(api.joinChunks(api.renderJsonChunks(a))).toBe(api.renderJson(a));
    expect(api.joinChunks(api.renderTextChunks(a))).toBe(api.renderText(a));
    const p = api.deriveProgram('param x; y = sin(x); l = x*y', { at: new Map([['x', 0.5]]) });
    expect(api.joinChunks(api.renderProgramJsonChunks(p))).toBe(api.renderProgramJson(p));
    expect(api.joinChunks(api.renderProgramTextChunks(p))).toBe(api.renderProgramText(p));
    const l = api.analyzeExpressionList('[x*y, sin(x)]');
    expect(api.joinChunks(api.renderListJsonChunks(l))).toBe(api.renderListJson(l));
    expect(api.joinChunks(api.renderListTextChunks(l))).toBe(api.renderListText(l));
    const doc = api.buildDocument([{ analysis: a }, { analysis: api.analyzeExpression('exp(sin(t))') }], { title: 'Two' });
    const template = (name: string) => readFileSync(join(ROOT, 'templates', name), 'utf8');
    expect(api.joinChunks(api.renderLatexChunks(doc, template('handout.tex')))).toBe(api.renderLatex(doc, template('handout.tex')));
    expect(api.joinChunks(api.renderMarkdownChunks(doc))).toBe(api.renderMarkdown(doc));
    const assets = { template: template('handout.html'), css: template('handout.css'), katexCss: '/* KaTeX */' };
    const chunks = api.renderHtmlChunks(doc, assets);
    expect(api.joinChunks(chunks)).toBe(api.renderHtml(doc, assets));
    // The template's chunks can be taken again (its values are arrays or separated parts).
    expect(api.joinChunks(chunks)).toBe(api.renderHtml(doc, assets));
  });

  it('a template error is thrown when the renderer is called, before any chunk is taken', async () => {
    const { renderLatexChunks, buildDocument, analyzeExpression: analyze } = await import('../src/index.js');
    const doc = buildDocument([{ analysis: analyze('x^2') }]);
    expect(() => renderLatexChunks(doc, '\\begin{document}{{nobody}}\\end{document}')).toThrow(/unknown placeholder/);
    expect(() => renderLatexChunks(doc, 'no body here')).toThrow(/has no \{\{body\}\}/);
  });
});
