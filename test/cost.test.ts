// The cost of a derivation (src/derive/cost.ts), counted as note 003's proof
// of the Baur–Strassen theorem counts it: forward operations T, the backward
// pass edge by edge, V and E; for programs, entries and multiply-adds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOf, opWork } from '../src/derive/cost.js';
import { analyzeExpression } from '../src/pipeline.js';
import { deriveProgram } from '../src/program-pipeline.js';

const expressionCost = (source: string) => costOf(analyzeExpression(source, { check: false }).derivation);

describe('cost of a derivation', () => {
  it('the survey example: T = 5 operations, 8 edges, the backward pass 8 (six edge terms and two sums of two)', () => {
    // Edge terms: μ₃/z₁, μ₄·z₂, μ₄·z₁, μ₆·cos(z₂) (2), −μ₇ (1); μ₅ for the additions costs nothing; + 2 additions.
    expect(expressionCost('ln(x1) + x1*x2 - sin(x2)')).toEqual({ forward: 5, backward: 8, nodes: 7, edges: 8, products: [] });
  });

  it('a program counts entries and multiply-adds, and names its matrix products, largest first', () => {
    const a = deriveProgram('param W[4,3]; data x[3]; param V[2,4]; h = sigmoid(W*x); y = V*h; loss = sum(y.^2)', { check: false });
    const c = costOf(a.derivation.graphDerivation);
    // h: W*x 4·3 multiply-adds + sigmoid 4; y: V*h 2·4; loss: .^2 2 + sum 2.
    expect(c.forward).toBe(12 + 4 + 8 + 2 + 2);
    expect(c.products).toEqual([{ node: 3, work: 12 }, { node: 4, work: 8 }]);
    expect([c.nodes, c.edges]).toEqual([5, 4]);
    expect(c.backward).toBeGreaterThan(c.forward);
  });

  it('a matrix product costs its multiply-adds, an elementwise op its entries, a reduction what it reads', () => {
    const a = deriveProgram('param W[5,7]; data x[7]; y = W*x; loss = sum(y)', { check: false });
    const b = a.program.builder;
    const y = a.program.statements[0]!.root;
    expect(opWork(b, y)).toBe(35);
    expect(opWork(b, a.program.statements[1]!.root)).toBe(5);
  });

  it('the backward pass is within a small multiple of T on chains and sums of any length (the theorem: O(T))', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.constantFrom('sin', 'exp', 'tanh', 'sigmoid', 'log1p'), (n, fn) => {
      const chain = Array.from({ length: n }, () => `${fn}(`).join('') + 'x' + ')'.repeat(n);
      const sum = Array.from({ length: n }, (_, k) => `${fn}(x*${k + 1})`).join(' + ');
      for (const source of [chain, sum]) {
        const c = expressionCost(source);
        expect(c.backward).toBeLessThanOrEqual(6 * c.forward + 2);
        expect(c.edges).toBeLessThanOrEqual(2 * c.forward + 1);
      }
    }), { numRuns: 40 });
  });
});
