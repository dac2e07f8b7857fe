// Local partials ∂f_i/∂z_j: differentiate the small expression f_i with respect
// to its ref leaf z_j, using each op's partials from the op table. The result
// is in terms of the z's (and z_i itself where the op reuses its output).
import type { Builder } from '../ir/build.js';
import { scalarOp } from '../ir/ops.js';
import type { NodeId } from '../ir/types.js';

/**
 * ∂f/∂z_j for the local expression `f` of node `i`. Inside f, an op's `out`
 * is z_i at the root and the subexpression itself elsewhere (f is small, so
 * this is no inlined copy of an ancestor).
 */
export function localPartial(b: Builder, f: NodeId, i: number, j: number): NodeId {
  const memo = new Map<NodeId, NodeId>();
  const target = b.ref(j);
  const d = (id: NodeId): NodeId => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = b.node(id);
    let result: NodeId;
    if (id === target) result = b.one;
    else if (n.kind !== 'op' || b.isConst(id)) result = b.zero;
    else {
      const out = id === f ? b.ref(i) : id;
      const partials = scalarOp(n.op).partials(b, n.args, out);
      result = b.zero;
      n.args.forEach((a, k) => {
        const inner = d(a);
        if (inner !== b.zero) result = b.add(result, b.mul(partials[k]!, inner));
      });
    }
    memo.set(id, result);
    return result;
  };
  return d(f);
}
