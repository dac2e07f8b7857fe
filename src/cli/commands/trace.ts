// `lagrad trace <input>`: note 003's evaluation trace (the autodiff survey's
// tables) of an expression at a point: forward primal, forward tangent with
// --tangent, reverse adjoint in push form, and how it meets the derivation's μ.
import { Option, type Command } from 'commander';
import { analyzeExpression } from '../../pipeline.js';
import { parsedForm } from '../../render/echo.js';
import { renderTraceText } from '../../render/trace-text.js';
import { traceJson } from '../../render/trace-json.js';
import { traceOf, type Numbering } from '../../verify/trace.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { documentOptions, fitConvention, formatOfExtension, inputOptions, nodeLimit, parsePoint, type DocumentOptions, type InputOptions } from '../options.js';
import { NOTES } from '../../render/convention.js';
import { readAnyInput } from '../input.js';
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
}

export function registerTrace(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('trace')
    .description("the evaluation trace of note 003 (the autodiff survey's tables): forward primal, forward tangent, reverse adjoint")
    .argument('[input]', "expression, or '-' to read it from stdin");
  for (const option of inputOptions()) if (!NOT_FOR_TRACE.has(option.long ?? '')) cmd.addOption(option);
  cmd.addOption(new Option('--format <format>', 'output format (default: from the extension of --out, else text)').choices(TRACE_FORMATS));
  cmd.addOption(new Option('--tangent <direction>', 'a direction for the forward tangent trace, e.g. x1=1 (inputs not named get 0)').argParser((v: string, prev: string[] = []) => [...prev, v]));
  for (const option of documentOptions()) cmd.addOption(option);
  cmd.addOption(new Option('--numbering <kind>', "survey: inputs v_{1-n}..v_0, operations level by level; notes: the derivation's z_i").choices(['survey', 'notes']).default('survey'));
  cmd.action(async (arg: string | undefined, opts: TraceOptions) => {
    const format = opts.format ?? formatOfExtension(opts.out, TRACE_EXTENSIONS, 'text');
    if (opts.template !== undefined && format !== 'html' && format !== 'latex') throw new UsageError('--template applies to --format html and latex');
    const input = await readAnyInput(arg, opts.file, io);
    // The trace reads an expression's computation graph (one scalar node per operation); a program's statements have none yet.
    if (input.kind === 'network' || /[;\n]/.test(input.source.trim()) || /^\s*(param|data|minimize)\b/.test(input.source)) {
      const what = input.kind === 'network' ? `${input.path} is a network` : 'this is a program';
      throw new UsageError(`lagrad trace takes an expression, and ${what}: the trace is of an expression's scalar nodes, which matrix statements do not have; lagrad derive prints its backward pass, the trace in matrix form`);
    }
    const at = parsePoint(opts.at);
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
    let output: string;
    if (format === 'json') output = traceJson(trace, input.source, analysis.point.values);
    else if (format === 'text') output = renderTraceText(trace, source, makeTheme(color));
    else {
      // Documents load KaTeX and dagre only when asked for.
      const { traceDocumentOf } = await import('../documents.js');
      const conv = fitConvention(NOTES, {}, [...der.graph.inputs, ...der.graph.constants]);
      output = await traceDocumentOf(format, analysis, trace, conv, opts.template, io);
    }
    if (opts.out !== undefined) io.writeFile(opts.out, output);
    else io.stdout.write(output);
    // A point without a derivative has no adjoint trace worth the name: say so, exit 1.
    if (analysis.point.problem) {
      io.stderr.write(`lagrad: the point has no derivative at node z${analysis.point.problem.node}: ${analysis.point.problem.why}\n`);
      exit.code = 1;
      return;
    }
    exit.code = 0;
  });
}
