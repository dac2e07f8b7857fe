// One tensor expression as text (Unicode for the terminal, ASCII for JSON) or
// LaTeX, with the parentheses its operators need. A node's string depends on
// its subtree, the style, the convention and the names only, so a
// `TensorPrinter` keeps each node's string and precedence for the whole of one
// render: every equation that prints a node again (f_v in the constraint, the
// Lagrangian, the KKT rows and the forward pass; a term in its sum and in
// ∂L/∂v) reads it back, and printing a derivation is linear in its nodes.
// Printing is iterative (an explicit stack), never recursive.
import { symbolLatex } from '../model/notation.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { Builder, IrNode, NodeId } from '../ir/build.js';
import { Prec, TOPS, type TOpName } from '../ir/tensor-ops.js';
import type { Shape } from '../ir/shape.js';
import { multiplierSymbol, NOTES, type Convention } from './convention.js';
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
export function numberText(v: number, style: ProgramStyle): string {
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
  return precOf(b.node(id), style);
}

function precOf(n: IrNode, style: ProgramStyle): Prec {
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

/** A term with a sign: `negative` means −id. */
export interface SignedTerm {
  readonly id: NodeId;
  readonly negative: boolean;
}

/**
 * Prints the nodes of one builder in one style, convention and naming, each
 * node once: its string and precedence are kept by id (the arena is
 * append-only, so an id's expression never changes). Create one per render.
 */
export class TensorPrinter {
  /** Each node's string (undefined: not printed yet) and precedence, by id, for ids below b.size when last printed. */
  private readonly str: (string | undefined)[] = [];
  private readonly prec: number[] = [];
  private readonly names = new Map<string, string>();
  private readonly mus = new Map<string, string>();
  private readonly stack: NodeId[] = [];

  constructor(
    readonly b: Builder,
    readonly style: ProgramStyle,
    readonly conv: Convention = NOTES,
    private readonly rename: TensorNames = {},
  ) {}

  /** A variable's name in this style: as typed in text, its LaTeX (symbolLatex) computed once per name. */
  name(name: string): string {
    if (this.style !== 'latex') return name;
    let s = this.names.get(name);
    if (s === undefined) this.names.set(name, (s = nameOf(name, this.style)));
    return s;
  }

  /** μ_name in this style and convention (never renamed), computed once per name. */
  mu(name: string): string {
    let s = this.mus.get(name);
    if (s === undefined) this.mus.set(name, (s = muOf(name, this.style, this.conv)));
    return s;
  }

  /** The precedence of node `id` as written (see writtenPrec). */
  precedence(id: NodeId): Prec {
    return this.str[id] === undefined ? precOf(this.b.node(id), this.style) : (this.prec[id]! as Prec);
  }

  /** The expression `root` with the parentheses its operators need. */
  print(root: NodeId): string {
    const str = this.str;
    const done = str[root];
    if (done !== undefined) return done;
    // The arena only grows (signed() may add a node): the tables cover every id, as packed arrays.
    for (let k = str.length; k < this.b.size; k++) str.push(undefined), this.prec.push(0);
    // Post-order over the nodes not printed yet: a node is written once its arguments are.
    const stack = this.stack;
    stack.push(root);
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (str[id] !== undefined) {
        stack.pop();
        continue;
      }
      const n = this.b.node(id);
      let ready = true;
      if (n.kind === 'op') for (const a of n.args) if (str[a] === undefined) (stack.push(a), (ready = false));
      if (!ready) continue;
      stack.pop();
      str[id] = this.write(n);
      this.prec[id] = n.kind === 'op' || n.kind === 'num' ? precOf(n, this.style) : Prec.Atom;
    }
    return str[root]!;
  }

  /** One node, its arguments already written. */
  private write(n: IrNode): string {
    const style = this.style;
    switch (n.kind) {
      case 'sym': return this.name(n.name);
      case 'mu': return this.rename.mu ? this.rename.mu(n.name) : this.mu(n.name);
      case 'num': return numberText(n.value, style);
      case 'ones': return style === 'latex' ? '\\mathbf{1}' : style === 'ascii' ? `ones(${n.shape[0]},${n.shape[1]})` : '𝟙';
      case 'const': return n.name === 'pi' ? (style === 'latex' ? '\\pi' : style === 'unicode' ? 'π' : 'pi') : 'e';
      case 'ref': throw new Error(`lagrad: z_${n.index} is a node of an expression's graph, not a program's variable`);
      case 'op': break;
    }
    const spec = TOPS[n.op];
    const p = spec.prec;
    const args: string[] = [];
    const shapes: Shape[] = [];
    const precs: Prec[] = [];
    n.args.forEach((a, k) => {
      const s = this.str[a]!;
      const q = this.prec[a]! as Prec;
      const child = this.b.node(a);
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
      args.push(wrap ? (style === 'latex' ? `\\left(${s}\\right)` : `(${s})`) : s);
      shapes.push(child.shape);
      precs.push(q);
    });
    return style === 'latex' ? spec.latex(args, shapes, precs) : spec.text(args, shapes, style, precs);
  }

  /**
   * A signed term printed: the sign folded into a negation, a constant factor
   * or a difference where there is one (−(−X) is X, −(−2·X) is 2·X, −(X − Y)
   * is Y − X), else written in front, with parentheses only around a sum.
   */
  signed(t: SignedTerm): string {
    const b = this.b;
    const style = this.style;
    if (!t.negative) return this.print(t.id);
    const n = b.node(t.id);
    if (n.kind === 'op' && n.op === 'neg') return this.print(n.args[0]!);
    if (n.kind === 'num') return numberText(-n.value, style);
    // −(c·X) as (−c)·X and −(X − Y) as Y − X: the builder folds them (appending a node or two to its
    // hash-consed, append-only arena; the derivation's own nodes are untouched).
    if (n.kind === 'op' && n.op === 'mul' && b.numValue(n.args[0]!) !== null) return this.print(b.neg(t.id));
    if (n.kind === 'op' && n.op === 'sub') return this.print(b.sub(n.args[1]!, n.args[0]!));
    const s = this.print(t.id);
    const minus = style === 'unicode' ? '−' : '-';
    const low = this.precedence(t.id) <= Prec.Sum || s.startsWith(minus);
    if (!low) return `${minus}${s}`;
    return style === 'latex' ? `-\\left(${s}\\right)` : `${minus}(${s})`;
  }
}

/** The expression `root` with the parentheses its operators need (one expression; a render that prints many keeps a TensorPrinter). */
export function printTensor(b: Builder, root: NodeId, style: ProgramStyle, conv: Convention = NOTES, names: TensorNames = {}): string {
  return new TensorPrinter(b, style, conv, names).print(root);
}

/** A signed term printed (see TensorPrinter.signed). */
export function printSigned(b: Builder, t: SignedTerm, style: ProgramStyle, conv: Convention = NOTES, names: TensorNames = {}): string {
  return new TensorPrinter(b, style, conv, names).signed(t);
}
