// The notation a document uses: the multipliers' symbol (μ, λ or β), the sign
// of the Lagrangian, and the letter of the nodes. The notes' convention
// L = z_m − Σ μ_i (z_i − f_i) is the default; every renderer states the one in use.
import { latexNames, muLatex, muText, subscript, symbolLatex, zLatex, zText, type TextStyle } from '../model/notation.js';

export type Multiplier = 'mu' | 'lambda' | 'beta';
/** '-': L = z_m − Σ μ_i (z_i − f_i), so μ_j = ∂f/∂z_j; '+': L = z_m + Σ μ_i (z_i − f_i), so μ_j = −∂f/∂z_j. */
export type Sign = '-' | '+';

export interface Convention {
  readonly multiplier: Multiplier;
  readonly sign: Sign;
  /** The letter of the nodes: z in the notes, v in reverse-mode traces. */
  readonly node: string;
  /** The Lagrangian's letter in text: L, or ℒ when the input has a variable L. */
  readonly lagrangian?: 'L' | 'ℒ';
  /** LaTeX of the input's names that would otherwise print alike (model/notation.ts's latexNames). */
  readonly symbols?: ReadonlyMap<string, string>;
  /** The input's names that made lagrad move a letter off the notes' (fitNotation). */
  readonly moved?: { readonly node?: string; readonly multiplier?: string; readonly lagrangian?: true };
}

export const NOTES: Convention = { multiplier: 'mu', sign: '-', node: 'z' };

export const MULTIPLIERS: readonly Multiplier[] = ['mu', 'lambda', 'beta'];
const MULT_GLYPH: Readonly<Record<Multiplier, { ascii: string; unicode: string; latex: string }>> = {
  mu: { ascii: 'mu', unicode: 'μ', latex: '\\mu' },
  lambda: { ascii: 'lambda', unicode: 'λ', latex: '\\lambda' },
  beta: { ascii: 'beta', unicode: 'β', latex: '\\beta' },
};
/** Letters a node may not take: e is Euler's number, f the functions f_i, L the Lagrangian. */
export const RESERVED_NODE_LETTERS = new Set(['e', 'f', 'L']);

export function isNotes(c: Convention): boolean {
  return c.multiplier === 'mu' && c.sign === '-' && c.node === 'z';
}

/** The letters lagrad may give the nodes, in order of preference: the notes' z, then the traces' v. */
const NODE_LETTERS = ['z', 'v', 'w', 'u', 'h', 'q', 't', 's', 'r', 'p', 'n', 'k', 'g', 'a', 'b', 'c'];

/** A user's name that reads as a node or multiplier name: the letter alone, or with an index (z, z3, z_3). */
function readsAs(prefixes: readonly string[], name: string): boolean {
  return prefixes.some((p) => name === p || (name.startsWith(p) && /^_?\d+$/.test(name.slice(p.length))));
}
const nodeClash = (letter: string, name: string): boolean => readsAs([letter], name);
const multiplierClash = (m: Multiplier, name: string): boolean =>
  readsAs([MULT_GLYPH[m].ascii, MULT_GLYPH[m].unicode], name);

/** The parts of the notation the user chose (options, a handout's `notation`); lagrad chooses the rest. */
export interface NotationChoice {
  readonly multiplier: boolean;
  readonly node: boolean;
}

/**
 * The convention with the letters lagrad chooses moved off the user's names,
 * so that no printed name means two things: the node letter (z, else v, w, …),
 * the multiplier (μ, else λ, β) and, in text, the Lagrangian (L, else ℒ).
 * A letter the user chose that clashes is reported in `clash` instead.
 */
export function fitNotation(conv: Convention, chosen: NotationChoice, names: readonly string[]): { conv: Convention; clash?: string } {
  const hit = (test: (name: string) => boolean): string | undefined => names.find(test);
  const nodeHit = hit((n) => nodeClash(conv.node, n));
  if (nodeHit !== undefined && chosen.node) {
    return { conv, clash: `--node-name ${conv.node} clashes with the input's variable ${nodeHit}, which would read as a node; choose another letter, or leave the option out` };
  }
  const multHit = hit((n) => multiplierClash(conv.multiplier, n));
  if (multHit !== undefined && chosen.multiplier) {
    return { conv, clash: `--multiplier ${MULT_GLYPH[conv.multiplier].ascii} clashes with the input's variable ${multHit}, which would read as a multiplier; choose another symbol, or leave the option out` };
  }
  const node = nodeHit === undefined ? conv.node
    : NODE_LETTERS.find((l) => !RESERVED_NODE_LETTERS.has(l) && names.every((n) => !nodeClash(l, n))) ?? conv.node;
  const multiplier = multHit === undefined ? conv.multiplier
    : MULTIPLIERS.find((m) => names.every((n) => !multiplierClash(m, n))) ?? conv.multiplier;
  const lagrangian = names.includes('L') ? 'ℒ' : undefined;
  const moved = {
    ...(node !== conv.node ? { node: nodeHit! } : {}),
    ...(multiplier !== conv.multiplier ? { multiplier: multHit! } : {}),
    ...(lagrangian ? { lagrangian: true as const } : {}),
  };
  const symbols = latexNames(names);
  const named = symbols.size > 0 ? { ...conv, symbols } : conv;
  if (Object.keys(moved).length === 0) return { conv: named };
  return { conv: { ...named, node, multiplier, ...(lagrangian ? { lagrangian } : {}), moved } };
}

/** One line saying which letters fitNotation moved and why; null when none. */
export function notationWhy(c: Convention, style: TextStyle): string | null {
  if (!c.moved) return null;
  const why: string[] = [];
  if (c.moved.node !== undefined) why.push(`${c.node} for the nodes (the input has ${c.moved.node})`);
  if (c.moved.multiplier !== undefined) why.push(`${MULT_GLYPH[c.multiplier][style]} for the multipliers (the input has ${c.moved.multiplier})`);
  if (c.moved.lagrangian) why.push(`${lagrangianText(c, style)} for the Lagrangian (the input has L)`);
  return `notation: ${why.join(', ')}`;
}

/** A user's name in LaTeX, one-to-one within the document the convention was fitted to. */
export function userLatex(c: Convention, name: string): string {
  return c.symbols?.get(name) ?? symbolLatex(name);
}

/** The Lagrangian's letter in text. */
export function lagrangianText(c: Convention, style: TextStyle): string {
  return c.lagrangian === 'ℒ' ? (style === 'ascii' ? 'Lag' : 'ℒ') : 'L';
}

export function sameConvention(a: Convention, b: Convention): boolean {
  return a.multiplier === b.multiplier && a.sign === b.sign && a.node === b.node;
}

/** Values of the multipliers in this convention are `muSign · ∂f/∂z_j`. */
export function muSign(c: Convention): 1 | -1 {
  return c.sign === '-' ? 1 : -1;
}

export type NameStyle = TextStyle | 'latex';

/** Names of node k and of its multiplier in one style. */
export interface Names {
  z(k: number | string): string;
  mu(k: number | string): string;
}

export function namesFor(c: Convention, style: NameStyle): Names {
  if (c.node === 'z' && c.multiplier === 'mu') {
    // The notes' names come from model/notation.ts, so the default output cannot drift.
    if (style === 'latex') return { z: (k) => (typeof k === 'number' ? zLatex(k) : `z_{${k}}`), mu: (k) => (typeof k === 'number' ? muLatex(k) : `\\mu_{${k}}`) };
    return {
      z: (k) => (typeof k === 'number' ? zText(k, style) : `z_${k}`),
      mu: (k) => (typeof k === 'number' ? muText(k, style) : `${style === 'ascii' ? 'mu' : 'μ'}_${k}`),
    };
  }
  const g = MULT_GLYPH[c.multiplier];
  if (style === 'latex') return { z: (k) => `${c.node}_{${k}}`, mu: (k) => `${g.latex}_{${k}}` };
  const sub = (k: number | string): string => (typeof k === 'number' ? (style === 'ascii' ? String(k) : subscript(k)) : `_${k}`);
  return { z: (k) => `${c.node}${sub(k)}`, mu: (k) => `${style === 'ascii' ? g.ascii : g.unicode}${sub(k)}` };
}

/** The multiplier's bare symbol: μ, λ, β (or \mu, …). */
export function multiplierSymbol(c: Convention, style: NameStyle): string {
  return MULT_GLYPH[c.multiplier][style === 'latex' ? 'latex' : style];
}

/**
 * The set of consumers of node j: β(j) in the notes; ch(j) when β names the
 * multipliers (note 002), so that β_i and β(j) never share a page.
 */
export function childrenSet(c: Convention, j: string, style: NameStyle): string {
  if (c.multiplier === 'beta') return style === 'latex' ? `\\operatorname{ch}(${j})` : `ch(${j})`;
  return style === 'latex' ? `\\beta(${j})` : style === 'unicode' ? `β(${j})` : `beta(${j})`;
}

/** The statements of the convention in Unicode text, as the terminal shows them. */
export interface ConventionText {
  /** The note beside the Lagrangian's heading. */
  readonly lagrangian: string;
  readonly kkt: string;
  readonly forward: string;
  readonly backward: string;
  readonly gradient: string;
  /** The theorem the check verifies: μ_j = ∂f/∂z_j (or −∂f/∂z_j). */
  readonly theorem: string;
  readonly graphHeader: readonly string[];
}

export function conventionText(c: Convention): ConventionText {
  const n = namesFor(c, 'unicode');
  const L = lagrangianText(c, 'unicode');
  const m = multiplierSymbol(c, 'unicode');
  const Z = c.node;
  const minus = c.sign === '-';
  const general = `${L} = ${Z}_m ${minus ? '−' : '+'} Σ_{i>d} ${m}_i (${Z}_i − f_i(${Z}_α(i)))`;
  const beta = (j: string): string => childrenSet(c, j, 'unicode');
  return {
    lagrangian: isNotes(c)
      ? `sign convention of the notes: ${general}`
      : `convention: ${general}, so ${n.mu('m')} = ${minus ? '1' : '−1'} and ${m}_j = ${minus ? '' : '−'}∂f/∂${Z}_j`,
    kkt: `stationarity in ${m} and ${Z}; the inputs θ are free, so ∂${L}/∂θ is not set to zero`,
    forward: `∂${L}/∂${m}_i = 0, in topological order`,
    backward: `∂${L}/∂${Z}_j = 0: ${m}_m = ${minus ? '1' : '−1'}, ${m}_j = Σ_{i∈${beta('j')}} ${m}_i ∂f_i/∂${Z}_j, in reverse order`,
    gradient: `∂f/∂θ_k = ${minus ? '' : '−'}Σ_{i∈${beta('k')}} ${m}_i ∂f_i/∂θ_k`,
    theorem: `${m}_j = ${minus ? '' : '−'}∂f/∂${Z}_j (Theorem 15.1${minus ? '' : ', + sign'})`,
    graphHeader: ['node', 'f_i', 'α(i)', c.multiplier === 'beta' ? 'ch(i)' : 'β(i)', 'value'],
  };
}

/** The convention as LaTeX, for documents: the general Lagrangian and what it implies. */
export interface ConventionLatex {
  /** L(z, μ) = z_m − Σ_{i=d+1}^{m} μ_i (z_i − f_i(z_{α(i)})). */
  readonly lagrangian: string;
  /** μ_m = 1. */
  readonly outputMultiplier: string;
  /** μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j. */
  readonly recursion: string;
  /** ∂f/∂θ_k = Σ_{i∈β(k)} μ_i ∂f_i/∂θ_k. */
  readonly gradient: string;
  /** μ_j = ∂f/∂z_j. */
  readonly theorem: string;
  /** The Lagrangian's left-hand side, L(z, μ). */
  readonly L: string;
}

export function conventionLatex(c: Convention): ConventionLatex {
  const m = multiplierSymbol(c, 'latex');
  const Z = c.node;
  const minus = c.sign === '-';
  const neg = minus ? '' : '-';
  const beta = (j: string): string => childrenSet(c, j, 'latex');
  return {
    L: `\\mathcal{L}(${Z}, ${m})`,
    lagrangian: `\\mathcal{L}(${Z}, ${m}) = ${Z}_m ${minus ? '-' : '+'} \\sum_{i=d+1}^{m} ${m}_i \\left(${Z}_i - f_i\\left(${Z}_{\\alpha(i)}\\right)\\right)`,
    outputMultiplier: `${m}_m = ${minus ? '1' : '-1'}`,
    recursion: `${m}_j = \\sum_{i \\in ${beta('j')}} ${m}_i \\frac{\\partial f_i}{\\partial ${Z}_j}`,
    gradient: `\\frac{\\partial f}{\\partial \\theta_k} = ${neg}\\sum_{i \\in ${beta('k')}} ${m}_i \\frac{\\partial f_i}{\\partial \\theta_k}`,
    theorem: `${m}_j = ${neg}\\frac{\\partial f}{\\partial ${Z}_j}`,
  };
}
