// One node's local adjoint by reverse accumulation over its expression f_i,
// with the op table's adjoints (src/ir/tensor-ops.ts): the contribution of the
// incoming multiplier `seed` to each variable f_i reads. This is how a
// program's statement (matrices, where no scalar partial exists) sends its
// terms μ_i·∂f_i/∂z_j back, as a vector-Jacobian product.
import type { Builder, NodeId } from '../ir/build.js';
import type { Shape } from '../ir/shape.js';
import { TOPS } from '../ir/tensor-ops.js';

/** A statement `name = root` (of shape `shape`) as far as its adjoint needs it. */
export interface LocalExpression {
  readonly name: string;
  readonly root: NodeId;
  readonly shape: Shape;
}

/**
 * An op's contributions replaced, for one node of a statement: the claims'
 * diagnosis derives "what if σ' were missing here" this way. Undefined keeps the op's rule.
 */
export type AdjointOverride = (id: NodeId, result: NodeId, g: NodeId) => readonly (NodeId | null)[] | undefined;

/**
 * Reverse accumulation over one statement's expression: the contribution of
 * the incoming adjoint `seed` to each user variable the expression uses.
 */
export function statementAdjoint(b: Builder, st: LocalExpression, seed: NodeId, override?: AdjointOverride): Map<string, NodeId> {
  const out = new Map<string, NodeId>();
  const reach = b.reach(st.root).reverse(); // consumers before their arguments
  const adj = new Map<NodeId, NodeId>([[st.root, seed]]);
  const selfVar = b.variable(st.name, st.shape);
  for (const id of reach) {
    const g = adj.get(id);
    if (g === undefined) continue;
    const n = b.node(id);
    if (n.kind === 'sym') {
      const prev = out.get(n.name);
      out.set(n.name, prev === undefined ? g : b.add(prev, g));
    }
    if (n.kind !== 'op') continue;
    // At the root, the op's output is the statement's own variable.
    const result = id === st.root ? selfVar : id;
    const contributions = override?.(id, result, g) ?? TOPS[n.op].adjoint(b, n.args, result, g);
    n.args.forEach((a, k) => {
      const c = contributions[k];
      if (c === null || c === undefined) return;
      const prev = adj.get(a);
      adj.set(a, prev === undefined ? c : b.add(prev, c));
    });
  }
  return out;
}
