// The program check beyond the entry limit: the sample of entries is sized to
// a work budget counted from shapes (about ENTRY_BUDGET_FORWARDS forward
// evaluations), it says what it checked, it is deterministic, and it still
// catches a wrong derivation. No timings: the work is the check's own count.
import { describe, expect, it } from 'vitest';
import { checkProgram, ENTRY_BUDGET_FORWARDS, type ProgramCheck } from '../../src/tensor/check.js';
import { deriveMatrixForm, type ProgramDerivation } from '../../src/tensor/derive.js';
import { chooseProgramPoint, type ProgramPoint } from '../../src/tensor/point.js';
import { parseProgram } from '../../src/tensor/program.js';
import { sweepProgram } from '../../src/tensor/sweep.js';

/** A layered tanh network with softmax cross-entropy, as in the bench (bench/matrix.mjs). */
function network(layers: number, width: number, batch: number, classes = 4): string {
  const lines: string[] = [];
  for (let k = 1; k <= layers; k++) lines.push(`param W${k}[${k === layers ? classes : width},${width}]; param b${k}[${k === layers ? classes : width}]`);
  lines.push(`data X[${width},${batch}]; data Y[${classes},${batch}]`);
  for (let k = 1; k <= layers; k++) {
    lines.push(`H${k} = W${k}*${k === 1 ? 'X' : `Z${k - 1}`} + b${k}`);
    if (k < layers) lines.push(`Z${k} = tanh(H${k})`);
  }
  lines.push(`loss = sum(logsumexp(H${layers})) - sum(Y .* H${layers})`, 'minimize loss');
  return lines.join('\n');
}

function setUp(source: string): { der: ProgramDerivation; point: ProgramPoint } {
  const program = parseProgram(source);
  return { der: deriveMatrixForm(program), point: chooseProgramPoint(program, new Map(), 0) };
}

/** The derivation with tanh' left out of μ_H1 (and of Z1's local adjoint, which the dot-product test uses). */
function withoutTanhPrime(der: ProgramDerivation): ProgramDerivation {
  const b = der.program.builder;
  const muZ1 = b.mu('Z1', der.program.shapes.get('Z1')!);
  return {
    ...der,
    backward: der.backward.map((eq) => (eq.name === 'H1' ? { ...eq, terms: [{ from: 'Z1', term: muZ1 }], sum: muZ1 } : eq)),
    local: new Map([...der.local].map(([k, m]) => [k, k === 'Z1' ? new Map([['H1', muZ1]]) : m] as const)),
  };
}

const perVariable = (c: ProgramCheck): Map<string, number> => {
  const n = new Map<string, number>();
  for (const r of c.rows) n.set(r.variable, (n.get(r.variable) ?? 0) + 1);
  return n;
};

describe('the budgeted program check', () => {
  // 3 layers of width 24, batch 12: 2,000+ entries, so sampled; with no floor the budget binds.
  const source = network(3, 24, 12);
  const { der, point } = setUp(source);
  const sweep = sweepProgram(der, point);
  const check = checkProgram(der, point, sweep, { budgetFloor: 0 });

  it('passes a right derivation, and says what it checked', () => {
    expect(check.ok).toBe(true);
    expect(check.coverage).not.toBe('all');
    const cov = check.coverage as Exclude<ProgramCheck['coverage'], 'all'>;
    expect(cov.sampled).toBe(check.rows.length);
    expect(cov.of).toBe(der.backward.concat(der.gradient).reduce((s, eq) => s + point.values.get(eq.name)!.data.length, 0));
    // Every checked variable has at least one entry and a direction test.
    expect(perVariable(check).size).toBe(cov.variables);
    expect(check.directions.map((d) => d.variable).sort()).toEqual([...perVariable(check).keys()].sort());
    expect(check.dot.length).toBe(der.program.statements.length);
    expect(check.method).toContain('work budget');
  });

  it('sizes the sample to the budget: the params that re-run the whole network get fewer entries', () => {
    const n = perVariable(check);
    expect(n.get('W1')!).toBeLessThan(32);
    expect(n.get('W1')!).toBeGreaterThanOrEqual(1);
    // The variables near the objective are cheap to move: they get more entries (each a complex step and a difference).
    expect(n.get('H3')!).toBeGreaterThan(2 * n.get('W1')!);
    expect(check.work.entryBudget).toBe(ENTRY_BUDGET_FORWARDS * check.work.forward);
    // Entries, direction tests and dot-product tests together: a small multiple of one forward evaluation.
    expect(check.work.spent).toBeLessThan(2 * ENTRY_BUDGET_FORWARDS * check.work.forward);
  });

  it('is deterministic', () => {
    const again = checkProgram(der, point, sweep, { budgetFloor: 0 });
    expect(again.rows).toEqual(check.rows);
    expect(again.directions).toEqual(check.directions);
    expect(again.dot).toEqual(check.dot);
  });

  it('keeps the full sample of a small program (the floor)', () => {
    const full = checkProgram(der, point, sweep);
    expect(full.ok).toBe(true);
    expect(perVariable(full).get('W1')).toBe(32);
  });

  it('fails a wrong adjoint (tanh\' left out): entries, directions and the dot-product test', () => {
    const wrong = withoutTanhPrime(der);
    const c = checkProgram(wrong, point, sweepProgram(wrong, point), { budgetFloor: 0 });
    expect(c.ok).toBe(false);
    expect(c.coverage).not.toBe('all');
    expect(c.rows.some((r) => r.variable === 'H1' && !r.ok)).toBe(true);
    expect(c.rows.some((r) => r.variable === 'W1' && !r.ok)).toBe(true);
    expect(c.directions.filter((d) => !d.ok).map((d) => d.variable).sort()).toEqual(['H1', 'W1', 'b1']);
    expect(c.dot.filter((d) => !d.ok).map((d) => d.statement)).toEqual(['Z1']);
    // The variables after the mistake are right.
    expect(c.rows.filter((r) => !r.ok).every((r) => ['H1', 'W1', 'b1'].includes(r.variable))).toBe(true);
  });

  it('fails a gradient that is off by one part in a thousand (its sampled entries)', () => {
    const off = { mu: sweep.mu, gradient: new Map(sweep.gradient) };
    const w = sweep.gradient.get('W2')!;
    off.gradient.set('W2', { ...w, data: w.data.map((x) => x * 1.001) });
    const c = checkProgram(der, point, off, { budgetFloor: 0 });
    expect(c.ok).toBe(false);
    const failed = c.rows.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.variable === 'W2')).toBe(true);
  });
});

describe('the check of a large network stays within its budget', () => {
  it('width 64, batch 32, 4 layers: a right derivation passes, a wrong one fails', () => {
    const { der, point } = setUp(network(4, 64, 32, 10));
    const sweep = sweepProgram(der, point);
    const ok = checkProgram(der, point, sweep);
    expect(ok.ok).toBe(true);
    expect(ok.coverage).not.toBe('all');
    const wrong = withoutTanhPrime(der);
    const bad = checkProgram(wrong, point, sweepProgram(wrong, point));
    expect(bad.ok).toBe(false);
    expect(bad.dot.find((d) => d.statement === 'Z1')!.ok).toBe(false);
    expect(bad.directions.find((d) => d.variable === 'W1')!.ok).toBe(false);
    // A clear mismatch is not searched at length: a disagreeing entry costs two more evaluations.
    expect(bad.work.spent).toBeLessThan(2 * ok.work.spent);
  });
});

describe('the check of a long chain is a bounded number of forward evaluations', () => {
  // Every variable of a chain re-runs the statements after it: 64 sampled variables used to cost up to 64
  // forward evaluations each, several times over, whatever the budget said (a chain of 10⁵ statements took
  // 66–73 s). Now the sample of intermediate variables is cut to the budget; the params are always kept.
  const chain = (n: number): string => ['param a0', ...Array.from({ length: n }, (_, k) => `a${k + 1} = sin(a${k})`)].join('\n');
  for (const n of [3000, 12000]) {
    it(`${n} statements: the work spent is within a constant number of forward evaluations`, () => {
      const { der, point } = setUp(chain(n));
      const c = checkProgram(der, point, sweepProgram(der, point), { budgetFloor: 0 });
      expect(c.ok).toBe(true);
      const cov = c.coverage as Exclude<ProgramCheck['coverage'], 'all'>;
      expect(cov.variables).toBeLessThan(64);
      expect(c.rows.some((r) => r.variable === 'a0' && r.kind === 'gradient')).toBe(true);
      // The budget, the param's own least check (one entry by differences and the complex step, the
      // direction test) and the local tests (dot product, KKT) of every statement, a few forwards at most.
      expect(c.work.spent / c.work.forward).toBeLessThan(ENTRY_BUDGET_FORWARDS + 8 + 16);
    });
  }
});
