// Claimed matrix gradients and multipliers of programs (issue 5): right
// answers written in other forms pass; note 001's usual mistakes (Wᵀ where W
// belongs, a missing σ', σ for σ', a factor, a sign, the whole answer
// transposed) fail with a diagnosis that names the node; bad claims are input
// errors; and, over random small programs, the derivation's own printed
// formulas pass as claims while scaled ones fail.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/parse/errors.js';
import { checkProgramClaims, deriveProgram } from '../src/program-pipeline.js';
import { ProgramEquations } from '../src/render/program-print.js';
import { randomProgram } from './helpers/random-program.js';

const NOTE001 = `param V[4,3]
param W[2,4]
data x[3]
data y[2]
z = sigmoid(V*x)
yhat = W*z
loss = sum((y - yhat).^2)`;

const judge = (source: string, target: string, text: string, points = 8) => {
  const r = checkProgramClaims(source, [{ target, text }], { points });
  return r.verdicts[0]!;
};

describe("note 001's network: right answers in other forms", () => {
  const right: [string, string][] = [
    ['W', "2*(yhat - y)*z'"],
    ['W', "mu_yhat*z'"],
    ['W', "-2*(y - yhat)*z'"],
    ['W', "(z*mu_yhat')'"],
    ['yhat', '2*(yhat - y)'],
    ['mu_yhat', '2*yhat - 2*y'],
    ['z', "W'*mu_yhat"],
    ['μ_z', "(mu_yhat'*W)'"],
    ['z', "W'*(2*(yhat - y))"],
    ['V', "((W'*mu_yhat) .* z .* (1 - z))*x'"],
    ['V', "(mu_z .* z .* (1 - z))*x'"],
    ['V', "((W'*(2*(W*sigmoid(V*x) - y))) .* sigmoid(V*x) .* (1 - sigmoid(V*x)))*x'"],
    ['V', "(mu_z .* exp(-V*x) ./ (1 + exp(-V*x)).^2)*x'"],
  ];
  for (const [target, text] of right) {
    it(`${target} = ${text}`, () => {
      const v = judge(NOTE001, target, text);
      expect(v.diagnosis?.message).toBeUndefined();
      expect(v.ok).toBe(true);
      expect(v.points).toBe(8);
    });
  }
});

describe("note 001's network: the usual mistakes, diagnosed at the node", () => {
  it('Wᵀ where W belongs (shapes do not fit): transpose, naming W and the node yhat', () => {
    const v = judge(NOTE001, 'z', 'W*mu_yhat');
    expect(v.ok).toBe(false);
    expect(v.diagnosis).toMatchObject({ kind: 'transpose', variable: 'W' });
    expect(v.diagnosis!.message).toContain('matrix product of W [2,4] and mu_yhat [2] does not fit');
    expect(v.diagnosis!.message).toContain('node yhat (yhat = W*z)');
  });
  it('Wᵀ where W belongs inside ∂ℓ/∂V', () => {
    const v = judge(NOTE001, 'V', "((W*mu_yhat) .* z .* (1 - z))*x'");
    expect(v.diagnosis).toMatchObject({ kind: 'transpose', variable: 'W' });
  });
  it("a missing σ': the chain factor at node z", () => {
    const v = judge(NOTE001, 'V', "(W'*mu_yhat)*x'");
    expect(v.ok).toBe(false);
    expect(v.counterexample!.claimed).not.toBeNull();
    expect(v.diagnosis).toMatchObject({ kind: 'missing-factor', node: 'z' });
    expect(v.diagnosis!.message).toMatch(/^at node z \(z = sigmoid\(V\*x\)\): the chain-rule factor σ′/);
  });
  it("σ' written as σ: the own value at node z", () => {
    const v = judge(NOTE001, 'V', "((W'*mu_yhat) .* z)*x'");
    expect(v.diagnosis).toMatchObject({ kind: 'edge-own-value', node: 'z' });
  });
  it('the 2 of the squared loss dropped: a factor 1/2', () => {
    const v = judge(NOTE001, 'W', "(yhat - y)*z'");
    expect(v.diagnosis).toMatchObject({ kind: 'factor', factor: 0.5 });
  });
  it('y − ŷ for ŷ − y: a sign', () => {
    expect(judge(NOTE001, 'W', "2*(y - yhat)*z'").diagnosis).toMatchObject({ kind: 'sign' });
  });
  it('the whole answer transposed (z·δᵀ for δ·zᵀ)', () => {
    const v = judge(NOTE001, 'W', "z*mu_yhat'");
    expect(v.diagnosis!.kind).toBe('transpose');
    expect(v.diagnosis!.message).toContain('the transpose of ∂loss/∂W');
  });
  it('a wrong shape no transpose mends', () => {
    const v = judge(NOTE001, 'W', "mu_yhat*x'");
    expect(v.diagnosis!.kind).toBe('shape');
    expect(v.diagnosis!.message).toContain('your answer is [2,3], but ∂loss/∂W has the shape of W, [2,4]');
  });
  it('an error of no single kind is reported as such, with the entry that differs most', () => {
    const v = judge(NOTE001, 'W', "(yhat - y)*z' + 1");
    expect(v.ok).toBe(false);
    expect(v.diagnosis!.kind).toBe('unknown');
    const c = v.counterexample!;
    const k = c.worst;
    const worst = Math.abs(c.claimed!.data[k]! - c.truth.data[k]!);
    for (let i = 0; i < c.truth.data.length; i++) expect(Math.abs(c.claimed!.data[i]! - c.truth.data[i]!)).toBeLessThanOrEqual(worst);
  });
});

describe('square weights and shared variables', () => {
  const SQUARE = `param W[3,3]
data x[3]
h = tanh(W*x)
out = W*h
loss = 0.5*sum(out.^2)`;
  it('W where Wᵀ belongs when the shapes fit anyway: found by the values', () => {
    expect(judge(SQUARE, 'h', "W'*mu_out").ok).toBe(true);
    const v = judge(SQUARE, 'h', 'W*mu_out');
    expect(v.diagnosis).toMatchObject({ kind: 'transpose', variable: 'W' });
  });
  it("W's gradient collects two terms; one left out names its node", () => {
    expect(judge(SQUARE, 'W', "mu_out*h' + (mu_h .* (1 - h.^2))*x'").ok).toBe(true);
    const v = judge(SQUARE, 'W', "(mu_h .* (1 - h.^2))*x'");
    expect(v.diagnosis).toMatchObject({ kind: 'missing-term', node: 'out', edge: ['out', 'W'] });
  });
  it("tanh' left out, inside the longer answer", () => {
    const v = judge(SQUARE, 'W', "mu_out*h' + (W'*mu_out)*x'");
    expect(v.diagnosis).toMatchObject({ kind: 'missing-factor', node: 'h' });
    expect(v.diagnosis!.message).toContain("tanh′");
  });
  it('a term of a multiplier with the wrong sign', () => {
    const DAG = `param w[2]
data x[2]
u = w .* x
v = sin(u)
f = sum(v) + sum(u .* u)`;
    expect(judge(DAG, 'u', 'mu_v .* cos(u) + 2*u').ok).toBe(true);
    expect(judge(DAG, 'u', 'mu_v .* cos(u)').diagnosis).toMatchObject({ kind: 'missing-term', node: 'f', edge: ['f', 'u'] });
    expect(judge(DAG, 'u', 'mu_v .* cos(u) - 2*u').diagnosis).toMatchObject({ kind: 'edge-sign', node: 'f' });
    expect(judge(DAG, 'u', 'mu_v .* cos(u) + 4*u').diagnosis).toMatchObject({ kind: 'edge-factor', factor: 2 });
  });
});

describe('a batch', () => {
  const BATCH = `param W[3,2]
param b[3]
data X[2,5]
data Y[3,5]
H = W*X + b
loss = 0.5*sum((H - Y).^2)`;
  it('the bias gradient sums μ over the columns; μ alone is one column per sample', () => {
    expect(judge(BATCH, 'b', '(H - Y)*ones(5,1)').ok).toBe(true);
    expect(judge(BATCH, 'b', 'mu_H*ones(5)').ok).toBe(true);
    const v = judge(BATCH, 'b', 'mu_H');
    expect(v.diagnosis!.kind).toBe('batch-sum');
    expect(v.diagnosis!.message).toContain('one column per sample ([3,5])');
  });
  it('a scalar computed from the variables is not broadcast; a 0 is, and is diagnosed as such', () => {
    expect(judge(BATCH, 'b', 'sum(mu_H)').diagnosis).toMatchObject({ kind: 'shape' });
    expect(judge(BATCH, 'b', 'sumcols(mu_H)').ok).toBe(true);
    expect(judge(BATCH, 'b', '0').diagnosis!.kind).toBe('zero');
  });
  it("W's gradient over a batch is μ_H·Xᵀ", () => {
    expect(judge(BATCH, 'W', "mu_H*X'").ok).toBe(true);
    expect(judge(BATCH, 'W', "X*mu_H'").diagnosis!.kind).toBe('transpose');
  });
  it('ones takes whole-number sizes', () => {
    expect(() => judge(BATCH, 'b', 'mu_H*ones(2.5)')).toThrow(/ones takes its size as whole numbers/);
  });
});

describe('points without a derivative, and review fixes', () => {
  const NORM = 'param w[3]\nloss = sqrt(sqnorm(w))';
  it('a given point where the truth is not defined (sqrt at 0) is skipped and said so, never a pass', () => {
    const r = checkProgramClaims(NORM, [{ target: 'w', text: '12345*w' }], { values: { w: [0, 0, 0] }, points: 0 });
    expect(r.contexts).toHaveLength(0);
    expect(r.skipped[0]!.why).toMatch(/(on a kink|at an infinite slope) of sqrt in loss/);
    expect(r.ok).toBe(false);
    expect(r.verdicts[0]!.diagnosis!.message).toMatch(/no point with a derivative was found/);
    // Away from 0, the right formula passes and the wrong one fails.
    expect(checkProgramClaims(NORM, [{ target: 'w', text: 'w/loss' }], { points: 5 }).ok).toBe(true);
    expect(checkProgramClaims(NORM, [{ target: 'w', text: '12345*w' }], { points: 5 }).ok).toBe(false);
  });
  it('a transposed statement variable enters where it is used, not where it is defined', () => {
    const v = judge(NOTE001, 'W', 'mu_yhat*z');
    expect(v.diagnosis!.kind).toBe('transpose');
    expect(v.diagnosis!.message).toContain('z enters at node yhat (yhat = W*z)');
  });
  it('μ_ and mu_ both name multipliers, and neither may name a variable', () => {
    expect(() => deriveProgram('param w; y = w^2; μ_y = 3*y; loss = μ_y')).toThrow(/names starting with mu_ or μ_ are reserved/);
    expect(judge(NOTE001, 'μ_z', "W'*μ_yhat").ok).toBe(true);
  });
});

describe('claims that are bad input', () => {
  const error = (target: string, text: string): string => {
    try {
      checkProgramClaims(NOTE001, [{ target, text }], { points: 2 });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).format();
    }
    throw new Error('no error');
  };
  it('an unknown symbol, at its position', () => {
    expect(error('W', "mu_yhat*q'")).toMatch(/^claim for W: 1:9: unknown symbol 'q'/);
  });
  it('a target that is data, or unknown', () => {
    expect(error('x', 'z')).toMatch(/x is data, held fixed/);
    expect(error('nope', 'z')).toMatch(/unknown target 'nope': name a param \(V, W\) .* or a statement \(z, yhat, loss\)/);
    expect(error('mu_W', 'z')).toMatch(/W is a param, so it has a gradient, not a multiplier/);
  });
  it('a multiplier claim in terms of an earlier multiplier (circular)', () => {
    expect(error('yhat', 'mu_z')).toMatch(/may use only the multipliers of later statements \(mu_loss\), not mu_z/);
  });
  it('a claim that does not parse', () => {
    expect(error('W', 'mu_yhat*')).toMatch(/claim for W/);
  });
});

describe('property: over random small programs, the derived formulas pass as claims and scaled ones fail', () => {
  for (let trial = 0; trial < 12; trial++) {
    it(`random program ${trial + 1}`, () => {
      const { source } = randomProgram(2000 + trial, { minRows: 2, maxDim: 3, softmax: false });
      const der = deriveProgram(source, { check: false }).derivation;
      const eq = new ProgramEquations(der, 'ascii');
      const specs = [...der.gradient, ...der.backward.slice(1)].map((e) => ({ target: e.name, text: eq.sum(e) }));
      const r = checkProgramClaims(source, specs, { points: 4, seed: trial });
      for (const v of r.verdicts) expect(v.ok, `${source}\n${v.claim.spec.target} = ${v.claim.spec.text}: ${v.diagnosis?.message}`).toBe(true);
      const scaledSpecs = specs.map((s) => ({ target: s.target, text: `3*(${s.text})` }));
      const wrong = checkProgramClaims(source, scaledSpecs, { points: 4, seed: trial });
      for (const v of wrong.verdicts) {
        const zero = v.counterexample === null;
        if (!zero) expect(v.diagnosis, `${v.claim.spec.target} = ${v.claim.spec.text}`).toMatchObject({ kind: 'factor', factor: 3 });
      }
      expect(wrong.ok).toBe(false);
    });
  }
});
