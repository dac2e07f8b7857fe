// THE printer of the one IR: an expression's f_i and partials, a program's
// statements and adjoints, in Unicode text, ASCII text or LaTeX. How each op
// is written (its text, LaTeX, precedence, which operands it brackets) is the
// op table's (`TOPS[op].notation`, src/ir/written.ts); the printer adds only
// what holds for every op: an operand is bracketed when its precedence is
// below the op's least for it, when it starts with a minus right after an
// operator sign, and when it is another product where a matrix takes part
// (`Written.alone`). Two things are policies of a printer, not of the ops:
//
// - the naming of leaves (`Naming`): the notes' z_i and μ_i of an
//   expression's derivation (`nodeNaming`), or a program's variables and μ_v
//   in a convention (`variableNaming`); numbers as typed, or as multiples of π;
// - the text round trip (`roundTrip`): ASCII or Unicode text of an expression
//   keeps the brackets re-parsing needs to give back the same node.
//
// A `Printer` keeps each node's string and precedence for the whole of one
// render, so every equation that prints a node again reads it back, and
// printing a derivation is linear in its nodes. Iterative (an explicit
// stack), never recursive.
import type { Builder } from '../ir/build.js';
import { isScalar, type Shape } from '../ir/shape.js';
import { Prec, TOPS } from '../ir/tensor-ops.js';
import type { IrNode, NodeId } from '../ir/types.js';
import { muLatex, muText, symbolLatex, zLatex, zText, type TextStyle } from '../model/notation.js';
import type { WriteStyle, Written } from '../ops/spec.js';
import { multiplierSymbol, NOTES, type Convention } from './convention.js';

export type { WriteStyle } from '../ops/spec.js';

/** An expression renderer's style: text (ASCII or Unicode) or LaTeX, and the names of nodes and multipliers. */
export interface PrintStyle {
  readonly format: 'text' | 'latex';
  readonly text: TextStyle;
  /** Names of the nodes and multipliers when they are not the notes' z_i and μ_i (render/convention.ts). */
  readonly names?: {
    z?(k: number): string;
    mu?(k: number): string;
    /** A user's symbol in LaTeX, when the document's names need it one-to-one. */
    sym?(name: string): string;
  };
}

export const ASCII: PrintStyle = { format: 'text', text: 'ascii' };
export const UNICODE: PrintStyle = { format: 'text', text: 'unicode' };
export const LATEX: PrintStyle = { format: 'latex', text: 'ascii' };

/** LaTeX with the user's symbols written by `sym` (a document's one-to-one names). */
export function latexWith(sym: (name: string) => string): PrintStyle {
  return { ...LATEX, names: { sym } };
}

/** The style an expression's PrintStyle writes in. */
export function writeStyle(style: PrintStyle): WriteStyle {
  return style.format === 'latex' ? 'latex' : style.text;
}

/** A number as typed: its shortest round-trip form; LaTeX writes exponents as ×10^{k}. */
export function formatNumber(v: number, style: WriteStyle): string {
  const s = String(v);
  if (style === 'latex') {
    const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
    return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
  }
  return style === 'unicode' && v < 0 ? `−${s.slice(1)}` : s;
}

/** v as a small rational multiple of π (2π, π/2), which programs fold to numbers, or null. */
function piMultiple(v: number, style: WriteStyle): string | null {
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

/** A constant as a program computed it: a multiple of π as such, else the shortest form that reads back to the same number (never rounded). */
export function numberText(v: number, style: WriteStyle): string {
  return piMultiple(v, style) ?? formatNumber(v, style);
}

/** How leaves are named: the policy that tells an expression's printer from a program's. */
export interface Naming {
  /** z_k, the value of node k of an expression's graph. */
  z(k: number): string;
  /** A multiplier: μ_k of an expression's node k (`name` its digits), or μ_v of a program's variable v (`index` −1). */
  mu(index: number, name: string): string;
  /** A user's symbol: an expression's input or constant, a program's variable. */
  sym(name: string): string;
  /** A number. */
  num(v: number): string;
}

/** The notes' names, z_i and μ_i, the user's symbols, numbers as typed: an expression's derivation. */
export function nodeNaming(style: PrintStyle): Naming {
  const latex = style.format === 'latex';
  const names = style.names;
  return {
    z: names?.z ?? (latex ? zLatex : (k) => zText(k, style.text)),
    mu: names?.mu ? (k) => names.mu!(k) : latex ? (k) => muLatex(k) : (k) => muText(k, style.text),
    sym: latex ? (names?.sym ?? symbolLatex) : (name) => name,
    num: (v) => formatNumber(v, writeStyle(style)),
  };
}

/** The multiplier of variable `name`: μ_name (λ_name, β_name in another convention; mu_name, … in ASCII). */
export function muOf(name: string, style: WriteStyle, conv: Convention = NOTES): string {
  const m = multiplierSymbol(conv, style);
  return style === 'latex' ? `${m}_{${symbolLatex(name)}}` : `${m}_${name}`;
}

/** A program's variable name in a style: as typed in text, symbolLatex in LaTeX. */
export function nameOf(name: string, style: WriteStyle): string {
  return style === 'latex' ? symbolLatex(name) : name;
}

/**
 * A program's names: its variables as typed (symbolLatex in LaTeX), μ_v in the convention (or
 * `mu`, where the trace writes v̄ or v̇), constants as computed (a multiple of π as such).
 */
export function variableNaming(style: WriteStyle, conv: Convention = NOTES, mu?: (name: string) => string): Naming {
  return {
    z: (k) => {
      throw new Error(`lagrad: z_${k} is a node of an expression's graph, not a program's variable`);
    },
    mu: mu ? (_k, name) => mu(name) : (_k, name) => muOf(name, style, conv),
    sym: (name) => nameOf(name, style),
    num: (v) => numberText(v, style),
  };
}

/** A term with a sign: `negative` means −id. */
export interface SignedTerm {
  readonly id: NodeId;
  readonly negative: boolean;
}

/**
 * What a parent needs to know of a node as written, packed in one small integer per node (no object
 * per node): its precedence (×2, for Neg's 1.5) and three flags.
 */
const OPEN = 1; // an open function (\sin z, Written.open) that a factor after it would run into
const MINUS = 2; // starts with a minus sign (tracked: testing a long rope string would flatten it)
const ALONE = 4; // a product where a matrix takes part (Written.alone)
const pack = (prec: number, flags: number): number => ((prec * 2) << 3) | flags;
const precOf = (info: number): number => (info >> 3) / 2;

/**
 * Prints the nodes of one builder in one style and naming, each node once:
 * its string and precedence are kept by id (the arena is append-only, so an
 * id's expression never changes). Create one per render.
 */
export class Printer {
  /** Each node's string (undefined: not printed yet) and packed info, by id, as flat tables over the builder's ids. */
  private readonly str: (string | undefined)[] = [];
  private info = new Int32Array(0);
  private readonly names = new Map<string, string>();
  private readonly stack: NodeId[] = [];
  private readonly shapes: Shape[] = [];
  /** The written form of each op on scalar operands, by arity then op (see `written`). */
  private readonly scalarForms: Map<string, Written>[] = [];
  /** The operands of the op being written, as written: one array per arity, reused (`write` only reads it). */
  private readonly parts: string[][] = [];

  /** `roundTrip`: text that parses back to the same node (an expression's, see `roundTripMin`). */
  constructor(readonly b: Builder, readonly style: WriteStyle, readonly naming: Naming, readonly roundTrip = false) {}

  /** A user's name in this style (symbolLatex in LaTeX), computed once per name. */
  name(name: string): string {
    let s = this.names.get(name);
    if (s === undefined) this.names.set(name, (s = this.naming.sym(name)));
    return s;
  }

  /** The expression `root` with the brackets its ops need. */
  print(root: NodeId): string {
    const str = this.str;
    // Ids are issued in topological order, so root's operands lie below it: the tables cover every id up to root.
    if (root >= str.length) this.grow(root);
    const done = str[root];
    if (done !== undefined) return done;
    // Post-order over the nodes not printed yet: a node is written once its operands are.
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
      if (n.kind === 'op') this.op(n);
      else this.leaf(n);
    }
    return str[root]!;
  }

  /** Whether the node, printed, starts with a minus sign (after `v − ` it needs brackets: v − (−Wᵀ·h)). */
  startsWithMinus(id: NodeId): boolean {
    this.print(id);
    return (this.info[id]! & MINUS) !== 0;
  }

  /** The precedence of node `id` as written: what a caller that wraps it (μ_i·(…)) brackets by. */
  precedence(id: NodeId): number {
    if (this.str[id] !== undefined) return precOf(this.info[id]!);
    const n = this.b.node(id);
    if (n.kind === 'op') return this.written(n).prec;
    return n.kind === 'num' && n.value < 0 ? Prec.Neg : Prec.Atom;
  }

  /**
   * How op `n` is written. With scalar operands only (every node of an expression) the form
   * depends on the op and its arity alone, so it is looked up once per printer, not per node.
   */
  private written(n: IrNode & { kind: 'op' }): Written {
    const { args } = n;
    let scalar = true;
    for (let k = 0; k < args.length && scalar; k++) scalar = isScalar(this.b.shape(args[k]!));
    const byOp = scalar ? (this.scalarForms[args.length] ??= new Map()) : undefined;
    const known = byOp?.get(n.op);
    if (known !== undefined) return known;
    const shapes = this.shapes;
    shapes.length = 0;
    for (const a of args) shapes.push(this.b.shape(a));
    const w = TOPS[n.op].notation(this.style, shapes);
    byOp?.set(n.op, w);
    return w;
  }

  /** Widens the tables to cover `root` and every node the builder has now (it grows as a render folds signs). */
  private grow(root: NodeId): void {
    const size = Math.max(root + 1, this.b.size);
    this.str.length = size;
    const info = new Int32Array(size);
    info.set(this.info);
    this.info = info;
  }

  private set(id: NodeId, s: string, info: number): void {
    this.str[id] = s;
    this.info[id] = info;
  }

  private leaf(n: IrNode): void {
    const style = this.style;
    const atom = pack(Prec.Atom, 0);
    switch (n.kind) {
      case 'num': return this.set(n.id, this.naming.num(n.value), n.value < 0 ? pack(Prec.Neg, MINUS) : atom);
      case 'const': return this.set(n.id, n.name === 'pi' ? (style === 'latex' ? '\\pi' : style === 'unicode' ? 'π' : 'pi') : 'e', atom);
      case 'sym': return this.set(n.id, this.name(n.name), atom);
      case 'ref': return this.set(n.id, this.naming.z(n.index), atom);
      case 'mu': return this.set(n.id, this.naming.mu(n.index, n.name), atom);
      case 'ones': return this.set(n.id, style === 'latex' ? '\\mathbf{1}' : style === 'ascii' ? `ones(${n.shape[0]},${n.shape[1]})` : '𝟙', atom);
      case 'op': throw new Error('unreachable');
    }
  }

  /** One op, its operands already written. */
  private op(n: IrNode & { kind: 'op' }): void {
    const w = this.written(n);
    const { str, info } = this;
    const parts = (this.parts[n.args.length] ??= new Array<string>(n.args.length));
    let firstBracketed = false;
    for (let k = 0; k < n.args.length; k++) {
      const a = n.args[k]!;
      const at = info[a]!;
      const prec = precOf(at);
      let min: number = w.args[k] ?? Prec.Any;
      if (this.roundTrip && k === 1 && n.op === 'mul') min = roundTripMin(this.b, n.args, min);
      const bracket = prec < min
        // A minus right after an operator sign (a*-b, --x) misreads.
        || (w.afterOperator[k] === true && (at & MINUS) !== 0)
        // Products where a matrix takes part do not mix: A ⊙ (B·C), (2·A)·B.
        || (prec === w.prec && (w.alone || (at & ALONE) !== 0) && opOf(this.b.node(a)) !== n.op);
      if (k === 0) firstBracketed = bracket;
      const s = str[a]!;
      parts[k] = !bracket ? s : this.style === 'latex' ? `\\left(${s}\\right)` : `(${s})`;
    }
    const first = info[n.args[0]!]!;
    const leftOpen = (first & OPEN) !== 0 && !firstBracketed;
    const open = w.open && precOf(first) >= Prec.Atom;
    const minus = w.leads === 'minus' || (w.leads === 'first' && (first & MINUS) !== 0 && !firstBracketed);
    this.set(n.id, w.write(parts, leftOpen), pack(w.prec, (open ? OPEN : 0) | (minus ? MINUS : 0) | (w.alone ? ALONE : 0)));
  }

  /**
   * A signed term printed: the sign folded into a negation, a constant factor
   * or a difference where there is one (−(−X) is X, −(−2·X) is 2·X, −(X − Y)
   * is Y − X), else written in front, with brackets only round a sum.
   */
  signed(t: SignedTerm): string {
    const b = this.b;
    const style = this.style;
    if (!t.negative) return this.print(t.id);
    const n = b.node(t.id);
    if (n.kind === 'op' && n.op === 'neg') return this.print(n.args[0]!);
    if (n.kind === 'num') return this.naming.num(-n.value);
    // −(c·X) as (−c)·X and −(X − Y) as Y − X: the builder folds them (appending a node or two to its
    // hash-consed, append-only arena; the derivation's own nodes are untouched).
    if (n.kind === 'op' && n.op === 'mul' && b.numValue(n.args[0]!) !== null) return this.print(b.neg(t.id));
    if (n.kind === 'op' && n.op === 'sub') return this.print(b.sub(n.args[1]!, n.args[0]!));
    const s = this.print(t.id);
    const minus = style === 'unicode' ? '−' : '-';
    const low = this.precedence(t.id) <= Prec.Sum || (this.info[t.id]! & MINUS) !== 0;
    if (!low) return `${minus}${s}`;
    return style === 'latex' ? `-\\left(${s}\\right)` : `${minus}(${s})`;
  }
}

const opOf = (n: IrNode): string | null => (n.kind === 'op' ? n.op : null);

/**
 * The text round trip: a*(b*c) and a*(b/c) keep their brackets unless a is a
 * constant coefficient (the builder turns (c·x)·y back into c·(x·y)), so that
 * the text parses back to the same node.
 */
function roundTripMin(b: Builder, args: readonly NodeId[], min: number): number {
  const right = b.node(args[1]!);
  if (right.kind !== 'op' || (right.op !== 'mul' && right.op !== 'div')) return min;
  const coefficient = b.isConst(args[0]!);
  // c·(x·y) and c·(x/y) with y varying come back from (c·x)·y and (c·x)/y; nothing else does.
  const rebuilt = coefficient && (right.op === 'mul' || !b.isConst(right.args[1]!));
  return rebuilt ? min : Prec.Power;
}

/** An expression's printer: the notes' names (or the style's), and in text the round trip. */
export function expressionPrinter(b: Builder, style: PrintStyle): Printer {
  return new Printer(b, writeStyle(style), nodeNaming(style), style.format === 'text');
}

/**
 * A program's printer: its variables' names, μ_v in the convention (or as `mu` names them). No
 * round trip: a program's text is read, not parsed back, so μ_z ⊙ z ⊙ (1 − z) keeps no brackets
 * the reader does not need.
 */
export function programPrinter(b: Builder, style: WriteStyle, conv: Convention = NOTES, mu?: (name: string) => string): Printer {
  return new Printer(b, style, variableNaming(style, conv, mu));
}

/** Prints one expression (a render that prints many keeps an `expressionPrinter`). */
export function printExpr(b: Builder, root: NodeId, style: PrintStyle): string {
  return expressionPrinter(b, style).print(root);
}
