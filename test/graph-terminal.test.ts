// `lagrad graph` drawn in the terminal (render/graph-terminal.ts): no line
// wider than the width, at several widths, for the golden drawings (the
// survey's example, note 003's, note 001's network, programs); the width of a
// terminal; the list with its reason when a graph cannot be drawn.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { displayWidth, DRAW_NODE_LIMIT, wrapLine } from '../src/render/graph-terminal.js';
import { fakeIo } from './helpers/fake-io.js';

const NET = 'input: 3\noutput: 2\nlayers:\n  - {units: 4, activation: sigmoid, bias: false}\n  - {units: 2, activation: identity, bias: false}\nloss: squared\n';
const PROGRAM = 'param V[4,3]\nparam W[2,4]\ndata x[3]\ndata y[2]\nz = sigmoid(V*x)\nyhat = W*z\nloss = sum((y - yhat).^2)\n';

const DRAWINGS: readonly (readonly string[])[] = [
  ['ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5'],
  ['(sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2))', '--at', 'w1=1.5,w2=0.5'],
  ['(sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2))'],
  ['net.yaml'],
  ['--file', 'net.lag'],
  ['param w; data x[3]; data y; z = sigmoid(w*sum(x)); loss = (z - y)^2', '--at', 'w=0.5'],
  [Array.from({ length: 8 }, (_, k) => `tanh(a*x${k} + b)`).join(' + ')],
];

async function run(args: readonly string[], options: { tty?: boolean; columns?: number } = {}) {
  const f = fakeIo({ files: { 'net.yaml': NET, 'net.lag': PROGRAM }, tty: options.tty });
  const io = options.columns === undefined ? f.io : { ...f.io, columns: options.columns };
  const code = await main(['graph', ...args], io);
  return { code, out: f.stdout(), err: f.stderr() };
}

describe('the graph drawn in the terminal', () => {
  for (const width of [80, 60, 100, 132]) {
    for (const args of DRAWINGS) {
      it(`no line wider than ${width}: ${args.join(' ').slice(0, 50)}`, async () => {
        const r = await run([...args, '--width', String(width)]);
        expect(r.code, r.err).toBe(0);
        for (const line of r.out.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      });
    }
  }

  it('draws at 80 columns when not a terminal, and draws boxes and arrows', async () => {
    const r = await run(['ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5']);
    expect(r.out).toContain('╔');
    expect(r.out).toContain('▼');
    expect(r.out).toContain('│ z₃ = log(z₁) │');
    expect(r.out).toContain('│ μ₂ = 1.71634 │');
    expect(r.out).not.toContain('Not drawn');
  });

  it("takes the terminal's width when stdout is one", async () => {
    const wide = Array.from({ length: 6 }, (_, k) => `sin(x*y + ${k + 1}*x)`).join(' * ');
    const narrow = await run([wide], { tty: true, columns: 40 });
    expect(narrow.out).toMatch(/Not drawn: it needs \d+ columns, more\s+than the 40 here/);
    for (const line of narrow.out.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    const roomy = await run([wide], { tty: true, columns: 200 });
    expect(roomy.out).not.toContain('Not drawn');
    // Not a terminal: 80, whatever the columns say.
    expect((await run([wide], { tty: false, columns: 200 })).out).toBe((await run([wide, '--width', '80'])).out);
  });

  it(`lists a graph of more than ${DRAW_NODE_LIMIT} nodes, saying why and how to get a picture`, async () => {
    const big = Array.from({ length: 30 }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');
    const r = await run([big]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Computation graph {2}\d+ nodes/);
    expect(r.out).toContain('Edges  z_j → z_i, labelled ∂f_i/∂z_j');
    expect(r.out).toMatch(/Not drawn: \d+ nodes, more than the 60 a drawing in the terminal shows; for a\n {4}picture: --format svg/);
  });

  it('programs and networks: DOT, Mermaid and SVG too; --node-name is refused for them', async () => {
    expect((await run(['--file', 'net.lag', '--format', 'dot'])).out).toMatch(/^digraph lagrad \{/);
    expect((await run(['net.yaml', '--format', 'mermaid'])).out).toMatch(/^flowchart LR/);
    expect((await run(['net.yaml', '--format', 'svg'])).out).toMatch(/^<svg/);
    const r = await run(['--file', 'net.lag', '--node-name', 'v']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--node-name renames the nodes/);
  });

  it('--values gives a program its point; for an expression it is refused', async () => {
    const f = fakeIo({ files: { 'v.json': '{"w": 2}' } });
    expect(await main(['graph', 'param w; y = w^2', '--values', 'v.json'], f.io)).toBe(0);
    expect(f.stdout()).toContain('║ = 4');
    const r = await run(['x^2', '--values', 'v.json']);
    expect(r.code).toBe(2);
  });

  it('--width below 30 is refused', async () => {
    const r = await run(['x*y', '--width', '12']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--width takes a whole number from 30/);
  });

  it('wraps a long line at spaces, within the width', () => {
    const lines = wrapLine('alpha beta gamma delta epsilon zeta eta theta', 16);
    expect(lines).toEqual(['alpha beta gamma', '    delta', '    epsilon zeta', '    eta theta']);
    for (const l of wrapLine('x'.repeat(50), 16)) expect(displayWidth(l)).toBeLessThanOrEqual(16);
    expect(displayWidth('z₁₂ = μ₃·∂f')).toBe(11);
  });
});
