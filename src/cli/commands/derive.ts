// `lagrad derive <input>`: input → analysis → the chosen renderer.
import { functionTableText } from '../../ops/registry.js';
import { Option, type Command } from 'commander';
import { analyzeExpression, type Analysis } from '../../pipeline.js';
import { pathSums, type PathSums } from '../../derive/paths.js';
import { compileReal } from '../../verify/evaluate.js';
import { deriveAnyProgram, isProgram, type ProgramAnalysis } from '../../program-pipeline.js';
import { renderProgramJacobianJsonChunks, renderProgramJacobianTextChunks } from '../../render/program-jacobian.js';
import { analyzeExpressionList } from '../../list-pipeline.js';
import { listRanges } from '../../parse/expr.js';
import { renderListJsonChunks, renderListTextChunks } from '../../render/jacobian.js';
import { renderProgramJsonChunks } from '../../render/program-json.js';
import { renderProgramTextChunks } from '../../render/program-text.js';
import { renderJsonChunks } from '../../render/json.js';
import { renderTextChunks } from '../../render/text.js';
import { NOTES, type Convention } from '../../render/convention.js';
import { EXIT, UsageError } from '../errors.js';
import { emit, type CliIo, type Output } from '../io.js';
import { readAnyInput, readValues } from '../input.js';
import {
  AVAILABLE_FORMATS, chooseFormat, conventionFrom, FORMAT_EXTENSIONS, documentOptions, fitConvention, inputOptions, MODEL_PROGRAM, modelOption, nodeLimit, notationOptions, parsePoint,
  type DocumentOptions, type InputOptions, type NotationOptions,
} from '../options.js';
import { colorEnabled, makeTheme } from '../theme.js';

type DeriveOptions = InputOptions & NotationOptions & DocumentOptions & { values?: string; paths?: boolean; model?: 'default' | 'grouped' };

/** Why --paths does nothing for a program or a network (a usage error). */
export const PATHS_PROGRAM =
  "--paths shows path sums for expressions: a program's edges carry Jacobians, not numbers, so a path's product is no single number";

/** Note 004's path sums of an expression at its point (src/derive/paths.ts), the partials compiled as the check compiles them. */
export function pathSumsOf(a: Analysis): PathSums {
  const der = a.derivation;
  const z = a.point.z;
  // At a kink or outside a domain there is no derivative: the products are NaN, as μ is, not one-sided values.
  const none = a.point.problem !== null;
  return pathSums(der, { z, mu: a.mu, partialValue: (p) => (none ? NaN : compileReal(der.graph.builder, p, a.point.values)(z)) });
}

/** Why --node-name does nothing for a program (a usage error when it would rename). */
export const NODE_NAME_PROGRAM =
  "--node-name renames the nodes z_i that lagrad makes for an expression; a program's variables are named by its statements (rename them there)";

/** A program (statements, declarations): derived in matrix form, in the convention `conv` (multiplier and sign). */
async function deriveProgramCommand(source: string, format: string, opts: DeriveOptions, conv: Convention, io: CliIo, network?: string): Promise<number> {
  if (conv.node !== NOTES.node) throw new UsageError(NODE_NAME_PROGRAM);
  const any = deriveAnyProgram(source, {
    values: readValues(opts.values, io), at: opts.at === undefined ? undefined : parsePoint(opts.at), wrt: opts.wrt, constants: opts.const,
    seed: opts.seed, check: opts.check, maxDepth: opts.maxDepth,
  });
  const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
  let output: Output;
  if ('kind' in any) {
    // A vector output (note 004): the derivation once, then the Jacobian, a reverse sweep per row.
    if (format === 'json') output = renderProgramJacobianJsonChunks(any, conv);
    else if (format === 'text') output = renderProgramJacobianTextChunks(any, makeTheme(color), conv);
    else {
      const { programJacobianDocumentOf } = await import('../documents.js');
      output = await programJacobianDocumentOf(format as 'latex' | 'html' | 'md', any, { conv, ...(network === undefined ? {} : { network }) }, opts.template, io);
    }
    await emit(io, opts.out, output);
    return any.rows.some((a) => a.problem !== null || (a.check !== null && !a.check.ok)) ? EXIT.checkFailed : EXIT.ok;
  }
  const analysis: ProgramAnalysis = any;
  if (format === 'json') output = renderProgramJsonChunks(analysis, conv);
  else if (format === 'text') output = renderProgramTextChunks(analysis, makeTheme(color), conv);
  else {
    // Documents load KaTeX and the graph drawings only when asked for.
    const { programDocumentOf } = await import('../documents.js');
    output = await programDocumentOf(format as 'latex' | 'html' | 'md', analysis, { conv, ...(network === undefined ? {} : { network }) }, opts.template, io);
  }
  await emit(io, opts.out, output);
  return analysis.problem !== null || (analysis.check !== null && !analysis.check.ok) ? EXIT.checkFailed : EXIT.ok;
}

/** A vector of expressions `[y1, y2, …]`: every output's derivation and the Jacobian (note 004). */
async function deriveListCommand(source: string, format: string, opts: DeriveOptions, requested: Convention, io: CliIo): Promise<number> {
  if (opts.paths === true) throw new UsageError(PATHS_LIST);
  const la = analyzeExpressionList(source, {
    at: parsePoint(opts.at), wrt: opts.wrt, constants: opts.const, seed: opts.seed, check: opts.check, maxDepth: opts.maxDepth,
    nodeLimit: nodeLimit(format), model: opts.model,
  });
  const conv = fitConvention(requested, opts, [...la.graph.inputs, ...la.graph.constants]);
  const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
  let output: Output;
  if (format === 'json') output = renderListJsonChunks(la, conv);
  else if (format === 'text') output = renderListTextChunks(la, makeTheme(color), conv);
  else {
    const { listDocumentOf } = await import('../documents.js');
    output = await listDocumentOf(format as 'latex' | 'html' | 'md', la, { conv }, opts.template, io);
  }
  await emit(io, opts.out, output);
  const failed = la.outputs.some((a) => a.point.problem !== null || (a.check !== null && !a.check.ok));
  return failed ? EXIT.checkFailed : EXIT.ok;
}

/** Why --paths does nothing for a list (a usage error). */
export const PATHS_LIST = '--paths shows the path sums of one expression; derive the components of the list one at a time';

export function registerDerive(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('derive')
    .description('derive backpropagation from the KKT conditions of an expression, and check it numerically')
    .argument('[input]', "expression, program (statements separated by ; or newlines), a network file NAME.yaml, or '-' for stdin");
  for (const option of [...inputOptions(), ...notationOptions(), ...documentOptions()]) cmd.addOption(option);
  // The functions, from the one table (the README shows the same table).
  cmd.addHelpText('after', `\nFunctions (in expressions, programs elementwise, and claims):\n${functionTableText()}`);
  cmd.addOption(new Option('--values <file>', 'values of a program\'s params and data (JSON, nested arrays row-major); default: seeded random values'));
  cmd.addOption(modelOption());
  cmd.addOption(new Option('--paths', "note 004's path sums: each path from an input to the output, the product of its edge partials, and their sum (= the gradient); listed while few, else counted"));
  cmd.action(async (arg: string | undefined, opts: DeriveOptions) => {
    const format = chooseFormat(opts.format, opts.out, FORMAT_EXTENSIONS);
    if (!AVAILABLE_FORMATS.includes(format)) {
      throw new UsageError(`--format ${format} is not available yet (available: ${AVAILABLE_FORMATS.join(', ')})`);
    }
    const requested = conventionFrom(opts);
    if (opts.template !== undefined && format !== 'html' && format !== 'latex') {
      throw new UsageError('--template applies to --format html and latex');
    }
    const input = await readAnyInput(arg, opts.file, io);
    if (opts.paths === true && (input.kind === 'network' || isProgram(input.source))) throw new UsageError(PATHS_PROGRAM);
    if (opts.model === 'grouped' && (input.kind === 'network' || isProgram(input.source))) throw new UsageError(MODEL_PROGRAM);
    if (input.kind === 'network') {
      exit.code = await deriveProgramCommand(input.program, format, opts, requested, io, input.path);
      return;
    }
    const source = input.source;
    if (isProgram(source)) {
      exit.code = await deriveProgramCommand(source, format, opts, requested, io);
      return;
    }
    if (opts.values !== undefined) throw new UsageError('--values applies to programs; for an expression use --at');
    if (listRanges(source) !== null) {
      exit.code = await deriveListCommand(source, format, opts, requested, io);
      return;
    }
    const analysis = analyzeExpression(source, {
      at: parsePoint(opts.at),
      wrt: opts.wrt,
      constants: opts.const,
      seed: opts.seed,
      check: opts.check,
      maxDepth: opts.maxDepth,
      nodeLimit: nodeLimit(format),
      model: opts.model,
    });
    const graph = analysis.derivation.graph;
    const conv = fitConvention(requested, opts, [...graph.inputs, ...graph.constants]);
    const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
    const paths = opts.paths === true ? pathSumsOf(analysis) : undefined;
    const extra = paths === undefined ? {} : { paths };
    let output: Output;
    if (format === 'json') output = renderJsonChunks(analysis, conv, extra);
    else if (format === 'text') output = renderTextChunks(analysis, makeTheme(color), conv, extra);
    else {
      // Documents load KaTeX and the graph drawings only when asked for.
      const { documentOf } = await import('../documents.js');
      output = await documentOf(format, [{ analysis, ...extra }], { conv }, opts.template, io);
    }
    await emit(io, opts.out, output);
    const failed = analysis.point.problem !== null || (analysis.check !== null && !analysis.check.ok);
    exit.code = failed ? EXIT.checkFailed : EXIT.ok;
  });
}
