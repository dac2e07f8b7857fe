// One REPL session: the current problem (an expression, or a program built up
// statement by statement), the point, the notation, and what each line does.
// Commands that show a whole view run the CLI's own command (derive, check,
// trace, graph) on the current problem, so a view in the REPL is exactly what
// the command prints; the short answers (:grad, :mu, the value) come from the
// library. A line never ends the session by failing: its error is printed as
// one line and the session goes on.
import { analyzeExpression, type Analysis } from '../../pipeline.js';
import { deriveProgram } from '../../program-pipeline.js';
import { CALLABLE } from '../../ops/registry.js';
import { describeClaimNode } from '../../render/check-report.js';
import { parsedForm } from '../../render/echo.js';
import { pathsSection } from '../../render/text.js';
import { formatValue } from '../../render/text-writer.js';
import { pathSumsOf, PATHS_PROGRAM } from '../commands/derive.js';
import { InputError } from '../../parse/errors.js';
import { errorLine, reportError, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { conventionFrom, fitConvention, nodeLimit, parsePoint, type NotationOptions } from '../options.js';
import type { Tensor } from '../../ir/shape.js';

/** Runs the CLI on argv with io (cli/main.ts's main, passed in so that nothing imports in a cycle). */
export type RunCli = (argv: readonly string[], io: CliIo) => Promise<number>;

export const REPL_COMMANDS: readonly { readonly name: string; readonly args: string; readonly does: string }[] = [
  { name: ':at', args: 'x1=2, x2=5', does: 'set the point (names not given keep a seeded random value)' },
  { name: ':grad', args: '', does: 'the gradient at the point, checked' },
  { name: ':mu', args: '', does: 'every multiplier μ_j at the point' },
  { name: ':derive', args: '', does: 'the whole derivation (as lagrad derive)' },
  { name: ':check', args: 'x1="1/x1 + x2" …', does: 'check claimed derivatives (as lagrad check --grad/--mu)' },
  { name: ':trace', args: '[x1=1]', does: "note 003's evaluation trace; with a direction, the tangent trace too" },
  { name: ':graph', args: '', does: 'the computation graph' },
  { name: ':paths', args: '', does: "note 004's path sums: every path from each input to the output, against the gradient (as derive --paths)" },
  { name: ':latex', args: '', does: 'the derivation as a LaTeX document' },
  { name: ':save', args: 'FILE.html|.tex|.md|.json', does: 'write the derivation to a file' },
  { name: ':notation', args: 'multiplier=lambda sign=+ node=v', does: 'the notation of every view (no argument: back to the notes\')' },
  { name: ':show', args: '', does: 'the current problem, point and notation' },
  { name: ':reset', args: '', does: 'forget the problem, the point and the notation' },
  { name: ':help', args: '', does: 'this list' },
  { name: ':quit', args: '', does: 'leave (also Ctrl-D)' },
];

/** The short answers take what the text views take (cli/options.ts). */
const LIMIT = nodeLimit('text');

const DECLARATION = /^\s*(param|data|minimize)\b/;
const ASSIGNMENT = /^\s*([A-Za-z_\u0391-\u03A9\u03B1-\u03C9][A-Za-z0-9_\u0391-\u03A9\u03B1-\u03C9]*)\s*=(?!=)\s*(.*)$/su;

export class ReplSession {
  /** An expression, or the statements of a program so far. */
  private expression: string | null = null;
  private statements: string[] = [];
  private point = '';
  private notation: string[] = [];
  /** A :check failed in this session (the exit code is then 1). */
  failed = false;
  done = false;

  constructor(private readonly io: CliIo, private readonly run: RunCli) {}

  /** The current problem's source, as `lagrad derive` takes it. */
  source(): string | null {
    if (this.statements.length > 0) return this.statements.join('\n');
    return this.expression;
  }

  /** Names for completion: the commands, the functions, the current problem's names. */
  names(): string[] {
    const own = new Set<string>();
    for (const m of (this.source() ?? '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (!CALLABLE.has(m[0])) own.add(m[0]);
    return [...REPL_COMMANDS.map((c) => c.name), ...CALLABLE.keys(), ...own];
  }

  private say(s: string): void {
    this.io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  }

  private fail(message: string): void {
    this.io.stderr.write(errorLine(message));
  }

  private atArgs(): string[] {
    return this.point.trim() ? ['--at', this.point] : [];
  }

  private async cli(args: string[]): Promise<number> {
    const src = this.source();
    if (src === null) {
      this.fail('no problem yet: type an expression (sin(x)*x) or a program statement (param w[2])');
      return 2;
    }
    return this.run([args[0]!, src, ...args.slice(1), ...this.atArgs(), ...this.notation], this.io);
  }

  /** One line of input. */
  async line(raw: string): Promise<void> {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    try {
      if (text.startsWith(':')) await this.command(text);
      else this.problem(text);
    } catch (e) {
      reportError(e, this.io, false);
    }
  }

  private problem(text: string): void {
    const assignment = ASSIGNMENT.exec(text);
    if (DECLARATION.test(text) || (this.statements.length > 0 && assignment)) {
      const next = [...this.statements, text];
      // A program is kept while what it has so far parses; its statements may come later.
      const error = this.programError(next.join('\n'));
      if (error !== null && !(error instanceof InputError && /has no statement|has no param/.test(error.message))) throw error;
      this.statements = next;
      this.expression = null;
      this.say(error === null ? this.programSummary() : `program: ${next.length} line${next.length === 1 ? '' : 's'} so far (${error.message})`);
      return;
    }
    const expr = assignment ? assignment[2]! : text;
    const a = analyzeExpression(expr, { at: this.pointMap(), check: false, nodeLimit: LIMIT });
    this.expression = expr;
    this.statements = [];
    this.say(`f = ${parsedForm(a.parsed)}   (${this.valueLine(a)})`);
  }

  private programError(src: string): unknown {
    try {
      deriveProgram(src, { check: false });
      return null;
    } catch (e) {
      return e;
    }
  }

  private programSummary(): string {
    const a = deriveProgram(this.source()!, { check: false });
    const params = a.program.declarations.filter((d) => d.role === 'param').map((d) => d.name);
    return `program: ${a.program.statements.length} statement${a.program.statements.length === 1 ? '' : 's'}, objective ${a.program.objective}, params ${params.join(', ')}`;
  }

  private pointMap(): Map<string, number> {
    return parsePoint(this.point.trim() ? [this.point] : []);
  }

  private valueLine(a: Analysis): string {
    const at = [...a.point.values].map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ');
    const problem = a.point.problem ? `; no derivative there: ${a.point.problem.why}` : '';
    return `${at || 'no inputs'}: f = ${formatValue(a.point.z[a.derivation.graph.m]!)}${problem}`;
  }

  private expressionAnalysis(): Analysis {
    if (this.expression === null) throw new UsageError(this.statements.length ? 'this command takes an expression; for the program use :derive' : 'no problem yet: type an expression, e.g. sin(x)*x');
    return analyzeExpression(this.expression, { at: this.pointMap(), nodeLimit: LIMIT });
  }

  private async command(text: string): Promise<void> {
    const space = text.search(/\s/);
    const name = space < 0 ? text : text.slice(0, space);
    const rest = space < 0 ? '' : text.slice(space + 1).trim();
    switch (name) {
      case ':q': case ':quit': case ':exit':
        this.done = true;
        return;
      case ':help': case ':h': case ':?':
        return this.say(help());
      case ':reset':
        this.expression = null;
        this.statements = [];
        this.point = '';
        this.notation = [];
        return this.say('reset: no problem, a random point, the notes\' notation');
      case ':show':
        return this.say([
          `problem: ${this.source()?.replace(/\n/g, '; ') ?? '(none)'}`,
          `point: ${this.point.trim() || '(seeded random)'}`,
          `notation: ${this.notation.length ? this.notation.join(' ') : "the notes' (μ, −, z)"}`,
        ].join('\n'));
      case ':at': {
        parsePoint(rest ? [rest] : []); // a bad point is refused before it is kept
        this.point = rest;
        if (this.expression !== null) return this.say(this.valueLine(analyzeExpression(this.expression, { at: this.pointMap(), check: false, nodeLimit: LIMIT })));
        return this.say(rest ? `point: ${rest}` : 'point: seeded random');
      }
      case ':notation':
        this.notation = notationArgs(rest);
        return this.say(this.notation.length ? `notation: ${this.notation.join(' ')}` : "notation: the notes'");
      case ':grad': return this.grad();
      case ':mu': return this.mu();
      case ':derive': await this.cli(['derive']); return;
      case ':graph': await this.cli(['graph']); return;
      case ':paths': return this.paths();
      case ':latex': await this.cli(['derive', '--format', 'latex']); return;
      case ':trace': await this.cli(['trace', ...(rest ? ['--tangent', rest] : [])]); return;
      case ':save': {
        if (!rest || /\s/.test(rest)) throw new UsageError(':save takes one file name: :save handout.html (or .tex, .md, .json)');
        const code = await this.cli(['derive', '-o', rest]);
        if (code !== 2) this.say(`wrote ${rest}`);
        return;
      }
      case ':check': {
        const claims = splitClaims(rest);
        if (claims.length === 0) throw new UsageError(':check takes claims: :check x1="1/x1 + x2" (a node\'s multiplier: :check z3="mu5")');
        const args: string[] = [];
        for (const c of claims) args.push(/^(z|mu|μ)?\d+=|^(z|mu|μ)_/.test(c) && !this.isInput(c.slice(0, c.indexOf('='))) ? '--mu' : '--grad', c);
        const code = await this.cli(['check', ...args]);
        if (code === 1) this.failed = true;
        return;
      }
      default:
        throw new UsageError(`unknown command ${name}: :help lists them`);
    }
  }

  private isInput(name: string): boolean {
    if (this.expression === null) return false;
    try {
      return analyzeExpression(this.expression, { check: false, nodeLimit: LIMIT }).derivation.graph.inputs.includes(name);
    } catch {
      return false;
    }
  }

  private grad(): void {
    if (this.expression === null && this.statements.length > 0) {
      const a = deriveProgram(this.source()!, { at: this.pointMap() });
      const rows = a.derivation.gradient.map((g) => `∂${a.program.objective}/∂${g.name}: ${describeTensor(a.sweep.gradient.get(g.name))}`);
      return this.say([...rows, a.check && !a.check.ok ? '✗ the check fails: :derive shows it' : '✓ checked'].join('\n'));
    }
    const a = this.expressionAnalysis();
    if (a.point.problem) throw new UsageError(`no derivative at this point: ${a.point.problem.why}`);
    const { graph } = a.derivation;
    const rows = graph.inputs.map((n, k) => `∂f/∂${n} = ${formatValue(a.mu[k + 1]!)}`);
    const ok = a.check?.ok ?? true;
    this.say([...rows, ok ? `✓ checked at ${[...a.point.values].map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ')}` : '✗ the numeric check fails: :derive shows where'].join('\n'));
  }

  /** The Path sums section of `derive --paths`, alone, in the session's notation. */
  private paths(): void {
    if (this.expression === null && this.statements.length > 0) throw new UsageError(PATHS_PROGRAM);
    const a = this.expressionAnalysis();
    const o: NotationOptions = {};
    for (let k = 0; k + 1 < this.notation.length; k += 2) {
      const value = this.notation[k + 1]!;
      if (this.notation[k] === '--multiplier') o.multiplier = value;
      else if (this.notation[k] === '--sign') o.sign = value;
      else if (this.notation[k] === '--node-name') o.nodeName = value;
    }
    const { graph } = a.derivation;
    const conv = fitConvention(conventionFrom(o), o, [...graph.inputs, ...graph.constants]);
    this.say(pathsSection(a, pathSumsOf(a), undefined, conv).join('\n'));
  }

  private mu(): void {
    const a = this.expressionAnalysis();
    if (a.point.problem) throw new UsageError(`no derivative at this point: ${a.point.problem.why}`);
    const { graph } = a.derivation;
    const rows: string[] = [];
    for (let j = graph.m; j > graph.d; j--) rows.push(`μ${sub(j)} = ${formatValue(a.mu[j]!)}   (${describeClaimNode(a.derivation, j)})`);
    this.say(rows.join('\n'));
  }
}

function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]!);
}

function describeTensor(t: Tensor | undefined): string {
  if (!t) return '–';
  const { rows: r, cols: c } = t;
  if (t.data.length === 1) return formatValue(t.data[0]!);
  if (t.data.length <= 12) {
    const rows: string[] = [];
    for (let i = 0; i < r; i++) rows.push(Array.from({ length: c }, (_, j) => formatValue(t.data[i * c + j]!)).join(' '));
    return `[${rows.join('; ')}]`;
  }
  let norm = 0;
  for (let k = 0; k < t.data.length; k++) norm += t.data[k]! ** 2;
  return `${r}×${c}, norm ${formatValue(Math.sqrt(norm))}`;
}

/** `multiplier=lambda sign=+ node=v` → the CLI's options. */
function notationArgs(rest: string): string[] {
  const out: string[] = [];
  for (const part of rest.split(/\s+/).filter(Boolean)) {
    const m = /^(multiplier|sign|node)=(.+)$/.exec(part);
    if (!m) throw new UsageError(`:notation takes multiplier=mu|lambda|beta, sign=-|+, node=LETTER; got '${part}'`);
    out.push(m[1] === 'node' ? '--node-name' : `--${m[1]}`, m[2]!);
  }
  return out;
}

/** `x1="1/x1 + x2" x2="x1 + cos(x2)"` → ['x1=1/x1 + x2', 'x2=x1 + cos(x2)']: claims split at spaces outside quotes. */
export function splitClaims(rest: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of rest) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (/\s/.test(ch) && !/=$/.test(cur) && cur !== '') {
      out.push(cur);
      cur = '';
    } else if (!/\s/.test(ch)) cur += ch;
  }
  if (quote) throw new UsageError(`a claim's quote ${quote} is not closed`);
  if (cur) out.push(cur);
  for (const c of out) if (!c.includes('=')) throw new UsageError(`a claim is NAME="expression", got '${c}'`);
  return out;
}

export function help(): string {
  const width = Math.max(...REPL_COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  return [
    'A line is an expression (sin(x)*x, or f = sin(x)*x) or a program statement (param w[2]; loss = sum(w.^2)), kept as the problem,',
    'or a command:',
    ...REPL_COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.does}`),
  ].join('\n');
}
