// Where a wrong claim goes wrong, without giving the answer away: off by sign,
// by a constant factor, right only at special points, or one edge of the graph
// whose term is missing or whose local derivative ∂f_i/∂z_l is wrong. The edge
// search writes the truth as ∂f/∂z_j = Σ over edges (i, l) below j of
// μ_i · ∂f_i/∂z_l · ∂z_l/∂z_j and asks which single edge, changed, gives the claim.
// A factor that is not a constant is found the same way for the whole answer
// and for one edge: the ratio claim/truth (or claimed/true local derivative),
// taken at every point, is tested against candidate factors drawn from the
// graph (an input, a constant, a node's value, or its inverse), and where f_i
// is a function g of one argument, the claim's g′ is fitted as a polynomial
// of degree ≤ 2 in g's value (1 − tanh for 1 − tanh², 1 − σ for σ(1 − σ)).
// Messages name nodes as derive's text does (z₃ = sin(z₁)), through the
// caller's `describe`.
import type { Derivation } from '../derive/derive.js';
import { subscript, zText } from '../model/notation.js';
import { close } from '../verify/tolerance.js';
import { agreesEverywhere, constantFactor, diagnoseWith, SAME } from './diagnosis.js';
import type { Claim } from './claim.js';
import { evaluateClaim, pointContext, type Evaluation, type PointContext } from './judge.js';
import { choosePoint } from '../verify/numeric.js';
import { compileReal } from '../verify/evaluate.js';
import { scalarOp } from '../ir/ops.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { FunctionName } from '../ops/spec.js';
import { derivativeInValue, fitPolynomial, formatFactor, polynomialText, roundCoefficients, valueSymbol } from './polynomial-fit.js';

export type DiagnosisKind =
  | 'undefined' | 'sign' | 'factor' | 'variable-factor' | 'special-points'
  | 'missing-term' | 'missing-factor' | 'edge-sign' | 'edge-factor' | 'edge-variable-factor' | 'edge-derivative' | 'edge-own-value' | 'zero' | 'unknown';

export interface Diagnosis {
  readonly kind: DiagnosisKind;
  /** One sentence for people; names nodes and edges, never the correct formula. */
  readonly message: string;
  /** The constant factor, for 'factor' and 'edge-factor'. */
  readonly factor?: number;
  /** The edge z_l → z_i, for the edge kinds: [i, l]. */
  readonly edge?: readonly [number, number];
  /** The node whose inner derivative is missing, for a missing factor that spans several edges. */
  readonly node?: number;
  /** The factor that is not a constant, for 'variable-factor' and 'edge-variable-factor': an input's name or `z3`. */
  readonly variable?: string;
  /** For a variable factor: true when your answer lacks it, false when it has it too many. */
  readonly missing?: boolean;
}

/** Names as derive's text writes them: z₃, μ₃ (β₃ under note 002's convention), ∂f₃/∂z₁. */
interface Names {
  z(k: number): string;
  mu(k: number): string;
  partial(i: number, l: number): string;
  /** `the edge z₁ → z₃ (z₃ = z₁·z₂, that is x·sin(x))`. */
  edge(i: number, l: number): string;
  describe(i: number): string;
}

function namesOf(claim: Claim, describe: (i: number) => string): Names {
  const z = (k: number): string => zText(k, 'unicode');
  return {
    z,
    mu: (k) => `${claim.convention.multiplier.unicode}${subscript(k)}`,
    partial: (i, l) => `∂f${subscript(i)}/∂${z(l)}`,
    edge: (i, l) => `the edge ${z(l)} → ${z(i)} (${describe(i)})`,
    describe,
  };
}

/** a ≈ b at every pair where both are finite (at least two: a saturated sigmoid, whose derivative underflows, tells nothing). */
function allClose(pairs: readonly [number, number][]): boolean {
  return agreesEverywhere(pairs.map(([claimed, truth]) => ({ claimed, truth, scale: 1 })), (p) => p.truth);
}

/** A constant k ≠ 1 with a ≈ k·b everywhere b is not ~0, or undefined. */
function constantRatio(pairs: readonly [number, number][]): number | undefined {
  return constantFactor(pairs.map(([claimed, truth]) => ({ claimed, truth, scale: 1 })));
}

interface EdgeData {
  /** For each point: the weight μ_i·∂z_l/∂z_j of edge (i, l), its partial p, and z_i. */
  readonly w: number;
  readonly p: number;
  readonly zi: number;
  /**
   * The partial with the outer function's derivative replaced by its value,
   * z_i·p/g'(a) for f_i = g(a(z)) with g unary (σ' written as σ, exp' fine):
   * NaN where f_i's root is not a unary function.
   */
  readonly ownValue: number;
}

/** g'(a) for the unary op at the root of f_i, by the complex step; NaN if the root is not unary. */
function outerDerivative(der: Derivation, i: number, ctx: Evaluation['ctx']): number {
  const b = der.graph.builder;
  const root = b.node(der.graph.nodes[i]!.f!);
  if (root.kind !== 'op' || scalarOp(root.op).arity !== 1 || !scalarOp(root.op).isFunction) return NaN;
  const a = compileReal(b, root.args[0]!, ctx.point.values)(ctx.point.z);
  const spec = scalarOp(root.op);
  if (!spec.hasComplex) {
    const d = 1e-6 * Math.max(1, Math.abs(a));
    return (spec.evaluate(a + d, 0, 0) - spec.evaluate(a - d, 0, 0)) / (2 * d);
  }
  const h = 1e-20;
  return spec.complex({ re: a, im: h }, { re: 0, im: 0 }, { re: 0, im: 0 }).im / h;
}

/** What the table calls the derivative of the function at the root of f_i ("erf′"), or null for an operator. */
function primeOf(der: Derivation, i: number): string | null {
  const root = der.graph.builder.node(der.graph.nodes[i]!.f!);
  return root.kind === 'op' && root.op in FUNCTIONS_TABLE ? FUNCTIONS_TABLE[root.op as FunctionName].prime ?? null : null;
}

/** Edges (i, l) below target j, in reverse topological order of i, with their data per point. */
function edgesBelow(der: Derivation, claim: Claim, evals: readonly Evaluation[]): Map<string, { i: number; l: number; data: EdgeData[] }> {
  const { nodes, m } = der.graph;
  const j = claim.node;
  const edges = new Map<string, { i: number; l: number; data: EdgeData[] }>();
  for (const ev of evals) {
    const { compiled, point, mu } = ev.ctx;
    const z = point.z;
    // Forward tangent D_l = ∂z_l/∂z_j over the descendants of j.
    const D = new Float64Array(m + 1);
    D[j] = 1;
    const partial: number[][] = [];
    for (let i = j + 1; i <= m; i++) {
      const node = nodes[i]!;
      if (node.kind !== 'op') continue;
      const ps = node.alpha.map((l, k) => (D[l] !== 0 ? compiled.partial(i, k, z) : 0));
      partial[i] = ps;
      node.alpha.forEach((l, k) => (D[i]! += ps[k]! * D[l]!));
    }
    for (let i = m; i > j; i--) {
      const node = nodes[i]!;
      if (node.kind !== 'op') continue;
      node.alpha.forEach((l, k) => {
        if (l < j || (l !== j && D[l] === 0)) return;
        const key = `${i},${l}`;
        let e = edges.get(key);
        if (!e) edges.set(key, (e = { i, l, data: [] }));
        const p = partial[i]![k]!;
        const g = outerDerivative(der, i, ev.ctx);
        // Where the outer derivative nearly vanishes (a saturated σ), p/g' is all round-off: no evidence.
        e.data.push({ w: mu[i]! * D[l]!, p, zi: z[i]!, ownValue: Math.abs(g) > 1e-8 ? (z[i]! * p) / g : NaN });
      });
    }
  }
  return edges;
}

/** What one edge (i, l), changed alone, says about the claim; null if it cannot explain it. */
function edgeExplains(der: Derivation, i: number, l: number, data: readonly EdgeData[], evals: readonly Evaluation[], n: Names, prime: string | null, factors: readonly Candidate[]): Diagnosis | null {
  if (data.length !== evals.length || data.some((d) => Math.abs(d.w) < 1e-12)) return null;
  // The change to the local derivative of edge (i, l) that this claim implies, at each point: the claim
  // reads ∂f_i/∂z_l as p + δ. It is compared with the change each mistake makes (never p + δ itself,
  // which loses δ to round-off when p is large: cosh of 40).
  const delta = evals.map((ev, k) => (ev.claimed - ev.truth) / data[k]!.w);
  const pairsTo = (f: (d: EdgeData) => number): [number, number][] => delta.map((v, k) => [v, f(data[k]!) - data[k]!.p]);
  const where = n.edge(i, l);
  const edge = [i, l] as const;
  const partial = n.partial(i, l);
  if (allClose(pairsTo(() => 0)) && !allClose(data.map((d) => [d.p, 0]))) {
    return { kind: 'missing-term', edge, message: `a term is missing: the contribution through ${where}, ${n.mu(i)}·${partial}, does not appear in your answer` };
  }
  if (allClose(pairsTo((d) => -d.p))) {
    return { kind: 'edge-sign', edge, message: `sign error on ${where}: your ${partial} has the wrong sign` };
  }
  if (allClose(pairsTo(() => 1)) && !allClose(data.map((d) => [d.p, 1]))) {
    const named = prime ? `the chain-rule factor ${prime} is missing` : 'a chain-rule factor is missing';
    return { kind: 'missing-factor', edge, message: `${named}: ${partial}, the derivative along ${where}` };
  }
  if (allClose(pairsTo((d) => d.ownValue)) && !allClose(data.map((d) => [d.p, d.ownValue]))) {
    return { kind: 'edge-own-value', edge, message: `on ${where} you used the value of ${n.z(i)} itself where its derivative ${partial} belongs (as when σ' is written σ)` };
  }
  // p + δ = k·p: δ/p is the constant k − 1.
  const c = constantRatio(delta.map((v, k) => [v, data[k]!.p]));
  const k = c === undefined ? undefined : c + 1;
  if (k !== undefined && !close(k, 1, SAME) && !close(k, 0, SAME)) {
    return { kind: 'edge-factor', edge, factor: k, message: `on ${where}, your ${partial} is off by a factor of ${formatFactor(k)}` };
  }
  // The claim's local derivative, P = p + δ, at each point.
  const claimedLocal = delta.map((v, k) => data[k]!.p + v);
  // f_i = g(a): the claim's g′ as a polynomial in g's value (1 − tanh for 1 − tanh²).
  const poly = outerPolynomial(der, i, data, claimedLocal, evals);
  if (poly) {
    const what = poly.truth ? `the derivative of ${poly.op} is ${poly.truth}; your factor is ${poly.claimed}` : `your factor in place of ${prime ?? `${poly.op}′`} is ${poly.claimed}, which is not the derivative of ${poly.op}`;
    return { kind: 'edge-derivative', edge, message: `on ${where}: ${what}` };
  }
  // P = p·v or p/v for a value v of the graph: a factor too many or missing on this edge.
  for (const f of factors) {
    if (f.node === i) continue;
    for (const missing of [false, true]) {
      const pairs = claimedLocal.map((P, k): [number, number] => (missing ? [P * f.values[k]!, data[k]!.p] : [P, data[k]!.p * f.values[k]!]));
      if (allClose(pairs)) {
        return { kind: 'edge-variable-factor', edge, variable: f.label, missing, message: `on ${where}, your ${partial} is off by a factor ${f.text()}: ${missing ? 'it lacks' : 'it has'} a factor ${f.name}${missing ? '' : ' too many'}` };
      }
    }
  }
  return null;
}

/** A value of the graph that may be a factor too many or missing: an input, a constant, or a node. */
interface Candidate {
  /** As JSON names it: `x`, `z3`. */
  readonly label: string;
  /** As a message names it: `x`, `z₃`. */
  readonly name: string;
  /** As a message introduces it: `x`, `z₃ (z₃ = sin(z₁), that is sin(x))` (built when needed). */
  text(): string;
  /** The node (0 for a constant). */
  readonly node: number;
  /** Its value at each point. */
  readonly values: readonly number[];
}

/** Beyond this many nodes, only the inputs and constants are candidate factors (the search is linear per edge). */
const MAX_FACTOR_NODES = 48;

/** Inputs and constants by name, then (with `nodes`) the operations' values, each usable at every point (not ~0, not constant). */
function candidates(der: Derivation, evals: readonly Evaluation[], n: Names, nodes: boolean): Candidate[] {
  const { graph } = der;
  const out: Candidate[] = [];
  const usable = (values: readonly number[]): boolean =>
    values.every((v) => Number.isFinite(v) && Math.abs(v) > 1e-6) && !values.every((v) => close(v, values[0]!, SAME));
  const named = [...graph.inputs.map((name, k) => [name, k + 1] as const), ...graph.constants.map((name) => [name, 0] as const)];
  for (const [name, node] of named) {
    const values = evals.map((e) => e.ctx.point.values.get(name)!);
    if (usable(values)) out.push({ label: name, name, text: () => name, node, values });
  }
  if (nodes) {
    for (let k = graph.d + 1; k < Math.min(graph.m, graph.d + 1 + MAX_FACTOR_NODES); k++) {
      const values = evals.map((e) => e.ctx.point.z[k]!);
      if (usable(values)) out.push({ label: `z${k}`, name: n.z(k), text: () => `${n.z(k)} (${n.describe(k)})`, node: k, values });
    }
  }
  return out;
}

/** The whole answer is the derivative times v, or divided by v, for one candidate v. */
function variableFactor(pairs: readonly [number, number][], factors: readonly Candidate[]): Diagnosis | null {
  if (pairs.every(([, t]) => Math.abs(t) < 1e-9)) return null;
  for (const f of factors) {
    for (const missing of [false, true]) {
      const test = pairs.map(([c, t], k): [number, number] => (missing ? [c * f.values[k]!, t] : [c, t * f.values[k]!]));
      if (allClose(test)) {
        const how = missing ? `your answer lacks a factor ${f.name} (it is the derivative divided by ${f.name})` : `your answer has a factor ${f.name} too many (it is ${f.name} times the derivative)`;
        return { kind: 'variable-factor', variable: f.label, missing, message: `off by a factor ${f.text()}: ${how}` };
      }
    }
  }
  return null;
}

/** A small polynomial in g's value that equals y at every point: coefficients integers or halves up to 4. */
function polynomialOf(v: readonly number[], y: readonly number[]): number[] | null {
  for (let degree = 0; degree <= 2; degree++) {
    if (v.length < degree + 3) return null;
    const c = fitPolynomial(v, y, degree);
    const rounded = c && roundCoefficients(c);
    if (!rounded) continue;
    if (allClose(v.map((x, k) => [y[k]!, rounded.reduce((s, ck, e) => s + ck * x ** e, 0)]))) return rounded;
  }
  return null;
}

/**
 * For f_i = g(a) with g a function of one argument: what the claim uses in
 * place of g′(a), γ = g′(a)·P/p, as a polynomial in the value z_i = g(a),
 * with the truth's g′ as one too when it is (1 − tanh², σ(1 − σ)).
 */
function outerPolynomial(der: Derivation, i: number, data: readonly EdgeData[], claimedLocal: readonly number[], evals: readonly Evaluation[]): { op: string; claimed: string; truth: string | null } | null {
  const root = der.graph.builder.node(der.graph.nodes[i]!.f!);
  if (root.kind !== 'op' || !(root.op in FUNCTIONS_TABLE) || scalarOp(root.op).arity !== 1) return null;
  const g: number[] = [];
  const gamma: number[] = [];
  const v: number[] = [];
  evals.forEach((ev, k) => {
    const d = data[k]!;
    const outer = outerDerivative(der, i, ev.ctx);
    if (!Number.isFinite(outer) || Math.abs(d.p) < 1e-9 || Math.abs(outer) < 1e-9) return;
    g.push(outer);
    gamma.push((outer * claimedLocal[k]!) / d.p);
    v.push(d.zi);
  });
  if (v.length < Math.min(5, evals.length) || v.length < 4) return null;
  const claimed = polynomialOf(v, gamma);
  if (!claimed) return null;
  // The claim's γ = g′ is the truth; γ = 1 and γ = g are other diagnoses' (missing σ′, σ for σ′).
  if (allClose(v.map((_, k) => [gamma[k]!, g[k]!]))) return null;
  const truth = derivativeInValue(root.op);
  return { op: root.op, claimed: polynomialText(claimed, valueSymbol(root.op)), truth: truth ? polynomialText(truth, valueSymbol(root.op)) : null };
}

/**
 * The single edge that explains the claim, nearest the output first. When
 * other edges explain it equally (a product's two factors, say), the message
 * says so rather than blame one.
 */
function edgeDiagnosis(der: Derivation, claim: Claim, evals: readonly Evaluation[], n: Names, factors: readonly Candidate[]): Diagnosis | null {
  const found: Diagnosis[] = [];
  for (const { i, l, data } of edgesBelow(der, claim, evals).values()) {
    const d = edgeExplains(der, i, l, data, evals, n, primeOf(der, i), factors);
    if (d) found.push(d);
    if (found.length > 3) break;
  }
  const first = found[0];
  if (!first) return innerFactorDiagnosis(der, claim, evals, n);
  const others = found.slice(1).map((d) => `${n.z(d.edge![1])} → ${n.z(d.edge![0])}`);
  if (others.length === 0) return first;
  return { ...first, message: `${first.message}; or, equally, on ${others.join(' or ')}: one of these is wrong` };
}

/**
 * The chain rule stopped at a node: f_i = g(a) and the claim is μ_i·g'(a), the
 * derivative of a with respect to the target dropped (a sum of several edges,
 * so no single edge shows it).
 */
function innerFactorDiagnosis(der: Derivation, claim: Claim, evals: readonly Evaluation[], n: Names): Diagnosis | null {
  const { m, d, nodes } = der.graph;
  for (let i = m; i > Math.max(claim.node, d); i--) {
    if (nodes[i]!.kind !== 'op') continue;
    const pairs = evals.map((ev): [number, number] => [ev.claimed, ev.ctx.mu[i]! * outerDerivative(der, i, ev.ctx)]);
    if (pairs.some(([, v]) => !Number.isFinite(v))) continue;
    if (allClose(pairs) && !allClose(evals.map((ev, k) => [ev.truth, pairs[k]![1]]))) {
      const target = claim.kind === 'grad' ? claim.label : n.z(claim.node);
      return { kind: 'missing-factor', node: i, message: `a chain-rule factor is missing: the derivative of the argument of ${n.describe(i)} with respect to ${target} (the factor after ${primeOf(der, i) ?? 'its outer derivative'})` };
    }
  }
  return null;
}

/** Points that are special for many formulas: all inputs 0, 1, 2 or −1. */
function specialEvaluations(der: Derivation, claim: Claim): Evaluation[] {
  let contexts = specialPoints.get(der);
  if (!contexts) {
    contexts = [];
    for (const v of [0, 1, 2, -1]) {
      const p = choosePoint(der, new Map(der.graph.inputs.map((n) => [n, v] as const)), 0);
      if (!p.problem) contexts.push(pointContext(der, p, 'special'));
    }
    specialPoints.set(der, contexts);
  }
  return contexts.map((ctx) => evaluateClaim(der, claim, ctx));
}
/** The special points of a derivation, computed once for all its claims (batch grading). */
const specialPoints = new WeakMap<Derivation, PointContext[]>();

/** Whether the claim holds at every point when its multipliers are read in the other sign of the Lagrangian. */
function rightUnderOtherSign(der: Derivation, claim: Claim, judged: readonly Evaluation[]): boolean {
  if (claim.kind !== 'mu' && ![...claim.symbols.values()].some((r) => r.kind === 'mu')) return false;
  const sign = -claim.sign as 1 | -1;
  const other: Claim = { ...claim, sign, convention: { ...claim.convention, sign } };
  return judged.every((e) => evaluateClaim(der, other, e.ctx).equal);
}

/**
 * Diagnoses a claim that failed at some of `evals`, by the one diagnosis
 * (claims/diagnosis.ts) with an expression's searches. `describe(i)` names
 * node i for people (its equation z_i = f_i).
 */
export function diagnose(der: Derivation, claim: Claim, judged: readonly Evaluation[], describe: (i: number) => string): Diagnosis {
  const n = namesOf(claim, describe);
  // The search reads the notes' μ: a claimed multiplier under the + sign is turned back (both sides negated).
  const evals = claim.kind === 'mu' && claim.sign < 0 ? judged.map((e) => ({ ...e, claimed: -e.claimed, truth: -e.truth })) : judged;
  const pairs = evals.map((e) => [e.claimed, e.truth] as [number, number]);
  // A factor of the user's own names (…*x too many) reads best as that; one of a node's values comes after the edges.
  let withNodes: Candidate[] | undefined;
  const nodeFactors = (): Candidate[] => (withNodes ??= candidates(der, evals, n, true));
  return diagnoseWith<Diagnosis>({
    undefinedWhy: judged.find((e) => e.undefinedWhy !== null)?.undefinedWhy ?? null,
    pairs: evals.map((e) => ({ claimed: e.claimed, truth: e.truth, scale: 1 })),
    of: claim.kind === 'mu' ? 'multiplier' : 'derivative',
    zero: { what: claim.kind === 'grad' ? `∂f/∂${claim.label}` : n.mu(claim.node), variable: claim.kind === 'grad' ? claim.label : n.z(claim.node), output: 'output' },
    // Right in the other sign of the Lagrangian: the student's convention is not the one stated.
    otherSign: () => rightUnderOtherSign(der, claim, judged) ? { sign: claim.sign, multiplier: `${claim.convention.multiplier.unicode}_j`, derivative: '∂f/∂z_j' } : null,
    searches: [
      () => variableFactor(pairs, candidates(der, evals, n, false)),
      // One edge explains more than a coincidence at special points does, so it comes first.
      () => edgeDiagnosis(der, claim, evals, n, nodeFactors()),
      () => variableFactor(pairs, nodeFactors().filter((f) => f.node > der.graph.d)),
    ],
    special: () => {
      const agreeing = specialEvaluations(der, claim).filter((e) => e.equal);
      if (agreeing.length === 0) return null;
      const at = agreeing.map((e) => formatPoint(e.ctx.point.values, der.graph.inputs)).join('; ');
      return { kind: 'special-points', message: `right only at special points: it agrees at ${at}, but not at the random points` };
    },
    unknown: { kind: 'unknown', message: 'no single sign, factor, or term explains the difference; compare your steps with the backward pass node by node (claim the multipliers with --mu to find the first wrong one)' },
  }) as Diagnosis;
}

function formatPoint(values: ReadonlyMap<string, number>, names: readonly string[]): string {
  return names.map((n) => `${n} = ${formatFactor(values.get(n)!)}`).join(', ');
}
