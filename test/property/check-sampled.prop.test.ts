// The sampled check (beyond CHECK_ALL_LIMIT nodes) takes one plain central
// difference per sampled node, per KKT edge and for the direction test, and
// the full Richardson search only where that disagrees. Forced here on random
// smooth expressions (allLimit 0, every node sampled): it passes the derived
// multipliers, as the full check does, and it fails once one local partial of
// the derivation is wrong, as the full check does, with the KKT residual too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/verify/check.js';
import { compile, type Compiled } from '../../src/verify/numeric.js';
import { point, prepareCase, PROPERTY_PARAMS, smoothExpr } from './arbitraries.js';

describe('the sampled check', () => {
  it('passes right multipliers and fails a wrong local partial, as the full check does', () => {
    fc.assert(
      fc.property(smoothExpr, point, fc.nat(), (e, p, pick) => {
        const { analysis: a, where } = prepareCase(e, p);
        fc.pre(a.check !== null && a.check.problem === null && a.check.ok);
        const compiled = compile(a.derivation, a.point.values);
        const sampled = check(a.derivation, compiled, a.point, { allLimit: 0 });
        expect(sampled.coverage, where).not.toBe('all');
        expect(sampled.ok, `${where}: ${JSON.stringify(sampled.rows.filter((r) => !r.ok))}, kkt ${sampled.kktResidual}, direction ${JSON.stringify(sampled.direction)}`).toBe(true);

        // One edge's partial made wrong by a relative 1% plus 0.1, on an edge whose μ_i is not (nearly) 0: μ_j changes by 0.1·μ_i at least.
        const { nodes } = a.derivation.graph;
        const edges = nodes.flatMap((n) => n.alpha.map((_j, k) => [n.index, k] as const)).filter(([i]) => Math.abs(a.mu[i]!) > 1e-3);
        fc.pre(edges.length > 0);
        const [i, k] = edges[pick % edges.length]!;
        const wrong: Compiled = {
          ...compiled,
          partial: (n, q, z) => (n === i && q === k ? compiled.partial(n, q, z) * 1.01 + 0.1 : compiled.partial(n, q, z)),
        };
        const full = check(a.derivation, wrong, a.point);
        const quick = check(a.derivation, wrong, a.point, { allLimit: 0 });
        expect(full.ok, `${where}: the full check passes a wrong ∂f${i}/∂z${nodes[i]!.alpha[k]}`).toBe(false);
        expect(quick.ok, `${where}: the sampled check passes a wrong ∂f${i}/∂z${nodes[i]!.alpha[k]}`).toBe(false);
        // The KKT conditions hold for z_j with j > d (inputs are free, not constrained): only there does the residual show.
        if (nodes[i]!.alpha[k]! > a.derivation.graph.d) {
          expect(full.kktOk, `${where}: the full KKT residual misses a wrong ∂f${i}/∂z${nodes[i]!.alpha[k]}`).toBe(false);
          expect(quick.kktOk, `${where}: the sampled KKT residual misses a wrong ∂f${i}/∂z${nodes[i]!.alpha[k]}`).toBe(false);
        }
      }),
      PROPERTY_PARAMS,
    );
  });
});
