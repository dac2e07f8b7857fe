// `lagrad check`: right answers in other forms pass; the usual mistakes fail
// with the right diagnosis; bad claims exit 2 naming the claim and position.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
// Through the library API, which names a diagnosis's node (z3 = sin(z1)) by default.
import { checkExpressionClaims } from '../src/index.js';
import { describeClaimNode } from '../src/render/check-report.js';
import { fakeIo } from './helpers/fake-io.js';

// Nodes named as the CLI names them, as derive's text writes them (z₃ = sin(z₁)).
const judge = (f: string, target: string, claim: string, constants?: string[]) =>
  checkExpressionClaims(f, [{ target, text: claim }], { constants, describeNode: describeClaimNode }).verdicts[0]!;

describe('right answers in another form pass', () => {
  const rows: [string, string, string][] = [
    ['(x + 1)^2', 'x', '2*x + 2'],
    ['x^2 * exp(x)', 'x', 'x*(x + 2)*exp(x)'],
    ['log(x^2)', 'x', '2/x'],
    ['log(x*y)', 'x', '1/x'],
    ['ln(x1) + x1*x2 - sin(x2)', 'x2', 'x1 - cos(x2)'],
    ['sigmoid(x)', 'x', 'exp(-x)/(1 + exp(-x))^2'],
    ['sigmoid(x)', 'x', 'sigmoid(x)*sigmoid(-x)'],
    ['softplus(x)', 'x', '1/(1 + exp(-x))'],
    ['tanh(x)', 'x', '1/cosh(x)^2'],
    ['log(x, 2)', 'x', '1/(x*ln(2))'],
    ['sqrt(x)', 'x', '0.5*x^(-1/2)'],
    ['exp(sin(t))', 't', 'cos(t)*exp(sin(t))'],
  ];
  for (const [f, target, claim] of rows) {
    it(`d/d${target} ${f} = ${claim}`, () => expect(judge(f, target, claim).ok).toBe(true));
  }
  it('a multiplier in terms of other multipliers and node values', () => {
    const r = checkExpressionClaims('ln(x1) + x1*x2 - sin(x2)', [
      { target: 'z3', text: 'mu5' },
      { target: 'mu6', text: '-mu7' },
      { target: '4', text: 'mu5' },
      { target: 'x1', text: 'mu3/z1 + mu4*z2' },
    ]);
    expect(r.verdicts.map((v) => v.ok)).toEqual([true, true, true, true]);
  });
});

describe('the usual mistakes fail with the right diagnosis', () => {
  const rows: [string, string, string, string, string?][] = [
    // [f, target, claim, diagnosis kind, what the message names]
    ['x^3', 'x', '-3*x^2', 'sign'],
    ['x^3', 'x', '6*x^2', 'factor', '2 times'],
    ['x^3', 'x', 'x^2', 'factor', '1/3 times'],
    ['sin(x^2)', 'x', 'cos(x^2)', 'missing-factor', 'z₁ → z₂'],
    ['exp(3*x + x^2)', 'x', 'exp(3*x + x^2)', 'missing-factor', 'argument of z₄ = exp(z₃)'],
    ['x*sin(x)', 'x', 'x*cos(x)', 'missing-term', 'z₁ → z₃'],
    ['x*sin(x)', 'x', 'sin(x)', 'missing-term', 'z₂ → z₃'],
    ['log(x^2 + 1)', 'x', '1/(x^2 + 1)', 'missing-factor'],
    ['log(cos(x) + 2)', 'x', '1/(cos(x) + 2)', 'missing-factor'],
    ['sigmoid(w*x)', 'w', 'sigmoid(w*x)*x', 'edge-own-value', 'σ'],
    ['sigmoid(w*x)', 'w', 'sigmoid(w*x)*x', 'edge-own-value', 'σ'],
    ['ln(x1) + x1*x2 - sin(x2)', 'x2', 'x1 + cos(x2)', 'edge-sign'],
    ['sin(x)', 'x', '1 - x^2/2', 'special-points', 'x = 0'],
    ['x^2', 'x', '2*x + sin(pi*x)', 'special-points', 'x = 1'],
    ['log(x)', 'x', '1/(x - 3)', 'unknown'],
    ['log(-x)', 'x', '1/x + log(x)', 'undefined'],
  ];
  for (const [f, target, claim, kind, names] of rows) {
    it(`d/d${target} ${f} ≠ ${claim}: ${kind}`, () => {
      const v = judge(f, target, claim);
      expect(v.ok).toBe(false);
      expect(v.counterexample).not.toBeNull();
      expect(v.diagnosis!.kind).toBe(kind);
      if (names) expect(v.diagnosis!.message).toContain(names);
    });
  }
  it('σ′ written as σ is found when the other factor is a constant inside f_i', () => {
    const v = judge('sigmoid(w*x)', 'w', 'sigmoid(w*x)*x', ['x']);
    expect(v.diagnosis!.kind).toBe('edge-own-value');
  });
  it('several claims: the first wrong one in reverse topological order, localised to its edge term', () => {
    const r = checkExpressionClaims('ln(x1) + x1*x2 - sin(x2)', [
      { target: 'x1', text: 'mu3/z1 + mu4*z2' },
      { target: 'z6', text: 'mu7' },
      { target: 'z5', text: 'mu7' },
      { target: 'z3', text: '2*mu5' },
    ]);
    // Reported from the output down, as a program's claims are (claims/verdict.ts judgeAll).
    expect(r.verdicts.map((v) => v.claim.label)).toEqual(['mu6', 'mu5', 'mu3', 'x1']);
    expect(r.verdicts.map((v) => v.ok)).toEqual([false, true, false, true]);
    expect(r.firstWrong).toBe(0);
    expect(r.verdicts[0]!.diagnosis!.kind).toBe('sign');
    expect(r.verdicts[2]!.diagnosis!.kind).toBe('factor');
  });
  it('never reveals the answer unless asked', () => {
    const f = fakeIo();
    return main(['check', 'x*sin(x)', '--grad', 'x=x*cos(x)'], f.io).then((code) => {
      expect(code).toBe(1);
      expect(f.stdout()).not.toContain('answer:');
      expect(f.stdout()).not.toMatch(/sin\(x\) \+ x/);
    });
  });
});

describe('lagrad check on the command line', () => {
  it('exit 0 when every claim holds, with --at points first', async () => {
    const f = fakeIo();
    expect(await main(['check', 'ln(x1) + x1*x2 - sin(x2)', '--grad', 'x1=1/x1 + x2', '--grad', 'x2=x1 - cos(x2)', '--at', 'x1=2,x2=5'], f.io)).toBe(0);
    expect(f.stdout()).toContain('21 points: 1 given');
  });

  it('exit 1 with the first counterexample, at the given point', async () => {
    const f = fakeIo();
    expect(await main(['check', 'ln(x1) + x1*x2 - sin(x2)', '--grad', 'x2=x1 + cos(x2)', '--at', 'x1=2,x2=5'], f.io)).toBe(1);
    expect(f.stdout()).toContain('counterexample: at x1 = 2, x2 = 5: yours 2.28366, correct 1.71634');
  });

  it('--show-answer prints the correct answer', async () => {
    const f = fakeIo();
    await main(['check', 'exp(sin(t))', '--grad', 't=cos(t)', '--show-answer'], f.io);
    expect(f.stdout()).toContain('answer: ∂f/∂t = exp(sin(t))·cos(t)');
  });

  it('writes schema lagrad/check@1', async () => {
    const f = fakeIo();
    expect(await main(['check', 'x^3', '--grad', 'x=6*x^2', '--format', 'json', '--at', 'x=1'], f.io)).toBe(1);
    const doc = JSON.parse(f.stdout());
    expect(Object.keys(doc).slice(0, 3)).toEqual(['schema', 'ok', 'claims']);
    expect(doc.schema).toBe('lagrad/check@1');
    expect(doc.ok).toBe(false);
    const claim = doc.claims[0];
    expect(Object.keys(claim).slice(0, 5)).toEqual(['target', 'claimed', 'ok', 'counterexample', 'diagnosis']);
    expect(claim).toMatchObject({ target: 'x', claimed: '6*x^2', ok: false, counterexample: { point: { x: 1 }, claimed: 6, correct: 3 } });
    expect(claim.diagnosis).toMatchObject({ kind: 'factor', factor: 2 });
  });

  const bad: [string[], string][] = [
    [['check', 'x^2', '--grad', 'x=2*x +'], 'claim for x: 1:6: unexpected end of expression'],
    [['check', 'x^2', '--grad', 'x=2*q'], "claim for x: 1:3: unknown symbol 'q'"],
    [['check', 'x^2', '--grad', 'y=2*x'], "claim for y: unknown target 'y'"],
    [['check', 'x^2', '--mu', 'z9=1'], 'claim for z9: no node z9'],
    [['check', 'x^2', '--grad', 'x'], '--grad takes TARGET=EXPRESSION'],
    [['check', 'x^2'], 'nothing to check'],
    [['check', 'x^2', '--grad', 'x=sin y'], "claim for x: 1:1: 'sin' is a function; write sin(y)"],
  ];
  for (const [args, message] of bad) {
    it(`exit 2: ${args.slice(2).join(' ')}`, async () => {
      const f = fakeIo();
      expect(await main(args, f.io)).toBe(2);
      expect(f.stdout()).toBe('');
      expect(f.stderr()).toMatch(/^lagrad: error: [^\n]*\n$/);
      expect(f.stderr()).toContain(message);
    });
  }

  it('reads claims from a YAML --answers file, and refuses aliases with their position', async () => {
    const yaml = 'grad:\n  x1: 1/x1 + x2\nmu:\n  z6: -mu7\n';
    const f = fakeIo({ files: { 'a.yaml': yaml, 'b.yaml': 'grad:\n  x1: &a 1/x1\n  x2: *a\n' } });
    expect(await main(['check', 'ln(x1) + x1*x2 - sin(x2)', '--answers', 'a.yaml'], f.io)).toBe(0);
    const g = fakeIo({ files: { 'b.yaml': 'grad:\n  x1: &a 1/x1\n  x2: *a\n' } });
    expect(await main(['check', 'ln(x1) + x1*x2 - sin(x2)', '--answers', 'b.yaml'], g.io)).toBe(2);
    expect(g.stderr()).toContain('b.yaml:3:7: aliases (*a) are not allowed');
  });

  it('reads claims from --answers', async () => {
    const f = fakeIo({ files: { 'a.json': JSON.stringify({ grad: { x1: '1/x1 + x2' }, mu: { z6: '-mu7' } }) } });
    expect(await main(['check', 'ln(x1) + x1*x2 - sin(x2)', '--answers', 'a.json'], f.io)).toBe(0);
    expect(f.stdout()).toContain('all 2 claims hold');
  });
});

describe('batch grading', () => {
  const csv = [
    'id,target,claim',
    's1,x,2*x*cos(x^2)',
    's2,x,cos(x^2)',
    's3,x,"2*x*cos(x^2) + 0*x"',
    's4,x,2*x*cos(x^2',
    's5,y,1',
  ].join('\n');

  it('grades each row, reports invalid ones, writes CSV', async () => {
    const f = fakeIo({ files: { 'a.csv': csv } });
    expect(await main(['check', 'sin(x^2)', '--batch', 'a.csv'], f.io)).toBe(1);
    const lines = f.stdout().trim().split('\n');
    expect(lines[0]).toBe('id,target,ok,diagnosis,message,point');
    expect(lines[1]).toBe('s1,x,true,,,');
    expect(lines[2]).toMatch(/^s2,x,false,missing-factor,/);
    expect(lines[3]).toBe('s3,x,true,,,');
    expect(lines[4]).toMatch(/^s4,x,false,invalid,claim for x: 1:12: parenthesis \) expected/);
    expect(lines[5]).toMatch(/^s5,y,false,invalid,/);
  });

  it('writes JSON with --format json', async () => {
    const f = fakeIo({ files: { 'a.csv': csv } });
    await main(['check', 'sin(x^2)', '--batch', 'a.csv', '--format', 'json'], f.io);
    const doc = JSON.parse(f.stdout());
    expect(doc.schema).toBe('lagrad/check-batch@1');
    expect(doc.submissions.map((s: { ok: boolean }) => s.ok)).toEqual([true, false, true, false, false]);
  });

  it('grades 1,000 submissions in one run (its speed is measured by the bench, not here)', () => {
    const rows = ['id,target,claim'];
    for (let k = 0; k < 1000; k++) rows.push(`s${k},x,${k % 3 === 0 ? 'cos(x^2)' : '2*x*cos(x^2)'}`);
    const f = fakeIo({ files: { 'big.csv': rows.join('\n') } });
    return main(['check', 'sin(x^2)', '--batch', 'big.csv'], f.io).then((code) => {
      expect(code).toBe(1);
      const lines = f.stdout().trim().split('\n');
      expect(lines).toHaveLength(1001);
      expect(lines.filter((l) => /,true,/.test(l))).toHaveLength(666);
    });
  });

  it('rejects a CSV without the header', async () => {
    const f = fakeIo({ files: { 'a.csv': 's1,x,1\n' } });
    expect(await main(['check', 'x', '--batch', 'a.csv'], f.io)).toBe(2);
    expect(f.stderr()).toContain('a.csv:1: the header must be id,target,claim');
  });
});

describe('regressions from review', () => {
  it('a wrong gradient claim with several inputs is diagnosed, not a crash', () => {
    const v = judge('ln(x1) + x1*x2 - sin(x2)', 'x1', 'x1^2');
    expect(v.ok).toBe(false);
    expect(v.diagnosis).not.toBeNull();
  });
  it('claims are compared at negative inputs too', () => {
    expect(judge('x^2', 'x', '2*abs(x)').ok).toBe(false);
    expect(judge('relu(x)', 'x', '1').ok).toBe(false);
    expect(judge('abs(x)', 'x', '1').ok).toBe(false);
    expect(judge('log(x^2)', 'x', '2/abs(x)').ok).toBe(false);
  });
  it('the derivative of relu and abs can be claimed as step and sign', () => {
    expect(judge('relu(x)', 'x', 'step(x)').ok).toBe(true);
    expect(judge('abs(x)', 'x', 'sign(x)').ok).toBe(true);
  });
  it('a claim compared at no point does not pass', () => {
    const v = judge('sqrt(x - 100)', 'x', '12345');
    expect(v.ok).toBe(false);
    expect(v.points).toBe(0);
  });
  it('a large output does not widen the tolerance of an unrelated partial', () => {
    expect(judge('1e12*x + sin(y)', 'y', '0').ok).toBe(false);
  });
  it('a multiplier claim may not use its own or an earlier multiplier', () => {
    expect(() => checkExpressionClaims('sin(x)*x', [{ target: 'z2', text: 'mu2' }])).toThrow(/only the multipliers of later nodes/);
  });
  it('a claim of 8,000 terms is evaluated without overflowing the stack', () => {
    expect(judge('x^2', 'x', Array.from({ length: 8000 }, () => 'x').join('+')).ok).toBe(false);
  });
  it('several edges that explain a claim equally are all named', () => {
    const v = judge('sin(x)*cos(x)', 'x', 'cos(x)^2 + sin(x)^2');
    expect(v.diagnosis!.message).toMatch(/or, equally, on/);
  });
});
