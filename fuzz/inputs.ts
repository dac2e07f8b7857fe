// What the fuzzer feeds lagrad: the real examples (the golden cases, the
// README's commands, examples/), mutated with hostile text, and inputs made
// from a grammar of every front end (expressions, programs, YAML networks,
// claims, answers files, CSV batches, problems files, --at, --values, -o).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { rawExpr, toText } from '../test/property/arbitraries.js';
import { ROOT, type Case } from './case.js';

// ---- hostile material ---------------------------------------------------------

/** Greek and look-alike names: U+03A2 is unassigned (between Ρ and Σ), Α is capital Alpha, not A. */
export const GREEK = ['θ', 'Α', '\u03a2', 'Σ', 'ς', 'Ω', 'λ', 'μ', 'β', 'ϑ', 'ϕ', 'Ϝ', 'ΐ', 'α1', 'Αβ', 'ͅ', 'µ', 'ℏ', 'π', 'Π', 'Ε', 'Ζ'];
export const NAMES = ['x', 'y', 'x1', 'w_2', 'theta', '__proto__', 'constructor', 'prototype', 'toString', 'z3', 'mu3', 'μ3', 'L', 'e', 'pi', 'i', 'Infinity', 'NaN', '_', 'x_1', 'sum', 'sin', 'W', 'mu_x', 'z', 'v1', 'lambda', 'beta', ...GREEK];
export const CONTROLS = ['\x1b]0;pwned\x07', '\x1b[2J', '\x1b[31m', '\x00', '\x08', '\r', '\x07', '\x7f', '\u0085', '\u009b', '\u202e', '\u2066', '\u200b', '\u2028', '\x0c', '\x1b'];
export const LATEX = ['\\input{/etc/passwd}', '^^5cinput{/etc/passwd}', '\\write18{touch /tmp/lagrad-fuzz-pwned}', '\\immediate\\write18{id}', '%', '}', '{', '\\end{document}', '$', '&', '#', '~', '_', '^', '\\', '\\csname input\\endcsname{x}', '\\def\\x{y}', '^^M', '\\catcode`\\^^5c=0'];
export const HTML = ['<script>alert(1)</script>', '</textarea>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '{{body}}', '{{title}}', '</style><script>alert(1)</script>', '[x](javascript:alert(1))', '![x](http://example.com/x.png)', '<!--', '&lt;', '`$x$`', '$$x$$', "' onmouseover='alert(1)"];
export const CSV_PAYLOADS = ["=cmd|' /C calc'!A0", '=1+1', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=HYPERLINK("http://x")', '-x', '+x^2', '"=1"', 'a,b', 'a\nb'];
export const NUMBERS = ['1e308', '1e400', '-1e308', '9'.repeat(400), '0', '-0', '1e-320', '0.1', '2', '-1', '1.5', '1e3', '0x10', '1_000', '.5', '5.', 'NaN', 'Infinity', '123456789012345678901234567890'];
const HOSTILE_TEXT = [...CONTROLS, ...LATEX, ...HTML, ...CSV_PAYLOADS, ...GREEK, 'x'.repeat(300)];

export const FUNCTIONS: readonly [string, number][] = [
  ['exp', 1], ['log', 1], ['ln', 1], ['sqrt', 1], ['sin', 1], ['cos', 1], ['tan', 1], ['sec', 1], ['csc', 1], ['cot', 1],
  ['asin', 1], ['acos', 1], ['atan', 1], ['atan2', 2], ['sinh', 1], ['cosh', 1], ['tanh', 1], ['sech', 1], ['csch', 1], ['coth', 1],
  ['asinh', 1], ['acosh', 1], ['atanh', 1], ['log10', 1], ['log2', 1], ['log1p', 1], ['expm1', 1], ['cbrt', 1], ['nthRoot', 2],
  ['square', 1], ['sigmoid', 1], ['softplus', 1], ['silu', 1], ['swish', 1], ['gelu', 1], ['softsign', 1], ['erf', 1], ['erfc', 1],
  ['hypot', 2], ['relu', 1], ['leaky_relu', 2], ['elu', 2], ['abs', 1], ['step', 1], ['sign', 1], ['floor', 1], ['ceil', 1],
  ['round', 1], ['max', 3], ['min', 2], ['clamp', 3], ['identity', 1], ['pow', 2], ['log', 2],
];
export const ACTIVATIONS = ['exp', 'tanh', 'sigmoid', 'softplus', 'silu', 'swish', 'gelu', 'softsign', 'relu', 'leaky_relu', 'elu', 'identity'];
export const LOSSES = ['squared', 'half-squared', 'logistic', 'cross-entropy', 'softmax-cross-entropy'];
/** Functions with a point without a derivative, and such a point. */
export const NO_DERIVATIVE: readonly [string, string][] = [
  ['relu(x)', 'x=0'], ['abs(x)', 'x=0'], ['log(x)', 'x=-1'], ['sqrt(x)', 'x=-1'], ['1/x', 'x=0'], ['asin(x)', 'x=2'], ['step(x)', 'x=0'],
  ['floor(x)', 'x=1'], ['round(x)', 'x=0.5'], ['max(x, y)', 'x=1,y=1'], ['clamp(x, 0, 1)', 'x=1'], ['acosh(x)', 'x=0.5'], ['atanh(x)', 'x=1'],
  ['sign(x)', 'x=0'], ['leaky_relu(x)', 'x=0'], ['x^0.5', 'x=-2'], ['log(x, 2)', 'x=0'], ['cot(x)', 'x=0'], ['tan(x)', 'x=pi/2'], ['min(x, 1)', 'x=1'],
];
export const FORMATS = ['text', 'json', 'latex', 'html', 'md'];

// ---- the real examples -----------------------------------------------------------

interface GoldenSpec { args: string[]; stdin?: string; files?: Record<string, string>; exit: number }

function goldenSeeds(): Case[] {
  const dir = join(ROOT, 'test', 'golden', 'cases');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const spec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldenSpec;
    return { args: spec.args, ...(spec.stdin === undefined ? {} : { stdin: spec.stdin }), ...(spec.files === undefined ? {} : { files: spec.files }), origin: `golden:${f.replace(/\.json$/, '')}` };
  });
}

/** Shell words of a README command line: '…', "…" (with \" and \\), bare words; stops at ; | < > and #. */
export function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length || ';|<>#'.includes(line[i]!)) break;
    let w = '';
    while (i < line.length && line[i] !== ' ' && !';|<>'.includes(line[i]!)) {
      const ch = line[i]!;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) return undefined;
        w += line.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\' || line[i + 1] === '$')) i++;
          w += line[i++];
        }
        if (i >= line.length) return undefined;
        i++;
      } else {
        w += ch;
        i++;
      }
    }
    words.push(w);
  }
  return words;
}

function readmeSeeds(examples: Readonly<Record<string, string>>): Case[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const commands = new Set<string>();
  for (const m of text.matchAll(/^\$ (lagrad [^\n]+)$/gm)) commands.add(m[1]!);
  for (const m of text.matchAll(/`(lagrad (?:derive|check|graph|trace|handout) [^`]+)`/g)) commands.add(m[1]!);
  const out: Case[] = [];
  for (const c of commands) {
    const words = shellWords(c);
    if (!words || words.length < 2) continue;
    const args = words.slice(1);
    // The files it names from examples/.
    const files: Record<string, string> = {};
    for (const a of args) for (const name of Object.keys(examples)) if (a === name || a.endsWith(`=${name}`)) files[name] = examples[name]!;
    out.push({ args, files, origin: 'readme' });
  }
  return out;
}

function exampleFiles(): Record<string, string> {
  const dir = join(ROOT, 'examples');
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir)) files[f] = readFileSync(join(dir, f), 'utf8');
  return files;
}

let seedsMemo: readonly Case[] | undefined;
/** Every real example: the golden cases, the README's commands, the files in examples/ as commands. */
export function seeds(): readonly Case[] {
  if (seedsMemo) return seedsMemo;
  const ex = exampleFiles();
  const fromExamples: Case[] = [
    { args: ['check', 'sin(x^2)', '--batch', 'answers.csv'], files: { 'answers.csv': ex['answers.csv']! }, origin: 'examples/answers.csv' },
    { args: ['derive', 'net.yaml'], files: { 'net.yaml': ex['net.yaml']! }, origin: 'examples/net.yaml' },
    { args: ['derive', '--file', 'net.lag'], files: { 'net.lag': ex['net.lag']! }, origin: 'examples/net.lag' },
    { args: ['derive', '--file', 'note002.lag', '--format', 'latex'], files: { 'note002.lag': ex['note002.lag']! }, origin: 'examples/note002.lag' },
    { args: ['derive', '--file', 'relu.lag', '--values', 'relu.json'], files: { 'relu.lag': ex['relu.lag']!, 'relu.json': ex['relu.json']! }, origin: 'examples/relu.lag' },
    { args: ['handout', 'problems.yaml', '-o', 'h.html'], files: { 'problems.yaml': ex['problems.yaml']! }, origin: 'examples/problems.yaml' },
    { args: ['handout', 'problems.yaml', '-o', 'h.tex', '--edition', 'student'], files: { 'problems.yaml': ex['problems.yaml']! }, origin: 'examples/problems.yaml' },
    { args: ['handout', 'bomb.yaml'], files: { 'bomb.yaml': ex['bomb.yaml']! }, origin: 'examples/bomb.yaml' },
    { args: ['check', 'ln(x1) + x1*x2 - sin(x2)', '--answers', 'a.yaml'], files: { 'a.yaml': 'grad:\n  x1: "1/x1 + x2"\n  x2: "x1 - cos(x2)"\nmu:\n  z3: "mu5"\n' }, origin: 'answers' },
  ];
  seedsMemo = [...goldenSeeds(), ...readmeSeeds(ex), ...fromExamples].filter((c) => c.args[0] !== 'repl');
  return seedsMemo;
}

// ---- the grammar ---------------------------------------------------------------------

const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('x', 'y', 'x1', 'x2', 't', 'w') }, { weight: 2, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/) });
const numberText = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('0', '1', '2', '0.5', '3', '10', '1e-3', '2.5') }, { weight: 1, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) });

/** Expressions of the whole syntax: every function, operators, constants, hostile names and numbers. */
export const exprText: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: name },
    { weight: 2, arbitrary: numberText },
    { weight: 1, arbitrary: fc.constantFrom('pi', 'e', 'π') },
    { weight: 3, arbitrary: fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', ' '), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 2, arbitrary: tie('e').map((a) => `(${a})`) },
    { weight: 1, arbitrary: tie('e').map((a) => `-${a}`) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('e'), { minLength: 1, maxLength: 3 })).map(([[f, n], args]) => `${f}(${Array.from({ length: n }, (_, k) => args[k % args.length]).join(', ')})`) },
  ),
})).e;

/** Smooth expressions of the property tests (x, y, z), as text. */
export const smoothText: fc.Arbitrary<string> = rawExpr.map(toText);

const dim = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e6, 2 ** 31) });
const shape = fc.oneof(fc.constant(''), dim.map((n) => `[${n}]`), fc.tuple(dim, dim).map(([r, c]) => `[${r},${c}]`));

/** Programs: declarations, statements of matrix and elementwise ops, losses, sometimes a minimize. */
export const programText: fc.Arbitrary<string> = fc.record({
  n: fc.integer({ min: 1, max: 4 }),
  m: fc.integer({ min: 1, max: 3 }),
  batch: fc.integer({ min: 1, max: 3 }),
  act: fc.constantFrom(...ACTIVATIONS, 'sin', 'exp', 'log', 'sqrt', 'abs', 'softmax'),
  second: fc.constantFrom('G = B*H', "G = B*H + c'*H(1,1)", 'G = (B*H) ./ 2 - X', 'G = B*softmax(H)', 'G = B*(H.^2)', 'G = transpose(H)\'*B\'', 'G = sqrt(B*H)', 'G = B*H .* X'),
  objective: fc.constantFrom('f = sum(G.^2)', 'f = sqnorm(G) .^ 2', 'f = sum(sqrt(G))', 'f = sum(logsumexp(G))', 'f = mean(G)', 'f = softmax_cross_entropy(G, Y)', 'f = sum(G)', 'f = sqnorm(G) + mean(H)', 'f = sum(abs(G))'),
  extra: fc.array(fc.tuple(name, shape), { maxLength: 2 }),
  minimize: fc.boolean(),
  sep: fc.constantFrom('\n', '; '),
}).map(({ n, m, batch, act, second, objective, extra, minimize, sep }) => {
  const lines = [`param A[${m},${n}]`, `param c[${m}]`, `data X[${n},${batch}]`, `param B[${n},${m}]`, `data Y[${n},${batch}]`];
  for (const [v, s] of extra) lines.push(`param ${v}${s}`);
  lines.push(`H = ${act}(A*X + c)`, second, objective);
  if (minimize) lines.push('minimize f');
  return lines.join(sep);
});

/** YAML networks. */
export const networkYaml: fc.Arbitrary<string> = fc.record({
  input: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1e9', 'x', '2.5', '"3"', '[1]', '{a: 1}', '&a 2', '!!int 3', '*a') }),
  output: fc.integer({ min: 1, max: 3 }),
  batch: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  layers: fc.array(fc.record({ units: fc.integer({ min: 1, max: 4 }), activation: fc.option(fc.oneof(fc.constantFrom(...ACTIVATIONS), fc.constantFrom(...HOSTILE_TEXT)), { nil: undefined }), bias: fc.option(fc.boolean(), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
  loss: fc.option(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LOSSES) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT) }), { nil: undefined }),
}).map(({ input, output, batch, layers, loss }) => {
  const ls = layers.map((l, k) => {
    const units = k === layers.length - 1 ? output : l.units;
    const parts = [`units: ${units}`];
    if (l.activation !== undefined) parts.push(`activation: ${JSON.stringify(l.activation)}`);
    if (l.bias !== undefined) parts.push(`bias: ${l.bias}`);
    return `  - {${parts.join(', ')}}`;
  });
  return [`input: ${input}`, `output: ${output}`, ...(batch === undefined ? [] : [`batch: ${batch}`]), 'layers:', ...ls, ...(loss === undefined ? [] : [`loss: ${JSON.stringify(loss)}`])].join('\n') + '\n';
});

const plainOrHostile = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('A title', 'Note 003', 'f(g(θ))', '') }, { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_TEXT, 'word', ' '), { maxLength: 6 }).map((xs) => xs.join('')) });

const problem = fc.oneof(
  fc.record({ expression: fc.oneof(smoothText, exprText, fc.constantFrom(...NO_DERIVATIVE.map(([e]) => e))), at: fc.option(fc.oneof(fc.constantFrom(...NO_DERIVATIVE.map(([, a]) => a)), fc.constant('x=1')), { nil: undefined }) }),
  fc.record({ program: programText }),
  fc.record({ network: networkYaml }),
);

/** Problems files: hostile titles, intro and prose; expressions, programs, networks; check: false at points without a derivative. */
export const problemsYaml: fc.Arbitrary<string> = fc.record({
  title: fc.option(plainOrHostile, { nil: undefined }),
  intro: fc.option(plainOrHostile, { nil: undefined }),
  notation: fc.option(fc.record({ multiplier: fc.constantFrom('mu', 'lambda', 'beta', 'μ', 'x'), sign: fc.constantFrom('-', '+', '*'), node: fc.constantFrom('z', 'v', 'w', 'Α', '\\') }), { nil: undefined }),
  problems: fc.array(fc.record({ title: fc.option(plainOrHostile, { nil: undefined }), prose: fc.option(plainOrHostile, { nil: undefined }), body: problem, check: fc.option(fc.boolean(), { nil: undefined }), seed: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
}).map(({ title, intro, notation, problems }) => {
  const lines: string[] = [];
  if (title !== undefined) lines.push(`title: ${JSON.stringify(title)}`);
  if (intro !== undefined) lines.push(`intro: ${JSON.stringify(intro)}`);
  if (notation !== undefined) lines.push(`notation: {multiplier: ${JSON.stringify(notation.multiplier)}, sign: '${notation.sign}', node: ${JSON.stringify(notation.node)}}`);
  lines.push('problems:');
  for (const p of problems) {
    lines.push(`  - title: ${JSON.stringify(p.title ?? 'p')}`);
    if (p.prose !== undefined) lines.push(`    prose: ${JSON.stringify(p.prose)}`);
    const b = p.body as { expression?: string; at?: string; program?: string; network?: string };
    if (b.expression !== undefined) {
      lines.push(`    expression: ${JSON.stringify(b.expression)}`);
      if (b.at !== undefined) lines.push(`    at: ${JSON.stringify(b.at)}`);
    } else if (b.program !== undefined) {
      lines.push('    program: |', ...b.program.replace(/; /g, '\n').split('\n').map((l) => `      ${l}`));
    } else {
      lines.push('    network:', ...b.network!.trimEnd().split('\n').map((l) => `      ${l}`));
    }
    if (p.check !== undefined) lines.push(`    check: ${p.check}`);
    if (p.seed !== undefined) lines.push(`    seed: ${p.seed}`);
  }
  return lines.join('\n') + '\n';
});

/** A claim: a right or wrong derivative, or hostile text. */
export const claimText = fc.oneof({ weight: 3, arbitrary: exprText }, { weight: 2, arbitrary: fc.constantFrom('2*x*cos(x^2)', 'cos(x^2)', '2*x*cos(x^2', '1/x1 + x2', 'mu5', 'z3', 'mu_yhat', "W'*mu_yhat") }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_TEXT) });

/** A CSV of submissions: hostile ids, targets and claims, quoted or not. */
export const batchCsv: fc.Arbitrary<string> = fc.record({
  header: fc.constantFrom('id,target,claim', 'id,target,claim,extra', 'target,claim', ''),
  rows: fc.array(fc.tuple(fc.oneof(fc.constantFrom('ana', 'ben', '1'), fc.constantFrom(...CSV_PAYLOADS, ...CONTROLS)), fc.oneof({ weight: 4, arbitrary: fc.constantFrom('x', 'x1', 'x2', 'z3', 'mu3') }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT) }), claimText, fc.boolean()), { minLength: 1, maxLength: 5 }),
  eol: fc.constantFrom('\n', '\r\n'),
}).map(({ header, rows, eol }) => {
  const cell = (s: string, quote: boolean) => (quote || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows.map(([id, t, c, q]) => [cell(id, q), cell(t, false), cell(c, q)].join(','))].join(eol) + eol;
});

/** An answers file (YAML or JSON) of grad and mu claims. */
export const answersFile = fc.record({
  grad: fc.dictionary(fc.oneof(fc.constantFrom('x', 'x1', 'x2', 'W'), fc.constantFrom(...HOSTILE_TEXT)), claimText, { maxKeys: 3 }),
  mu: fc.dictionary(fc.constantFrom('z3', 'z4', 'z', '__proto__', 'mu3'), claimText, { maxKeys: 2 }),
  json: fc.boolean(),
}).map(({ grad, mu, json }) => ({ name: json ? 'answers.json' : 'answers.yaml', content: json ? JSON.stringify({ grad, mu }) : `grad: ${JSON.stringify(grad)}\nmu: ${JSON.stringify(mu)}\n` }));

/** A --at list. */
export const atText = fc.array(fc.tuple(name, fc.oneof(numberText, fc.constantFrom('pi/4', '2*pi', 'abc', '', '1,2', ...CONTROLS))), { minLength: 1, maxLength: 3 }).map((xs) => xs.map(([n, v]) => `${n}=${v}`).join(','));

/** A --values file. */
export const valuesJson = fc.oneof(
  fc.constantFrom('{"W": [[1, -1], [2, 0.5]], "x": [1, 1]}', '{"W": [[0, 0], [0, 0]], "x": [0, 0]}', '{"W": [[1e308, 1e308], [1, 1]], "x": [1e308, 1]}', '{}', '[]', '{"W": 1}', '{"W": [[1, 2, 3]]}', '{"__proto__": {"x": 1}}', '{"x": [1, "a"]}', '{"x": [1, null]}', 'not json', '{"W": [[1, 2], [3, 4]], "x": [0.5, -0.25], "q": 1}'),
  fc.dictionary(fc.constantFrom('W', 'x', 'A', 'c', 'X', 'B', 'Y'), fc.oneof(fc.double(), fc.array(fc.double({ noNaN: true }), { maxLength: 4 }), fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }), { maxLength: 3 }))).map((d) => JSON.stringify(d)),
);

// ---- mutation ---------------------------------------------------------------------------

/** A hostile fragment to insert. */
export const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...GREEK, ...NAMES) },
  { weight: 3, arbitrary: fc.constantFrom(...CONTROLS) },
  { weight: 2, arbitrary: fc.constantFrom(...LATEX) },
  { weight: 2, arbitrary: fc.constantFrom(...HTML) },
  { weight: 2, arbitrary: fc.constantFrom(...CSV_PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom('(((((((((x)))))))))', '['.repeat(40) + ']'.repeat(40), '-'.repeat(50) + 'x', 'x'.repeat(2000), 'α'.repeat(500), '\n', ';', '=', "'", '"', ':', '- ', '&a ', '*a', '!!binary ', '{', '[', '#', '\t') },
);

export type Mutation =
  | { readonly k: 'insert'; readonly where: number; readonly text: string }
  | { readonly k: 'replaceName'; readonly which: number; readonly text: string }
  | { readonly k: 'replaceNumber'; readonly which: number; readonly text: string }
  | { readonly k: 'nest'; readonly depth: number; readonly open: string }
  | { readonly k: 'delete'; readonly where: number; readonly len: number }
  | { readonly k: 'duplicate'; readonly where: number; readonly len: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('insert' as const), where: fc.nat(), text: hostile }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('replaceName' as const), which: fc.nat(), text: fc.oneof(fc.constantFrom(...NAMES), hostile) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('replaceNumber' as const), which: fc.nat(), text: fc.constantFrom(...NUMBERS) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('nest' as const), depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(200, 1000)), open: fc.constantFrom('(', 'sin(', '-', '[', '{') }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), where: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('duplicate' as const), where: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }) },
);

const CLOSE: Record<string, string> = { '(': ')', 'sin(': ')', '-': '', '[': ']', '{': '}' };

/** Applies one mutation to a text (positions taken modulo its length, on code points). */
export function mutateText(s: string, m: Mutation): string {
  const cps = [...s];
  const at = (n: number) => (cps.length === 0 ? 0 : n % (cps.length + 1));
  switch (m.k) {
    case 'insert': {
      const i = at(m.where);
      return cps.slice(0, i).join('') + m.text + cps.slice(i).join('');
    }
    case 'replaceName':
    case 'replaceNumber': {
      const re = m.k === 'replaceName' ? /[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*/g : /\d+(?:\.\d+)?(?:e[-+]?\d+)?/g;
      const hits = [...s.matchAll(re)];
      if (hits.length === 0) return s + m.text;
      const h = hits[m.which % hits.length]!;
      return s.slice(0, h.index) + m.text + s.slice(h.index! + h[0].length);
    }
    case 'nest':
      return m.open.repeat(m.depth) + s + (CLOSE[m.open] ?? '').repeat(m.depth);
    case 'delete': {
      const i = at(m.where);
      return cps.slice(0, i).join('') + cps.slice(i + m.len).join('');
    }
    case 'duplicate': {
      const i = at(m.where);
      const piece = cps.slice(i, i + m.len).join('');
      return cps.slice(0, i).join('') + piece + piece + cps.slice(i).join('');
    }
  }
}

/** Which part of a case a mutation hits: an argument (an operand or an option's value) or a file. */
type Target = { readonly k: 'arg'; readonly which: number } | { readonly k: 'file'; readonly which: number } | { readonly k: 'stdin' };

const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('arg' as const), which: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('file' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'stdin' as const }) },
);

function applyTo(c: Case, t: Target, m: Mutation): Case {
  if (t.k === 'file' && c.files && Object.keys(c.files).length > 0) {
    const names = Object.keys(c.files);
    const n = names[t.which % names.length]!;
    return { ...c, files: { ...c.files, [n]: mutateText(c.files[n]!, m) } };
  }
  if (t.k === 'stdin' && c.stdin !== undefined) return { ...c, stdin: mutateText(c.stdin, m) };
  // An argument: never the command's name, rarely an option's own name.
  const idx = c.args.map((a, k) => ({ a, k })).filter(({ a, k }) => k > 0 && !/^--?[a-z]/.test(a));
  if (idx.length === 0) return c;
  const { k } = idx[(t.k === 'stdin' ? 0 : t.which) % idx.length]!;
  const args = [...c.args];
  args[k] = mutateText(args[k]!, m);
  return { ...c, args };
}

/** Options added to a case: formats, -o targets, --no-check, --at, seeds, notation, depth, templates. */
export type Extra = readonly string[];
const extra: fc.Arbitrary<Extra> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FORMATS).map((f) => ['--format', f]) },
  { weight: 3, arbitrary: fc.constantFrom('out.html', 'out.tex', 'out.md', 'out.json', 'out.txt', 'out.csv', 'out.svg', 'out.dot', 'out', 'dir/out.html', 'out.HTML', 'o\x1b]0;x\x07.html').map((o) => ['-o', o]) },
  { weight: 2, arbitrary: fc.constant(['--no-check']) },
  { weight: 2, arbitrary: atText.map((a) => ['--at', a]) },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', '-1', '1.5', '99999999999999999999', 'x').map((s) => ['--seed', s]) },
  { weight: 1, arbitrary: fc.constantFrom('mu', 'lambda', 'beta', 'λ', '\x1b[2J', 'Α').map((s) => ['--multiplier', s]) },
  { weight: 1, arbitrary: fc.constantFrom('+', '-', '--', '\x00').map((s) => ['--sign', s]) },
  { weight: 1, arbitrary: fc.constantFrom('z', 'v', 'x', 'Α', '\u03a2', '\\', '<b>', '').map((s) => ['--node-name', s]) },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', '3', '10001', '1000000', '-5', 'a').map((s) => ['--max-depth', s]) },
  { weight: 1, arbitrary: fc.constantFrom('x', 'x1', 'y', 'W', 'x,x', '').map((s) => ['--wrt', s]) },
  { weight: 1, arbitrary: fc.constantFrom('x', 'x2', 'w2', 'q', '').map((s) => ['--const', s]) },
  { weight: 1, arbitrary: fc.constant(['--verbose']) },
  { weight: 1, arbitrary: fc.constantFrom('student', 'full', 'x').map((s) => ['--edition', s]) },
  { weight: 1, arbitrary: claimText.map((s) => ['--grad', `x=${s}`]) },
  { weight: 1, arbitrary: claimText.map((s) => ['--mu', `z3=${s}`]) },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', '-1', '1000000').map((s) => ['--points', s]) },
);

/** A real example, mutated 0–3 times and given 0–2 more options. */
export const mutatedExample: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  mutations: fc.array(fc.tuple(target, mutation), { maxLength: 3 }),
  extras: fc.array(extra, { maxLength: 2 }),
}).map(({ seed, mutations, extras }) => {
  const all = seeds();
  let c = all[seed % all.length]!;
  for (const [t, m] of mutations) c = applyTo(c, t, m);
  if (extras.length > 0) c = { ...c, args: [...c.args, ...extras.flat()] };
  return { ...c, origin: `${c.origin}${mutations.length > 0 ? ` +${mutations.map(([, m]) => m.k).join('+')}` : ''}` };
});

/** A case made from the grammar, for each front end. */
export const generatedCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('derive', 'derive', 'graph', 'trace', 'check'), fc.oneof(exprText, smoothText), fc.array(extra, { maxLength: 2 })).map(([cmd, e, x]) => ({ args: [cmd, e, ...x.flat()], origin: 'grammar:expression' })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('derive', 'graph', 'check'), programText, fc.array(extra, { maxLength: 2 })).map(([cmd, p, x]) => ({ args: [cmd, p, ...x.flat()], origin: 'grammar:program' })) },
  { weight: 1, arbitrary: fc.tuple(programText, valuesJson, fc.array(extra, { maxLength: 1 })).map(([p, v, x]) => ({ args: ['derive', '--file', 'p.lag', '--values', 'v.json', ...x.flat()], files: { 'p.lag': p, 'v.json': v }, origin: 'grammar:values' })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('derive', 'graph', 'check'), networkYaml, fc.array(extra, { maxLength: 2 })).map(([cmd, y, x]) => ({ args: [cmd, 'net.yaml', ...x.flat()], files: { 'net.yaml': y }, origin: 'grammar:network' })) },
  { weight: 2, arbitrary: fc.tuple(problemsYaml, fc.constantFrom('h.html', 'h.tex', 'h.md', ''), fc.array(extra, { maxLength: 1 })).map(([y, o, x]) => ({ args: ['handout', 'p.yaml', ...(o ? ['-o', o] : []), ...x.flat()], files: { 'p.yaml': y }, origin: 'grammar:problems' })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('sin(x^2)', 'ln(x1) + x1*x2 - sin(x2)', 'x^2'), fc.array(fc.tuple(fc.constantFrom('--grad', '--mu'), fc.constantFrom('x', 'x1', 'z3', 'mu3', ...GREEK.slice(0, 3)), claimText), { minLength: 1, maxLength: 3 })).map(([e, cs]) => ({ args: ['check', e, ...cs.flatMap(([o, t, c]) => [o, `${t}=${c}`])], origin: 'grammar:claims' })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('sin(x^2)', 'ln(x1) + x1*x2 - sin(x2)', 'param W[2,2]; data x[2]; f = sum(tanh(W*x))'), batchCsv, fc.constantFrom([], ['--format', 'json'], ['-o', 'r.csv'])).map(([e, csv, x]) => ({ args: ['check', e, '--batch', 'b.csv', ...x], files: { 'b.csv': csv }, origin: 'grammar:batch' })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('sin(x^2)', 'ln(x1) + x1*x2 - sin(x2)'), answersFile).map(([e, a]) => ({ args: ['check', e, '--answers', a.name], files: { [a.name]: a.content }, origin: 'grammar:answers' })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('derive', 'graph', 'trace'), exprText, atText).map(([cmd, e, a]) => ({ args: [cmd, e, '--at', a], origin: 'grammar:at' })) },
  { weight: 1, arbitrary: fc.tuple(exprText, fc.constantFrom('derive', 'check', 'graph')).map(([e, cmd]) => ({ args: [cmd, '-'], stdin: e, origin: 'grammar:stdin' })) },
);

/** Every front end: mutated examples and grammar-made inputs. */
export const anyCase: fc.Arbitrary<Case> = fc.oneof({ weight: 3, arbitrary: mutatedExample }, { weight: 2, arbitrary: generatedCase });
