// The single source of symbol names: z_i, μ_i and user symbols in ASCII text,
// Unicode terminal text and LaTeX.

export type TextStyle = 'ascii' | 'unicode';

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
/**
 * 0…999 as subscripts, and as three subscript digits (000…999): an index is written three digits at a
 * time. Made on first use, not at start-up (about 2 ms that a small derivation does not need).
 */
let tables: { readonly upTo999: readonly string[]; readonly threeDigits: readonly string[] } | undefined;
const subscriptTables = (): NonNullable<typeof tables> =>
  (tables ??= {
    upTo999: Array.from({ length: 1000 }, (_, k) => subscriptDigits(String(k))),
    threeDigits: Array.from({ length: 1000 }, (_, k) => subscriptDigits(String(k).padStart(3, '0'))),
  });

function subscriptDigits(s: string): string {
  let out = '';
  for (let k = 0; k < s.length; k++) {
    const code = s.charCodeAt(k) - 48;
    out += code >= 0 && code <= 9 ? SUBSCRIPT_DIGITS[code]! : s[k]!;
  }
  return out;
}

/** Digits as Unicode subscripts (₀…₉); other characters unchanged. */
export function subscript(n: number | string): string {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return subscriptDigits(String(n));
  const { upTo999, threeDigits } = subscriptTables();
  if (n < 1000) return upTo999[n]!;
  const high = Math.floor(n / 1000);
  return subscript(high) + threeDigits[n - high * 1000]!;
}

export function zText(k: number, style: TextStyle): string {
  return style === 'ascii' ? `z${k}` : `z${subscript(k)}`;
}
export function muText(k: number, style: TextStyle): string {
  return style === 'ascii' ? `mu${k}` : `μ${subscript(k)}`;
}
export const zLatex = (k: number): string => `z_{${k}}`;
export const muLatex = (k: number): string => `\\mu_{${k}}`;

const GREEK_NAMES = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
];
const GREEK_LOWER = 'αβγδεζηθικλμνξπρστυφχψω';
const GREEK_UPPER = 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΠΡΣΤΥΦΧΨΩ';
const GREEK_WORD = new Set(GREEK_NAMES);
const UPPER_COMMANDS = new Set(['Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega']);
const GREEK_CHAR = new Map<string, string>();
/** The capitals that look like Latin ones have no command: upright Latin, as in the Greek of mathematics. */
const LATIN_LOOKALIKE: Readonly<Record<string, string>> = {
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ρ': 'P', 'Τ': 'T', 'Χ': 'X',
};
GREEK_NAMES.forEach((name, k) => {
  if (name === 'pi') return;
  GREEK_CHAR.set(GREEK_LOWER[k]!, `\\${name}`);
  const upper = name[0]!.toUpperCase() + name.slice(1);
  const capital = GREEK_UPPER[k]!;
  GREEK_CHAR.set(capital, UPPER_COMMANDS.has(upper) ? `\\${upper}` : `\\mathrm{${LATIN_LOOKALIKE[capital]!}}`);
});
// Omicron has no command either: o, and an upright O.
GREEK_CHAR.set('ο', 'o');
GREEK_CHAR.set('Ο', '\\mathrm{O}');
GREEK_CHAR.set('π', '\\pi');
GREEK_CHAR.set('Π', '\\Pi');
GREEK_CHAR.set('ϑ', '\\vartheta');
GREEK_CHAR.set('ϕ', '\\phi');
GREEK_CHAR.set('ϵ', '\\epsilon');
GREEK_CHAR.set('ς', '\\varsigma');

/** One part of a name: a Greek letter or word becomes its command, one letter stays italic, more letters are upright. */
function latexPart(part: string): string {
  if (GREEK_WORD.has(part)) return `\\${part}`;
  if (UPPER_COMMANDS.has(part)) return `\\${part}`;
  const chars = [...part];
  if (chars.every((ch) => GREEK_CHAR.has(ch))) return chars.map((ch) => GREEK_CHAR.get(ch)!).join(' ');
  if (chars.length === 1) return part;
  // Mixed letters and Greek, or a word: upright, each Greek letter as its command. Names hold only
  // ASCII letters, digits, _ and Greek letters, so nothing here needs escaping but _ (split above).
  return `\\mathrm{${chars.map((ch) => (GREEK_CHAR.has(ch) ? `${GREEK_CHAR.get(ch)!} ` : ch)).join('').trim()}}`;
}

/**
 * LaTeX for a user symbol: `x1` → `x_{1}`, `w_out` → `w_{\mathrm{out}}`,
 * `theta2` → `\theta_{2}`, `θ` → `\theta`, `loss` → `\mathrm{loss}`.
 */
export function symbolLatex(name: string): string {
  const [head, ...rest] = name.split('_').filter((p) => p.length > 0);
  if (head === undefined) return '\\_';
  const m = /^(.*?[^0-9])([0-9]+)$/u.exec(head);
  const base = m ? m[1]! : head;
  const subs = [...(m ? [m[2]!] : []), ...rest.map(latexPart)];
  const main = /^[0-9]+$/.test(base) ? `\\mathrm{${base}}` : latexPart(base);
  return subs.length ? `${main}_{${subs.join(',')}}` : main;
}

/** A name written as typed, in italics: the form a name takes when its usual LaTeX belongs to another name. */
function literalLatex(name: string): string {
  return `\\mathit{${[...name].map((ch) => (ch === '_' ? '\\_' : GREEK_CHAR.has(ch) ? `${GREEK_CHAR.get(ch)!} ` : ch)).join('').trim()}}`;
}

/** A name that asked for its typesetting: a subscript written with _, or a Greek letter typed as one. */
const explicit = (name: string): boolean => name.includes('_') || [...name].some((ch) => GREEK_CHAR.has(ch) && ch !== 'ο' && ch !== 'Ο');

/**
 * The LaTeX of the names of one document, one-to-one: where two names would
 * print alike (`x1` and `x_1` both as x_{1}, `theta` and `θ` both as \theta),
 * the one that asked for that form keeps it (`x_1`, `θ`; else the first) and
 * the others are written as typed (\mathit{x1}). Only the names whose LaTeX
 * differs from symbolLatex's are in the map; it is empty when nothing collides.
 */
export function latexNames(names: readonly string[]): ReadonlyMap<string, string> {
  const groups = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const tex = symbolLatex(name);
    const group = groups.get(tex);
    if (group) group.push(name);
    else groups.set(tex, [name]);
  }
  const out = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const keeper = group.find(explicit) ?? group[0]!;
    for (const name of group) if (name !== keeper) out.set(name, literalLatex(name));
  }
  return out;
}

/**
 * The letter of a list's outputs: y (y1, y2, …) unless the input has a name it would read as (y, y1, y_2)
 * or the nodes use it, then u, w, g, F or Y.
 */
export function outputLetter(symbols: readonly string[], nodeLetter = 'z'): string {
  for (const letter of ['y', 'u', 'w', 'g', 'F', 'Y']) {
    if (letter === nodeLetter) continue;
    if (!symbols.some((s) => s === letter || new RegExp(`^${letter}_?\\d+$`).test(s))) return letter;
  }
  return 'out';
}
