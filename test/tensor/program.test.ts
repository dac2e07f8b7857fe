// Programs end to end: note 001's formulas, note 002's layered problem, a
// three-layer batch network, shape errors with positions, and a property
// test over random small programs (every gradient entry = central differences).
import { describe, expect, it } from 'vitest';
import { deriveProgram, isProgram } from '../../src/program-pipeline.js';
import { InputError } from '../../src/parse/errors.js';
import { checkProgram } from '../../src/tensor/check.js';
import { ProgramEquations } from '../../src/render/program-print.js';
import { randomProgram } from '../helpers/random-program.js';

const NOTE001 = `# two-layer network, squared loss
param V[4,3]
param W[2,4]
data x[3]
data y[2]
z = sigmoid(V*x)
yhat = W*z
loss = sum((y - yhat).^2)`;

const equations = (source: string) => {
  const a = deriveProgram(source);
  const eq = new ProgramEquations(a.derivation, 'unicode');
  const mu = new Map(a.derivation.backward.map((b) => [b.name, eq.sum(b)]));
  const grad = new Map(a.derivation.gradient.map((g) => [g.name, eq.sum(g)]));
  return { a, eq, mu, grad };
};

const inputError = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).format();
  }
  throw new Error('no error');
};

describe('programs', () => {
  it("note 001's network gives the notes' four formulas, and checks", () => {
    const { a, mu, grad } = equations(NOTE001);
    expect(mu.get('loss')).toBe('1');
    expect(mu.get('yhat')).toBe('−2·(y − yhat)'); // δ (h = identity)
    expect(mu.get('z')).toBe('Wᵀ·μ_yhat'); // ∂ℓ/∂z = Wᵀδ
    expect(grad.get('W')).toBe('μ_yhat·zᵀ'); // ∂ℓ/∂W = δzᵀ
    expect(grad.get('V')).toBe('(μ_z ⊙ z ⊙ (1 − z))·xᵀ'); // ((Wᵀδ) ⊙ σ'(Vx)) xᵀ
    expect(a.check!.ok).toBe(true);
    expect(a.check!.coverage).toBe('all');
    expect(a.check!.rows).toHaveLength(1 + 2 + 4 + 12 + 8);
  });

  it("note 002's layered problem with biases: Lagrangian, forward, backward, update rule", () => {
    const { a, eq, mu, grad } = equations(`param W1[3,2]; param b1[3]; param W2[2,3]; param b2[2]
data x0[2]; data y[2]
x1 = sigmoid(W1*x0 + b1)
x2 = sigmoid(W2*x1 + b2)
L = 0.5*sum((y - x2).^2)`);
    expect(eq.lagrangian()).toBe('ℒ = L − ⟨μ_x1, x1 − sigmoid(W1·x0 + b1)⟩ − ⟨μ_x2, x2 − sigmoid(W2·x1 + b2)⟩ − μ_L·(L − 0.5·sum((y − x2).^2))');
    expect(mu.get('x2')).toBe('−(y − x2)');
    expect(mu.get('x1')).toBe('W2ᵀ·(μ_x2 ⊙ x2 ⊙ (1 − x2))');
    expect(grad.get('W2')).toBe('(μ_x2 ⊙ x2 ⊙ (1 − x2))·x1ᵀ');
    expect(grad.get('b2')).toBe('μ_x2 ⊙ x2 ⊙ (1 − x2)');
    expect(grad.get('W1')).toBe('(μ_x1 ⊙ x1 ⊙ (1 − x1))·x0ᵀ');
    expect(a.check!.ok).toBe(true);
  });

  it('a three-layer batch network (tanh, sigmoid, softmax cross-entropy, batch 8): bias gradients sum over the batch', () => {
    const { a, mu, grad } = equations(`param W1[5,4]; param b1[5]; param W2[4,5]; param b2[4]; param W3[3,4]; param b3[3]
data X[4,8]; data Y[3,8]
H1 = tanh(W1*X + b1)
H2 = sigmoid(W2*H1 + b2)
S = W3*H2 + b3
loss = sum(logsumexp(S)) - sum(Y .* S)`);
    expect(mu.get('S')).toBe('softmax(S) − Y'); // the softmax-cross-entropy shortcut ŷ − y
    expect(grad.get('b3')).toBe('μ_S·𝟙');
    expect(grad.get('b1')).toBe('(μ_H1 ⊙ (1 − H1.^2))·𝟙');
    expect(grad.get('W1')).toBe('(μ_H1 ⊙ (1 − H1.^2))·Xᵀ');
    expect(a.sweep.gradient.get('b3')!.rows).toBe(3);
    expect(a.check!.ok).toBe(true);
  });

  it('the check fails, and says so, when a derived value is wrong', () => {
    const a = deriveProgram(NOTE001);
    const mu = a.sweep.mu.get('z')!;
    mu.data[0] += 0.01;
    expect(checkProgram(a.derivation, a.point, a.sweep).ok).toBe(false);
  });

  it('samples beyond the limit and adds a direction test per variable', () => {
    const a = deriveProgram(NOTE001, { checkAllLimit: 10 });
    expect(a.check!.coverage).toEqual({ sampled: a.check!.rows.length, of: 27, variables: 5, ofVariables: 5 });
    expect(a.check!.directions.length).toBe(5);
    expect(a.check!.ok).toBe(true);
  });

  it('shape errors name the statement, the operation and both shapes, at line:column', () => {
    expect(inputError(() => deriveProgram('param W[2,4]\ndata z[3]\nyhat = W*z\nloss = sum(yhat)'))).toBe(
      "3:9: in 'yhat = W*z': matrix product of W [2,4] and z [3] does not fit",
    );
    expect(inputError(() => deriveProgram('param A[2,3]; param B[3,2]\nC = A .* B\nf = sum(C)'))).toBe(
      "2:7: in 'C = A .* B': elementwise product of A [2,3] and B [3,2] does not fit",
    );
    // A vector objective is a Jacobian (lagrad derive); everything that needs one scalar says so, at the statement.
    expect(inputError(() => deriveProgram('param A[2,3]\nf = A'))).toMatch(/^2:1: the program's output f is not one scalar: lagrad derive gives its Jacobian/);
    expect(inputError(() => deriveProgram('u = v + 1\nv = 2'))).toMatch(/^1:5: .*'v' is used before it is defined/);
    expect(inputError(() => deriveProgram('param x\nx = 2'))).toMatch(/^2:1: 'x' is defined twice/);
    expect(inputError(() => deriveProgram('a = 1 +\nf = a'))).toMatch(/^1:/);
    expect(inputError(() => deriveProgram('param W[0,3]\nf = sum(W)'))).toMatch(/^1:9: dimensions/);
  });

  it('scalar programs: undeclared symbols are scalar params; the user names are the node names', () => {
    const { a, mu, grad } = equations('u = w1/w2; f = sin(2*pi*u) + 3*u - exp(2*w2)');
    expect([...a.program.declarations.map((d) => d.name)]).toEqual(['w1', 'w2']);
    expect(mu.get('u')).toBe('3 + 2π·cos(2π·u)');
    expect(grad.get('w1')).toBe('μ_u/w2');
    // The quotient's derivative as the table writes it: −a/b² (src/ops/arithmetic.ts); a product's right
    // factor keeps no brackets a reader does not need (an expression's text keeps them to parse back).
    expect(grad.get('w2')).toBe('−μ_u·w1/w2^2 − 2·exp(2·w2)');
    expect(a.check!.ok).toBe(true);
  });

  it('a bare last expression gets a generated name that collides with no user name', () => {
    const a = deriveProgram('f = x^2; f + 1');
    expect(a.program.objective).toBe('f1');
  });

  it('tells programs from expressions', () => {
    expect(isProgram('x^2 + y')).toBe(false);
    expect(isProgram('a = x^2')).toBe(true);
    expect(isProgram('x; y')).toBe(true);
    expect(isProgram('param x\nx^2')).toBe(true);
  });
});

describe('property: random small programs, every gradient entry equals central differences', () => {
  for (let trial = 0; trial < 25; trial++) {
    it(`random program ${trial + 1}`, () => {
      const { source, m, n } = randomProgram(1000 + trial);
      const lines = [source];
      const a = deriveProgram(lines.join('\n'), { seed: trial });
      const failed = a.check!.rows.filter((r) => !r.ok);
      expect(failed, lines.join('; ')).toEqual([]);
      expect(a.check!.dot.every((d) => d.ok), lines.join('; ')).toBe(true);
      expect(a.check!.rows.filter((r) => r.kind === 'gradient').length).toBe(m * n + m + n * m);
    });
  }
});
