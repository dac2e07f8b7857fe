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
import { formatOfExtension, inputOptions, nodeLimit, parsePoint, type InputOptions } from '../options.js';
import { readAnyInput } from '../input.js';
import { colorEnabled, makeTheme } from '../theme.js';

export const TRACE_FORMATS = ['text', 'json'] as const;
type TraceFormat = (typeof TRACE_FORMATS)[number];
const TRACE_EXTENSIONS: Readonly<Record<string, TraceFormat>> = { json: 'json', txt: 'text' };
/** Options of `derive` that make no sense for a trace. */
const NOT_FOR_TRACE = new Set(['--format', '--no-check']);

interface TraceOptions extends Omit<InputOptions, 'format'> {
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
  cmd.addOption(new Option('--numbering <kind>', "survey: inputs v_{1-n}..v_0, operations level by level; notes: the derivation's z_i").choices(['survey', 'notes']).default('survey'));
  cmd.action(async (arg: string | undefined, opts: TraceOptions) => {
    const format = opts.format ?? formatOfExtension(opts.out, TRACE_EXTENSIONS, 'text');
    const input = await readAnyInput(arg, opts.file, io);
    if (input.kind === 'network' || /[;\n]/.test(input.source.trim()) || /^\s*(param|data|minimize)\b/.test(input.source)) {
      throw new UsageError('lagrad trace takes an expression; for a program or a network use lagrad derive, whose backward pass is the trace in matrix form');
    }
    const at = parsePoint(opts.at);
    const analysis = analyzeExpression(input.source, { at, wrt: opts.wrt, constants: opts.const, seed: opts.seed, check: false, maxDepth: opts.maxDepth, nodeLimit: nodeLimit('text') });
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
    const output = format === 'json' ? traceJson(trace, input.source, analysis.point.values) : renderTraceText(trace, source, makeTheme(color));
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
