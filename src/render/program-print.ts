// Tensor expressions and the equations of a program's derivation as text
// (Unicode for the terminal, ASCII for JSON) and LaTeX. Printing walks the
// nodes in id order (ids are topological), so it is iterative.
import { symbolLatex } from '../model/notation.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { AdjointEquation, AdjointTerm, ProgramDerivation } from '../tensor/derive.js';
import type { Builder, NodeId } from '../ir/build.js';
import { Prec, TOPS, type TOpName } from '../ir/tensor-ops.js';
import { isScalar, tensor, type Tensor } from '../ir/shape.js';
import { isNotes, multiplierSymbol, NOTES, type Convention } from './convention.js';
import { ASCII, formatNumber, LATEX, UNICODE } from './print.js';

export type ProgramStyle = 'unicode' | 'ascii' | 'latex';

const ASSOCIATIVE: ReadonlySet<TOpName> = new Set(['add', 'mul', 'matmul']);

export function nameOf(name: string, style: ProgramStyle): string {
  return style === 'latex' ? symbolLatex(name) : name;
}
/** The multiplier of variable `name`: μ_name (λ_name, β_name in another convention; mu_name, … in ASCII). */
export function muOf(name: string, style: ProgramStyle, conv: Convention = NOTES): string {
  const m = multiplierSymbol(conv, style);
  return style === 'latex' ? `${m}_{${symbolLatex(name)}}` : `${m}_${name}`;
}

/**
 * A multiplier's value in the convention: the sweep computes μ_v = ∂ℓ/∂v (the
 * notes' sign); under the + sign the multiplier is −∂ℓ/∂v.
 */
export function muValue(t: Tensor, conv: Convention): Tensor {
  if (conv.sign === '-') return t;
  return tensor(t.rows, t.cols, t.data.map((v) => (v === 0 ? 0 : -v)));
}

/** v as a small rational multiple of π (2π, π/2), which programs fold to numbers, or null. */
function piMultiple(v: number, style: ProgramStyle): string | null {
  if (v === 0 || !Number.isFinite(v)) return null;
  const k = v / Math.PI;
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(k * q);
    if (p !== 0 && Math.abs(p) <= 1200 && Math.abs(k * q - p) < 1e-12 * Math.max(1, Math.abs(k * q))) {
      const pi = style === 'latex' ? '\\pi' : style === 'unicode' ? 'π' : 'pi';
      const minus = p < 0 ? (style === 'unicode' ? '−' : '-') : '';
      const n = Math.abs(p);
      const num = n === 1 ? pi : style === 'ascii' ? `${n}*${pi}` : `${n}${pi}`;
      const text = q === 1 ? num : `${num}/${q}`;
      return style === 'ascii' && (n !== 1 || q !== 1) ? `${minus}(${text})` : `${minus}${text}`;
    }
  }
  return null;
}

/** A constant as computed: a multiple of π as such, else the shortest form that reads back to the same number (never rounded). */
function numberText(v: number, style: ProgramStyle): string {
  return piMultiple(v, style) ?? formatNumber(v, style === 'latex' ? LATEX : style === 'unicode' ? UNICODE : ASCII);
}

/**
 * The precedence of node `id` as it is written in `style`, which is what its
 * parent must bracket by. A function of the table is written as its notation
 * says (LaTeX \\sin w binds as a unary function, e^{w} − 1 as a sum, {w}^{2}
 * as a power); what already ends in a superscript (‖w‖²) binds as a power, so
 * that a power or a transpose of it is bracketed, never a double superscript.
 */
export function writtenPrec(b: Builder, id: NodeId, style: ProgramStyle): Prec {
  const n = b.node(id);
  if (n.kind === 'num') return n.value < 0 ? Prec.Neg : Prec.Atom;
  if (n.kind !== 'op') return Prec.Atom;
  const spec = TOPS[n.op];
  if (style === 'latex' && spec.lifted !== undefined && FUNCTIONS_TABLE[spec.lifted].isFunction !== false) return FUNCTIONS_TABLE[spec.lifted].latex.prec;
  if (n.op === 'sqnorm' && style !== 'ascii') return Prec.Power;
  // ½ℓ(…) is a product in LaTeX.
  if (n.op === 'half_squared_loss' && style === 'latex') return Prec.Product;
  return spec.prec;
}

/** Names a printer may take instead of μ_v (the trace writes v̄ there, or v̇ in a tangent). */
export interface TensorNames {
  readonly mu?: (name: string) => string;
}

/** The expression `root` with the parentheses its operators need. */
export function printTensor(b: Builder, root: NodeId, style: ProgramStyle, conv: Convention = NOTES, names: TensorNames = {}): string {
  const reach: NodeId[] = [];
  const seen = new Set<NodeId>([root]);
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    reach.push(id);
    const n = b.node(id);
    if (n.kind === 'op') for (const a of n.args) if (!seen.has(a)) (seen.add(a), stack.push(a));
  }
  reach.sort((x, y) => x - y);
  const str = new Map<NodeId, string>();
  const prec = new Map<NodeId, number>();
  for (const id of reach) {
    const n = b.node(id);
    if (n.kind === 'sym') str.set(id, nameOf(n.name, style)), prec.set(id, Prec.Atom);
    else if (n.kind === 'mu') str.set(id, names.mu ? names.mu(n.name) : muOf(n.name, style, conv)), prec.set(id, Prec.Atom);
    else if (n.kind === 'num') str.set(id, numberText(n.value, style)), prec.set(id, writtenPrec(b, id, style));
    else if (n.kind === 'ones') {
      str.set(id, style === 'latex' ? '\\mathbf{1}' : style === 'ascii' ? `ones(${n.shape[0]},${n.shape[1]})` : '𝟙');
      prec.set(id, Prec.Atom);
    } else if (n.kind === 'const') {
      str.set(id, n.name === 'pi' ? (style === 'latex' ? '\\pi' : style === 'unicode' ? 'π' : 'pi') : 'e');
      prec.set(id, Prec.Atom);
    } else if (n.kind === 'ref') {
      throw new Error(`lagrad: z_${n.index} is a node of an expression's graph, not a program's variable`);
    } else {
      const spec = TOPS[n.op];
      const p = spec.prec;
      const args = n.args.map((a, k) => {
        const s = str.get(a)!;
        const q = prec.get(a)!;
        const child = b.node(a);
        const sameOp = child.kind === 'op' && child.op === n.op;
        let wrap = q < p;
        if (p === Prec.Atom) wrap = false;
        else if (q === p) {
          if (p === Prec.Sum) wrap = k === 1 && !(n.op === 'add');
          else wrap = !(sameOp && ASSOCIATIVE.has(n.op)) || (k === 1 && !ASSOCIATIVE.has(n.op));
        }
        // The base of a power or a transpose: anything that is not an atom (a superscript on a superscript does not compile).
        if (p === Prec.Power && k === 0) wrap = q <= Prec.Power;
        if (p === Prec.Power && k === 1) wrap = q < Prec.Atom;
        if (p === Prec.Neg) wrap = q <= Prec.Neg;
        // A product's first factor may carry the sign, as the scalar printer writes it: −y ⊙ σ(−y ⊙ s).
        if (p === Prec.Product && k === 0 && q === Prec.Neg) wrap = false;
        // A juxtaposed product (A B, A 𝟙) after an unbracketed function would read as its argument: \sin\left(W\right) x.
        if (style === 'latex' && k === 0 && q === Prec.Unary && (n.op === 'matmul' || n.op === 'sumcols')) wrap = true;
        return wrap ? (style === 'latex' ? `\\left(${s}\\right)` : `(${s})`) : s;
      });
      const shapes = n.args.map((a) => b.shape(a));
      const precs = n.args.map((a) => prec.get(a)! as Prec);
      str.set(id, style === 'latex' ? spec.latex(args, shapes, precs) : spec.text(args, shapes, style, precs));
      prec.set(id, writtenPrec(b, id, style));
    }
  }
  return str.get(root)!;
}

/** A term with a sign: `negative` means −id. */
export interface SignedTerm {
  readonly id: NodeId;
  readonly negative: boolean;
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
 * A signed term printed: the sign folded into a negation, a constant factor
 * or a difference where there is one (−(−X) is X, −(−2·X) is 2·X, −(X − Y)
 * is Y − X), else written in front, with parentheses only around a sum.
 */
export function printSigned(b: Builder, t: SignedTerm, style: ProgramStyle, conv: Convention = NOTES, names: TensorNames = {}): string {
  if (!t.negative) return printTensor(b, t.id, style, conv, names);
  const n = b.node(t.id);
  if (n.kind === 'op' && n.op === 'neg') return printTensor(b, n.args[0]!, style, conv, names);
  if (n.kind === 'num') return numberText(-n.value, style);
  // −(c·X) as (−c)·X and −(X − Y) as Y − X: the builder folds them (appending a node or two to its
  // hash-consed, append-only arena; the derivation's own nodes are untouched).
  if (n.kind === 'op' && n.op === 'mul' && b.numValue(n.args[0]!) !== null) return printTensor(b, b.neg(t.id), style, conv, names);
  if (n.kind === 'op' && n.op === 'sub') return printTensor(b, b.sub(n.args[1]!, n.args[0]!), style, conv, names);
  const s = printTensor(b, t.id, style, conv, names);
  const minus = style === 'unicode' ? '−' : '-';
  const low = writtenPrec(b, t.id, style) <= Prec.Sum || s.startsWith(minus);
  if (!low) return `${minus}${s}`;
  return style === 'latex' ? `-\\left(${s}\\right)` : `${minus}(${s})`;
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
  constructor(readonly der: ProgramDerivation, readonly style: ProgramStyle, readonly conv: Convention = NOTES) {
    this.b = der.program.builder;
    this.plus = conv.sign === '+';
    this.params = new Set(der.gradient.map((e) => e.name));
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
    return printTensor(this.b, id, this.style, this.conv);
  }
  name(n: string): string {
    return nameOf(n, this.style);
  }
  mu(n: string): string {
    return muOf(n, this.style, this.conv);
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
    const low = writtenPrec(this.b, st.root, this.style) <= Prec.Sum;
    const s = this.f(v);
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
    return printSigned(this.b, t, this.style, this.conv);
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
