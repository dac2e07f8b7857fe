// `lagrad handout problems.yaml -o handout.html`: several derivations,
// numbered, in one document; `--edition student` writes the blanks and, beside
// them, the answer key.
import { Option, type Command } from 'commander';
import { InputError } from '../../parse/errors.js';
import { analyzeExpression } from '../../pipeline.js';
import { deriveProgram } from '../../program-pipeline.js';
import { traceOf } from '../../verify/trace.js';
import { programTraceOf } from '../../tensor/trace.js';
import { NOTES } from '../../render/convention.js';
import type { ProblemInput } from '../../render/handout.js';
import type { Edition } from '../../render/document.js';
import { EXIT, pathWord, UsageError } from '../errors.js';
import { emit, writeAll, type CliIo } from '../io.js';
import { lineColumn } from '../../parse/errors.js';
import { conventionFrom, documentOptions, nodeLimit, notationOptions, type DocumentOptions, type NotationOptions } from '../options.js';
import type { NodeLimit } from '../../parse/deep.js';
import type { ProblemSpec } from '../problems-file.js';
import { BLANK_PARTS, blanksOf, unknownBlank, type Blanks } from '../../render/blanks.js';

const HANDOUT_FORMATS = ['html', 'latex', 'md'] as const;
type HandoutFormat = (typeof HANDOUT_FORMATS)[number];

interface HandoutOptions extends NotationOptions, DocumentOptions {
  out?: string;
  format?: HandoutFormat;
  edition: Edition;
  key?: string;
  blank?: string[];
  verbose?: boolean;
}

function handoutFormat(format: HandoutFormat | undefined, out: string | undefined): HandoutFormat {
  if (format) return format;
  const ext = out?.match(/\.([A-Za-z]+)$/)?.[1]?.toLowerCase();
  if (ext === undefined || ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'tex') return 'latex';
  if (ext === 'md') return 'md';
  throw new UsageError(`-o ${out}: cannot tell the format from the extension: use .html, .tex or .md, or --format`);
}

/** handout.html → handout-key.html. */
export function keyPath(out: string): string {
  // [^] and not ., which stops at a line separator (U+2028) in a file name.
  const m = /^([^]*?)(\.[A-Za-z]+)?$/.exec(out)!;
  return `${m[1]}-key${m[2] ?? ''}`;
}

/** Where an error in a problem is: in a block literal program, the file's own line and column; else the problem's, then the error's in its text. */
function located(file: string, k: number, p: ProblemSpec, e: InputError): UsageError {
  if (p.origin !== undefined && e.offset !== undefined && e.source === p.source && e.context === undefined) {
    const { line, column } = lineColumn(e.source, e.offset);
    return new UsageError(`${pathWord(file)}:${p.origin.line + line}:${p.origin.indent + column}: problem ${k + 1}: ${e.message}`);
  }
  return new UsageError(`${pathWord(file)}:${p.line}:${p.column}: problem ${k + 1}: ${e.format()}`);
}

/** `--blank graph,kkt` (repeatable): the parts, or a usage error naming the unknown one. */
export function blankOption(specs: readonly string[]): Blanks {
  const names = specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  const r = blanksOf(names);
  if ('unknown' in r) throw new UsageError(`--blank ${specs.join(',')}: ${unknownBlank(r.unknown)}`);
  return r.blanks;
}

function analyze(file: string, k: number, p: ProblemSpec, limit?: NodeLimit): ProblemInput {
  const shown = {
    ...(p.title !== undefined ? { title: p.title } : {}),
    ...(p.prose !== undefined ? { prose: p.prose } : {}),
    ...(p.blanks !== undefined ? { blanks: p.blanks } : {}),
  };
  try {
    if (p.kind === 'expression') {
      const analysis = analyzeExpression(p.source, { at: p.at, wrt: p.wrt, constants: p.const, seed: p.seed, check: p.check, nodeLimit: limit, model: p.model });
      // `show: [trace]`: the evaluation trace at the problem's point (its `at`, else the seeded one the derivation chose).
      const trace = p.show?.has('trace') ? traceOf(analysis.derivation, analysis.point.values, analysis.point.z, analysis.mu) : undefined;
      return { analysis, ...shown, ...(trace ? { trace } : {}) };
    }
    const program = deriveProgram(p.source, { values: p.values?.json, at: p.at, wrt: p.wrt, constants: p.const, seed: p.seed, check: p.check });
    const trace = p.show?.has('trace') ? programTraceOf(program) : undefined;
    return { program, network: p.kind === 'network', ...shown, ...(trace ? { trace } : {}) };
  } catch (e) {
    if (e instanceof InputError && p.values !== undefined && e.message.startsWith('--values: ')) {
      // A value that does not fit its declaration: at its name in the file.
      const message = e.message.slice('--values: '.length);
      const name = /^'?([^'\s[]+)/.exec(message)?.[1];
      const w = name === undefined ? undefined : p.values.where.get(name);
      if (w) throw new UsageError(`${pathWord(file)}:${w.line}:${w.col}: problem ${k + 1}: 'values': ${message}`);
    }
    if (e instanceof InputError) throw located(file, k, p, e);
    throw e;
  }
}

export function registerHandout(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('handout')
    .description('several derivations in one document (HTML, LaTeX or Markdown) from a YAML file of problems')
    .argument('<problems>', 'YAML file: title, intro, notation, defaults, problems (each: title, prose, one of expression, program, network; at, wrt, const or values; seed, check; blank; show: [trace])')
    .addOption(new Option('-o, --out <file>', 'write the handout here (atomically); the format follows the extension'))
    .addOption(new Option('--format <format>', 'output format (default: from the extension of --out, else html)').choices(HANDOUT_FORMATS))
    .addOption(new Option('--edition <edition>', "full, or student: the parts --blank names left blank (default: backward passes and gradients), the answer key written beside (-key)").choices(['full', 'student']).default('full'))
    .addOption(new Option('--blank <parts>', `with --edition student, what to leave blank: any of ${BLANK_PARTS.join(', ')} (default: backward,gradient; a problem's own 'blank' in the file holds for it)`).argParser((v: string, prev: string[] = []) => [...prev, v]))
    .addOption(new Option('--key <file>', 'where the student edition\'s answer key goes (default: the output name with -key)'))
    .addOption(new Option('--verbose', 'print stack traces of internal errors'));
  for (const option of [...notationOptions(), ...documentOptions()]) cmd.addOption(option);
  cmd.action(async (file: string, opts: HandoutOptions) => {
    const format = handoutFormat(opts.format, opts.out);
    if (opts.edition === 'student' && opts.out === undefined) throw new UsageError('--edition student writes two files (the handout and its answer key): give -o FILE');
    if (opts.key !== undefined && opts.edition !== 'student') throw new UsageError('--key goes with --edition student');
    if (opts.blank !== undefined && opts.edition !== 'student') throw new UsageError('--blank goes with --edition student');
    const cliBlanks = opts.blank === undefined ? undefined : blankOption(opts.blank);
    // The YAML parser loads only for this command.
    const { parseProblemsFile, ProblemsFileError } = await import('../problems-file.js');
    let spec;
    try {
      spec = parseProblemsFile(io.readFile(file));
    } catch (e) {
      if (e instanceof ProblemsFileError) throw new UsageError(`${pathWord(file)}:${e.message}`);
      throw e;
    }
    const conv = conventionFrom(opts, spec.notation);
    // The multiplier and the sign hold for every problem; the node letter renames the nodes z_i of
    // expressions only (a program's variables are named by its statements), so it needs an expression.
    if (conv.node !== NOTES.node && spec.problems.every((p) => p.kind !== 'expression')) {
      const at = opts.nodeName === undefined ? spec.notationAt?.node : undefined;
      const why = "renames the nodes z_i that lagrad makes for an expression, and this file has none; a program's variables are named by its statements (rename them there)";
      throw new UsageError(at ? `${pathWord(file)}:${at.line}:${at.column}: 'notation.node' ${why}` : `--node-name ${why}`);
    }
    // The format's node limit holds for the whole document: each expression gets what the earlier ones left.
    const limit = nodeLimit(format);
    let left = limit.nodes;
    const problems = spec.problems.map((p, k) => {
      const problem = analyze(file, k, p, { ...limit, nodes: left, what: `${limit.what} (one document: what the earlier problems left of ${limit.nodes.toLocaleString('en-US')})` });
      if ('analysis' in problem) left -= problem.analysis.derivation.graph.m;
      return problem;
    });
    const { documentOf } = await import('../documents.js');
    const blanks = cliBlanks ?? spec.blanks;
    const base = { conv, ...(blanks !== undefined ? { blanks } : {}), title: spec.title ?? 'Backpropagation from the KKT conditions', ...(spec.intro !== undefined ? { intro: spec.intro } : {}) };
    const handout = await documentOf(format, problems, { ...base, edition: opts.edition }, opts.template, io);
    const key = opts.edition === 'student' ? await documentOf(format, problems, { ...base, edition: 'key' }, opts.template, io) : null;
    if (opts.out === undefined) await emit(io, undefined, handout);
    else {
      const keyFile = opts.key ?? keyPath(opts.out);
      if (key !== null && keyFile === opts.out) throw new UsageError('the answer key would overwrite the handout: give --key another name');
      // Both files or neither: a --key that cannot be written leaves the handout as it was.
      writeAll(io, [{ path: opts.out, content: handout, flag: '-o' }, ...(key === null ? [] : [{ path: keyFile, content: key, flag: '--key' }])]);
    }
    const failed = problems.flatMap((p, k) => {
      // A program's point on a kink or outside a domain has no check, and fails as the derivation does.
      if ('program' in p && p.program.problem !== null) return [k + 1];
      const check = 'program' in p ? p.program.check : p.analysis.check;
      return check !== null && !check.ok ? [k + 1] : [];
    });
    for (const k of failed) io.stderr.write(`lagrad: problem ${k}: the numeric check failed or found no derivative at the point; its Check section says where\n`);
    exit.code = failed.length ? EXIT.checkFailed : EXIT.ok;
  });
}
