// The cost of a derivation, counted as note 003's proof of the Baur–Strassen
// theorem counts it ("count edges"): the forward work T is every operation of
// the forward equations; the backward work is, edge by edge, what the term
// μ_i·∂f_i/∂z_j costs to evaluate, plus one addition for each term a sum
// accumulates. A scalar operation counts 1; an operation on matrices counts
// its entries (a reduction the entries it reads), a matrix product its
// multiply-adds. Counted from the IR and shapes alone, never timed, in one
// pass over each formula: linear in the derivation's size.
import type { Builder, NodeId } from '../ir/build.js';
import { numel } from '../ir/shape.js';
import type { Derivation, EdgeTerm } from './derive.js';

export interface Cost {
  /** T: the work of the forward equations z_i = f_i. */
  readonly forward: number;
  /** The work of the backward pass and the gradient: every edge term, and the additions of their sums. */
  readonly backward: number;
  /** V: the graph's nodes (inputs included). */
  readonly nodes: number;
  /** E: its edges, Σ_i |α(i)|. */
  readonly edges: number;
  /** The forward's matrix products, largest first, with their multiply-adds (empty for an expression). */
  readonly products: readonly { readonly node: number; readonly work: number }[];
}

/** Work of one op node, from shapes: entries written, entries read by a reduction, multiply-adds of a product. */
export function opWork(b: Builder, id: NodeId): number {
  const n = b.node(id);
  if (n.kind !== 'op') return 0;
  if (n.op === 'matmul') {
    const [x, y] = n.args.map((a) => b.shape(a));
    return x![0] * x![1] * y![1];
  }
  const read = n.args.reduce((s, a) => Math.max(s, numel(b.shape(a))), 0);
  return Math.max(numel(n.shape), read);
}

/** Work of evaluating a formula once: each distinct op node reached, once; `matmul` is told of each matrix product on the way. */
function formulaWork(b: Builder, root: NodeId, matmul?: (work: number) => void): number {
  let w = 0;
  b.arena.eachReached(root, (id) => {
    const work = opWork(b, id);
    w += work;
    if (matmul !== undefined) {
      const n = b.node(id);
      if (n.kind === 'op' && n.op === 'matmul') matmul(work);
    }
  });
  return w;
}

export function costOf(der: Derivation): Cost {
  const { graph } = der;
  const b = graph.builder;
  let forward = 0;
  const products: { node: number; work: number }[] = [];
  for (const step of der.forward) forward += formulaWork(b, step.f, (work) => products.push({ node: step.node, work }));
  let backward = 0;
  const sum = (terms: readonly EdgeTerm[], shape: readonly [number, number]): void => {
    for (const t of terms) backward += formulaWork(b, t.term);
    if (terms.length > 1) backward += (terms.length - 1) * numel(shape);
  };
  for (const step of der.backward) if (step.rule === 'kkt.z') sum(step.terms, graph.nodes[step.node]!.shape);
  for (const step of der.gradient) sum(step.terms, graph.nodes[step.node]!.shape);
  const edges = graph.nodes.reduce((s, n) => s + n.alpha.length, 0);
  products.sort((x, y) => y.work - x.work || x.node - y.node);
  return { forward, backward, nodes: graph.m, edges, products };
}
