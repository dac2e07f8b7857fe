// Tensor expressions and the equations of a program's derivation as text
// (Unicode for the terminal, ASCII for JSON) and LaTeX. Printing walks the
// nodes in id order (ids are topological), so it is iterative.
import { symbolLatex } from '../model/notation.js';
import type { AdjointEquation, ProgramDerivation } from '../tensor/derive.js';
import type { TBuilder, TId } from '../tensor/ir.js';
import { TOPS, TPrec, type TOpName } from '../tensor/ops.js';
import { isScalar } from '../tensor/shape.js';
import { ASCII, formatNumber, LATEX, UNICODE } from './print.js';

export type ProgramStyle = 'unicode' | 'ascii' | 'latex';

const ASSOCIATIVE: ReadonlySet<TOpName> = new Set(['add', 'emul', 'matmul']);

export function nameOf(name: string, style: ProgramStyle): string {
  return style === 'latex' ? symbolLatex(name) : name;
}
export function muOf(name: string, style: ProgramStyle): string {
  if (style === 'latex') return `\\mu_{${symbolLatex(name)}}`;
  return style === 'ascii' ? `mu_${name}` : `μ_${name}`;
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

/** The expression `root` with the parentheses its operators need. */
export function printTensor(b: TBuilder, root: TId, style: ProgramStyle): string {
  const reach: TId[] = [];
  const seen = new Set<TId>([root]);
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    reach.push(id);
    const n = b.node(id);
    if (n.kind === 'op') for (const a of n.args) if (!seen.has(a)) (seen.add(a), stack.push(a));
  }
  reach.sort((x, y) => x - y);
  const str = new Map<TId, string>();
  const prec = new Map<TId, number>();
  for (const id of reach) {
    const n = b.node(id);
    if (n.kind === 'var') str.set(id, nameOf(n.name, style)), prec.set(id, TPrec.Atom);
    else if (n.kind === 'mu') str.set(id, muOf(n.name, style)), prec.set(id, TPrec.Atom);
    else if (n.kind === 'num') str.set(id, numberText(n.value, style)), prec.set(id, n.value < 0 ? TPrec.Neg : TPrec.Atom);
    else if (n.kind === 'ones') {
      str.set(id, style === 'latex' ? '\\mathbf{1}' : style === 'ascii' ? `ones(${n.shape[0]},${n.shape[1]})` : '𝟙');
      prec.set(id, TPrec.Atom);
    } else {
      const spec = TOPS[n.op];
      const p = spec.prec;
      const args = n.args.map((a, k) => {
        const s = str.get(a)!;
        const q = prec.get(a)!;
        const child = b.node(a);
        const sameOp = child.kind === 'op' && child.op === n.op;
        let wrap = q < p;
        if (p === TPrec.Atom) wrap = false;
        else if (q === p) {
          if (p === TPrec.Sum) wrap = k === 1 && !(n.op === 'add');
          else wrap = !(sameOp && ASSOCIATIVE.has(n.op)) || (k === 1 && !ASSOCIATIVE.has(n.op));
        }
        if (p === TPrec.Postfix && k === 0) wrap = q <= TPrec.Postfix && child.kind === 'op';
        if (p === TPrec.Postfix && k === 1) wrap = q < TPrec.Atom;
        if (p === TPrec.Neg) wrap = q <= TPrec.Neg;
        return wrap ? (style === 'latex' ? `\\left(${s}\\right)` : `(${s})`) : s;
      });
      const shapes = n.args.map((a) => b.shape(a));
      str.set(id, style === 'latex' ? spec.latex(args, shapes) : spec.text(args, shapes, style));
      prec.set(id, p);
    }
  }
  return str.get(root)!;
}

/** Every equation of a derivation in one style. */
export class ProgramEquations {
  private byName?: Map<string, ProgramDerivation['program']['statements'][number]>;
  /** A statement by name, through a map built once (a find per equation would be quadratic). */
  private statement(name: string): ProgramDerivation['program']['statements'][number] {
    this.byName ??= new Map(this.der.program.statements.map((st) => [st.name, st] as const));
    return this.byName.get(name)!;
  }

  readonly b: TBuilder;
  constructor(readonly der: ProgramDerivation, readonly style: ProgramStyle) {
    this.b = der.program.builder;
  }
  private get minus(): string {
    return this.style === 'unicode' ? '−' : '-';
  }
  expr(id: TId): string {
    return printTensor(this.b, id, this.style);
  }
  name(n: string): string {
    return nameOf(n, this.style);
  }
  mu(n: string): string {
    return muOf(n, this.style);
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
    const n = this.b.node(st.root);
    const low = n.kind === 'op' && TOPS[n.op].prec <= TPrec.Sum;
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
  lagrangian(): string {
    const p = this.der.program;
    const terms = p.statements.map((s) => ` ${this.minus} ${this.pairing(s.name)}`).join('');
    const lhs = this.style === 'latex' ? '\\mathcal{L}' : 'L';
    return `${lhs} = ${this.name(p.objective)}${terms}`;
  }
  dL(wrt: string): string {
    const l = this.style === 'latex' ? '\\mathcal{L}' : 'L';
    return this.partial(l, wrt);
  }
  /** ∂L/∂μ_v = −(v − f_v) = 0 ⇒ v = f_v. */
  stationarityMu(v: string): { lhs: string; solved: string } {
    const [open, close] = this.style === 'latex' ? ['\\left(', '\\right)'] : ['(', ')'];
    const inside = `${this.name(v)} ${this.minus} ${this.wrapped(v)}`;
    return { lhs: `${this.dL(this.mu(v))} = ${this.minus}${open}${inside}${close} = 0`, solved: this.constraint(v) };
  }
  /** The right-hand side Σ terms of μ_v (or of a gradient), with μ_obj = 1 where folded. */
  sum(eq: AdjointEquation): string {
    return eq.sum === null ? '0' : this.expr(eq.sum);
  }
  /** ∂L/∂v = [1] − μ_v + Σ terms = 0 ⇒ μ_v = Σ. */
  stationarityVar(eq: AdjointEquation): { lhs: string; solved: string } {
    const isObj = eq.name === this.der.program.objective;
    const parts = [isObj ? `1 ${this.minus} ${this.mu(eq.name)}` : `${this.minus}${this.mu(eq.name)}`];
    for (const t of eq.terms) parts.push(this.expr(t.term));
    const joined = parts.slice(1).reduce((acc, t) => (t.startsWith(this.minus) ? `${acc} ${this.minus} ${t.slice(1)}` : `${acc} + ${t}`), parts[0]!);
    return { lhs: `${this.dL(this.name(eq.name))} = ${joined} = 0`, solved: `${this.mu(eq.name)} = ${this.sum(eq)}` };
  }
  gradient(eq: AdjointEquation): string {
    return `${this.partial(this.name(this.der.program.objective), this.name(eq.name))} = ${this.sum(eq)}`;
  }
  get implies(): string {
    return this.style === 'latex' ? ' \\;\\Rightarrow\\; ' : this.style === 'ascii' ? ' => ' : '  ⇒  ';
  }
}
