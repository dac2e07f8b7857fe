// What the tool says about a point without a derivative: the kind of point
// (a kink, outside the domain, an infinite slope at a domain boundary) and
// the numbers in the message, shown to 6 significant digits.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { FUNCTIONS_TABLE } from '../src/ops/functions.js';
import { fakeIo } from './helpers/fake-io.js';

async function derive(expr: string, at: string, format = 'text'): Promise<{ code: number; out: string }> {
  const f = fakeIo();
  const code = await main(['derive', expr, '--at', at, '--format', format], f.io);
  return { code, out: f.stdout() };
}

describe('points without a derivative are named for what they are', () => {
  it('calls sqrt at 0 a domain boundary where the derivative is infinite, not a kink', async () => {
    const r = await derive('sqrt(x)', 'x=0');
    expect(r.code).toBe(1);
    expect(r.out).toContain('the point is at an infinite slope of z₂ = sqrt(z₁): sqrt is at its domain boundary 0, where its derivative is infinite');
    expect(r.out).not.toContain('kink');
    const json = JSON.parse((await derive('sqrt(x)', 'x=0', 'json')).out);
    expect(json.check.problem.kind).toBe('infinite');
  });
  it('does the same for cbrt and nthRoot at 0, acosh at 1 and x^0.5 at 0', async () => {
    for (const [expr, at] of [['cbrt(x)', 'x=0'], ['nthRoot(x, 3)', 'x=0'], ['acosh(x)', 'x=1'], ['x^0.5', 'x=0']] as const) {
      const r = await derive(expr, at);
      expect(r.code, expr).toBe(1);
      expect(r.out, expr).toContain('is at an infinite slope of');
    }
  });
  it('keeps kinks kinks and the outside outside', async () => {
    expect((await derive('relu(x)', 'x=0')).out).toContain('is on a kink of');
    expect((await derive('log(x)', 'x=-1')).out).toContain('is outside the domain of');
  });
  it('shows the numbers in domain messages to 6 significant digits', async () => {
    const r = await derive('log(x)', 'x=-1.23456789012');
    expect(r.out).toContain('log needs a positive argument, got -1.23457');
    expect(r.out).not.toContain('1.23456789012');
  });
  it('has no table entry whose messages print a raw long number', () => {
    // Every domain verdict of the table at awkward arguments: no number longer than 6 significant digits.
    const awkward = [-1.23456789012, 0, 1, 1.23456789012, -0.000123456789];
    for (const [name, spec] of Object.entries(FUNCTIONS_TABLE)) {
      if (!spec.domain) continue;
      for (const a of awkward) for (const b of awkward) {
        const v = spec.domain(a, b, b, [false, true, true]);
        if (v === null) continue;
        for (const n of v.why.match(/\d+(\.\d+)?/g) ?? []) {
          expect(n.replace('.', '').replace(/^0+/, '').length, `${name}: ${v.why}`).toBeLessThanOrEqual(6);
        }
      }
    }
  });
});
