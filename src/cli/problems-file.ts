// The problems file of `lagrad handout`: YAML, parsed by the `yaml` package
// and then validated node by node against a small schema, so that every
// error names its line and column. Hostile files are refused before they can
// cost much: size and nesting limits first, then no aliases (no alias bombs),
// no tags, no duplicate keys (all in parse/safe-yaml.ts), no keys outside the
// schema (__proto__ included).
import { UsageError } from './errors.js';
import { isMap, isScalar, isSeq, Lines, parseSafeYaml as parseYaml, YAML_LIMITS, YamlError, type Document, type Node, type Pair, type YAMLMap } from '../parse/safe-yaml.js';
import { compileNetworkNode, NETWORK_LIMITS } from '../parse/network.js';
import { conventionFrom, parsePoint, type NotationOptions } from './options.js';
import type { Convention } from '../render/convention.js';
import { BLANK_PARTS, blanksOf, type Blanks } from '../render/blanks.js';

/** Limits: a handout is a few pages of problems, not a data set. */
export const LIMITS = { bytes: YAML_LIMITS.bytes, depth: YAML_LIMITS.depth, indent: YAML_LIMITS.indent, problems: 100 } as const;

export { Lines };

export class ProblemsFileError extends UsageError {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`${line}:${column}: ${message}`);
  }
}

/** Options a problem may set (and `defaults` may set for all). */
export interface ProblemOptions {
  readonly at?: ReadonlyMap<string, number>;
  readonly wrt?: readonly string[];
  readonly const?: readonly string[];
  readonly seed?: number;
  readonly check?: boolean;
  /** An expression's graph: note 003's grouped computation model, or the default. */
  readonly model?: 'default' | 'grouped';
}

/** What a problem derives: an expression, a program, or a network (compiled to a program). */
export type ProblemKind = 'expression' | 'program' | 'network';

/** A program's `values:` as parsed JSON would be, with where each name is. */
export interface ValuesSpec {
  /** Name → nested arrays of numbers; a null-prototype object (a name such as __proto__ is an own key). */
  readonly json: Readonly<Record<string, unknown>>;
  readonly where: ReadonlyMap<string, { line: number; col: number }>;
}

export interface ProblemSpec extends ProblemOptions {
  readonly title?: string;
  readonly prose?: string;
  readonly kind: ProblemKind;
  /** The expression, or the program's text (a network's compiled program). */
  readonly source: string;
  /** Values of a program's (or network's) params and data. */
  readonly values?: ValuesSpec;
  /** What this problem's student edition leaves blank ('blank' of the problem). */
  readonly blanks?: Blanks;
  /** What it shows after the derivation ('show' of the problem): the evaluation trace at its point. */
  readonly show?: ReadonlySet<ShowPart>;
  /** Where the expression, program or network is, for errors in it. */
  readonly line: number;
  readonly column: number;
  /**
   * A program written as a block literal (`program: |`): its line n is the
   * file's line `origin.line + n` and its columns are shifted by
   * `origin.indent`, so errors in it can point into the file.
   */
  readonly origin?: { readonly line: number; readonly indent: number };
}

export interface ProblemsFile {
  readonly title?: string;
  readonly intro?: string;
  readonly notation?: Convention;
  /** Where each key of 'notation' is, for messages about it. */
  readonly notationAt?: Partial<Record<'multiplier' | 'sign' | 'node', { readonly line: number; readonly column: number }>>;
  /** What the student edition leaves blank (the file's 'blank'; a problem's own 'blank' holds for it). */
  readonly blanks?: Blanks;
  readonly problems: readonly ProblemSpec[];
}

const OPTION_KEYS = ['at', 'wrt', 'const', 'seed', 'check', 'model'] as const;
const KINDS = ['expression', 'program', 'network'] as const;
const PROBLEM_KEYS = ['title', 'prose', ...KINDS, 'values', 'blank', 'show', ...OPTION_KEYS] as const;
/** What a problem may ask to show after its derivation (`show: [trace]`). */
export const SHOW_PARTS = ['trace'] as const;
export type ShowPart = (typeof SHOW_PARTS)[number];
const TOP_KEYS = ['title', 'intro', 'notation', 'defaults', 'blank', 'problems'] as const;
const NOTATION_KEYS = ['multiplier', 'sign', 'node'] as const;

function position(lc: Lines, offset: number): { line: number; col: number } {
  return lc.at(offset);
}

export function at(lc: Lines, offset: number, message: string): ProblemsFileError {
  const p = position(lc, offset);
  return new ProblemsFileError(message, p.line, p.col);
}

/**
 * A small YAML (or JSON) file parsed defensively (parse/safe-yaml.ts), its
 * errors as ProblemsFileError. Shared by the problems file and
 * `lagrad check --answers`.
 */
export function parseSafeYaml(src: string): { doc: Document; lines: Lines } {
  try {
    return parseYaml(src, { what: 'a problems file', aliasHint: "(in a problems file, 'defaults' holds shared settings)" });
  } catch (e) {
    if (e instanceof YamlError) throw at(new Lines(e.source!), e.offset!, e.message);
    throw e;
  }
}

/** Parses and validates a problems file. Throws ProblemsFileError (exit 2) with line and column. */
export function parseProblemsFile(src: string): ProblemsFile {
  const { doc, lines } = parseSafeYaml(src);
  return readTop(doc, lines);
}

type Where = { line: number; col: number };
const where = (lc: Lines, n: Node | null | undefined): Where => position(lc, n?.range?.[0] ?? 0);

/** The pairs of a map, keys checked against `known`. */
function entries(m: unknown, lc: Lines, what: string, known: readonly string[], parent: Node | null): Map<string, Pair<Node, Node | null>> {
  if (!isMap(m)) throw at(lc, (m as Node | null)?.range?.[0] ?? parent?.range?.[0] ?? 0, `${what} must be a map of keys to values`);
  const out = new Map<string, Pair<Node, Node | null>>();
  for (const pair of (m as YAMLMap<Node, Node | null>).items) {
    const key = pair.key;
    if (!isScalar(key) || typeof key.value !== 'string') throw at(lc, (key as Node | null)?.range?.[0] ?? 0, `keys of ${what} must be plain names`);
    const name = key.value;
    if (!known.includes(name)) throw at(lc, key.range![0], `unknown key '${name}' in ${what} (known: ${known.join(', ')})`);
    out.set(name, pair);
  }
  return out;
}

function textOf(n: Node | null, lc: Lines, what: string): string {
  if (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number')) return String(n.value);
  throw at(lc, n?.range?.[0] ?? 0, `${what} must be text`);
}

function namesOf(n: Node | null, lc: Lines, what: string): string[] {
  if (isScalar(n) && typeof n.value === 'string') return n.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (isSeq(n)) return n.items.map((item) => textOf(item as Node, lc, `each entry of ${what}`).trim());
  throw at(lc, n?.range?.[0] ?? 0, `${what} must be a list of names, or names separated by commas`);
}

/** The names of a list (`[a, b]`) or of text separated by commas (`a, b`), each with the offset where it starts; null when it is neither. */
function listedNames(v: Node | null, lc: Lines, what: string): { name: string; offset: number }[] | null {
  let names: { name: string; offset: number }[];
  if (isSeq(v)) {
    names = (v.items as (Node | null)[]).map((item) => ({ name: textOf(item, lc, `each entry of ${what}`), offset: item?.range?.[0] ?? 0 }));
  } else if (isScalar(v) && typeof v.value === 'string') {
    const start = v.range?.[0] ?? 0;
    // A plain scalar's text is the source's; a quoted one starts a character later.
    const shift = v.type === 'PLAIN' ? 0 : 1;
    names = [];
    const re = /[^,]+/g;
    for (let m = re.exec(v.value); m !== null; m = re.exec(v.value)) {
      if (m[0].trim().length === 0) continue;
      names.push({ name: m[0].trim(), offset: start + shift + m.index + (m[0].length - m[0].trimStart().length) });
    }
  } else {
    return null;
  }
  return names;
}

/** `blank: [graph, kkt]` or `blank: graph, kkt`: the parts a student's edition leaves blank; an unknown one at its line and column. */
function blanksAt(pair: Pair<Node, Node | null>, lc: Lines, what: string): Blanks {
  const v = pair.value;
  const names = listedNames(v, lc, `'blank' of ${what}`);
  if (names === null) throw at(lc, v?.range?.[0] ?? pair.key.range![0], `'blank' of ${what} must be a list of parts (${BLANK_PARTS.join(', ')}), or parts separated by commas`);
  const r = blanksOf(names.map((n) => n.name));
  if ('unknown' in r) throw at(lc, names[r.index]!.offset, `unknown part '${r.unknown}' in 'blank' of ${what} (known: ${BLANK_PARTS.join(', ')})`);
  return r.blanks;
}

/** `show: [trace]` (or `show: trace`): what a problem (an expression, a program or a network) shows after its derivation; an unknown part at its line and column. */
function showAt(pair: Pair<Node, Node | null>, lc: Lines, what: string, _kind: ProblemKind): ReadonlySet<ShowPart> {
  const v = pair.value;
  const names = listedNames(v, lc, `'show' of ${what}`);
  if (names === null) throw at(lc, v?.range?.[0] ?? pair.key.range![0], `'show' of ${what} must be a list of parts (${SHOW_PARTS.join(', ')}), or parts separated by commas`);
  const out = new Set<ShowPart>();
  for (const n of names) {
    const name = n.name.trim().toLowerCase();
    if (!(SHOW_PARTS as readonly string[]).includes(name)) throw at(lc, n.offset, `unknown part '${n.name.trim()}' in 'show' of ${what} (known: ${SHOW_PARTS.join(', ')})`);
    out.add(name as ShowPart);
  }
  return out;
}

function optionsOf(pairs: Map<string, Pair<Node, Node | null>>, lc: Lines, what: string): ProblemOptions {
  const o: { -readonly [K in keyof ProblemOptions]: ProblemOptions[K] } = {};
  for (const key of OPTION_KEYS) {
    const pair = pairs.get(key);
    if (!pair) continue;
    const v = pair.value;
    const here = where(lc, v ?? pair.key);
    const fail = (message: string): never => {
      throw new ProblemsFileError(message, here.line, here.col);
    };
    try {
      if (key === 'at') {
        if (isScalar(v) && typeof v.value === 'string') o.at = parsePoint([v.value]);
        else if (isMap(v)) {
          const specs = (v.items as Pair<Node, Node | null>[]).map((p) => {
            if (!isScalar(p.key) || typeof p.key.value !== 'string') throw at(lc, (p.key as Node | null)?.range?.[0] ?? 0, `names in 'at' of ${what} must be plain names`);
            return `${p.key.value}=${textOf(p.value, lc, `the value of ${p.key.value}`)}`;
          });
          o.at = parsePoint(specs);
        } else {
          fail(`'at' of ${what} must map names to values (x1: 2) or be text (x1=2,x2=5)`);
        }
      } else if (key === 'wrt' || key === 'const') {
        o[key] = namesOf(v, lc, `'${key}' of ${what}`);
      } else if (key === 'seed') {
        const n = isScalar(v) ? v.value : undefined;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) fail(`'seed' of ${what} must be a whole number from 0 to ${2 ** 32 - 1}`);
        o.seed = n as number;
      } else if (key === 'model') {
        const m = isScalar(v) ? v.value : undefined;
        if (m !== 'default' && m !== 'grouped') fail(`'model' of ${what} must be default or grouped (note 003's computation model)`);
        o.model = m as 'default' | 'grouped';
      } else {
        if (!isScalar(v) || typeof v.value !== 'boolean') fail(`'check' of ${what} must be true or false`);
        o.check = (v as { value: boolean }).value;
      }
    } catch (e) {
      if (e instanceof ProblemsFileError) throw e;
      if (e instanceof UsageError) fail(e.message.replace(/^--at/, `'at' of ${what}`));
      throw e;
    }
  }
  return o;
}

function readTop(doc: Document, lc: Lines): ProblemsFile {
  const top = entries(doc.contents, lc, 'the problems file', TOP_KEYS, null);
  const file: { -readonly [K in keyof ProblemsFile]: ProblemsFile[K] } = { problems: [] };
  const title = top.get('title');
  if (title) file.title = textOf(title.value, lc, "'title'");
  const intro = top.get('intro');
  if (intro) file.intro = textOf(intro.value, lc, "'intro'");
  const notation = top.get('notation');
  if (notation) {
    const n = entries(notation.value, lc, "'notation'", NOTATION_KEYS, notation.key);
    const opts: NotationOptions = {};
    const at: { -readonly [K in keyof NonNullable<ProblemsFile['notationAt']>]: NonNullable<ProblemsFile['notationAt']>[K] } = {};
    for (const [key, field] of [['multiplier', 'multiplier'], ['sign', 'sign'], ['node', 'nodeName']] as const) {
      const pair = n.get(key);
      if (!pair) continue;
      opts[field] = textOf(pair.value, lc, `'notation.${key}'`);
      const w = where(lc, pair.value ?? pair.key);
      at[key] = { line: w.line, column: w.col };
      try {
        conventionFrom({ [field]: opts[field] }, undefined, { [field]: `'notation.${key}'` });
      } catch (e) {
        if (e instanceof UsageError) throw new ProblemsFileError(e.message, w.line, w.col);
        throw e;
      }
    }
    file.notation = conventionFrom(opts);
    file.notationAt = at;
  }
  const blankPair = top.get('blank');
  if (blankPair) file.blanks = blanksAt(blankPair, lc, 'the problems file');
  const defaultsPair = top.get('defaults');
  const defaults = defaultsPair ? optionsOf(entries(defaultsPair.value, lc, "'defaults'", OPTION_KEYS, defaultsPair.key), lc, "'defaults'") : {};
  const problemsPair = top.get('problems');
  if (!problemsPair || !isSeq(problemsPair.value) || problemsPair.value.items.length === 0) {
    throw at(lc, problemsPair?.value?.range?.[0] ?? problemsPair?.key.range?.[0] ?? 0, "'problems' must be a list of one or more problems");
  }
  const items = problemsPair.value.items as (Node | null)[];
  if (items.length > LIMITS.problems) throw at(lc, items[LIMITS.problems]?.range?.[0] ?? 0, `more than ${LIMITS.problems} problems in one handout`);
  let networkValues = 0;
  file.problems = items.map((item, k) => {
    const what = `problem ${k + 1}`;
    const pairs = entries(item, lc, what, PROBLEM_KEYS, problemsPair.value as Node);
    const given = KINDS.filter((kind) => pairs.has(kind));
    if (given.length === 0) throw at(lc, item?.range?.[0] ?? 0, `${what} has no 'expression', 'program' or 'network'`);
    if (given.length > 1) {
      throw at(lc, pairs.get(given[1]!)!.key.range![0], `${what} has both '${given[0]}' and '${given[1]}': give exactly one of expression, program, network`);
    }
    const kind = given[0]!;
    const pair = pairs.get(kind)!;
    if (kind !== 'expression' && pairs.get('model')?.value && isScalar(pairs.get('model')!.value) && (pairs.get('model')!.value as { value: unknown }).value === 'grouped') {
      throw at(lc, pairs.get('model')!.key.range![0], `'model: grouped' regroups an expression's operations into note 003's types; a ${kind}'s nodes are its statements`);
    }
    if (kind === 'expression' && pairs.has('values')) {
      throw at(lc, pairs.get('values')!.key.range![0], `'values' applies to programs and networks; an expression takes 'at'`);
    }
    const w = where(lc, pair.value ?? pair.key);
    let source: string;
    let origin: ProblemSpec['origin'];
    if (kind === 'expression') source = textOf(pair.value, lc, `'expression' of ${what}`);
    else if (kind === 'program') {
      const v = pair.value;
      if (!isScalar(v) || typeof v.value !== 'string') throw at(lc, v?.range?.[0] ?? pair.key.range![0], `'program' of ${what} must be the program's text (program: |, then its lines indented)`);
      source = v.value;
      origin = blockOrigin(lc, v);
    } else {
      try {
        const compiled = compileNetworkNode(pair.value, lc, 'the network', pair.key.range![0]);
        networkValues += compiled.values;
        source = compiled.program;
      } catch (e) {
        if (e instanceof YamlError) throw at(lc, e.offset!, `${what}: ${e.message}`);
        throw e;
      }
      if (networkValues > NETWORK_LIMITS.values) {
        throw at(lc, pair.key.range![0], `the networks up to ${what} hold ${networkValues.toLocaleString('en-US')} values in one evaluation each, more than the limit of ${NETWORK_LIMITS.values.toLocaleString('en-US')} for one handout`);
      }
    }
    const values = pairs.get('values');
    const defaultsHere = kind === 'expression' ? defaults : { ...(defaults.seed !== undefined ? { seed: defaults.seed } : {}), ...(defaults.check !== undefined ? { check: defaults.check } : {}) };
    const spec: ProblemSpec = {
      ...defaultsHere,
      ...optionsOf(pairs, lc, what),
      kind,
      source,
      line: w.line,
      column: w.col,
      ...(origin ? { origin } : {}),
      ...(values ? { values: valuesOf(values, lc, what) } : {}),
      ...(pairs.get('blank') ? { blanks: blanksAt(pairs.get('blank')!, lc, what) } : {}),
      ...(pairs.get('show') ? { show: showAt(pairs.get('show')!, lc, what, kind) } : {}),
      ...(pairs.get('title') ? { title: textOf(pairs.get('title')!.value, lc, `'title' of ${what}`) } : {}),
      ...(pairs.get('prose') ? { prose: textOf(pairs.get('prose')!.value, lc, `'prose' of ${what}`) } : {}),
    };
    return spec;
  });
  return file;
}

/**
 * Where a block literal's text starts: its line n is the file's line
 * `line + n`, its columns shifted by `indent`. Undefined for other styles
 * (quoted or folded text moves characters around) and for an explicit
 * indentation indicator.
 */
function blockOrigin(lc: Lines, v: Node): ProblemSpec['origin'] {
  if (!isScalar(v) || v.type !== 'BLOCK_LITERAL' || !v.range) return undefined;
  const src = lc.source;
  const header = lc.at(v.range[0]);
  const headerText = src.slice(v.range[0], src.indexOf('\n', v.range[0]) < 0 ? src.length : src.indexOf('\n', v.range[0]));
  if (!/^\|[+-]?(\s|$)/.test(headerText)) return undefined;
  // The first line with text after the header sets the indentation.
  const lines = src.slice(v.range[0]).split('\n').slice(1);
  const first = lines.find((l) => l.trim().length > 0);
  if (first === undefined) return undefined;
  return { line: header.line, indent: first.length - first.trimStart().length };
}

/** `values:` of a program: each name mapped to a number or nested lists of numbers. */
function valuesOf(pair: Pair<Node, Node | null>, lc: Lines, what: string): ValuesSpec {
  const m = pair.value;
  if (!isMap(m)) throw at(lc, m?.range?.[0] ?? pair.key.range![0], `'values' of ${what} must map names to numbers or nested lists of numbers (W: [[1, 2], [3, 4]])`);
  const json = Object.create(null) as Record<string, unknown>;
  const whereOf = new Map<string, { line: number; col: number }>();
  const leaf = (n: Node | null, name: string): unknown => {
    if (isSeq(n)) return (n.items as (Node | null)[]).map((item) => leaf(item, name));
    if (isScalar(n) && typeof n.value === 'number' && Number.isFinite(n.value)) return n.value;
    throw at(lc, n?.range?.[0] ?? 0, `'values' of ${what}: ${name} must be a finite number or nested lists of finite numbers`);
  };
  for (const p of (m as YAMLMap<Node, Node | null>).items) {
    if (!isScalar(p.key) || typeof p.key.value !== 'string') throw at(lc, (p.key as Node | null)?.range?.[0] ?? 0, `names in 'values' of ${what} must be plain names`);
    const name = p.key.value;
    whereOf.set(name, where(lc, p.key));
    json[name] = leaf(p.value, name);
  }
  return { json, where: whereOf };
}
