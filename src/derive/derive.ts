// The derivation as data, for every input (an expression's graph or a
// program's): constrained formulation, Lagrangian, every KKT condition and its
// solution (forward equations, μ of the output = 1, the backward recursion,
// the gradient). Every renderer replays these records.
// Imports model/ and ir/ only.
import type { Builder } from '../ir/build.js';
import type { NodeId } from '../ir/types.js';
import type { CompGraph } from '../model/graph.js';
import { statementAdjoint } from './adjoint.js';
import { localPartial } from './partials.js';

/** One edge term μ_i ∂f_i/∂z_j of a backward equation. */
export interface EdgeTerm {
  /** i ∈ β(j): the consumer. */
  readonly from: number;
  /** ∂f_i/∂z_j in terms of the z's, for an expression; null for a program, whose terms are local adjoints (a matrix's ∂f_i/∂z_j is no matrix). */
  readonly partial: NodeId | null;
  /** μ_i·∂f_i/∂z_j after local folding (μ_5·1 → μ_5); a program's: the local adjoint of f_i for z_j, with μ_i as its seed. */
  readonly term: NodeId;
  /** The term as ± magnitude, so that sums print as a − b rather than a + (−b). */
  readonly negative: boolean;
  readonly magnitude: NodeId;
}

/** An expression's edge partial ∂f_i/∂z_j (every edge of an expression has one; a program's edges have local adjoints instead). */
export function partialOf(t: EdgeTerm): NodeId {
  if (t.partial === null) throw new Error(`lagrad: the edge from z_${t.from} is a program's, with a local adjoint and no scalar partial`);
  return t.partial;
}

/** z_i = f_i(z_α(i)): constraint i, and its solution ∂L/∂μ_i = 0 (the forward pass). */
export interface ForwardStep {
  readonly rule: 'kkt.mu';
  readonly node: number;
  readonly f: NodeId;
}

/** ∂L/∂z_m = 1 − μ_m = 0 ⇒ μ_m = 1. */
export interface OutputStep {
  readonly rule: 'kkt.output';
  readonly node: number;
}

/** ∂L/∂z_j = −μ_j + Σ_{i∈β(j)} μ_i ∂f_i/∂z_j = 0 ⇒ μ_j = Σ …. */
export interface AdjointStep {
  readonly rule: 'kkt.z';
  readonly node: number;
  readonly terms: readonly EdgeTerm[];
  /** A program's objective that later statements use: μ = 1 + Σ …. */
  readonly objective?: true;
}

/** ∂f/∂θ_k = Σ_{i∈β(k)} μ_i ∂f_i/∂θ_k: not a condition (θ is free), the gradient. */
export interface GradientStep {
  readonly rule: 'gradient';
  readonly node: number;
  readonly name: string;
  readonly terms: readonly EdgeTerm[];
}

export type BackwardStep = OutputStep | AdjointStep;

export interface Derivation {
  readonly graph: CompGraph;
  /** Constraints z_i = f_i, i = d+1..m, in topological order. */
  readonly forward: readonly ForwardStep[];
  /**
   * An expression's: μ_m = 1, then μ_j for j = m−1 … d+1 (reverse topological order). A program's: μ of
   * every statement, m … d+1, the objective's with `objective` (1 + its terms; with none, its μ is 1 and
   * is written as 1 in its arguments' terms).
   */
  readonly backward: readonly BackwardStep[];
  /** One per input θ_k, k = 1..d. */
  readonly gradient: readonly GradientStep[];
  /**
   * A program's: each node's local adjoint (statementAdjoint) by variable, seeded with its μ (with 1 for
   * an objective no statement uses), null for an input; what its edge terms were read from.
   */
  readonly adjoints?: readonly (ReadonlyMap<string, NodeId> | null)[];
}

/** Splits a leading minus off a term: −x, (−c)·x and negative numbers. */
export function signed(b: Builder, t: NodeId): { negative: boolean; magnitude: NodeId } {
  const n = b.node(t);
  if (n.kind === 'num' && n.value < 0) return { negative: true, magnitude: b.num(-n.value) };
  if (n.kind === 'op' && n.op === 'neg') return { negative: true, magnitude: n.args[0]! };
  if (n.kind === 'op' && n.op === 'mul') {
    const c = b.numValue(n.args[0]!);
    if (c !== null && c < 0) return { negative: true, magnitude: b.mul(b.num(-c), n.args[1]!) };
  }
  return { negative: false, magnitude: t };
}

/** Derives the KKT system of `graph`. Linear in nodes plus edges. */
export function derive(graph: CompGraph): Derivation {
  return graph.kind === 'expression' ? deriveExpression(graph) : deriveProgramGraph(graph);
}

/** An expression's: each edge's term is μ_i times the local partial ∂f_i/∂z_j. */
function deriveExpression(graph: CompGraph): Derivation {
  const b = graph.builder;
  const { nodes, d, m } = graph;
  // partial[i] holds ∂f_i/∂z_j for j ∈ α(i), in α order.
  // A type 2 node of note 003's model takes the note's rule ∂z_c/∂z_ℓ = α·z_c/z_ℓ (model/grouped.ts).
  const partials: NodeId[][] = nodes.map((node) =>
    node.kind !== 'op' ? [] : node.alpha.map((j, k) => (node.exponents ? b.mul(b.num(node.exponents[k]!), b.div(b.ref(node.index), b.ref(j))) : localPartial(b, node.f!, node.index, j))),
  );
  const at = argumentPosition(graph);
  const termsOf = (j: number): EdgeTerm[] =>
    nodes[j]!.beta.map((i) => {
      const partial = partials[i]![at(i, j)]!;
      const term = b.mul(b.mu(i), partial);
      return { from: i, partial, term, ...signed(b, term) };
    });

  const forward: ForwardStep[] = [];
  for (let i = d + 1; i <= m; i++) forward.push({ rule: 'kkt.mu', node: i, f: nodes[i]!.f! });
  const backward: BackwardStep[] = [{ rule: 'kkt.output', node: m }];
  for (let j = m - 1; j > d; j--) backward.push({ rule: 'kkt.z', node: j, terms: termsOf(j) });
  const gradient: GradientStep[] = [];
  for (let k = 1; k <= d; k++) gradient.push({ rule: 'gradient', node: k, name: nodes[k]!.name!, terms: termsOf(k) });
  return { graph, forward, backward, gradient };
}

/**
 * Where z_j stands among the arguments α(i) of node i: a search of α(i), or of
 * a map made once for a node of many arguments (a sum of 10⁴ terms), so that
 * the edges of a wide node are found in linear time, not quadratic.
 */
export function argumentPosition(graph: CompGraph): (i: number, j: number) => number {
  const maps: (Map<number, number> | undefined)[] = [];
  return (i, j) => {
    const alpha = graph.nodes[i]!.alpha;
    if (alpha.length <= 16) return alpha.indexOf(j);
    let m = maps[i];
    if (!m) {
      m = new Map();
      for (let k = alpha.length - 1; k >= 0; k--) m.set(alpha[k]!, k);
      maps[i] = m;
    }
    return m.get(j) ?? -1;
  };
}

/**
 * A program's: each statement's terms are its local adjoint (statementAdjoint) seeded with its μ, which
 * is 1 itself for an objective no statement uses (μ_ℓ = 1 substituted, as the notes write it).
 */
function deriveProgramGraph(graph: CompGraph): Derivation {
  const b = graph.builder;
  const { nodes, d, m, output } = graph;
  const folded = nodes[output]!.beta.length === 0;
  const muOf = (i: number): NodeId => (folded && i === output ? b.num(1) : b.mu(nodes[i]!.name!, nodes[i]!.shape));
  const contributions = nodes.map((node) =>
    node.kind === 'op' ? statementAdjoint(b, { name: node.name!, root: node.f!, shape: node.shape }, muOf(node.index)) : null,
  );
  const termsOf = (j: number): EdgeTerm[] => {
    const out: EdgeTerm[] = [];
    for (const i of nodes[j]!.beta) {
      const term = contributions[i]!.get(nodes[j]!.name!);
      if (term !== undefined) out.push({ from: i, partial: null, term, ...signed(b, term) });
    }
    return out;
  };
  const forward: ForwardStep[] = [];
  for (let i = d + 1; i <= m; i++) forward.push({ rule: 'kkt.mu', node: i, f: nodes[i]!.f! });
  const backward: BackwardStep[] = [];
  for (let j = m; j > d; j--) backward.push({ rule: 'kkt.z', node: j, terms: termsOf(j), ...(j === output ? { objective: true as const } : {}) });
  const gradient: GradientStep[] = [];
  for (let k = 1; k <= d; k++) gradient.push({ rule: 'gradient', node: k, name: nodes[k]!.name!, terms: termsOf(k) });
  return { graph, forward, backward, gradient, adjoints: contributions };
}
