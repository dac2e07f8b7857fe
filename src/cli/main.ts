// The CLI: a commander program around the library. main() returns the exit
// code; only bin/lagrad.js sets it on the process.
import { Command } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerDerive } from './commands/derive.js';
import { reportError } from './errors.js';
import { nodeIo, type CliIo } from './io.js';

export const VERSION = '0.1.0';

export async function main(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const exit = { code: 0 };
  const program = new Command('lagrad')
    .description('Derive backpropagation as the KKT conditions of a constrained problem, and check it numerically.')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`lagrad: error: ${s.replace(/^error: /, '').trim()}\n`),
    });
  registerDerive(program, io, exit);
  registerCheck(program, io, exit);
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (e) {
    return reportError(e, io, verbose);
  }
}
