// The terminal's writer: a derivation's sections in one order and style for
// every kind of input (`derivationText` over the rows each kind gives), the
// aligned table, values for people, and the Theme colour comes in through
// (never chalk directly). A document's long tables are written as their
// chunks are taken (documentChunks): each row's cells and padding go straight
// into the chunk, so no line of a 10⁵-node derivation is ever a string of its
// own, and every cell is measured once, when its table is made.

import { ChunkBuilder, CHUNK_CHARS, joinChunks, type Chunks } from './chunks.js';

export interface Theme {
  heading(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
}

export const PLAIN_THEME: Theme = { heading: (s) => s, ok: (s) => s, bad: (s) => s, dim: (s) => s };

/** A value for people: 6 significant digits, exponent form when very large or small. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e9 ? sixDigits(v) : v.toExponential(5).replace(/\.?0+e/, 'e');
  return v < 0 ? `−${s.slice(1)}` : s;
}

/**
 * String(Number(v.toPrecision(6))) for 1e-4 ≤ |v| < 1e9, read off the
 * digits toPrecision gives instead of parsing them and printing the number
 * again (four times faster; formatValue runs for every value of a table): a
 * decimal of 6 digits prints as itself, without the zeros after its point;
 * in exponent form (e+6 to e+9) it is an integer.
 */
function sixDigits(v: number): string {
  const p = v.toPrecision(6);
  const e = p.indexOf('e');
  const point = p.indexOf('.');
  if (e < 0) {
    if (point < 0) return p;
    let end = p.length;
    while (p.charCodeAt(end - 1) === 0x30) end--;
    if (end - 1 === point) end--;
    return p.slice(0, end);
  }
  const digits = point < 0 ? p.slice(0, e) : p.slice(0, point) + p.slice(point + 1, e);
  const fraction = point < 0 ? 0 : e - point - 1;
  return digits + '0'.repeat(Number(p.slice(e + 1)) - fraction);
}

/** out.push(...rows) without spreading: a spread of 10⁵ arguments overflows the stack. */
export function pushAll(out: string[], rows: readonly string[]): void {
  for (const r of rows) out.push(r);
}

/** Where a line's text goes, piece by piece (a ChunkBuilder, or the parts of one line). */
export interface TextSink {
  add(piece: string): void;
}

/**
 * Lines made as they are written: `count` of them, line k's text (without
 * its newline) given to `write` in pieces. A long table is written this way,
 * row after row, without its lines ever being strings of their own.
 */
export interface LineSource {
  readonly count: number;
  write(k: number, out: TextSink): void;
}

/** Lines of the document: made already, or made as they are written. */
export type Lines = readonly string[] | LineSource;

/** Cells longer than this do not widen their column: one huge equation must not pad every row (that is quadratic). */
const ALIGN_LIMIT = 48;
/** Spaces for a cell's padding and the two between columns, made once: SPACES[n] is n spaces. */
const SPACES = Array.from({ length: ALIGN_LIMIT + 3 }, (_, n) => ' '.repeat(n));

/**
 * Rows of cells in aligned columns, two spaces apart, the last cell never
 * padded; for expressions and programs alike. Widths count what is seen:
 * code points (𝟙 is one), colour codes not at all. Every cell that can be
 * padded is measured once, when the table is made; a line is made only as it
 * is written.
 */
export function aligned(rows: readonly (readonly string[])[], indent = '  '): LineSource {
  // A column is padded only where a cell of it has one after it: the columns from the longest row's last on never are.
  let columns = 0;
  for (const r of rows) if (r.length > columns) columns = r.length;
  const stride = columns - 1;
  const widths = new Array<number>(Math.max(0, stride)).fill(0);
  // Each cell's width (at most ALIGN_LIMIT + 1: wider is all that matters past the limit), row by row.
  const seen = new Uint8Array(rows.length * Math.max(0, stride));
  rows.forEach((r, i) => {
    const n = Math.min(r.length, stride);
    for (let k = 0; k < n; k++) {
      const w = seenWidth(r[k]!);
      seen[i * stride + k] = w;
      if (w <= ALIGN_LIMIT && w > widths[k]!) widths[k] = w;
    }
  });
  return {
    count: rows.length,
    write: (i, out) => writeRow(out, indent, rows[i]!, widths, seen, i * stride),
  };
}

/**
 * Rows of two cells aligned as `aligned` aligns them: `first[k]` and
 * `second(k)`, made as its line is written (`= value`, `⇒  solved`): only the
 * first column is ever padded, so only it is measured.
 */
export function alignedPairs(first: readonly string[], second: (k: number) => string, indent = '  '): LineSource {
  const widths = [0];
  const seen = new Uint8Array(first.length);
  first.forEach((cell, i) => {
    const w = seenWidth(cell);
    seen[i] = w;
    if (w <= ALIGN_LIMIT && w > widths[0]!) widths[0] = w;
  });
  return {
    count: first.length,
    write: (i, out) => writeRow(out, indent, [first[i]!, second(i)], widths, seen, i),
  };
}

/** `aligned`'s lines as strings, for a writer that adds lines of its own among them. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  return linesOf(aligned(rows, indent));
}

/** The lines of `lines` as strings. */
export function linesOf(lines: Lines): string[] {
  if (isLineList(lines)) return [...lines];
  const out: string[] = [];
  const parts: string[] = [];
  const sink: TextSink = { add: (piece) => void parts.push(piece) };
  for (let k = 0; k < lines.count; k++) {
    lines.write(k, sink);
    out.push(parts.join(''));
    parts.length = 0;
  }
  return out;
}

/** The parts' lines one after another. */
export function concatLines(parts: readonly Lines[]): LineSource {
  const counts = parts.map((p) => (isLineList(p) ? p.length : p.count));
  return {
    count: counts.reduce((a, b) => a + b, 0),
    write: (k, out) => {
      let p = 0;
      while (k >= counts[p]!) k -= counts[p++]!;
      const part = parts[p]!;
      if (isLineList(part)) out.add(part[k]!);
      else part.write(k, out);
    },
  };
}

const isLineList = (lines: Lines): lines is readonly string[] => Array.isArray(lines);

/** Whitespace as String.prototype.trimEnd sees it: JavaScript's WhiteSpace (TAB, VT, FF, ZWNBSP, the Zs spaces) and LineTerminator. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const endsInSpace = (s: string): boolean => s.length > 0 && isSpace(s.charCodeAt(s.length - 1));
const isBlank = (s: string): boolean => s.length === 0 || (endsInSpace(s) && s.trimEnd() === '');

/**
 * One row: the indent, each cell k but the last padded to widths[k] (its
 * width is seen[at + k]) and followed by two spaces, then the last; as
 * `(indent + cells).trimEnd()` would be, without making that string: the
 * whitespace trimmed is whatever follows the last cell with something to see.
 */
function writeRow(out: TextSink, indent: string, row: readonly string[], widths: readonly number[], seen: Uint8Array, at: number): void {
  let last = row.length - 1;
  while (last >= 0 && isBlank(row[last]!)) last--;
  if (last < 0) {
    const shown = indent.trimEnd();
    if (shown !== '') out.add(shown);
    return;
  }
  out.add(indent);
  for (let k = 0; k < last; k++) {
    out.add(row[k]!);
    out.add(SPACES[Math.max(0, widths[k]! - seen[at + k]!) + 2]!);
  }
  const cell = row[last]!;
  out.add(endsInSpace(cell) ? cell.trimEnd() : cell);
}

/**
 * The width of a cell as a terminal shows it, counted up to ALIGN_LIMIT + 1
 * (past the limit a cell neither widens nor is padded): code points (a pair of
 * surrogates is one), ANSI colour codes (ESC [ digits and ; m) left out.
 */
function seenWidth(cell: string): number {
  let n = 0;
  // A high surrogate just seen: a low one after it (colour codes between left out) is the same code point.
  let high = false;
  for (let i = 0; i < cell.length && n <= ALIGN_LIMIT; i++) {
    const c = cell.charCodeAt(i);
    if (c === 0x1b) {
      const end = colourCodeEnd(cell, i);
      if (end > 0) {
        i = end - 1;
        continue;
      }
    }
    if (high && c >= 0xdc00 && c <= 0xdfff) {
      high = false;
      continue;
    }
    n++;
    high = c >= 0xd800 && c <= 0xdbff;
  }
  return n;
}

/** Where the colour code (ESC [ [0-9;]* m) at `i` ends, or 0 when there is none there. */
function colourCodeEnd(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 0x5b) return 0;
  let j = i + 2;
  for (let c = s.charCodeAt(j); (c >= 0x30 && c <= 0x39) || c === 0x3b; c = s.charCodeAt(++j));
  return s.charCodeAt(j) === 0x6d ? j + 1 : 0;
}

/** A section of the terminal document: its heading, a note beside it, its lines. */
export interface TextSection {
  readonly title: string;
  readonly note?: string;
  readonly lines: Lines;
}

/**
 * A derivation as the terminal document reads it, whatever the input: an
 * expression (z_i, μ_i and numbers) or a program (the user's names and
 * tensors). The one writer, `derivationText`, lays it out.
 */
export interface TextRows {
  /** The lines before the first section: what was read. */
  readonly header: readonly string[];
  /** The computation graph (an expression) or the variables (a program). */
  readonly graph: TextSection;
  /** The output the problem minimizes, and its constraints z_i = f_i. */
  readonly output: string;
  readonly constraints: readonly string[];
  readonly says: { readonly lagrangian: string; readonly kkt: string; readonly forward: string; readonly backward: string; readonly gradient: string };
  readonly lagrangian: string;
  /** ∂L/∂μ_i = 0 and ∂L/∂z_j = 0, each with what it solves to. */
  readonly kkt: EquationRows;
  /** Each equation with its value, formatted. */
  readonly forward: EquationRows;
  readonly backward: EquationRows;
  readonly gradient: EquationRows;
  /** Sections after the gradient (an expression's chain rule made explicit). */
  readonly more: readonly TextSection[];
  readonly cost: { readonly note: string; readonly lines: readonly string[] };
  /** The check's lines, from its blank line on. */
  readonly check: readonly string[];
  /** Lines after the check (the path sums). */
  readonly tail: readonly string[];
}

/**
 * A column of equations, each with what its line says after it (what it
 * solves to, its value formatted), asked for as the line is written.
 */
export interface EquationRows {
  readonly equations: readonly string[];
  after(k: number): string;
}

/** A terminal document: its lines, block after block, each line ended by a newline. */
export type TextDocument = readonly Lines[];

/** The one terminal writer of a derivation, for every kind of input. Its long tables' lines are made as they are written (documentChunks). */
export function derivationText(r: TextRows, theme: Theme): TextDocument {
  const out: Lines[] = [r.header];
  const section = (s: TextSection): void => {
    out.push(['', theme.heading(s.title) + (s.note ? theme.dim(`  ${s.note}`) : '')], s.lines);
  };
  const valued = (rows: EquationRows): LineSource => alignedPairs(rows.equations, (k) => theme.dim(`= ${rows.after(k)}`));
  section(r.graph);
  section({ title: 'Constrained formulation', lines: formulation(r.output, r.constraints) });
  section({ title: 'Lagrangian', note: r.says.lagrangian, lines: [`  ${r.lagrangian}`] });
  section({ title: 'KKT conditions', note: r.says.kkt, lines: alignedPairs(r.kkt.equations, (k) => `⇒  ${r.kkt.after(k)}`) });
  section({ title: 'Forward pass', note: r.says.forward, lines: valued(r.forward) });
  section({ title: 'Backward pass', note: r.says.backward, lines: valued(r.backward) });
  section({ title: 'Gradient', note: r.says.gradient, lines: valued(r.gradient) });
  for (const s of r.more) section(s);
  section({ title: 'Cost', note: r.cost.note, lines: r.cost.lines });
  out.push(r.check, r.tail);
  return out;
}

const UNDER_SUBJECT_TO = ' '.repeat('  subject to  '.length);

/** `minimize` the output `subject to` the constraints, one a line. */
function formulation(output: string, constraints: readonly string[]): LineSource {
  return {
    count: constraints.length + 1,
    write: (k, out) => {
      if (k === 0) {
        out.add('  minimize    ');
        out.add(output);
        return;
      }
      out.add(k === 1 ? '  subject to  ' : UNDER_SUBJECT_TO);
      out.add(constraints[k - 1]!);
    },
  };
}

/**
 * The document's text in rechunk's chunks (render/chunks.ts), its lines made
 * as the chunks are taken: what a line is made of goes into the chunk it
 * lands in, never into a string of its own.
 */
export function* documentChunks(doc: TextDocument, size = CHUNK_CHARS): Generator<string> {
  const out = new ChunkBuilder(size);
  for (const lines of doc) {
    if (isLineList(lines)) {
      for (const line of lines) {
        out.add(line);
        out.add('\n');
        if (out.ready) yield* out.take();
      }
      continue;
    }
    for (let k = 0; k < lines.count; k++) {
      lines.write(k, out);
      out.add('\n');
      if (out.ready) yield* out.take();
    }
  }
  const last = out.end();
  if (last.length > 0) yield last;
}

/** The document's chunks, iterable any number of times. */
export const documentOutput = (doc: TextDocument): Chunks => ({ [Symbol.iterator]: () => documentChunks(doc) });

/** The document's text as one string. */
export const documentText = (doc: TextDocument): string => joinChunks(documentChunks(doc));
