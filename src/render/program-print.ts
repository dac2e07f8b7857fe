// The equations of a program's derivation (ProgramEquations), in one style
// and one convention: the constraints, the Lagrangian, the KKT conditions,
// the sums of the backward pass and the gradient. Each instance prints
// through one Printer (render/print.ts), so a node printed by several
// equations is written once.
import type { AdjointEquation, AdjointTerm, ProgramDerivation } from '../tensor/derive.js';
import type { Builder, NodeId } from '../ir/build.js';
import { Prec } from '../ir/tensor-ops.js';
import { isScalar, tensor, type Tensor } from '../ir/shape.js';
import { isNotes, multiplierSymbol, NOTES, type Convention } from './convention.js';
import { muOf, programPrinter, type Printer, type SignedTerm, type WriteStyle } from './print.js';

/**
 * A multiplier's value in the convention: the sweep computes μ_v = ∂ℓ/∂v (the
 * notes' sign); under the + sign the multiplier is −∂ℓ/∂v.
 */
export function muValue(t: Tensor, conv: Convention): Tensor {
  if (conv.sign === '-') return t;
  return tensor(t.rows, t.cols, t.data.map((v) => (v === 0 ? 0 : -v)));
}

/**
 * A term μ_w sends back to a variable, as it reads in the convention. The
 * derivation substitutes μ_ℓ = 1 for the objective ℓ when nothing uses it;
 * under the + sign μ_ℓ = −1, so those terms change sign. Every other term is
 * the same in both conventions.
 */
export function conventionTerm(der: ProgramDerivation, t: AdjointTerm, conv: Convention): SignedTerm {
  return { id: t.term, negative: conv.sign === '+' && der.foldedObjective && t.from === der.program.objective };
}

/**
 * Every equation of a derivation in one style and one convention
 * (render/convention.ts). With the notes' L = ℓ − Σ ⟨μ_v, v − f_v⟩ these are
 * the derivation's own formulas. With L = ℓ + Σ ⟨μ_v, v − f_v⟩ the KKT
 * conditions give the same recursion with μ_ℓ = −1 (so every μ_v is −∂ℓ/∂v)
 * and ∂ℓ/∂θ = −Σ (the same terms).
 */
export class ProgramEquations {
  private byName?: Map<string, ProgramDerivation['program']['statements'][number]>;
  /** A statement by name, through a map built once (a find per equation would be quadratic). */
  private statement(name: string): ProgramDerivation['program']['statements'][number] {
    this.byName ??= new Map(this.der.program.statements.map((st) => [st.name, st] as const));
    return this.byName.get(name)!;
  }

  readonly b: Builder;
  /** The + sign: L = ℓ + Σ ⟨μ_v, v − f_v⟩. */
  readonly plus: boolean;
  private readonly params: ReadonlySet<string>;
  /** Every node and name printed by these equations, each once. */
  readonly printer: Printer;
  private readonly mus = new Map<string, string>();
  constructor(readonly der: ProgramDerivation, readonly style: WriteStyle, readonly conv: Convention = NOTES) {
    this.b = der.program.builder;
    this.plus = conv.sign === '+';
    this.params = new Set(der.gradient.map((e) => e.name));
    this.printer = programPrinter(this.b, style, conv);
  }
  get minus(): string {
    return this.style === 'unicode' ? '−' : '-';
  }
  /** Whether this is the notes' convention (μ, the − sign). */
  get notes(): boolean {
    return isNotes(this.conv);
  }
  /** The multipliers' symbol alone: μ, λ or β (\mu, … in LaTeX; mu, … in ASCII). */
  get m(): string {
    return multiplierSymbol(this.conv, this.style);
  }
  expr(id: NodeId): string {
    return this.printer.print(id);
  }
  name(n: string): string {
    return this.printer.name(n);
  }
  /** μ_n in this style and convention, computed once per name. */
  mu(n: string): string {
    let s = this.mus.get(n);
    if (s === undefined) this.mus.set(n, (s = muOf(n, this.style, this.conv)));
    return s;
  }
  partial(of: string, wrt: string): string {
    if (this.style === 'latex') return `\\frac{\\partial ${of}}{\\partial ${wrt}}`;
    return this.style === 'ascii' ? `d${of}/d${wrt}` : `∂${of}/∂${wrt}`;
  }
  /** f_v of statement v. */
  f(v: string): string {
    return this.expr(this.statement(v).root);
  }
  private wrapped(v: string): string {
    const st = this.statement(v);
    const s = this.f(v);
    const low = this.printer.precedence(st.root) <= Prec.Sum || this.printer.startsWithMinus(st.root);
    return low ? (this.style === 'latex' ? `\\left(${s}\\right)` : `(${s})`) : s;
  }
  constraint(v: string): string {
    return `${this.name(v)} = ${this.f(v)}`;
  }
  /** ⟨μ_v, v − f_v⟩, or μ_v·(v − f_v) for a scalar. */
  pairing(v: string): string {
    const inside = `${this.name(v)} ${this.minus} ${this.wrapped(v)}`;
    const scalar = isScalar(this.der.program.shapes.get(v)!);
    if (this.style === 'latex') return scalar ? `${this.mu(v)} \\left(${inside}\\right)` : `\\left\\langle ${this.mu(v)}, ${inside} \\right\\rangle`;
    if (this.style === 'ascii') return scalar ? `${this.mu(v)}*(${inside})` : `<${this.mu(v)}, ${inside}>`;
    return scalar ? `${this.mu(v)}·(${inside})` : `⟨${this.mu(v)}, ${inside}⟩`;
  }
  /** The sign between ℓ and each ⟨μ_v, v − f_v⟩ of the Lagrangian. */
  get lagrangeSign(): string {
    return this.plus ? '+' : this.minus;
  }
  /** The Lagrangian's symbol: L, or ℒ (ASCII Lag) when the program has a variable named L; \\mathcal{L} in LaTeX. */
  get lag(): string {
    if (this.style === 'latex') return '\\mathcal{L}';
    if (!this.der.program.shapes.has('L')) return 'L';
    return this.style === 'unicode' ? 'ℒ' : 'Lag';
  }
  lagrangian(): string {
    const p = this.der.program;
    const terms = p.statements.map((s) => ` ${this.lagrangeSign} ${this.pairing(s.name)}`).join('');
    return `${this.lag} = ${this.name(p.objective)}${terms}`;
  }
  dL(wrt: string): string {
    return this.partial(this.lag, wrt);
  }
  /** ∂L/∂μ_v = −(v − f_v) = 0 ⇒ v = f_v (v − f_v = 0 under the + sign). */
  stationarityMu(v: string): { lhs: string; solved: string } {
    const [open, close] = this.style === 'latex' ? ['\\left(', '\\right)'] : ['(', ')'];
    const inside = `${this.name(v)} ${this.minus} ${this.wrapped(v)}`;
    return { lhs: `${this.dL(this.mu(v))} = ${this.plus ? inside : `${this.minus}${open}${inside}${close}`} = 0`, solved: this.constraint(v) };
  }
  /** The terms of a multiplier's (or a gradient's) sum in this convention: what each μ_w sends back. */
  terms(eq: AdjointEquation): SignedTerm[] {
    return eq.terms.map((t) => conventionTerm(this.der, t, this.conv));
  }
  signedExpr(t: SignedTerm): string {
    return this.printer.signed(t);
  }
  private isGradient(eq: AdjointEquation): boolean {
    return this.params.has(eq.name);
  }
  /** The value of μ_ℓ, for the objective's equation: 1, or −1 under the + sign. */
  get objectiveMu(): string {
    return this.plus ? `${this.minus}1` : '1';
  }
  /** `first`, then each term with its sign as a piece of its own: pieces that may break over lines. */
  private signed(first: string, terms: readonly string[]): string[] {
    const m = this.minus;
    return [first, ...terms.map((t) => (t.startsWith(m) ? `${m} ${t.slice(m.length)}` : `+ ${t}`))];
  }
  /**
   * The right-hand side of μ_v = … (or of ∂ℓ/∂θ = …) in signed pieces:
   * [`1`, `+ t`, `− t`, …]. Under the + sign μ_ℓ = −1 and the gradient is
   * minus the sum.
   */
  sumPieces(eq: AdjointEquation): string[] {
    const negate = this.plus && this.isGradient(eq);
    const exprs = this.terms(eq).map((t) => this.signedExpr({ id: t.id, negative: t.negative !== negate }));
    const isObj = !this.isGradient(eq) && eq.name === this.der.program.objective;
    if (exprs.length === 0) return [isObj ? this.objectiveMu : '0'];
    return isObj ? this.signed(this.objectiveMu, exprs) : this.signed(exprs[0]!, exprs.slice(1));
  }
  /** The right-hand side Σ terms of μ_v (or of a gradient), with μ_obj = 1 (−1) where folded. */
  sum(eq: AdjointEquation): string {
    // The notes' convention prints the derivation's own sum, as it always has.
    if (!this.plus) return eq.sum === null ? '0' : this.expr(eq.sum);
    return this.sumPieces(eq).join(' ');
  }
  /** The right-hand side of ∂L/∂v in signed pieces: [`1 − μ_v`, `+ t`, …], or [`1 + μ_v`, `− t`, …] under the + sign. */
  stationarityVarPieces(eq: AdjointEquation): string[] {
    const isObj = eq.name === this.der.program.objective;
    const mu = this.mu(eq.name);
    const first = this.plus ? (isObj ? `1 + ${mu}` : mu) : isObj ? `1 ${this.minus} ${mu}` : `${this.minus}${mu}`;
    return this.signed(first, this.terms(eq).map((t) => this.signedExpr({ id: t.id, negative: t.negative !== this.plus })));
  }
  /** ∂L/∂v = [1] − μ_v + Σ terms = 0 ⇒ μ_v = Σ ([1] + μ_v − Σ terms = 0 under the + sign). */
  stationarityVar(eq: AdjointEquation): { lhs: string; solved: string } {
    return { lhs: `${this.dL(this.name(eq.name))} = ${this.stationarityVarPieces(eq).join(' ')} = 0`, solved: `${this.mu(eq.name)} = ${this.sum(eq)}` };
  }
  gradient(eq: AdjointEquation): string {
    return `${this.partial(this.name(this.der.program.objective), this.name(eq.name))} = ${this.sum(eq)}`;
  }
  get implies(): string {
    return this.style === 'latex' ? ' \\;\\Rightarrow\\; ' : this.style === 'ascii' ? ' => ' : '  ⇒  ';
  }
}
