// The computation graph as labels, for every drawing of it (SVG, TikZ, DOT,
// Mermaid, text): node z_i with f_i, its value and multiplier; edge z_j → z_i
// with ∂f_i/∂z_j. Linear in nodes plus edges.
import { partialOf, type Derivation, type EdgeTerm } from '../derive/derive.js';
import type { NodeId } from '../ir/types.js';
import { multiplierSymbol, muSign, namesFor, NOTES, userLatex, type Convention } from './convention.js';
import { Equations } from './equations.js';
import { LATEX, UNICODE } from './print.js';
import { formatValue } from './text-writer.js';

/** The same label in Unicode text and in LaTeX. */
export interface Label {
  readonly text: string;
  readonly latex: string;
}

export interface ViewNode {
  /** 1-based index: z_1 … z_d inputs, z_m the output. */
  readonly index: number;
  /** A stable identifier for DOT and Mermaid: z1, z2, …. */
  readonly id: string;
  readonly kind: 'input' | 'op' | 'output';
  /** z_i in the convention's letter. */
  readonly name: Label;
  /** f_i over the z's; for an input, the user's symbol. */
  readonly f: Label;
  /** z_i and the multiplier at the point (in the convention's sign), when shown. */
  readonly value?: number;
  readonly mu?: number;
  /** The node's first line when it is not `name = f` (a program's input: W₁ ∈ ℝ⁴ˣ³). */
  readonly main?: Label;
}

export interface ViewEdge {
  /** z_j → z_i: j ∈ α(i). */
  readonly from: number;
  readonly to: number;
  /** ∂f_i/∂z_j as an expression, or only its name ∂f_i/∂z_j (a student's handout). */
  readonly label: Label;
}

export interface GraphView {
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
  readonly conv: Convention;
  readonly multiplier: Label;
  readonly hasValues: boolean;
  readonly hasMu: boolean;
}

export interface ViewOptions {
  readonly conv?: Convention;
  /** Node values z_i at the point. */
  readonly values?: Float64Array;
  /** ∂f/∂z_j at the point (Analysis.mu); shown as the multiplier in the convention's sign. */
  readonly mu?: Float64Array;
  /** Edge labels: the partial's expression (default) or only its name. */
  readonly partials?: 'expression' | 'name';
}

/** A value in LaTeX: 6 significant digits, as the text shows it. */
export function valueLatex(v: number): string {
  const s = formatValue(v).replace(/−/g, '-');
  if (s === '∞') return '\\infty';
  if (s === '-∞') return '-\\infty';
  if (s === 'NaN') return '\\mathrm{NaN}';
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** A value as text for tables: 6 significant digits, exponents as ×10⁻¹¹ (cheaper than typesetting each cell). */
export function valueText(v: number): string {
  return formatValue(v).replace(/e([+-]?)(\d+)$/, (_m, sign: string, d: string) =>
    `×10${sign === '-' ? '⁻' : ''}${[...d].map((c) => SUPERSCRIPT[Number(c)]).join('')}`);
}

export function graphView(der: Derivation, options: ViewOptions = {}): GraphView {
  const conv = options.conv ?? NOTES;
  const { graph } = der;
  const text = new Equations(der, UNICODE, conv);
  const latex = new Equations(der, LATEX, conv);
  const zt = namesFor(conv, 'unicode');
  const zl = namesFor(conv, 'latex');
  const sign = muSign(conv);
  // ∂f_i/∂z_j of each edge, from the derivation's backward and gradient steps.
  const partial = new Map<string, NodeId>();
  const note = (j: number, terms: readonly EdgeTerm[]): void => {
    for (const t of terms) partial.set(`${j}:${t.from}`, partialOf(t));
  };
  for (const s of der.backward) if (s.rule === 'kkt.z') note(s.node, s.terms);
  for (const s of der.gradient) note(s.node, s.terms);

  const nodes: ViewNode[] = [];
  const edges: ViewEdge[] = [];
  for (const node of graph.nodes.slice(1)) {
    const i = node.index;
    nodes.push({
      index: i,
      id: `z${i}`,
      kind: node.kind === 'input' ? 'input' : i === graph.m ? 'output' : 'op',
      name: { text: zt.z(i), latex: zl.z(i) },
      f: node.kind === 'input' ? { text: node.name!, latex: userLatex(conv, node.name!) } : { text: text.f(i), latex: latex.f(i) },
      ...(options.values ? { value: options.values[i]! } : {}),
      ...(options.mu ? { mu: sign * options.mu[i]! } : {}),
    });
    for (const j of node.alpha) {
      const p = partial.get(`${j}:${i}`);
      const named = options.partials === 'name' || p === undefined;
      edges.push({
        from: j,
        to: i,
        label: named
          ? { text: `∂f${subscriptOf(zt.z(i))}/∂${zt.z(j)}`, latex: `\\frac{\\partial f_{${i}}}{\\partial ${zl.z(j)}}` }
          : { text: text.expr(p), latex: latex.expr(p) },
      });
    }
  }
  return {
    nodes,
    edges,
    conv,
    multiplier: { text: multiplierSymbol(conv, 'unicode'), latex: multiplierSymbol(conv, 'latex') },
    hasValues: options.values !== undefined,
    hasMu: options.mu !== undefined,
  };
}

/** The subscript of a Unicode node name: z₁₂ → ₁₂. */
function subscriptOf(name: string): string {
  return name.replace(/^[^₀-₉]*/, '');
}
