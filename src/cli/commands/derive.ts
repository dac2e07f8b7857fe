// `lagrad derive <input>`: input → analysis → the chosen renderer.
import type { Command } from 'commander';
import { analyzeExpression } from '../../pipeline.js';
import { renderJson } from '../../render/json.js';
import { renderText } from '../../render/text.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import {
  AVAILABLE_FORMATS, chooseFormat, conventionFrom, documentOptions, inputOptions, notationOptions, parsePoint,
  type DocumentOptions, type InputOptions, type NotationOptions,
} from '../options.js';
import { colorEnabled, makeTheme } from '../theme.js';

/** Reads the input: the argument, `-` for stdin, or --file; trailing blank lines and spaces dropped. */
export async function readInput(arg: string | undefined, file: string | undefined, io: CliIo): Promise<string> {
  if (file !== undefined) {
    if (arg !== undefined) throw new UsageError('give the input either as an argument or with --file, not both');
    return io.readFile(file).replace(/^\uFEFF/, '').replace(/\s+$/, '');
  }
  if (arg === undefined) throw new UsageError("missing input: give an expression, '-' for stdin, or --file PATH");
  if (arg === '-') return (await io.readStdin()).replace(/^\uFEFF/, '').replace(/\s+$/, '');
  return arg;
}

export function registerDerive(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('derive')
    .description('derive backpropagation from the KKT conditions of an expression, and check it numerically')
    .argument('[input]', "expression, or '-' to read it from stdin");
  for (const option of [...inputOptions(), ...notationOptions(), ...documentOptions()]) cmd.addOption(option);
  cmd.action(async (arg: string | undefined, opts: InputOptions & NotationOptions & DocumentOptions) => {
    const format = chooseFormat(opts.format, opts.out);
    if (!AVAILABLE_FORMATS.includes(format)) {
      throw new UsageError(`--format ${format} is not available yet (available: ${AVAILABLE_FORMATS.join(', ')})`);
    }
    const conv = conventionFrom(opts);
    if (opts.template !== undefined && format !== 'html' && format !== 'latex') {
      throw new UsageError('--template applies to --format html and latex');
    }
    const source = await readInput(arg, opts.file, io);
    const analysis = analyzeExpression(source, {
      at: parsePoint(opts.at),
      wrt: opts.wrt,
      constants: opts.const,
      seed: opts.seed,
      check: opts.check,
      maxDepth: opts.maxDepth,
    });
    const color = opts.out === undefined && colorEnabled(opts.color, io.stdout.isTTY, io.env);
    let output: string;
    if (format === 'json') output = renderJson(analysis, conv);
    else if (format === 'text') output = renderText(analysis, makeTheme(color), conv);
    else {
      // Documents load KaTeX and dagre only when asked for.
      const { documentOf } = await import('../documents.js');
      output = await documentOf(format, [{ analysis }], { conv }, opts.template, io);
    }
    if (opts.out !== undefined) io.writeFile(opts.out, output);
    else io.stdout.write(output);
    const failed = analysis.check !== null && !analysis.check.ok;
    exit.code = failed ? EXIT.checkFailed : EXIT.ok;
  });
}
