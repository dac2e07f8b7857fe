// The program check's unit of cost, counted from shapes alone (never timed,
// so the check is deterministic): what one evaluation of an expression costs.
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { Builder, NodeId } from '../ir/build.js';
import { TOPS } from '../ir/tensor-ops.js';
import { numel } from '../ir/shape.js';

/** Work counted per op node evaluated, whatever its size (dispatch, allocation). */
export const NODE_WORK = 64;

/**
 * Work units of evaluating an expression once, from shapes: per op node NODE_WORK, the entries it reads and
 * writes (a function of the table's entries weighted by its declared `work`), and a matrix product's
 * multiply-adds; a constant's entries. Iterative, each node once.
 */
export function expressionWork(b: Builder, root: NodeId): number {
  let work = 0;
  for (const id of b.reach(root)) {
    const n = b.node(id);
    if (n.kind === 'num' || n.kind === 'ones') work += numel(n.shape);
    if (n.kind !== 'op') continue;
    const lifted = TOPS[n.op].lifted;
    // A power by a number (x.^2) is the power rule's multiply, not pow's general exp(y·ln x).
    const numberPower = n.op === 'pow' && b.numValue(n.args[1]!) !== null;
    work += NODE_WORK + numel(n.shape) * (lifted && !numberPower ? FUNCTIONS_TABLE[lifted].work ?? 1 : 1);
    for (const a of n.args) work += numel(b.shape(a));
    if (n.op === 'matmul') work += b.shape(n.args[0]!)[0] * b.shape(n.args[0]!)[1] * b.shape(n.args[1]!)[1];
  }
  return work;
}
