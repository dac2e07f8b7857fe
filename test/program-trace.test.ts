// The evaluation trace of programs and networks (tensor/trace.ts): the survey's
// expression written as statements gives the expression's numbers; note 001's
// network: every θ̄ of the push form equals the derivation's gradient (the
// sweep, the KKT pull form) entry by entry; tensors past the limit as shape and norm.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { deriveProgram } from '../src/program-pipeline.js';
import { compileNetwork } from '../src/parse/network.js';
import { tensorValue, traceRows, TRACE_WHOLE } from '../src/render/trace-rows.js';
import { programTraceOf } from '../src/tensor/trace.js';
import { fakeIo } from './helpers/fake-io.js';

const SURVEY = 'ln(x1) + x1*x2 - sin(x2)';
const SURVEY_PROGRAM = 'param x1, x2\nv1 = ln(x1)\nv2 = x1*x2\nv3 = sin(x2)\nv4 = v1 + v2\ny = v4 - v3';
const NOTE001 = 'input: 3\noutput: 2\nlayers:\n  - {units: 4, activation: sigmoid, bias: false}\n  - {units: 2, activation: identity, bias: false}\nloss: squared\n';

async function run(args: string[], files: Record<string, string> = {}) {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

const numbers = (rows: { value: unknown }[]): number[] => rows.map((r) => Number((r.value as number).toFixed(12)));

describe('a program of scalars is traced as its expression is', () => {
  it('the survey expression written as statements: the same primal, adjoint and tangent numbers, row for row', async () => {
    const e = JSON.parse((await run(['trace', SURVEY, '--at', 'x1=2,x2=5', '--tangent', 'x1=1', '--format', 'json'])).out);
    const r = await run(['trace', SURVEY_PROGRAM, '--at', 'x1=2,x2=5', '--tangent', 'x1=1', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(r.out);
    expect(Object.keys(p)).toEqual(['schema', 'source', 'point', 'numbering', 'primal', 'tangent', 'adjoint', 'gradient']);
    expect(p.schema).toBe('lagrad/trace@1');
    expect(p.point).toEqual({ x1: 2, x2: 5 });
    expect(numbers(p.primal)).toEqual(numbers(e.primal));
    expect(numbers(p.adjoint)).toEqual(numbers(e.adjoint));
    expect(numbers(p.tangent)).toEqual(numbers(e.tangent));
    expect(p.gradient.x1).toBe(e.gradient.x1);
    expect(p.gradient.x2).toBeCloseTo(e.gradient.x2, 14);
    expect(p.primal.map((row: { text: string }) => row.text)).toEqual([
      'x1 in R', 'x2 in R', 'v1 = log(x1)', 'v2 = x1*x2', 'v3 = sin(x2)', 'v4 = v1 + v2', 'y = v4 - v3', 'ell = y',
    ]);
    expect(p.adjoint.map((row: { text: string }) => row.text)).toEqual([
      'ybar = ellbar', 'vbar_4 = ybar', 'vbar_3 = -ybar', 'vbar_1 = vbar_4', 'vbar_2 = vbar_4', 'xbar_2 = vbar_3*cos(x2)', 'xbar_1 = vbar_2*x2',
      'xbar_2 = xbar_2 + vbar_2*x1', 'xbar_1 = xbar_1 + vbar_1/x1', 'dy/dx1 = xbar_1', 'dy/dx2 = xbar_2',
    ]);
  });
  it('prints the tangent and says it meets the reverse trace', async () => {
    const r = await run(['trace', SURVEY_PROGRAM, '--at', 'x1=2,x2=5', '--tangent', 'x1=1']);
    expect(r.out).toContain('v\u0307₂ = x\u0307₁·x2 + x\u0307₂·x1   = 5');
    expect(r.out).toContain('ℓ\u0307 = 5.5; the reverse trace\'s gradient along the direction, Σ_θ ∂y/∂θ·θ\u0307 = 5.5 ✓');
    expect(r.out).toContain('max |u\u0304 − μ_u| = 0');
  });
});

describe("note 001's network", () => {
  const source = compileNetwork(NOTE001).program;
  const a = deriveProgram(source, { check: false });
  const trace = programTraceOf(a);
  it('every θ̄ of the push form equals the derivation\'s gradient, entry by entry, and every ū its μ_u', () => {
    for (const g of a.derivation.gradient) {
      const push = trace.bar.get(g.name)!;
      const pull = a.sweep.gradient.get(g.name)!;
      expect([push.rows, push.cols]).toEqual([pull.rows, pull.cols]);
      pull.data.forEach((v, k) => expect(push.data[k]).toBeCloseTo(v, 14));
    }
    for (const [name, mu] of a.sweep.mu) mu.data.forEach((v, k) => expect(trace.bar.get(name)!.data[k]).toBeCloseTo(v, 14));
    expect(trace.pushPullGap).toBeLessThan(1e-14);
  });
  it('one push per variable a statement uses, in reverse program order, ending with the gradient', () => {
    expect(trace.adjoint.map((p) => `${p.from}→${p.to}`)).toEqual(['loss→yhat', 'yhat→W2', 'yhat→z1', 'z1→h1', 'h1→W1']);
    const rows = traceRows(trace, 'unicode');
    expect(rows.adjoint.map((r) => r.left)).toEqual([
      'bar(loss) = ℓ̄', 'bar(yhat) = 2·bar(loss)·(yhat − y)', 'W̄₂ = bar(yhat)·z1ᵀ', 'z̄₁ = W2ᵀ·bar(yhat)', 'h̄₁ = z̄₁ ⊙ z1 ⊙ (1 − z1)', 'W̄₁ = h̄₁·xᵀ',
      '∂loss/∂W1 = W̄₁', '∂loss/∂W2 = W̄₂',
    ]);
  });
  it('JSON: values as nested arrays, row-major, the gradient the sweep\'s', async () => {
    const r = await run(['trace', 'net.yaml', '--format', 'json'], { 'net.yaml': NOTE001 });
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.point.W1).toHaveLength(4);
    expect(doc.point.W1[0]).toHaveLength(3);
    const w2 = a.sweep.gradient.get('W2')!;
    expect(doc.gradient.W2.flat()).toEqual(Array.from(w2.data));
    expect(doc.adjoint.at(-1)).toMatchObject({ var: 'W2', text: 'dloss/dW2 = Wbar_2' });
  });
});

describe('tensors past the limit', () => {
  it(`up to ${TRACE_WHOLE} entries whole, beyond as the shape and the Frobenius norm`, async () => {
    const r = await run(['trace', 'param W[3,5]; data x[5]; h = W*x; loss = sum(h.^2)', '--format', 'json']);
    const a = deriveProgram('param W[3,5]; data x[5]; h = W*x; loss = sum(h.^2)', { check: false });
    const W = a.point.values.get('W')!;
    const norm = Math.sqrt(Array.from(W.data).reduce((s, v) => s + v * v, 0));
    const text = await run(['trace', 'param W[3,5]; data x[5]; h = W*x; loss = sum(h.^2)']);
    expect(text.out).toMatch(new RegExp(`W ∈ ℝ³ˣ⁵ +‖·‖ = ${String(Number(norm.toPrecision(6))).replace('.', '\\.')}\\n`));
    expect(text.out).toMatch(/\n {2}W̄ = [^\n]*∈ ℝ³ˣ⁵, ‖·‖ = /);
    expect(text.out).toMatch(/\n {2}x ∈ ℝ⁵ += \[/);
    expect(tensorValue(W, 'latex')).toMatch(/^\\in \\mathbb\{R\}\^\{3\\times 5\},\\ \\lVert\\cdot\\rVert = /);
    expect(JSON.parse(r.out).point.W).toHaveLength(3);
  });
});
