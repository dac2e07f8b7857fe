// lagrad trace: note 003's evaluation trace (the autodiff survey's tables),
// line for line on the survey's example, and push = pull, tangent = reverse
// on random expressions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { analyzeExpression } from '../src/pipeline.js';
import { traceOf } from '../src/verify/trace.js';
import { atFor, point, PROPERTY_PARAMS, smoothExpr, toText, varsOf } from './property/arbitraries.js';
import { fakeIo } from './helpers/fake-io.js';

const SURVEY = 'ln(x1) + x1*x2 - sin(x2)';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const f = fakeIo();
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

describe('the survey example (note 003)', () => {
  it('reproduces both tables line for line, in the survey\'s numbering', async () => {
    const r = await run(['trace', SURVEY, '--at', 'x1=2,x2=5', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['schema', 'source', 'point', 'numbering', 'primal', 'tangent', 'adjoint', 'gradient']);
    expect(doc.schema).toBe('lagrad/trace@1');
    expect(doc.numbering).toBe('survey');
    expect(doc.tangent).toBeNull();
    expect(doc.primal.map((row: { text: string }) => row.text)).toEqual([
      'v_-1 = x1', 'v_0 = x2', 'v_1 = log(v_-1)', 'v_2 = v_-1*v_0', 'v_3 = sin(v_0)', 'v_4 = v_1 + v_2', 'v_5 = v_4 - v_3', 'y = v_5',
    ]);
    expect(doc.primal.map((row: { value: number }) => Number(row.value.toFixed(3)))).toEqual([2, 5, 0.693, 10, -0.959, 10.693, 11.652, 11.652]);
    const adjoint = doc.adjoint as { var: string; text: string; value: number }[];
    expect(adjoint[0]).toMatchObject({ var: 'v_5', text: 'vbar_5 = ybar', value: 1 });
    // The survey's adjoints in the order the sweep makes them: 1, 1, −1, 1, 1, −0.284, 5, 1.716, 5.5.
    expect(adjoint.slice(0, 10).map((row) => Number(row.value.toFixed(3)))).toEqual([1, 1, -1, 1, 1, -0.284, 5, 1.716, 5.5, 5.5]);
    expect(adjoint[7]!.text).toBe('vbar_0 = vbar_0 + vbar_2*dv_2/dv_0');
    expect(adjoint[8]!.text).toBe('vbar_-1 = vbar_-1 + vbar_1*dv_1/dv_-1');
    expect(adjoint.slice(-2)).toEqual([
      { var: 'x1', text: 'xbar_1 = vbar_-1', latex: '\\bar{x}_{1} = \\bar{v}_{-1}', value: 5.5 },
      { var: 'x2', text: 'xbar_2 = vbar_0', latex: '\\bar{x}_{2} = \\bar{v}_{0}', value: doc.gradient.x2 },
    ]);
    expect(doc.gradient.x1).toBe(5.5);
    expect(doc.gradient.x2).toBeCloseTo(1.7163378145367738, 15);
  });
  it('ties the push form to the derivation\'s μ and checks the tangent against the reverse result', async () => {
    const r = await run(['trace', SURVEY, '--at', 'x1=2,x2=5', '--tangent', 'x1=1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('v̄₋₁ = v̄₋₁ + v̄₁·∂v₁/∂v₋₁   = v̄₋₁ + v̄₁/v₋₁ = 5.5');
    expect(r.out).toContain('v̇₁ = v̇₋₁/v₋₁');
    expect(r.out).toContain('y\u0307 = 5.5; the reverse trace\'s gradient along the direction, Σ_k ∂f/∂θ_k·θ̇_k = 5.5 ✓');
    expect(r.out).toContain('give the same multipliers, v̄₋₁ = μ₁, v̄₀ = μ₂, v̄₁ = μ₃, v̄₂ = μ₄, …: max |v̄ − μ| = 0');
  });
  it('numbers as the derivation does with --numbering notes', async () => {
    const r = await run(['trace', SURVEY, '--at', 'x1=2,x2=5', '--numbering', 'notes', '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.primal.map((row: { var: string }) => row.var)).toEqual(['z_1', 'z_2', 'z_3', 'z_4', 'z_5', 'z_6', 'z_7', 'y']);
  });
});

describe('trace on any expression (property)', () => {
  it('push = pull (v̄ = μ), and the tangent of a direction equals the gradient along it', () => {
    fc.assert(fc.property(smoothExpr, point, fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }), (e, p, dir) => {
      if (varsOf(e).length === 0) return;
      const a = analyzeExpression(toText(e), { at: atFor(e, p), check: false });
      if (a.point.problem) return;
      const direction = a.derivation.graph.inputs.map((_, k) => dir[k]!);
      const t = traceOf(a.derivation, a.point.values, a.point.z, a.mu, { direction });
      expect(t.pushPullGap).toBeLessThanOrEqual(1e-12);
      let along = 0;
      direction.forEach((v, k) => (along += v * t.bar[k + 1]!));
      const ydot = t.tangent!.dot[a.derivation.graph.m]!;
      expect(Math.abs(ydot - along)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(along)));
      // Every edge pushes once, every op comes once.
      let edges = 0;
      for (const node of a.derivation.graph.nodes) edges += node.kind === 'op' ? node.alpha.length : 0;
      expect(t.adjoint).toHaveLength(edges);
      expect(new Set(t.order).size).toBe(a.derivation.graph.m - a.derivation.graph.d);
    }), PROPERTY_PARAMS);
  });
});

describe('trace refuses cleanly', () => {
  it('a direction naming no input; a program\'s tangent along a matrix param or through matrix statements', async () => {
    const bad = await run(['trace', 'x*y', '--tangent', 'z=1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--tangent names 'z', which is not an input (x, y)");
    const notParam = await run(['trace', 'param w; data c; loss = c*w^2', '--tangent', 'c=1']);
    expect(notParam.code).toBe(2);
    expect(notParam.err).toBe("lagrad: error: --tangent names 'c', which is not a param (w)\n");
    const matrix = await run(['trace', 'param W[2,2]; loss = sum(W.^2)', '--tangent', 'W=1']);
    expect(matrix.code).toBe(2);
    expect(matrix.err).toBe('lagrad: error: --tangent takes a direction for scalar params, and W is [2,2]\n');
    const through = await run(['trace', 'param a; data x[3]; loss = sum((a*x).^2)', '--tangent', 'a=1']);
    expect(through.code).toBe(2);
    expect(through.err.trim().split('\n')).toHaveLength(1);
    expect(through.err).toContain('--tangent applies to programs of scalars');
    const values = await run(['trace', 'x*y', '--values', 'v.json']);
    expect(values.code).toBe(2);
    expect(values.err).toContain('--values applies to programs');
  });
  it('a point without a derivative: the trace is printed, the exit is 1', async () => {
    const r = await run(['trace', 'relu(x)', '--at', 'x=0']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the point has no derivative');
  });
});
