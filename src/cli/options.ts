// The option table of `derive` (and of later commands that take an input):
// flags, help text and parsing in one place.
import { Option } from 'commander';
import { parseExpression } from '../parse/expr.js';
import { MAX_DEPTH_LIMIT, type NodeLimit } from '../parse/deep.js';
import { fitNotation, MULTIPLIERS, NOTES, RESERVED_NODE_LETTERS, type Convention, type Multiplier, type Sign } from '../render/convention.js';
import { InputError } from '../parse/errors.js';
import { constantValue } from '../verify/evaluate.js';
import { UsageError } from './errors.js';

export const FORMATS = ['text', 'json', 'latex', 'html', 'md'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats this version writes. */
export const AVAILABLE_FORMATS: readonly Format[] = ['text', 'json', 'latex', 'html', 'md'];

/**
 * The most graph nodes one expression may have, by output format, checked
 * before the derivation (README, Limits). Measured on the wide sum Σ sin(x + k·y)
 * on 2 loaded cores: text, JSON, LaTeX and Markdown of 10⁵ nodes take 40–50 s
 * at 1.3 GB (3·10⁵ did not finish); HTML (KaTeX for every equation) of 10⁴
 * nodes takes 50 s at 1.5 GB and writes 105 MB (10⁵ was killed at 4.6 GB).
 */
export const NODE_LIMITS: Readonly<Record<Format, number>> = { text: 100_000, json: 100_000, latex: 100_000, md: 100_000, html: 10_000 };

export function nodeLimit(format: string): NodeLimit {
  if (format === 'html') {
    return { nodes: NODE_LIMITS.html, what: 'for --format html', raise: `use --format latex or md (up to ${NODE_LIMITS.latex.toLocaleString('en-US')} nodes), or split the expression` };
  }
  const nodes = NODE_LIMITS[format as Format] ?? NODE_LIMITS.text;
  return { nodes, what: 'for one expression', raise: 'no option raises it: split the expression into parts' };
}

export interface InputOptions {
  at?: string[];
  wrt?: string[];
  const?: string[];
  seed: number;
  check: boolean;
  format?: Format;
  out?: string;
  file?: string;
  maxDepth: number;
  color?: boolean;
  verbose?: boolean;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const names = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
];
export function integer(flag: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${flag} takes a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got ${value}`);
    return n;
  };
}

export function inputOptions(): Option[] {
  return [
    new Option('--at <point>', 'values of the inputs, e.g. x1=2,x2=5 (default: a seeded random point inside every op\'s domain)').argParser(collect),
    new Option('--wrt <names>', 'differentiate with respect to these inputs only; every other symbol is held fixed').argParser(names),
    new Option('--const <names>', 'symbols held fixed (not differentiated), e.g. a,b').argParser(names),
    new Option('--seed <n>', 'seed of the random point and of the check\'s samples').argParser(integer('--seed', 0, 2 ** 32 - 1)).default(0),
    new Option('--no-check', 'skip the numeric check'),
    new Option('--format <format>', 'output format').choices(FORMATS),
    new Option('-o, --out <file>', 'write the output to a file (atomically); the format follows the extension'),
    new Option('--file <path>', 'read the input from a file'),
    new Option('--max-depth <n>', 'deepest bracket nesting accepted').argParser(integer('--max-depth', 1, MAX_DEPTH_LIMIT)).default(10_000),
    new Option('--color', 'force colour in the terminal output'),
    new Option('--no-color', 'no colour (also: NO_COLOR=1)'),
    new Option('--verbose', 'print stack traces of internal errors'),
  ];
}

/** `--model`: which nodes an expression's graph has (src/model/grouped.ts for note 003's). */
export function modelOption(): Option {
  return new Option('--model <model>', "the computation graph's nodes: default (every operation; constants and constant scalings inside their consumer), or grouped (note 003's computation model: type 1 affine, type 2 product of powers, type 3 function of one variable)").choices(['default', 'grouped']).default('default');
}

/** Why --model grouped does nothing for a program or a network (a usage error). */
export const MODEL_PROGRAM = "--model grouped regroups an expression's operations into note 003's types; a program's nodes are its statements (group them there)";

/** Notation of the documents (render/convention.ts). */
export interface NotationOptions {
  multiplier?: string;
  sign?: string;
  nodeName?: string;
}

/** Options of the documents (latex, html, md). */
export interface DocumentOptions {
  template?: string;
}

export function notationOptions(): Option[] {
  return [
    new Option('--multiplier <symbol>', 'symbol of the multipliers: mu (the notes), lambda or beta (note 002); also μ, λ, β'),
    new Option('--sign <sign>', "sign of the Lagrangian: - (the notes, L = z_m − Σ μ_i (z_i − f_i), μ_j = ∂f/∂z_j) or + (μ_j = −∂f/∂z_j)"),
    new Option('--node-name <letter>', 'letter of the nodes (default z, as in the notes; v as in reverse-mode traces)'),
  ];
}

export function documentOptions(): Option[] {
  return [new Option('--template <file>', 'your own template for --format html or latex (placeholders {{title}}, {{body}}, …; see templates/)')];
}

const MULTIPLIER_ALIASES: ReadonlyMap<string, Multiplier> = new Map([
  ['mu', 'mu'], ['μ', 'mu'], ['lambda', 'lambda'], ['λ', 'lambda'], ['beta', 'beta'], ['β', 'beta'],
]);
const SIGN_ALIASES: ReadonlyMap<string, Sign> = new Map([['-', '-'], ['minus', '-'], ['−', '-'], ['+', '+'], ['plus', '+']]);

/**
 * The convention from notation options, over `base` (a handout's own notation).
 * `where` names the source in messages ('--multiplier' or a file position).
 */
export function conventionFrom(o: NotationOptions, base: Convention = NOTES, where: Partial<Record<keyof NotationOptions, string>> = {}): Convention {
  let { multiplier, sign, node } = base;
  if (o.multiplier !== undefined) {
    const m = MULTIPLIER_ALIASES.get(o.multiplier.trim());
    if (!m) throw new UsageError(`${where.multiplier ?? '--multiplier'} takes ${MULTIPLIERS.join(', ')} (or μ, λ, β), got '${o.multiplier}'`);
    multiplier = m;
  }
  if (o.sign !== undefined) {
    const v = SIGN_ALIASES.get(o.sign.trim());
    if (!v) throw new UsageError(`${where.sign ?? '--sign'} takes - or + (minus or plus), got '${o.sign}'`);
    sign = v;
  }
  if (o.nodeName !== undefined) {
    const letter = o.nodeName.trim();
    if (!/^[A-Za-z]$/.test(letter) || RESERVED_NODE_LETTERS.has(letter)) {
      throw new UsageError(`${where.nodeName ?? '--node-name'} takes one Latin letter other than ${[...RESERVED_NODE_LETTERS].join(', ')}, got '${o.nodeName}'`);
    }
    node = letter;
  }
  return { multiplier, sign, node };
}

/**
 * The convention moved off the input's names (render/convention.ts's fitNotation):
 * the letters the options left to lagrad are changed, a clash with one the user
 * chose is a usage error. `chosen` also counts a handout's own `notation`.
 */
export function fitConvention(conv: Convention, o: NotationOptions, names: readonly string[], chosen = { node: false, multiplier: false }): Convention {
  const fitted = fitNotation(conv, { node: chosen.node || o.nodeName !== undefined, multiplier: chosen.multiplier || o.multiplier !== undefined }, names);
  if (fitted.clash !== undefined) throw new UsageError(fitted.clash);
  return fitted.conv;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `x1=2,x2=5` (repeatable) → a map; each value a finite number or a constant expression such as pi/4. */
/** name=value pairs (`--at`, or another option's, named by `flag` in messages). */
export function parsePoint(specs: readonly string[] | undefined, flag = '--at'): Map<string, number> {
  const point = new Map<string, number>();
  for (const spec of specs ?? []) {
    for (const part of splitTopLevel(spec).map((s) => s.trim()).filter((s) => s.length > 0)) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(`${flag} takes name=value pairs separated by commas, got '${part}'`);
      const name = part.slice(0, eq).trim();
      const text = part.slice(eq + 1).trim();
      if (point.has(name)) throw new UsageError(`${flag} names '${name}' twice`);
      point.set(name, pointValue(name, text, flag));
    }
  }
  return point;
}

/** Splits at commas outside brackets, so that x=log(8, 2),y=1 is two pairs. */
function splitTopLevel(spec: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(spec.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(spec.slice(start));
  return parts;
}

function pointValue(name: string, text: string, flag: string): number {
  let v: number;
  if (NUMBER.test(text)) v = Number(text);
  else {
    try {
      const p = parseExpression(text, { maxDepth: 100 });
      if (p.symbols.length > 0) throw new UsageError(`${flag} value of '${name}' must be a number or a constant expression, got '${text}'`);
      v = constantValue(p.builder, p.root, new Map());
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(`${flag} value of '${name}' is not a number: '${text}' (${e.message})`);
      throw e;
    }
  }
  if (!Number.isFinite(v)) throw new UsageError(`${flag} value of '${name}' is not a finite number: '${text}'`);
  if (v === 0 && NUMBER.test(text) && /[1-9]/.test(text.replace(/[eE].*$/, ''))) throw new UsageError(`${flag} value of '${name}' underflows to 0: '${text}'`);
  return v;
}

/** The extension of an output file name (`out.tex` → `tex`), lower case; none for `out`, `.hidden` or `/dev/stdout`. */
export function outputExtension(out: string | undefined): string | undefined {
  return out?.match(/[^/\\.]\.([A-Za-z][A-Za-z0-9]*)$/)?.[1]?.toLowerCase();
}

/** Extensions of the formats of `derive` (and of `check`, whose batch report may be a .csv). */
export const FORMAT_EXTENSIONS: Readonly<Record<string, Format>> = { json: 'json', tex: 'latex', html: 'html', htm: 'html', md: 'md', txt: 'text' };
const CHECK_EXTENSIONS: Readonly<Record<string, Format>> = { ...FORMAT_EXTENSIONS, csv: 'text' };

/**
 * The format of `-o FILE` given by its extension (`byExt`), else `fallback`
 * for a name without one; an extension with no format is a usage error
 * naming the extensions (a .pdf or .png is never written as text).
 */
export function formatOfExtension<F extends string>(out: string | undefined, byExt: Readonly<Record<string, F>>, fallback: F): F {
  const ext = outputExtension(out);
  if (ext === undefined) return fallback;
  const format = Object.hasOwn(byExt, ext) ? byExt[ext] : undefined;
  if (format !== undefined) return format;
  const known = Object.keys(byExt).map((e) => `.${e}`);
  throw new UsageError(`-o ${out}: no format writes .${ext} files; use ${known.slice(0, -1).join(', ')} or ${known[known.length - 1]}, or name the format with --format`);
}

/** The format: --format, else the extension of --out (one with no format is an error), else text. */
export function chooseFormat(format: Format | undefined, out: string | undefined, byExt: Readonly<Record<string, Format>> = CHECK_EXTENSIONS): Format {
  if (format) return format;
  return formatOfExtension(out, byExt, 'text');
}
