// Small YAML (or JSON) files parsed defensively, for the problems file, the
// answers file and the network shorthand. The `yaml` package is imported here
// and nowhere else. Hostile files are refused before they can cost much:
// size and nesting are measured on the text first (the yaml composer is
// recursive), then no aliases (no alias bombs), no tags and no duplicate
// keys. Every error names its line and column.
import { isMap, isScalar, isSeq, Lexer, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { InputError, lineColumn, type InputErrorKind } from './errors.js';

export { isMap, isScalar, isSeq };
export type { Document, Node, Pair, YAMLMap };

/** Limits of any file read here: a few pages of settings, not a data set. */
export const YAML_LIMITS = { bytes: 1 << 20, depth: 32, indent: 200 } as const;

/**
 * An error in a YAML file at an offset. `format()` (and the CLI) print
 * `line:column: message`; `line` and `column` are 1-based.
 */
export class YamlError extends InputError {
  constructor(kind: InputErrorKind, message: string, offset: number, source: string) {
    super(kind, message, offset, source);
  }
  get line(): number {
    return lineColumn(this.source!, this.offset!).line;
  }
  get column(): number {
    return lineColumn(this.source!, this.offset!).column;
  }
}

/** Offsets where each line starts, for line and column of an offset. */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(readonly source: string) {
    for (let k = source.indexOf('\n'); k >= 0; k = source.indexOf('\n', k + 1)) this.starts.push(k + 1);
  }
  /** 1-based line and column (UTF-16 code units). */
  at(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}

/** A YamlError at an offset of the parsed text. */
export function yamlError(lc: Lines, offset: number, message: string, kind: InputErrorKind = 'usage'): YamlError {
  return new YamlError(kind, message, offset, lc.source);
}

const isBlank = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** The lexer's markers, which stand for no character of the source. */
const LEXER_MARKERS: ReadonlySet<string> = new Set(['\x02', '\x18', '\x1f']);

/**
 * Flow nesting, measured on the yaml package's own lexer (iterative, linear)
 * before the recursive composer runs: brackets are counted where YAML reads
 * them, so a quote that is plain text (`title: a,"b`) or brackets inside a
 * quoted or block scalar cannot hide or fake nesting. Returns the quoted
 * scalars' ranges, for the indentation scan.
 */
function checkFlowNesting(src: string, lc: Lines): [number, number][] {
  const quoted: [number, number][] = [];
  let depth = 0;
  let offset = 0;
  for (const tok of new Lexer().lex(src)) {
    if (LEXER_MARKERS.has(tok)) continue;
    if (tok === '[' || tok === '{') {
      if (++depth > YAML_LIMITS.depth) throw yamlError(lc, offset, `brackets nested more than ${YAML_LIMITS.depth} deep`, 'depth');
    } else if ((tok === ']' || tok === '}') && depth > 0) {
      depth--;
    } else if (tok[0] === '"' || tok[0] === "'") {
      quoted.push([offset, offset + tok.length]);
    }
    offset += tok.length;
  }
  return quoted;
}

/**
 * Bracket nesting and indentation, measured before parsing: the parser's
 * composer is recursive, and a file nested thousands deep must be refused at
 * its position rather than by a stack overflow (or worse: `- - - …` three
 * thousand deep on one line exhausts the yaml package's memory). Brackets are
 * counted on the lexer's tokens (checkFlowNesting). The block indicators that
 * open a compact nested node at the start of a line (`- `, `? `, `: `) and
 * node properties between them count as indentation, as they do for YAML;
 * inside a quoted scalar (as the lexer found it) they are text.
 */
function checkNesting(src: string, lc: Lines, what: string): void {
  const quoted = checkFlowNesting(src, lc);
  let q = 0;
  let quoteEnd = -1;
  let lineStart = true;
  let indent = 0;
  const deeper = (k: number): void => {
    if (++indent > YAML_LIMITS.indent) throw yamlError(lc, k, `indented more than ${YAML_LIMITS.indent} columns: nesting this deep is not ${what}`, 'depth');
  };
  for (let k = 0; k < src.length; k++) {
    const ch = src[k]!;
    while (q < quoted.length && quoted[q]![0] <= k) quoteEnd = quoted[q++]![1];
    const inQuote = k < quoteEnd;
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (!lineStart) continue;
    if (ch === ' ' || ch === '\t') {
      deeper(k);
      continue;
    }
    if (!inQuote && (ch === '-' || ch === '?' || ch === ':') && isBlank(src[k + 1])) {
      deeper(k);
      continue;
    }
    if (!inQuote && (ch === '&' || ch === '!') && indent > 0) {
      // An anchor or a tag between compact indicators: part of the chain.
      while (k + 1 < src.length && !isBlank(src[k + 1])) {
        k++;
        deeper(k);
      }
      deeper(k);
      continue;
    }
    lineStart = false;
  }
}

export interface SafeYamlOptions {
  /** What the file is, for messages: "a problems file". */
  readonly what?: string;
  /** Said after "aliases (*a) are not allowed: write each value out". */
  readonly aliasHint?: string;
  /** A smaller size limit than YAML_LIMITS.bytes, for files that are always small. */
  readonly bytes?: number;
}

/**
 * A small YAML (or JSON) file parsed defensively: size and nesting limits
 * before parsing, then no aliases, tags or duplicate keys. Throws YamlError
 * with line and column. The whole check is linear in the size of the file.
 */
export function parseSafeYaml(src: string, options: SafeYamlOptions = {}): { doc: Document; lines: Lines } {
  const what = options.what ?? 'a settings file';
  const bytes = Math.min(options.bytes ?? YAML_LIMITS.bytes, YAML_LIMITS.bytes);
  if (src.length > bytes) {
    throw yamlError(new Lines(src.slice(0, bytes + 1)), bytes, `the file is larger than ${bytes / 1024} KiB`);
  }
  const lc = new Lines(src);
  checkNesting(src, lc, what);
  const doc = parseDocument(src, { uniqueKeys: false, prettyErrors: false, schema: 'core', strict: true, merge: false });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw yamlError(lc, problem.pos[0], problem.message.split('\n')[0]!.replace(/\s*at line \d+, column \d+.*$/, ''), 'syntax');
  refuseAliasesTagsAndDuplicates(doc, lc, options.aliasHint);
  return { doc, lines: lc };
}

/**
 * No aliases, no tags, no duplicate keys. Duplicates are found here, with one
 * set per map, rather than by the parser's `uniqueKeys`, which compares every
 * key with every earlier one: 50,000 keys in a file under 1 MiB took over a
 * minute that way.
 */
function refuseAliasesTagsAndDuplicates(doc: Document, lc: Lines, aliasHint: string | undefined): void {
  visit(doc, {
    Alias(_k, n) { throw yamlError(lc, n.range?.[0] ?? 0, `aliases (*${n.source}) are not allowed: write each value out${aliasHint ? ` ${aliasHint}` : ''}`); },
    Node(_k, n) {
      if ((n as Node).tag) throw yamlError(lc, (n as Node).range?.[0] ?? 0, `tags (${(n as Node).tag}) are not allowed`);
      if (isMap(n)) {
        const seen = new Set<string>();
        for (const pair of n.items) {
          const key = pair.key as Node | null;
          // Scalar keys are the same when their values are (as for the parser's uniqueKeys).
          if (!isScalar(key)) continue;
          const id = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(id)) throw yamlError(lc, key.range?.[0] ?? n.range?.[0] ?? 0, 'Map keys must be unique', 'syntax');
          seen.add(id);
        }
      }
      return undefined;
    },
  });
}
