// The chain rule made visible: for small graphs, substitute the backward pass
// into each gradient (μ's eliminated, in terms of the z's), then the forward
// pass (z's eliminated, in terms of θ). Note 000: μ g'(θ) = f'(g(θ)) g'(θ).
// Substitution can grow exponentially with depth, so it runs only on small
// graphs and stops at a size budget.
import type { NodeId } from '../ir/types.js';
import { partialOf, type Derivation, type EdgeTerm } from './derive.js';

export interface Unrolled {
  /** Input index k. */
  readonly node: number;
  /** ∂f/∂θ_k with every μ replaced by its backward equation. */
  readonly inZ: NodeId;
  /** The same with every z replaced by its forward equation: a formula in θ alone. */
  readonly inTheta: NodeId;
}

/** Graphs up to this many nodes are unrolled. */
export const UNROLL_MAX_NODES = 24;
/** New IR nodes the substitution may create before it gives up. */
const BUDGET = 600;

/** The unrolled gradient of each input, or null when the graph is too large. */
export function unrollGradient(der: Derivation): readonly Unrolled[] | null {
  const { graph } = der;
  const { nodes, d, m } = graph;
  if (m > UNROLL_MAX_NODES) return null;
  const b = graph.builder;
  const start = b.arena.size;
  const over = (): boolean => b.arena.size - start > BUDGET;
  const sumOf = (terms: readonly EdgeTerm[], mu: readonly NodeId[]): NodeId =>
    terms.reduce<NodeId>((acc, t) => b.add(acc, b.mul(mu[t.from]!, partialOf(t))), b.zero);

  const mu: NodeId[] = [];
  mu[m] = b.one;
  for (const step of der.backward) {
    if (step.rule === 'kkt.z') mu[step.node] = sumOf(step.terms, mu);
    if (over()) return null;
  }
  // z_i in terms of θ, by substituting forward equations into each other.
  const zTheta: NodeId[] = [];
  for (let k = 1; k <= d; k++) zTheta[k] = b.sym(nodes[k]!.name!);
  const subst = (id: NodeId, memo: Map<NodeId, NodeId>): NodeId => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = b.node(id);
    const out = n.kind === 'ref' ? zTheta[n.index]! : n.kind === 'op' ? b.call(n.op, ...n.args.map((a) => subst(a, memo))) : id;
    memo.set(id, out);
    return out;
  };
  for (let i = d + 1; i <= m; i++) {
    zTheta[i] = subst(nodes[i]!.f!, new Map());
    if (over()) return null;
  }
  const memo = new Map<NodeId, NodeId>();
  const out: Unrolled[] = [];
  for (const step of der.gradient) {
    const inZ = sumOf(step.terms, mu);
    const inTheta = subst(inZ, memo);
    if (over()) return null;
    out.push({ node: step.node, inZ, inTheta });
  }
  return out;
}
