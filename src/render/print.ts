// Prints an IR expression as text or LaTeX, parenthesizing from the op table's
// precedences. Iterative, so that expressions of any depth print.
import type { Builder } from '../ir/build.js';
import { Prec, scalarOp, type Glyphs } from '../ir/ops.js';
import type { IrNode, NodeId } from '../ir/types.js';
import { muLatex, muText, symbolLatex, zLatex, zText, type TextStyle } from '../model/notation.js';

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

const GLYPHS: Readonly<Record<TextStyle, Glyphs>> = {
  ascii: { times: '*', minus: '-' },
  unicode: { times: '·', minus: '−' },
};

interface Printed {
  readonly s: string;
  readonly prec: number;
  /** LaTeX function written without parentheses (\sin z), which a following factor would run into. */
  readonly openFunction: boolean;
  /** The text starts with a minus sign (tracked, because testing a long rope string would flatten it). */
  readonly minus?: boolean;
}

/** Ops whose written form starts with their first operand, as written. */
const LEADS_WITH_FIRST: Readonly<Record<'text' | 'latex', ReadonlySet<string>>> = {
  text: new Set(['add', 'sub', 'mul', 'div', 'pow']),
  latex: new Set(['add', 'sub', 'mul']),
};

/** A number as typed: shortest round-trip form; LaTeX writes exponents as ×10^{k}. */
export function formatNumber(v: number, style: PrintStyle): string {
  const s = String(v);
  if (style.format === 'latex') {
    const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
    if (m) return `${m[1]} \\times 10^{${Number(m[2])}}`;
    return s;
  }
  return style.text === 'unicode' && v < 0 ? `−${s.slice(1)}` : s;
}

function leaf(n: IrNode, style: PrintStyle): Printed {
  const latex = style.format === 'latex';
  const atom = (s: string): Printed => ({ s, prec: Prec.Atom, openFunction: false });
  switch (n.kind) {
    case 'num': return { s: formatNumber(n.value, style), prec: n.value < 0 ? Prec.Neg : Prec.Atom, openFunction: false, minus: n.value < 0 };
    case 'const': return atom(n.name === 'pi' ? (latex ? '\\pi' : style.text === 'unicode' ? 'π' : 'pi') : 'e');
    case 'sym': return atom(latex ? (style.names?.sym ?? symbolLatex)(n.name) : n.name);
    case 'ref': return atom(style.names?.z ? style.names.z(n.index) : latex ? zLatex(n.index) : zText(n.index, style.text));
    case 'mu': return atom(style.names?.mu ? style.names.mu(n.index) : latex ? muLatex(n.index) : muText(n.index, style.text));
    case 'ones': return atom(latex ? '\\mathbf{1}' : '𝟙');
    case 'op': throw new Error('unreachable');
  }
}

function needsParens(p: Printed, min: number, afterOperator: boolean): boolean {
  // A minus right after another operator (a*-b, --x) misreads: parenthesize it.
  return p.prec < min || (afterOperator && p.minus === true);
}

function wrap(p: Printed, min: number, style: PrintStyle, afterOperator = false): string {
  if (!needsParens(p, min, afterOperator)) return p.s;
  return style.format === 'latex' ? `\\left(${p.s}\\right)` : `(${p.s})`;
}

/** Whether the written op starts with a minus sign. */
function startsWithMinus(op: string, args: readonly Printed[], firstMin: number, format: 'text' | 'latex'): boolean {
  if (op === 'neg') return true;
  return LEADS_WITH_FIRST[format].has(op) && args[0]!.minus === true && !needsParens(args[0]!, firstMin, false);
}

/**
 * In text, a*(b*c) and a*(b/c) keep their parentheses unless a is a constant
 * coefficient (the builder turns (c·x)·y back into c·(x·y)), so that the text
 * parses back to the same node.
 */
function minPrec(b: Builder, op: string, args: readonly NodeId[], k: number, min: number): number {
  if (op !== 'mul' || k !== 1) return min;
  const right = b.node(args[1]!);
  if (right.kind !== 'op' || (right.op !== 'mul' && right.op !== 'div')) return min;
  const coefficient = b.isConst(args[0]!);
  // c·(x·y) and c·(x/y) with y varying come back from (c·x)·y and (c·x)/y; nothing else does.
  const rebuilt = coefficient && (right.op === 'mul' || !b.isConst(right.args[1]!));
  return rebuilt ? min : Prec.Power;
}

/** Prints `root`; shared subexpressions are printed once and reused. */
export function printExpr(b: Builder, root: NodeId, style: PrintStyle): string {
  const memo = new Map<NodeId, Printed>();
  const stack: NodeId[] = [root];
  while (stack.length) {
    const id = stack[stack.length - 1]!;
    if (memo.has(id)) { stack.pop(); continue; }
    const n = b.node(id);
    if (n.kind !== 'op') {
      memo.set(id, leaf(n, style));
      stack.pop();
      continue;
    }
    const pending = n.args.filter((a) => !memo.has(a));
    if (pending.length) { stack.push(...pending); continue; }
    stack.pop();
    const spec = scalarOp(n.op);
    const args = n.args.map((a) => memo.get(a)!);
    if (style.format === 'latex') {
      const notation = spec.latex;
      const parts = args.map((a, k) => wrap(a, notation.args[k] ?? Prec.Any, style, !spec.isFunction && (k > 0 || n.op === 'neg')));
      const leftOpen = args[0]!.openFunction && args[0]!.prec >= (notation.args[0] ?? 0);
      const s = notation.write(parts, leftOpen);
      const open = spec.isFunction && notation.prec === Prec.Unary && args[0]!.prec >= Prec.Atom;
      memo.set(id, { s, prec: notation.prec, openFunction: open, minus: startsWithMinus(n.op, args, notation.args[0] ?? Prec.Any, 'latex') });
    } else {
      const notation = spec.text;
      const parts = args.map((a, k) => wrap(a, minPrec(b, n.op, n.args, k, notation.args[k] ?? Prec.Any), style, !spec.isFunction && (k > 0 || n.op === 'neg')));
      const first = minPrec(b, n.op, n.args, 0, notation.args[0] ?? Prec.Any);
      memo.set(id, { s: notation.write(parts, GLYPHS[style.text]), prec: notation.prec, openFunction: false, minus: startsWithMinus(n.op, args, first, 'text') });
    }
  }
  return memo.get(root)!.s;
}

/** Precedence of a printed expression, for callers that wrap it (μ_i·(…)). */
export function precedenceOf(b: Builder, id: NodeId, style: PrintStyle): number {
  const n = b.node(id);
  if (n.kind === 'op') return style.format === 'latex' ? scalarOp(n.op).latex.prec : scalarOp(n.op).text.prec;
  return n.kind === 'num' && n.value < 0 ? Prec.Neg : Prec.Atom;
}
