// `lagrad check` on programs and network files: exit codes, --values, the
// JSON report, batch grading, and the options that do not apply.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const NET = `param V[4,3]
param W[2,4]
data x[3]
data y[2]
z = sigmoid(V*x)
yhat = W*z
loss = sum((y - yhat).^2)
`;
const VALUES = JSON.stringify({ V: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], W: [[1, 2, 3, 4], [0, -1, 0, 1]], x: [0.5, -0.25, 1], y: [[1], [0]] });
const YAML = ['input: 3', 'output: 2', 'batch: 4', 'layers:', '  - {units: 4, activation: tanh, bias: true}', '  - {units: 2, activation: identity, bias: true}', 'loss: half-squared'].join('\n');

const run = async (args: string[], files: Record<string, string> = { 'net.lag': NET }) => {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f };
};

describe('lagrad check on a program', () => {
  it('exit 0 when every claim holds, at the --values point and the random ones', async () => {
    const r = await run(['check', '--file', 'net.lag', '--values', 'v.json', '--grad', "W=2*(yhat - y)*z'", '--mu', "z=W'*mu_yhat"], { 'net.lag': NET, 'v.json': VALUES });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('compared at 21 points: 1 given (--values, --at), 20 seeded random values of the params and data');
    expect(r.out).toContain('✓ all 2 claims hold');
  });
  it('exit 1 with the counterexample at the --values point first, and the diagnosis', async () => {
    const r = await run(['check', '--file', 'net.lag', '--values', 'v.json', '--grad', "V=(W'*mu_yhat)*x'"], { 'net.lag': NET, 'v.json': VALUES });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/counterexample: at the given point, entry \[\d,\d\]: yours .*, correct /);
    expect(r.out).toContain("diagnosis: at node z (z = sigmoid(V*x)): the chain-rule factor σ′");
  });
  it('JSON: lagrad/check@1 with nested matrices, the entry, and the node', async () => {
    const r = await run(['check', '--file', 'net.lag', '--grad', "V=(W'*mu_yhat)*x'", '--points', '2', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe('lagrad/check@1');
    expect(j.ok).toBe(false);
    const c = j.claims[0];
    expect(c.target).toBe('V');
    expect(c.counterexample.shape).toEqual([4, 3]);
    expect(c.counterexample.correct).toHaveLength(4);
    expect(c.counterexample.correct[0]).toHaveLength(3);
    expect(c.counterexample.point.x).toHaveLength(3);
    expect(c.diagnosis).toMatchObject({ kind: 'missing-factor', node: 'z' });
    expect(j.firstWrong).toBe('V');
  });
  it('a network file: a bias gradient without its sum over the batch', async () => {
    const r = await run(['check', 'net.yaml', '--grad', 'b1=mu_H1', '--grad', 'b2=(Yhat - Y)*ones(4,1)'], { 'net.yaml': YAML });
    expect(r.code).toBe(1);
    expect(r.out).toContain('✓ ∂loss/∂b2 = (Yhat - Y)*ones(4,1)');
    expect(r.out).toContain('one column per sample ([4,4])');
  });
  it('batch grading: one CSV row per submission, a bad claim on its own row', async () => {
    const csv = "id,target,claim\nana,W,\"2*(yhat - y)*z'\"\nben,z,W*mu_yhat\ncai,z,W*q\n";
    const r = await run(['check', '--file', 'net.lag', '--batch', 'a.csv'], { 'net.lag': NET, 'a.csv': csv });
    expect(r.code).toBe(1);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toBe('id,target,ok,diagnosis,message,point');
    expect(rows[1]).toBe('ana,W,true,,,');
    expect(rows[2]).toMatch(/^ben,z,false,transpose,/);
    expect(rows[3]).toMatch(/^cai,z,false,invalid,"claim for z: 1:3: unknown symbol 'q'/);
    const j = await run(['check', '--file', 'net.lag', '--batch', 'a.csv', '--format', 'json'], { 'net.lag': NET, 'a.csv': csv });
    const report = JSON.parse(j.out);
    expect(report.schema).toBe('lagrad/check-batch@1');
    expect(report.submissions.map((s: { ok: boolean }) => s.ok)).toEqual([true, false, false]);
  });
  it('usage errors: --at of a matrix, --values for an expression, a bad claim', async () => {
    const at = await run(['check', '--file', 'net.lag', '--at', 'x=1', '--grad', 'W=0']);
    expect(at.code).toBe(2);
    expect(at.err).toContain("--at gives 'x' one number, but it is [3,1]: give vectors and matrices with --values FILE.json");
    const values = await run(['check', 'x^2', '--values', 'v.json', '--grad', 'x=2*x'], { 'v.json': '{}' });
    expect(values.code).toBe(2);
    const bad = await run(['check', '--file', 'net.lag', '--grad', 'x=1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('x is data, held fixed');
    expect(bad.out).toBe('');
  });
  it('--at given twice: one line that names --at (found by the fuzzer, usage-error-form, seed 2026)', async () => {
    const r = await run(['check', '--file', 'net.lag', '--grad', "W=2*(yhat - y)*z'", '--at', 'x=1', '--at', 'x=2']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('lagrad: error: --at is given 2 times, but a program is checked at one given point: give --at once (with --values for vectors and matrices)\n');
  });
});
