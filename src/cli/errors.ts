// Errors of the CLI layer and the one place that maps any error to an exit
// code and a one-line message on stderr.
import { CommanderError } from 'commander';
import { InputError } from '../parse/errors.js';
import { escapeControls } from '../render/escape.js';
import type { CliIo } from './io.js';

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 3 } as const;

/** Bad command-line usage (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `a, b, c` → `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * commander's own errors in lagrad's form: one line that starts with what is
 * wrong where (the option, the argument, the command), lower case, no full
 * stop, its suggestion on the same line.
 */
export function commanderMessage(e: CommanderError): string {
  const [first = '', ...rest] = e.message.replace(/^error: /, '').split('\n(Did you mean ');
  const similar = rest.length > 0 ? rest.join(' ').replace(/\?\)\s*$/, '').replace(/^one of /, '') : undefined;
  const suggestion = similar === undefined ? '' : ` (did you mean ${orList(similar.split(', '))}?)`;
  let m: RegExpExecArray | null;
  if ((m = /^option '([^\s,]+)(?:, (\S+))?[^']*' argument '([\s\S]*)' is invalid\. Allowed choices are ([\s\S]*)\.$/.exec(first))) {
    return `${m[2] ?? m[1]} takes ${orList(m[4]!.split(', '))}, got '${m[3]}'`;
  }
  if ((m = /^option '([^\s,]+)(?:, (\S+))?\s*([^']*)' argument missing$/.exec(first))) {
    return `${m[2] ?? m[1]} needs a value: ${m[2] ?? m[1]} ${m[3]}`.trimEnd();
  }
  if ((m = /^missing required argument '([^']*)'$/.exec(first))) return `missing the argument <${m[1]}>`;
  if ((m = /^too many arguments for '([^']*)'\. Expected (\d+) arguments? but got (\d+)\.$/.exec(first))) {
    return `lagrad ${m[1]} takes ${m[2]} argument${m[2] === '1' ? '' : 's'}, got ${m[3]} (quote an expression that has spaces)`;
  }
  if ((m = /^unknown option '([\s\S]*)'$/.exec(first))) return `unknown option '${m[1]}'${suggestion}`;
  if ((m = /^unknown command '([\s\S]*)'$/.exec(first))) return `unknown command '${m[1]}'${suggestion}; the commands are derive, check, graph and handout`;
  return `${first.charAt(0).toLowerCase()}${first.slice(1)}`.replace(/\.$/, '') + suggestion;
}

/**
 * A file name as a message names it: as typed when it is one plain word, else
 * quoted ('my file.yaml', or "it's.csv" in JSON's form), so that where the
 * name ends and the message begins stays clear (`'a b.yaml':3:4: …`).
 */
export function pathWord(path: string): string {
  if (/^[^\s:'"`]+$/u.test(path)) return path;
  return path.includes("'") ? JSON.stringify(path) : `'${path}'`;
}

/** The one line of an error on stderr: `lagrad: error: …`, its control characters (newlines too) shown escaped. */
export function errorLine(message: string, kind = 'error'): string {
  return `lagrad: ${kind}: ${escapeControls(message.replace(/\s+$/, ''), { newlines: false })}\n`;
}

/** Message and exit code for any error thrown by a command. */
export function reportError(e: unknown, io: CliIo, verbose: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    // commander prints nothing (main.ts): its message is said here, in lagrad's form.
    io.stderr.write(errorLine(commanderMessage(e)));
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    io.stderr.write(errorLine(e.format()));
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    io.stderr.write(errorLine(e.message));
    return EXIT.usage;
  }
  const err = e as { code?: string; message?: string; path?: string };
  if (err && typeof err.code === 'string' && /^E(NOENT|ACCES|ISDIR|NOTDIR|EXIST|ROFS|PERM|LOOP|NXIO|NAMETOOLONG)$/.test(err.code)) {
    const why = ({
      ENOENT: 'no such file or directory', EISDIR: 'is a directory', ENOTDIR: 'not a directory', ELOOP: 'too many symbolic links (a loop?)',
      ENXIO: 'no reader on the other end', ENAMETOOLONG: 'file name too long', EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system',
    } as Record<string, string>)[err.code] ?? 'cannot access';
    io.stderr.write(errorLine(`${err.path === undefined ? 'file' : pathWord(err.path)}: ${why}`));
    return EXIT.usage;
  }
  // An internal error keeps its stack on the lines after (with --verbose): its first line is the message.
  const message = errorLine(e instanceof Error ? e.message : String(e), 'internal error').replace(/\n$/, '');
  const detail = verbose && e instanceof Error ? `\n${escapeControls(e.stack ?? '')}` : ' (run with --verbose for details)';
  io.stderr.write(`${message}${detail}\n`);
  return EXIT.internal;
}
