// The terminal writer makes its lines as they are written, into chunks
// (issue "Scale"): its tables, values and documents must read exactly as the
// plain definitions below, which build every line as a string first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, ChunkBuilder, rechunk } from '../../src/render/chunks.js';
import { aligned, alignedPairs, concatLines, documentChunks, documentText, formatValue, linesOf, table, type TextDocument } from '../../src/render/text-writer.js';

/** formatValue as it is defined: 6 significant digits through toPrecision, exponent form outside [1e-4, 1e9). */
function formatValueSpec(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e9 ? String(Number(v.toPrecision(6))) : v.toExponential(5).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

/** table as it is defined: widths of the cells up to 48 seen units, each line padded, joined and trimmed. */
function tableSpec(rows: readonly (readonly string[])[], indent = '  '): string[] {
  // eslint-disable-next-line no-control-regex
  const seen = (cell: string): number => [...cell.replace(/\u001b\[[0-9;]*m/g, '')].length;
  const widths: number[] = [];
  const lengths = rows.map((r) => r.map(seen));
  lengths.forEach((r) => r.forEach((n, k) => {
    if (n <= 48) widths[k] = Math.max(widths[k] ?? 0, n);
  }));
  return rows.map((r, i) => {
    let line = indent;
    for (let k = 0; k < r.length; k++) line += k === r.length - 1 ? r[k]! : `${r[k]!}${' '.repeat(Math.max(0, (widths[k] ?? 0) - lengths[i]![k]!))}  `;
    return line.trimEnd();
  });
}

const cell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', 'z₁', '𝟙', 'μ', ' ', '\u00a0', '\t', '\u001b', '\u001b[2m', '\u001b[0;31m', '[', 'm', '\ud835', '\udfd9', '\u3000'), maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('x', '𝟙', '\u001b[1m'), minLength: 40, maxLength: 60 }),
);
const rows = fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 8 });

describe('formatValue', () => {
  it('is its definition for any double, near every rounding tie and power of ten too', () => {
    fc.assert(fc.property(fc.double(), (v) => {
      expect(formatValue(v)).toBe(formatValueSpec(v));
    }), { numRuns: 20000 });
    for (let k = -6; k <= 10; k++) {
      for (const d of [1, 0.9999995, 0.99999949999, 0.999999500001, 9.999995, 9.9999949999999, 1.234565, 1.5, 2.5]) {
        for (const x of [d * 10 ** k, -d * 10 ** k]) {
          for (const y of [x, x * (1 + 2 ** -52), x * (1 - 2 ** -53)]) expect(formatValue(y)).toBe(formatValueSpec(y));
        }
      }
    }
  });
});

describe('aligned tables', () => {
  it('table is its definition: colour codes and surrogate pairs, blank and wide cells, ragged rows', () => {
    fc.assert(fc.property(rows, fc.constantFrom('  ', '    ', '', ' > '), (r, indent) => {
      expect(table(r, indent)).toEqual(tableSpec(r, indent));
    }), { numRuns: 3000 });
  });

  it('alignedPairs is the table of each first cell and its second shown', () => {
    fc.assert(fc.property(fc.array(fc.tuple(cell, cell), { maxLength: 8 }), (pairs) => {
      const show = (s: string): string => `= ${s}`;
      expect(linesOf(alignedPairs(pairs.map(([a]) => a), (k) => show(pairs[k]![1])))).toEqual(tableSpec(pairs.map(([a, b]) => [a, show(b)])));
    }), { numRuns: 2000 });
  });

  it('concatLines gives its parts\' lines in order', () => {
    const t = aligned([['a', 'b'], ['ccc', 'd']]);
    expect(linesOf(concatLines([['x'], t, [], ['y', 'z']]))).toEqual(['x', '  a    b', '  ccc  d', 'y', 'z']);
  });
});

describe('documents in chunks', () => {
  it('documentChunks is the lines, each ended by a newline, in rechunk\'s chunks', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.array(cell, { maxLength: 4 }), rows.map((r) => aligned(r))), { maxLength: 6 }), fc.integer({ min: 2, max: 40 }), (doc: TextDocument, size) => {
      const text = doc.map((lines) => linesOf(lines).map((l) => `${l}\n`).join('')).join('');
      const chunks = [...documentChunks(doc, size)];
      expect(chunks.join('')).toBe(text);
      expect(chunks).toEqual([...rechunk([text], size)]);
      expect(documentText(doc)).toBe(text);
    }), { numRuns: 1000 });
  });

  it('a ChunkBuilder\'s chunks pass rechunk as they are', () => {
    const b = new ChunkBuilder();
    const made: string[] = [];
    for (let k = 0; k < 5000; k++) {
      b.add(`row ${k} 😀 ${'z₁'.repeat(k % 7)}`);
      made.push(...b.take());
    }
    made.push(b.end());
    expect(made.length).toBeGreaterThan(1);
    const passed = [...rechunk(made)];
    expect(passed).toEqual(made);
    passed.slice(0, -1).forEach((c) => expect(c.length).toBeGreaterThanOrEqual(CHUNK_CHARS - 1));
  });
});
