// Regressions of issue 12 (`lagrad check`) and issue 14 (CSV injection): the
// claims' convention (--multiplier, --sign), program claims from the objective
// down, factors that are not constants, a transposed variable named without
// giving the answer, the counterexample's point in batch reports, nodes named
// as derive names them, and formula cells neutralised.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { checkExpressionClaims } from '../src/index.js';
import { checkProgramClaims } from '../src/program-pipeline.js';
import { csvField, describeClaimNode } from '../src/render/check-report.js';
import { fakeIo } from './helpers/fake-io.js';

const NOTE002 = `param W1[3,2]; param b1[3]; param W2[2,3]; param b2[2]
data X[2,3]; data Y[2,3]
x1 = sigmoid(W1*X + b1)
x2 = sigmoid(W2*x1 + b2)
L = 0.5*sum((Y - x2).^2)
`;
const NET = `param V[4,3]
param W[2,4]
data x[3]
data y[2]
z = sigmoid(V*x)
yhat = W*z
loss = sum((y - yhat).^2)
`;
const TANH_NET = NET.replace('sigmoid', 'tanh');

const run = async (args: string[], files: Record<string, string> = {}) => {
  const f = fakeIo({ files: { 'note002.lag': NOTE002, 'net.lag': NET, 'tanh.lag': TANH_NET, ...files } });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
};
const judge = (f: string, target: string, claim: string) =>
  checkExpressionClaims(f, [{ target, text: claim }], { describeNode: describeClaimNode }).verdicts[0]!;

describe('--multiplier and --sign: claims in the student\'s convention', () => {
  it('note 002 (β, + sign): β_x2 = Y − x2 holds, and the report states the convention', async () => {
    const r = await run(['check', '--file', 'note002.lag', '--mu', 'x2=Y - x2', '--multiplier', 'beta', '--sign', '+']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('✓ β_x2 = Y - x2');
    expect(r.out).toContain('claims judged in the convention: L = ℓ + Σ_v ⟨β_v, v − f_v(…)⟩');
    expect(r.out).toContain('β_v = −∂ℓ/∂v');
  });
  it('claims may use beta_v and β_v, and the gradient keeps its meaning', async () => {
    const ok = await run(['check', '--file', 'note002.lag', '--multiplier', 'β', '--sign', '+',
      '--mu', "x1=W2'*(β_x2.*x2.*(1 - x2))", '--grad', "W2=-(beta_x2.*x2.*(1 - x2))*x1'"]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
  });
  it('in the notes\' convention the same claim is off by sign, and the message points at --sign +', async () => {
    const r = await run(['check', '--file', 'note002.lag', '--mu', 'x2=Y - x2']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('off by sign');
    expect(r.out).toContain('--sign +');
  });
  it('expressions: under --sign + a multiplier is −∂f/∂z_j, named in the convention\'s symbol', async () => {
    const plus = await run(['check', 'ln(x1) + x1*x2 - sin(x2)', '--mu', 'z6=-beta7', '--mu', 'beta7=-1', '--grad', 'x1=-(beta3/z1 + beta4*z2)', '--multiplier', 'beta', '--sign', '+']);
    expect(plus.err).toBe('');
    expect(plus.code).toBe(0);
    expect(plus.out).toContain('✓ β₆ = −beta7');
    const notes = await run(['check', 'ln(x1) + x1*x2 - sin(x2)', '--mu', 'z7=-1']);
    expect(notes.code).toBe(1);
  });
  it('JSON states the convention (a key added at the end)', async () => {
    const r = await run(['check', 'x^2', '--mu', 'z2=-1', '--sign', '+', '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(true);
    expect(Object.keys(doc)).toEqual(['schema', 'ok', 'claims', 'source', 'firstWrong', 'convention']);
    expect(doc.convention).toEqual({ multiplier: 'mu', sign: '+' });
  });
  it('a bad --sign is a usage error, as for derive', async () => {
    const r = await run(['check', 'x^2', '--grad', 'x=2*x', '--sign', 'plusminus']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--sign takes - or +');
  });
});

describe('claims on a program are judged from the objective down', () => {
  it('whatever the order given: multipliers by statement, then gradients by their last use', () => {
    const r = checkProgramClaims(NET, [
      { target: 'V', text: "(W'*mu_yhat)*x'" },
      { target: 'W', text: "3*(yhat - y)*z'" },
      { target: 'z', text: "W'*mu_yhat" },
      { target: 'yhat', text: '2*(yhat - y)' },
      { target: 'loss', text: '2' },
    ]);
    expect(r.verdicts.map((v) => v.claim.label)).toEqual(['mu_loss', 'mu_yhat', 'mu_z', 'W', 'V']);
    expect(r.verdicts[r.firstWrong!]!.claim.label).toBe('mu_loss');
  });
  it('the first wrong gradient is the one nearest the objective (W before V)', async () => {
    const r = await run(['check', '--file', 'net.lag', '--grad', "V=(W'*mu_yhat)*x'", '--grad', "W=3*(yhat - y)*z'"]);
    expect(r.code).toBe(1);
    expect(r.out.indexOf('∂loss/∂W')).toBeLessThan(r.out.indexOf('∂loss/∂V'));
    expect(r.out).toContain('the first to go wrong, in reverse topological order: ∂loss/∂W');
  });
});

describe('a factor that is not a constant', () => {
  it('a variable factor too many, and one missing: "off by a factor x"', () => {
    const extra = judge('x^3', 'x', '3*x^3');
    expect(extra.diagnosis).toMatchObject({ kind: 'variable-factor', variable: 'x', missing: false });
    expect(extra.diagnosis!.message).toContain('off by a factor x');
    const missing = judge('x^2*y', 'x', '2*y');
    expect(missing.diagnosis).toMatchObject({ kind: 'variable-factor', variable: 'x', missing: true });
    expect(missing.diagnosis!.message).toContain('off by a factor x');
  });
  it('a variable factor too many on one edge of a sum', () => {
    const v = judge('x*sin(x) + y*x^2', 'x', 'sin(x) + x*cos(x) + 2*x*y*y');
    expect(v.diagnosis!.kind).toBe('edge-variable-factor');
    expect(v.diagnosis!.message).toContain('off by a factor y');
  });
  it('tanh′ written 1 − tanh', () => {
    const v = judge('tanh(3*x + 1)', 'x', '3*(1 - tanh(3*x + 1))');
    expect(v.diagnosis!.kind).toBe('edge-derivative');
    expect(v.diagnosis!.message).toContain('the derivative of tanh is 1 − tanh²; your factor is 1 − tanh');
  });
  it('σ′ with one σ missing', () => {
    const v = judge('sigmoid(w*x)', 'w', '(1 - sigmoid(w*x))*x');
    expect(v.diagnosis!.message).toContain('the derivative of sigmoid is σ(1 − σ); your factor is 1 − σ');
  });
  it('without printing the correct answer', () => {
    const v = judge('tanh(x)*y', 'x', '(1 - tanh(x))*y');
    expect(v.diagnosis!.message).toContain('your factor is 1 − tanh');
    expect(v.diagnosis!.message).not.toMatch(/\(1 − tanh\(x\)\^2\)|1 - tanh\(x\)\^2/);
  });
  it('in a program: tanh′ and σ′ with one factor wrong, at their node', async () => {
    const t = await run(['check', '--file', 'tanh.lag', '--grad', "V=((W'*mu_yhat).*(1 - z))*x'"]);
    expect(t.out).toContain('at node z (z = tanh(V*x)): the derivative of tanh is 1 − tanh²; your factor is 1 − tanh');
    const s = await run(['check', '--file', 'net.lag', '--grad', "V=((W'*mu_yhat).*(1 - z))*x'"]);
    expect(s.out).toContain('the derivative of sigmoid is σ(1 − σ); your factor is 1 − σ');
  });
});

describe('a transposed variable is named, not the fix, unless --show-answer', () => {
  it('the shapes do not fit: which variable has the wrong orientation', async () => {
    const r = await run(['check', '--file', 'net.lag', '--mu', 'z=W*mu_yhat']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('W is used with the wrong orientation');
    expect(r.out).not.toContain('your answer is right');
    const shown = await run(['check', '--file', 'net.lag', '--mu', 'z=W*mu_yhat', '--show-answer']);
    expect(shown.out).toContain('read with W transposed, your answer is right');
  });
  it('a square weight read the wrong way round (the shapes fit)', () => {
    const SQUARE = 'param W[3,3]\ndata x[3]\nh = tanh(W*x)\nout = W*h\nloss = 0.5*sum(out.^2)';
    const v = checkProgramClaims(SQUARE, [{ target: 'h', text: 'W*mu_out' }]).verdicts[0]!;
    expect(v.diagnosis).toMatchObject({ kind: 'transpose', variable: 'W' });
    expect(v.diagnosis!.message).toContain('W is used with the wrong orientation');
    expect(v.diagnosis!.message).not.toContain('right');
  });
});

describe('batch reports carry the counterexample\'s point', () => {
  const csv = 'id,target,claim\nana,x,2*x*cos(x^2)\nben,x,cos(x^2)\n';
  it('CSV: a point column, last, as --at takes it, that reproduces the counterexample', async () => {
    const r = await run(['check', 'sin(x^2)', '--batch', 'a.csv'], { 'a.csv': csv });
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toBe('id,target,ok,diagnosis,message,point');
    expect(rows[1]).toBe('ana,x,true,,,');
    const at = /,(x=[-\d.e]+)$/.exec(rows[2]!)![1]!;
    const again = await run(['check', 'sin(x^2)', '--grad', 'x=cos(x^2)', '--at', at, '--points', '0']);
    expect(again.code).toBe(1);
    expect(again.out).toContain('counterexample: at x = ');
  });
  it('JSON: the counterexample has its point (expressions and programs)', async () => {
    const r = await run(['check', 'sin(x^2)', '--batch', 'a.csv', '--format', 'json'], { 'a.csv': csv });
    const ce = JSON.parse(r.out).submissions[1].counterexample;
    expect(Object.keys(ce)).toEqual(['claimed', 'correct', 'point']);
    expect(typeof ce.point.x).toBe('number');
    const p = await run(['check', '--file', 'net.lag', '--batch', 'b.csv', '--format', 'json'], { 'b.csv': "id,target,claim\nana,V,\"(W'*mu_yhat)*x'\"\n" });
    expect(Object.keys(JSON.parse(p.out).submissions[0].counterexample.point)).toEqual(['V', 'W', 'x', 'y']);
    const c = await run(['check', '--file', 'net.lag', '--batch', 'b.csv'], { 'b.csv': "id,target,claim\nana,V,\"(W'*mu_yhat)*x'\"\n" });
    const cell = c.out.trim().split('\n')[1]!.replace(/^.*,"(\{.*\})"$/, '$1').replaceAll('""', '"');
    expect(Object.keys(JSON.parse(cell))).toEqual(['V', 'W', 'x', 'y']);
  });
});

describe('diagnoses name nodes as derive does, with their statement', () => {
  it('z₇ = z₅ − z₆ in text, with what the node computes', async () => {
    const r = await run(['check', 'ln(x1) + x1*x2 - sin(x2)', '--grad', 'x2=x1 + cos(x2)']);
    expect(r.out).toContain('the edge z₆ → z₇ (z₇ = z₅ − z₆, that is log(x1) + x1·x2 − sin(x2))');
    expect(r.out).toContain('your ∂f₇/∂z₆ has the wrong sign');
    const m = await run(['check', 'x*sin(x)', '--grad', 'x=x*cos(x)']);
    expect(m.out).toContain('(z₃ = z₁·z₂, that is x·sin(x)), μ₃·∂f₃/∂z₁');
  });
  it('JSON names the node\'s statement', async () => {
    const r = await run(['check', 'x*sin(x)', '--grad', 'x=x*cos(x)', '--format', 'json']);
    expect(JSON.parse(r.out).claims[0].diagnosis.statement).toBe('z₃ = z₁·z₂, that is x·sin(x)');
  });
});

describe('CSV injection (issue 14): formula cells are neutralised as OWASP recommends', () => {
  it('a cell that begins with = + - @ tab or CR is prefixed with a quote and quoted', () => {
    for (const s of ['=1+1', '+1', '-2*x', '@SUM(A1)', '\tx', '\rx']) expect(csvField(s)).toBe(`"'${s}"`);
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('2*x')).toBe('2*x');
    expect(csvField('a, b')).toBe('"a, b"');
  });
  it('ids and targets from a batch never reach a cell as formulas', async () => {
    const csv = 'id,target,claim\n=cmd|\' /C calc\'!A0,x,2*x\n+ana,x,-2*x\n@ben,x,2*x\n-cai,x,2*x\n';
    const r = await run(['check', 'x^2', '--batch', 'a.csv'], { 'a.csv': csv });
    const cells = r.out.trim().split('\n').slice(1).map((row) => row.split(',')[0]!);
    for (const cell of cells) expect(cell).toMatch(/^"'/);
    expect(r.out).toContain(`"'+ana",x,false,sign,`);
  });
});
