// The one diagnosis (src/claims/diagnosis.ts): a mistake gets the same kind
// of diagnosis, in the same words where the words are not about the form,
// whether the function was typed as an expression or as a program of scalars.
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.js';
import { agreesEverywhere, constantFactor } from '../src/claims/diagnosis.js';

const diagnosisOf = (source: string, target: string, text: string): { kind: string; message: string; factor?: number } => {
  const v = checkClaims(source, [{ target, text }]).verdicts[0]!;
  expect(v.ok).toBe(false);
  return v.diagnosis! as { kind: string; message: string; factor?: number };
};

// The same function, typed two ways: f(x) = x·sin(x), f′ = sin(x) + x·cos(x).
const EXPRESSION = 'x*sin(x)';
const PROGRAM = 'param x\ny = sin(x)\nl = x*y';

describe('one diagnosis for expressions and programs', () => {
  const cases: [string, string, string, number?][] = [
    ['an answer of 0', '0', 'zero'],
    ['the sign', '-(sin(x) + x*cos(x))', 'sign', -1],
    ['a constant factor', '2*(sin(x) + x*cos(x))', 'factor', 2],
    ['a fraction', '(sin(x) + x*cos(x))/3', 'factor', 1 / 3],
  ];
  for (const [what, claim, kind, factor] of cases) {
    it(`${what}: ${kind} in both`, () => {
      const e = diagnosisOf(EXPRESSION, 'x', claim);
      const p = diagnosisOf(PROGRAM, 'x', claim);
      expect(e.kind).toBe(kind);
      expect(p.kind).toBe(kind);
      if (factor !== undefined) {
        expect(e.factor).toBe(factor);
        expect(p.factor).toBe(factor);
      }
      // Off by sign or by a factor is said in the same words for both kinds.
      if (kind !== 'zero') expect(e.message).toBe(p.message);
    });
  }
  it('an answer of 0 names what it should be and what reaches the output', () => {
    expect(diagnosisOf(EXPRESSION, 'x', '0').message).toBe('your answer is 0 at every point, but ∂f/∂x is not: x does reach the output');
    expect(diagnosisOf(PROGRAM, 'x', '0').message).toBe('your answer is 0 at every point, but ∂l/∂x is not: x does reach the objective');
  });
  it('the chain rule stopped at a node is found in both, each in its own terms', () => {
    const e = diagnosisOf('sin(x*y)', 'x', 'cos(x*y)');
    const p = diagnosisOf('param x\nparam y\nu = x*y\nl = sin(u)', 'x', 'cos(u)');
    // The expression names the factor left out, y, one of the user's names.
    expect(e.kind).toBe('variable-factor');
    expect(e.message).toContain('your answer lacks a factor y');
    expect(p.kind).toBe('missing-factor');
    expect(p.message).toBe('a chain-rule factor is missing: your answer stops at node u (u = x*y); the derivative of u with respect to x is left out');
  });
});

describe('the common tests', () => {
  const pairs = (cs: number[], ts: number[]) => cs.map((claimed, k) => ({ claimed, truth: ts[k]!, scale: 1 }));
  it('a constant factor is read as a fraction when it is one, over every entry', () => {
    expect(constantFactor(pairs([1, 2, 3].map((t) => t / 3 + 1e-12), [1, 2, 3]))).toBe(1 / 3);
    expect(constantFactor(pairs([2, 4.1], [1, 2]))).toBeUndefined();
    // One usable pair says nothing about a constant.
    expect(constantFactor(pairs([2, 5], [1, 0]))).toBeUndefined();
  });
  it('agreement needs two usable pairs where there are two', () => {
    expect(agreesEverywhere(pairs([1, NaN], [1, 1]), (p) => p.truth)).toBe(false);
    expect(agreesEverywhere(pairs([1, 2], [1, 2]), (p) => p.truth)).toBe(true);
    expect(agreesEverywhere(pairs([1, 2.1], [1, 2]), (p) => p.truth)).toBe(false);
  });
});
