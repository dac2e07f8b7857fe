// Notation options on programs and networks (issue 4): the multiplier's
// symbol (μ, λ, β) and the Lagrangian's sign in every format, `derive` and
// `handout`; --node-name has nothing to rename in a program and says so.
// Under the + sign every multiplier is −∂ℓ/∂v and the gradient minus the sum:
// the values are checked against formulas evaluated here, independently.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

/** Note 001's network (DESIGN.md section 3). */
const NET = '# two-layer network, squared loss\nparam V[4,3]\nparam W[2,4]\ndata x[3]\ndata y[2]\nz = sigmoid(V*x)\nyhat = W*z\nloss = sum((y - yhat).^2)\n';
/** Note 002's layered problem with biases, over a batch of 3. */
const NOTE002 = '# note 002\nparam W1[3,2]; param b1[3]; param W2[2,3]; param b2[2]\ndata X[2,3]; data Y[2,3]\nx1 = sigmoid(W1*X + b1)\nx2 = sigmoid(W2*x1 + b2)\nL = 0.5*sum((Y - x2).^2)\n';
const YAML = 'input: 3\noutput: 3\nbatch: 4\nlayers:\n  - {units: 5, activation: tanh, bias: true}\n  - {units: 3, activation: identity, bias: true}\nloss: softmax-cross-entropy\n';

async function run(args: string[], files: Record<string, string> = {}) {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

type Matrix = number[][];
const col = (v: Matrix): number[] => v.map((r) => r[0]!);
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

describe('derive a program in another notation: text', () => {
  it('--multiplier beta --sign + reads like note 002: L = ℓ + Σ ⟨β, x − sigmoid(W x + b)⟩, β_ℓ = −1, the gradient minus the sum', async () => {
    const r = await run(['derive', '--file', 'n.lag', '--multiplier', 'beta', '--sign', '+'], { 'n.lag': NOTE002 });
    expect(r.code, r.err).toBe(0);
    const out = r.out;
    expect(out).toContain('Lagrangian  convention: ℒ = ℓ + Σ_v ⟨β_v, v − f_v(…)⟩, one multiplier β_v per statement, of v\'s shape, so β_ℓ = −1 and β_v = −∂ℓ/∂v');
    expect(out).toContain('  ℒ = L + ⟨β_x1, x1 − sigmoid(W1·X + b1)⟩ + ⟨β_x2, x2 − sigmoid(W2·x1 + b2)⟩ + β_L·(L − 0.5·sum((Y − x2).^2))');
    expect(out).toMatch(/∂ℒ\/∂β_x1 = x1 − sigmoid\(W1·X \+ b1\) = 0 +⇒ {2}x1 = sigmoid\(W1·X \+ b1\)/);
    expect(out).toMatch(/∂ℒ\/∂L = 1 \+ β_L = 0 +⇒ {2}β_L = −1/);
    expect(out).toMatch(/∂ℒ\/∂x2 = β_x2 − \(Y − x2\) = 0 +⇒ {2}β_x2 = Y − x2/);
    expect(out).toMatch(/∂ℒ\/∂x1 = β_x1 − W2ᵀ·\(β_x2 ⊙ x2 ⊙ \(1 − x2\)\) = 0 +⇒ {2}β_x1 = W2ᵀ·\(β_x2 ⊙ x2 ⊙ \(1 − x2\)\)/);
    expect(out).toContain('Backward pass  ∂ℒ/∂v = 0: β_L = −1 (substituted below), β_v = Σ over the statements that use v of their local adjoint, in reverse order');
    expect(out).toMatch(/β_L = −1 += −1/);
    expect(out).toContain('Gradient  ∂L/∂θ = −(the same sum) for each param θ');
    expect(out).toMatch(/∂L\/∂W1 = −\(β_x1 ⊙ x1 ⊙ \(1 − x1\)\)·Xᵀ/);
    expect(out).toMatch(/∂L\/∂b2 = −\(β_x2 ⊙ x2 ⊙ \(1 − x2\)\)·𝟙/);
    expect(out).toContain('Check  β_v = −∂L/∂v and the gradient');
    expect(out).toContain('✓ all checks pass');
    // No μ is left anywhere: the layout, the headings and the check say β.
    expect(out).not.toContain('μ');
    expect(out).toContain('layout: vectors are columns; β_v has the shape of v');
  });

  it('--multiplier lambda alone keeps the notes\' sign: the same formulas and values, λ for μ', async () => {
    const notes = await run(['derive', '--file', 'n.lag'], { 'n.lag': NOTE002 });
    const lambda = await run(['derive', '--file', 'n.lag', '--multiplier', 'λ'], { 'n.lag': NOTE002 });
    expect(lambda.code, lambda.err).toBe(0);
    expect(lambda.out).toContain('Lagrangian  convention: ℒ = ℓ − Σ_v ⟨λ_v, v − f_v(…)⟩, one multiplier λ_v per statement, of v\'s shape, so λ_ℓ = 1 and λ_v = ∂ℓ/∂v');
    expect(lambda.out).toContain('  ℒ = L − ⟨λ_x1, x1 − sigmoid(W1·X + b1)⟩ − ⟨λ_x2, x2 − sigmoid(W2·x1 + b2)⟩ − λ_L·(L − 0.5·sum((Y − x2).^2))');
    expect(lambda.out).toMatch(/λ_x2 = −\(Y − x2\) +=/);
    expect(lambda.out).not.toContain('μ');
    // Everything after the convention's note is the notes' output with λ for μ.
    const body = (s: string): string => s.slice(s.indexOf('\n', s.indexOf('Lagrangian ')));
    expect(body(lambda.out)).toBe(body(notes.out).replace(/μ/g, 'λ'));
  });

  it('the default output is unchanged, and names the notes\' convention', async () => {
    const r = await run(['derive', '--file', 'n.lag'], { 'n.lag': NOTE002 });
    expect(r.out).toContain('Lagrangian  sign convention of the notes: ℒ = ℓ − Σ_v ⟨μ_v, v − f_v(…)⟩');
    expect(r.out).toMatch(/μ_x2 = −\(Y − x2\) +=/);
    expect(r.out).not.toMatch(/[λβ]/);
  });

  it('+ with an objective that another statement uses: μ_ℓ = −1 + its terms', async () => {
    const r = await run(['derive', 'param w; a = sin(w); b = a*a; minimize a', '--sign', '+']);
    expect(r.code, r.err).toBe(0);
    // The two uses of a in a*a fold as between scalars: μ_b·a + μ_b·a is 2·μ_b·a, as in an expression.
    expect(r.out).toMatch(/∂L\/∂a = 1 \+ μ_a − 2·μ_b·a = 0 +⇒ {2}μ_a = −1 \+ 2·μ_b·a/);
    expect(r.out).toMatch(/∂L\/∂b = μ_b = 0 +⇒ {2}μ_b = 0/);
    expect(r.out).toMatch(/∂a\/∂w = −μ_a·cos\(w\) +=/);
    expect(r.out).toMatch(/μ_a = −1 \+ 2·μ_b·a += −1\n/);
    expect(r.out).toContain('✓ all checks pass');
  });
});

describe('derive a program in another notation: JSON', () => {
  it('ids unchanged, text and latex in the convention, μ values negated under +, the gradient the same, a notation key last', async () => {
    const notes = JSON.parse((await run(['derive', '--file', 'n.lag', '--format', 'json'], { 'n.lag': NET })).out);
    const r = await run(['derive', '--file', 'n.lag', '--format', 'json', '--multiplier', 'lambda', '--sign', '+'], { 'n.lag': NET });
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc).at(-1)).toBe('notation');
    expect(doc.notation).toEqual({ multiplier: 'lambda', sign: '+', node: 'z' });
    expect(Object.keys(notes)).not.toContain('notation');
    expect(doc.lagrangian.text).toBe('L = loss + <lambda_z, z - sigmoid(V*x)> + <lambda_yhat, yhat - W*z> + lambda_loss*(loss - sum((y - yhat).^2))');
    expect(doc.lagrangian.latex).toContain('\\mathcal{L} = \\mathrm{loss} + \\left\\langle \\lambda_{z}, z - \\sigma\\left(V x\\right) \\right\\rangle + ');
    expect(doc.stationarity.map((s: { wrt: string }) => s.wrt)).toEqual(notes.stationarity.map((s: { wrt: string }) => s.wrt));
    expect(doc.stationarity[0].text).toBe('dL/dlambda_z = z - sigmoid(V*x) = 0 => z = sigmoid(V*x)');
    expect(doc.stationarity.find((s: { wrt: string }) => s.wrt === 'loss').text).toBe('dL/dloss = 1 + lambda_loss = 0 => lambda_loss = -1');
    expect(doc.stationarity.find((s: { wrt: string }) => s.wrt === 'yhat').text).toBe('dL/dyhat = lambda_yhat - 2*(y - yhat) = 0 => lambda_yhat = 2*(y - yhat)');
    expect(doc.backward.map((b: { text: string }) => b.text)).toEqual(['lambda_loss = -1', 'lambda_yhat = 2*(y - yhat)', "lambda_z = W'*lambda_yhat"]);
    expect(doc.gradient.W.text).toBe("dloss/dW = -lambda_yhat*z'");
    expect(doc.gradient.W.latex).toBe('\\frac{\\partial \\mathrm{loss}}{\\partial W} = -\\lambda_{\\mathrm{yhat}} z^{\\top}');
    expect(doc.gradient.V.text).toBe("dloss/dV = -(lambda_z.*z.*(1 - z))*x'");
    expect(doc.layout).toMatch(/^vectors are columns; λ_v has the shape of v/);
    // Values: every multiplier is the notes' one negated; the gradient is the same.
    for (const [k, b] of (doc.backward as { node: string; value: number | Matrix }[]).entries()) {
      expect(b.node).toBe(notes.backward[k].node);
      const neg = typeof b.value === 'number' ? [[-b.value]] : b.value.map((row) => row.map((v) => -v));
      const theirs = typeof notes.backward[k].value === 'number' ? [[notes.backward[k].value]] : notes.backward[k].value;
      expect(neg).toEqual(theirs);
    }
    expect(doc.gradient.W.value).toEqual(notes.gradient.W.value);
    expect(doc.gradient.V.value).toEqual(notes.gradient.V.value);
    // The check still passes, and its μ rows are in the convention (−∂ℓ/∂v); gradient rows unchanged.
    expect(doc.check.ok).toBe(true);
    expect(notes.check.ok).toBe(true);
    for (const [k, row] of (doc.check.rows as { node: string; mu: number; numeric: number; ok: boolean }[]).entries()) {
      const n = notes.check.rows[k];
      expect(row.node).toBe(n.node);
      expect(row.ok).toBe(true);
      const s = row.node.startsWith('mu_') ? -1 : 1;
      expect(row.mu).toBe(s * n.mu + 0);
      expect(row.numeric).toBe(s * n.numeric + 0);
    }
  });

  it('the + sign\'s formulas, evaluated here from the forward values, give the values it prints', async () => {
    const r = await run(['derive', '--file', 'n.lag', '--format', 'json', '--sign', '+', '--multiplier', 'beta'], { 'n.lag': NET });
    const doc = JSON.parse(r.out);
    const node = (id: string): Matrix => doc.nodes.find((n: { id: string }) => n.id === id).value;
    const mu = (id: string): Matrix => doc.backward.find((b: { node: string }) => b.node === id).value;
    const y = col(doc.point.y);
    const yhat = col(node('yhat'));
    const z = col(node('z'));
    const W = node('W');
    const x = col(doc.point.x);
    expect(doc.backward.find((b: { node: string }) => b.node === 'loss').value).toBe(-1);
    // β_yhat = 2·(y − yhat)
    const betaYhat = col(mu('yhat'));
    expect(doc.backward.find((b: { node: string }) => b.node === 'yhat').text).toBe('beta_yhat = 2*(y - yhat)');
    betaYhat.forEach((v, i) => expect(close(v, 2 * (y[i]! - yhat[i]!)), `beta_yhat[${i}]`).toBe(true));
    // β_z = Wᵀ·β_yhat
    const betaZ = col(mu('z'));
    betaZ.forEach((v, j) => expect(close(v, W.reduce((s, row, i) => s + row[j]! * betaYhat[i]!, 0)), `beta_z[${j}]`).toBe(true));
    // ∂loss/∂W = −β_yhat·zᵀ and ∂loss/∂V = −(β_z ⊙ z ⊙ (1 − z))·xᵀ
    (doc.gradient.W.value as Matrix).forEach((row, i) => row.forEach((v, j) => expect(close(v, -betaYhat[i]! * z[j]!), `dW[${i},${j}]`).toBe(true)));
    (doc.gradient.V.value as Matrix).forEach((row, i) => row.forEach((v, j) => expect(close(v, -betaZ[i]! * z[i]! * (1 - z[i]!) * x[j]!), `dV[${i},${j}]`).toBe(true)));
    // And the loss's own gradient, by hand: ∂loss/∂yhat = −2(y − yhat) = −β_yhat, as the + sign says.
    betaYhat.forEach((v, i) => expect(close(-v, -2 * (y[i]! - yhat[i]!))).toBe(true));
  });

  it('the check passes under every multiplier and sign, for a program and for a YAML network', async () => {
    for (const multiplier of ['mu', 'lambda', 'beta']) {
      for (const sign of ['-', '+']) {
        const p = await run(['derive', '--file', 'n.lag', '--format', 'json', '--multiplier', multiplier, '--sign', sign], { 'n.lag': NOTE002 });
        expect(p.code, `${multiplier} ${sign}: ${p.err}`).toBe(0);
        expect(JSON.parse(p.out).check.ok).toBe(true);
        const n = await run(['derive', 'net.yaml', '--multiplier', multiplier, '--sign', sign], { 'net.yaml': YAML });
        expect(n.code, `${multiplier} ${sign}: ${n.err}`).toBe(0);
        expect(n.out).toContain('✓ all checks pass');
        const symbol = { mu: 'μ', lambda: 'λ', beta: 'β' }[multiplier]!;
        expect(n.out).toContain(`${symbol}_Yhat = ${sign === '+' ? 'Y − softmax(Yhat)' : 'softmax(Yhat) − Y'}`);
        expect(n.out).toContain(`∂loss/∂b2 = ${sign === '+' ? '−' : ''}${symbol}_Yhat·𝟙`);
      }
    }
  });
});

describe('derive a program in another notation: documents', () => {
  it('LaTeX: the convention stated, ⟨λ_v, ·⟩ with +, λ_ℓ = −1, and no μ', async () => {
    const r = await run(['derive', '--file', 'n.lag', '--multiplier', 'lambda', '--sign', '+', '-o', 'n.tex'], { 'n.lag': NET });
    expect(r.code, r.err).toBe(0);
    const tex = r.files.get('n.tex')!;
    expect(tex).toContain('\\paragraph{Convention.} Convention: $\\mathcal{L} = \\ell + \\sum_v \\left\\langle \\lambda_v, v - f_v \\right\\rangle$');
    expect(tex).toContain('$\\lambda_\\ell = -1$ and $\\lambda_v = -\\partial\\ell/\\partial v$');
    expect(tex).toContain('&\\quad {} + \\left\\langle \\lambda_{z}, z - \\sigma\\left(V x\\right) \\right\\rangle');
    expect(tex).toMatch(/\\frac\{\\partial \\mathcal\{L\}\}\{\\partial \\mathrm\{loss\}\} &= 1 \+ \\lambda_\{\\mathrm\{loss\}\} = 0/);
    expect(tex).toMatch(/\\lambda_\{\\mathrm\{yhat\}\} &= 2 \\cdot \\left\(y - \\mathrm\{yhat\}\\right\)/);
    expect(tex).toMatch(/\\frac\{\\partial \\mathrm\{loss\}\}\{\\partial W\} &= -\\lambda_\{\\mathrm\{yhat\}\} z\^\{\\top\}/);
    expect(tex).toContain('$\\lambda_v = -\\partial \\mathrm{loss}/\\partial v$ and the gradient');
    expect(tex).toContain('All checks pass.');
    expect(tex).not.toContain('\\mu');
  });

  it('Markdown and HTML of a network: β everywhere, the notes\' sign', async () => {
    const md = await run(['derive', 'net.yaml', '--multiplier', 'beta', '--format', 'md'], { 'net.yaml': YAML });
    expect(md.code, md.err).toBe(0);
    expect(md.out).toContain('**Convention.** Convention: $\\mathcal{L} = \\ell - \\sum_v \\left\\langle \\beta_v, v - f_v \\right\\rangle$');
    expect(md.out).toContain('\\beta_{\\mathrm{Yhat}} &= \\operatorname{softmax}\\left(\\mathrm{Yhat}\\right) - Y');
    expect(md.out).not.toContain('\\mu');
    // The graph's edges carry β's terms.
    expect(md.out).toMatch(/-->\|"β_Yhat·𝟙"\|/);
    const html = await run(['derive', 'net.yaml', '--multiplier', 'beta', '--sign', '+', '--format', 'html'], { 'net.yaml': YAML });
    expect(html.code, html.err).toBe(0);
    expect(html.out).toContain('\\beta_{\\mathrm{Yhat}}');
    expect(html.out).toContain('Y - \\operatorname{softmax}\\left(\\mathrm{Yhat}\\right)');
    expect(html.out).not.toContain('\\mu_');
  });
});

describe('--node-name and programs', () => {
  it('derive: a usage error that says why (a program\'s variables are named by its statements)', async () => {
    for (const [args, files] of [
      [['derive', '--file', 'n.lag', '--node-name', 'v'], { 'n.lag': NET }],
      [['derive', 'net.yaml', '--node-name', 'v', '--multiplier', 'beta'], { 'net.yaml': YAML }],
    ] as const) {
      const r = await run([...args], files);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe("lagrad: error: --node-name renames the nodes z_i that lagrad makes for an expression; a program's variables are named by its statements (rename them there)\n");
    }
    // z, the default, renames nothing and is accepted.
    expect((await run(['derive', '--file', 'n.lag', '--node-name', 'z', '--sign', '+'], { 'n.lag': NET })).code).toBe(0);
  });

  it('handout: the letter is for the expressions of a mixed file; a file of programs only refuses it', async () => {
    const programs = 'notation: {multiplier: lambda, node: v}\nproblems:\n  - program: |\n      param w[3]\n      data x[3]\n      loss = sum((w - x).^2)\n';
    const fromFile = await run(['handout', 'p.yaml', '-o', 'h.md'], { 'p.yaml': programs });
    expect(fromFile.code).toBe(2);
    expect(fromFile.err).toMatch(/^lagrad: error: p\.yaml:1:38: 'notation\.node' renames the nodes z_i that lagrad makes for an expression, and this file has none; a program's variables are named by its statements \(rename them there\)\n$/);
    expect(fromFile.files.has('h.md')).toBe(false);
    const fromOption = await run(['handout', 'p.yaml', '-o', 'h.md', '--node-name', 'u'], { 'p.yaml': programs.replace(', node: v', '') });
    expect(fromOption.code).toBe(2);
    expect(fromOption.err).toMatch(/^lagrad: error: --node-name renames the nodes z_i .* and this file has none/);
    // The command line's z over the file's v: accepted.
    const over = await run(['handout', 'p.yaml', '-o', 'h.md', '--node-name', 'z'], { 'p.yaml': programs });
    expect(over.code, over.err).toBe(0);
    expect(over.files.get('h.md')).toContain('\\lambda_{\\mathrm{loss}}');
  });
});

describe('handout of programs and networks in another notation', () => {
  const MIXED = `title: Mixed
notation: {multiplier: beta, sign: '+', node: v}
problems:
  - title: Composite
    expression: exp(sin(t))
    at: {t: 0.5}
  - title: A linear model
    program: |
      param w[3]
      data x[3]
      data y
      yhat = w'*x
      loss = (y - yhat)^2
    values: {w: [1, 2, 3], y: 2}
  - title: A network
    network: {input: 2, output: 1, layers: [{units: 3, activation: sigmoid}, {units: 1}], loss: half-squared}
`;

  it('the file\'s notation holds for expressions and programs alike; the node letter for the expressions', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex'], { 'p.yaml': MIXED });
    expect(r.code, r.err).toBe(0);
    const tex = r.files.get('h.tex')!;
    // Stated once at the top for the expressions, with v and β.
    expect(tex).toContain('\\paragraph{Convention.} Convention: $\\mathcal{L}(v, \\beta) = v_m + \\sum_{i=d+1}^{m} \\beta_i');
    expect(tex).toContain('\\beta_{3} = -1');
    // Each program states its own, in matrix form, in the same convention.
    expect(tex).toContain('For this program, the same convention in matrix form: $\\mathcal{L} = \\ell + \\sum_v \\left\\langle \\beta_v, v - f_v \\right\\rangle$');
    expect(tex).toContain('For this network, the same convention in matrix form: ');
    expect(tex).toMatch(/\\beta_\{\\mathrm\{yhat\}\} &= 2 \\left\(y - \\mathrm\{yhat\}\\right\)/);
    expect(tex).toMatch(/&\\quad \{\} \+ \\beta_\{\\mathrm\{loss\}\} \\left\(\\mathrm\{loss\} - \{\\left\(y - \\mathrm\{yhat\}\\right\)\}\^\{2\}\\right\)/);
    expect(tex).toMatch(/\\frac\{\\partial \\mathrm\{loss\}\}\{\\partial w\} &= -\\left\(\\beta_\{\\mathrm\{yhat\}\} x\^\{\\top\}\\right\)\^\{\\top\}/);
    expect(tex).not.toMatch(/\\mu_\{/);
    expect(tex).not.toContain('convention of the notes');
  });

  it('the command line overrides the file\'s notation for programs too', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.md', '--sign', '-', '--multiplier', 'mu'], { 'p.yaml': MIXED });
    expect(r.code, r.err).toBe(0);
    const md = r.files.get('h.md')!;
    expect(md).toContain('For this program, the same convention in matrix form: $\\mathcal{L} = \\ell - \\sum_v \\left\\langle \\mu_v, v - f_v \\right\\rangle$');
    expect(md).toContain('\\mu_{\\mathrm{yhat}} &= -2 \\left(y - \\mathrm{yhat}\\right)');
    expect(md).not.toContain('\\beta_{');
  });

  it('a student\'s edition and its key in the convention, with the same numbers', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.md', '--edition', 'student'], { 'p.yaml': MIXED });
    expect(r.code, r.err).toBe(0);
    const student = r.files.get('h.md')!;
    const key = r.files.get('h-key.md')!;
    expect(student).not.toContain('\\beta_{\\mathrm{yhat}} &= 2');
    expect(key).toContain('\\beta_{\\mathrm{yhat}} &= 2 \\left(y - \\mathrm{yhat}\\right)');
    expect(student).toContain('sends a term back to $\\beta_u$');
    expect(key).toContain('(or, with its sign changed, to the gradient), with $\\beta_\\ell = -1$ substituted');
  });

  it('a file of programs only states the programs\' convention once, at the top', async () => {
    const file = "notation: {multiplier: lambda, sign: '+'}\nproblems:\n  - program: |\n      param w[3]\n      data x[3]\n      loss = sum((w - x).^2)\n  - network: {input: 2, output: 1, layers: [{units: 1}], loss: squared}\n";
    const r = await run(['handout', 'p.yaml', '--format', 'md'], { 'p.yaml': file });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('> **Convention.** Convention: $\\mathcal{L} = \\ell + \\sum_v \\left\\langle \\lambda_v, v - f_v \\right\\rangle$');
    expect(r.out).not.toContain('For this program');
    expect(r.out).toContain('\\lambda_{\\mathrm{loss}} &= -1');
    expect(r.out).not.toContain('\\mu');
  });
});

describe('a statement that starts with a minus, after v − in the Lagrangian and the KKT conditions', () => {
  it('is bracketed, as an expression\'s is: g − (−Wᵀ·h), never g − −Wᵀ·h', async () => {
    const { analyze, renderProgramText } = await import('../src/index.js');
    const a = analyze("param W[2,2]; data h[2]; g = -(W')*h; l = sum(g)");
    if (a.kind === 'expression' || a.kind === 'list' || !('program' in a)) throw new Error('a program');
    const text = renderProgramText(a as Parameters<typeof renderProgramText>[0]);
    expect(text).toContain('⟨μ_g, g − (−Wᵀ·h)⟩');
    expect(text).toContain('∂L/∂μ_g = −(g − (−Wᵀ·h)) = 0');
    expect(text).not.toContain('− −');
  });
});
