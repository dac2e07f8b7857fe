// `lagrad check <input> --grad x1="…" --mu z3="…"`: verify claimed answers;
// exit 0 when all hold, 1 with a counterexample and a diagnosis otherwise.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ClaimSpec } from '../../claims/claim.js';
import { checkExpressionClaims } from '../../pipeline.js';
import { checkProgramClaims, gradeProgramSubmissions, isProgram } from '../../program-pipeline.js';
import { claimConvention, describeClaimNode, renderBatchCsv, type ReportOptions } from '../../render/check-report.js';
import type { Convention } from '../../render/convention.js';
import { programBatchRows, renderProgramBatchJson, renderProgramCheckJson, renderProgramCheckText } from '../../render/program-check-report.js';
import { readAnyInput, readValues } from '../input.js';
import { renderCheckJson, renderCheckText } from '../../render/check-report.js';
import { EXIT, pathWord, UsageError } from '../errors.js';
import { emit, type CliIo, type Output } from '../io.js';
import { chooseFormat, collect, conventionFrom, inputOptions, MODEL_PROGRAM, modelOption, notationOptions, parsePoint, type InputOptions, type NotationOptions } from '../options.js';
import { colorEnabled, makeTheme } from '../theme.js';
import { gradeBatch, readSubmissions } from './batch.js';
import { checkListClaims } from '../../list-pipeline.js';
import { listRanges } from '../../parse/expr.js';
import { renderListCheckJson, renderListCheckText } from '../../render/jacobian.js';
import { parseAnswersFile } from '../answers-file.js';

/** Claims from --answers FILE (YAML or JSON); errors name the file, line and column. */
function answersFrom(path: string, io: CliIo): ClaimSpec[] {
  try {
    return parseAnswersFile(io.readFile(path).replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${pathWord(path)}:${e.message}`);
    throw e;
  }
}

export interface CheckOptions extends InputOptions, NotationOptions {
  grad?: string[];
  mu?: string[];
  answers?: string;
  points: number;
  showAnswer?: boolean;
  batch?: string;
  values?: string;
  model?: 'default' | 'grouped';
}

/** `x1=1/x1 + x2` → target and claim text (the claim may contain `=`? no: the first `=` splits). */
export function parseClaimOption(flag: string, value: string): ClaimSpec {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} takes TARGET=EXPRESSION, e.g. ${flag} x1="1/x1 + x2"; got '${value}'`);
  return { target: value.slice(0, eq).trim(), text: value.slice(eq + 1).trim() };
}

/** Claims of matrix gradients and multipliers of a program (or a network file). */
async function checkProgram(source: string, format: string, opts: CheckOptions, io: CliIo, conv: Convention): Promise<number> {
  if ((opts.at ?? []).length > 1) throw new UsageError(`--at is given ${opts.at!.length} times, but a program is checked at one given point: give --at once (with --values for vectors and matrices)`);
  if (opts.points === 0 && opts.values === undefined && opts.at === undefined) throw new UsageError('--points 0 leaves nothing to compare at: give --values, --at or more random points');
  const options = {
    values: readValues(opts.values, io), at: opts.at ? parsePoint(opts.at) : undefined, wrt: opts.wrt, constants: opts.const,
    seed: opts.seed, points: opts.points, maxDepth: opts.maxDepth, convention: claimConvention(conv),
  };
  const report: ReportOptions = { showAnswer: opts.showAnswer, convention: conv };
  if (opts.batch !== undefined) {
    if (opts.grad || opts.mu || opts.answers) throw new UsageError('--batch grades the file alone; leave out --grad, --mu and --answers');
    const { ctx, graded, ok } = gradeProgramSubmissions(source, readSubmissions(io.readFile(opts.batch), opts.batch), options);
    const text = format === 'json' ? renderProgramBatchJson(source, ctx.derivation, graded, ok, report) : renderBatchCsv(programBatchRows(graded), report);
    await emit(io, opts.out, text);
    return ok ? EXIT.ok : EXIT.checkFailed;
  }
  const specs = claimSpecs(opts, io);
  const result = checkProgramClaims(source, specs, options);
  const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
  const output = format === 'json' ? renderProgramCheckJson(result, report) : renderProgramCheckText(result, report, makeTheme(color));
  await emit(io, opts.out, output);
  return result.ok ? EXIT.ok : EXIT.checkFailed;
}

function claimSpecs(opts: CheckOptions, io: CliIo): ClaimSpec[] {
  const specs = [
    ...(opts.grad ?? []).map((v) => parseClaimOption('--grad', v)),
    ...(opts.mu ?? []).map((v) => parseClaimOption('--mu', v)),
    ...(opts.answers !== undefined ? answersFrom(opts.answers, io) : []),
  ];
  if (specs.length === 0) throw new UsageError('nothing to check: give --grad NAME="…", --mu NODE="…", --answers FILE or --batch FILE');
  return specs;
}

export function registerCheck(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('check')
    .description('check claimed derivatives (gradient entries, multipliers, matrix gradients of a program) at random points; diagnose a wrong one')
    .argument('[input]', "expression, program, a network file NAME.yaml, or '-' to read it from stdin");
  for (const option of inputOptions()) if (option.long !== '--no-check' && option.long !== '--at' && option.long !== '--format') cmd.addOption(option);
  // The claims' convention, as derive takes it: note 002's β and + sign judge `--mu x2="Y - x2"` as written.
  for (const option of notationOptions()) if (option.long !== '--node-name') cmd.addOption(option);
  cmd
    .addOption(new Option('--format <format>', 'report format (CSV for --batch unless json)').choices(['text', 'json']))
    .addOption(new Option('--at <point>', 'a point the claims must hold at, e.g. x1=2,x2=5 (repeatable: one point each)').argParser(collect))
    .addOption(new Option('--grad <claim>', 'claimed partial derivative, e.g. x1="1/x1 + x2", or a program\'s matrix gradient, W="mu_yhat*z\'" (repeatable)').argParser(collect))
    .addOption(new Option('--mu <claim>', 'claimed multiplier of a node, e.g. z3="mu5", or of a statement, z="W\'*mu_yhat" (repeatable)').argParser(collect))
    .addOption(new Option('--answers <file>', 'claims from a YAML or JSON file: grad: {x1: "…"}, mu: {z3: "…"}'))
    .addOption(new Option('--points <n>', 'seeded random points to compare at').argParser((v) => {
      if (!/^\d+$/.test(v) || Number(v) > 10_000) throw new UsageError(`--points takes a whole number up to 10000, got '${v}'`);
      return Number(v);
    }).default(20))
    .addOption(new Option('--values <file>', "a program's values the claims must hold at (JSON, nested arrays row-major), besides the random points"))
    .addOption(new Option('--show-answer', 'also print the correct answer, and what would give it away in a diagnosis (a variable read transposed)'))
    .addOption(new Option('--batch <file>', 'grade a CSV of submissions (columns id,target,claim); the report is CSV, or JSON with --format json'))
    .addOption(modelOption());
  cmd.action(async (arg: string | undefined, opts: CheckOptions) => {
    const format = chooseFormat(opts.format, opts.out);
    if (format !== 'text' && format !== 'json') {
      throw new UsageError(`${opts.format !== undefined ? `--format ${opts.format}` : `-o ${opts.out}`}: lagrad check writes text or json (-o NAME.txt, .json, or .csv with --batch), not ${format}`);
    }
    const conv = conventionFrom(opts);
    const report: ReportOptions = { showAnswer: opts.showAnswer, convention: conv };
    const input = await readAnyInput(arg, opts.file, io);
    const source = input.kind === 'network' ? input.program : input.source;
    if (input.kind === 'network' || isProgram(source)) {
      if (opts.model === 'grouped') throw new UsageError(MODEL_PROGRAM);
      exit.code = await checkProgram(source, format, opts, io, conv);
      return;
    }
    if (opts.values !== undefined) throw new UsageError('--values applies to programs; for an expression use --at');
    const points = (opts.at ?? []).map((spec) => parsePoint([spec]));
    const common = {
      at: points, wrt: opts.wrt, constants: opts.const, seed: opts.seed, maxDepth: opts.maxDepth, points: opts.points,
      describeNode: describeClaimNode, convention: claimConvention(conv), model: opts.model,
    };
    let output: Output;
    if (opts.batch !== undefined) {
      if (opts.points === 0 && points.length === 0) throw new UsageError('--points 0 leaves nothing to compare at: give --at points or more random ones');
      if (opts.grad || opts.mu || opts.answers) throw new UsageError('--batch grades the file alone; leave out --grad, --mu and --answers');
      if (listRanges(source) !== null) throw new UsageError('--batch grades claims about one expression; for a list [y1, y2, …], give its claims with --grad y1/x1="…" or --answers');
      const graded = gradeBatch(source, io.readFile(opts.batch), opts.batch, common, { ...report, json: format === 'json' });
      output = graded.text;
      exit.code = graded.ok ? EXIT.ok : EXIT.checkFailed;
    } else {
      if (opts.points === 0 && points.length === 0) throw new UsageError('--points 0 leaves nothing to compare at: give --at points or more random ones');
      const specs = claimSpecs(opts, io);
      const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
      if (listRanges(source) !== null) {
        const result = checkListClaims(source, specs, common);
        output = format === 'json' ? renderListCheckJson(result, report) : renderListCheckText(result, report, makeTheme(color));
        exit.code = result.ok ? EXIT.ok : EXIT.checkFailed;
      } else {
        const result = checkExpressionClaims(source, specs, common);
        output = format === 'json' ? renderCheckJson(result, report) : renderCheckText(result, report, makeTheme(color));
        exit.code = result.ok ? EXIT.ok : EXIT.checkFailed;
      }
    }
    await emit(io, opts.out, output);
  });
}
