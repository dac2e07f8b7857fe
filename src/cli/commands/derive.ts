// `lagrad derive <input>`: input → analysis → the chosen renderer.
import type { Command } from 'commander';
import { analyzeExpression } from '../../pipeline.js';
import { renderJson } from '../../render/json.js';
import { renderText } from '../../render/text.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { AVAILABLE_FORMATS, chooseFormat, inputOptions, parsePoint, type InputOptions } from '../options.js';
import { colorEnabled, makeTheme } from '../theme.js';

/** Reads the input: the argument, `-` for stdin, or --file. */
export async function readInput(arg: string | undefined, file: string | undefined, io: CliIo): Promise<string> {
  if (file !== undefined) {
    if (arg !== undefined) throw new UsageError('give the input either as an argument or with --file, not both');
    return io.readFile(file);
  }
  if (arg === undefined) throw new UsageError("missing input: give an expression, '-' for stdin, or --file PATH");
  if (arg === '-') return io.readStdin();
  return arg;
}

export function registerDerive(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('derive')
    .description('derive backpropagation from the KKT conditions of an expression, and check it numerically')
    .argument('[input]', "expression, or '-' to read it from stdin");
  for (const option of inputOptions()) cmd.addOption(option);
  cmd.action(async (arg: string | undefined, opts: InputOptions) => {
    const format = chooseFormat(opts.format, opts.out);
    if (!AVAILABLE_FORMATS.includes(format)) {
      throw new UsageError(`--format ${format} is not available yet (available: ${AVAILABLE_FORMATS.join(', ')})`);
    }
    const source = (await readInput(arg, opts.file, io)).replace(/\r?\n$/, '');
    const analysis = analyzeExpression(source, {
      at: parsePoint(opts.at),
      wrt: opts.wrt,
      constants: opts.const,
      seed: opts.seed,
      check: opts.check,
      maxDepth: opts.maxDepth,
    });
    const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
    const output = format === 'json' ? renderJson(analysis) : renderText(analysis, makeTheme(color));
    if (opts.out !== undefined) io.writeFile(opts.out, output);
    else io.stdout.write(output);
    const failed = analysis.check !== null && !analysis.check.ok;
    exit.code = failed ? EXIT.checkFailed : EXIT.ok;
  });
}
