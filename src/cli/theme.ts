// The chalk-backed Theme: colour only on a TTY, never with NO_COLOR or
// --no-color; no global chalk instance.
import { Chalk } from 'chalk';
import type { Theme } from '../render/text.js';
import { PLAIN_THEME } from '../render/text.js';

export function colorEnabled(flag: boolean | undefined, isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (flag !== undefined) return flag;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

export function makeTheme(enabled: boolean): Theme {
  if (!enabled) return PLAIN_THEME;
  const chalk = new Chalk({ level: 1 });
  return { heading: (s) => chalk.bold(s), ok: (s) => chalk.green(s), bad: (s) => chalk.red(s), dim: (s) => chalk.dim(s) };
}
