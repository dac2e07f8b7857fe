// A claimed answer: a target (∂f/∂θ_k or a multiplier μ_j) and an expression
// for it in terms of the inputs, the node values z_k and other multipliers μ_k.
// Parsing resolves every symbol, so an unknown one is an input error.
import type { Derivation } from '../derive/derive.js';
import type { NodeId } from '../ir/types.js';
import type { Builder } from '../ir/build.js';
import { InputError } from '../parse/errors.js';
import { parseExpression } from '../parse/expr.js';
import { tokenize } from '../parse/lexer.js';

/**
 * The convention claims are written and judged in: the multipliers' symbol
 * (μ of the notes, λ, or β of note 002) and the Lagrangian's sign. Under the
 * + sign (L = z_m + Σ μ_i (z_i − f_i)) every multiplier is the negative of
 * the notes' μ, so a claimed multiplier, and every multiplier a claim uses,
 * is read as −∂f/∂z_j; gradients are the same in both.
 */
/**
 * How a message names the claim it is about: `claim for x1`, or the target quoted where it is no plain word
 * (`claim for "x[x](javascript:alert(1))"`), so that a colon in it cannot read as the end of the position.
 */
export function claimContext(target: string): string {
  return `claim for ${/^[^\s:'"]+$/.test(target) ? target : JSON.stringify(target)}`;
}

export interface ClaimConvention {
  /** The symbol's names in claims: `mu` and `μ`, `beta` and `β`, `lambda` and `λ`. */
  readonly multiplier: { readonly ascii: string; readonly unicode: string };
  /** +1: the notes' sign, μ_j = ∂f/∂z_j; −1: the + sign, μ_j = −∂f/∂z_j. */
  readonly sign: 1 | -1;
}

export const NOTES_CLAIMS: ClaimConvention = { multiplier: { ascii: 'mu', unicode: 'μ' }, sign: 1 };

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches `mu3`/`μ3` (with `group` for what follows the symbol), in the convention's symbol. */
export function multiplierPattern(conv: ClaimConvention, rest: string): RegExp {
  return new RegExp(`^(?:${escapeRe(conv.multiplier.ascii)}|${escapeRe(conv.multiplier.unicode)})${rest}$`, 'u');
}

export interface ClaimSpec {
  /** An input's name for a gradient entry; `z3`, `mu3`, `μ3` or `3` for a multiplier. */
  readonly target: string;
  readonly text: string;
}

/** How a claim's symbol gets its value at a point. */
export type SymbolRole =
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'z'; readonly index: number }
  | { readonly kind: 'mu'; readonly index: number };

export interface Claim {
  readonly spec: ClaimSpec;
  readonly kind: 'grad' | 'mu';
  /** The node whose ∂f/∂z it claims (an input index for a gradient entry). */
  readonly node: number;
  /** `x1` for a gradient entry, `mu3` for a multiplier: the target as JSON names it. */
  readonly label: string;
  readonly builder: Builder;
  readonly root: NodeId;
  readonly symbols: ReadonlyMap<string, SymbolRole>;
  /** The convention's sign: the value of every multiplier the claim names or claims is sign·∂f/∂z. */
  readonly sign: 1 | -1;
  readonly convention: ClaimConvention;
}

/** Resolves `x1` (an input) or `z3`/`mu3`/`μ3`/`3` (a node after the inputs). */
export function resolveTarget(der: Derivation, target: string, conv: ClaimConvention = NOTES_CLAIMS): { kind: 'grad' | 'mu'; node: number; label: string } {
  const { graph } = der;
  const k = graph.inputs.indexOf(target);
  if (k >= 0) return { kind: 'grad', node: k + 1, label: target };
  const m = /^z?(\d+)$/u.exec(target) ?? multiplierPattern(conv, '(\\d+)').exec(target);
  if (m) {
    const j = Number(m[1]);
    if (j >= 1 && j <= graph.d) return { kind: 'grad', node: j, label: graph.inputs[j - 1]! };
    if (j > graph.d && j <= graph.m) return { kind: 'mu', node: j, label: `${conv.multiplier.ascii}${j}` };
    throw new InputError('usage', `no node ${target}: the graph has z1..z${graph.m}`);
  }
  const known = graph.inputs.length ? `an input (${graph.inputs.join(', ')})` : 'an input';
  throw new InputError('usage', `unknown target '${target}': name ${known} or a node z${graph.d + 1}..z${graph.m}`);
}

function roleOf(der: Derivation, name: string, conv: ClaimConvention): SymbolRole | undefined {
  const { graph } = der;
  if (graph.inputs.includes(name) || graph.constants.includes(name)) return { kind: 'value', name };
  const z = /^z(\d+)$/.exec(name);
  if (z && Number(z[1]) >= 1 && Number(z[1]) <= graph.m) return { kind: 'z', index: Number(z[1]) };
  const mu = multiplierPattern(conv, '(\\d+)').exec(name);
  if (mu && Number(mu[1]) > graph.d && Number(mu[1]) <= graph.m) return { kind: 'mu', index: Number(mu[1]) };
  return undefined;
}

/** Parses a claim against a derivation; errors name the claim and the position. */
export function parseClaim(der: Derivation, spec: ClaimSpec, conv: ClaimConvention = NOTES_CLAIMS): Claim {
  const context = claimContext(spec.target);
  const mu = conv.multiplier.ascii;
  try {
    const target = resolveTarget(der, spec.target, conv);
    const parsed = parseExpression(spec.text, { maxDepth: 1000 });
    const symbols = new Map<string, SymbolRole>();
    for (const name of parsed.symbols) {
      const role = roleOf(der, name, conv);
      if (!role) {
        const at = tokenize(spec.text).find((t) => t.kind === 'ident' && t.text === name)?.start;
        const hint = `use the inputs (${der.graph.inputs.join(', ')}), node values z1..z${der.graph.m}${der.graph.m > der.graph.d ? ` or multipliers ${mu}${der.graph.d + 1}..${mu}${der.graph.m}` : ''}`;
        throw new InputError('name', `unknown symbol '${name}': ${hint}`, at, spec.text);
      }
      if (role.kind === 'mu' && target.kind === 'mu' && role.index <= target.node) {
        const at = tokenize(spec.text).find((t) => t.kind === 'ident' && t.text === name)?.start;
        throw new InputError('name', `a claim for ${mu}${target.node} may use only the multipliers of later nodes (${mu}${target.node + 1}…${mu}${der.graph.m}), not ${name}`, at, spec.text);
      }
      symbols.set(name, role);
    }
    return { spec, ...target, builder: parsed.builder, root: parsed.root, symbols, sign: conv.sign, convention: conv };
  } catch (e) {
    if (e instanceof InputError) throw e.within(context);
    throw e;
  }
}
