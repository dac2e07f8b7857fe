// The REPL (`lagrad repl`, src/cli/repl/session.ts) fed random sessions in
// process: piped lines of expressions, program statements, every command
// with good, bad and missing arguments, control characters and very long
// lines. A session never ends by failing: no exception escapes, no stack
// trace, each error is one line of lagrad's, no control character reaches the
// output, and the session ends at the end of its input with exit 0 or 1.
import fc from 'fast-check';
import type { Case, Outcome } from './case.js';
import type { Failure } from './checks.js';
import { atText, claimText, CONTROLS, exprText, GREEK, HTML, LATEX, mutateText, NO_DERIVATIVE, programText, smoothText } from './inputs.js';

/** The commands of a session (REPL_COMMANDS and their aliases), and ones that do not exist. */
const COMMANDS = [':at', ':grad', ':mu', ':derive', ':check', ':trace', ':graph', ':paths', ':latex', ':save', ':notation', ':show', ':reset', ':help', ':h', ':?'];
const UNKNOWN = [':frobnicate', ':', '::', ':GRAD', ':at=', ':q!', ':\u202equit', ':grad:', ':1'];

/** Arguments of a command: right, wrong, missing, hostile. */
const commandArgument: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: atText },
  { weight: 2, arbitrary: claimText.map((c) => `x="${c}"`) },
  { weight: 1, arbitrary: fc.tuple(claimText, claimText).map(([a, b]) => `x1='${a}' x2="${b}"`) },
  { weight: 1, arbitrary: fc.constantFrom('x="cos(x)"', 'x="2*x"', 'x="x*cos(x)"', 'w="2*w"', "W=2*(yhat - y)*z'", 'x="1/x', "x='", 'z3="mu5"', 'mu3=1', 'x', '=', 'x=', '"', "'", 'x=1 y', 'x="2*x" x="3"') },
  { weight: 1, arbitrary: fc.constantFrom('multiplier=lambda sign=+ node=v', 'multiplier=beta', 'sign=*', 'node=', 'node=z1', 'node=μ', 'multiplier=', 'bogus=1', 'multiplier=lambda node=x') },
  { weight: 1, arbitrary: fc.constantFrom('h.html', 'h.tex', 'h.md', 'h.json', 'h.pdf', 'a b.html', '/nonexistent/dir/h.html', '', '.html', '-o', '--format', 'h.HTML', '\u2028.md') },
  { weight: 1, arbitrary: fc.constantFrom(...LATEX, ...HTML, ...GREEK) },
);

/** A command line: a command and its argument, or one that does not exist. */
const commandLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...COMMANDS), commandArgument).map(([c, a]) => (a ? `${c} ${a}` : c)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...UNKNOWN), commandArgument).map(([c, a]) => `${c} ${a}`.trimEnd()) },
);

/** A problem line: an expression (named or not), a statement, a comment, a blank. */
const problemLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: smoothText },
  { weight: 3, arbitrary: exprText },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('f', 'y', 'g', 'loss', 'x', 'z1', 'μ', '__proto__'), smoothText).map(([n, e]) => `${n} = ${e}`) },
  { weight: 3, arbitrary: programText.chain((p) => fc.constantFrom(...p.split(/\s*(?:;|\n)\s*/).filter(Boolean))) },
  { weight: 1, arbitrary: fc.constantFrom(...NO_DERIVATIVE.map(([f]) => f)) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '# a comment', '#', 'param', 'param w[', 'data x[2] y', 'minimize', 'minimize nothing', 'f ==  x', '= x', 'x = ', 'param w[2]; loss = sum(w.^2)') },
);

/** Very long lines: a long sum, a long name, deep brackets, a long garbage line. */
const longLine: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(300, 3000, 30_000), fc.nat(4)).map(([n, k]) => [
  Array.from({ length: Math.ceil(n / 12) }, (_, i) => `sin(x + ${i})`).join(' + '),
  `${'x'.repeat(n)}^2 + 1`,
  `${'('.repeat(Math.min(n, 20_000))}x${')'.repeat(Math.min(n, 20_000))}`,
  `:at ${Array.from({ length: Math.ceil(n / 6) }, (_, i) => `x${i}=1`).join(',')}`,
  '§¶ +*/^ ,;'.repeat(Math.ceil(n / 10)),
][k]!);

/** One line, with a control character put in it sometimes. */
const line: fc.Arbitrary<string> = fc.tuple(
  fc.oneof({ weight: 5, arbitrary: problemLine }, { weight: 5, arbitrary: commandLine }, { weight: 1, arbitrary: longLine }),
  fc.option(fc.tuple(fc.constantFrom(...CONTROLS.filter((c) => c !== '\r')), fc.nat()), { freq: 12 }),
).map(([text, ctl]) => (ctl === null ? text : mutateText(text, { k: 'insert', where: ctl[1], text: ctl[0] })));

/** A session: up to 14 lines, often starting with a problem, ending with or without a newline or :quit. */
export const replCase: fc.Arbitrary<Case> = fc.tuple(
  fc.option(problemLine, { freq: 2, nil: undefined }),
  fc.array(line, { minLength: 1, maxLength: 14 }),
  fc.constantFrom('\n', '', '\r\n', '\n:quit\n', '\n:q\nnever read(\n'),
).map(([first, lines, end]) => ({
  args: ['repl'],
  stdin: (first === undefined ? lines : [first, ...lines]).join(end === '\r\n' ? '\r\n' : '\n') + end,
  origin: 'repl',
}));

/** The sessions, first: a bad line between good ones, control characters, a long line. */
export const REPL_REGRESSIONS: readonly Case[] = [
  { args: ['repl'], stdin: 'sin(x\nbogus(x)\n:frobnicate\n:at x=\n:grad\nx^2\n:at x=3\n:grad\n', origin: 'regression' },
  { args: ['repl'], stdin: 'x\x1b[2J^2\n:at x=\x1b]0;t\x07\n:check x="\x1b[31m2*x"\n:notation node=\u202ev\n:save \x1b[2J.html\n', origin: 'regression' },
  { args: ['repl'], stdin: `${'x'.repeat(100_000)}\n:derive\n${'('.repeat(20_000)}x${')'.repeat(20_000)}\n:grad\n`, origin: 'regression' },
  { args: ['repl'], stdin: 'param w[2]\ndata x[2]\nloss = sum((w .* x).^2)\n:grad\n:mu\n:check w="2*w"\n:trace w=1\n', origin: 'regression' },
];

/** The judgements of a session beyond internalErrors and controlChars: each error one line of lagrad's, exit 0 or 1. */
export function replFailures(o: Outcome): Failure[] {
  const f: Failure[] = [];
  if (o.code !== null && o.code !== 0 && o.code !== 1) f.push({ kind: `repl-exit-${o.code}`, detail: o.stderr.slice(0, 300) });
  const lines = o.stderr.split('\n');
  if (lines.pop() !== '') f.push({ kind: 'repl-error-unterminated', detail: JSON.stringify(o.stderr.slice(-200)) });
  const internal = lines.find((l) => l.startsWith('lagrad: internal error'));
  if (internal !== undefined) f.push({ kind: 'repl-internal-error', detail: internal.slice(0, 300) });
  const foreign = lines.find((l) => !/^lagrad: \S/.test(l));
  if (foreign !== undefined) f.push({ kind: 'repl-error-lines', detail: `a line of stderr not in lagrad's form: ${JSON.stringify(foreign.slice(0, 200))}` });
  return f;
}
