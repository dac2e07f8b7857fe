// lagrad repl: every command in-process with piped input (no prompt, no
// colour), a bad line in the middle of a session, the exit codes; and once
// through a real terminal (tmux), typing keys and reading the screen.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyPath } from '../src/cli/commands/repl.js';
import { main } from '../src/cli/main.js';
import { help, splitClaims } from '../src/cli/repl/session.js';
import { fakeIo } from './helpers/fake-io.js';

async function session(lines: string[]): Promise<{ code: number; out: string; err: string; files: Map<string, string> }> {
  const f = fakeIo({ stdin: `${lines.join('\n')}\n` });
  const code = await main(['repl'], f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

describe('lagrad repl with piped input', () => {
  it('keeps the problem and the point, and answers short', async () => {
    const r = await session(['f = sin(x)*x', ':at x=1', ':grad', ':mu']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe([
      'f = sin(x)*x   (x = 1.03: f = 0.883018)',
      'x = 1: f = 0.841471',
      '∂f/∂x = 1.38177',
      '✓ checked at x = 1',
      'μ₃ = 1   (z₃ = z₂·z₁, that is sin(x)·x)',
      'μ₂ = 1   (z₂ = sin(z₁), that is sin(x))',
      '',
    ].join('\n'));
  });
  it('shows every view as its command prints it', async () => {
    const r = await session(['ln(x1) + x1*x2 - sin(x2)', ':at x1=2, x2=5', ':derive', ':trace x1=1', ':graph', ':latex']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Backward pass');
    expect(r.out).toContain('v̄₋₁ = v̄₋₁ + v̄₁·∂v₁/∂v₋₁');
    expect(r.out).toContain('Forward tangent trace');
    expect(r.out).toContain('\\begin{document}');
    const derive = fakeIo();
    await main(['derive', 'ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2, x2=5'], derive.io);
    expect(r.out).toContain(derive.stdout());
  });
  it('checks claims, and a failed check makes the exit 1', async () => {
    const good = await session(['sin(x)*x', ':check x="sin(x) + x*cos(x)"']);
    expect(good.code).toBe(0);
    expect(good.out).toContain('✓ the claim holds');
    const bad = await session(['sin(x)*x', ':check x="x*cos(x)"', ':grad']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ 1 of 1 claim wrong');
    expect(bad.out).toContain('∂f/∂x = '); // the session went on
  });
  it('prints a bad line\'s one-line error and goes on', async () => {
    const r = await session(['sin(x', 'bogus(x)', ':frobnicate', ':at x=', ':grad', 'x^2', ':at x=3', ':grad']);
    expect(r.code).toBe(0);
    const errors = r.err.trim().split('\n');
    expect(errors).toHaveLength(5);
    for (const e of errors) expect(e).toMatch(/^lagrad: error: /);
    expect(errors[0]).toContain('1:6: parenthesis ) expected');
    expect(errors[2]).toContain('unknown command :frobnicate');
    expect(errors[4]).toContain('no problem yet');
    expect(r.out).toContain('∂f/∂x = 6');
  });
  it('builds a program statement by statement', async () => {
    const r = await session(['param w[2]', 'data x[2]', 'loss = sum((w .* x).^2)', ':grad']);
    expect(r.err).toBe('');
    expect(r.out).toContain('program: 1 line so far');
    expect(r.out).toContain('program: 1 statement, objective loss, params w');
    expect(r.out).toMatch(/∂loss\/∂w: \[.*\]/);
    expect(r.out).toContain('✓ checked');
  });
  it('saves, changes the notation, shows, resets and quits', async () => {
    const r = await session([
      'exp(sin(t))', ':notation multiplier=lambda sign=+ node=v', ':derive', ':save h.md', ':show', ':reset', ':show', ':quit', 'never read',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('λ₃ = −1');
    expect(r.files.get('h.md')).toContain('λ');
    expect(r.out).toContain('wrote h.md');
    expect(r.out).toContain('problem: exp(sin(t))');
    expect(r.out).toContain('problem: (none)');
    expect(r.out).not.toContain('never read');
  });
  it('shows the path sums of the current expression with :paths, in the session\'s notation; a program\'s is refused', async () => {
    const r = await session(['ln(x1) + x1*x2 - sin(x2)', ':at x1=2, x2=5', ':paths', ':notation node=v', ':paths', 'param w', 'data x', 'loss = (w*x)^2', ':paths']);
    expect(r.code).toBe(0);
    const f = fakeIo();
    expect(await main(['derive', 'ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5', '--paths'], f.io)).toBe(0);
    const section = f.stdout().slice(f.stdout().indexOf('Path sums'));
    // The section of derive --paths, exactly.
    expect(r.out).toContain(section);
    expect(r.out).toContain('v₁ → v₃ → v₅ → v₇  1/v₁ · 1 · 1  = 0.5');
    expect(r.err.trim().split('\n')).toEqual(["lagrad: error: --paths shows path sums for expressions: a program's edges carry Jacobians, not numbers, so a path's product is no single number"]);
  });
  it('lists every command in :help', async () => {
    const r = await session([':help']);
    for (const c of [':at', ':grad', ':mu', ':derive', ':check', ':trace', ':graph', ':paths', ':latex', ':save', ':notation', ':show', ':reset', ':help', ':quit']) {
      expect(r.out).toContain(`  ${c}`);
    }
    expect(r.out).toBe(`${help()}\n`);
  });
  it('splits claims at spaces outside quotes', () => {
    expect(splitClaims('x1="1/x1 + x2" x2=\'x1 + cos(x2)\'')).toEqual(['x1=1/x1 + x2', 'x2=x1 + cos(x2)']);
    expect(() => splitClaims('x1="1/x1')).toThrow(/not closed/);
  });
  it('keeps its history under XDG_STATE_HOME', () => {
    expect(historyPath({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/lagrad/history');
    expect(historyPath({ HOME: '/h' })).toBe('/h/.local/state/lagrad/history');
  });
});

const tmux = spawnSync('tmux', ['-V']).status === 0;
const bin = join(import.meta.dirname, '..', 'bin', 'lagrad.js');

describe.skipIf(!tmux || !existsSync(join(import.meta.dirname, '..', 'dist', 'cli.js')) && !existsSync(bin))('lagrad repl in a real terminal (tmux)', () => {
  it('prompts, completes, cancels a line with Ctrl-C, keeps history, and leaves with Ctrl-D', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lagrad-repl-'));
    const name = `lagrad-test-${process.pid}`;
    const t = (...args: string[]) => spawnSync('tmux', ['-L', name, ...args], { encoding: 'utf8' });
    const screen = () => t('capture-pane', '-p', '-t', name).stdout;
    const waitFor = async (text: string): Promise<string> => {
      for (let k = 0; k < 100; k++) {
        const s = screen();
        if (s.includes(text)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the screen never showed '${text}':\n${screen()}`);
    };
    try {
      t('new-session', '-d', '-s', name, '-x', '120', '-y', '40', `env HOME=${home} XDG_STATE_HOME=${home}/state ${process.execPath} ${bin} repl; echo "exit=$?"; sleep 30`);
      await waitFor('lagrad>'); // the pane's copy drops trailing spaces
      t('send-keys', '-t', name, 'sin(x)*x', 'Enter');
      await waitFor('f = sin(x)*x');
      t('send-keys', '-t', name, ':gr', 'Tab'); // completes to the common prefix of :grad and :graph
      await waitFor(':gra');
      t('send-keys', '-t', name, 'd', 'Enter');
      await waitFor('∂f/∂x = ');
      t('send-keys', '-t', name, 'half a line', 'C-c');
      t('send-keys', '-t', name, ':mu', 'Enter');
      const s = await waitFor('μ₃ = 1');
      expect(s).not.toContain('half a line:'); // cancelled, not run
      t('send-keys', '-t', name, 'C-d');
      expect(await waitFor('exit=')).toContain('exit=0');
      const history = readFileSync(join(home, 'state', 'lagrad', 'history'), 'utf8');
      expect(history).toContain('sin(x)*x');
      expect(history).toContain(':grad');
    } finally {
      t('kill-server');
    }
  }, 30_000);
});
