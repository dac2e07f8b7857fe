// Numeric evaluation of tensor expressions: values of variables and
// multipliers come from an environment; each node is evaluated once per memo.
//
// The op table (ops.ts) gives every op's value; a matrix product whose
// operand is a transpose not yet evaluated reads it in place through the
// kernel (kernels.ts), the same bits as the op table's product of the copy.
import { fromReal, type CTensor } from '../ir/tensor-complex.js';
import type { Builder, NodeId, IrNode } from '../ir/build.js';
import { matmul } from '../ir/kernels.js';
import { TOPS } from '../ir/tensor-ops.js';
import { filled, type Tensor } from '../ir/shape.js';

export interface Env {
  readonly values: ReadonlyMap<string, Tensor>;
  readonly mus?: ReadonlyMap<string, Tensor>;
}

type OpNode = IrNode & { readonly kind: 'op' };

/**
 * The operand of a matrix product as it is read: a transpose that is not
 * already evaluated is read in place, through its argument.
 */
function productOperand(b: Builder, a: NodeId, memo: ReadonlyMap<NodeId, Tensor>): { id: NodeId; transposed: boolean } {
  if (memo.has(a)) return { id: a, transposed: false };
  const n = b.node(a);
  return n.kind === 'op' && n.op === 'transpose' ? { id: n.args[0]!, transposed: true } : { id: a, transposed: false };
}

/** The nodes `id` needs evaluated first. */
function dependencies(b: Builder, n: OpNode, memo: ReadonlyMap<NodeId, Tensor>): readonly NodeId[] {
  if (n.op !== 'matmul') return n.args;
  return [productOperand(b, n.args[0]!, memo).id, productOperand(b, n.args[1]!, memo).id];
}

/** Value of `root`, iteratively over its arguments (ids are topological). */
export function evaluate(b: Builder, root: NodeId, env: Env, memo = new Map<NodeId, Tensor>()): Tensor {
  const hit = memo.get(root);
  if (hit) return hit;
  const stack: NodeId[] = [root];
  while (stack.length > 0) {
    const id = stack[stack.length - 1]!;
    if (memo.has(id)) {
      stack.pop();
      continue;
    }
    const n = b.node(id);
    if (n.kind === 'op') {
      const deps = dependencies(b, n, memo);
      let missing = false;
      for (const a of deps) {
        if (!memo.has(a)) {
          stack.push(a);
          missing = true;
        }
      }
      if (missing) continue;
      memo.set(id, evaluateOp(b, n, memo));
    } else if (n.kind === 'num') memo.set(id, filled(n.shape, n.value));
    else if (n.kind === 'ones') memo.set(id, filled(n.shape, 1));
    else if (n.kind === 'const') memo.set(id, filled(n.shape, n.name === 'pi' ? Math.PI : Math.E));
    else if (n.kind === 'ref') throw new Error(`lagrad: z_${n.index} is a node of an expression's graph, not a program's variable`);
    else {
      const v = (n.kind === 'sym' ? env.values : env.mus)?.get(n.name);
      if (!v) throw new Error(`lagrad: no value for ${n.kind === 'mu' ? 'μ_' : ''}${n.name}`);
      memo.set(id, v);
    }
    stack.pop();
  }
  return memo.get(root)!;
}

/** One op node whose dependencies are in `memo`. */
function evaluateOp(b: Builder, n: OpNode, memo: ReadonlyMap<NodeId, Tensor>): Tensor {
  switch (n.op) {
    case 'matmul': {
      const x = productOperand(b, n.args[0]!, memo);
      const y = productOperand(b, n.args[1]!, memo);
      return matmul(memo.get(x.id)!, x.transposed, memo.get(y.id)!, y.transposed);
    }
    default: {
      const args: Tensor[] = [];
      for (const a of n.args) args.push(memo.get(a)!);
      return TOPS[n.op].evaluate(args, n.shape);
    }
  }
}

/** Complex values of variables: those given, else the real values (imaginary part 0). */
export interface ComplexEnv {
  readonly complex: ReadonlyMap<string, CTensor>;
  readonly values: ReadonlyMap<string, Tensor>;
}

/** Whether every op `root` depends on has a complex continuation in the op table. */
export function hasComplex(b: Builder, root: NodeId): boolean {
  return b.reach(root).every((id) => {
    const n = b.node(id);
    return n.kind !== 'op' || TOPS[n.op].complex !== undefined;
  });
}

/** Complex value of `root` (ids are topological, so one pass over its reach in order). Null if an op has no continuation. */
export function evaluateComplex(b: Builder, root: NodeId, env: ComplexEnv): CTensor | null {
  const memo = new Map<NodeId, CTensor>();
  for (const id of b.reach(root)) {
    const n = b.node(id);
    if (n.kind === 'op') {
      const f = TOPS[n.op].complex;
      if (!f) return null;
      memo.set(id, f(n.args.map((a) => memo.get(a)!), n.shape));
    } else if (n.kind === 'num') memo.set(id, fromReal(filled(n.shape, n.value)));
    else if (n.kind === 'ones') memo.set(id, fromReal(filled(n.shape, 1)));
    else if (n.kind === 'sym') {
      const v = env.complex.get(n.name) ?? (env.values.get(n.name) && fromReal(env.values.get(n.name)!));
      if (!v) throw new Error(`lagrad: no value for ${n.name}`);
      memo.set(id, v);
    } else return null;
  }
  return memo.get(root)!;
}
