// Escaping of text a user typed (titles, prose, names) for each format it can
// land in. Every renderer passes user text through one of these; none of them
// lets markup through, so no \input, \write18, <script>, event handler or
// javascript: link can be injected.

/**
 * Characters a terminal (or a reader of the text) would act on rather than
 * show: C0 controls but tab and newline (a newline only with `newlines`), DEL,
 * C1 controls (ESC [ … as one character), the bidirectional overrides,
 * embeddings, isolates and marks, and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One control character as it is shown: `\x1b` for C0, `\u009b` for the rest (both valid in a JSON string but C0's, which JSON never has raw). */
function shownControl(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  const code = ch.charCodeAt(0);
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Control characters shown escaped (ESC as `\x1b`, U+202E as `\u202e`), so
 * that text from a user can neither drive a terminal (set its title, clear
 * it, move the cursor) nor reorder what is shown. Tab and newline are kept;
 * with `{ newlines: false }` a newline is shown as `\n` too (a message is
 * one line); a carriage return is kept only before a newline (CRLF).
 */
export function escapeControls(s: string, options: { newlines?: boolean } = {}): string {
  if (options.newlines === false) return s.replace(CONTROL_OR_NEWLINE, shownControl);
  return s.replace(CONTROL, (ch, offset: number) => (ch === '\r' && s.charCodeAt(offset + 1) === 10 ? ch : shownControl(ch)));
}

/** HTML text and attribute values: & < > " ' become entities; control characters are shown escaped. */
export function escapeHtml(s: string): string {
  return escapeControls(s).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]!);
}
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** XML (SVG) text and attribute values; the same five characters. */
export const escapeXml = escapeHtml;

/** Controls (and the line and paragraph separators) become spaces: a title is one line. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

const LATEX_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', '%': '\\%',
  _: '\\_', '^': '\\^{}', '~': '\\textasciitilde{}',
  // OT1 fonts print these as ¡ ¿ —.
  '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}', '"': "''",
};
/** Non-ASCII characters pdflatex prints with its default (OT1) fonts, as commands. */
const LATEX_UNICODE: Readonly<Record<string, string>> = {
  '–': '--', '—': '---', '‘': '`', '’': "'", '“': '``', '”': "''", '…': '\\ldots{}', '\u00a0': '~',
  '·': '$\\cdot$', '−': '$-$', '×': '$\\times$', '∂': '$\\partial$', '∑': '$\\sum$', '≈': '$\\approx$',
  '≤': '$\\leq$', '≥': '$\\geq$', '→': '$\\to$', '⇒': '$\\Rightarrow$', '∈': '$\\in$', '✓': '$\\checkmark$', '✗': '$\\times$', '∇': '$\\nabla$', '°': '$^\\circ$',
  '⁰': '$^{0}$', '¹': '$^{1}$', '²': '$^{2}$', '³': '$^{3}$', '⁴': '$^{4}$', '⁵': '$^{5}$', '⁶': '$^{6}$', '⁷': '$^{7}$',
  '⁸': '$^{8}$', '⁹': '$^{9}$', '⁻': '$^{-}$',
  'ß': '\\ss{}', 'æ': '\\ae{}', 'Æ': '\\AE{}', 'ø': '\\o{}', 'Ø': '\\O{}', 'œ': '\\oe{}', 'Œ': '\\OE{}', 'ł': '\\l{}', 'Ł': '\\L{}',
  'å': '\\aa{}', 'Å': '\\AA{}', 'ı': '\\i{}', '¿': '?`', '¡': '!`', '©': '\\copyright{}', '§': '\\S{}', '¶': '\\P{}',
};
const GREEK: Readonly<Record<string, string>> = {
  'α': 'alpha', 'β': 'beta', 'γ': 'gamma', 'δ': 'delta', 'ε': 'epsilon', 'ζ': 'zeta', 'η': 'eta', 'θ': 'theta', 'ι': 'iota',
  'κ': 'kappa', 'λ': 'lambda', 'μ': 'mu', 'ν': 'nu', 'ξ': 'xi', 'π': 'pi', 'ρ': 'rho', 'σ': 'sigma', 'ς': 'varsigma', 'τ': 'tau',
  'υ': 'upsilon', 'φ': 'phi', 'χ': 'chi', 'ψ': 'psi', 'ω': 'omega', 'ϑ': 'vartheta', 'ϕ': 'phi', 'ϵ': 'epsilon',
  'Γ': 'Gamma', 'Δ': 'Delta', 'Θ': 'Theta', 'Λ': 'Lambda', 'Ξ': 'Xi', 'Π': 'Pi', 'Σ': 'Sigma', 'Φ': 'Phi', 'Ψ': 'Psi', 'Ω': 'Omega',
};
/** Combining accents and the OT1 accent command that draws each. */
const ACCENTS: Readonly<Record<string, string>> = {
  '\u0300': '`', '\u0301': "'", '\u0302': '^', '\u0303': '~', '\u0304': '=', '\u0306': 'u', '\u0307': '.', '\u0308': '"',
  '\u030a': 'r', '\u030b': 'H', '\u030c': 'v', '\u0327': 'c', '\u0328': 'k',
};

function latexChar(ch: string): string {
  const direct = LATEX_SPECIAL[ch] ?? LATEX_UNICODE[ch];
  if (direct !== undefined) return direct;
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return ch;
  if (GREEK[ch]) return `$\\${GREEK[ch]}$`;
  // An accented Latin letter: base letter plus accents, each drawn by its command.
  const [base, ...marks] = [...ch.normalize('NFD')];
  if (base && /^[A-Za-z]$/.test(base) && marks.length > 0 && marks.every((mk) => ACCENTS[mk])) {
    const letter = base === 'i' || base === 'j' ? `\\${base}` : base;
    return marks.reduce((acc, mk) => `\\${ACCENTS[mk]}{${acc}}`, letter);
  }
  // Anything else would stop pdflatex ("Unicode character not set up"): its code point, visibly.
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * Text for LaTeX's text mode: every special character becomes the command
 * that prints it, so user text can never form a command (`\input`), a group,
 * math, a comment, or a `^^` character code. Non-ASCII characters OT1 cannot
 * draw are shown as [U+XXXX].
 */
export function escapeLatex(s: string): string {
  let out = '';
  for (const ch of oneLine(s)) out += latexChar(ch);
  return out;
}

/**
 * Markdown text (CommonMark, GitHub, Jupyter): characters that could start
 * markup are backslash-escaped and < > & become entities, so user text forms
 * no link, autolink, image, HTML tag, emphasis, code, table cell or math;
 * text that starts a line (`lineStart`) forms no heading, list or rule either.
 */
export function escapeMarkdown(s: string, lineStart = true): string {
  const inline = oneLine(s)
    .replace(/[\\`*_{}[\]|$~<>&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`))
    // GitHub links bare URLs (http://, www.): break the pattern without changing the text.
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.');
  if (!lineStart) return inline;
  // Block syntax at the start of a line: # heading, - + list, 1. 1) list, = rule.
  return inline.replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_m, space: string, mark: string) => (/^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

/** A DOT quoted string: backslash and quote escaped, one line. */
export function escapeDot(s: string): string {
  return oneLine(s).replace(/[\\"]/g, (ch) => `\\${ch}`);
}

/** A Mermaid quoted label: quotes and markup characters as Mermaid's #code; entities. */
export function escapeMermaid(s: string): string {
  return oneLine(s).replace(/["#<>&`]/g, (ch) => `#${ch.codePointAt(0)};`);
}
