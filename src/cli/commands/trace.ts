// `lagrad trace <input>`: note 003's evaluation trace (the autodiff survey's
// tables) of an expression, a program or a network at a point: forward
// primal, forward tangent with --tangent, reverse adjoint in push form, and
// how it meets the derivation's μ.
import { listRanges } from '../../parse/expr.js';
import { Option, type Command } from 'commander';
import { isScalar, formatShape } from '../../ir/shape.js';
import { analyzeExpression } from '../../pipeline.js';
import { deriveProgram, isProgram } from '../../program-pipeline.js';
import { problemText } from '../../render/program-text.js';
import { programTraceOf, tangentRefusal } from '../../tensor/trace.js';
import { parsedForm } from '../../render/echo.js';
import { renderTraceText } from '../../render/trace-text.js';
import { traceJson } from '../../render/trace-json.js';
import { traceOf, type Numbering } from '../../verify/trace.js';
import { UsageError } from '../errors.js';
import { emit, type CliIo, type Output } from '../io.js';
import { documentOptions, fitConvention, formatOfExtension, inputOptions, nodeLimit, parsePoint, type DocumentOptions, type InputOptions } from '../options.js';
import { NOTES } from '../../render/convention.js';
import { readAnyInput, readValues } from '../input.js';
import { colorEnabled, makeTheme } from '../theme.js';

export const TRACE_FORMATS = ['text', 'json', 'latex', 'html', 'md'] as const;
type TraceFormat = (typeof TRACE_FORMATS)[number];
const TRACE_EXTENSIONS: Readonly<Record<string, TraceFormat>> = { json: 'json', txt: 'text', tex: 'latex', html: 'html', htm: 'html', md: 'md' };
/** Options of `derive` that make no sense for a trace. */
const NOT_FOR_TRACE = new Set(['--format', '--no-check']);

interface TraceOptions extends Omit<InputOptions, 'format'>, DocumentOptions {
  format?: TraceFormat;
  tangent?: string[];
  numbering: Numbering;
  values?: string;
}

/** A program's (or a network's) trace: its statements in program order, with shapes. */
async function traceProgram(source: string, format: TraceFormat, opts: TraceOptions, io: CliIo): Promise<number> {
  const analysis = deriveProgram(source, {
    values: readValues(opts.values, io), at: opts.at === undefined ? undefined : parsePoint(opts.at), wrt: opts.wrt, constants: opts.const,
    seed: opts.seed, check: false, maxDepth: opts.maxDepth,
  });
  const p = analysis.program;
  let direction: Map<string, number> | undefined;
  if (opts.tangent !== undefined) {
    direction = parsePoint(opts.tangent, '--tangent');
    const params = p.declarations.filter((d) => d.role === 'param');
    for (const name of direction.keys()) {
      const d = params.find((q) => q.name === name);
      if (!d) throw new UsageError(`--tangent names '${name}', which is not a param (${params.map((q) => q.name).join(', ')})`);
      if (!isScalar(d.shape)) throw new UsageError(`--tangent takes a direction for scalar params, and ${name} is ${formatShape(d.shape)}`);
    }
    const why = tangentRefusal(analysis.derivation);
    if (why !== null) throw new UsageError(why);
  }
  const trace = programTraceOf(analysis, { numbering: opts.numbering, ...(direction ? { direction } : {}) });
  const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
  let output: Output;
  if (format === 'json') output = traceJson(trace, analysis.source);
  else if (format === 'text') output = renderTraceText(trace, analysis.source, makeTheme(color));
  else {
    const { traceDocumentOf } = await import('../documents.js');
    output = await traceDocumentOf(format, analysis, trace, NOTES, opts.template, io);
  }
  await emit(io, opts.out, output);
  if (analysis.problem) {
    io.stderr.write(`lagrad: ${problemText(analysis)}\n`);
    return 1;
  }
  return 0;
}

export function registerTrace(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('trace')
    .description("the evaluation trace of note 003 (the autodiff survey's tables): forward primal, forward tangent, reverse adjoint")
    .argument('[input]', "expression, program (statements separated by ; or newlines), a network file NAME.yaml, or '-' for stdin");
  for (const option of inputOptions()) if (!NOT_FOR_TRACE.has(option.long ?? '')) cmd.addOption(option);
  cmd.addOption(new Option('--format <format>', 'output format (default: from the extension of --out, else text)').choices(TRACE_FORMATS));
  cmd.addOption(new Option('--tangent <direction>', 'a direction for the forward tangent trace, e.g. x1=1 (inputs not named get 0; a program\'s scalar params)').argParser((v: string, prev: string[] = []) => [...prev, v]));
  cmd.addOption(new Option('--values <file>', 'values of a program\'s params and data (JSON, nested arrays row-major); default: seeded random values'));
  for (const option of documentOptions()) cmd.addOption(option);
  cmd.addOption(new Option('--numbering <kind>', "survey: inputs v_{1-n}..v_0, operations level by level; notes: the derivation's z_i (a program's rows are in program order either way)").choices(['survey', 'notes']).default('survey'));
  cmd.action(async (arg: string | undefined, opts: TraceOptions) => {
    const format = opts.format ?? formatOfExtension(opts.out, TRACE_EXTENSIONS, 'text');
    if (opts.template !== undefined && format !== 'html' && format !== 'latex') throw new UsageError('--template applies to --format html and latex');
    const input = await readAnyInput(arg, opts.file, io);
    if (input.kind === 'network' || isProgram(input.source)) {
      exit.code = await traceProgram(input.kind === 'network' ? input.program : input.source, format, opts, io);
      return;
    }
    if (opts.values !== undefined) throw new UsageError('--values applies to programs; for an expression use --at');
    const at = parsePoint(opts.at);
    if (listRanges(input.source) !== null) throw new UsageError('lagrad trace takes one expression, a program or a network; a list [y1, y2, …] is derived by lagrad derive, each output on its own, then the Jacobian');
    const analysis = analyzeExpression(input.source, { at, wrt: opts.wrt, constants: opts.const, seed: opts.seed, check: false, maxDepth: opts.maxDepth, nodeLimit: nodeLimit(format) });
    const der = analysis.derivation;
    const tangent = opts.tangent === undefined ? undefined : parsePoint(opts.tangent, '--tangent');
    for (const name of tangent?.keys() ?? []) {
      if (!der.graph.inputs.includes(name)) throw new UsageError(`--tangent names '${name}', which is not an input (${der.graph.inputs.join(', ')})`);
    }
    const trace = traceOf(der, analysis.point.values, analysis.point.z, analysis.mu, {
      numbering: opts.numbering,
      ...(tangent ? { direction: der.graph.inputs.map((n) => tangent.get(n) ?? 0) } : {}),
    });
    const source = parsedForm(analysis.parsed);
    const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
    let output: Output;
    if (format === 'json') output = traceJson(trace, input.source, analysis.point.values);
    else if (format === 'text') output = renderTraceText(trace, source, makeTheme(color));
    else {
      // Documents load KaTeX and the graph drawings only when asked for.
      const { traceDocumentOf } = await import('../documents.js');
      const conv = fitConvention(NOTES, {}, [...der.graph.inputs, ...der.graph.constants]);
      output = await traceDocumentOf(format, analysis, trace, conv, opts.template, io);
    }
    await emit(io, opts.out, output);
    // A point without a derivative has no adjoint trace worth the name: say so, exit 1.
    if (analysis.point.problem) {
      io.stderr.write(`lagrad: the point has no derivative at node z${analysis.point.problem.node}: ${analysis.point.problem.why}\n`);
      exit.code = 1;
      return;
    }
    exit.code = 0;
  });
}
