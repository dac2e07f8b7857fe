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

/** Serializes with two-space indentation, like JSON.stringify(x, null, 2), but a list of plain values on one line. */
export function writeJson(value: Json, indent = ''): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(num(value)));
  const inner = `${indent}  `;
  if (isObject(value)) {
    if (value.entries.length === 0) return '{}';
    const parts = value.entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${writeJson(v, inner)}`);
    return `{\n${parts.join(',\n')}\n${indent}}`;
  }
  const arr = value as readonly Json[];
  if (arr.length === 0) return '[]';
  // A list of plain values (a row of numbers, a list of names) stays on one line, as in DESIGN's example.
  if (arr.every((v) => v === null || typeof v !== 'object')) return `[${arr.map((v) => writeJson(v, inner)).join(', ')}]`;
  return `[\n${arr.map((v) => `${inner}${writeJson(v, inner)}`).join(',\n')}\n${indent}]`;
}
