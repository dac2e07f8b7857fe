// Numeric evaluation of tensor expressions: values of variables and
// multipliers come from an environment; each node is evaluated once per memo.
import type { TBuilder, TId } from './ir.js';
import { TOPS } from './ops.js';
import { filled, type Tensor } from './shape.js';

export interface Env {
  readonly values: ReadonlyMap<string, Tensor>;
  readonly mus?: ReadonlyMap<string, Tensor>;
}

/** Value of `root`, iteratively over its arguments (ids are topological). */
export function evaluate(b: TBuilder, root: TId, env: Env, memo = new Map<TId, Tensor>()): Tensor {
  const hit = memo.get(root);
  if (hit) return hit;
  const stack: TId[] = [root];
  while (stack.length > 0) {
    const id = stack[stack.length - 1]!;
    if (memo.has(id)) {
      stack.pop();
      continue;
    }
    const n = b.node(id);
    if (n.kind === 'op') {
      const missing = n.args.filter((a) => !memo.has(a));
      if (missing.length > 0) {
        stack.push(...missing);
        continue;
      }
      memo.set(id, TOPS[n.op].evaluate(n.args.map((a) => memo.get(a)!), n.shape));
    } else if (n.kind === 'num') memo.set(id, filled(n.shape, n.value));
    else if (n.kind === 'ones') memo.set(id, filled(n.shape, 1));
    else {
      const v = (n.kind === 'var' ? env.values : env.mus)?.get(n.name);
      if (!v) throw new Error(`lagrad: no value for ${n.kind === 'mu' ? 'μ_' : ''}${n.name}`);
      memo.set(id, v);
    }
    stack.pop();
  }
  return memo.get(root)!;
}
