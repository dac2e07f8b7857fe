// Where a wrong claim goes wrong, without giving the answer away: off by sign,
// by a constant factor, right only at special points, or one edge of the graph
// whose term is missing or whose local derivative ∂f_i/∂z_l is wrong. The edge
// search writes the truth as ∂f/∂z_j = Σ over edges (i, l) below j of
// μ_i · ∂f_i/∂z_l · ∂z_l/∂z_j and asks which single edge, changed, gives the claim.
import type { Derivation } from '../derive/derive.js';
import { close, type Tolerance } from '../verify/tolerance.js';
import type { Claim } from './claim.js';
import { evaluateClaim, pointContext, type Evaluation, type PointContext } from './judge.js';
import { choosePoint } from '../verify/numeric.js';
import { compileReal } from '../verify/evaluate.js';
import { OPS } from '../ir/ops.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { FunctionName } from '../ops/spec.js';

export type DiagnosisKind =
  | 'undefined' | 'sign' | 'factor' | 'special-points'
  | 'missing-term' | 'missing-factor' | 'edge-sign' | 'edge-factor' | 'edge-own-value' | 'unknown';

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
}

const SAME: Tolerance = { rel: 1e-6, abs: 1e-9 };

/** A factor as people write it: 2, −1/2, 3/4, else 4 significant digits. */
export function formatFactor(k: number): string {
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(k * q);
    if (Math.abs(k * q - p) < 1e-9 * Math.max(1, Math.abs(k * q))) return q === 1 ? `${p}` : `${p}/${q}`;
  }
  return String(Number(k.toPrecision(4)));
}

/**
 * a ≈ b at every point where both are finite, and there are at least two such
 * points (a saturated sigmoid, whose derivative underflows, tells nothing).
 */
function allClose(pairs: readonly [number, number][]): boolean {
  const usable = pairs.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  return usable.length >= Math.min(2, pairs.length) && usable.length > 0 && usable.every(([a, b]) => close(a, b, SAME));
}

/** A constant k with a ≈ k·b everywhere b is not ~0, or undefined. */
function constantRatio(pairs: readonly [number, number][]): number | undefined {
  const usable = pairs.filter(([, b]) => Math.abs(b) > 1e-9);
  if (usable.length < 2) return undefined;
  const k = usable[0]![0] / usable[0]![1];
  if (!Number.isFinite(k) || k === 0) return undefined;
  return usable.every(([a, b]) => close(a, k * b, SAME)) ? k : undefined;
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
  if (root.kind !== 'op' || OPS[root.op].arity !== 1 || !OPS[root.op].isFunction) return NaN;
  const a = compileReal(b, root.args[0]!, ctx.point.values)(ctx.point.z);
  const spec = OPS[root.op];
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
      const ps = node.alpha.map((l, k) => (D[l] !== 0 ? compiled.partial[i]![k]!(z) : 0));
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
function edgeExplains(i: number, l: number, data: readonly EdgeData[], evals: readonly Evaluation[], describe: (i: number) => string, prime: string | null): Diagnosis | null {
  if (data.length !== evals.length || data.some((d) => Math.abs(d.w) < 1e-12)) return null;
  // The change to the local derivative of edge (i, l) that this claim implies, at each point: the claim
  // reads ∂f_i/∂z_l as p + δ. It is compared with the change each mistake makes (never p + δ itself,
  // which loses δ to round-off when p is large: cosh of 40).
  const delta = evals.map((ev, k) => (ev.claimed - ev.truth) / data[k]!.w);
  const pairsTo = (f: (d: EdgeData) => number): [number, number][] => delta.map((v, k) => [v, f(data[k]!) - data[k]!.p]);
  const where = `the edge z${l} → z${i} (${describe(i)})`;
  const edge = [i, l] as const;
  if (allClose(pairsTo(() => 0)) && !allClose(data.map((d) => [d.p, 0]))) {
    return { kind: 'missing-term', edge, message: `a term is missing: the contribution through ${where}, μ${i}·∂f${i}/∂z${l}, does not appear in your answer` };
  }
  if (allClose(pairsTo((d) => -d.p))) {
    return { kind: 'edge-sign', edge, message: `sign error on ${where}: your ∂f${i}/∂z${l} has the wrong sign` };
  }
  if (allClose(pairsTo(() => 1)) && !allClose(data.map((d) => [d.p, 1]))) {
    const named = prime ? `the chain-rule factor ${prime} is missing` : 'a chain-rule factor is missing';
    return { kind: 'missing-factor', edge, message: `${named}: ∂f${i}/∂z${l}, the derivative along ${where}` };
  }
  if (allClose(pairsTo((d) => d.ownValue)) && !allClose(data.map((d) => [d.p, d.ownValue]))) {
    return { kind: 'edge-own-value', edge, message: `on ${where} you used the value of z${i} itself where its derivative ∂f${i}/∂z${l} belongs (as when σ' is written σ)` };
  }
  // p + δ = k·p: δ/p is the constant k − 1.
  const c = constantRatio(delta.map((v, n) => [v, data[n]!.p]));
  const k = c === undefined ? undefined : c + 1;
  if (k !== undefined && !close(k, 1, SAME) && !close(k, 0, SAME)) {
    return { kind: 'edge-factor', edge, factor: k, message: `on ${where}, your ∂f${i}/∂z${l} is off by a factor of ${formatFactor(k)}` };
  }
  return null;
}

/**
 * The single edge that explains the claim, nearest the output first. When
 * other edges explain it equally (a product's two factors, say), the message
 * says so rather than blame one.
 */
function edgeDiagnosis(der: Derivation, claim: Claim, evals: readonly Evaluation[], describe: (i: number) => string): Diagnosis | null {
  const found: Diagnosis[] = [];
  for (const { i, l, data } of edgesBelow(der, claim, evals).values()) {
    const d = edgeExplains(i, l, data, evals, describe, primeOf(der, i));
    if (d) found.push(d);
    if (found.length > 3) break;
  }
  const first = found[0];
  if (!first) return innerFactorDiagnosis(der, claim, evals, describe);
  const others = found.slice(1).map((d) => `z${d.edge![1]} → z${d.edge![0]}`);
  if (others.length === 0) return first;
  return { ...first, message: `${first.message}; or, equally, on ${others.join(' or ')}: one of these is wrong` };
}

/**
 * The chain rule stopped at a node: f_i = g(a) and the claim is μ_i·g'(a), the
 * derivative of a with respect to the target dropped (a sum of several edges,
 * so no single edge shows it).
 */
function innerFactorDiagnosis(der: Derivation, claim: Claim, evals: readonly Evaluation[], describe: (i: number) => string): Diagnosis | null {
  const { m, d, nodes } = der.graph;
  for (let i = m; i > Math.max(claim.node, d); i--) {
    if (nodes[i]!.kind !== 'op') continue;
    const pairs = evals.map((ev): [number, number] => [ev.claimed, ev.ctx.mu[i]! * outerDerivative(der, i, ev.ctx)]);
    if (pairs.some(([, v]) => !Number.isFinite(v))) continue;
    if (allClose(pairs) && !allClose(evals.map((ev, k) => [ev.truth, pairs[k]![1]]))) {
      const target = claim.kind === 'grad' ? claim.label : `z${claim.node}`;
      return { kind: 'missing-factor', node: i, message: `a chain-rule factor is missing: the derivative of the argument of ${describe(i)} with respect to ${target} (the factor after ${primeOf(der, i) ?? 'its outer derivative'})` };
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

/**
 * Diagnoses a claim that failed at some of `evals`. `describe(i)` names node i
 * for people (its equation z_i = f_i).
 */
export function diagnose(der: Derivation, claim: Claim, evals: readonly Evaluation[], describe: (i: number) => string): Diagnosis {
  const bad = evals.find((e) => e.undefinedWhy !== null);
  if (bad) return { kind: 'undefined', message: `your expression is undefined at a point where the derivative exists (${bad.undefinedWhy})` };
  const pairs = evals.map((e) => [e.claimed, e.truth] as [number, number]);
  if (allClose(pairs.map(([c, t]) => [c, -t])) && pairs.some(([, t]) => Math.abs(t) > 1e-9)) {
    return { kind: 'sign', factor: -1, message: 'off by sign: your answer is the negative of the derivative' };
  }
  const k = constantRatio(pairs);
  // A ratio of 1 where the derivative is not 0 says only that the claim is wrong where it is: no factor.
  if (k !== undefined && !close(k, 1, SAME)) return { kind: 'factor', factor: k, message: `off by a constant factor: your answer is ${formatFactor(k)} times the derivative` };
  // One edge explains more than a coincidence at special points does, so it comes first.
  const edge = edgeDiagnosis(der, claim, evals, describe);
  if (edge) return edge;
  const agreeing = specialEvaluations(der, claim).filter((e) => e.equal);
  if (agreeing.length > 0) {
    const at = agreeing.map((e) => formatPoint(e.ctx.point.values, der.graph.inputs)).join('; ');
    return { kind: 'special-points', message: `right only at special points: it agrees at ${at}, but not at the random points` };
  }
  return { kind: 'unknown', message: 'no single sign, factor, or term explains the difference; compare your steps with the backward pass node by node (claim the multipliers with --mu to find the first wrong one)' };
}

function formatPoint(values: ReadonlyMap<string, number>, names: readonly string[]): string {
  return names.map((n) => `${n} = ${formatFactor(values.get(n)!)}`).join(', ');
}
