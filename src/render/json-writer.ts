// A tiny JSON writer for ordered objects: keys keep the order they are given
// (and `__proto__` is an ordinary key), non-finite numbers are written as the
// strings "NaN", "Infinity", "-Infinity", never as null.
import { CHUNK_CHARS, joinChunks } from './chunks.js';

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
 * The text of writeJson in chunks of about `size` UTF-16 units (a chunk ends
 * between pieces, so one may hold a longer string whole). Written iteratively,
 * so any depth serializes; pieces are joined into flat chunks as they come:
 * millions of small strings alive at once cost more memory than the text, and
 * copying once per level of nesting was, for a document of 10⁵ nodes (about
 * 100 MB), most of the time and the garbage.
 */
export function* jsonChunks(value: Json, indent = '', size = CHUNK_CHARS): Generator<string> {
  const pieces: string[] = [];
  let length = 0;
  const sink = (s: string): void => {
    pieces.push(s);
    length += s.length;
  };
  // A stack of what is left to write: values (with their indentation), literal text, and lazy lists
  // part-written (their iterator and the item after the one being written).
  type Rest = { readonly it: Iterator<Json>; readonly next: Json; readonly indent: string };
  const stack: ({ v: Json; indent: string } | string | Rest)[] = [{ v: value, indent }];
  while (stack.length > 0) {
    if (length >= size) {
      yield pieces.join('');
      pieces.length = 0;
      length = 0;
    }
    const top = stack.pop()!;
    if (typeof top === 'string') {
      sink(top);
      continue;
    }
    if ('it' in top) {
      // The item `next` of a lazy list, then (when there is one more) a comma and the rest.
      const after = top.it.next();
      if (!after.done) stack.push({ it: top.it, next: after.value, indent: top.indent }, ',\n');
      stack.push({ v: top.next, indent: top.indent }, top.indent);
      continue;
    }
    const { v, indent: ind } = top;
    if (v === null || typeof v !== 'object') {
      sink(scalar(v));
      continue;
    }
    const inner = `${ind}  `;
    if (isList(v)) {
      const it = v.items();
      const first = it.next();
      if (first.done) {
        sink('[]');
        continue;
      }
      sink('[\n');
      stack.push(`\n${ind}]`, { it, next: first.value, indent: inner });
      continue;
    }
    if (isObject(v)) {
      const entries = v.entries;
      if (entries.length === 0) {
        sink('{}');
        continue;
      }
      sink('{\n');
      stack.push(`\n${ind}}`);
      for (let k = entries.length - 1; k >= 0; k--) {
        const [key, item] = entries[k]!;
        stack.push({ v: item, indent: inner });
        stack.push(`${inner}${JSON.stringify(key)}: `);
        if (k > 0) stack.push(',\n');
      }
      continue;
    }
    const arr = v as readonly Json[];
    if (arr.length === 0) {
      sink('[]');
      continue;
    }
    // A list of plain values (a row of numbers, a list of names) stays on one line, as in DESIGN's example.
    if (arr.every((x) => x === null || typeof x !== 'object')) {
      sink(`[${arr.map(scalar).join(', ')}]`);
      continue;
    }
    sink('[\n');
    stack.push(`\n${ind}]`);
    for (let k = arr.length - 1; k >= 0; k--) {
      stack.push({ v: arr[k]!, indent: inner });
      stack.push(inner);
      if (k > 0) stack.push(',\n');
    }
  }
  if (length > 0) yield pieces.join('');
}

function scalar(v: null | boolean | number | string): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(num(v)));
  return JSON.stringify(v);
}
