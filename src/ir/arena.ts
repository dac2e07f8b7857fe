// The append-only, hash-consed arena of the one IR: every distinct expression
// is stored once, with its shape, and ids are issued in topological order
// (arguments exist before their users). No folding here (see build.ts).
import { OPS, type ScalarOpName } from './ops.js';
import { SCALAR, type Shape } from './shape.js';
import type { TOpName } from './tensor-ops.js';
import type { IrNode, Leaf, NodeId } from './types.js';

function leafKey(leaf: Leaf, shape: Shape): string {
  switch (leaf.kind) {
    case 'num': return `n:${leaf.value}`;
    case 'const': return `c:${leaf.name}`;
    case 'sym': return `s:${leaf.name}`;
    case 'ref': return `r:${leaf.index}`;
    case 'mu': return leaf.index >= 0 ? `m:${leaf.index}` : `mu:${leaf.name}`;
    case 'ones': return `1:${shape[0]},${shape[1]}`;
  }
}

export class Arena {
  readonly nodes: IrNode[] = [];
  /** True where a node depends on no input: numbers, π, e, 𝟙 and constant symbols only. */
  private readonly constFlags: boolean[] = [];
  /** Value of scalar nodes built from numbers, π and e alone; NaN elsewhere. */
  private readonly pureValues: number[] = [];
  /** Leaves other than numbers, by a short key (few: one per symbol, constant, reference). */
  private readonly interned = new Map<string, NodeId>();
  /** Numbers by value (a Map compares by SameValueZero: 0 and −0 are one node, as their text "0" was). */
  private readonly numbers = new Map<number, NodeId>();
  /** z_k by k, μ_k by k (k ≥ 0). */
  private readonly refs = new Map<number, NodeId>();
  private readonly mus = new Map<number, NodeId>();
  /**
   * Op nodes by a 32-bit hash of (op, args), each bucket the ids with that hash (almost always one), compared
   * in full: no string is built per node, which at 10⁵ nodes was much of the garbage.
   */
  private readonly ops = new Map<number, NodeId | NodeId[]>();
  private readonly opCodes = new Map<string, number>();

  /** @param constantSymbols names of symbols held fixed (not differentiated). */
  constructor(readonly constantSymbols: ReadonlySet<string> = new Set()) {}

  get size(): number {
    return this.nodes.length;
  }

  node(id: NodeId): IrNode {
    return this.nodes[id]!;
  }

  isConst(id: NodeId): boolean {
    return this.constFlags[id]!;
  }

  /** The value of a node made of numbers and π, e only; NaN if it has any symbol. */
  pureValue(id: NodeId): number {
    return this.pureValues[id]!;
  }

  leaf(leaf: Leaf, shape: Shape = SCALAR): NodeId {
    // Numbers, z_k and μ_k (the leaves built most often, by every partial) by their number; the rest by a key.
    const byNumber = leaf.kind === 'num' ? this.numbers : leaf.kind === 'ref' ? this.refs : leaf.kind === 'mu' && leaf.index >= 0 ? this.mus : null;
    const n = leaf.kind === 'num' ? leaf.value : leaf.kind === 'ref' || leaf.kind === 'mu' ? leaf.index : 0;
    const key = byNumber === null ? leafKey(leaf, shape) : '';
    const hit = byNumber === null ? this.interned.get(key) : byNumber.get(n);
    if (hit !== undefined) return hit;
    const id = this.nodes.length as NodeId;
    this.nodes.push({ ...leaf, id, shape });
    if (byNumber === null) this.interned.set(key, id);
    else byNumber.set(n, id);
    const isConst = leaf.kind === 'num' || leaf.kind === 'const' || leaf.kind === 'ones' || (leaf.kind === 'sym' && this.constantSymbols.has(leaf.name));
    this.constFlags.push(isConst);
    this.pureValues.push(
      leaf.kind === 'num' ? leaf.value : leaf.kind === 'const' ? (leaf.name === 'pi' ? Math.PI : Math.E) : NaN,
    );
    return id;
  }

  /** The node `op(args)` of the given shape, created once; no folding and no shape rule here (see build.ts). */
  make(op: TOpName, args: readonly NodeId[], shape: Shape = SCALAR): NodeId {
    let code = this.opCodes.get(op);
    if (code === undefined) this.opCodes.set(op, (code = this.opCodes.size + 1));
    let h = Math.imul(code, 0x9e3779b1) ^ args.length;
    for (const a of args) h = Math.imul(h ^ a, 0x85ebca6b) + 0x165667b1;
    h |= 0;
    const bucket = this.ops.get(h);
    if (typeof bucket === 'number') {
      if (this.sameOp(bucket, op, args)) return bucket;
    } else if (bucket !== undefined) {
      for (const candidate of bucket) if (this.sameOp(candidate, op, args)) return candidate;
    }
    const id = this.nodes.length as NodeId;
    this.nodes.push({ kind: 'op', op, args, id, shape });
    this.ops.set(h, bucket === undefined ? id : typeof bucket === 'number' ? [bucket, id] : [...bucket, id]);
    let allConst = true;
    for (const a of args) if (!this.constFlags[a]) { allConst = false; break; }
    this.constFlags.push(allConst);
    const spec = allConst ? OPS[op as ScalarOpName] : undefined;
    if (spec === undefined) {
      this.pureValues.push(NaN);
    } else {
      const a = this.pureValues[args[0]!]!;
      const b = args.length > 1 ? this.pureValues[args[1]!]! : 0;
      const c = args.length > 2 ? this.pureValues[args[2]!]! : 0;
      this.pureValues.push(spec.evaluate(a, b, c));
    }
    return id;
  }

  /** Whether node `id` is op(args): the same op and the same arguments in order (the shape follows from them). */
  private sameOp(id: NodeId, op: TOpName, args: readonly NodeId[]): boolean {
    const n = this.nodes[id]!;
    if (n.kind !== 'op' || n.op !== op || n.args.length !== args.length) return false;
    for (let k = 0; k < args.length; k++) if (n.args[k] !== args[k]) return false;
    return true;
  }
}
