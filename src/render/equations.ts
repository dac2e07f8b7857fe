// Every equation of a derivation as a string in one style (ASCII text, Unicode
// text or LaTeX). The text, JSON, and later LaTeX/HTML renderers all take
// their equations from here, so they cannot disagree.
import type { AdjointStep, Derivation, EdgeTerm, GradientStep } from '../derive/derive.js';
import { Prec } from '../ir/ops.js';
import type { NodeId } from '../ir/types.js';
import { muLatex, muText, symbolLatex, zLatex, zText } from '../model/notation.js';
import { precedenceOf, printExpr, type PrintStyle } from './print.js';

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

export function symbolsFor(style: PrintStyle): Symbols {
  if (style.format === 'latex') {
    return {
      z: zLatex, mu: muLatex,
      dL: (v) => `\\frac{\\partial \\mathcal{L}}{\\partial ${v}}`,
      df: (name) => `\\frac{\\partial f}{\\partial ${symbolLatex(name)}}`,
      minus: '-', times: ' \\cdot ', implies: ' \\;\\Rightarrow\\; ', L: '\\mathcal{L}(z, \\mu)', sum: '\\sum',
    };
  }
  const t = style.text;
  const uni = t === 'unicode';
  return {
    z: (k) => zText(k, t), mu: (k) => muText(k, t),
    dL: (v) => (uni ? `∂L/∂${v}` : `dL/d${v}`),
    df: (name) => (uni ? `∂f/∂${name}` : `df/d${name}`),
    minus: uni ? '−' : '-', times: uni ? '·' : '*', implies: uni ? '  ⇒  ' : '  =>  ', L: uni ? 'L(z, μ)' : 'L(z, mu)', sum: uni ? 'Σ' : 'sum',
  };
}

export class Equations {
  readonly sym: Symbols;
  constructor(readonly der: Derivation, readonly style: PrintStyle) {
    this.sym = symbolsFor(style);
  }

  private readonly printed = new Map<NodeId, string>();

  /** An expression, printed once per document (equations repeat the same f_i and partials). */
  expr(id: NodeId): string {
    let s = this.printed.get(id);
    if (s === undefined) {
      s = printExpr(this.der.graph.builder, id, this.style);
      this.printed.set(id, s);
    }
    return s;
  }

  private wrapped(id: NodeId, min: number): string {
    const s = this.expr(id);
    if (precedenceOf(this.der.graph.builder, id, this.style) >= min) return s;
    return this.style.format === 'latex' ? `\\left(${s}\\right)` : `(${s})`;
  }

  /** f_i, for a node (the input's name for an input). */
  f(i: number): string {
    const node = this.der.graph.nodes[i]!;
    if (node.kind === 'input') return this.style.format === 'latex' ? symbolLatex(node.name!) : node.name!;
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

  /** L(z, μ) = z_m − Σ_i μ_i (z_i − f_i(z_α(i))). */
  lagrangian(): string {
    const { d, m } = this.der.graph;
    const parts = [`${this.sym.L} = ${this.sym.z(m)}`];
    for (let i = d + 1; i <= m; i++) parts.push(`${this.sym.minus} ${this.lagrangeTerm(i)}`);
    return parts.join(' ');
  }

  /** ∂L/∂μ_i = −(z_i − f_i) = 0. */
  stationarityMu(i: number): { lhs: string; solved: string } {
    const open = this.style.format === 'latex' ? '\\left(' : '(';
    const close = this.style.format === 'latex' ? '\\right)' : ')';
    const f = this.wrapped(this.der.graph.nodes[i]!.f!, Prec.Product);
    return {
      lhs: `${this.sym.dL(this.sym.mu(i))} = ${this.sym.minus}${open}${this.sym.z(i)} ${this.sym.minus} ${f}${close} = 0`,
      solved: this.constraint(i),
    };
  }

  /** ∂L/∂z_m = 1 − μ_m = 0 ⇒ μ_m = 1. */
  stationarityOutput(): { lhs: string; solved: string } {
    const m = this.der.graph.m;
    return { lhs: `${this.sym.dL(this.sym.z(m))} = 1 ${this.sym.minus} ${this.sym.mu(m)} = 0`, solved: `${this.sym.mu(m)} = 1` };
  }

  /** The raw sum Σ μ_i·(∂f_i/∂z_j), before folding. */
  private rawSum(terms: readonly EdgeTerm[]): string {
    return terms
      .map((t) => `${this.sym.mu(t.from)}${this.sym.times}${this.wrapped(t.partial, Prec.Atom)}`)
      .join(' + ');
  }

  /** The folded sum of terms, with signs pulled out: μ_5 − 2π μ_4 cos(…). */
  sum(terms: readonly EdgeTerm[]): string {
    if (terms.length === 0) return '0';
    return terms
      .map((t, k) => {
        const body = t.negative ? this.wrapped(t.magnitude, Prec.Product) : this.wrapped(t.magnitude, k === 0 ? Prec.Any : Prec.Sum);
        if (k === 0) return t.negative ? `${this.sym.minus}${body}` : body;
        return `${t.negative ? this.sym.minus : '+'} ${body}`;
      })
      .join(' ');
  }

  /** ∂L/∂z_j = −μ_j + Σ μ_i ∂f_i/∂z_j = 0 ⇒ μ_j = …. */
  stationarityZ(step: AdjointStep): { lhs: string; solved: string } {
    const j = step.node;
    const raw = step.terms.length ? ` + ${this.rawSum(step.terms)}` : '';
    return {
      lhs: `${this.sym.dL(this.sym.z(j))} = ${this.sym.minus}${this.sym.mu(j)}${raw} = 0`,
      solved: this.adjoint(step),
    };
  }

  /** μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j, folded. */
  adjoint(step: AdjointStep): string {
    return `${this.sym.mu(step.node)} = ${this.sum(step.terms)}`;
  }

  /** ∂f/∂θ_k = Σ_{i∈β(k)} μ_i ∂f_i/∂θ_k, folded. */
  gradient(step: GradientStep): string {
    return `${this.sym.df(step.name)} = ${this.sum(step.terms)}`;
  }

  /** ∂L/∂θ_k, the same sum; not set to zero, because θ is not constrained. */
  gradientRaw(step: GradientStep): string {
    const raw = step.terms.length ? this.rawSum(step.terms) : '0';
    return `${this.sym.dL(this.sym.z(step.node))} = ${raw}`;
  }
}
