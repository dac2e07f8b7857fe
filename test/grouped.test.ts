// Note 003's computation model (`--model grouped`, src/model/grouped.ts): the
// note's six nodes with their types, one node per affine chain and per product
// of powers, the note's rule α·z_c/z_ℓ on a product's edges, and on random
// expressions the same gradient as the default graph, checked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../src/parse/expr.js';
import { analyzeExpression, analyzeParsed } from '../src/pipeline.js';
import { printExpr, UNICODE } from '../src/render/print.js';
import { close } from '../src/verify/tolerance.js';
import { atFor, evaluate, KINK_DISTANCE, MAX_MAGNITUDE, point, PROPERTY_PARAMS, smoothExpr, toText } from './property/arbitraries.js';

const NOTE003 = '(sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2))';

function ops(source: string, at?: Record<string, number>) {
  const a = analyzeExpression(source, { model: 'grouped', ...(at ? { at: new Map(Object.entries(at)) } : {}) });
  const g = a.derivation.graph;
  const b = g.builder;
  return { a, nodes: g.nodes.slice(g.d + 1).map((n) => ({ type: n.type, f: printExpr(b, n.f!, UNICODE), alpha: n.alpha, exponents: n.exponents })) };
}

describe('--model grouped: note 003\'s computation model', () => {
  it("gives note 003's six nodes, typed 2, 3, 3, 1, 1, 2 in the note's order", () => {
    const { a, nodes } = ops(NOTE003, { w1: 1.5, w2: 0.5 });
    expect(nodes.map((n) => n.type)).toEqual([2, 3, 3, 1, 1, 2]);
    // z1 = w1·w2⁻¹, z2 = sin(2πz1), z3 = exp(2w2), z4 = 3z1 − z3, z5 = z2 + z4, z6 = z5·z4, two inputs ahead.
    expect(nodes.map((n) => n.f)).toEqual(['z₁·z₂^(−1)', 'sin(2·π·z₃)', 'exp(2·z₂)', '3·z₃ − z₅', 'z₄ + z₆', 'z₇·z₆']);
    expect(a.check!.ok).toBe(true);
  });

  it('merges a chain of additions and scalings into one type 1 node, whose partials are its coefficients', () => {
    const { a, nodes } = ops('0.9*a - b + 2*c');
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.type).toBe(1);
    const grad = a.derivation.gradient.map((s) => a.mu[s.node]);
    expect(grad).toEqual([0.9, -1, 2]);
  });

  it('merges a product of powers into one type 2 node, repeated factors combined (a⁴·b⁵·b⁻⁴ = a⁴·b)', () => {
    const { a, nodes } = ops('a^4*b^5*b^-4', { a: 1.5, b: 2 });
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ type: 2, f: 'z₁^4·z₂', exponents: [4, 1] });
    // The note's rule: ∂z₃/∂z₁ = 4·z₃/z₁, ∂z₃/∂z₂ = z₃/z₂.
    const b = a.derivation.graph.builder;
    const partials = a.derivation.gradient.map((s) => printExpr(b, s.terms[0]!.partial!, UNICODE));
    expect(partials).toEqual(['4·z₃/z₁', 'z₃/z₂']);
    expect(a.mu[1]).toBeCloseTo(4 * 1.5 ** 3 * 2, 12);
    expect(a.mu[2]).toBeCloseTo(1.5 ** 4, 12);
    expect(a.check!.ok).toBe(true);
  });

  it('keeps a shared sum a node of its own, and a sum under a product a type 1 node of its own', () => {
    const { nodes } = ops('(x + y)*z + sin(x + y)');
    expect(nodes.map((n) => [n.type, n.f])).toEqual([[1, 'z₁ + z₂'], [2, 'z₄·z₃'], [3, 'sin(z₄)'], [1, 'z₅ + z₆']]);
    const offset = ops('(x + 1)*y').nodes;
    expect(offset.map((n) => [n.type, n.f])).toEqual([[1, 'z₁ + 1'], [2, 'z₃·z₂']]);
  });

  it('types a function of several variables 3, and says it is outside the model', () => {
    const { nodes } = ops('atan2(x, y) + max(x, y)', { x: 1, y: 2 });
    expect(nodes.map((n) => n.type)).toEqual([3, 3, 1]);
    const g = analyzeExpression('atan2(x, y)', { model: 'grouped' }).derivation.graph;
    expect(g.nodes[g.m]!.several).toBe(true);
  });

  it("reports a point where the note's rule divides by a zero factor, and redraws a random one", () => {
    const at0 = ops('x*y', { x: 0, y: 2 }).a;
    expect(at0.point.problem).not.toBeNull();
    expect(at0.point.problem!.why).toMatch(/divides by each factor/);
    const random = analyzeExpression('x*y', { model: 'grouped', at: new Map([['y', 2]]) });
    expect(random.point.problem).toBeNull();
    expect(random.check!.ok).toBe(true);
  });

  it('gives the default graph\'s gradient on random expressions, and passes the check', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const at = atFor(e, p);
        const ref = evaluate(e, at);
        fc.pre(Number.isFinite(ref.value) && ref.maxAbs <= MAX_MAGNITUDE && ref.kinkArgs.every((u) => Math.abs(u) > KINK_DISTANCE));
        const parsed = parseExpression(toText(e));
        fc.pre(!parsed.builder.isConst(parsed.root));
        const plain = analyzeParsed(parsed, { at });
        const grouped = analyzeParsed(parseExpression(toText(e)), { at, model: 'grouped' });
        fc.pre(plain.point.problem === null && grouped.point.problem === null);
        expect(grouped.check!.ok, toText(e)).toBe(true);
        for (const s of plain.derivation.gradient) {
          const g = grouped.mu[s.node]!;
          const want = plain.mu[s.node]!;
          expect(close(g, want, { rel: 1e-9, abs: 1e-9 }, 1), `${toText(e)}: ∂/∂${s.name} ${g} vs ${want}`).toBe(true);
        }
      }),
      PROPERTY_PARAMS,
    );
  });
});

describe('--model grouped: what is no product of powers stays what it is (review defects)', () => {
  it('(x²)^0.5 is |x|, not x: a function node, its derivative −1 at x = −2, checked', () => {
    const { a, nodes } = ops('(x^2)^0.5', { x: -2 });
    expect(nodes.map((n) => n.type)).toEqual([3]);
    expect(a.point.z[a.derivation.graph.m]).toBe(2);
    expect(a.mu[1]).toBeCloseTo(-1, 12);
    expect(a.check!.ok).toBe(true);
    for (const [e, at] of [['((x*y)^2)^0.5', { x: -1, y: 2 }], ['(x^0.5)^2', { x: 2 }], ['(x*y)^0.5', { x: -2, y: -3 }], ['x/x', { x: 2 }]] as const) {
      const r = ops(e, at).a;
      expect(r.point.problem, e).toBeNull();
      expect(r.check!.ok, e).toBe(true);
      expect(r.derivation.graph.nodes.slice(r.derivation.graph.d + 1).some((n) => n.exponents !== undefined), e).toBe(false);
    }
  });

  it('keeps a symbol held fixed in the coefficient of a product (a·x·y with --const a: the rule holds)', () => {
    const a = analyzeExpression('a*x*y', { model: 'grouped', constants: ['a'], at: new Map([['a', 3], ['x', 1], ['y', 2]]) });
    const n = a.derivation.graph.nodes[a.derivation.graph.m]!;
    expect(n.type).toBe(2);
    expect(n.exponents).toEqual([1, 1]);
    expect([a.mu[1], a.mu[2]]).toEqual([6, 3]);
  });

  it('splits a long chain into nodes of at most 64 operations (a sum of 5,000 terms: no stack overflow, linear)', () => {
    const sum = Array.from({ length: 5000 }, (_, k) => `sin(x + ${k})`).join(' + ');
    const a = analyzeExpression(sum, { model: 'grouped', check: false });
    const g = a.derivation.graph;
    const affine = g.nodes.filter((n) => n.type === 1);
    expect(affine.length).toBeGreaterThan(5000 / 64);
    expect(Math.max(...affine.map((n) => n.alpha.length))).toBeLessThanOrEqual(65);
  });

  it("calls a zero factor what it is: the note's rule has no value there, the derivative exists", () => {
    const a = ops('x^2', { x: 0 }).a;
    expect(a.point.problem!.kind).toBe('zero-factor');
  });
});
