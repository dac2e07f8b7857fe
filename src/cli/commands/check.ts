// `lagrad check <input> --grad x1="…" --mu z3="…"`: verify claimed answers;
// exit 0 when all hold, 1 with a counterexample and a diagnosis otherwise.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ClaimSpec } from '../../claims/claim.js';
import { checkExpressionClaims } from '../../pipeline.js';
import { renderCheckJson, renderCheckText } from '../../render/check-report.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { chooseFormat, collect, inputOptions, parsePoint, type InputOptions } from '../options.js';
import { colorEnabled, makeTheme } from '../theme.js';
import { readInput } from './derive.js';
import { gradeBatch } from './batch.js';

export interface CheckOptions extends InputOptions {
  grad?: string[];
  mu?: string[];
  answers?: string;
  points: number;
  showAnswer?: boolean;
  batch?: string;
}

/** `x1=1/x1 + x2` → target and claim text (the claim may contain `=`? no: the first `=` splits). */
export function parseClaimOption(flag: string, value: string): ClaimSpec {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} takes TARGET=EXPRESSION, e.g. ${flag} x1="1/x1 + x2"; got '${value}'`);
  return { target: value.slice(0, eq).trim(), text: value.slice(eq + 1).trim() };
}

/** Claims from --answers: JSON `{"grad": {"x1": "…"}, "mu": {"z3": "…"}}`. */
export function parseAnswersFile(text: string, path: string): ClaimSpec[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const specs: ClaimSpec[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UsageError(`${path}: expected an object with "grad" and/or "mu"`);
  for (const [section, entries] of Object.entries(doc)) {
    if (section !== 'grad' && section !== 'mu') throw new UsageError(`${path}: unknown key '${section}' (expected "grad" or "mu")`);
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) throw new UsageError(`${path}: "${section}" must map targets to expressions`);
    for (const [target, claim] of Object.entries(entries as Record<string, unknown>)) {
      if (typeof claim !== 'string') throw new UsageError(`${path}: the claim for ${section}.${target} must be a string`);
      specs.push({ target, text: claim });
    }
  }
  return specs;
}

export function registerCheck(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('check')
    .description('check claimed derivatives (gradient entries, multipliers) at random points; diagnose a wrong one')
    .argument('[input]', "expression, or '-' to read it from stdin");
  for (const option of inputOptions()) if (option.long !== '--no-check' && option.long !== '--at') cmd.addOption(option);
  cmd
    .addOption(new Option('--at <point>', 'a point the claims must hold at, e.g. x1=2,x2=5 (repeatable: one point each)').argParser(collect))
    .addOption(new Option('--grad <claim>', 'claimed partial derivative, e.g. x1="1/x1 + x2" (repeatable)').argParser(collect))
    .addOption(new Option('--mu <claim>', 'claimed multiplier of a node, e.g. z3="mu5" (repeatable)').argParser(collect))
    .addOption(new Option('--answers <file>', 'claims from a JSON file: {"grad": {"x1": "…"}, "mu": {"z3": "…"}}'))
    .addOption(new Option('--points <n>', 'seeded random points to compare at').argParser((v) => {
      if (!/^\d+$/.test(v) || Number(v) > 10_000) throw new UsageError(`--points takes a whole number up to 10000, got '${v}'`);
      return Number(v);
    }).default(20))
    .addOption(new Option('--show-answer', 'also print the correct answer'))
    .addOption(new Option('--batch <file>', 'grade a CSV of submissions (columns id,target,claim); the report is CSV, or JSON with --format json'));
  cmd.action(async (arg: string | undefined, opts: CheckOptions) => {
    const format = chooseFormat(opts.format, opts.out);
    if (format !== 'text' && format !== 'json') throw new UsageError(`lagrad check writes text or json, not ${format}`);
    const source = await readInput(arg, opts.file, io);
    const points = (opts.at ?? []).map((spec) => parsePoint([spec]));
    const common = { at: points, wrt: opts.wrt, constants: opts.const, seed: opts.seed, maxDepth: opts.maxDepth, points: opts.points };
    let output: string;
    if (opts.batch !== undefined) {
      if (opts.points === 0 && points.length === 0) throw new UsageError('--points 0 leaves nothing to compare at: give --at points or more random ones');
      if (opts.grad || opts.mu || opts.answers) throw new UsageError('--batch grades the file alone; leave out --grad, --mu and --answers');
      const report = gradeBatch(source, io.readFile(opts.batch), opts.batch, common, { json: format === 'json', showAnswer: opts.showAnswer === true });
      output = report.text;
      exit.code = report.ok ? EXIT.ok : EXIT.checkFailed;
    } else {
      const specs = [
        ...(opts.grad ?? []).map((v) => parseClaimOption('--grad', v)),
        ...(opts.mu ?? []).map((v) => parseClaimOption('--mu', v)),
        ...(opts.answers !== undefined ? parseAnswersFile(io.readFile(opts.answers), opts.answers) : []),
      ];
      if (opts.points === 0 && points.length === 0) throw new UsageError('--points 0 leaves nothing to compare at: give --at points or more random ones');
      if (specs.length === 0) throw new UsageError('nothing to check: give --grad NAME="…", --mu NODE="…", --answers FILE or --batch FILE');
      const result = checkExpressionClaims(source, specs, common);
      const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
      output = format === 'json' ? renderCheckJson(result, { showAnswer: opts.showAnswer }) : renderCheckText(result, { showAnswer: opts.showAnswer }, makeTheme(color));
      exit.code = result.ok ? EXIT.ok : EXIT.checkFailed;
    }
    if (opts.out !== undefined) io.writeFile(opts.out, output);
    else io.stdout.write(output);
  });
}
