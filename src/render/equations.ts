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

/**
 * Every equation of one derivation in one style and convention. Each node's names (z_i, μ_i) are
 * made once and shared with the printer; an equation is written from its pieces in one join (one
 * flat string, no intermediate strings or arrays per term).
 */
export class Equations {
  readonly sym: Symbols;
  /** Every expression these equations print, in `style` with the convention's names, each node once. */
  private readonly printer: Printer;
  /** The Lagrangian's sign: '-' for the notes' L = z_m − Σ μ_i (z_i − f_i), '+' for L = z_m + Σ …. */
  private readonly plus: boolean;
  /** Brackets round a sum: ( ) in text, \left( \right) in LaTeX. */
  private readonly open: string;
  private readonly close: string;
  /** ` − ` between two terms. */
  private readonly minusSpaced: string;
  /** Each node's z_i and μ_i, by index (made when first asked for). */
  private readonly zs: (string | undefined)[];
  private readonly mus: (string | undefined)[];
  constructor(readonly der: Derivation, readonly style: PrintStyle, readonly conv: Convention = NOTES) {
    this.sym = symbolsFor(style, conv);
    this.plus = conv.sign === '+';
    const latex = style.format === 'latex';
    this.open = latex ? '\\left(' : '(';
    this.close = latex ? '\\right)' : ')';
    this.minusSpaced = ` ${this.sym.minus} `;
    this.zs = new Array<string | undefined>(der.graph.m + 1);
    this.mus = new Array<string | undefined>(der.graph.m + 1);
    const sym = conv.symbols ? { sym: (name: string) => userLatex(conv, name) } : {};
    // The printer names nodes as these equations do (the notes' z_i and μ_i, or the convention's), so
    // it takes the same strings; only a style with names of its own keeps them.
    const own = isNotes(conv) && !conv.symbols && style.names !== undefined;
    const print = own ? style : { ...style, names: { z: (k: number) => this.z(k), mu: (k: number) => this.mu(k), ...sym } };
    this.printer = expressionPrinter(der.graph.builder, print);
  }

  /** z_i in this style and convention. */
  z(i: number): string {
    if (i < 0 || i >= this.zs.length) return this.sym.z(i);
    return (this.zs[i] ??= this.sym.z(i));
  }

  /** μ_i in this style and convention. */
  mu(i: number): string {
    if (i < 0 || i >= this.mus.length) return this.sym.mu(i);
    return (this.mus[i] ??= this.sym.mu(i));
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
    return `${this.open}${s}${this.close}`;
  }

  /** Appends the expression, bracketed when its precedence is below `min`. */
  private pushWrapped(out: string[], id: NodeId, min: number): void {
    const s = this.expr(id);
    if (this.precedence(id) >= min) out.push(s);
    else out.push(this.open, s, this.close);
  }

  /** f_i, for a node (the input's name for an input). */
  f(i: number): string {
    const node = this.der.graph.nodes[i]!;
    if (node.kind === 'input') return this.style.format === 'latex' ? userLatex(this.conv, node.name!) : node.name!;
    return this.expr(node.f!);
  }

  /** z_i = f_i: constraint i, and the forward equation. */
  constraint(i: number): string {
    return `${this.z(i)} = ${this.f(i)}`;
  }

  /** Appends `μ_i (z_i − f_i)`, one term of the Lagrangian. */
  private pushLagrangeTerm(out: string[], i: number): void {
    out.push(this.mu(i), this.style.format === 'latex' ? ' ' : '', this.open, this.z(i), this.minusSpaced);
    this.pushWrapped(out, this.der.graph.nodes[i]!.f!, Prec.Product);
    out.push(this.close);
  }

  /** The sign between z_m and each term of the Lagrangian. */
  private get lagrangeSign(): string {
    return this.plus ? '+' : this.sym.minus;
  }

  /** L(z, μ) = z_m − Σ_i μ_i (z_i − f_i(z_α(i))) (with + under the + convention): lagrangianParts joined by spaces. */
  lagrangian(): string {
    const { d, m } = this.der.graph;
    const out = [this.sym.L, ' = ', this.z(m)];
    const sign = ` ${this.lagrangeSign} `;
    for (let i = d + 1; i <= m; i++) {
      out.push(sign);
      this.pushLagrangeTerm(out, i);
    }
    return out.join('');
  }

  /** The Lagrangian in pieces: `L(z, μ) = z_m`, then `− μ_i(z_i − f_i)` for each i, for renderers that break lines. */
  lagrangianParts(): string[] {
    const { d, m } = this.der.graph;
    const parts = [`${this.sym.L} = ${this.z(m)}`];
    for (let i = d + 1; i <= m; i++) {
      const out = [this.lagrangeSign, ' '];
      this.pushLagrangeTerm(out, i);
      parts.push(out.join(''));
    }
    return parts;
  }

  /** ∂L/∂μ_i = −(z_i − f_i) = 0 (z_i − f_i = 0 under the + convention). */
  stationarityMu(i: number): { lhs: string; solved: string } {
    const out: string[] = [];
    this.pushStationarityMu(out, i);
    return { lhs: out.join(''), solved: this.constraint(i) };
  }

  private pushStationarityMu(out: string[], i: number): void {
    out.push(this.sym.dL(this.mu(i)), this.plus ? ' = ' : ` = ${this.sym.minus}${this.open}`, this.z(i), this.minusSpaced);
    this.pushWrapped(out, this.der.graph.nodes[i]!.f!, Prec.Product);
    out.push(this.plus ? ' = 0' : `${this.close} = 0`);
  }

  /** ∂L/∂μ_i = 0 ⇒ z_i = f_i on one line: the lhs of `stationarityMu`, `implies`, then its solved form. */
  stationarityMuLine(i: number, implies: string): string {
    const out: string[] = [];
    this.pushStationarityMu(out, i);
    out.push(implies, this.z(i), ' = ', this.f(i));
    return out.join('');
  }

  /** ∂L/∂z_m = 1 − μ_m = 0 ⇒ μ_m = 1 (1 + μ_m = 0 ⇒ μ_m = −1 under the + convention). */
  stationarityOutput(): { lhs: string; solved: string } {
    const m = this.der.graph.m;
    return {
      lhs: `${this.sym.dL(this.z(m))} = 1 ${this.lagrangeSign} ${this.mu(m)} = 0`,
      solved: `${this.mu(m)} = ${this.plus ? `${this.sym.minus}1` : '1'}`,
    };
  }

  /** The raw terms μ_i·(∂f_i/∂z_j), before folding. */
  private rawTerms(terms: readonly EdgeTerm[]): string[] {
    return terms.map((t) => `${this.mu(t.from)}${this.sym.times}${this.wrapped(partialOf(t), Prec.Atom)}`);
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

  /** Appends sumParts joined by spaces. */
  private pushSum(out: string[], terms: readonly EdgeTerm[], negate: boolean): void {
    if (terms.length === 0) {
      out.push('0');
      return;
    }
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      const negative = t.negative !== negate;
      if (k > 0) out.push(negative ? this.minusSpaced : ' + ');
      else if (negative) out.push(this.sym.minus);
      this.pushWrapped(out, t.magnitude, negative ? Prec.Product : k === 0 ? Prec.Any : Prec.Sum);
    }
  }

  /** The folded sum of terms, with signs pulled out: μ_5 − 2π μ_4 cos(…). */
  sum(terms: readonly EdgeTerm[], negate = false): string {
    const out: string[] = [];
    this.pushSum(out, terms, negate);
    return out.join('');
  }

  /** ∂L/∂z_j = −μ_j + Σ μ_i ∂f_i/∂z_j = 0 ⇒ μ_j = … (μ_j − Σ … = 0 under the + convention). */
  stationarityZ(step: AdjointStep): { lhs: string; solved: string } {
    const out: string[] = [];
    this.pushStationarityZ(out, step);
    return { lhs: out.join(''), solved: this.adjoint(step) };
  }

  /** ∂L/∂z_j = 0 ⇒ μ_j = … on one line: the lhs of `stationarityZ`, `implies`, then its solved form. */
  stationarityZLine(step: AdjointStep, implies: string): string {
    const out: string[] = [];
    this.pushStationarityZ(out, step);
    out.push(implies);
    this.pushAdjoint(out, step);
    return out.join('');
  }

  private pushStationarityZ(out: string[], step: AdjointStep): void {
    const join = this.plus ? this.minusSpaced : ' + ';
    out.push(this.sym.dL(this.z(step.node)), ' = ', this.plus ? '' : this.sym.minus, this.mu(step.node));
    for (const t of step.terms) {
      out.push(join, this.mu(t.from), this.sym.times);
      this.pushWrapped(out, partialOf(t), Prec.Atom);
    }
    out.push(' = 0');
  }

  /** The right-hand side of ∂L/∂z_j in pieces: [`−μ_j`, `+ μ_i·∂f_i/∂z_j`, …]. */
  stationarityZParts(step: AdjointStep): string[] {
    const j = step.node;
    const join = this.plus ? this.sym.minus : '+';
    return [`${this.plus ? '' : this.sym.minus}${this.mu(j)}`, ...this.rawTerms(step.terms).map((t) => `${join} ${t}`)];
  }

  private pushAdjoint(out: string[], step: AdjointStep): void {
    out.push(this.mu(step.node), ' = ');
    this.pushSum(out, step.terms, false);
  }

  /** μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j, folded (the same recursion under either sign). */
  adjoint(step: AdjointStep): string {
    const out: string[] = [];
    this.pushAdjoint(out, step);
    return out.join('');
  }

  /** ∂f/∂θ_k = Σ_{i∈β(k)} μ_i ∂f_i/∂θ_k, folded (−Σ … under the + convention). */
  gradient(step: GradientStep): string {
    const out = [this.sym.df(step.name), ' = '];
    this.pushSum(out, step.terms, this.plus);
    return out.join('');
  }
}
