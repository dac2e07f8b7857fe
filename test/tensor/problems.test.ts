// A point of a program on a kink (relu or abs at 0) or outside a domain is
// reported as such, with the statement, the op and the entry; never checked.
import { describe, expect, it } from 'vitest';
import { deriveProgram } from '../../src/program-pipeline.js';

const RELU = 'param W[2,2]\ndata x[2]\nh = relu(W*x)\nloss = sum(h.^2)';

describe('program points without a derivative', () => {
  it('relu at exactly 0: a kink at the statement, op and entry', () => {
    const a = deriveProgram(RELU, { values: { W: [[1, -1], [2, 0.5]], x: [1, 1] } });
    expect(a.problem).toEqual({ kind: 'kink', statement: 'h', op: 'relu', entry: [1, 1], why: 'relu is not differentiable at 0' });
    expect(a.check).toBeNull();
  });
  it('away from the kink the same program checks', () => {
    const a = deriveProgram(RELU, { values: { W: [[1, -0.5], [2, 0.5]], x: [1, 1] } });
    expect(a.problem).toBeNull();
    expect(a.check!.ok).toBe(true);
  });
  it('log of a negative value: outside the domain, at the innermost op', () => {
    const a = deriveProgram('param w[2]\nu = log(w)\nf = sum(u)', { values: { w: [1, -2] } });
    expect(a.problem).toMatchObject({ kind: 'outside', statement: 'u', op: 'log', entry: [2, 1] });
  });
  it('seeded random values stay off kinks', () => {
    for (let seed = 0; seed < 10; seed++) expect(deriveProgram(RELU, { seed }).problem).toBeNull();
  });
});
