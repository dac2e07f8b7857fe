// One check for every input: a program of 1×1 statements and the equivalent
// expression are checked by the same algorithm (verify/entries.ts), through
// their two evaluators. They check the same entries — μ of each statement
// variable / node, the gradient of each param / input — with the same
// verdicts, decided the same way, and a wrong derivative is caught by both.
import { describe, expect, it } from 'vitest';
import { analyzeExpression } from '../src/pipeline.js';
import { tensor } from '../src/ir/shape.js';
import { checkProgram, type ProgramCheck } from '../src/tensor/check.js';
import { deriveMatrixForm, type ProgramDerivation } from '../src/tensor/derive.js';
import { chooseProgramPoint } from '../src/tensor/point.js';
import { parseProgram } from '../src/tensor/program.js';
import { sweepProgram } from '../src/tensor/sweep.js';
import { check, type CheckReport } from '../src/verify/check.js';
import { compile, type Compiled } from '../src/verify/numeric.js';

const X = 0.7;

/** The expression `x*f(x)`, its nodes z1 = x, z2 = f(z1), z3 = z1·z2 named as the program's variables. */
function expressionCheck(f: string, wrong: boolean, allLimit?: number): { report: CheckReport; names: Map<number, string> } {
  const a = analyzeExpression(`x*${f}(x)`, { at: new Map([['x', X]]) });
  const der = a.derivation;
  expect(der.graph.m).toBe(3);
  let compiled = compile(der, a.point.values);
  if (wrong) {
    // ∂f3/∂z2 = z1 made z1 + 0.1: μ_2 is off by 0.1, and so is every μ below it.
    const k = der.graph.nodes[3]!.alpha.indexOf(2);
    const base = compiled;
    compiled = { ...base, partial: (i, q, z) => (i === 3 && q === k ? base.partial(i, q, z) + 0.1 : base.partial(i, q, z)) } satisfies Compiled;
  }
  return { report: check(der, compiled, a.point, { allLimit }), names: new Map([[1, 'x'], [2, 'y'], [3, 'l']]) };
}

/** The program `y = f(x); l = x*y`, every variable 1×1. */
function programCheck(f: string, wrong: boolean, allLimit?: number): ProgramCheck {
  const program = parseProgram(`param x\ny = ${f}(x)\nl = x*y\nminimize l`);
  const point = chooseProgramPoint(program, new Map([['x', tensor(1, 1, Float64Array.of(X))]]), 0);
  let der: ProgramDerivation = deriveMatrixForm(program);
  if (wrong) {
    // μ_y = μ_l·x made μ_l·x + 0.1, the same mistake.
    const b = program.builder;
    der = { ...der, backward: der.backward.map((eq) => (eq.name === 'y' ? { ...eq, sum: b.add(eq.sum!, b.num(0.1)) } : eq)) };
  }
  return checkProgram(der, point, sweepProgram(der, point), { allLimit });
}

/** Each row as the name of its entry, its derived value and its verdict. */
function expressionRows(f: string, wrong: boolean, allLimit?: number) {
  const { report, names } = expressionCheck(f, wrong, allLimit);
  return { report, rows: new Map(report.rows.map((r) => [names.get(r.node)!, r] as const)) };
}
function programRows(f: string, wrong: boolean, allLimit?: number) {
  const report = programCheck(f, wrong, allLimit);
  expect(report.rows.every((r) => r.index === 0)).toBe(true);
  return { report, rows: new Map(report.rows.map((r) => [r.variable, r] as const)) };
}

describe('a program of 1×1 statements and its expression are checked alike', () => {
  for (const f of ['sin', 'erf']) {
    for (const wrong of [false, true]) {
      for (const allLimit of [undefined, 0]) {
        it(`${f}, ${wrong ? 'a wrong μ_y' : 'right'}, ${allLimit === 0 ? 'sampled' : 'every entry'}`, () => {
          const e = expressionRows(f, wrong, allLimit);
          const p = programRows(f, wrong, allLimit);
          expect(e.report.coverage === 'all').toBe(allLimit === undefined);
          expect(p.report.coverage === 'all').toBe(allLimit === undefined);
          // The same entries in the same order: μ of l and y, the gradient of x.
          expect([...e.rows.keys()]).toEqual(['l', 'y', 'x']);
          expect([...p.rows.keys()]).toEqual(['l', 'y', 'x']);
          expect(p.rows.get('x')!.kind).toBe('gradient');
          for (const name of ['l', 'y', 'x']) {
            const er = e.rows.get(name)!;
            const pr = p.rows.get(name)!;
            expect(pr.derived, name).toBeCloseTo(er.mu, 12);
            expect(pr.numeric, name).toBeCloseTo(er.numeric, 8);
            // erf has no complex continuation: differences decide, in both.
            expect(Number.isNaN(pr.complexStep), name).toBe(Number.isNaN(er.complexStep));
            if (!Number.isNaN(er.complexStep)) expect(pr.complexStep, name).toBeCloseTo(er.complexStep, 12);
            expect(pr.ok, name).toBe(er.ok);
            expect(pr.decidedBy, name).toBe(er.decidedBy);
          }
          expect(e.report.rows.some((r) => r.decidedBy === 'differences')).toBe(f === 'erf');
          // The mistake shows where it is, in μ_y and the gradient below it, not in μ_l.
          const failed = (rows: Map<string, { ok: boolean }>): string[] => [...rows].filter(([, r]) => !r.ok).map(([n]) => n).sort();
          expect(failed(e.rows)).toEqual(wrong ? ['x', 'y'] : []);
          expect(failed(p.rows)).toEqual(wrong ? ['x', 'y'] : []);
          expect(e.report.kktOk).toBe(!wrong);
          expect(p.report.kktOk).toBe(!wrong);
          expect(e.report.ok).toBe(!wrong);
          expect(p.report.ok).toBe(!wrong);
        });
      }
    }
  }
});

describe('a sampled entry past its full searches', () => {
  it('gets one Richardson step, so that truncation is in the error (a plain difference fails sin(3000x) though it is right)', async () => {
    const { agreesWith, plainDerivative, richardsonOnce } = await import('../src/verify/differences.js');
    const g = (x: number): number => Math.sin(3000 * x);
    const x = 0.3;
    const derived = 3000 * Math.cos(3000 * x);
    const plain = plainDerivative(g, x, 1);
    const once = richardsonOnce(g, x, 1);
    expect(agreesWith(derived, plain.value, plain.error, 1)).toBe(false);
    expect(agreesWith(derived, once.value, once.error, 1)).toBe(true);
    // And it still fails a wrong derivative.
    expect(agreesWith(1.01 * derived, once.value, once.error, 1)).toBe(false);
  });
});
