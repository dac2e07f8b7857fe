// A tiny JSON writer for ordered objects: keys keep the order they are given
// (and `__proto__` is an ordinary key), non-finite numbers are written as the
// strings "NaN", "Infinity", "-Infinity", never as null.
import { ChunkBuilder, CHUNK_CHARS, joinChunks } from './chunks.js';

export type Json = null | boolean | number | string | readonly Json[] | JsonObject | JsonList;
export interface JsonObject {
  readonly entries: readonly (readonly [string, Json])[];
}
/**
 * A list whose items are made as the writer reaches them, so that the rows
 * of a large document (a node's object and its strings) are never all alive
 * at once. Written as a list of objects is, one item a line; `[]` when empty.
 */
export interface JsonList {
  readonly items: () => Iterator<Json>;
}

/** A list of the items `make` yields, made as they are written (each writing calls `make` again). */
export const lazyList = (make: () => Iterable<Json>): JsonList => ({ items: () => make()[Symbol.iterator]() });

export const obj = (...entries: (readonly [string, Json] | false | null | undefined)[]): JsonObject => ({
  entries: entries.filter((e): e is readonly [string, Json] => Boolean(e)),
});

/** An object from a list of entries, for lists too long to spread as arguments. */
export const objFrom = (entries: readonly (readonly [string, Json])[]): JsonObject => ({ entries });

export function num(v: number): Json {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v === 0 ? 0 : v;
}

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'entries' in v;
}
function isList(v: Json): v is JsonList {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'items' in v;
}

/**
 * Serializes with two-space indentation, like JSON.stringify(x, null, 2), but a list of plain values on one line.
 * The text of jsonChunks, joined once.
 */
export function writeJson(value: Json, indent = ''): string {
  return joinChunks(jsonChunks(value, indent));
}

/** A JSON document as chunks: the value's text and a newline (writeJson's text and '\\n'). */
export function* jsonDocument(value: Json): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}

/**
 * The text of writeJson in chunks of `size` UTF-16 units (render/chunks.ts's
 * ChunkBuilder: never between the halves of a surrogate pair, so a size below
 * 2 is taken as 2). A value is written by plain recursion (our documents nest
 * a few levels; their size is in long lists); only the way down to a lazy or
 * long list is a generator, so that the writer yields between its items and a
 * list's rows are never all alive, as objects or as text.
 */
export function* jsonChunks(value: Json, indent = '', size = CHUNK_CHARS): Generator<string> {
  const out = new ChunkBuilder(Math.max(2, size));
  yield* writeLazy(value, indent, out);
  yield* out.take();
  if (!out.empty) yield out.end();
}

/** Values a row may hold and still be written in one go, between two yields. */
const LIGHT = 512;

/** Whether `v` holds a lazy list or more than LIGHT values: written item by item, with yields between. */
function heavy(v: Json): boolean {
  let budget = LIGHT;
  const visit = (x: Json): boolean => {
    if (--budget < 0) return true;
    if (x === null || typeof x !== 'object') return false;
    if (isList(x)) return true;
    if (isObject(x)) return x.entries.some(([, item]) => visit(item));
    return (x as readonly Json[]).some(visit);
  };
  return visit(v);
}

/** Writes `v`, yielding the full chunks between the items of a heavy value (a lazy list, a long list). */
function* writeLazy(v: Json, ind: string, out: ChunkBuilder): Generator<string> {
  if (!heavy(v)) return void write(v, ind, out);
  const inner = `${ind}  `;
  if (isList(v)) {
    const it = v.items();
    let next = it.next();
    if (next.done) return void out.add('[]');
    out.add('[\n');
    for (;;) {
      out.add(inner);
      yield* writeLazy(next.value, inner, out);
      if (out.ready) yield* out.take();
      next = it.next();
      if (next.done) break;
      out.add(',\n');
    }
    return void out.add(`\n${ind}]`);
  }
  if (isObject(v)) {
    out.add('{\n');
    for (let k = 0; k < v.entries.length; k++) {
      const [key, item] = v.entries[k]!;
      out.add(k > 0 ? `,\n${inner}${quote(key)}: ` : `${inner}${quote(key)}: `);
      yield* writeLazy(item, inner, out);
      if (out.ready) yield* out.take();
    }
    return void out.add(`\n${ind}}`);
  }
  const arr = v as readonly Json[];
  // A long list of plain values stays on one line, as write() writes it, in pieces.
  if (arr.every((x) => x === null || typeof x !== 'object')) {
    out.add('[');
    for (let k = 0; k < arr.length; k++) {
      out.add(k > 0 ? `, ${scalar(arr[k] as Scalar)}` : scalar(arr[k] as Scalar));
      if (k % LIGHT === 0 && out.ready) yield* out.take();
    }
    return void out.add(']');
  }
  out.add('[\n');
  for (let k = 0; k < arr.length; k++) {
    out.add(k > 0 ? `,\n${inner}` : inner);
    yield* writeLazy(arr[k]!, inner, out);
    if (out.ready) yield* out.take();
  }
  out.add(`\n${ind}]`);
}

/** Writes a light value (no lazy list inside), by recursion. */
function write(v: Json, ind: string, out: ChunkBuilder): void {
  if (v === null || typeof v !== 'object') return void out.add(scalar(v));
  const inner = `${ind}  `;
  if (isObject(v)) {
    const entries = v.entries;
    if (entries.length === 0) return void out.add('{}');
    out.add('{\n');
    for (let k = 0; k < entries.length; k++) {
      const [key, item] = entries[k]!;
      out.add(k > 0 ? `,\n${inner}${quote(key)}: ` : `${inner}${quote(key)}: `);
      write(item, inner, out);
    }
    return void out.add(`\n${ind}}`);
  }
  if (isList(v)) throw new Error('json-writer: a lazy list where none was expected');
  const arr = v as readonly Json[];
  if (arr.length === 0) return void out.add('[]');
  // A list of plain values (a row of numbers, a list of names) stays on one line, as in DESIGN's example.
  if (arr.every((x) => x === null || typeof x !== 'object')) {
    let line = '[';
    for (let k = 0; k < arr.length; k++) line += k > 0 ? `, ${scalar(arr[k] as Scalar)}` : scalar(arr[k] as Scalar);
    return void out.add(`${line}]`);
  }
  out.add('[\n');
  for (let k = 0; k < arr.length; k++) {
    out.add(k > 0 ? `,\n${inner}` : inner);
    write(arr[k]!, inner, out);
  }
  out.add(`\n${ind}]`);
}

type Scalar = null | boolean | number | string;

/** What JSON.stringify escapes in a string: quote, backslash, control characters and (unpaired) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string in JSON: as JSON.stringify writes it, without its scan where nothing needs escaping. */
const quote = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

function scalar(v: Scalar): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : quote(String(num(v)));
  return String(v);
}
