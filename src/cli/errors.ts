// Errors of the CLI layer and the one place that maps any error to an exit
// code and a one-line message on stderr.
import { CommanderError } from 'commander';
import { InputError } from '../parse/errors.js';
import type { CliIo } from './io.js';

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 3 } as const;

/** Bad command-line usage (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Message and exit code for any error thrown by a command. */
export function reportError(e: unknown, io: CliIo, verbose: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    // commander has already printed its message.
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    io.stderr.write(`lagrad: error: ${e.format()}\n`);
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    io.stderr.write(`lagrad: error: ${e.message}\n`);
    return EXIT.usage;
  }
  const err = e as { code?: string; message?: string; path?: string };
  if (err && typeof err.code === 'string' && /^E(NOENT|ACCES|ISDIR|NOTDIR|EXIST|ROFS|PERM)$/.test(err.code)) {
    const why = ({ ENOENT: 'no such file or directory', EISDIR: 'is a directory', ENOTDIR: 'not a directory' } as Record<string, string>)[err.code] ?? 'cannot access';
    io.stderr.write(`lagrad: error: ${err.path ?? 'file'}: ${why}\n`);
    return EXIT.usage;
  }
  const detail = verbose && e instanceof Error ? `\n${e.stack}` : ' (run with --verbose for details)';
  io.stderr.write(`lagrad: internal error: ${e instanceof Error ? e.message : String(e)}${detail}\n`);
  return EXIT.internal;
}
