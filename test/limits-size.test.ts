// The size limits of one expression (issue 14), tested by their refusal, never
// by timing: each is checked before the work that would break it, exit 2, one
// line with a position, naming the limit and how to get within it or raise it.
// Large inputs come from --file (an argument is limited to 128 KiB by the system).
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { NODE_LIMITS } from '../src/cli/options.js';
import { ITEMS_PER_NODE, MAX_DEPTH_LIMIT } from '../src/parse/deep.js';
import { parseExpression } from '../src/parse/expr.js';
import { InputError } from '../src/parse/errors.js';
import { analyzeExpression, CLAIMS_NODE_LIMIT } from '../src/pipeline.js';
import { fakeIo } from './helpers/fake-io.js';

async function run(args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

/** x0 + x1 + … + x(n−1): n inputs and n − 1 additions, 2n − 1 nodes. */
const sumOf = (n: number): string => Array.from({ length: n }, (_, k) => `x${k}`).join(' + ');

describe('node limits, by format and command', () => {
  it('a sum of 10⁶ terms is refused before parsing, at the term beyond the limit', async () => {
    const src = sumOf(1_000_000);
    const r = await run(['derive', '--file', 'big.txt'], { 'big.txt': src });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const items = NODE_LIMITS.text * ITEMS_PER_NODE;
    expect(r.err).toMatch(new RegExp(`^lagrad: error: (big\\.txt:)?1:\\d+: the expression has more than ${items.toLocaleString('en-US')} names, numbers and operators, more than a graph within the limit of 100,000 nodes for one expression; no option raises it: split the expression into parts\\n$`));
    // The position is the item past the limit: x0 + x1 … counts two items a term.
    const column = Number(/ (?:big\.txt:)?1:(\d+):/.exec(r.err)![1]);
    expect(src.slice(0, column - 1).split('+').length).toBe(items / 2 + 1);
  });

  it('--format html refuses a graph beyond 10,000 nodes before rendering, and says which formats take more', async () => {
    const n = NODE_LIMITS.html / 2 + 1; // 10,001 nodes, few items: refused on the graph, after parsing
    const r = await run(['derive', '--file', 'f.txt', '--format', 'html', '--no-check'], { 'f.txt': sumOf(n) });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`lagrad: error: 1:1: the computation graph has 10,001 nodes, more than the limit of 10,000 for --format html; use --format latex or md (up to 100,000 nodes), or split the expression\n`);
  });

  it('--format html refuses text far beyond its limit before parsing', async () => {
    const r = await run(['derive', '--file', 'f.txt', '-o', 'h.html'], { 'f.txt': sumOf(60_000) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^lagrad: error: 1:\d+: the expression has more than 40,000 names, numbers and operators, more than a graph within the limit of 10,000 nodes for --format html; use --format latex or md/);
  });

  it('text, JSON, LaTeX and Markdown refuse a graph beyond 100,000 nodes', async () => {
    const src = sumOf(NODE_LIMITS.text / 2 + 1);
    for (const format of ['text', 'json', 'latex', 'md']) {
      const r = await run(['derive', '--file', 'f.txt', '--format', format], { 'f.txt': src });
      expect(r.code, format).toBe(2);
      expect(r.err).toBe('lagrad: error: 1:1: the computation graph has 100,001 nodes, more than the limit of 100,000 for one expression; no option raises it: split the expression into parts\n');
    }
  });

  it('lagrad trace and lagrad graph take the text limit too', async () => {
    const src = sumOf(NODE_LIMITS.text / 2 + 1);
    for (const command of ['trace', 'graph']) {
      const r = await run([command, '--file', 'f.txt'], { 'f.txt': src });
      expect(r.code, command).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('the computation graph has 100,001 nodes, more than the limit of 100,000');
    }
  });

  it('lagrad check refuses a graph beyond 10,000 nodes before judging', async () => {
    const r = await run(['check', '--file', 'f.txt', '--grad', 'x1=1'], { 'f.txt': sumOf(CLAIMS_NODE_LIMIT.nodes / 2 + 1) });
    expect(r.code).toBe(2);
    expect(r.err).toBe('lagrad: error: 1:1: the computation graph has 10,001 nodes, more than the limit of 10,000 for checking claims; check the claim on a smaller part of the expression\n');
  });

  it('a handout shares the format\'s limit among its problems', async () => {
    const yaml = `problems:\n  - expression: ${sumOf(3000)}\n  - expression: ${sumOf(3000)}\n`;
    const html = await run(['handout', 'p.yaml', '-o', 'h.html'], { 'p.yaml': yaml });
    expect(html.code).toBe(2);
    expect(html.err).toMatch(/^lagrad: error: p\.yaml:3:\d+: problem 2: .*the computation graph has 5,999 nodes, more than the limit of 4,001 for --format html \(one document: what the earlier problems left of 10,000\)/);
  });

  it('the limit is inclusive: a graph of exactly the limit is derived', () => {
    const a = analyzeExpression(sumOf(6), { nodeLimit: { nodes: 11, what: 'here', raise: 'no' }, check: false });
    expect(a.derivation.graph.m).toBe(11);
    expect(() => analyzeExpression(sumOf(7), { nodeLimit: { nodes: 12, what: 'here', raise: 'no' }, check: false })).toThrow(InputError);
  });

  it('the library has no node limit unless asked (the 100,000-term sum of deep.test.ts)', () => {
    expect(() => analyzeExpression(sumOf(60_000), { check: false })).not.toThrow();
  });
});

describe('the nesting limit', () => {
  it('--max-depth is accepted up to what parses, and refused above it', async () => {
    const r = await run(['derive', 'x', '--max-depth', String(MAX_DEPTH_LIMIT + 1)]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`lagrad: error: --max-depth takes a whole number from 1 to ${MAX_DEPTH_LIMIT}, got ${MAX_DEPTH_LIMIT + 1}\n`);
    expect((await run(['derive', '(x)', '--max-depth', String(MAX_DEPTH_LIMIT), '--no-check'])).code).toBe(0);
  });

  it(`brackets nested ${MAX_DEPTH_LIMIT.toLocaleString('en-US')} deep (the maximum) parse`, () => {
    const p = parseExpression(`${'('.repeat(MAX_DEPTH_LIMIT)}x${')'.repeat(MAX_DEPTH_LIMIT)}`, { maxDepth: MAX_DEPTH_LIMIT });
    expect(p.inputs).toEqual(['x']);
  }, 120_000);

  it('a depth beyond the default says how to raise it; beyond the maximum, that it is the maximum', async () => {
    const r = await run(['derive', `${'('.repeat(60)}x${')'.repeat(60)}`, '--max-depth', '50']);
    expect(r.err).toBe(`lagrad: error: 1:60: expression nested deeper than the limit of 50 levels (raise it with --max-depth, up to ${MAX_DEPTH_LIMIT.toLocaleString('en-US')})\n`);
    expect(() => parseExpression(`${'('.repeat(MAX_DEPTH_LIMIT + 1)}x${')'.repeat(MAX_DEPTH_LIMIT + 1)}`, { maxDepth: 10 ** 6 }))
      .toThrow(`expression nested deeper than the limit of ${MAX_DEPTH_LIMIT} levels (the most lagrad parses)`);
  });
});

describe('the forward work of a program', () => {
  it('four 1200×1200 matrix products in one line are refused before any evaluation, at the statement', async () => {
    const r = await run(['derive', 'param A[1200,1200]; B = A*A*A*A*A; loss = sum(B)']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("lagrad: error: 1:25: in 'B = A*A*A*A*A': one evaluation of the program would take 6.9e+9 units of work (multiply-adds of its matrix products and entries of its values), more than the limit of 1e+9; no option raises it: use smaller shapes\n");
  });

  it('a width-1,000, batch-256 layer (2.6·10⁸ multiply-adds) is within it', async () => {
    const r = await run(['derive', 'param W[1000,1000]; data X[1000,256]; H = tanh(W*X); loss = sum(H)', '--no-check', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
  }, 120_000);
});
