// The terminal's writer: a derivation's sections in one order and style for
// every kind of input (`derivationText` over the rows each kind gives), the
// aligned table, values for people, and the Theme colour comes in through
// (never chalk directly).

export interface Theme {
  heading(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
}

export const PLAIN_THEME: Theme = { heading: (s) => s, ok: (s) => s, bad: (s) => s, dim: (s) => s };

/** A value for people: 6 significant digits, exponent form when very large or small. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e9 ? String(Number(v.toPrecision(6))) : v.toExponential(5).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

/** out.push(...rows) without spreading: a spread of 10⁵ arguments overflows the stack. */
export function pushAll(out: string[], rows: readonly string[]): void {
  for (const r of rows) out.push(r);
}

/** Cells longer than this do not widen their column: one huge equation must not pad every row (that is quadratic). */
const ALIGN_LIMIT = 48;
/**
 * Rows of cells in aligned columns, two spaces apart, the last cell never
 * padded; for expressions and programs alike. Widths count what is seen:
 * code points (𝟙 is one), colour codes not at all.
 */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  // Each cell measured once (a row's last cell too: in a longer row that column is padded).
  const lengths = rows.map((r) => r.map(seenLength));
  lengths.forEach((r) => r.forEach((n, k) => {
    if (n <= ALIGN_LIMIT) widths[k] = Math.max(widths[k] ?? 0, n);
  }));
  return rows.map((r, i) => {
    let line = indent;
    for (let k = 0; k < r.length; k++) {
      line += k === r.length - 1 ? r[k]! : `${r[k]!}${' '.repeat(Math.max(0, (widths[k] ?? 0) - lengths[i]![k]!))}  `;
    }
    return line.trimEnd();
  });
}

/** The length of a cell as a terminal shows it: code points (a pair of surrogates is one), ANSI colour codes left out. */
function seenLength(cell: string): number {
  const s = visible(cell);
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) (n--, i++);
    }
  }
  return n;
}

/** The text without ANSI colour codes, for measuring widths. */
function visible(s: string): string {
  return s.includes('\u001b') ? s.replace(/\u001b\[[0-9;]*m/g, '') : s;
}

/** A section of the terminal document: its heading, a note beside it, its lines. */
export interface TextSection {
  readonly title: string;
  readonly note?: string;
  readonly lines: readonly string[];
}

/**
 * A derivation as the terminal document reads it, whatever the input: an
 * expression (z_i, μ_i and numbers) or a program (the user's names and
 * tensors). The one writer, `derivationText`, lays it out.
 */
export interface TextRows {
  /** The lines before the first section: what was read. */
  readonly header: readonly string[];
  /** The computation graph (an expression) or the variables (a program). */
  readonly graph: TextSection;
  /** The output the problem minimizes, and its constraints z_i = f_i. */
  readonly output: string;
  readonly constraints: readonly string[];
  readonly says: { readonly lagrangian: string; readonly kkt: string; readonly forward: string; readonly backward: string; readonly gradient: string };
  readonly lagrangian: string;
  /** ∂L/∂μ_i = 0 and ∂L/∂z_j = 0, each with what it solves to. */
  readonly kkt: readonly (readonly [string, string])[];
  /** Each equation with its value, formatted. */
  readonly forward: readonly (readonly [string, string])[];
  readonly backward: readonly (readonly [string, string])[];
  readonly gradient: readonly (readonly [string, string])[];
  /** Sections after the gradient (an expression's chain rule made explicit). */
  readonly more: readonly TextSection[];
  readonly cost: { readonly note: string; readonly lines: readonly string[] };
  /** The check's lines, from its blank line on. */
  readonly check: readonly string[];
  /** Lines after the check (the path sums). */
  readonly tail: readonly string[];
}

/** The one terminal writer of a derivation, for every kind of input. */
export function derivationText(r: TextRows, theme: Theme): string[] {
  const out: string[] = [];
  pushAll(out, r.header);
  const section = (s: TextSection): void => {
    out.push('', theme.heading(s.title) + (s.note ? theme.dim(`  ${s.note}`) : ''));
    pushAll(out, s.lines);
  };
  const value = (rows: readonly (readonly [string, string])[]): string[] => table(rows.map(([e, v]) => [e, theme.dim(`= ${v}`)]));
  section(r.graph);
  section({
    title: 'Constrained formulation',
    lines: [`  minimize    ${r.output}`, ...r.constraints.map((c, k) => `  ${k === 0 ? 'subject to' : '          '}  ${c}`)],
  });
  section({ title: 'Lagrangian', note: r.says.lagrangian, lines: [`  ${r.lagrangian}`] });
  section({ title: 'KKT conditions', note: r.says.kkt, lines: table(r.kkt.map(([lhs, solved]) => [lhs, `⇒  ${solved}`])) });
  section({ title: 'Forward pass', note: r.says.forward, lines: value(r.forward) });
  section({ title: 'Backward pass', note: r.says.backward, lines: value(r.backward) });
  section({ title: 'Gradient', note: r.says.gradient, lines: value(r.gradient) });
  for (const s of r.more) section(s);
  section({ title: 'Cost', note: r.cost.note, lines: r.cost.lines });
  pushAll(out, r.check);
  pushAll(out, r.tail);
  return out;
}

