// --at, --const and --wrt for programs: scalar values, params held fixed.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/parse/errors.js';
import { checkProgramClaims, deriveProgram } from '../../src/program-pipeline.js';

const SCALAR = 'u = w1/w2; f = sin(2*pi*u) + 3*u - exp(2*w2)';
const NET = 'param V[4,3]\nparam W[2,4]\ndata x[3]\ndata y[2]\nz = sigmoid(V*x)\nyhat = W*z\nloss = sum((y - yhat).^2)';

const usage = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('no error');
};

describe('programs: --at, --const, --wrt', () => {
  it('--at gives scalar values; the gradient at that point is the one of the chain rule', () => {
    const a = deriveProgram(SCALAR, { at: new Map([['w1', 2], ['w2', 5]]) });
    expect(a.point.values.get('w1')!.data[0]).toBe(2);
    const u = 2 / 5;
    const dfdu = 2 * Math.PI * Math.cos(2 * Math.PI * u) + 3;
    expect(a.sweep.gradient.get('w1')!.data[0]).toBeCloseTo(dfdu / 5, 12);
    expect(a.sweep.gradient.get('w2')!.data[0]).toBeCloseTo(-dfdu * 2 / 25 - 2 * Math.exp(10), 6);
    expect(a.check!.ok).toBe(true);
  });
  it('--const holds a param fixed: no gradient for it, and it is data', () => {
    const a = deriveProgram(SCALAR, { constants: ['w2'], at: new Map([['w1', 2], ['w2', 5]]) });
    expect(a.derivation.gradient.map((g) => g.name)).toEqual(['w1']);
    expect(a.program.declarations.find((d) => d.name === 'w2')!.role).toBe('data');
    expect(a.check!.ok).toBe(true);
  });
  it('--wrt keeps only the named params', () => {
    const a = deriveProgram(NET, { wrt: ['W'] });
    expect(a.derivation.gradient.map((g) => g.name)).toEqual(['W']);
    // z no longer depends on a param: its multiplier is still derived (it is a statement), V is data.
    expect(a.program.statements.find((s) => s.name === 'z')!.uses).toEqual([]);
    expect(a.check!.ok).toBe(true);
  });
  it('claims under --wrt', () => {
    const r = checkProgramClaims(NET, [{ target: 'W', text: "mu_yhat*z'" }], { wrt: ['W'], points: 3 });
    expect(r.ok).toBe(true);
    expect(() => checkProgramClaims(NET, [{ target: 'V', text: '0' }], { wrt: ['W'], points: 3 })).toThrow(/V is held fixed \(--const or --wrt\)/);
  });
  it('bad uses are usage errors naming the symbol', () => {
    expect(usage(() => deriveProgram(NET, { constants: ['x'] }))).toMatch(/--const names 'x', which is data, already held fixed \(params: V, W\)/);
    expect(usage(() => deriveProgram(NET, { wrt: ['z'] }))).toMatch(/--wrt names 'z', which is a statement, not a param/);
    expect(usage(() => deriveProgram(NET, { wrt: ['q'] }))).toMatch(/--wrt names 'q', which is not in the program/);
    expect(usage(() => deriveProgram(NET, { constants: ['V', 'W'] }))).toMatch(/leave no param to differentiate/);
    expect(usage(() => deriveProgram(NET, { at: new Map([['W', 1]]) }))).toMatch(/--at gives 'W' one number, but it is \[2,4\]/);
    expect(usage(() => deriveProgram(NET, { at: new Map([['q', 1]]) }))).toMatch(/--at names 'q', which is not a param or data/);
    expect(usage(() => deriveProgram(SCALAR, { at: new Map([['w1', 1]]), values: { w1: 2 } }))).toMatch(/'w1' is given by both --values and --at/);
  });
});
