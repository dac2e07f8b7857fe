// Every function of the one table (src/ops/functions.ts), in every form a user
// types it: derived and checked as an expression and as a program; the
// derivative the tool prints, read back as a claim, passes; a claim with the
// function's derivative left out is diagnosed by name ("the chain-rule factor
// erf′ is missing"). Iterates over the table, so a new entry is covered here
// without touching this file.
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { FUNCTIONS_TABLE } from '../src/ops/functions.js';
import type { FunctionName } from '../src/ops/spec.js';

const NAMES = (Object.keys(FUNCTIONS_TABLE) as FunctionName[]).filter((n) => FUNCTIONS_TABLE[n].names.length > 0);

/** The call typed for each function: x·y first (so the function is node z3 and ∂f/∂x = μ₃·y), its other arguments fixed or y. */
function call(name: FunctionName): string {
  const spec = FUNCTIONS_TABLE[name];
  const typed = spec.names[0]!;
  const rest: Record<string, string> = { nthRoot: '3', clamp: '-1, 2', leaky_relu: '0.1', elu: '0.5' };
  if (rest[name]) return `${typed}(x*y, ${rest[name]})`;
  return spec.arity === 1 ? `${typed}(x*y)` : `${typed}(x*y, y)`;
}

/** Functions whose derivative is a constant (0 or 1): nothing to leave out. */
const CONSTANT_DERIVATIVE = new Set<FunctionName>(['step', 'sign', 'floor', 'ceil', 'round', 'identity']);

const backwardOf = (doc: string, node: string): string => {
  const row = (JSON.parse(doc) as { backward: { node: string; text: string }[] }).backward.find((r) => r.node === node)!;
  return row.text.slice(row.text.indexOf('=') + 1).trim();
};

describe.each(NAMES)('function %s', (name) => {
  const spec = FUNCTIONS_TABLE[name];
  const expr = call(name);

  it(`as an expression, ${expr}: derived and checked`, () => {
    const a = api.analyzeExpression(expr, { seed: 3 });
    expect(a.check?.problem ?? null, `${expr}: the point found`).toBeNull();
    expect(a.check?.ok, `${expr}: the check`).toBe(true);
    // The function is node z3 and its derivative, printed by the derivation, reads back as a claim that passes.
    const m3 = backwardOf(api.renderJson(a), 'z3');
    const r = api.checkExpressionClaims(expr, [{ target: 'z3', text: m3 }]);
    expect(r.ok, `${expr}: μ3 = ${m3}`).toBe(true);
  });

  it.runIf(!CONSTANT_DERIVATIVE.has(name))(`as an expression, ${expr}: ${spec.prime ?? name} left out is named`, () => {
    const r = api.checkExpressionClaims(expr, [{ target: 'x', text: 'y' }]);
    expect(r.ok).toBe(false);
    expect(r.verdicts[0]!.diagnosis!.message).toContain(spec.prime ? `the chain-rule factor ${spec.prime} is missing` : 'a chain-rule factor is missing');
  });

  const program = `param x; param y; h = ${expr}; l = h`;

  it(`in a program, ${program}: derived and checked, the printed gradient passes as a claim`, () => {
    const a = api.deriveProgram(program, { seed: 3 });
    expect(a.problem ?? null).toBeNull();
    expect(a.check?.ok).toBe(true);
    const doc = JSON.parse(api.renderProgramJson(a)) as { gradient: Record<string, { text: string }> };
    const text = doc.gradient.x!.text;
    const r = api.checkProgramClaims(program, [{ target: 'x', text: text.slice(text.indexOf('=') + 1).trim() }]);
    expect(r.ok, text).toBe(true);
  });

  it.runIf(!CONSTANT_DERIVATIVE.has(name))(`in a program: ${spec.prime ?? name} left out is named at node h`, () => {
    const r = api.checkProgramClaims(program, [{ target: 'x', text: 'y' }]);
    expect(r.ok).toBe(false);
    expect(r.verdicts[0]!.diagnosis!.message).toContain(spec.prime ? `the chain-rule factor ${spec.prime}` : 'a chain-rule factor');
  });

  it('declares every part a consumer needs', () => {
    expect(spec.names.every((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n))).toBe(true);
    expect(spec.doc.meaning.length).toBeGreaterThan(0);
    expect(spec.doc.derivative.length).toBeGreaterThan(0);
    if (spec.isFunction !== false) expect(spec.prime, `${name}: the diagnosis's name for its derivative`).toMatch(/′/);
    expect(spec.derivative.length).toBeGreaterThan(0);
    expect(spec.latex.write(Array.from({ length: spec.arity }, (_, k) => `a_{${k}}`))).toMatch(/a_\{0\}/);
  });
});

describe('max and min of one argument in a program: the reduction over its entries', () => {
  it('derives μ at the extremum\'s entry and checks it', () => {
    const a = api.deriveProgram('param w[4]; data t[4]; h = w .* t; l = max(h) - 2*min(w)', { seed: 1 });
    expect(a.problem ?? null).toBeNull();
    expect(a.check?.ok).toBe(true);
    const mu = a.sweep.mu.get('h')!;
    expect([...mu.data].filter((v) => v === 1)).toHaveLength(1);
    expect([...mu.data].filter((v) => v === 0)).toHaveLength(3);
  });
  it('reports a tie as a point with no derivative, never a pass', () => {
    const a = api.deriveProgram('param w[3]; l = max(w)', { values: { w: [2, 5, 5] } });
    expect(a.problem?.kind).toBe('kink');
    expect(a.problem?.why).toContain('tie');
  });
});

describe('one notation: a function is written alike whether typed in an expression or a program', () => {
  const cases = ['relu', 'log', 'abs', 'sqrt', 'sigmoid', 'erf', 'floor', 'cbrt', 'asinh'];
  it.each(cases)('%s: the same LaTeX macro', async (name) => {
    const { main } = await import('../src/cli/main.js');
    const { fakeIo } = await import('./helpers/fake-io.js');
    const latexOf = async (args: string[]): Promise<string> => {
      const f = fakeIo({});
      await main(args, f.io);
      return f.stdout();
    };
    const expr = await latexOf(['derive', `${name}(x)`, '--format', 'latex', '--no-check']);
    const prog = await latexOf(['derive', `param x; y = ${name}(x)`, '--format', 'latex', '--no-check']);
    const written = FUNCTIONS_TABLE[name as FunctionName].latex.write(['ARG']).replace('ARG', '');
    const macro = written.slice(0, Math.max(1, written.search(/[\s{]|\\left|$/)));
    expect(expr, `${name} in an expression`).toContain(macro);
    expect(prog, `${name} in a program`).toContain(macro);
    expect(FUNCTIONS_TABLE[name as FunctionName].latex.write(['x']).length).toBeGreaterThan(1);
  });
  it('a leading minus of a product binds as in expressions: −a·b, not −(a·b)', () => {
    const a = api.deriveProgram('param s; param y; t = logistic_loss(s, y); l = 3*t', { seed: 2 });
    expect(api.renderProgramText(a)).toContain('∂l/∂s = −μ_t·y·sigmoid(−y·s)');
  });
});

describe('an argument the table needs as a number', () => {
  it('is refused at its position when it varies, in an expression and in a program', () => {
    expect(() => api.analyzeExpression('nthRoot(x, y)')).toThrow(/1:1: argument 2 of nthRoot must be a constant|argument 2 of nthRoot must be a constant/);
    expect(() => api.deriveProgram('param x; param n; y = nthRoot(x, n)')).toThrow(/argument 2 of nthRoot must be a number/);
  });
});
