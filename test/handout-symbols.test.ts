// Every symbol a document uses is defined where it first appears: the named
// losses, σ, the elementwise operators, the transpose, the vector of ones,
// the indicator; and the dot-product test's ū and v.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

async function run(args: string[], files: Record<string, string> = {}) {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

const NET = (loss: string, last = 'identity') => `input: 3
output: 2
batch: 4
layers:
  - {units: 4, activation: sigmoid, bias: true}
  - {units: 2, activation: ${last}, bias: true}
loss: ${loss}
`;

/** The first occurrence of `symbol` is inside a sentence that defines it (`symbol… =` or `symbol the …`). */
function definedAtFirstUse(doc: string, symbol: string, definition: RegExp): void {
  const first = doc.indexOf(symbol);
  expect(first, `${symbol} is used`).toBeGreaterThanOrEqual(0);
  const line = doc.slice(doc.lastIndexOf('\n', first) + 1, doc.indexOf('\n', first));
  expect(line, `${symbol} at its first use`).toMatch(/^Symbols: /);
  expect(line).toMatch(definition);
}

describe('symbols are defined where they first appear', () => {
  for (const [loss, symbol, def] of [
    ['squared', '\\ell_{\\mathrm{sq}}', /\\ell_\{\\mathrm\{sq\}\}\(\\hat y, y\) = \\sum_\{ij\} \(y_\{ij\} - \\hat y_\{ij\}\)\^\{2\}/],
    ['half-squared', '\\ell_{\\mathrm{sq}}', /\\ell_\{\\mathrm\{sq\}\}\(\\hat y, y\) = /],
    ['softmax-cross-entropy', '\\ell_{\\mathrm{CE}}', /\\ell_\{\\mathrm\{CE\}\}\(S, Y\) = \\sum_j \\ln \\sum_i e\^\{S_\{ij\}\} - \\sum_\{ij\} Y_\{ij\} S_\{ij\}/],
    ['logistic', '\\ell_{\\mathrm{logistic}}', /\\ell_\{\\mathrm\{logistic\}\}\(s, y\) = /],
    ['cross-entropy', '\\ell_{\\mathrm{BCE}}', /\\ell_\{\\mathrm\{BCE\}\}\(p, y\) = /],
  ] as const) {
    it(`${loss}: ${symbol}, σ, ⊙, ᵀ and 𝟙 in LaTeX and Markdown`, async () => {
      const output = loss === 'logistic' || loss === 'cross-entropy' ? NET(loss).replace('output: 2', 'output: 1').replace('units: 2', 'units: 1') : NET(loss);
      for (const ext of ['tex', 'md']) {
        const r = await run(['derive', 'net.yaml', '-o', `net.${ext}`, '--no-check'], { 'net.yaml': output });
        expect(r.code, r.err).toBe(0);
        const doc = r.files.get(`net.${ext}`)!;
        definedAtFirstUse(doc, symbol, def);
        definedAtFirstUse(doc, '\\sigma', /\\sigma\(x\) = 1\/\(1 \+ e\^\{-x\}\)/);
        definedAtFirstUse(doc, '\\odot', /\$\\odot\$ the elementwise product/);
        definedAtFirstUse(doc, '^{\\top}', /\$\{\}\^\{\\top\}\$ the transpose/);
        definedAtFirstUse(doc, '\\mathbf{1}', /\$\\mathbf\{1\}\$ a vector of ones/);
      }
    });
  }

  it('a handout\'s student edition defines the notation its answers are written in', async () => {
    const file = `problems:\n  - network:\n${NET('softmax-cross-entropy').split('\n').map((l) => `      ${l}`).join('\n')}\n`;
    const r = await run(['handout', 'p.yaml', '-o', 'h.md', '--edition', 'student'], { 'p.yaml': file });
    expect(r.code, r.err).toBe(0);
    const doc = r.files.get('h.md')!;
    definedAtFirstUse(doc, '\\ell_{\\mathrm{CE}}', /\\ell_\{\\mathrm\{CE\}\}/);
    expect(doc).toMatch(/^Symbols: .*\$\\odot\$ the elementwise product/m);
  });

  it('in an expression\'s document, σ and the indicator are defined after the function', async () => {
    const r = await run(['derive', 'sigmoid(x)*step(y) + relu(x)', '--format', 'latex']);
    expect(r.code, r.err).toBe(0);
    const body = r.out.slice(r.out.indexOf('\\begin{document}'));
    const paras = body.split('\n\n').map((p) => p.trim()).filter((p) => p.length > 0);
    const fn = paras.findIndex((p) => p.startsWith('The function'));
    expect(paras[fn + 1]).toMatch(/^Here \$\\sigma\(x\) = 1\/\(1 \+ e\^\{-x\}\)\$.*\$\\mathbf\{1\}\[\\cdot\]\$ the indicator/);
    expect(body.indexOf('\\sigma')).toBeGreaterThan(body.indexOf('The function'));
    expect(body.indexOf('\\sigma')).toBeLessThan(body.indexOf('\\subsection*{Computation graph}'));
  });

  it('the dot-product test says what ū, v and J are', async () => {
    const r = await run(['derive', 'net.yaml', '--format', 'md'], { 'net.yaml': NET('squared') });
    expect(r.out).toContain("with random directions $\\bar u$ of the statement's shape and $v$ of its arguments', $J$ the statement's Jacobian by central differences");
  });
});
