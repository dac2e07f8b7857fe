// The problems file of `lagrad handout`: YAML, parsed by the `yaml` package
// and then validated node by node against a small schema, so that every
// error names its line and column. Hostile files are refused before they can
// cost much: size and nesting limits first, then no aliases (no alias bombs),
// no tags, no duplicate keys (all in parse/safe-yaml.ts), no keys outside the
// schema (__proto__ included).
import { UsageError } from './errors.js';
import { isMap, isScalar, isSeq, Lines, parseSafeYaml as parseYaml, YAML_LIMITS, YamlError, type Document, type Node, type Pair, type YAMLMap } from '../parse/safe-yaml.js';
import { conventionFrom, parsePoint, type NotationOptions } from './options.js';
import type { Convention } from '../render/convention.js';

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
}

export interface ProblemSpec extends ProblemOptions {
  readonly title?: string;
  readonly prose?: string;
  readonly expression: string;
  /** Where the expression is, for errors in it. */
  readonly line: number;
  readonly column: number;
}

export interface ProblemsFile {
  readonly title?: string;
  readonly intro?: string;
  readonly notation?: Convention;
  readonly problems: readonly ProblemSpec[];
}

const OPTION_KEYS = ['at', 'wrt', 'const', 'seed', 'check'] as const;
const PROBLEM_KEYS = ['title', 'prose', 'expression', ...OPTION_KEYS] as const;
const TOP_KEYS = ['title', 'intro', 'notation', 'defaults', 'problems'] as const;
const NOTATION_KEYS = ['multiplier', 'sign', 'node'] as const;
/** Kinds of problem the schema will take; not yet handled. */
const LATER = new Map([['program', 'programs'], ['network', 'networks']]);

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
    if (LATER.has(name)) throw at(lc, key.range![0], `${LATER.get(name)} are not supported in handouts yet; give an 'expression'`);
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
    for (const [key, field] of [['multiplier', 'multiplier'], ['sign', 'sign'], ['node', 'nodeName']] as const) {
      const pair = n.get(key);
      if (!pair) continue;
      opts[field] = textOf(pair.value, lc, `'notation.${key}'`);
      try {
        conventionFrom({ [field]: opts[field] }, undefined, { [field]: `'notation.${key}'` });
      } catch (e) {
        const w = where(lc, pair.value ?? pair.key);
        if (e instanceof UsageError) throw new ProblemsFileError(e.message, w.line, w.col);
        throw e;
      }
    }
    file.notation = conventionFrom(opts);
  }
  const defaultsPair = top.get('defaults');
  const defaults = defaultsPair ? optionsOf(entries(defaultsPair.value, lc, "'defaults'", OPTION_KEYS, defaultsPair.key), lc, "'defaults'") : {};
  const problemsPair = top.get('problems');
  if (!problemsPair || !isSeq(problemsPair.value) || problemsPair.value.items.length === 0) {
    throw at(lc, problemsPair?.value?.range?.[0] ?? problemsPair?.key.range?.[0] ?? 0, "'problems' must be a list of one or more problems");
  }
  const items = problemsPair.value.items as (Node | null)[];
  if (items.length > LIMITS.problems) throw at(lc, items[LIMITS.problems]?.range?.[0] ?? 0, `more than ${LIMITS.problems} problems in one handout`);
  file.problems = items.map((item, k) => {
    const what = `problem ${k + 1}`;
    const pairs = entries(item, lc, what, PROBLEM_KEYS, problemsPair.value as Node);
    const expr = pairs.get('expression');
    if (!expr) throw at(lc, item?.range?.[0] ?? 0, `${what} has no 'expression'`);
    const w = where(lc, expr.value ?? expr.key);
    const spec: ProblemSpec = {
      ...defaults,
      ...optionsOf(pairs, lc, what),
      expression: textOf(expr.value, lc, `'expression' of ${what}`),
      line: w.line,
      column: w.col,
      ...(pairs.get('title') ? { title: textOf(pairs.get('title')!.value, lc, `'title' of ${what}`) } : {}),
      ...(pairs.get('prose') ? { prose: textOf(pairs.get('prose')!.value, lc, `'prose' of ${what}`) } : {}),
    };
    return spec;
  });
  return file;
}
