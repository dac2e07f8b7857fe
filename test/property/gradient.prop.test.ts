// The gradient the tool derives (μ_k for the inputs θ_k) against central
// differences of an evaluator that shares no code with the tool (Math.* on the
// generated tree), and the tool's own check passing, on random expressions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/parse/expr.js';
import { analyzeParsed } from '../../src/pipeline.js';
import { close, type Tolerance } from '../../src/verify/tolerance.js';
import { atFor, evaluate, NUM_RUNS, point, smoothExpr, toText, type Expr } from './arbitraries.js';

/** Values beyond this are left out: round-off, not the derivation, would decide the test. */
const MAX_MAGNITUDE = 1e6;
/** Largest difference step, relative to max(1, |θ_k|). */
const STEP = 1e-3;
/**
 * The oracle is Richardson-extrapolated central differences, (4·D(h/2) − D(h))/3:
 * truncation O(h⁴), round-off ≈ ε·M/h ≈ 1e-12·M at h = 1e-3·… where M is the largest
 * intermediate value (cancellation inside f is bounded by it). It is computed at two
 * step sizes, and a point where the two disagree beyond CONVERGED (a fast oscillation,
 * sin((1 + x²)^√(1 + x²))) is skipped: the oracle, not the tool, is unsure there.
 * Against a converged oracle, rel 1e-6 and abs 1e-6·max(1, M) leave a margin of about
 * 1e2 over its error, while a wrong derivative is off by O(1) of the gradient or of M.
 */
const TOL: Tolerance = { rel: 1e-6, abs: 1e-6 };
const CONVERGED: Tolerance = { rel: 1e-8, abs: 1e-8 };
/** Forward values: the same operations, possibly regrouped, so round-off amplified by the conditioning of f. */
const VALUE_TOL: Tolerance = { rel: 1e-9, abs: 1e-12 };

type Oracle = { readonly fd: number; readonly converged: boolean } | null;

/**
 * ∂f/∂v by Richardson-extrapolated central differences at steps h and h/2 (h = STEP·…),
 * whether the two agree, or null if a kink's sign changes on the stencil.
 */
function independentPartial(e: Expr, at: ReadonlyMap<string, number>, v: string, kinkSigns: readonly number[], maxAbs: number): Oracle {
  const x = at.get(v)!;
  const h = STEP * Math.max(1, Math.abs(x));
  const f = (t: number): number | null => {
    const moved = new Map(at);
    moved.set(v, x + t);
    const r = evaluate(e, moved);
    if (r.kinkArgs.some((u, k) => Math.sign(u) !== kinkSigns[k])) return null;
    return r.value;
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
  return { fd: fine, converged: close(coarse, fine, CONVERGED, maxAbs) };
}

describe('gradient', () => {
  it('μ for each input equals an independent central difference, and the check passes', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const text = toText(e);
        const at = atFor(e, p);
        const ref = evaluate(e, at);
        fc.pre(Number.isFinite(ref.value) && ref.maxAbs <= MAX_MAGNITUDE);
        // Off the kinks of abs and relu (the tool reports a kink within 1e-9 of 0; its own step is ≈ 6e-6).
        fc.pre(ref.kinkArgs.every((u) => Math.abs(u) > 1e-3));
        const kinkSigns = ref.kinkArgs.map(Math.sign);

        const parsed = parseExpression(text);
        // Constant folding can leave nothing to differentiate: u^(1 + (−1)) is 1.
        fc.pre(!parsed.builder.isConst(parsed.root));
        const analysis = analyzeParsed(parsed, { at });
        const check = analysis.check!;
        const where = `${text} at ${JSON.stringify(Object.fromEntries(at))}`;
        // Domains are safe by construction and kinks are far: the tool must find no problem.
        expect(check.problem, where).toBeNull();
        // The same value up to round-off (the builder may regroup constant factors, c·(d·u) → (c·d)·u).
        const value = analysis.point.z[analysis.derivation.graph.m]!;
        expect(close(value, ref.value, VALUE_TOL, ref.maxAbs), `${where}: value ${value}, independently ${ref.value}`).toBe(true);

        const inputs = analysis.parsed.inputs;
        expect(inputs, where).toEqual([...at.keys()]);
        inputs.forEach((name, k) => {
          const oracle = independentPartial(e, at, name, kinkSigns, ref.maxAbs);
          if (oracle === null || !oracle.converged) return; // a kink within the stencil, or the oracle unsure
          const { fd } = oracle;
          const mu = analysis.mu[k + 1]!;
          expect(close(mu, fd, TOL, ref.maxAbs), `${where}: ∂f/∂${name}: μ = ${mu}, central difference ${fd}`).toBe(true);
        });
        const bad = check.rows.filter((r) => !r.ok).map((r) => `z${r.node}: μ ${r.mu}, cd ${r.numeric}, cs ${r.complexStep}`);
        expect(check.ok, `${where}: check failed (kktResidual ${check.kktResidual}) ${bad.join('; ')}`).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
