// The JSON writer against a plain reference: JSON.stringify(x, null, 2) for
// every value, except that a list of plain values stays on one line, keys keep
// their order (`__proto__` an ordinary key) and non-finite numbers are written
// as strings. Whatever the chunk size and wherever lazy lists stand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, lazyList, num, obj, objFrom, writeJson, type Json } from '../../src/render/json-writer.js';

/** The reference: one recursive function, the standard library's string and number writing. */
function reference(v: Json, ind = ''): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number') return JSON.stringify(Number.isFinite(v) ? v : String(num(v)));
    return JSON.stringify(v);
  }
  const inner = `${ind}  `;
  if (Array.isArray(v)) {
    const arr = v as readonly Json[];
    if (arr.length === 0) return '[]';
    if (arr.every((x) => x === null || typeof x !== 'object')) return `[${arr.map((x) => reference(x)).join(', ')}]`;
    return `[\n${arr.map((x) => inner + reference(x, inner)).join(',\n')}\n${ind}]`;
  }
  if ('items' in v) {
    const items: Json[] = [];
    const it = v.items();
    for (let n = it.next(); !n.done; n = it.next()) items.push(n.value);
    return items.length === 0 ? '[]' : `[\n${items.map((x) => inner + reference(x, inner)).join(',\n')}\n${ind}]`;
  }
  const { entries } = v as { entries: readonly (readonly [string, Json])[] };
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${reference(x, inner)}`).join(',\n')}\n${ind}}`;
}

// Strings with what must be escaped: quotes, backslashes, control characters, lone and paired surrogates.
const text = fc.oneof(
  fc.string(),
  fc.array(fc.constantFrom('a', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'μ', '∂', '\u2028', '\ud835\udfd9', '\ud835', '\udfd9', ' '), { maxLength: 12 }).map((cs) => cs.join('')),
);
const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.constantFrom(-0, NaN, Infinity, -Infinity, 1e21, 5e-324), text);
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 5 }),
    fc.array(scalar, { maxLength: 5 }),
    fc.array(fc.tuple(fc.oneof(text, fc.constant('__proto__')), tie('json')), { maxLength: 5 }).map((es) => objFrom(es)),
    fc.array(tie('json'), { maxLength: 5 }).map((items) => lazyList(() => items)),
  ),
}));

describe('the JSON writer', () => {
  it('writes what the reference writes, in chunks of any size', () => {
    fc.assert(fc.property(json, fc.integer({ min: 1, max: 300 }), (v, size) => {
      const want = reference(v);
      expect(writeJson(v)).toBe(want);
      expect([...jsonChunks(v, '', size)].join('')).toBe(want);
    }), { numRuns: 400 });
  });

  it('writes a long list of rows and a long row of numbers in chunks near the size, never one piece of the whole', () => {
    const rows = Array.from({ length: 3000 }, (_, k) => obj(['k', k], ['name', `n"${k}`], ['row', [k, k / 3, NaN]]));
    const numbers = Array.from({ length: 20000 }, (_, k) => k / 7);
    for (const v of [obj(['rows', rows]), obj(['lazy', lazyList(() => rows)]), obj(['numbers', numbers])]) {
      const chunks = [...jsonChunks(v, '', 4096)];
      expect(chunks.join('')).toBe(reference(v));
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(4096 + 200);
      expect(chunks.length).toBeGreaterThan(20);
    }
  });

  it('makes a lazy list\'s items as it writes them: at most one row alive between two chunks', () => {
    let alive = 0;
    let most = 0;
    const list = lazyList(function* () {
      for (let k = 0; k < 2000; k++) {
        alive++;
        most = Math.max(most, alive);
        yield obj(['k', k], ['text', 'x'.repeat(50)]);
      }
    });
    const it = jsonChunks(obj(['rows', list]), '', 1024);
    for (let c = it.next(); !c.done; c = it.next()) alive = 0;
    expect(most).toBeLessThan(40);
  });
});
