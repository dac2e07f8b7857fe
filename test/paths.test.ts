// Note 004's path sums (src/derive/paths.ts, `derive --paths`): every path from
// an input to the output, the product of its edge partials, and their sum,
// which is the gradient the μ recursion computes; counted by dynamic
// programming where there are too many to list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathSumsOf } from '../src/cli/commands/derive.js';
import { main } from '../src/cli/main.js';
import { countPaths, EXACT_COUNT, pathSums, powerOfTwo, type PathLimits } from '../src/derive/paths.js';
import { Arena } from '../src/ir/arena.js';
import { Builder } from '../src/ir/build.js';
import { parseExpression } from '../src/parse/expr.js';
import { analyzeExpression, analyzeParsed, type Analysis } from '../src/pipeline.js';
import { formatCount, pathSumAgrees, pathsSection } from '../src/render/text.js';
import { compileReal } from '../src/verify/evaluate.js';
import { close, SAME_SUM } from '../src/verify/tolerance.js';
import { fakeIo } from './helpers/fake-io.js';
import { atFor, evaluate, KINK_DISTANCE, MAX_MAGNITUDE, point, PROPERTY_PARAMS, smoothExpr, toText } from './property/arbitraries.js';

const SURVEY = 'ln(x1) + x1*x2 - sin(x2)';
const at = (s: Record<string, number>): Map<string, number> => new Map(Object.entries(s));

/** x, then L layers u ← sin(u) + cos(u): two routes per layer, so 2^L paths from x, 3L + 1 nodes, 4L edges. */
function ladder(L: number, x = 0.3): Analysis {
  const b = new Builder(new Arena());
  let u = b.sym('x');
  for (let l = 0; l < L; l++) u = b.add(b.call('sin', u), b.call('cos', u));
  return analyzeParsed({ source: `ladder of ${L}`, builder: b, root: u, symbols: ['x'], inputs: ['x'], constants: [] }, { at: at({ x }), check: false });
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const f = fakeIo();
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

describe('path sums', () => {
  it('the survey example: two paths from each input, summing to 5.5 and 2 − cos 5', () => {
    const a = analyzeExpression(SURVEY, { at: at({ x1: 2, x2: 5 }) });
    const p = pathSumsOf(a);
    expect(p.nodes).toBe(7);
    expect(p.edges).toBe(8);
    const [x1, x2] = p.inputs;
    expect(x1!.name).toBe('x1');
    expect(x1!.count).toBe(2n);
    expect(x1!.rows!.map((r) => r.nodes)).toEqual([[1, 3, 5, 7], [1, 4, 5, 7]]);
    expect(x1!.rows!.map((r) => r.value)).toEqual([0.5, 5]);
    expect(x1!.sum).toBe(5.5);
    expect(x2!.count).toBe(2n);
    expect(x2!.rows!.map((r) => r.nodes)).toEqual([[2, 4, 5, 7], [2, 6, 7]]);
    expect(x2!.rows![1]!.factors).toEqual([Math.cos(5), -1]);
    expect(x2!.sum).toBeCloseTo(2 - Math.cos(5), 14);
    for (const q of p.inputs) {
      expect(q.recursion).toBe(a.mu[q.node]);
      expect(pathSumAgrees(q)).toBe(true);
    }
    const text = pathsSection(a, p).join('\n');
    expect(text).toContain('z₁ → z₃ → z₅ → z₇  1/z₁ · 1 · 1  = 0.5');
    expect(text).toContain('z₂ → z₆ → z₇       cos(z₂) · (−1)  = −0.283662');
    expect(text).toContain('Σ = 5.5  ✓ equal to ∂f/∂x1 = 5.5 from the μ recursion');
    expect(text).toContain('paths: 2, edges: 8');
  });

  it('a diamond: sin(x)·cos(x) has two paths from x, summing to cos 2x', () => {
    const a = analyzeExpression('sin(x)*cos(x)', { at: at({ x: 0.7 }) });
    const [x] = pathSumsOf(a).inputs;
    expect(x!.count).toBe(2n);
    expect(x!.rows!.map((r) => r.nodes)).toEqual([[1, 2, 4], [1, 3, 4]]);
    expect(close(x!.sum!, Math.cos(1.4), SAME_SUM)).toBe(true);
    expect(pathSumAgrees(x!)).toBe(true);
  });

  it('an input that folds away has no path, an empty sum, and gradient 0', () => {
    const a = analyzeExpression('x^0 + y', { at: at({ x: 2, y: 3 }), wrt: ['x', 'y'] });
    const byName = new Map(pathSumsOf(a).inputs.map((q) => [q.name, q]));
    expect(byName.get('x')!.count).toBe(0n);
    expect(byName.get('x')!.rows).toEqual([]);
    expect(byName.get('x')!.sum).toBe(0);
    expect(pathSumAgrees(byName.get('x')!)).toBe(true);
  });

  it('a ladder of L layers has 2^L paths: counted by the DP, listed only up to the limit', () => {
    for (const L of [1, 2, 5, 6]) {
      const a = ladder(L);
      const [x] = pathSumsOf(a).inputs;
      expect(x!.count).toBe(2n ** BigInt(L));
      expect(x!.rows!.length).toBe(2 ** L);
      expect(pathSumAgrees(x!)).toBe(true);
    }
    // 2^7 = 128 > 64 per input: counted, not listed.
    const seven = pathSumsOf(ladder(7));
    expect(seven.inputs[0]!.count).toBe(128n);
    expect(seven.inputs[0]!.rows).toBeNull();
    expect(seven.inputs[0]!.unlisted).toBe('many');
    expect(seven.inputs[0]!.sum).toBeNull();
    const thirty = ladder(30);
    const p = pathSumsOf(thirty);
    expect(p.inputs[0]!.count).toBe(2n ** 30n);
    expect(p.nodes).toBe(91);
    expect(p.edges).toBe(120);
    const text = pathsSection(thirty, p).join('\n');
    expect(text).toContain('    paths: 1073741824 = 2³⁰, edges: 120\n    not listed: more than 64 paths, so they are counted by count(j)');
    expect(text).not.toContain('→');
  });

  it('counts the paths of 10⁴ nodes exactly (a BigInt beyond 2^53, ≈ in the text)', () => {
    const L = 3333;
    const a = ladder(L);
    expect(a.derivation.graph.m).toBe(3 * L + 1);
    const count = countPaths(a.derivation);
    expect(count[1]).toBe(2n ** BigInt(L));
    expect(powerOfTwo(count[1]!)).toBe(L);
    const p = pathSumsOf(a);
    expect(p.inputs[0]!.rows).toBeNull();
    expect(count[1]! > EXACT_COUNT).toBe(true);
    expect(formatCount(count[1]!)).toMatch(/^≈ \d\.\d+e\+1003$/);
    expect(formatCount(2n ** 53n)).toBe('9007199254740992');
    expect(formatCount(2n ** 53n + 1n)).toBe('≈ 9.0072e+15');
  });

  it('a long chain is not listed past the length limit, and the row bound is shared by the inputs', () => {
    const limits: PathLimits = { perInput: 64, rows: 3, length: 4 };
    const a = analyzeExpression('sin(sin(sin(sin(sin(x))))) + y*z + y', { at: at({ x: 0.5, y: 2, z: 3 }) });
    const values = { z: a.point.z, mu: a.mu, partialValue: (id: Parameters<typeof compileReal>[1]) => compileReal(a.derivation.graph.builder, id, a.point.values)(a.point.z) };
    const p = pathSums(a.derivation, values, limits);
    const byName = new Map(p.inputs.map((q) => [q.name, q]));
    expect(byName.get('x')!.unlisted).toBe('long');
    expect(byName.get('x')!.longest).toBeGreaterThan(4);
    expect(byName.get('y')!.count).toBe(2n);
    expect(byName.get('y')!.rows!.length).toBe(2);
    // One row left for z, which has one path.
    expect(byName.get('z')!.count).toBe(1n);
    expect(byName.get('z')!.rows!.length).toBe(1);
  });

  it('on random small expressions, the path sum of each input is the recursion\'s μ, and the DP count is the number of paths', () => {
    const big: PathLimits = { perInput: 4096, rows: 1 << 16, length: 1 << 10 };
    fc.assert(
      fc.property(smoothExpr, point, (e, pt) => {
        const text = toText(e);
        const p0 = atFor(e, pt);
        const where = (point: Map<string, number>): string => `${text} at ${JSON.stringify(Object.fromEntries(point))}`;
        const ref = evaluate(e, p0);
        fc.pre(Number.isFinite(ref.value) && ref.maxAbs <= MAX_MAGNITUDE);
        fc.pre(ref.kinkArgs.every((u) => Math.abs(u) > KINK_DISTANCE));
        const parsed = parseExpression(text);
        fc.pre(!parsed.builder.isConst(parsed.root));
        const a = analyzeParsed(parsed, { at: p0, check: false });
        fc.pre(a.point.problem === null);
        const b = a.derivation.graph.builder;
        const p = pathSums(a.derivation, { z: a.point.z, mu: a.mu, partialValue: (id) => compileReal(b, id, a.point.values)(a.point.z) }, big);
        for (const q of p.inputs) {
          expect(q.rows, where(p0)).not.toBeNull();
          expect(BigInt(q.rows!.length), where(p0)).toBe(q.count);
          expect(new Set(q.rows!.map((r) => r.nodes.join(' '))).size).toBe(q.rows!.length);
          for (const r of q.rows!) {
            expect(r.nodes[0]).toBe(q.node);
            expect(r.nodes[r.nodes.length - 1]).toBe(a.derivation.graph.m);
          }
          expect(pathSumAgrees(q), `${where(p0)}: ∂f/∂${q.name}: Σ paths = ${q.sum}, μ = ${q.recursion}`).toBe(true);
        }
      }),
      PROPERTY_PARAMS,
    );
  });
});

describe('derive --paths', () => {
  it('adds the section to the text, and the "paths" key last to the JSON', async () => {
    const t = await run(['derive', SURVEY, '--at', 'x1=2,x2=5', '--paths']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/\nPath sums {2}note 004/);
    const j = await run(['derive', SURVEY, '--at', 'x1=2,x2=5', '--paths', '--format', 'json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.out) as Record<string, unknown>;
    expect(Object.keys(doc).at(-1)).toBe('paths');
    const paths = doc.paths as Record<string, { count: number; rows: { nodes: string[]; value: number }[]; sum: number }>;
    expect(Object.keys(paths)).toEqual(['x1', 'x2']);
    expect(paths.x1!.count).toBe(2);
    expect(paths.x1!.rows.map((r) => [r.nodes, r.value])).toEqual([[['z1', 'z3', 'z5', 'z7'], 0.5], [['z1', 'z4', 'z5', 'z7'], 5]]);
    expect(paths.x1!.sum).toBe(5.5);
    const plain = await run(['derive', SURVEY, '--at', 'x1=2,x2=5', '--format', 'json']);
    expect(JSON.parse(plain.out)).not.toHaveProperty('paths');
  });

  it('writes a count beyond 2^53 as a string of digits, with rows [] and sum null', async () => {
    // 60 layers of u ← sin(u)·u + … cannot be typed without repeating u; the JSON writer's rule is checked on the library.
    const a = ladder(60);
    const { toJsonDocument } = await import('../src/render/json.js');
    const { writeJson } = await import('../src/render/json-writer.js');
    const doc = JSON.parse(writeJson(toJsonDocument(a, undefined, { paths: pathSumsOf(a) }))) as { paths: { x: unknown } };
    expect(doc.paths.x).toEqual({ count: (2n ** 60n).toString(), rows: [], sum: null });
  });

  it('is a usage error for a program or a network', async () => {
    const r = await run(['derive', 'param w; data x; loss = (w*x)^2', '--paths']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^lagrad: error: --paths shows path sums for expressions: a program's edges carry Jacobians, not numbers[^\n]*\n$/);
  });
});
