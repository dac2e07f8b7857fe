// The CLI: a commander program around the library. main() returns the exit
// code; only bin/lagrad.js sets it on the process.
import { Command } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerDerive } from './commands/derive.js';
import { registerGraph } from './commands/graph.js';
import { registerHandout } from './commands/handout.js';
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
  registerGraph(program, io, exit);
  registerHandout(program, io, exit);
  program.addHelpText('after', `
Examples:
  lagrad derive "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5
  lagrad derive "exp(sin(t))" --format json
  lagrad check "sin(x^2)" --grad x="2*x*cos(x^2)"
  lagrad derive "exp(sin(t))" --at t=0.5 -o handout.html
  lagrad graph "ln(x1) + x1*x2 - sin(x2)" --format dot
  lagrad handout problems.yaml -o handout.tex --edition student`);
  if (argv.length === 0) {
    // No command is a usage error: the help goes to stderr.
    io.stderr.write(program.helpInformation());
    return 2;
  }
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (e) {
    return reportError(e, io, verbose);
  }
}
