// The append-only, hash-consed arena of the one IR: every distinct expression
// is stored once, with its shape, and ids are issued in topological order
// (arguments exist before their users); and what a node reaches. No folding
// here (see build.ts).
import { OPS, type ScalarOpName } from './ops.js';
import { SCALAR, type Shape } from './shape.js';
import type { TOpName } from './tensor-ops.js';
import type { IrNode, Leaf, NodeId } from './types.js';

/**
 * The node of a leaf, written out property by property: an object spread ({ ...leaf, id, shape })
 * took a slow clone per call and left most leaves with a hidden class of their own.
 */
function leafNode(leaf: Leaf, id: NodeId, shape: Shape): IrNode {
  switch (leaf.kind) {
    case 'num': return { kind: 'num', value: leaf.value, id, shape };
    case 'const': return { kind: 'const', name: leaf.name, id, shape };
    case 'sym': return { kind: 'sym', name: leaf.name, id, shape };
    case 'ref': return { kind: 'ref', index: leaf.index, id, shape };
    case 'mu': return { kind: 'mu', index: leaf.index, name: leaf.name, id, shape };
    case 'ones': return { kind: 'ones', id, shape };
  }
}

/** Two ids below this make one exact number a·ID_RADIX + b (below 2⁵²). */
const ID_RADIX = 2 ** 26;

function opTable(tables: Map<TOpName, Map<number | string, NodeId>>, op: TOpName): Map<number | string, NodeId> {
  let t = tables.get(op);
  if (t === undefined) tables.set(op, (t = new Map()));
  return t;
}

export class Arena {
  readonly nodes: IrNode[] = [];
  /** True where a node depends on no input: numbers, π, e, 𝟙 and constant symbols only. */
  private readonly constFlags: boolean[] = [];
  /** Value of scalar nodes built from numbers, π and e alone; NaN elsewhere. */
  private readonly pureValues: number[] = [];
  /** Op nodes: of one argument and of two (ids below 2²⁶) by op and a number, others by `op(arg,arg,arg)`. */
  private readonly unary = new Map<TOpName, Map<number | string, NodeId>>();
  private readonly binary = new Map<TOpName, Map<number | string, NodeId>>();
  private readonly interned = new Map<number | string, NodeId>();
  /** Leaves, a table per kind keyed by what tells two apart: a number's value, a name, an index, a shape (no key strings built). */
  private readonly nums = new Map<number | string, NodeId>();
  private readonly names = { const: new Map<number | string, NodeId>(), sym: new Map<number | string, NodeId>(), mu: new Map<number | string, NodeId>(), ones: new Map<number | string, NodeId>() };
  private readonly indices = { ref: new Map<number | string, NodeId>(), mu: new Map<number | string, NodeId>() };

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
    // The table a leaf is interned in, and its key there (a number's 0 and −0 are one key, as are its NaNs).
    let table: Map<number | string, NodeId>;
    let key: number | string;
    switch (leaf.kind) {
      case 'num': table = this.nums; key = leaf.value; break;
      case 'const': table = this.names.const; key = leaf.name; break;
      case 'sym': table = this.names.sym; key = leaf.name; break;
      case 'ref': table = this.indices.ref; key = leaf.index; break;
      case 'mu':
        if (leaf.index >= 0) (table = this.indices.mu), (key = leaf.index);
        else (table = this.names.mu), (key = leaf.name);
        break;
      case 'ones': table = this.names.ones; key = `${shape[0]},${shape[1]}`; break;
    }
    const hit = table.get(key);
    if (hit !== undefined) return hit;
    const id = this.nodes.length as NodeId;
    this.nodes.push(leafNode(leaf, id, shape));
    table.set(key, id);
    const isConst = leaf.kind === 'num' || leaf.kind === 'const' || leaf.kind === 'ones' || (leaf.kind === 'sym' && this.constantSymbols.has(leaf.name));
    this.constFlags.push(isConst);
    this.pureValues.push(
      leaf.kind === 'num' ? leaf.value : leaf.kind === 'const' ? (leaf.name === 'pi' ? Math.PI : Math.E) : NaN,
    );
    return id;
  }

  /** Every node `root` depends on, itself included, in increasing id order (arguments before their ops). Iterative. */
  reach(root: NodeId): NodeId[] {
    const out: NodeId[] = [];
    this.eachReached(root, (id) => void out.push(id));
    return out.sort((x, y) => x - y);
  }

  /** Calls `visit` once for every node `root` depends on, itself included, in no particular order; nothing allocated per node. `visit` must not walk the arena itself (one walk at a time). */
  eachReached(root: NodeId, visit: (id: NodeId) => void): void {
    // Seen is "marked with this walk's stamp": no set is built per walk (every statement is walked several times).
    if (this.marks.length < this.nodes.length || this.stamp === 0xffffffff) {
      this.marks = new Uint32Array(Math.max(this.nodes.length, 2 * this.marks.length));
      this.stamp = 0;
    }
    const marks = this.marks;
    const stamp = ++this.stamp;
    const stack = this.walkStack;
    const base = stack.length;
    stack.push(root);
    while (stack.length > base) {
      const id = stack.pop()!;
      if (marks[id] === stamp) continue;
      marks[id] = stamp;
      visit(id);
      const n = this.nodes[id]!;
      if (n.kind === 'op') for (const a of n.args) stack.push(a);
    }
  }
  private marks = new Uint32Array(0);
  private stamp = 0;
  /** The walk's stack, kept between walks. */
  private readonly walkStack: NodeId[] = [];

  /** The node `op(args)` of the given shape, created once; no folding and no shape rule here (see build.ts). */
  make(op: TOpName, args: readonly NodeId[], shape: Shape = SCALAR): NodeId {
    // An op of one or two arguments is keyed by a number (a, or a·2²⁶ + b) in its op's table; others by a string.
    let table: Map<number | string, NodeId>;
    let key: number | string;
    if (args.length === 1) (table = opTable(this.unary, op)), (key = args[0]!);
    else if (args.length === 2 && args[0]! < ID_RADIX && args[1]! < ID_RADIX) (table = opTable(this.binary, op)), (key = args[0]! * ID_RADIX + args[1]!);
    else (table = this.interned), (key = `${op}(${args.join(',')})`);
    const hit = table.get(key);
    if (hit !== undefined) return hit;
    const id = this.nodes.length as NodeId;
    this.nodes.push({ kind: 'op', op, args, id, shape });
    table.set(key, id);
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
}
