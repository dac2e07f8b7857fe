// `lagrad handout`: several problems in one document, the student's edition
// and its answer key, notation, and problems files that try to hurt.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { LIMITS } from '../src/cli/problems-file.js';
import { fakeIo } from './helpers/fake-io.js';

const PROBLEMS = `title: Homework 3
intro: Derive each gradient from the KKT conditions.
problems:
  - title: Composite
    expression: exp(sin(t))
    at: {t: 0.5}
  - title: Note 003
    prose: The trace example.
    expression: ln(x1) + x1*x2 - sin(x2)
    at: x1=2,x2=5
`;

async function run(args: string[], files: Record<string, string>) {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

describe('handout', () => {
  it('numbers the problems and writes one document', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.html'], { 'p.yaml': PROBLEMS });
    expect(r.code, r.err).toBe(0);
    const html = r.files.get('h.html')!;
    expect(html).toContain('<h2><span class="number">1</span> Composite</h2>');
    expect(html).toContain('<h2><span class="number">2</span> Note 003</h2>');
    expect(html).toContain('(2.17)');
    expect(html).toContain('<p class="prose">The trace example.</p>');
    expect(r.files.has('h-key.html')).toBe(false);
  });

  it('--edition student leaves the backward pass and gradients blank and writes the key beside', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': PROBLEMS });
    expect(r.code, r.err).toBe(0);
    const student = r.files.get('h.tex')!;
    const key = r.files.get('h-key.tex')!;
    expect(student).toContain('\\underline{\\hspace{12em}}');
    expect(student).not.toMatch(/\\mu_\{3\} = \\mu_\{5\}/);
    expect(student).not.toContain('Chain rule');
    expect(student).not.toContain('Check');
    expect(key).toContain('\\title{Homework 3: answer key}');
    expect(key).toMatch(/\\mu_\{3\} &= \\mu_\{5\}/);
    expect(key).toContain('\\frac{\\partial f}{\\partial t} &= \\mu_{2} \\cos z_{1}');
    // Same equation numbers in both.
    expect(student).toContain('\\tag{2.27}');
    expect(key).toContain('\\tag{2.27}');
  });

  it('--key names the answer key; it may not overwrite the handout', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.md', '--edition', 'student', '--key', 'answers.md'], { 'p.yaml': PROBLEMS });
    expect(r.code, r.err).toBe(0);
    expect([...r.files.keys()].sort()).toEqual(['answers.md', 'h.md', 'p.yaml']);
    const same = await run(['handout', 'p.yaml', '-o', 'h.md', '--edition', 'student', '--key', 'h.md'], { 'p.yaml': PROBLEMS });
    expect(same.code).toBe(2);
    expect(same.err).toMatch(/would overwrite the handout/);
    expect(same.files.has('h.md')).toBe(false);
  });

  it('the student edition needs -o', async () => {
    const r = await run(['handout', 'p.yaml', '--edition', 'student'], { 'p.yaml': PROBLEMS });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/give -o FILE/);
  });

  it('takes the notation from the file, and the command line over it', async () => {
    const file = `notation: {multiplier: lambda, sign: '+'}\n${PROBLEMS}`;
    const r = await run(['handout', 'p.yaml', '--format', 'md'], { 'p.yaml': file });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('\\lambda_{3} &= \\lambda_{5}');
    expect(r.out).toContain('Convention: $\\mathcal{L}(z, \\lambda) = z_m + \\sum');
    const over = await run(['handout', 'p.yaml', '--format', 'md', '--multiplier', 'beta', '--node-name', 'v'], { 'p.yaml': file });
    expect(over.out).toContain('\\beta_{3} &= \\beta_{5}');
    expect(over.out).toContain('v_{3}');
  });

  it('exits 1 and says which problem when a check fails, after writing the handout', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.html'], { 'p.yaml': 'problems:\n  - expression: relu(x) + x^2\n    at: {x: 0}\n' });
    expect(r.code).toBe(1);
    expect(r.err).toBe('lagrad: problem 1: the numeric check failed or found no derivative at the point; its Check section says where\n');
    expect(r.files.get('h.html')).toContain('is on a kink of');
  });

  it('a program at a kink fails the same way (and a program takes at)', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.md'], { 'p.yaml': 'problems:\n  - program: |\n      param w\n      data x\n      h = relu(w*x)\n      f = h^2\n    at: {w: 0, x: 1}\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('problem 1: the numeric check failed or found no derivative at the point');
    expect(r.files.get('h.md')).toContain('is on a kink of relu');
  });

  it('a user template: placeholders filled, unknown ones refused with their position', async () => {
    const ok = await run(['handout', 'p.yaml', '--format', 'html', '--template', 't.html'], {
      'p.yaml': PROBLEMS,
      't.html': '<!DOCTYPE html><title>{{title}}</title><style>{{katexCss}}</style><body>{{body}}</body>',
    });
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^<!DOCTYPE html><title>Homework 3<\/title>/);
    const bad = await run(['handout', 'p.yaml', '--format', 'html', '--template', 't.html'], {
      'p.yaml': PROBLEMS,
      't.html': '<title>{{title}}</title>\n<p>{{author}}</p>{{body}}{{katexCss}}',
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('lagrad: error: t.html:2:4: unknown placeholder {{author}}; known: title, katexCss, css, body, katexScript, scriptCsp\n');
  });
});

const MIXED = `title: Mixed problems
problems:
  - title: Composite
    expression: exp(sin(t))
    at: {t: 0.5}
  - title: A linear model
    prose: A squared loss.
    program: |
      param w[3]
      data x[3]
      data y
      yhat = w'*x
      loss = (y - yhat)^2
      minimize loss
    values:
      w: [1, 2, 3]
      y: 2
  - title: Note 001's network
    network:
      input: 2
      output: 1
      layers:
        - {units: 3, activation: sigmoid}
        - {units: 1}
      loss: half-squared
`;

describe('handouts of expressions, programs and networks', () => {
  it('numbers the sections across kinds in HTML', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.html'], { 'p.yaml': MIXED });
    expect(r.code, r.err).toBe(0);
    const html = r.files.get('h.html')!;
    expect(html).toContain('<h2><span class="number">1</span> Composite</h2>');
    expect(html).toContain('<h2><span class="number">2</span> A linear model</h2>');
    expect(html).toContain('<h2><span class="number">3</span> Note 001&#39;s network</h2>');
    expect(html).toContain('(2.1)');
    expect(html).toContain('(3.21)');
    expect(html).toContain('The network, compiled to a program');
    expect(html).toContain('For this program, the convention of the notes in matrix form');
    expect(html).toContain('All checks pass.');
  });

  it('LaTeX: the student edition leaves programs\' backward passes and gradients blank, the key has them under the same numbers', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': MIXED });
    expect(r.code, r.err).toBe(0);
    const student = r.files.get('h.tex')!;
    const key = r.files.get('h-key.tex')!;
    expect(student).toContain('\\section*{3\\quad Note 001\'s network}');
    // The forward pass is given, with values.
    expect(student).toMatch(/z_\{1\} &= \\sigma\\left\(h_\{1\}\\right\)[\s\S]{0,200}?\\approx[\s\S]{0,200}?\\tag\{3\.15\}/);
    // The backward pass, the gradient and the conditions that give them are blank.
    expect(student).toContain('\\mu_{h_{1}} &= \\rule{0pt}{3.2ex}\\underline{\\hspace{12em}} \\tag{3.21}');
    expect(student).toMatch(/\\frac\{\\partial \\mathrm\{loss\}\}\{\\partial W_\{1\}\} &= \\rule\{0pt\}\{3\.2ex\}\\underline/);
    expect(student).toContain('\\Rightarrow \\mu_{\\mathrm{yhat}} = \\rule{0pt}{3.2ex}\\underline{\\hspace{12em}} \\tag{2.7}');
    expect(student).not.toContain('\\mu_{h_{1}} &= \\mu_{z_{1}}');
    expect(student).not.toContain('\\sigma\\left(h_{1}\\right) \\odot');
    expect(student).not.toContain('Check');
    expect(student).not.toContain('dot-product');
    expect(key).toContain('\\title{Mixed problems: answer key}');
    expect(key).toContain('\\mu_{h_{1}} &= \\mu_{z_{1}} \\odot z_{1} \\odot \\left(1 - z_{1}\\right)');
    expect(key).toContain('\\Rightarrow \\mu_{h_{1}} = \\mu_{z_{1}} \\odot z_{1} \\odot \\left(1 - z_{1}\\right) \\tag{3.13}');
    expect(key).toContain('dot-product test');
    const tags = (s: string): string[] => (s.match(/\\tag\{[23]\.\d+\}/g) ?? []);
    expect(tags(student)).toEqual(tags(key));
  });

  it('Markdown: a student\'s graph of variables hides the terms on its edges', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.md', '--edition', 'student'], { 'p.yaml': MIXED });
    expect(r.code, r.err).toBe(0);
    expect(r.files.get('h.md')).toContain('z1 -->|"?"| z7');
    expect(r.files.get('h-key.md')).not.toContain('-->|"?"|');
  });

  it('a handout of networks only states the programs\' convention once', async () => {
    const r = await run(['handout', 'p.yaml', '--format', 'md'], { 'p.yaml': 'problems:\n  - network: {input: 2, output: 1, layers: [{units: 1}], loss: squared}\n' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Sign convention of the notes: $\\mathcal{L} = \\ell - \\sum_v');
    expect(r.out).not.toContain('For this network');
  });
});

describe('problems files that try to hurt exit 2 with line and column, and write nothing', () => {
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let k = 1; k < 9; k++) bomb.push(`${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(9).fill(`*${String.fromCharCode(96 + k)}`).join(',')}]`);
  const rows: [string, string, RegExp][] = [
    ['alias bomb', `${bomb.join('\n')}\nproblems: []\n`, /^2:8: aliases \(\*a\) are not allowed/],
    ['merge key', 'base: &b {seed: 1}\nproblems:\n  - <<: *b\n    expression: x^2\n', /^3:9: aliases \(\*b\) are not allowed/],
    ['deep flow nesting', `problems: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, new RegExp(`^1:${11 + LIMITS.depth}: brackets nested more than ${LIMITS.depth} deep`)],
    ['deep block nesting', `${Array.from({ length: 1000 }, (_, k) => `${' '.repeat(k)}a:`).join('\n')} 1\n`, new RegExp(`^${LIMITS.indent + 2}:${LIMITS.indent + 1}: indented more than`)],
    ['duplicate keys', 'problems:\n  - expression: x^2\n    expression: sin(x)\n', /^3:5: Map keys must be unique/],
    ['custom tag', 'problems:\n  - expression: !js/function "function () {}"\n', /^2:17: (Unresolved tag|tags \(!js\/function\))/],
    ['standard tag', 'problems:\n  - expression: !!binary aGVsbG8=\n', /^2:\d+: tags \(tag:yaml.org,2002:binary\) are not allowed/],
    ['__proto__ at the top', '__proto__: {polluted: true}\nproblems:\n  - expression: x^2\n', /^1:1: unknown key '__proto__' in the problems file/],
    ['__proto__ in at', 'problems:\n  - expression: x^2\n    at: {__proto__: 1}\n', /^2:17: problem 1: --at names '__proto__', which the expression does not have/],
    ['constructor key', 'problems:\n  - constructor: 1\n    expression: x^2\n', /^2:5: unknown key 'constructor' in problem 1/],
    ['huge file', `problems:\n${'  - expression: x^2\n'.repeat(60_000)}`, /^\d+:\d+: the file is larger than 1024 KiB/],
    ['two documents', 'problems: []\n---\nproblems: []\n', /^2:1: Source contains multiple documents/],
    ['not a map', '- expression: x^2\n', /^1:1: the problems file must be a map/],
    ['empty file', '', /^1:1: the problems file must be a map/],
    ['no problems', 'title: x\nproblems: []\n', /^2:11: 'problems' must be a list of one or more problems/],
    ['syntax error', 'problems:\n  - expression: [x^2\n', /^\d+:\d+: /],
    ['two kinds in one problem', 'problems:\n  - expression: x^2\n    network: {input: 1}\n', /^3:5: problem 1 has both 'expression' and 'network': give exactly one/],
    ['no kind', 'problems:\n  - title: x\n', /^2:5: problem 1 has no 'expression', 'program' or 'network'/],
    ['a program that is not text', 'problems:\n  - program: [1, 2]\n', /^2:14: 'program' of problem 1 must be the program's text/],
    ['at naming nothing in a program', 'problems:\n  - program: |\n      param w\n      f = w^2\n    at: {q: 1}\n', /^2:14: problem 1: --at names 'q', which is not a param or data of the program/],
    ['values on an expression', 'problems:\n  - expression: x^2\n    values: {x: 1}\n', /^3:5: 'values' applies to programs and networks/],
    ['bad network in a problems file', 'problems:\n  - expression: x^2\n  - network:\n      input: 2\n      output: 1\n      layers:\n        - {units: 1, bias: maybe}\n      loss: squared\n', /^7:28: problem 2: 'bias' of layer 1 must be true or false, not "maybe"/],
    ['__proto__ in a network', 'problems:\n  - network:\n      __proto__: {polluted: true}\n', /^3:7: problem 1: unknown key '__proto__' in the network/],
    ['empty network', 'problems:\n  - network:\n', /^2:13: problem 1: the network must be a map/],
    ['network too large', 'problems:\n  - network: {input: 1000000, output: 1, layers: [{units: 11}], loss: squared}\n', /^2:\d+: problem 1: layer 1 brings the parameters/],
    ['networks too large together', `problems:\n${'  - network: {input: 1000, output: 1, batch: 1000, layers: [{units: 1}], loss: squared}\n'.repeat(10)}`, /^11:5: the networks up to problem 10 hold 10,020,000 values/],
    ['a shape error in a program', 'problems:\n  - expression: x^2\n  - program: |\n      param w[3]\n      data x[3]\n\n        loss = sum(w * x)\n      minimize loss\n', /^7:22: problem 2: in 'loss = sum\(w \* x\)': matrix product of w \[3\] and x \[3\] does not fit/],
    ['a shape error in a quoted program', 'problems:\n  - program: "param w[3]\\ndata x[3]\\nloss = sum(w * x)\\nminimize loss"\n', /^2:14: problem 1: 3:14: in 'loss = sum/],
    ['values that do not fit', 'problems:\n  - program: |\n      param w[3]\n      loss = sum(w)\n      minimize loss\n    values:\n      w: [1, 2]\n', /^7:7: problem 1: 'values': w must be \[3\]/],
    ['__proto__ in values', 'problems:\n  - program: |\n      param w[3]\n      loss = sum(w)\n      minimize loss\n    values: {__proto__: [1, 2, 3]}\n', /^6:14: problem 1: 'values': '__proto__' is not a param or data of the program/],
    ['a value that is not a number', 'problems:\n  - program: |\n      param w[3]\n      loss = sum(w)\n      minimize loss\n    values: {w: [1, "a", 3]}\n', /^6:21: 'values' of problem 1: w must be a finite number/],
    ['a node letter with no expression to rename', 'notation: {sign: "+", node: v}\nproblems:\n  - program: |\n      param w[3]\n      loss = sum(w)\n      minimize loss\n', /^1:29: 'notation.node' renames the nodes z_i that lagrad makes for an expression, and this file has none/],
    ['bad expression', 'problems:\n  - expression: x1(x2+1)\n', /^2:17: problem 1: 1:1: unknown function 'x1'/],
    ['bad seed', 'problems:\n  - expression: x^2\n    seed: -1\n', /^3:11: 'seed' of problem 1 must be a whole number/],
    ['bad notation', 'notation: {sign: "*"}\nproblems:\n  - expression: x^2\n', /^1:18: 'notation.sign' takes - or \+/],
  ];
  for (const [name, yaml, message] of rows) {
    it(name, async () => {
      const r = await run(['handout', 'p.yaml', '-o', 'h.html'], { 'p.yaml': yaml });
      expect(r.code, r.err).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^lagrad: error: p\.yaml:\d+:\d+: [^\n]+\n$/);
      expect(r.err.replace('lagrad: error: p.yaml:', '')).toMatch(message);
      expect(r.files.has('h.html')).toBe(false);
    });
  }
});
