// A tiny JSON writer for ordered objects: keys keep the order they are given
// (and `__proto__` is an ordinary key), non-finite numbers are written as the
// strings "NaN", "Infinity", "-Infinity", never as null.

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly entries: readonly (readonly [string, Json])[];
}

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
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Serializes with two-space indentation, like JSON.stringify(x, null, 2), but a list of plain values on one line.
 * Every piece is appended to one list joined once at the end, so the work is linear in the output
 * (joining each level's parts into its parent's would copy a deep value once per level).
 */
export function writeJson(value: Json, indent = ''): string {
  const out: string[] = [];
  write(value, indent, out, new Map());
  return out.join('');
}

const plain = (v: Json): boolean => v === null || typeof v !== 'object';

/** `keys` holds each key as written (quoted), once per document: a document repeats a few keys many times. */
function write(value: Json, indent: string, out: string[], keys: Map<string, string>): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    out.push(Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(num(value))));
    return;
  }
  const inner = `${indent}  `;
  const next = `,\n${inner}`;
  if (isObject(value)) {
    if (value.entries.length === 0) {
      out.push('{}');
      return;
    }
    out.push('{\n');
    value.entries.forEach(([k, v], i) => {
      let key = keys.get(k);
      if (key === undefined) keys.set(k, (key = `${JSON.stringify(k)}: `));
      out.push(i === 0 ? inner : next, key);
      write(v, inner, out, keys);
    });
    out.push(`\n${indent}}`);
    return;
  }
  const arr = value as readonly Json[];
  if (arr.length === 0) {
    out.push('[]');
    return;
  }
  // A list of plain values (a row of numbers, a list of names) stays on one line, as in DESIGN's example.
  if (arr.every(plain)) {
    out.push('[');
    arr.forEach((v, i) => {
      if (i > 0) out.push(', ');
      write(v, inner, out, keys);
    });
    out.push(']');
    return;
  }
  out.push('[\n');
  arr.forEach((v, i) => {
    out.push(i === 0 ? inner : next);
    write(v, inner, out, keys);
  });
  out.push(`\n${indent}]`);
}
