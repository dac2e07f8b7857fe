// What the user gave: a network file (NAME.yaml, compiled to a program), or
// text (an expression or a program) from the argument, stdin or --file.
import { InputError } from '../parse/errors.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

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

export type Input =
  | { readonly kind: 'network'; readonly path: string; readonly program: string }
  | { readonly kind: 'text'; readonly source: string };

/** A network file, given as the argument or with --file, is compiled; anything else is read as text. */
export async function readAnyInput(arg: string | undefined, file: string | undefined, io: CliIo): Promise<Input> {
  // --file names a file, spaces and all; an argument is a file name only if it has no statement in it.
  const yamlPath = file !== undefined && /\.ya?ml$/i.test(file) ? file
    : arg !== undefined && /^[^\n;=]+\.ya?ml$/i.test(arg.trim()) ? arg.trim() : undefined;
  if (yamlPath === undefined) return { kind: 'text', source: await readInput(arg, file, io) };
  if (file !== undefined && arg !== undefined) throw new UsageError('give the input either as an argument or with --file, not both');
  const { compileNetwork } = await import('../parse/network.js');
  try {
    return { kind: 'network', path: yamlPath, program: compileNetwork(io.readFile(yamlPath)).program };
  } catch (e) {
    if (e instanceof InputError) throw e.within(yamlPath);
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
