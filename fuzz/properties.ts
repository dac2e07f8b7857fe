// The fuzzer's properties: each an arbitrary of cases and a judgement of one
// run. In-process properties run main() with an in-memory CliIo; `process`
// ones run `node bin/lagrad.js`; `document` ones compile or open what came out.
import fc from 'fast-check';
import { DEFAULT_LIMITS, prepareDir, removeDir, runInProcess, runProcess, type Case, type MainFn, type ProcessLimits } from './case.js';
import { bounds, controlChars, formulaCellsIn, internalErrors, noDerivativeExit, usageErrorForm, type Failure } from './checks.js';
import { compileLatex, documentsOf, HAS_CHROMIUM, HAS_PDFLATEX, type Browser } from './documents.js';
import {
  anyCase, batchCsv, CONTROLS, CSV_PAYLOADS, exprText, FORMATS, GREEK, HTML, LATEX, mutateText, mutatedExample, networkYaml, NO_DERIVATIVE,
  problemsYaml, programText, seeds, smoothText,
} from './inputs.js';
import { REPL_REGRESSIONS, replCase, replFailures } from './repl.js';
import { runTarget, TARGET_REGRESSIONS, targetCase, type TargetCase } from './targets.js';

export interface Context {
  readonly main: MainFn;
  readonly limits: ProcessLimits;
  /** Bound of one in-process run (ms). */
  readonly inProcessBoundMs: number;
  browser(): Browser;
}

export interface Property {
  readonly name: string;
  readonly description: string;
  readonly arbitrary: fc.Arbitrary<Case>;
  /** Its share of a run's inputs (of --runs). */
  readonly share: number;
  /** At most this many inputs however large --runs (process and document properties are slow). */
  readonly cap?: number;
  /** Runs in the short seeded run of `npm test`. */
  readonly shortRuns: number;
  /** The issue's defects as cases, run before the generated ones (fast-check's examples). */
  readonly regressions?: readonly Case[];
  /** Runs a shrink may take (default 400 in-process, 40 for the slow ones). */
  readonly shrinkBudget?: number;
  /** Why it cannot run here (no pdflatex, no Chromium), if so. */
  readonly unavailable?: string;
  /** The failures of one case; `skipped` when the case had nothing to judge (no document came out). */
  check(c: Case, ctx: Context): Promise<{ failures: Failure[]; skipped?: boolean }>;
}

const inProcess = async (c: Case, ctx: Context) => {
  const o = await runInProcess(ctx.main, c);
  const slow = o.ms > ctx.inProcessBoundMs ? [{ kind: 'slow-in-process', detail: `${Math.round(o.ms)} ms (bound ${ctx.inProcessBoundMs} ms)` }] : [];
  return { o, slow };
};

/** The reproducer's JavaScript for a program of n chained statements. */
const STATEMENTS = (n: number): string => `['param x', 'a0 = sin(x)', ...Array.from({length: ${n}}, (_, k) => 'a' + (k + 1) + ' = sin(a' + k + ')')].join('\\n')`;

/** A derive command line, as a regression case. */
const d = (input: string, ...options: string[]): Case => ({ args: ['derive', input, ...options], origin: 'regression' });

// ---- arbitraries of the special properties --------------------------------------

/** Cases with a control character put into an argument, a file, or stdin. */
const withControls: fc.Arbitrary<Case> = fc.tuple(anyCase, fc.constantFrom(...CONTROLS), fc.nat(), fc.nat()).map(([c, ctl, which, where]) => {
  const files = Object.keys(c.files ?? {});
  const slots = c.args.length - 1 + files.length;
  if (slots <= 0) return c;
  const k = which % slots;
  if (k < c.args.length - 1) {
    const args = [...c.args];
    args[k + 1] = mutateText(args[k + 1]!, { k: 'insert', where, text: ctl });
    return { ...c, args, origin: `${c.origin} +control` };
  }
  const name = files[k - (c.args.length - 1)]!;
  return { ...c, files: { ...c.files, [name]: mutateText(c.files![name]!, { k: 'insert', where, text: ctl }) }, origin: `${c.origin} +control` };
});

const batchCase: fc.Arbitrary<Case> = fc.tuple(
  fc.constantFrom('sin(x^2)', 'ln(x1) + x1*x2 - sin(x2)', 'x^2', 'param W[2,2]; data x[2]; f = sum(tanh(W*x))'),
  batchCsv,
  fc.constantFrom<string[]>([], ['-o', 'r.csv'], ['--points', '3'], ['--show-answer']),
  fc.constantFrom(...CSV_PAYLOADS),
).map(([e, csv, x, payload]) => ({ args: ['check', e, '--batch', 'b.csv', ...x], files: { 'b.csv': `id,target,claim\n${payload.includes(',') || payload.includes('\n') ? `"${payload}"` : payload},x,${payload}\n${csv.split('\n').slice(1).join('\n')}` }, origin: 'batch' }));

const noDerivativeCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...NO_DERIVATIVE), fc.constantFrom('F', 'sin(F) + x^2', 'exp(F)*x', 'F + F', '2*F - x', '(F)^2 + 1'), fc.constantFrom('derive', 'derive', 'trace', 'graph'), fc.boolean(), fc.constantFrom('', ...FORMATS), fc.constantFrom('', 'out.html', 'out.tex', 'out.md', 'out.json')).map(([[f, at], wrap, cmd, noCheck, format, out]) => {
    const args = [cmd, wrap.replace(/F/g, f), '--at', at];
    if (noCheck && cmd === 'derive') args.push('--no-check');
    if (format && cmd === 'derive') args.push('--format', format);
    if (out && cmd === 'derive') args.push('-o', out);
    return { args, origin: 'no-derivative:expression' };
  }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(
    ['param x; y = relu(x)', 'x=0'], ['param x; y = log(x)', 'x=-1'], ['param x; param y; f = max(x, y)', 'x=1,y=1'], ['param x; f = sqrt(x)', 'x=-4'], ['param x; f = abs(x) + x^2', 'x=0'],
  ), fc.boolean(), fc.constantFrom('', ...FORMATS)).map(([[p, at], noCheck, format]) => ({ args: ['derive', p, '--at', at, ...(noCheck ? ['--no-check'] : []), ...(format ? ['--format', format] : [])], origin: 'no-derivative:program' })) },
  { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.constantFrom('', ...FORMATS)).map(([noCheck, format]) => ({ args: ['derive', '--file', 'relu.lag', '--values', 'zero.json', ...(noCheck ? ['--no-check'] : []), ...(format ? ['--format', format] : [])], files: { 'relu.lag': 'param W[2,2]\ndata x[2]\nh = relu(W*x)\nloss = sum(h.^2)\n', 'zero.json': '{"W": [[1, -1], [2, 0.5]], "x": [0, 0]}' }, origin: 'no-derivative:values' })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...NO_DERIVATIVE), fc.constantFrom('true', 'false', ''), fc.constantFrom('h.html', 'h.tex', 'h.md'), fc.boolean()).map(([[f, at], check, out, student]) => ({
    args: ['handout', 'p.yaml', '-o', out, ...(student ? ['--edition', 'student'] : [])],
    files: { 'p.yaml': `problems:\n  - title: fine\n    expression: exp(sin(t))\n  - title: no derivative\n    expression: ${JSON.stringify(f)}\n    at: ${JSON.stringify(at)}\n${check ? `    check: ${check}\n` : ''}` },
    origin: 'no-derivative:handout',
  })) },
);

/** Names for documents: Greek (U+03A2, capital Alpha), long, underscored. */
const docName = fc.constantFrom(...GREEK, 'x_1', 'x1', 'w', 'theta_2', 'a'.repeat(60), '__proto__', 'Αβγ', 'ΑΑ');
const docExpr = fc.tuple(smoothText, docName, docName, docName).map(([e, a, b, c]) => e.replace(/\bx\b/g, a).replace(/\by\b/g, b).replace(/\bz\b/g, c));
const documentCase = (format: 'latex' | 'html'): fc.Arbitrary<Case> => {
  const ext = format === 'latex' ? 'tex' : 'html';
  const notation = fc.constantFrom<string[]>([], ['--multiplier', 'lambda'], ['--multiplier', 'beta', '--sign', '+'], ['--node-name', 'v'], ['--no-check']);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.oneof(docExpr, exprText, fc.constantFrom('Α^2 + 1', '\u03a2 + 1', 'ς*Σ', 'sin(θ)^2', 'relu(x)', 'x^2^3', 'x^(y^z)', '-x^2', 'exp(-x^2/2)/sqrt(2*pi)')), notation).map(([e, n]) => ({ args: ['derive', e, '--format', format, ...n], origin: `document:${format}:expression` })) },
    { weight: 2, arbitrary: fc.tuple(programText, notation).map(([p, n]) => ({ args: ['derive', p, '--format', format, ...n], origin: `document:${format}:program` })) },
    { weight: 1, arbitrary: fc.constantFrom('param w[2]; loss = sum(sqrt(w))', 'param w[2]; loss = sqnorm(w) .^ 2', "param W[2,3]; data x[3]; f = sum(softmax(W*x) .^ 2)", "param w[3]; data x[3]; data y; yhat = w'*x; loss = (y - yhat)^2").map((p) => ({ args: ['derive', p, '--format', format], origin: `document:${format}:program` })) },
    { weight: 1, arbitrary: networkYaml.map((y) => ({ args: ['derive', 'net.yaml', '--format', format], files: { 'net.yaml': y }, origin: `document:${format}:network` })) },
    { weight: 3, arbitrary: fc.tuple(problemsYaml, fc.boolean()).map(([y, student]) => ({ args: ['handout', 'p.yaml', '-o', `h.${ext}`, ...(student ? ['--edition', 'student'] : [])], files: { 'p.yaml': y }, origin: `document:${format}:handout` })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LATEX, ...HTML, ...GREEK), fc.constantFrom('title', 'intro', 'prose')).map(([t, where]) => ({
      args: ['handout', 'p.yaml', '-o', `h.${ext}`],
      files: { 'p.yaml': `${where === 'title' ? `title: ${JSON.stringify(t)}\n` : ''}${where === 'intro' ? `intro: ${JSON.stringify(t)}\n` : ''}problems:\n  - title: p\n${where === 'prose' ? `    prose: ${JSON.stringify(t)}\n` : ''}    expression: exp(sin(t))\n` },
      origin: `document:${format}:hostile-text`,
    })) },
  );
};

/** Inputs past a limit, as real processes: huge sums, long programs, deep nesting, big matrices, long names. */
type Big = { readonly kind: string; readonly n: number; readonly variant: number };
const bigCase: fc.Arbitrary<Case> = fc.oneof(
  fc.record({ kind: fc.constantFrom('sum', 'sum-html', 'sum-check'), n: fc.constantFrom(1e3, 1e4, 1e5, 1e6), variant: fc.nat(3) }),
  fc.record({ kind: fc.constant('statements'), n: fc.constantFrom(1e3, 1e4, 1e5), variant: fc.nat(1) }),
  fc.record({ kind: fc.constant('yaml-nesting'), n: fc.constantFrom(33, 200, 900, 5000), variant: fc.nat(5) }),
  fc.record({ kind: fc.constant('brackets'), n: fc.constantFrom(1e4, 1e5, 1e6), variant: fc.nat(1) }),
  fc.record({ kind: fc.constant('matmul'), n: fc.constantFrom(300, 1200), variant: fc.nat(1) }),
  fc.record({ kind: fc.constant('long-name'), n: fc.constantFrom(1e4, 1e5), variant: fc.nat(2) }),
  fc.record({ kind: fc.constant('csv-rows'), n: fc.constantFrom(1e3, 1e5), variant: fc.nat(1) }),
  fc.record({ kind: fc.constant('network'), n: fc.constantFrom(100, 3000), variant: fc.nat(1) }),
).map((b: Big): Case => {
  const n = b.n;
  const origin = `bound:${b.kind}:${n}`;
  switch (b.kind) {
    case 'sum': case 'sum-html': case 'sum-check': {
      const terms = Array.from({ length: n }, (_, k) => `sin(x + ${k}*y)`).join(' + ');
      const args = b.kind === 'sum-check' ? ['check', '--file', 'f.txt', '--grad', 'x=cos(x)'] : ['derive', '--file', 'f.txt', ...(b.kind === 'sum-html' ? ['--format', 'html'] : b.variant === 1 ? ['--format', 'latex'] : b.variant === 2 ? ['--no-check'] : [])];
      return { args, files: { 'f.txt': terms }, make: { 'f.txt': `Array.from({length: ${n}}, (_, k) => 'sin(x + ' + k + '*y)').join(' + ')` }, origin };
    }
    case 'statements': {
      const lines = ['param x', 'a0 = sin(x)', ...Array.from({ length: n }, (_, k) => `a${k + 1} = sin(a${k})`)];
      return { args: ['derive', '--file', 'p.lag', ...(b.variant ? ['--no-check'] : [])], files: { 'p.lag': lines.join('\n') }, make: { 'p.lag': STATEMENTS(n) }, origin };
    }
    case 'yaml-nesting': {
      const prefix = ["title: don't\n", 'title: "a\n', "title: 'a'\n", "# it's\n", 'title: a"b\n', "intro: '\n"][b.variant % 6]!;
      const nest = '['.repeat(n) + ']'.repeat(n);
      return { args: ['handout', 'p.yaml'], files: { 'p.yaml': `${prefix}problems: ${nest}\n` }, make: { 'p.yaml': `${JSON.stringify(prefix + 'problems: ')} + '['.repeat(${n}) + ']'.repeat(${n}) + '\\n'` }, origin };
    }
    case 'brackets': {
      const e = '('.repeat(n) + 'x' + ')'.repeat(n);
      return { args: ['derive', '--file', 'e.txt', '--max-depth', b.variant ? String(n) : '1000000', '--no-check'], files: { 'e.txt': e }, make: { 'e.txt': `'('.repeat(${n}) + 'x' + ')'.repeat(${n})` }, origin };
    }
    case 'matmul':
      return { args: ['derive', `param A[${n},${n}]; param B[${n},${n}]; f = sum(A*B*A*B*A)`], origin };
    case 'long-name': {
      const name = b.variant === 1 ? 'α'.repeat(n) : 'x'.repeat(n);
      return { args: ['derive', '--file', 'e.txt', '--format', b.variant === 2 ? 'latex' : 'html'], files: { 'e.txt': `${name}^2 + 1` }, make: { 'e.txt': `${JSON.stringify(b.variant === 1 ? 'α' : 'x')}.repeat(${n}) + '^2 + 1'` }, origin };
    }
    case 'csv-rows': {
      const rows = Array.from({ length: n }, (_, k) => `s${k},x,2*x*cos(x^2)`).join('\n');
      return { args: ['check', 'sin(x^2)', '--batch', 'b.csv'], files: { 'b.csv': `id,target,claim\n${rows}\n` }, make: { 'b.csv': `'id,target,claim\\n' + Array.from({length: ${n}}, (_, k) => 's' + k + ',x,2*x*cos(x^2)').join('\\n') + '\\n'` }, origin };
    }
    default: {
      const layers = Array.from({ length: b.variant ? 3 : 50 }, () => `  - {units: ${n}, activation: tanh}`).join('\n');
      return { args: ['derive', 'net.yaml'], files: { 'net.yaml': `input: ${n}\noutput: 1\nbatch: 8\nlayers:\n${layers}\n  - {units: 1}\nloss: squared\n` }, origin };
    }
  }
});

/** A sample of every front end as real processes. */
// (A NUL cannot be in an argument of a real process: no shell can pass one; in-process properties cover it.)
const processCase: fc.Arbitrary<Case> = fc.oneof(anyCase, withControls, mutatedExample).filter((c) => !c.args.some((a) => a.includes('\0')));

// ---- the properties -------------------------------------------------------------

async function documentCheck(format: 'latex' | 'html', c: Case, ctx: Context): Promise<{ failures: Failure[]; skipped?: boolean }> {
  const { o, slow } = await inProcess(c, ctx);
  const failures: Failure[] = [...internalErrors(c, o), ...slow];
  const docs = documentsOf(o.stdout, o.written, format);
  if (docs.length === 0) return { failures, skipped: failures.length === 0 };
  for (const [where, doc] of docs) {
    const fs = format === 'latex' ? await compileLatex(doc) : await ctx.browser().open(doc);
    failures.push(...fs.map((f) => ({ ...f, detail: `${where}: ${f.detail}` })));
  }
  return { failures };
}

export const PROPERTIES: readonly Property[] = [
  {
    name: 'no-internal-error',
    description: 'no exit 3, no stack trace, no exception out of main(), within the in-process bound',
    arbitrary: anyCase, share: 0.3, shortRuns: 500,
    regressions: [d('param w[2]; loss = sum(sqrt(w))', '--format', 'html'), d('\u03a2^2 + 1', '--format', 'html'), d('Α^2 + 1', '--format', 'html'), d('param w[2]; loss = sqnorm(w) .^ 2', '--format', 'html')],
    async check(c, ctx) {
      const { o, slow } = await inProcess(c, ctx);
      return { failures: [...internalErrors(c, o), ...slow] };
    },
  },
  {
    name: 'usage-error-form',
    description: 'every exit 2 is one line `lagrad: error: …` naming a position, with nothing on stdout and no file written',
    arbitrary: anyCase, share: 0.25, shortRuns: 250,
    regressions: [{ args: ['derive', 'x^2', '--at'], origin: 'regression' }, { args: ['derive', 'x', 'y'], origin: 'regression' }, { args: ['derive', 'x^2', '--format', 'pdf'], origin: 'regression' }, { args: ['derive', 'x^2', '--bogus'], origin: 'regression' }, { args: ['handout', 'p.yaml', '-o', 'h.hml'], files: { 'p.yaml': 'problems:\n  - expression: x^2\n' }, origin: 'regression' }],
    async check(c, ctx) {
      const { o } = await inProcess(c, ctx);
      return { failures: usageErrorForm(o), skipped: o.code !== 2 };
    },
  },
  {
    name: 'no-control-char',
    description: 'no control character (C0 but tab and newline, DEL, C1, bidirectional) reaches stdout, stderr or a file',
    arbitrary: withControls, share: 0.15, shortRuns: 600,
    regressions: [{ args: ['check', 'sin(x^2)', '--batch', 'b.csv'], files: { 'b.csv': 'id,target,claim\n"\x1b]0;pwned\x07",x,"\x1b[2J2*x"\n' }, origin: 'regression' }, d('x\x1b[2J + 1'), { args: ['check', 'x^2', '--grad', 'x=\x1b]0;t\x072*x'], origin: 'regression' }],
    async check(c, ctx) {
      const { o } = await inProcess(c, ctx);
      return { failures: [...controlChars(c, o), ...internalErrors(c, o)] };
    },
  },
  {
    name: 'no-formula-cell',
    description: 'no CSV cell of a batch report starts with = + - @ (or a tab, a carriage return)',
    arbitrary: batchCase, share: 0.08, shortRuns: 300,
    regressions: [{ args: ['check', 'sin(x^2)', '--batch', 'b.csv'], files: { 'b.csv': "id,target,claim\n=cmd|' /C calc'!A0,x,+2*x*cos(x^2)\n@SUM(A1),x,-cos(x^2)\n" }, origin: 'regression' }],
    async check(c, ctx) {
      const { o } = await inProcess(c, ctx);
      return { failures: [...formulaCellsIn(c, o), ...internalErrors(c, o)] };
    },
  },
  {
    name: 'no-derivative-exit',
    description: 'a point without a derivative (a kink, outside a domain) never exits 0, with or without the check',
    arbitrary: noDerivativeCase, share: 0.12, shortRuns: 200,
    regressions: [d('relu(x)', '--at', 'x=0', '--no-check'), d('log(x)', '--at', 'x=-1', '--no-check'), { args: ['handout', 'p.yaml', '-o', 'h.html'], files: { 'p.yaml': 'problems:\n  - expression: relu(x)\n    at: x=0\n    check: false\n' }, origin: 'regression' }],
    async check(c, ctx) {
      const { o } = await inProcess(c, ctx);
      return { failures: [...noDerivativeExit(c, o), ...internalErrors(c, o)] };
    },
  },
  {
    name: 'repl-session',
    description: 'a REPL session of random lines (expressions, statements, commands with bad arguments, control characters, long lines) never fails: each error one line, no control character, exit 0 or 1 at the end of input',
    arbitrary: replCase, share: 0.03, shortRuns: 80,
    regressions: REPL_REGRESSIONS,
    async check(c, ctx) {
      const { o, slow } = await inProcess(c, ctx);
      return { failures: [...internalErrors(c, o), ...replFailures(o), ...controlChars(c, o), ...slow] };
    },
  },
  {
    name: 'latex-compiles',
    description: 'every LaTeX document compiles with pdflatex -no-shell-escape and reads no file',
    arbitrary: documentCase('latex'), share: 0.03, cap: 1500, shortRuns: 12,
    regressions: [d('param w[2]; loss = sum(sqrt(w))', '--format', 'latex'), d('param w[2]; loss = sqnorm(w) .^ 2', '--format', 'latex'), d('Α^2 + 1', '--format', 'latex'), d('\u03a2 + 1', '--format', 'latex')],
    ...(HAS_PDFLATEX ? {} : { unavailable: 'pdflatex is not on PATH' }),
    check: (c, ctx) => documentCheck('latex', c, ctx),
  },
  {
    name: 'html-opens',
    description: 'every HTML document opens in Chromium with no script, handler or link from the input and no KaTeX error',
    arbitrary: documentCase('html'), share: 0.03, cap: 1500, shortRuns: 12,
    regressions: [d('param w[2]; loss = sum(sqrt(w))', '--format', 'html'), d('param w[2]; loss = sqnorm(w) .^ 2', '--format', 'html'), d('\u03a2 + 1', '--format', 'html')],
    ...(HAS_CHROMIUM ? {} : { unavailable: 'no Chromium at /usr/bin/chromium (LAGRAD_CHROMIUM)' }),
    check: (c, ctx) => documentCheck('html', c, ctx),
  },
  {
    name: 'out-target',
    description: '-o never leaves a half file, never destroys an existing file on error, never turns a link or a FIFO into a file',
    arbitrary: targetCase as fc.Arbitrary<Case>, share: 0.02, cap: 1500, shortRuns: 14, shrinkBudget: 20,
    regressions: TARGET_REGRESSIONS,
    async check(c, ctx) {
      const { outcome, failures } = await runTarget(c as TargetCase, ctx.limits);
      return { failures: [...failures, ...internalErrors(c, outcome), ...bounds(outcome, ctx.limits.timeoutMs)] };
    },
  },
  {
    name: 'cli-process',
    description: 'real processes: no exit 3 or stack trace, exit 2 in its form, no control character on the streams',
    arbitrary: processCase, share: 0.015, cap: 3000, shortRuns: 8, shrinkBudget: 20,
    async check(c, ctx) {
      const dir = prepareDir(c);
      try {
        const o = await runProcess(c, dir, ctx.limits);
        return { failures: [...internalErrors(c, o), ...bounds(o, ctx.limits.timeoutMs), ...usageErrorForm(o), ...controlChars(c, o)] };
      } finally {
        removeDir(dir);
      }
    },
  },
  {
    name: 'bounded',
    description: 'inputs past a limit are refused early (a positioned exit 2) or done within the time and memory bound',
    arbitrary: bigCase, share: 0.005, cap: 200, shortRuns: 2, shrinkBudget: 0,
    regressions: [{ args: ['handout', 'p.yaml'], files: { 'p.yaml': `title: don't\nproblems: ${'['.repeat(900)}${']'.repeat(900)}\n` }, origin: 'regression: YAML nested 900 deep after a quote' }, { args: ['derive', '--file', 'p.lag', '--no-check'], files: { 'p.lag': ['param x', 'a0 = sin(x)', ...Array.from({ length: 100_000 }, (_, k) => `a${k + 1} = sin(a${k})`)].join('\n') }, make: { 'p.lag': STATEMENTS(100_000) }, origin: 'regression: a 10^5-statement program' }],
    async check(c, ctx) {
      const dir = prepareDir(c);
      try {
        const o = await runProcess(c, dir, ctx.limits);
        return { failures: [...bounds(o, ctx.limits.timeoutMs), ...internalErrors(c, o), ...usageErrorForm(o)] };
      } finally {
        removeDir(dir);
      }
    },
  },
];

export const DEFAULT_CONTEXT_LIMITS = DEFAULT_LIMITS;
export { seeds };
