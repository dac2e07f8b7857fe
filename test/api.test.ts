// The library API (src/index.ts): one expression and one program derived
// through it, their gradients checked against the calculus and against
// central differences; claims checked through it name their node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

/** Central difference of a scalar function of one variable. */
const central = (f: (t: number) => number, t: number, h = 1e-6): number => (f(t + h) - f(t - h)) / (2 * h);

describe('library API: expressions', () => {
  const at = new Map([['x1', 2], ['x2', 5]]);
  const a = api.analyzeExpression('ln(x1) + x1*x2 - sin(x2)', { at });
  const grad = new Map(a.derivation.graph.nodes.slice(1).filter((n) => n.kind === 'input').map((n) => [n.name!, a.mu[n.index]!]));

  it('derives the gradient (μ of the inputs) at the point', () => {
    expect(grad.get('x1')).toBeCloseTo(1 / 2 + 5, 12);
    expect(grad.get('x2')).toBeCloseTo(2 - Math.cos(5), 12);
    expect(a.check?.ok).toBe(true);
  });
  it('agrees with central differences of f', () => {
    const f = (x1: number, x2: number): number => Math.log(x1) + x1 * x2 - Math.sin(x2);
    expect(grad.get('x1')).toBeCloseTo(central((t) => f(t, 5), 2), 7);
    expect(grad.get('x2')).toBeCloseTo(central((t) => f(2, t), 5), 7);
  });
  it('echoes the parsed form and renders', () => {
    expect(api.parsedForm(a.parsed)).toBe('log(x1) + x1*x2 - sin(x2)');
    expect(api.renderText(a)).toContain('f = log(x1) + x1*x2 - sin(x2)');
  });
  it('checks claims, naming the node of a diagnosis without being told how', () => {
    const r = api.checkExpressionClaims('exp(3*x + x^2)', [{ target: 'x', text: 'exp(3*x + x^2)' }]);
    expect(r.ok).toBe(false);
    expect(r.verdicts[0]!.diagnosis!.message).toContain('argument of z₄ = exp(z₃), that is exp(3·x + x^2)');
    const custom = api.checkExpressionClaims('exp(3*x + x^2)', [{ target: 'x', text: 'exp(3*x + x^2)' }], { describeNode: (_, i) => `node ${i}` });
    expect(custom.verdicts[0]!.diagnosis!.message).toContain('argument of node 4');
  });
});

describe('library API: programs', () => {
  const source = 'param x; y = sin(x); l = x*y';
  const x = 0.7;
  const p = api.deriveProgram(source, { at: new Map([['x', x]]) });

  it('is a program, derived in matrix form', () => {
    expect(api.isProgram(source)).toBe(true);
    expect(p.derivation.gradient.map((g) => g.name)).toEqual(['x']);
    expect(api.deriveMatrixForm(api.parseProgram(source)).gradient.map((g) => g.name)).toEqual(['x']);
  });
  it('gives ∂l/∂x = sin x + x cos x at the point, as central differences do', () => {
    const g = p.sweep.gradient.get('x')!;
    expect([g.rows, g.cols]).toEqual([1, 1]);
    expect(g.data[0]).toBeCloseTo(Math.sin(x) + x * Math.cos(x), 12);
    expect(g.data[0]).toBeCloseTo(central((t) => t * Math.sin(t), x), 7);
    expect(p.check?.ok).toBe(true);
    expect(p.problem).toBeNull();
  });
  it('checks a claimed gradient and renders', () => {
    const r = api.checkProgramClaims(source, [{ target: 'x', text: 'sin(x) + x*cos(x)' }, { target: 'x', text: 'x*cos(x)' }]);
    expect(r.verdicts.map((v) => v.ok)).toEqual([true, false]);
    expect(api.renderProgramText(p)).toContain('y = sin(x)');
  });
  it('compiles the network shorthand to a program the pipeline takes', () => {
    const { program } = api.compileNetwork('input: 3\noutput: 2\nlayers:\n  - {units: 2, activation: sigmoid}\nloss: squared\n');
    expect(api.isProgram(program)).toBe(true);
    expect(api.deriveProgram(program).check?.ok).toBe(true);
  });
});

describe('library API: one entry for every input (analyze, checkClaims, grade)', () => {
  const netYaml = readFileSync(join(import.meta.dirname, '..', 'examples', 'net.yaml'), 'utf8');

  it('reads what it is given: an expression, a program, a network', () => {
    const e = api.analyze('x1*x2', { at: new Map([['x1', 2], ['x2', 5]]) });
    expect(e.kind).toBe('expression');
    if (e.kind !== 'expression') throw new Error('unreachable');
    expect([...e.mu.slice(1, 3)]).toEqual([5, 2]);
    const p = api.analyze('param x; y = sin(x); l = x*y', { at: new Map([['x', 0.5]]) });
    expect(p.kind).toBe('program');
    if (p.kind === 'expression' || p.kind === 'list') throw new Error('unreachable');
    expect(p.sweep.gradient.get('x')!.data[0]).toBeCloseTo(Math.sin(0.5) + 0.5 * Math.cos(0.5), 12);
    const n = api.analyze(netYaml, { kind: 'network' });
    expect(n.kind).toBe('network');
    if (n.kind === 'expression' || n.kind === 'list') throw new Error('unreachable');
    expect(n.check?.ok).toBe(true);
    const l = api.analyze('[x1*x2, sin(x1)]', { at: new Map([['x1', 2], ['x2', 5]]) });
    expect(l.kind).toBe('list');
    if (l.kind !== 'list') throw new Error('unreachable');
    expect(l.jacobian).toEqual([[5, 2], [Math.cos(2), 0]]);
    expect(api.inputKind('[x, y]')).toBe('list');
    expect(() => api.checkClaims('[x, y]', [{ target: 'x', text: '1' }])).toThrow(/each component on its own/);
    expect(api.inputKind('y = 2*x')).toBe('program');
    expect(api.inputKind('2*x')).toBe('expression');
  });

  it('the same result as each pipeline called alone', () => {
    const at = new Map([['x', 0.3]]);
    const one = api.analyze('x*sin(x)', { at });
    const alone = api.analyzeExpression('x*sin(x)', { at });
    if (one.kind !== 'expression') throw new Error('unreachable');
    expect([...one.mu]).toEqual([...alone.mu]);
    expect(api.renderText(one)).toBe(api.renderText(alone));
  });

  it('checks claims about an expression and a program alike, diagnosing the wrong one', () => {
    const e = api.checkClaims('sin(x)*x', [{ target: 'x', text: 'cos(x)*x + sin(x)' }, { target: 'x', text: 'cos(x)*x' }]);
    expect(e.kind).toBe('expression');
    expect(e.verdicts.map((v) => v.ok)).toEqual([true, false]);
    const p = api.checkClaims('param x; y = sin(x); l = x*y', [{ target: 'x', text: 'sin(x) + x*cos(x)' }, { target: 'x', text: '-sin(x) - x*cos(x)' }]);
    expect(p.kind).toBe('program');
    expect(p.verdicts.map((v) => v.ok)).toEqual([true, false]);
    expect(p.verdicts[1]!.diagnosis?.kind).toBe('sign');
    expect(() => api.checkClaims('param x; l = x^2', [{ target: 'x', text: '2*x' }], { at: [new Map([['x', 1]]), new Map([['x', 2]])] })).toThrow(/one given point/);
  });

  it('grades submissions about a program', () => {
    const g = api.grade('param x; l = x^3', [{ id: 'a', target: 'x', claim: '3*x^2' }, { id: 'b', target: 'x', claim: '3*x' }, { id: 'c', target: 'x', claim: '3*(' }]);
    expect(g.kind).toBe('program');
    expect(g.graded.map((r) => r.verdict?.ok ?? r.error !== null)).toEqual([true, false, true]);
    expect(g.ok).toBe(false);
  });
});
