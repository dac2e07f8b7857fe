// A user's names are never refused for looking like the notation, and never
// collide with it: lagrad moves its own letters (nodes, multipliers, the
// Lagrangian) off them and says so; LaTeX names stay one-to-one.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { isGreek } from '../src/parse/lexer.js';
import fc from 'fast-check';
import { latexNames, symbolLatex } from '../src/model/notation.js';
import { fakeIo } from './helpers/fake-io.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const f = fakeIo();
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

describe('names that look like the notation', () => {
  it('derives softmax logits named z: the nodes become v and the output says why', async () => {
    const r = await run(['derive', 'log(exp(z1) + exp(z2) + exp(z3)) - z3', '--at', 'z1=1,z2=2,z3=3']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('notation: v for the nodes (the input has z1)');
    expect(r.out).toContain('v₁    z1 (input)');
    expect(r.out).not.toMatch(/z₁|z₁₀/);
    expect(r.out).toContain('∂f/∂z3 = ');
  });
  it('keeps the JSON ids and moves the names in the text fields', async () => {
    const r = await run(['derive', 'z1*z2', '--at', 'z1=2,z2=3', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.nodes.map((n: { id: string }) => n.id)).toEqual(['z1', 'z2', 'z3']);
    expect(doc.forward[0].text).toBe('v3 = v1*v2');
    expect(doc.notation).toEqual({ multiplier: 'mu', sign: '-', node: 'v', why: 'notation: v for the nodes (the input has z1)' });
  });
  it('moves the multiplier off mu and μ, and the Lagrangian off L', async () => {
    const mu = await run(['derive', 'mu*x', '--at', 'mu=2,x=3']);
    expect(mu.code).toBe(0);
    expect(mu.out).toContain('notation: λ for the multipliers (the input has mu)');
    expect(mu.out).toContain('∂f/∂mu = λ₃·z₂');
    const greek = await run(['derive', 'θ^2 + μ', '--at', 'θ=1,μ=2']);
    expect(greek.out).toContain('∂f/∂μ = λ₄');
    expect(greek.out).not.toMatch(/μ₄/);
    const L = await run(['derive', 'L*x', '--at', 'L=2,x=1']);
    expect(L.out).toContain('notation: ℒ for the Lagrangian (the input has L)');
    expect(L.out).toContain('ℒ(z, μ) = z₃ − μ₃(z₃ − z₁·z₂)');
    expect(L.out).not.toMatch(/∂L\//);
  });
  it('leaves the notes\' letters alone when nothing clashes (z_out and muon are not node names)', async () => {
    const r = await run(['derive', 'z_out*muon + Lx', '--format', 'json']);
    expect(JSON.parse(r.out).notation).toBeUndefined();
  });
  it('refuses a letter the user chose only when it really clashes', async () => {
    const clash = await run(['derive', 'mu*x', '--multiplier', 'mu']);
    expect(clash.code).toBe(2);
    expect(clash.err.trim().split('\n')).toHaveLength(1);
    expect(clash.err).toContain("--multiplier mu clashes with the input's variable mu");
    const node = await run(['derive', 'v1 + x', '--node-name', 'v']);
    expect(node.code).toBe(2);
    expect(node.err).toContain("--node-name v clashes with the input's variable v1");
    const fine = await run(['derive', 'z1 + x', '--node-name', 'v', '--format', 'json']);
    expect(fine.code).toBe(0);
    expect(JSON.parse(fine.out).notation.why).toBeUndefined();
  });
  it('states the moved letters in documents, in mathematics', async () => {
    const r = await run(['derive', 'z1*z2 + mu', '--format', 'latex']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Here the nodes are $v_i$ because the input has $z_{1}$, and the multipliers are $\\lambda_i$ because the input has $\\mu$.');
  });
});

describe('Greek names', () => {
  const accepted = [...Array(0x400 - 0x370).keys()].map((k) => String.fromCodePoint(0x370 + k)).filter(isGreek);
  it('accepts exactly the assigned Greek letters (not U+03A2, which has no letter)', () => {
    expect(accepted).toHaveLength(24 + 25 + 3); // Α–Ω without U+03A2 (24), α–ω with ς (25), ϑ ϕ ϵ
    expect(accepted).not.toContain('\u03a2');
  });
  it('gives every accepted letter ASCII LaTeX that KaTeX renders in strict mode', () => {
    for (const ch of accepted) {
      const tex = symbolLatex(ch);
      expect(tex, ch).toMatch(/^[\x20-\x7e]+$/);
      expect(() => katex.renderToString(tex, { strict: 'error', throwOnError: true }), `${ch} → ${tex}`).not.toThrow();
      expect(symbolLatex(`${ch}x_1`), ch).toMatch(/^[\x20-\x7e]+$/);
    }
  });
  it('refuses U+03A2 with a position, and writes capital Alpha as an upright A', async () => {
    const bad = await run(['derive', 'x + \u03a2', '--format', 'html']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('1:5:');
    expect(bad.out).toBe('');
    const alpha = await run(['derive', 'Α^2 + 1', '--format', 'latex']);
    expect(alpha.code).toBe(0);
    expect(alpha.out).toContain('{\\mathrm{A}}^{2}');
    expect(alpha.out).not.toMatch(/[^\x00-\x7f]/u);
  });
});

describe('LaTeX names are one-to-one in a document', () => {
  it('keeps x_1 as x_{1} and writes x1 as typed when both are used; alone, x1 is x_{1}', () => {
    expect(latexNames(['x1', 'x_1'])).toEqual(new Map([['x1', '\\mathit{x1}']]));
    expect(latexNames(['theta', 'θ', 'y'])).toEqual(new Map([['theta', '\\mathit{theta}']]));
    expect(latexNames(['x1', 'x2'])).toEqual(new Map());
  });
  it('never prints two names alike (property)', () => {
    const name = fc.stringMatching(/^[a-zθ][a-z0-9_θ]{0,4}$/).filter((n) => !n.endsWith('_') && !n.includes('__'));
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 8 }), (names) => {
      const table = latexNames(names);
      const printed = names.map((n) => table.get(n) ?? symbolLatex(n));
      expect(new Set(printed).size).toBe(names.length);
    }), { seed: 7, numRuns: 2000 });
  });
  it('uses the table in every equation of a document', async () => {
    const r = await run(['derive', 'x1*x_1', '--at', 'x1=2,x_1=3', '--format', 'latex']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('$f(\\mathit{x1}, x_{1}) = \\mathit{x1} x_{1}$');
    expect(r.out).toContain('\\frac{\\partial f}{\\partial \\mathit{x1}}');
    expect(r.out).toContain('\\frac{\\partial f}{\\partial x_{1}}');
  });
});

describe('long names', () => {
  it('refuses a name longer than 256 characters with its position, in expressions and programs, before any rendering', async () => {
    const long = 'x'.repeat(257);
    const expr = await run(['derive', `1 + ${long}^2`, '--format', 'html']);
    expect(expr.code).toBe(2);
    expect(expr.err).toBe('lagrad: error: 1:5: a name of 257 characters: names are at most 256 characters\n');
    expect(expr.out).toBe('');
    const prog = await run(['derive', `param ${long}; l = ${long}^2`]);
    expect(prog.code).toBe(2);
    expect(prog.err).toContain('a name of 257 characters: names are at most 256 characters');
    const fine = await run(['derive', `${'x'.repeat(256)}^2`, '--format', 'json']);
    expect(fine.code).toBe(0);
  });
});
