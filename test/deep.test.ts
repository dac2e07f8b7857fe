// Size and depth: nesting 1,000 deep parses (on a worker with a larger stack),
// deeper than the limit is a clear error, and graphs 10,000 deep or 100,000
// wide are derived, checked and rendered without overflowing the stack.
import { describe, expect, it } from 'vitest';
import { Arena } from '../src/ir/arena.js';
import { Builder } from '../src/ir/build.js';
import { main } from '../src/cli/main.js';
import { analyzeExpression, analyzeParsed } from '../src/pipeline.js';
import { renderJson } from '../src/render/json.js';
import { renderText } from '../src/render/text.js';
import { fakeIo } from './helpers/fake-io.js';

describe('deep and wide inputs', () => {
  it('parses brackets nested 1,000 deep', () => {
    const src = `${'sin('.repeat(1000)}x${')'.repeat(1000)}`;
    const a = analyzeExpression(src, { at: new Map([['x', 0.5]]) });
    expect(a.derivation.graph.m).toBe(1001);
    expect(a.check!.ok).toBe(true);
    let expected = 0.5;
    for (let k = 0; k < 1000; k++) expected = Math.sin(expected);
    expect(a.point.z[1001]).toBeCloseTo(expected, 12);
  });

  it('parses long operator chains (a^b^c…, - - - x)', () => {
    const neg = analyzeExpression(`${'-'.repeat(3001)}x`, { at: new Map([['x', 2]]), check: false });
    expect(neg.mu[1]).toBe(-1);
    const pow = analyzeExpression(`x^${'1^'.repeat(2000)}1`, { at: new Map([['x', 3]]), check: false });
    expect(pow.point.z[pow.derivation.graph.m]).toBe(3);
  });

  it('refuses nesting beyond --max-depth with the position, exit 2', async () => {
    const f = fakeIo();
    const src = `${'('.repeat(60)}x${')'.repeat(60)}`;
    expect(await main(['derive', src, '--max-depth', '50'], f.io)).toBe(2);
    expect(f.stdout()).toBe('');
    expect(f.stderr()).toBe('lagrad: error: 1:60: expression nested deeper than the limit of 50 levels (raise it with --max-depth, up to 100,000)\n');
  });

  it('refuses nesting beyond the default limit of 10,000 without a RangeError', async () => {
    const f = fakeIo();
    const src = `${'('.repeat(10_001)}x${')'.repeat(10_001)}`;
    expect(await main(['derive', src], f.io)).toBe(2);
    expect(f.stderr()).toMatch(/^lagrad: error: 1:10001: expression nested deeper than the limit of 10000 levels \(raise it with --max-depth, up to 100,000\)\n$/);
  });

  it('derives and renders a graph 10,000 levels deep built through the library', () => {
    const b = new Builder(new Arena());
    const x = b.sym('x');
    const y = b.sym('y');
    let r = x;
    for (let k = 0; k < 10_000; k++) r = b.call('sin', b.mul(r, y));
    const a = analyzeParsed({ source: 'chain', builder: b, root: r, symbols: ['x', 'y'], inputs: ['x', 'y'], constants: [] }, { at: new Map([['x', 0.7], ['y', 1.01]]) });
    expect(a.derivation.graph.m).toBe(20_002);
    expect(a.check!.ok).toBe(true);
    expect(a.check!.coverage).not.toBe('all');
    expect(a.check!.direction!.ok).toBe(true);
    expect(renderText(a).length).toBeGreaterThan(20_000 * 50);
    expect(JSON.parse(renderJson(a)).nodes).toHaveLength(20_002);
  });

  it('derives a sum of 100,000 terms', () => {
    const terms = Array.from({ length: 100_000 }, (_, k) => `x${k % 50}*y${k % 7}`);
    const a = analyzeExpression(terms.join(' + '), { seed: 1 });
    const { m, d } = a.derivation.graph;
    expect(d).toBe(57);
    // 350 distinct products x_i·y_j (hash-consed: one node each), then 99,999 additions.
    expect(m).toBe(57 + 350 + 99_999);
    expect(a.check!.ok).toBe(true);
    // ∂f/∂x0 = Σ over the terms that use x0 of y_{k mod 7}: exact by counting.
    const yValue = (k: number): number => a.point.values.get(`y${k}`)!;
    let expected = 0;
    for (let k = 0; k < 100_000; k += 50) expected += yValue(k % 7);
    expect(a.mu[1]).toBeCloseTo(expected, 6);
  });
});
