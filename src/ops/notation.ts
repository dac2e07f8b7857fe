// The pieces the table's entries are written with: LaTeX notations (a
// function as \sin z, or always parenthesized as \operatorname{ReLU}(…)),
// and the verdicts of domain tests (outside the domain, a kink, a tie, a
// jump, a pole).
import { Prec as P, type DomainVerdict, type Notation } from './spec.js';

export type Latex = Notation<(a: readonly string[]) => string>;
/** `\sin z_{1}` for an atomic argument, `\sin\left(…\right)` otherwise. */
export const fnLatex = (cmd: string): Latex => ({ prec: P.Unary, args: [P.Atom], write: ([a]) => `${cmd} ${a}` });
/** Always-parenthesized LaTeX call, for names that read badly without: σ(…), ReLU(…), max(a, b). */
export const callLatex = (cmd: string): Latex => ({ prec: P.Atom, args: [P.Any, P.Any, P.Any], write: (a) => `${cmd}\\left(${a.join(', ')}\\right)` });
export const op = (name: string): string => `\\operatorname{${name}}`;

export const outside = (why: string): DomainVerdict => ({ kind: 'outside', why });
export const kink = (why: string): DomainVerdict => ({ kind: 'kink', why });
/** Defined, but the derivative is infinite there (sqrt at 0, cbrt at 0, acosh at 1). */
export const infiniteSlope = (why: string): DomainVerdict => ({ kind: 'infinite', why });
/** A number in a message: 6 significant digits (−1.23456789012 → −1.23457). */
export const short = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));
/**
 * |a| this small counts as sitting on a kink (a few ulps of 1): no derivative
 * exists to check there. Near, but not on, a kink the check's differences
 * shrink their step until it no longer straddles the kink.
 */
export const KINK_EPS = 1e-12;
export const kinkAtZero = (name: string) => (a: number): DomainVerdict =>
  Math.abs(a) <= KINK_EPS ? kink(a === 0 ? `${name} is not differentiable at 0` : `${name}'s argument ${short(a)} is within ${KINK_EPS} of its kink at 0`) : null;
/** A tie of two arguments (max, min, clamp at a bound): no derivative there. */
export const tie = (what: string, a: number, b: number): DomainVerdict =>
  Math.abs(a - b) <= KINK_EPS * Math.max(1, Math.abs(a), Math.abs(b)) ? kink(what) : null;
/** Piecewise constant with jumps where `jump` holds. */
export const jumps = (name: string, jump: (a: number) => boolean) => (a: number): DomainVerdict =>
  jump(a) ? kink(`${name} jumps at ${short(a)}: it has no derivative there`) : null;
export const positive = (name: string) => (a: number): DomainVerdict => (a > 0 ? null : outside(`${name} needs a positive argument, got ${short(a)}`));
export const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));
export const poleWhere = (name: string, zeroOf: (a: number) => number) => (a: number): DomainVerdict =>
  Math.abs(zeroOf(a)) < 1e-12 ? outside(`${name} has a pole here`) : null;

