// Regressions from the review of the program pipeline: sizes refused before
// allocation, no false failures of the check, no outer broadcast.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fake-io.js';

async function derive(program: string, ...args: string[]) {
  const f = fakeIo();
  const code = await main(['derive', program, ...args], f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

describe('program limits and check verdicts', () => {
  it('checks a 400×400 parameter (160,000 entries) without overflowing the stack', async () => {
    const r = await derive('param A[400,400]; loss = sum(A)');
    expect(r.code).toBe(0);
    expect(r.out).toContain('all checks pass');
  });
  it('refuses a computed value over the entry limit, at its statement, before allocating', async () => {
    const r = await derive("param x[100000]; B = x*x'; loss = sum(B)");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^lagrad: error: 1:\d+: in 'B = x\*x'': matrix product gives \[100000,100000\], more than 10,000,000 entries\n$/);
  });
  it('refuses a matrix product over the work limit and a program over the total limit', async () => {
    expect((await derive('param A[3000,3000]; param B[3000,3000]; C = A*B; loss = sum(C)', '--no-check')).err).toContain('multiply-adds');
    const many = `${Array.from({ length: 30 }, (_, k) => `param A${k}[10000,1000]`).join('; ')}; loss = sum(A0)`;
    const r = await derive(many, '--no-check');
    expect(r.code).toBe(2);
    expect(r.err).toContain("the program's values exceed");
  });
  it('never draws an exact 0, so relu has no kink at the seeded values', async () => {
    for (const seed of ['0', '2', '4', '6']) expect((await derive('param W[10,10]; loss = sum(relu(W))', '--seed', seed)).code).toBe(0);
  });
  it('searches wider ranges for a point inside the domain', async () => {
    expect((await derive('param x; loss = log(x - 5)')).code).toBe(0);
  });
  it('passes the dot-product test with large values (round-off allowed for)', async () => {
    expect((await derive('param x[3]; y = x + 1000000; loss = sum(y)')).code).toBe(0);
  });
  it('refuses a column against a row (an outer sum would hide a missing transpose)', async () => {
    const r = await derive("param W[2,3]; data x[3]; data y[2]; yhat = W*x; loss = sum((y - yhat').^2)");
    expect(r.code).toBe(2);
    expect(r.err).toContain("difference of y [2] and yhat [1,2] does not fit");
  });
  it('prints constants as computed: multiples of π as such, others unrounded', async () => {
    const r = await derive('param W[2]; loss = sum(0.1234567*W.^2) + 2*pi*sum(W)');
    expect(r.out).toContain('2π·𝟙 + 0.2469134·W');
  });
});

describe('the program check stays linear in the number of statements', () => {
  it('samples variables beyond the limit, and says how many', async () => {
    const lines = ['param x'];
    let prev = 'x';
    for (let k = 0; k < 300; k++) {
      lines.push(`s${k} = sin(${prev}) + ${prev}`);
      prev = `s${k}`;
    }
    lines.push(`loss = ${prev}`);
    const f = fakeIo();
    expect(await main(['derive', lines.join('\n'), '--format', 'json'], f.io)).toBe(0);
    const doc = JSON.parse(f.stdout());
    expect(doc.check.ok).toBe(true);
  });
});
