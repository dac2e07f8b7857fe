// The CLI: a commander program around the library. main() returns the exit
// code; only bin/lagrad.js sets it on the process.
import { Command, type Option } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerDerive } from './commands/derive.js';
import { registerGraph } from './commands/graph.js';
import { registerHandout } from './commands/handout.js';
import { registerTrace } from './commands/trace.js';
import { registerRepl } from './commands/repl.js';
import { errorLine, reportError } from './errors.js';
import { guardedIo } from './guard.js';
import { nodeIo, type CliIo } from './io.js';

export const VERSION = '0.1.0';

/** The guard (guard.ts), kept here for callers of main.ts. */
export { guardedIo };

const takesValue = (o: Option): boolean => o.required || o.optional;

/**
 * An argument that starts with '-' but is no option of its command is an
 * operand (`lagrad derive "-x^2"`, `check "-x^2" --grad x="-2*x"`): such
 * arguments are moved behind a '--', where commander reads operands only.
 * The value of an option that takes one stays with it (`--at x=-1`,
 * `--seed -1` is the option's value, refused by its parser).
 */
export function operandsLast(program: Command, argv: readonly string[]): string[] {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const cmd = at < 0 ? undefined : program.commands.find((c) => c.name() === argv[at] || c.aliases().includes(argv[at]!));
  if (cmd === undefined) return [...argv];
  const options = [...cmd.options];
  const byLong = new Map(options.filter((o) => o.long).map((o) => [o.long!, o]));
  const byShort = new Map(options.filter((o) => o.short).map((o) => [o.short!, o]));
  const flags: string[] = [];
  const operands: string[] = [];
  let moved = false;
  for (let j = at + 1; j < argv.length; j++) {
    const a = argv[j]!;
    if (a === '--') {
      operands.push(...argv.slice(j + 1));
      break;
    }
    if (a.startsWith('--')) {
      flags.push(a);
      const o = byLong.get(a);
      if (o && takesValue(o) && j + 1 < argv.length && (o.required || !argv[j + 1]!.startsWith('-'))) flags.push(argv[++j]!);
      continue;
    }
    if (a.length > 1 && a.startsWith('-')) {
      const o = byShort.get(a.slice(0, 2));
      if (a === '-h' || (o !== undefined && (a.length === 2 || takesValue(o)))) {
        flags.push(a);
        if (o && takesValue(o) && a.length === 2 && j + 1 < argv.length && (o.required || !argv[j + 1]!.startsWith('-'))) flags.push(argv[++j]!);
        continue;
      }
      moved = true;
    }
    operands.push(a);
  }
  return moved ? [...argv.slice(0, at + 1), ...flags, '--', ...operands] : [...argv];
}

export async function main(argv: readonly string[], rawIo: CliIo = nodeIo()): Promise<number> {
  const io = guardedIo(rawIo);
  const exit = { code: 0 };
  const program = new Command('lagrad')
    .description('Derive backpropagation as the KKT conditions of a constrained problem, and check it numerically.')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are said once, in lagrad's form, by reportError.
      outputError: () => {},
    });
  registerDerive(program, io, exit);
  registerCheck(program, io, exit);
  registerGraph(program, io, exit);
  registerTrace(program, io, exit);
  registerRepl(program, io, exit, (argv, inner) => main(argv, inner));
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
    // No command is a usage error, said on one line like every other.
    io.stderr.write(errorLine('missing command: give derive, check, graph or handout (lagrad --help lists them)'));
    return 2;
  }
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(operandsLast(program, argv), { from: 'user' });
    return exit.code;
  } catch (e) {
    return reportError(e, io, verbose);
  }
}
