// The KKT residuals of a program's check (src/tensor/check.ts): ∂L/∂v along a
// random direction per statement, by differences of the statements that read
// v, at the computed μ. Zero (beyond the differences' error) for the derived
// μ, in the small mode (Richardson) and the sampled one; clearly not zero
// when one multiplier is wrong, whatever the adjoints say.
import { describe, expect, it } from 'vitest';
import { deriveProgram } from '../../src/program-pipeline.js';
import { checkProgram, KKT_TOLERANCE_OF_PROGRAMS } from '../../src/tensor/check.js';
import { tensor } from '../../src/ir/shape.js';

const NET = 'param W[3,4]; data x[4]; param v[3]; h = tanh(W*x); y = sum(v .* h); loss = y^2 + sum(h)';

describe('KKT residuals of a program', () => {
  it('are zero at the derived multipliers, checking every entry and sampling alike', () => {
    const a = deriveProgram(NET, { seed: 3 });
    expect(a.check!.kktOk).toBe(true);
    expect(a.check!.kktResidual).toBeLessThanOrEqual(KKT_TOLERANCE_OF_PROGRAMS);
    const sampled = checkProgram(a.derivation, a.point, a.sweep, { allLimit: 1 });
    expect(sampled.coverage).not.toBe('all');
    expect(sampled.kktOk).toBe(true);
  });

  it('show a wrong multiplier: μ_h off by a little, in one entry, fails the check', () => {
    const a = deriveProgram(NET, { seed: 3 });
    const mu = new Map(a.sweep.mu);
    const h = mu.get('h')!;
    const wrong = tensor(h.rows, h.cols, Float64Array.from(h.data));
    wrong.data[1] += 1e-3;
    mu.set('h', wrong);
    for (const allLimit of [undefined, 1]) {
      const c = checkProgram(a.derivation, a.point, { ...a.sweep, mu }, { allLimit });
      expect(c.kktOk).toBe(false);
      expect(c.kktResidual).toBeGreaterThan(1e-5);
      expect(c.ok).toBe(false);
    }
  });

  it('count an objective that a later statement uses: 1 + its terms', () => {
    const a = deriveProgram('param w; a = sin(w); b = a*a; minimize a', { at: new Map([['w', 0.4]]) });
    expect(a.check!.kktOk).toBe(true);
    const mu = new Map(a.sweep.mu);
    // μ_b = 0 (b is used by nothing), so μ_a = 1 + μ_b·2a = 1; a μ_b of 1 breaks both ∂L/∂b = −μ_b and ∂L/∂a.
    expect(a.sweep.mu.get('a')!.data[0]).toBe(1);
    mu.set('b', tensor(1, 1, Float64Array.of(1)));
    expect(checkProgram(a.derivation, a.point, { ...a.sweep, mu }).kktOk).toBe(false);
    mu.set('b', a.sweep.mu.get('b')!);
    mu.set('a', tensor(1, 1, Float64Array.of(2)));
    expect(checkProgram(a.derivation, a.point, { ...a.sweep, mu }).kktOk).toBe(false);
  });
});
