// Every equation of a derivation as a string in one style (ASCII text, Unicode
// text or LaTeX) and one convention (render/convention.ts). The text, JSON,
// LaTeX, HTML and Markdown renderers all take their equations from here, so
// they cannot disagree.
import { partialOf, type AdjointStep, type Derivation, type EdgeTerm, type GradientStep } from '../derive/derive.js';
import { Prec } from '../ir/ops.js';
import type { NodeId } from '../ir/types.js';
import { conventionLatex, isNotes, lagrangianText, namesFor, NOTES, userLatex, type Convention } from './convention.js';
import { expressionPrinter, type Printer, type PrintStyle } from './print.js';

export interface Symbols {
  z(k: number): string;
  mu(k: number): string;
  /** ∂L/∂v. */
  dL(v: string): string;
  /** ∂f/∂θ for a user symbol. */
  df(name: string): string;
  readonly minus: string;
  readonly times: string;
  readonly implies: string;
  readonly L: string;
  readonly sum: string;
}

export function symbolsFor(style: PrintStyle, conv: Convention = NOTES): Symbols {
  if (style.format === 'latex') {
    const names = namesFor(conv, 'latex');
    return {
      z: names.z, mu: names.mu,
      dL: (v) => `\\frac{\\partial \\mathcal{L}}{\\partial ${v}}`,
      df: (name) => `\\frac{\\partial f}{\\partial ${userLatex(conv, name)}}`,
      minus: '-', times: ' \\cdot ', implies: ' \\;\\Rightarrow\\; ', L: conventionLatex(conv).L, sum: '\\sum',
    };
  }
  const t = style.text;
  const uni = t === 'unicode';
  const names = namesFor(conv, t);
  const Lg = lagrangianText(conv, t);
  const L = isNotes(conv) ? (uni ? `${Lg}(z, μ)` : `${Lg}(z, mu)`) : `${Lg}(${conv.node}, ${names.mu('').replace(/_$/, '')})`;
  return {
    z: names.z, mu: names.mu,
    dL: (v) => (uni ? `∂${Lg}/∂${v}` : `d${Lg}/d${v}`),
    df: (name) => (uni ? `∂f/∂${name}` : `df/d${name}`),
    minus: uni ? '−' : '-', times: uni ? '·' : '*', implies: uni ? '  ⇒  ' : '  =>  ', L, sum: uni ? 'Σ' : 'sum',
  };
}

export class Equations {
  readonly sym: Symbols;
  /** Every expression these equations print, in `style` with the convention's names, each node once. */
  private readonly printer: Printer;
  /** The Lagrangian's sign: '-' for the notes' L = z_m − Σ μ_i (z_i − f_i), '+' for L = z_m + Σ …. */
  private readonly plus: boolean;
  constructor(readonly der: Derivation, readonly style: PrintStyle, readonly conv: Convention = NOTES) {
    this.sym = symbolsFor(style, conv);
    this.plus = conv.sign === '+';
    const sym = conv.symbols ? { sym: (name: string) => userLatex(conv, name) } : {};
    const print = isNotes(conv) && !conv.symbols ? style : { ...style, names: { z: this.sym.z, mu: this.sym.mu, ...sym } };
    this.printer = expressionPrinter(der.graph.builder, print);
  }

  /** An expression, printed once per document (equations repeat the same f_i and partials). */
  expr(id: NodeId): string {
    return this.printer.print(id);
  }

  /** The precedence of an expression as printed, for a caller that wraps it. */
  precedence(id: NodeId): number {
    return this.printer.precedence(id);
  }

  private wrapped(id: NodeId, min: number): string {
    const s = this.expr(id);
    if (this.precedence(id) >= min) return s;
    return this.style.format === 'latex' ? `\\left(${s}\\right)` : `(${s})`;
  }

  /** f_i, for a node (the input's name for an input). */
  f(i: number): string {
    const node = this.der.graph.nodes[i]!;
    if (node.kind === 'input') return this.style.format === 'latex' ? userLatex(this.conv, node.name!) : node.name!;
    return this.expr(node.f!);
  }

  /** z_i = f_i: constraint i, and the forward equation. */
  constraint(i: number): string {
    return `${this.sym.z(i)} = ${this.f(i)}`;
  }

  /** μ_i (z_i − f_i), one term of the Lagrangian. */
  private lagrangeTerm(i: number): string {
    const open = this.style.format === 'latex' ? '\\left(' : '(';
    const close = this.style.format === 'latex' ? '\\right)' : ')';
    const fi = this.der.graph.nodes[i]!.f!;
    const f = this.wrapped(fi, Prec.Product);
    return `${this.sym.mu(i)}${this.style.format === 'latex' ? ' ' : ''}${open}${this.sym.z(i)} ${this.sym.minus} ${f}${close}`;
  }

  /** The sign between z_m and each term of the Lagrangian. */
  private get lagrangeSign(): string {
    return this.plus ? '+' : this.sym.minus;
  }

  /** L(z, μ) = z_m − Σ_i μ_i (z_i − f_i(z_α(i))) (with + under the + convention). */
  lagrangian(): string {
    return this.lagrangianParts().join(' ');
  }

  /** The Lagrangian in pieces: `L(z, μ) = z_m`, then `− μ_i(z_i − f_i)` for each i, for renderers that break lines. */
  lagrangianParts(): string[] {
    const { d, m } = this.der.graph;
    const parts = [`${this.sym.L} = ${this.sym.z(m)}`];
    for (let i = d + 1; i <= m; i++) parts.push(`${this.lagrangeSign} ${this.lagrangeTerm(i)}`);
    return parts;
  }

  /** ∂L/∂μ_i = −(z_i − f_i) = 0 (z_i − f_i = 0 under the + convention). */
  stationarityMu(i: number): { lhs: string; solved: string } {
    const open = this.style.format === 'latex' ? '\\left(' : '(';
    const close = this.style.format === 'latex' ? '\\right)' : ')';
    const f = this.wrapped(this.der.graph.nodes[i]!.f!, Prec.Product);
    const residual = `${this.sym.z(i)} ${this.sym.minus} ${f}`;
    return {
      lhs: `${this.sym.dL(this.sym.mu(i))} = ${this.plus ? residual : `${this.sym.minus}${open}${residual}${close}`} = 0`,
      solved: this.constraint(i),
    };
  }

  /** ∂L/∂z_m = 1 − μ_m = 0 ⇒ μ_m = 1 (1 + μ_m = 0 ⇒ μ_m = −1 under the + convention). */
  stationarityOutput(): { lhs: string; solved: string } {
    const m = this.der.graph.m;
    return {
      lhs: `${this.sym.dL(this.sym.z(m))} = 1 ${this.lagrangeSign} ${this.sym.mu(m)} = 0`,
      solved: `${this.sym.mu(m)} = ${this.plus ? `${this.sym.minus}1` : '1'}`,
    };
  }

  /** The raw terms μ_i·(∂f_i/∂z_j), before folding. */
  private rawTerms(terms: readonly EdgeTerm[]): string[] {
    return terms.map((t) => `${this.sym.mu(t.from)}${this.sym.times}${this.wrapped(partialOf(t), Prec.Atom)}`);
  }

  /**
   * The folded sum of terms as signed pieces, signs pulled out: [`μ_5`, `− 2π μ_4 cos(…)`].
   * `negate` flips every sign (the gradient under the + convention).
   */
  sumParts(terms: readonly EdgeTerm[], negate = false): string[] {
    if (terms.length === 0) return ['0'];
    return terms.map((t, k) => {
      const negative = t.negative !== negate;
      const body = negative ? this.wrapped(t.magnitude, Prec.Product) : this.wrapped(t.magnitude, k === 0 ? Prec.Any : Prec.Sum);
      if (k === 0) return negative ? `${this.sym.minus}${body}` : body;
      return `${negative ? this.sym.minus : '+'} ${body}`;
    });
  }

  /** The folded sum of terms, with signs pulled out: μ_5 − 2π μ_4 cos(…). */
  sum(terms: readonly EdgeTerm[], negate = false): string {
    return this.sumParts(terms, negate).join(' ');
  }

  /** ∂L/∂z_j = −μ_j + Σ μ_i ∂f_i/∂z_j = 0 ⇒ μ_j = … (μ_j − Σ … = 0 under the + convention). */
  stationarityZ(step: AdjointStep): { lhs: string; solved: string } {
    return {
      lhs: `${this.sym.dL(this.sym.z(step.node))} = ${this.stationarityZParts(step).join(' ')} = 0`,
      solved: this.adjoint(step),
    };
  }

  /** The right-hand side of ∂L/∂z_j in pieces: [`−μ_j`, `+ μ_i·∂f_i/∂z_j`, …]. */
  stationarityZParts(step: AdjointStep): string[] {
    const j = step.node;
    const join = this.plus ? this.sym.minus : '+';
    return [`${this.plus ? '' : this.sym.minus}${this.sym.mu(j)}`, ...this.rawTerms(step.terms).map((t) => `${join} ${t}`)];
  }

  /** μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j, folded (the same recursion under either sign). */
  adjoint(step: AdjointStep): string {
    return `${this.sym.mu(step.node)} = ${this.sum(step.terms)}`;
  }

  /** ∂f/∂θ_k = Σ_{i∈β(k)} μ_i ∂f_i/∂θ_k, folded (−Σ … under the + convention). */
  gradient(step: GradientStep): string {
    return `${this.sym.df(step.name)} = ${this.sum(step.terms, this.plus)}`;
  }
}
