// Note 004's Jacobian of a program with a vector output (a vector objective, or
// `output a, b`): one reverse sweep per output entry, seeded with e_k, each
// checked; the rows against the Jacobian written out by hand.
import { describe, expect, it } from 'vitest';
import { deriveAnyProgram, deriveProgram, JACOBIAN_ROWS_LIMIT, type ProgramJacobian } from '../src/program-pipeline.js';

const jacobian = (source: string, options: Parameters<typeof deriveAnyProgram>[1] = {}): ProgramJacobian => {
  const r = deriveAnyProgram(source, options);
  if (!('kind' in r)) throw new Error('expected a Jacobian');
  return r;
};

describe('the Jacobian of a program with a vector output (note 004)', () => {
  it('of y = W·x is xᵀ in row k, in the columns of W\'s row k', () => {
    const j = jacobian('param W[2,3]; data x[3]; y = W*x');
    const x = [...j.rows[0]!.point.values.get('x')!.data];
    expect(j.outputs.map((r) => r.label)).toEqual(['y[1]', 'y[2]']);
    expect(j.inputs.map((c) => c.label)).toEqual(['W[1,1]', 'W[1,2]', 'W[1,3]', 'W[2,1]', 'W[2,2]', 'W[2,3]']);
    expect(j.value[0]!.slice(0, 3).map((v, k) => v - x[k]!).every((d) => Math.abs(d) < 1e-15)).toBe(true);
    expect(j.value[0]!.slice(3)).toEqual([0, 0, 0]);
    expect(j.value[1]!.slice(0, 3)).toEqual([0, 0, 0]);
    expect(j.rows.every((a) => a.check!.ok)).toBe(true);
    // Every row is at the same values; only the seed differs.
    expect([...j.rows[1]!.point.values.get('W')!.data]).toEqual([...j.rows[0]!.point.values.get('W')!.data]);
    expect([...j.rows[1]!.point.values.get('ybar')!.data]).toEqual([0, 1]);
  });

  it('of h = tanh(W·x): ∂h_i/∂W_ij = (1 − h_i²)·x_j', () => {
    const j = jacobian('param W[2,2]; data x[2]; h = tanh(W*x)');
    const v = j.rows[0]!.point.values;
    const h = v.get('h')!.data;
    const x = v.get('x')!.data;
    for (let i = 0; i < 2; i++) {
      for (let c = 0; c < 4; c++) {
        const want = Math.floor(c / 2) === i ? (1 - h[i]! ** 2) * x[c % 2]! : 0;
        expect(j.value[i]![c]).toBeCloseTo(want, 14);
      }
    }
    expect(j.rows.every((a) => a.check!.ok)).toBe(true);
  });

  it('of named outputs: output u, v of two scalars', () => {
    const j = jacobian('param a; param b; u = a*b; v = sin(a) + b; output u, v', { at: new Map([['a', 1], ['b', 2]]) });
    expect(j.value).toEqual([[2, 1], [Math.cos(1), 1]]);
  });

  it('refuses what it cannot derive, with its reason', () => {
    const wide = `param W[${JACOBIAN_ROWS_LIMIT + 1},2]; data x[2]; y = W*x`;
    expect(() => deriveAnyProgram(wide)).toThrow(/more than the 64/);
    expect(() => deriveProgram('param W[2,3]; data x[3]; y = W*x')).toThrow(/not one scalar/);
    expect(() => deriveAnyProgram('param a; u = a^2; output u; minimize u')).toThrow(/either an objective/);
    // A scalar objective is no Jacobian.
    expect('kind' in deriveAnyProgram('param a; l = a^2')).toBe(false);
  });
});

describe('the work of a program Jacobian is bounded before it runs', () => {
  it('refuses 64 rows of a 1.6·10⁷-multiply-add program, naming the limit', () => {
    expect(() => deriveAnyProgram('param W[64,1000]; data X[1000,256]; H = tanh(W*X); y = H*ones(256,1)')).toThrow(/more than the limit of 1e\+8/);
  });
});
