// The KKT conditions at the computed point, on random expressions: the tool's
// residual max_j |∂L/∂z_j| is small, and, checked here directly, every
// multiplier satisfies μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j with each ∂f_i/∂z_j taken
// by central differences of the compiled f_i (not from the derived partials).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/pipeline.js';
import { compileReal } from '../../src/verify/evaluate.js';
import { close, type Tolerance } from '../../src/verify/tolerance.js';
import {
  atFor, point, prepareCase, PROPERTY_PARAMS, smoothExpr, type Expr,
} from './arbitraries.js';

/**
 * ∂f_i/∂z_j by Richardson-extrapolated central differences, (4·D(h/2) − D(h))/3, at
 * h = 1e-3·max(1, |z_j|) and then h/4, h/16, … until two successive estimates agree
 * to CONVERGED: a single step does not do, f_i can be z_3^{z_7} with z_7 ≈ 250, or an
 * abs whose kink lies within the first step. Null when no two estimates agree.
 */
function localPartial(fi: (w: Float64Array) => number, w: Float64Array, j: number): number | null {
  const zj = w[j]!;
  const at = (v: number): number => {
    w[j] = v;
    const y = fi(w);
    w[j] = zj;
    return y;
  };
  const d = (h: number): number => (at(zj + h) - at(zj - h)) / (2 * h);
  const scale = Math.max(1, Math.abs(at(zj))) / Math.max(1, Math.abs(zj));
  let previous: number | null = null;
  for (let h = 1e-3 * Math.max(1, Math.abs(zj)), level = 0; level < 6; h /= 4, level++) {
    const estimate = (4 * d(h / 2) - d(h)) / 3;
    if (previous !== null && close(previous, estimate, CONVERGED, scale)) return estimate;
    previous = estimate;
  }
  return null;
}
const CONVERGED: Tolerance = { rel: 1e-9, abs: 1e-9 };
/**
 * The sum Σ μ_i·D_i is compared with μ_j to rel 1e-6 of Σ|μ_i|·(|D_i| + |f_i|/max(1, |z_j|)):
 * three orders of magnitude above the oracle's convergence bound (and its round-off,
 * ≈ ε|f_i|/h ≲ 1e-9·|f_i| at the smallest step), while a wrong partial or a missing
 * consumer is off by O(|μ_i ∂f_i/∂z_j|).
 */
const SUM_TOL = 1e-6;

function analyze(e: Expr, p: Parameters<typeof atFor>[1]): { analysis: Analysis; where: string } {
  const { analysis, where } = prepareCase(e, p);
  expect(analysis.check!.problem, where).toBeNull();
  return { analysis, where };
}

describe('KKT conditions', () => {
  it('the residual max_j |∂L/∂z_j| at the computed μ is within the tool\'s bound', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const { analysis, where } = analyze(e, p);
        const check = analysis.check!;
        expect(Number.isFinite(check.kktResidual), `${where}: residual ${check.kktResidual}`).toBe(true);
        expect(check.kktOk, `${where}: residual ${check.kktResidual}`).toBe(true);
      }),
      PROPERTY_PARAMS,
    );
  });

  it('the graph is a DAG in topological order, with β the inverse of α, and z_i = f_i(z)', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const { analysis, where } = analyze(e, p);
        const { graph } = analysis.derivation;
        const { nodes, d, m } = graph;
        const z = analysis.point.z;
        expect(nodes.length, where).toBe(m + 1);
        for (let i = 1; i <= m; i++) {
          const node = nodes[i]!;
          expect(node.index, where).toBe(i);
          expect(node.kind, `${where}: z${i}`).toBe(i <= d ? 'input' : 'op');
          for (const j of node.alpha) expect(j >= 1 && j < i, `${where}: z${i} reads z${j}`).toBe(true);
          const users = nodes.filter((n) => n.alpha.includes(i)).map((n) => n.index);
          expect(node.beta, `${where}: β(${i})`).toEqual(users);
          if (i > d) {
            const fi = compileReal(graph.builder, node.f!, analysis.point.values)(z);
            // Exactly: the forward pass evaluates the same f_i in the same float64 operations.
            expect(fi, `${where}: z${i} = ${z[i]}, f${i}(z) = ${fi}`).toBe(z[i]);
          }
        }
        expect(nodes[m]!.beta, `${where}: the output has no consumer`).toEqual([]);
      }),
      PROPERTY_PARAMS,
    );
  });

  it('μ_m = 1 and μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j for every other node, inputs included', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const { analysis, where } = analyze(e, p);
        const { graph } = analysis.derivation;
        const { nodes, m } = graph;
        const { z, values } = analysis.point;
        const mu = analysis.mu;
        expect(mu[m], `${where}: μ_${m}`).toBe(1);
        const f = nodes.map((n) => (n.kind === 'op' ? compileReal(graph.builder, n.f!, values) : null));
        const w = new Float64Array(z);
        for (let j = 1; j < m; j++) {
          let sum = 0;
          let scale = 0;
          let converged = true;
          const terms: string[] = [];
          for (const i of nodes[j]!.beta) {
            const partial = localPartial(f[i]!, w, j);
            if (partial === null) { converged = false; break; }
            sum += mu[i]! * partial;
            scale += Math.abs(mu[i]!) * (Math.abs(partial) + Math.max(1, Math.abs(z[i]!)) / Math.max(1, Math.abs(z[j]!)));
            terms.push(`μ${i}·∂f${i}/∂z${j} = ${mu[i]}·${partial}`);
          }
          if (!converged) continue; // the differences do not settle: no oracle for this node
          const error = Math.abs(mu[j]! - sum);
          expect(
            error <= SUM_TOL * scale + 1e-12,
            `${where}: μ_${j} = ${mu[j]}, Σ_{i∈β(${j})} μ_i ∂f_i/∂z_${j} = ${sum} (${terms.join(' + ') || 'no consumers'})`,
          ).toBe(true);
        }
      }),
      PROPERTY_PARAMS,
    );
  });
});
