// The gradient the tool derives (μ_k for the inputs θ_k) against central
// differences of an evaluator that shares no code with the tool (Math.* on the
// generated tree), and the tool's own check passing, on random expressions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/parse/expr.js';
import { analyzeParsed } from '../../src/pipeline.js';
import { close, type Tolerance } from '../../src/verify/tolerance.js';
import {
  evaluate, point, prepareCase, PROPERTY_PARAMS, smoothExpr, type Case, type Expr,
} from './arbitraries.js';

/** Largest difference step, relative to max(1, |θ|). */
const STEP = 1e-3;
/**
 * The oracle is Richardson-extrapolated central differences, (4·D(h/2) − D(h))/3:
 * truncation O(h⁴), round-off ≈ ε·M/h ≈ 1e-12·M at h = 1e-3·…, where M is the largest
 * intermediate value (cancellation inside f is bounded by it). It is computed at two
 * step sizes, and a point where the two disagree beyond CONVERGED (a fast oscillation,
 * sin((1 + x²)^√(1 + x²))) is skipped: the oracle, not the tool, is unsure there.
 * Against a converged oracle, rel 1e-6 and abs 1e-6·max(1, M) leave a margin of about
 * 1e2 over its error, while a wrong derivative is off by O(1) of the gradient or of M.
 */
const TOL: Tolerance = { rel: 1e-6, abs: 1e-6 };
const CONVERGED: Tolerance = { rel: 1e-8, abs: 1e-8 };
/** Forward values: the same operations, possibly regrouped (c·(d·u) → (c·d)·u), so round-off times the conditioning of f. */
const VALUE_TOL: Tolerance = { rel: 1e-9, abs: 1e-12 };

/**
 * d/dt f(θ + t·v) at t = 0 by Richardson-extrapolated central differences at steps h
 * and h/2 (h = STEP·max(1, |θ|∞)), whether the two agree, or null if the sign of an
 * abs or relu argument changes on the stencil.
 */
function directional(e: Expr, c: Case, v: ReadonlyMap<string, number>): { fd: number; converged: boolean } | null {
  const signs = c.ref.kinkArgs.map(Math.sign);
  const h = STEP * Math.max(1, ...[...c.at.values()].map(Math.abs));
  const f = (t: number): number | null => {
    const moved = new Map([...c.at].map(([name, x]) => [name, x + t * (v.get(name) ?? 0)]));
    const r = evaluate(e, moved);
    return r.kinkArgs.some((u, k) => Math.sign(u) !== signs[k]) ? null : r.value;
  };
  const d = (s: number): number | null => {
    const p = f(s);
    const m = f(-s);
    return p === null || m === null ? null : (p - m) / (2 * s);
  };
  const [d1, d2, d4] = [d(h), d(h / 2), d(h / 4)];
  if (d1 === null || d2 === null || d4 === null) return null;
  const coarse = (4 * d2 - d1) / 3;
  const fine = (4 * d4 - d2) / 3;
  return { fd: fine, converged: close(coarse, fine, CONVERGED, c.ref.maxAbs) };
}

/** The analysis is sound where it must be: no domain problem, the same value, the inputs in order. */
function expectSound(c: Case): void {
  const { analysis, ref, at, where } = c;
  // Domains are safe by construction and kinks are far: the tool must find no problem.
  expect(analysis.check!.problem, where).toBeNull();
  const value = analysis.point.z[analysis.derivation.graph.m]!;
  expect(close(value, ref.value, VALUE_TOL, ref.maxAbs), `${where}: value ${value}, independently ${ref.value}`).toBe(true);
  expect(analysis.parsed.inputs, where).toEqual([...at.keys()]);
}

describe('gradient', () => {
  it('μ_k for each input θ_k equals an independent central difference', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const c = prepareCase(e, p);
        expectSound(c);
        const { analysis, where } = c;
        analysis.parsed.inputs.forEach((name, k) => {
          const oracle = directional(e, c, new Map([[name, 1]]));
          if (oracle === null || !oracle.converged) return; // a kink within the stencil, or the oracle unsure
          const mu = analysis.mu[k + 1]!;
          expect(close(mu, oracle.fd, TOL, c.ref.maxAbs), `${where}: ∂f/∂${name}: μ = ${mu}, central difference ${oracle.fd}`).toBe(true);
        });
      }),
      PROPERTY_PARAMS,
    );
  });

  it('the tool\'s own check passes', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const { analysis, where } = prepareCase(e, p);
        const check = analysis.check!;
        expect(check.problem, where).toBeNull();
        const bad = check.rows.filter((r) => !r.ok).map((r) => `z${r.node}: μ ${r.mu}, central ${r.numeric}, complex step ${r.complexStep}`);
        expect(check.ok, `${where}: the check failed (KKT residual ${check.kktResidual}) ${bad.join('; ')}`).toBe(true);
      }),
      PROPERTY_PARAMS,
    );
  });

  it('⟨v, ∇f⟩ equals the directional difference along a random v (dot-product test)', () => {
    // Components of size 0.25..1 and either sign: fc.double alone favours 0 and subnormals,
    // with which ⟨v, μ⟩ would be too small to tell anything.
    const component = fc
      .tuple(fc.boolean(), fc.double({ min: 0.25, max: 1, noNaN: true }))
      .map(([negative, size]) => (negative ? -size : size));
    const direction = fc.record({ x: component, y: component, z: component });
    fc.assert(
      fc.property(smoothExpr, point, direction, (e, p, dir) => {
        const c = prepareCase(e, p);
        expectSound(c);
        const inputs = c.analysis.parsed.inputs;
        const v = new Map(inputs.map((name) => [name, dir[name as keyof typeof dir]]));
        const oracle = directional(e, c, v);
        fc.pre(oracle !== null && oracle.converged);
        const predicted = inputs.reduce((s, name, k) => s + v.get(name)! * c.analysis.mu[k + 1]!, 0);
        expect(
          close(predicted, oracle!.fd, TOL, c.ref.maxAbs),
          `${c.where}, v = ${JSON.stringify(Object.fromEntries(v))}: ⟨v, μ⟩ = ${predicted}, directional difference ${oracle!.fd}`,
        ).toBe(true);
      }),
      PROPERTY_PARAMS,
    );
  });

  // Correct gradients the check must pass: μ equals the complex step to 1e-15 here. Both were
  // found by the first property; central differences with h = ε^{1/3}·max(1, |z_j|) are too
  // coarse where f curves fast (sin(x⁴) at 5) or z_j is small next to a domain edge (log at 1e-3).
  it.each([
    ['sin(x^4)', 5],
    ['sin(exp(x))', 7],
    ['log(x)', 1e-3],
  ])('the check passes the correct gradient of %s at x = %s', (text, x) => {
    const analysis = analyzeParsed(parseExpression(text), { at: new Map([['x', x]]) });
    const check = analysis.check!;
    const rows = check.rows.map((r) => `z${r.node}: μ ${r.mu}, central ${r.numeric}, complex step ${r.complexStep}, ${r.ok ? 'ok' : 'FAIL'}`);
    expect(check.problem, text).toBeNull();
    expect(check.ok, `${text} at x = ${x}: ${rows.join('; ')}`).toBe(true);
  });
});
