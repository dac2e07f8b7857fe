// subscript writes an index three digits at a time from tables: it must agree with the digit-by-digit rule.
import { describe, expect, it } from 'vitest';
import { muText, subscript, zText } from '../../src/model/notation.js';

const DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const byDigit = (n: number | string): string => [...String(n)].map((ch) => (ch >= '0' && ch <= '9' ? DIGITS[Number(ch)]! : ch)).join('');

describe('subscript', () => {
  it('writes every digit of an index as its subscript, zeros inside kept', () => {
    for (const n of [0, 7, 10, 99, 100, 999, 1000, 1001, 1010, 10_000, 100_000, 100_001, 123_456, 1_000_000, 2 ** 53 - 1]) {
      expect(subscript(n)).toBe(byDigit(n));
    }
    for (let n = 0; n < 20_000; n += 7) expect(subscript(n)).toBe(byDigit(n));
  });

  it('leaves what is not a digit as it is', () => {
    for (const v of ['m', 'i', '12', 'x_3', '', -4, 1.5, 1e21]) expect(subscript(v)).toBe(byDigit(v));
  });

  it('names nodes and multipliers with it', () => {
    expect(zText(100_203, 'unicode')).toBe('z₁₀₀₂₀₃');
    expect(muText(5_000, 'unicode')).toBe('μ₅₀₀₀');
    expect(zText(100_203, 'ascii')).toBe('z100203');
  });
});
