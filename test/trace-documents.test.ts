// The evaluation trace as a document (`lagrad trace --format latex|html|md`,
// or -o FILE.tex|.html|.md) and in a handout (`show: [trace]` in a problems
// file): the survey's tables, the push = pull line with its map, the gradient;
// unknown `show` values refused with their place; programs and networks traced too.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const SURVEY = 'ln(x1) + x1*x2 - sin(x2)';

async function run(args: string[], files: Record<string, string> = {}) {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

describe('lagrad trace as a document', () => {
  it('Markdown: the forward primal, tangent and reverse adjoint traces, push = pull with the map, the gradient', async () => {
    const r = await run(['trace', SURVEY, '--at', 'x1=2,x2=5', '--tangent', 'x1=1', '--format', 'md']);
    expect(r.code, r.err).toBe(0);
    const headings = r.out.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# The evaluation trace', '### Forward primal trace', '### Forward tangent trace', '### Reverse adjoint trace', '### Push form and KKT pull form', '### Gradient',
    ]);
    // The survey's rows, one per edge accumulation in the adjoint trace.
    expect(r.out).toContain('v_{1} &= \\ln v_{-1} &\\qquad& = \\ln 2 = 0.693147');
    expect(r.out).toContain('\\bar{v}_{-1} &= \\bar{v}_{-1} + \\bar{v}_{1} \\frac{\\partial v_{1}}{\\partial v_{-1}} &\\qquad& = \\bar{v}_{-1} + \\frac{\\bar{v}_{1}}{v_{-1}} = 5.5');
    expect(r.out).toContain('✓ $\\dot{y} = 5.5$ is the gradient of the reverse trace along the direction');
    expect(r.out).toContain('give the same multipliers: $\\bar{v}_{-1} = \\mu_{1},\\ \\bar{v}_{0} = \\mu_{2},');
    expect(r.out).toContain('| $z_{5}$ | $v_{4}$ | 1 | 1 |');
    expect(r.out).toContain('\\frac{\\partial f}{\\partial x_{1}} &= \\bar{x}_{1} &\\qquad& = 5.5');
  });

  it('-o picks the format from the extension, as derive does; --template applies to html and latex only', async () => {
    for (const [file, mark] of [['t.tex', '\\begin{alignat}{2}'], ['t.html', '<div class="eqs">'], ['t.md', '### Reverse adjoint trace'], ['t.json', '"schema": "lagrad/trace@1"']] as const) {
      const r = await run(['trace', SURVEY, '--at', 'x1=2,x2=5', '-o', file]);
      expect(r.code, r.err).toBe(0);
      expect(r.files.get(file)).toContain(mark);
    }
    const bad = await run(['trace', SURVEY, '-o', 't.pdf']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^lagrad: error: -o t\.pdf: no format writes \.pdf files/);
    const md = await run(['trace', SURVEY, '--format', 'md', '--template', 'x.tex'], { 'x.tex': '{{body}}' });
    expect(md.code).toBe(2);
    expect(md.err).toBe('lagrad: error: --template applies to --format html and latex\n');
  });

  it('the + sign: the pull form gives the multipliers with the opposite sign, and says so', async () => {
    // The handout's notation carries the sign into the trace's map.
    const r = await run(['handout', 'p.yaml', '--format', 'md', '--sign', '+'], { 'p.yaml': `problems:\n  - expression: ${SURVEY}\n    at: x1=2,x2=5\n    show: [trace]\n` });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('give the same multipliers up to their sign: $\\bar{v}_{-1} = -\\mu_{1}');
    expect(r.out).toContain('| $z_{1}$ ($x_{1}$) | $v_{-1}$ | 5.5 | −5.5 |');
  });

  it('the trace letter leaves the document\'s node letter alone (--node-name v)', async () => {
    const r = await run(['handout', 'p.yaml', '--format', 'md', '--node-name', 'v'], { 'p.yaml': `problems:\n  - expression: ${SURVEY}\n    at: x1=2,x2=5\n    show: [trace]\n` });
    expect(r.code, r.err).toBe(0);
    const trace = r.out.slice(r.out.indexOf('### Evaluation trace'));
    expect(trace).toContain('w_{1} &= \\ln w_{-1}');
    expect(trace).not.toContain('\\bar{v}_{');
  });
});

describe('show: [trace] in a problems file', () => {
  const FILE = `problems:\n  - expression: ${SURVEY}\n    at: x1=2,x2=5\n    show: [trace]\n  - expression: exp(sin(t))\n    show: trace\n  - expression: x*y\n`;

  it('puts the trace after the derivation, at the problem\'s point or the seeded one', async () => {
    const r = await run(['handout', 'p.yaml', '--format', 'md'], { 'p.yaml': FILE });
    expect(r.code, r.err).toBe(0);
    const sections = r.out.split(/^## /m).slice(1);
    expect(sections).toHaveLength(3);
    const [first, second, third] = sections as [string, string, string];
    expect(first.indexOf('### Evaluation trace')).toBeGreaterThan(first.indexOf('### Check'));
    expect(first).toContain('v_{0} &= x_{2} &\\qquad& = 5');
    // The seeded point the derivation chose is the trace's.
    const t = /at a seeded random point \$t = ([0-9.]+)\$/.exec(second)![1]!;
    expect(second).toContain(`v_{0} &= t &\\qquad& = ${t}`);
    expect(third).not.toContain('Evaluation trace');
  });

  it('unknown values are refused at their line and column, exit 2', async () => {
    const inList = await run(['handout', 'p.yaml'], { 'p.yaml': 'problems:\n  - expression: x*y\n    show: [trace, grpah]\n' });
    expect(inList.code).toBe(2);
    expect(inList.err).toBe("lagrad: error: p.yaml:3:19: unknown part 'grpah' in 'show' of problem 1 (known: trace)\n");
    const inText = await run(['handout', 'p.yaml'], { 'p.yaml': 'problems:\n  - expression: x*y\n    show: trace, graph\n' });
    expect(inText.err).toBe("lagrad: error: p.yaml:3:18: unknown part 'graph' in 'show' of problem 1 (known: trace)\n");
    const notAList = await run(['handout', 'p.yaml'], { 'p.yaml': 'problems:\n  - expression: x*y\n    show: {trace: true}\n' });
    expect(notAList.code).toBe(2);
    expect(notAList.err).toMatch(/^lagrad: error: p\.yaml:3:11: 'show' of problem 1 must be a list of parts \(trace\)/);
  });

  it('a program asking for a trace gets its trace after its derivation', async () => {
    const prog = await run(['handout', 'p.yaml', '--format', 'md'], { 'p.yaml': 'problems:\n  - program: |\n      param w\n      loss = w^2\n      minimize loss\n    at: {w: 3}\n    show: [trace]\n' });
    expect(prog.code, prog.err).toBe(0);
    expect(prog.out).toContain('### Evaluation trace');
    expect(prog.out).toContain('### Reverse adjoint trace');
    // A scalar program's product is written as an expression's trace writes it (2 \bar{v}_{1} v_{0}).
    expect(prog.out).toContain('\\bar{w} &= 2 \\bar{\\mathrm{loss}} w');
  });
});

describe('trace of programs and networks as documents', () => {
  it('a network: its values as matrices, the push rows, the table push against pull', async () => {
    const net = 'input: 3\noutput: 2\nlayers:\n  - {units: 4, activation: sigmoid, bias: false}\n  - {units: 2, activation: identity, bias: false}\nloss: squared\n';
    for (const format of ['latex', 'md', 'html']) {
      const r = await run(['trace', 'net.yaml', '--format', format], { 'net.yaml': net });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('Forward primal trace');
      expect(r.out).toContain('Push form and KKT pull form');
    }
    const md = await run(['trace', 'net.yaml', '--format', 'md'], { 'net.yaml': net });
    expect(md.out).toContain('\\bar{h}_{1} &= \\bar{z}_{1} \\odot z_{1} \\odot \\left(1 - z_{1}\\right)');
    expect(md.out).toContain('W_{1} &\\in \\mathbb{R}^{4\\times 3}');
  });
});
