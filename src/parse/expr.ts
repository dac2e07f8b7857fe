// Syntax list → IR. Enforces the input policies: known functions and arities,
// `e` and `pi` as constants, finite literals, and hints for `x1(x2+1)` and `sin x`.
import { Arena } from '../ir/arena.js';
import { Builder } from '../ir/build.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { acceptsArity, CALLABLE, describeArity } from '../ops/registry.js';
import type { NodeId } from '../ir/types.js';
import { DEFAULT_MAX_DEPTH, parseAnyDepth, type NodeLimit } from './deep.js';
import { InputError } from './errors.js';
import { checkCharacters, matchingBracket } from './lexer.js';
import type { Syn, SyntaxList } from './syntax.js';

export interface ParseOptions {
  /** Symbols held fixed: constants, not inputs. */
  readonly constants?: readonly string[];
  /** When given, the only inputs; every other symbol is held fixed. */
  readonly wrt?: readonly string[];
  /** Deepest bracket nesting accepted (default 10,000). */
  readonly maxDepth?: number;
  /** The graph's node limit: text far beyond it is refused before parsing (deep.ts). */
  readonly nodeLimit?: NodeLimit;
}

export interface ParsedExpression {
  readonly source: string;
  readonly builder: Builder;
  readonly root: NodeId;
  /** Every free symbol, in order of first appearance. */
  readonly symbols: readonly string[];
  /** The inputs θ, in order of first appearance. */
  readonly inputs: readonly string[];
  /** The symbols held fixed, in order of first appearance. */
  readonly constants: readonly string[];
}

/**
 * The longest name accepted: KaTeX's time grows faster than linearly in a
 * name's length (2·10⁴ characters: 2.4 s), and no formula needs a name this long.
 */
export const MAX_NAME_LENGTH = 256;
/** ASCII letters, digits and _, or Greek letters; not starting with a digit. */
const NAME = /^[A-Za-z_\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5][A-Za-z0-9_\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5]*$/u;
const CONSTANTS: ReadonlyMap<string, 'pi' | 'e'> = new Map([['pi', 'pi'], ['π', 'pi'], ['e', 'e']]);
const RESERVED = new Set(['Infinity', 'NaN', 'undefined', 'null', 'true', 'false', 'i']);

const SUPPORTED_OPERATORS: ReadonlySet<string> = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
function unsupportedOperator(syn: Syn & { t: 'op' }): string {
  switch (syn.fn) {
    case 'dotMultiply': case 'dotDivide': case 'dotPow':
      return `elementwise operator '${syn.op}' needs vectors; in a scalar expression write '${syn.op.slice(1)}'`;
    case 'transpose': case 'ctranspose':
      return "transpose (') needs a matrix; a scalar expression has none";
    case 'factorial':
      return 'factorial (!) is not supported';
    default:
      return `operator '${syn.op}' is not supported`;
  }
}

/**
 * Parses a scalar expression into the IR. Every free symbol is an input unless
 * named in `constants` (or left out of `wrt`). Throws InputError with an offset.
 */
export function parseExpression(source: string, options: ParseOptions = {}): ParsedExpression {
  checkCharacters(source);
  const syntax = parseAnyDepth(source, options.maxDepth ?? DEFAULT_MAX_DEPTH, options.nodeLimit);
  const symbols = freeSymbols(syntax, source);
  const known = new Set(symbols);
  for (const [flag, names] of [['--const', options.constants], ['--wrt', options.wrt]] as const) {
    for (const name of names ?? []) {
      if (!known.has(name)) throw new InputError('usage', `${flag} names '${name}', which the expression does not have`);
    }
  }
  const both = (options.constants ?? []).find((n) => options.wrt?.includes(n));
  if (both !== undefined) throw new InputError('usage', bothWrtAndConst(both));
  const held = new Set(options.constants ?? []);
  if (options.wrt) for (const s of symbols) if (!options.wrt.includes(s)) held.add(s);
  const builder = new Builder(new Arena(held));
  const root = build(syntax, source, builder);
  return {
    source,
    builder,
    root,
    symbols,
    inputs: symbols.filter((s) => !held.has(s)),
    constants: symbols.filter((s) => held.has(s)),
  };
}

/** --wrt and --const naming the same symbol: said from the options, so that the message starts with its place. */
const bothWrtAndConst = (name: string): string => `--wrt and --const both name '${name}': differentiate with respect to it, or hold it fixed`;

/** A vector of expressions, `[y1, y2, …]`: one builder, one root per component (note 004's Jacobian). */
export interface ParsedList extends Omit<ParsedExpression, 'root'> {
  readonly roots: readonly NodeId[];
  /** Each component as written. */
  readonly components: readonly string[];
}

/**
 * The components of a list `[e1, e2, …]` (the whole input, brackets at depth 0 commas), as ranges of
 * `source`; null where the input is no list of two or more.
 */
export function listRanges(source: string): { start: number; end: number }[] | null {
  const open = source.length - source.trimStart().length;
  if (source[open] !== '[') return null;
  const close = matchingBracket(source, open);
  if (close < 0 || source.slice(close + 1).trim() !== '') return null;
  const parts: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const ch = source[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push({ start, end: i });
      start = i + 1;
    }
  }
  parts.push({ start, end: close });
  return parts.length >= 2 ? parts : null;
}

/**
 * Parses `[e1, e2, …]` into one IR: the components share their subexpressions (hash-consing), and the
 * symbols of all of them are the inputs. Errors point into the whole text.
 */
export function parseExpressionList(source: string, options: ParseOptions = {}): ParsedList {
  checkCharacters(source);
  const ranges = listRanges(source);
  if (ranges === null) throw new InputError('usage', 'not a list of expressions [y1, y2, …]', 0, source);
  // Each component is parsed alone, bracketed in place of its delimiters ([ or , before it, , or ] after it)
  // so that it may span lines, and its offsets moved back into the whole text (linear in the list's length).
  const syntaxes = ranges.map(({ start, end }): SyntaxList => {
    if (source.slice(start, end).trim() === '') throw new InputError('syntax', 'an empty component in the list [y1, y2, …]', start, source);
    const shift = start - 1;
    let syntax: SyntaxList;
    try {
      syntax = parseAnyDepth(`(${source.slice(start, end)})`, options.maxDepth ?? DEFAULT_MAX_DEPTH, options.nodeLimit);
    } catch (e) {
      if (e instanceof InputError && e.offset !== undefined) throw new InputError(e.kind, e.message, e.offset + shift, source, e.context);
      throw e;
    }
    return syntax.map((syn): Syn => {
      const moved = { ...syn, start: syn.start + shift, end: syn.end + shift };
      if (syn.t === 'call') return { ...moved, nameEnd: syn.nameEnd + shift } as Syn;
      if (syn.t === 'op') return { ...moved, opAt: syn.opAt + shift } as Syn;
      return moved as Syn;
    });
  });
  const symbols: string[] = [];
  for (const syntax of syntaxes) for (const name of freeSymbols(syntax, source)) if (!symbols.includes(name)) symbols.push(name);
  const known = new Set(symbols);
  for (const [flag, names] of [['--const', options.constants], ['--wrt', options.wrt]] as const) {
    for (const name of names ?? []) if (!known.has(name)) throw new InputError('usage', `${flag} names '${name}', which the expressions do not have`);
  }
  const both = (options.constants ?? []).find((n) => options.wrt?.includes(n));
  if (both !== undefined) throw new InputError('usage', bothWrtAndConst(both));
  const held = new Set(options.constants ?? []);
  if (options.wrt) for (const s of symbols) if (!options.wrt.includes(s)) held.add(s);
  const builder = new Builder(new Arena(held));
  const roots = syntaxes.map((syntax) => build(syntax, source, builder));
  return {
    source, builder, roots, symbols,
    components: ranges.map(({ start, end }) => source.slice(start, end).trim()),
    inputs: symbols.filter((s) => !held.has(s)),
    constants: symbols.filter((s) => held.has(s)),
  };
}

/** Free symbols in order of first appearance; rejects reserved and function names used as variables. */
function freeSymbols(syntax: SyntaxList, source: string): string[] {
  const hints = functionNameHints(syntax, source);
  const seen = new Set<string>();
  const order: { name: string; start: number }[] = [];
  syntax.forEach((syn, k) => {
    if ((syn.t === 'sym' || syn.t === 'call') && syn.name.length > MAX_NAME_LENGTH) {
      throw new InputError('name', `a name of ${syn.name.length} characters: names are at most ${MAX_NAME_LENGTH} characters`, syn.start, source);
    }
    if ((syn.t === 'sym' || syn.t === 'call') && !NAME.test(syn.name)) {
      throw new InputError('name', `'${syn.name}' is not a valid name: names are ASCII letters, digits and _, or Greek letters`, syn.start, source);
    }
    if (syn.t !== 'sym') return;
    if (CALLABLE.has(syn.name)) {
      const hint = hints.get(k) ?? `${syn.name}(…)`;
      throw new InputError('name', `'${syn.name}' is a function; write ${hint}`, syn.start, source);
    }
    if (RESERVED.has(syn.name)) throw new InputError('name', `'${syn.name}' is reserved and cannot be a variable`, syn.start, source);
    if (CONSTANTS.has(syn.name) || seen.has(syn.name)) return;
    seen.add(syn.name);
    order.push({ name: syn.name, start: syn.start });
  });
  // Post-order lists a symbol after its siblings' subtrees: order by position in the text.
  return order.sort((a, b) => a.start - b.start).map((s) => s.name);
}

/** For `sin x` (implicit product of a function name and an operand), the hint `sin(x)`. */
function functionNameHints(syntax: SyntaxList, source: string): Map<number, string> {
  const hints = new Map<number, string>();
  for (const syn of syntax) {
    if (syn.t !== 'op' || !syn.implicit) continue;
    const [left, right] = syn.args.map((a) => syntax[a]!);
    if (left?.t === 'sym' && CALLABLE.has(left.name) && right) {
      hints.set(syn.args[0]!, `${left.name}(${source.slice(right.start, right.end).trim()})`);
    }
  }
  return hints;
}

function build(syntax: SyntaxList, source: string, b: Builder): NodeId {
  const ids: NodeId[] = new Array(syntax.length);
  for (let k = 0; k < syntax.length; k++) {
    const syn = syntax[k]!;
    ids[k] = buildOne(syn, (a) => ids[a]!, source, b);
  }
  return ids[syntax.length - 1]!;
}

function buildOne(syn: Syn, arg: (k: number) => NodeId, source: string, b: Builder): NodeId {
  switch (syn.t) {
    case 'num':
      if (!Number.isFinite(syn.value)) {
        throw new InputError('number', `the number ${syn.text} is not finite in double precision`, syn.start, source);
      }
      return b.num(syn.value);
    case 'sym': {
      const c = CONSTANTS.get(syn.name);
      return c ? b.constant(c) : b.sym(syn.name);
    }
    case 'call': {
      const fn = CALLABLE.get(syn.name);
      if (!fn) {
        const open = source.indexOf('(', syn.nameEnd);
        const close = open >= 0 ? matchingBracket(source, open) : -1;
        const product = open >= 0 && close > open ? `${syn.name}*${source.slice(open, close + 1)}` : `${syn.name}*(…)`;
        throw new InputError('unknown-function', `unknown function '${syn.name}'; for a product write ${product}`, syn.start, source);
      }
      if (!acceptsArity(fn, syn.args.length)) {
        const want = describeArity(fn);
        throw new InputError('arity', `${syn.name} takes ${want} argument${want === '1' ? '' : 's'}, got ${syn.args.length}`, syn.start, source);
      }
      const args = syn.args.map(arg);
      for (const k of FUNCTIONS_TABLE[fn.op].constantArgs ?? []) {
        if (args[k] !== undefined && !b.isConst(args[k]!)) {
          throw new InputError('arity', `argument ${k + 1} of ${syn.name} must be a constant`, syn.start, source);
        }
      }
      if (fn.op === 'log' && args.length === 2) return b.call('logb', args[0]!, args[1]!);
      // Left-out trailing arguments take their defaults; max(a, b, c) folds to max(max(a, b), c).
      const full = [...args, ...fn.defaults.slice(args.length - fn.arity[0]!).map((v) => b.num(v))];
      if (fn.variadic) return full.slice(1).reduce((acc, x) => b.call(fn.op, acc, x), full[0]!);
      return b.call(fn.op, ...full);
    }
    case 'op': {
      if (!SUPPORTED_OPERATORS.has(syn.fn)) throw new InputError('unsupported', unsupportedOperator(syn), syn.opAt, source);
      const [x, y] = syn.args.map(arg);
      switch (syn.fn) {
        case 'add': return b.add(x!, y!);
        case 'subtract': return b.sub(x!, y!);
        case 'multiply': return b.mul(x!, y!);
        case 'divide': return b.div(x!, y!);
        case 'pow': return b.pow(x!, y!);
        case 'unaryMinus': return b.neg(x!);
        default: return x!; // unaryPlus
      }
    }
  }
}
