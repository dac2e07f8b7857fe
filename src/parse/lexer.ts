// Character policy and a small tokenizer that gives every leaf token of the
// source its offset, so that errors found on mathjs nodes can name a position.
import { InputError } from './errors.js';

const GREEK = /^[\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5]$/u;
/** Zero-width, joiners, bidi controls, BOM, soft hyphen: never allowed, they hide what is typed. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

export function isGreek(ch: string): boolean {
  return GREEK.test(ch);
}

/**
 * Rejects characters that are not ASCII or Greek letters, and every invisible
 * or bidirectional control character, naming the first one and its offset.
 */
export function checkCharacters(source: string): void {
  for (let offset = 0; offset < source.length;) {
    const code = source.codePointAt(offset)!;
    // Printable ASCII and the three whitespace controls need no further test (the common case, one comparison each).
    if (code <= 0x7e && (code >= 0x20 || code === 10 || code === 13 || code === 9)) {
      offset++;
      continue;
    }
    const ch = String.fromCodePoint(code);
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (INVISIBLE.test(ch)) {
      throw new InputError('character', `invisible or bidirectional control character ${hex} is not allowed`, offset, source);
    }
    if (code < 0x20) {
      throw new InputError('character', `control character ${hex} is not allowed`, offset, source);
    }
    if (code > 0x7e && !isGreek(ch)) {
      const hint = ch === '\u2212' ? ' (write - for minus)' : ch === '\u00B7' || ch === '\u00D7' ? ' (write * for a product)' : '';
      throw new InputError('character', `character '${ch}' (${hex}) is not allowed: names are ASCII letters, digits, _ or Greek letters${hint}`, offset, source);
    }
    offset += ch.length;
  }
}

export interface Token {
  readonly kind: 'ident' | 'number' | 'string' | 'punct';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const IDENT_START = /[A-Za-z_$\u0391-\u03C9\u03D1\u03D5\u03F5]/u;
const IDENT_PART = /[A-Za-z0-9_$\u0391-\u03C9\u03D1\u03D5\u03F5]/u;

/** Splits the source into tokens the way mathjs reads leaves: names, numbers, strings, and single punctuation. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++;
    } else if (IDENT_START.test(ch)) {
      const start = i;
      while (i < n && IDENT_PART.test(source[i]!)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(0[xXbBoO][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(source.slice(i, i + 400))!;
      tokens.push({ kind: 'number', text: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if (ch === '"' || ch === "'" && !/[A-Za-z0-9_)\]\u0391-\u03C9]/u.test(source[i - 1] ?? '')) {
      const start = i++;
      while (i < n && source[i] !== ch) i += source[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ kind: 'string', text: source.slice(start, Math.min(i, n)), start, end: Math.min(i, n) });
    } else {
      tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** Deepest nesting of brackets, and the offset where it is first reached. */
export function bracketDepth(source: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 40 || ch === 91 || ch === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
      }
    } else if (ch === 41 || ch === 93 || ch === 125) {
      depth--;
    }
  }
  return { depth: max, offset: at };
}

/** Offset of the bracket that closes the one at `open`, or -1. */
export function matchingBracket(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
