// "How to add an op", proved: a copy of src/ gets one new entry in the table of
// functions (mish, x·tanh(softplus(x)), which lagrad does not have) and nothing
// else; the copy is bundled as the real CLI is, and the new function works in
// every form a user types it: an expression, a program, a YAML network's
// activation, LaTeX, a claim, and the diagnosis of a claim that leaves its
// derivative out.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
// Inside the repository, so that the copy resolves the installed packages.
const dir = mkdtempSync(join(ROOT, '.add-an-op-'));

/** The one entry: everything a consumer needs, declared once. */
const ENTRY = `
  /** x·tanh(softplus(x)); ∂ = tanh(sp) + x·(1 − tanh²(sp))·σ(x), sp = softplus(x). */
  mish: {
    names: ['mish'], arity: 1,
    evaluate: (a) => a * Math.tanh(a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
    complex: (a) => cmul(a, ctanh(csoftplus(a))),
    derivative: (g, [a]) => {
      const t = g.call('tanh', g.call('softplus', a!));
      return [g.add(t, g.mul(g.mul(a!, g.sub(g.num(1), g.pow(t, 2))), g.call('sigmoid', a!)))];
    },
    latex: callLatex(op('mish')), prime: 'mish′', activation: true,
    doc: { meaning: 'x·tanh(softplus(x))', derivative: 'tanh(sp) + x·sech²(sp)·σ(x)' },
  },
`;

function run(args: readonly string[], stdin?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(dir, 'bin.mjs'), ...args], { encoding: 'utf8', input: stdin, timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  const table = join(dir, 'src', 'ops', 'functions.ts');
  const text = readFileSync(table, 'utf8');
  const end = text.lastIndexOf('} satisfies');
  expect(end).toBeGreaterThan(0);
  writeFileSync(table, text.slice(0, end) + ENTRY + text.slice(end));
  await build({
    entryPoints: { cli: join(dir, 'src', 'cli', 'main.ts'), 'parse-worker': join(dir, 'src', 'parse', 'worker.ts') },
    outdir: join(dir, 'dist'), bundle: true, platform: 'node', format: 'esm', target: 'node20', splitting: true, logLevel: 'error',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  writeFileSync(join(dir, 'bin.mjs'), "import { main } from './dist/cli.js';\nprocess.exitCode = await main(process.argv.slice(2));\n");
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a function added by one entry in src/ops/functions.ts', () => {
  it('is refused by the real tool (it is new)', async () => {
    const { main } = await import('../src/cli/main.js');
    const { fakeIo } = await import('./helpers/fake-io.js');
    const f = fakeIo({});
    expect(await main(['derive', 'mish(x)'], f.io)).toBe(2);
    expect(f.stderr()).toContain("unknown function 'mish'");
  });

  it('derives and checks in an expression, with the complex step', () => {
    const r = run(['derive', 'mish(x)*x', '--at', 'x=0.7']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('mish(z₁)');
    expect(r.out).toContain('✓ all checks pass');
    expect(r.out).not.toMatch(/^ {2}– no complex step/m);
  });

  it('derives and checks in a program, elementwise over a vector', () => {
    const r = run(['derive', 'param w[3]; l = sum(mish(w))']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('mish(w)');
    expect(r.out).toContain('✓ all checks pass');
  });

  it('is a YAML activation', () => {
    writeFileSync(join(dir, 'net.yaml'), 'input: 3\noutput: 2\nlayers:\n  - {units: 4, activation: mish}\n  - {units: 2}\nloss: squared\n');
    const r = run(['derive', '--file', join(dir, 'net.yaml')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('mish(h1)');
  });

  it('prints in LaTeX from its entry, alike in both forms', () => {
    expect(run(['derive', 'mish(x)', '--format', 'latex']).out).toContain('\\operatorname{mish}\\left(z_{1}\\right)');
    expect(run(['derive', 'param x; y = mish(x)', '--format', 'latex']).out).toContain('\\operatorname{mish}\\left(x\\right)');
  });

  it('is judged in claims, and its derivative left out is named', () => {
    const right = run(['check', 'mish(x)', '--mu', 'z1=tanh(softplus(x)) + x*(1 - tanh(softplus(x))^2)*sigmoid(x)']);
    expect(right.code, right.out + right.err).toBe(0);
    const wrong = run(['check', 'mish(x*y)', '--grad', 'x=y']);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('the chain-rule factor mish′ is missing');
    const program = run(['check', 'param x; param y; h = mish(x*y); l = h', '--grad', 'x=y']);
    expect(program.code).toBe(1);
    expect(program.out).toContain('the chain-rule factor mish′');
  });
});
