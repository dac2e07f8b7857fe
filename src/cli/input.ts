// What the user gave: a network file (NAME.yaml, compiled to a program), or
// text (an expression or a program) from the argument, stdin or --file.
import { InputError } from '../parse/errors.js';
import { pathWord, UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** Extensions an argument is read as a file by, even before it is found (a missing one is an error). */
const TEXT_EXTENSIONS = ['lag', 'txt'];
const NETWORK_EXTENSIONS = ['yaml', 'yml', 'json'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Whether an argument names a file, and of which kind: it is one line with no
 * `;` or `=` (no statement), not a number, and ends in `.ext` (letters, then
 * letters or digits); a known extension (.lag, .txt: text; .yaml, .yml, .json:
 * a network) makes it a file whether or not it exists, any other one only
 * when the file exists. Such an argument is never a valid expression (`.name`
 * is property access, refused).
 */
function fileArgument(arg: string, io: CliIo): { readonly path: string; readonly kind: 'text' | 'network'; readonly text?: string } | undefined {
  const path = arg.trim();
  // Linear tests, not one backtracking regex (a long expression as an argument took seconds):
  // one line, no ; or =, a character other than space, / \ or . somewhere, ending in .EXT.
  if (path.length > 4096 || /[\n;=]/.test(path) || !/[^\s/\\.]/.test(path.slice(0, path.lastIndexOf('.')))) return undefined;
  const ext = /\.([A-Za-z][A-Za-z0-9]{0,9})$/.exec(path)?.[1]?.toLowerCase();
  if (ext === undefined || NUMBER.test(path)) return undefined;
  const kind = NETWORK_EXTENSIONS.includes(ext) ? 'network' : 'text';
  if (kind === 'network' || TEXT_EXTENSIONS.includes(ext)) {
    try {
      return { path, kind, text: io.readFile(path) };
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') throw new UsageError(`${pathWord(path)}: no such file (an argument ending in .${ext} is read as a file)`);
      throw e;
    }
  }
  try {
    return { path, kind, text: io.readFile(path) };
  } catch {
    // Not a file: the argument is an expression (and its parser says what is wrong with it).
    return undefined;
  }
}

const trimmed = (text: string) => text.replace(/^\uFEFF/, '').replace(/\s+$/, '');

/** Reads the input: the argument, `-` for stdin, or --file, or a file the argument names; trailing blank lines and spaces dropped. */
export async function readInput(arg: string | undefined, file: string | undefined, io: CliIo): Promise<string> {
  if (file !== undefined) {
    if (arg !== undefined) throw new UsageError(`--file ${file}: give the input either as an argument or with --file, not both (the argument was '${arg}')`);
    return trimmed(io.readFile(file));
  }
  if (arg === undefined) throw new UsageError("missing input: give an expression, '-' for stdin, or --file PATH");
  if (arg === '-') return trimmed(await io.readStdin());
  const named = fileArgument(arg, io);
  if (named !== undefined) return trimmed(named.text!);
  return arg;
}

export type Input =
  | { readonly kind: 'network'; readonly path: string; readonly program: string }
  | { readonly kind: 'text'; readonly source: string };

/** A network file (.yaml, .yml, .json), given as the argument or with --file, is compiled; anything else is read as text. */
export async function readAnyInput(arg: string | undefined, file: string | undefined, io: CliIo): Promise<Input> {
  if (file !== undefined && arg !== undefined) throw new UsageError(`--file ${file}: give the input either as an argument or with --file, not both (the argument was '${arg}')`);
  let network: { path: string; text: string } | undefined;
  if (file !== undefined) {
    if (/\.(ya?ml|json)$/i.test(file)) network = { path: file, text: io.readFile(file) };
  } else if (arg !== undefined && arg !== '-') {
    const named = fileArgument(arg, io);
    if (named?.kind === 'network') network = { path: named.path, text: named.text! };
    else if (named !== undefined) return { kind: 'text', source: trimmed(named.text!) };
  }
  if (network === undefined) return { kind: 'text', source: await readInput(arg, file, io) };
  const { compileNetwork } = await import('../parse/network.js');
  try {
    return { kind: 'network', path: network.path, program: compileNetwork(network.text).program };
  } catch (e) {
    if (e instanceof InputError) throw e.within(pathWord(network.path));
    throw e;
  }
}

/** `--values FILE.json` as parsed JSON (checked against the program later), or undefined. */
export function readValues(path: string | undefined, io: CliIo): unknown {
  if (path === undefined) return undefined;
  const text = io.readFile(path);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`--values ${path}: not valid JSON (${(e as Error).message})`);
  }
}
