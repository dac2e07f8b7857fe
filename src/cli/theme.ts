// The chalk-backed Theme: colour only on a TTY, never with NO_COLOR or
// --no-color; no global chalk instance.
//
// Everything the CLI prints has its control characters shown escaped
// (main.ts), so a user's ESC can never reach the terminal. The theme's own
// colour codes survive that because they are not written as ESC: the theme
// writes a mark made of a private-use character and a token drawn at random
// for this process, which no input can contain, and showColour turns the
// marks back into ESC after the escaping.
import { randomBytes } from 'node:crypto';
import { Chalk } from 'chalk';
import { escapeControls } from '../render/escape.js';
import type { Theme } from '../render/text-writer.js';
import { PLAIN_THEME } from '../render/text-writer.js';

const MARK = `\u{E000}${randomBytes(12).toString('base64url')}\u{E001}`;

/** Where a colour mark starts that the end of `s` cuts short (a chunk's end may), else −1. */
export function markCutAt(s: string): number {
  // Only the last MARK.length − 1 units can hold a mark cut short: the search looks there, not through a whole chunk.
  let k = -1;
  for (let i = s.indexOf('\u{E000}', Math.max(0, s.length - MARK.length + 1)); i >= 0; i = s.indexOf('\u{E000}', i + 1)) k = i;
  return k >= 0 && MARK.startsWith(s.slice(k)) ? k : -1;
}

/** The theme's colour marks in `s` as the ESC they stand for (after escapeControls). */
export function showColour(s: string): string {
  return s.includes(MARK) ? s.replaceAll(MARK, '\u001b') : s;
}

export function colorEnabled(flag: boolean | undefined, isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (flag !== undefined) return flag;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

export function makeTheme(enabled: boolean): Theme {
  if (!enabled) return PLAIN_THEME;
  const chalk = new Chalk({ level: 1 });
  // The text is escaped first, so the only ESC left to mark are chalk's.
  const paint = (style: (s: string) => string) => (s: string) => style(escapeControls(s)).replaceAll('\u001b', MARK);
  return { heading: paint((s) => chalk.bold(s)), ok: paint((s) => chalk.green(s)), bad: paint((s) => chalk.red(s)), dim: paint((s) => chalk.dim(s)) };
}
