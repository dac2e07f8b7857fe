// The chain-rule section reaches the formula in the inputs, as it says, or
// says where it stops: in the terminal and in the documents alike.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

async function run(args: string[]) {
  const f = fakeIo();
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

const NOTE003 = '(sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2))';
const DEEP = 'tanh(tanh(tanh(x*y)+x)*y+sin(x))';

/** The lines of the text output's chain-rule section. */
function chainText(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Chain rule'));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, k) => k > start && l === '');
  return lines.slice(start, end);
}

describe('the chain rule, in text', () => {
  it('promises a formula in θ alone only when every row reaches it', async () => {
    const short = chainText((await run(['derive', 'exp(sin(t))', '--at', 't=0.5'])).out);
    expect(short[0]).toContain('a formula in θ alone');
    expect(short[1]).toMatch(/= exp\(sin\(t\)\)·cos\(t\)$/);
  });

  it('names the gradients that stop at the z\'s', async () => {
    const rows = chainText((await run(['derive', NOTE003])).out);
    expect(rows[0]).toContain("except ∂f/∂w2, which stops at the z's (in θ longer than 160 characters)");
    // ∂f/∂w1 reaches θ; ∂f/∂w2 ends in z's.
    expect(rows[1]).toMatch(/\/w2$/);
    expect(rows[2]).toMatch(/z₅$/);
  });

  it('says that no row reaches θ when none does', async () => {
    const rows = chainText((await run(['derive', DEEP])).out);
    expect(rows[0]).not.toContain('θ alone');
    expect(rows[0]).toContain("a formula in the z's");
    expect(rows[0]).toContain('not printed');
  });

  it('follows the node letter', async () => {
    const rows = chainText((await run(['derive', DEEP, '--node-name', 'v'])).out);
    expect(rows[0]).toContain("a formula in the v's");
  });
});

describe('the chain rule, in documents', () => {
  const chainDoc = (md: string): string => md.slice(md.indexOf('### Chain rule'), md.indexOf('### Check'));

  it('promises a formula in the inputs alone only when every row reaches it', async () => {
    const md = chainDoc((await run(['derive', 'exp(sin(t))', '--at', 't=0.5', '--format', 'md'])).out);
    expect(md).toContain('a formula in the inputs alone.');
    expect(md).toContain('\\exp \\left(\\sin t\\right) \\cos t');
  });

  it('says where it stops, and which equations would take it further', async () => {
    const md = chainDoc((await run(['derive', NOTE003, '--format', 'md'])).out);
    expect(md).not.toContain('a formula in the inputs alone');
    expect(md).toContain("The backward pass substituted into the gradient: a formula in the z's. Substituting the forward pass (20–25) too gives a formula in the inputs longer than 240 characters of LaTeX, not written out.");
    const tex = (await run(['derive', DEEP, '--format', 'latex'])).out;
    expect(tex.slice(tex.indexOf('\\subsection*{Chain rule}'))).toMatch(/^\\subsection\*\{Chain rule\}\n\nThe backward pass substituted into the gradient: a formula in the z's\./);
  });

  it('names the rows that stop when others reach the inputs', async () => {
    const md = chainDoc((await run(['derive', 'exp(sin(x*y)) + y', '--format', 'md'])).out);
    expect(md).toContain('a formula in the inputs alone.');
    const mixed = chainDoc((await run(['derive', '(sin(2*pi*w1/w2) + (3*w1/w2 - exp(2*w2))) * (3*w1/w2 - exp(2*w2)) + w3', '--format', 'md'])).out);
    expect(mixed).toContain('a formula in the inputs alone, except for');
    expect(mixed).toMatch(/which stop at the z's: in the inputs they are longer than 240 characters of LaTeX \(substitute the forward pass \(\d+–\d+\) to get there\)\./);
  });
});
