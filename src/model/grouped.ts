// Note 003's computation model (`--model grouped`): every node is one of three
// types. Type 1, an affine combination of variables (0.9·z1 − z3); type 2, a
// product of variables to powers (w1·w2⁻¹, z1⁴z5⁵z5⁻⁴ = z1⁴·z5, repeated
// factors combined); type 3, a function of one variable (sin, exp, …; a
// constant scaling or offset of its argument inside, as in sin(2π·z1)).
// Chains of additions and scalings merge into one type 1 node, products,
// quotients and powers into one type 2 node, where the inner operation has no
// other use; a type 2 node's edges carry the note's rule α·z_c/z_ℓ. Functions
// of several arguments (atan2, max, x^y) are outside the note's model: they
// are nodes of type 3 with `several` set, and say so.
// Imports ir/ and model/graph.ts only; linear in the size of the IR.
import type { Builder } from '../ir/build.js';
import { SCALAR } from '../ir/shape.js';
import type { NodeId } from '../ir/types.js';
import { buildGraph, GraphError, refsOf, type CompGraph, type ZNode } from './graph.js';

/** Note 003's types: 1 affine, 2 product of powers, 3 a function of one variable. */
export type NodeType = 1 | 2 | 3;

/** Largest tree (in IR nodes) a scaling or offset may bring into each of several consumers (as in the default model). */
const INLINE_LIMIT = 8;
/** Most operations one node of a type may merge (a longer chain of sums or products is several nodes). */
const GROUP_LIMIT = 64;

const AFFINE = 1;
const PRODUCT = 2;
const FUNCTION = 3;
/** Request bits: group type t (1..3) at bit t−1; the same in a tree that is copied into several consumers at bit t+2. */
const bit = (t: number, copied: boolean): number => 1 << (t - 1 + (copied ? 3 : 0));

/**
 * The grouped graph of `root`: inputs first, then one node per group in topological order, each with its
 * `type` (and, for a product, its combined `exponents`, parallel to α(i)).
 */
export function buildGroupedGraph(builder: Builder, root: NodeId, inputs: readonly string[], constants: readonly string[]): CompGraph {
  const arena = builder.arena;
  // A constant output or a bare input has nothing to group: the default graph, typed.
  if (arena.isConst(root) || arena.node(root).kind !== 'op') return typed(buildGraph(builder, root, inputs, constants));
  if (inputs.length === 0) throw new GraphError('the expression does not depend on any input: there is nothing to differentiate');

  const size = arena.size;
  const reach = new Uint8Array(size);
  const uses = new Int32Array(size);
  const stack: NodeId[] = [root];
  reach[root] = 1;
  while (stack.length) {
    const n = arena.node(stack.pop()!);
    if (n.kind !== 'op') continue;
    for (const a of n.args) {
      uses[a]!++;
      if (!reach[a]) { reach[a] = 1; stack.push(a); }
    }
  }
  const isOp = (id: NodeId): boolean => !arena.isConst(id) && arena.node(id).kind === 'op';
  const constArg = (id: NodeId, k: number): boolean => arena.isConst((arena.node(id) as { args: readonly NodeId[] }).args[k]!);
  const opName = (id: NodeId): string => (arena.node(id) as { op: string }).op;
  const pureScaling = (id: NodeId): boolean => {
    const op = opName(id);
    return op === 'neg' || (op === 'mul' && (constArg(id, 0) || constArg(id, 1))) || (op === 'div' && constArg(id, 1));
  };
  const scalingOrOffset = (id: NodeId): boolean => pureScaling(id) || ((opName(id) === 'add' || opName(id) === 'sub') && (constArg(id, 0) || constArg(id, 1)));

  // Bottom-up: each op's class (affine, product, function) and the size of its tree of scalings and offsets.
  const cls = new Uint8Array(size);
  const small = new Int32Array(size);
  for (let id = 0 as NodeId; id <= root; id++) {
    if (!reach[id] || !isOp(id)) continue;
    const n = arena.node(id) as { op: string; args: readonly NodeId[] };
    const inner = n.args.find((a) => !arena.isConst(a));
    if (scalingOrOffset(id)) {
      small[id] = 1 + n.args.reduce((s, a) => s + (isOp(a) && small[a]! > 0 ? small[a]! : 1), 0);
      // A scaling of a product (3·(w1/w2)) is a product with a coefficient; any other scaling or offset is affine.
      cls[id] = pureScaling(id) && inner !== undefined && isOp(inner) && cls[inner] === PRODUCT && uses[inner] === 1 ? PRODUCT : AFFINE;
    } else if (n.op === 'add' || n.op === 'sub') cls[id] = AFFINE;
    else if (n.op === 'mul' || n.op === 'div' || (n.op === 'pow' && arena.isConst(n.args[1]!) && Number.isFinite(arena.pureValue(n.args[1]!)))) cls[id] = PRODUCT;
    else cls[id] = FUNCTION;
  }
  const fits = (id: NodeId): boolean => small[id]! > 0 && small[id]! <= INLINE_LIMIT;
  const absorbable = (id: NodeId, t: number, copied: boolean): boolean => {
    if (copied) return fits(id) && (t !== PRODUCT || pureScaling(id));
    if (t === AFFINE) return fits(id) || (cls[id] === AFFINE && uses[id] === 1);
    if (t === PRODUCT) return (fits(id) && pureScaling(id)) || (cls[id] === PRODUCT && uses[id] === 1);
    return fits(id);
  };

  // Top-down (consumers before their arguments): an op joins the group of every consumer that can take it, else it is a node.
  // A group holds at most GROUP_LIMIT operations (a longer chain is several nodes of its type), so that every f_i and
  // its partials stay small: differentiating f_i once per argument costs the square of its size.
  const requests = new Uint8Array(size);
  const node = new Uint8Array(size);
  const groupOf = new Int32Array(size).fill(-1);
  const members = new Int32Array(size);
  for (let id = root; id >= 0; id--) {
    if (!reach[id] || !isOp(id as NodeId)) continue;
    let own = id === root || (groupOf[id]! >= 0 && members[groupOf[id]!]! >= GROUP_LIMIT);
    for (let t = 1; t <= 3 && !own; t++) {
      for (const copied of [false, true]) if (requests[id]! & bit(t, copied) && !absorbable(id as NodeId, t, copied)) own = true;
    }
    let forward: number;
    if (own) {
      node[id] = 1;
      groupOf[id] = id;
      members[id] = 1;
      forward = bit(cls[id]!, false);
    } else {
      members[groupOf[id]!]!++;
      // Joined: its arguments are asked under the same groups, as copies where it is itself copied.
      const copies = uses[id]! > 1;
      forward = 0;
      for (let t = 1; t <= 3; t++) if (requests[id]! & (bit(t, false) | bit(t, true))) forward |= bit(t, copies || (requests[id]! & bit(t, true)) !== 0);
    }
    for (const a of (arena.node(id as NodeId) as { args: readonly NodeId[] }).args) {
      if (!isOp(a)) continue;
      requests[a] |= forward;
      if (groupOf[a] === -1) groupOf[a] = groupOf[id]!;
    }
  }

  const d = inputs.length;
  const zIndex = new Int32Array(size);
  const inputIndex = new Map(inputs.map((name, k) => [name, k + 1]));
  let next = d + 1;
  const order: NodeId[] = [];
  for (let id = 0 as NodeId; id <= root; id++) {
    if (!reach[id]) continue;
    const n = arena.node(id);
    if (n.kind === 'sym' && !arena.isConst(id)) zIndex[id] = inputIndex.get(n.name)!;
    else if (node[id]) { zIndex[id] = next++; order.push(id); }
  }
  const rewrite = (id: NodeId, top: boolean): NodeId => {
    if (!top && zIndex[id]! > 0) return builder.ref(zIndex[id]!);
    const n = arena.node(id);
    if (arena.isConst(id) || n.kind !== 'op') return id;
    return builder.call(n.op, ...n.args.map((a) => rewrite(a, false)));
  };

  const nodes: ZNode[] = [{ index: 0, kind: 'input', shape: SCALAR, alpha: [], beta: [] }];
  inputs.forEach((name, k) => nodes.push({ index: k + 1, kind: 'input', name, shape: SCALAR, alpha: [], beta: [] }));
  for (const id of order) {
    let f = rewrite(id, true);
    let type = cls[id]! as NodeType;
    let exponents: Map<number, number> | undefined;
    if (type === PRODUCT) {
      const p = productOf(builder, f);
      if (p !== null) {
        f = p.f;
        exponents = p.exponents;
      } else {
        // Not a product of powers after all ((z²)^0.5 is |z|, (−z)^0.5, z/z): its edges are its own partials, as a function's.
        type = isScaling(builder, f) ? AFFINE : FUNCTION;
      }
    }
    const alpha = refsOf(builder, f);
    const several = type === FUNCTION && alpha.length > 1;
    nodes.push({
      index: nodes.length, kind: 'op', f, shape: SCALAR, alpha, beta: [], type,
      ...(exponents ? { exponents: alpha.map((j) => exponents!.get(j)!) } : {}),
      ...(several ? { several: true } : {}),
    });
  }
  for (const z of nodes) for (const j of z.alpha) nodes[j]!.beta.push(z.index);
  return { kind: 'expression', builder, nodes, d, m: nodes.length - 1, output: nodes.length - 1, inputs, constants, model: 'grouped' };
}

/** c·z, z/c or −z of one node: affine. */
function isScaling(b: Builder, f: NodeId): boolean {
  const n = b.node(f);
  if (n.kind !== 'op') return false;
  return n.op === 'neg' || (n.op === 'mul' && (b.isConst(n.args[0]!) || b.isConst(n.args[1]!))) || (n.op === 'div' && b.isConst(n.args[1]!));
}

/**
 * A product of powers c·Π z_k^{α_k}, its repeated factors combined (z1⁴·z5⁵·z5⁻⁴ = z1⁴·z5), rebuilt in
 * order of first appearance (kept as written where a factor is a symbol held fixed), with each node's
 * exponent; null where it is not one: a fractional power of a product or of a power, a factor whose
 * exponents cancel.
 */
function productOf(b: Builder, f: NodeId): { f: NodeId; exponents: Map<number, number> } | null {
  const exps = new Map<number, number>();
  let c = 1;
  let written = false;
  const walk = (id: NodeId, e: number): boolean => {
    const n = b.node(id);
    if (n.kind === 'ref') {
      exps.set(n.index, (exps.get(n.index) ?? 0) + e);
      return true;
    }
    if (b.isConst(id)) {
      const v = b.arena.pureValue(id);
      // A symbol held fixed is a factor of the coefficient too; the product is then kept as written.
      if (Number.isNaN(v) && b.node(id).kind !== 'num') {
        written = true;
        return true;
      }
      c *= v ** e;
      return Number.isFinite(c);
    }
    if (n.kind !== 'op') return false;
    const [x, y] = n.args;
    switch (n.op) {
      // (a·b)^e = a^e·b^e and (a^p)^e = a^(p·e) hold for every real a, b only where e is an integer, and
      // (a^p)^e with a fractional p only for e = 1: (z²)^0.5 is |z|, (z^0.5)² is z only where z ≥ 0.
      case 'mul': return Number.isInteger(e) && walk(x!, e) && walk(y!, e);
      case 'div': return Number.isInteger(e) && walk(x!, e) && walk(y!, -e);
      case 'neg':
        if (!Number.isInteger(e)) return false;
        c *= e % 2 === 0 ? 1 : -1;
        return walk(x!, e);
      case 'pow': {
        const p = b.numValue(y!);
        return p !== null && Number.isInteger(e) && (e === 1 || Number.isInteger(p)) && walk(x!, e * p);
      }
      default: return false;
    }
  };
  if (!walk(f, 1) || c === 0) return null;
  // A factor whose exponents cancel (z/z, b⁵·b⁻⁵) would leave f defined where the expression is not (at 0).
  const kept = [...exps];
  if (kept.length === 0 || kept.some(([, e]) => e === 0)) return null;
  if (written) return { f, exponents: new Map(kept) };
  let out: NodeId | null = null;
  for (const [k, e] of kept) {
    const factor = e === 1 ? b.ref(k) : b.power(b.ref(k), e);
    out = out === null ? factor : b.mul(out, factor);
  }
  if (c !== 1) out = b.mul(b.num(c), out!);
  return { f: out!, exponents: new Map(kept) };
}

/** The default graph's nodes typed by their top operation (a constant output, a bare input). */
function typed(g: CompGraph): CompGraph {
  const b = g.builder;
  const nodes = g.nodes.map((z) => {
    if (z.kind !== 'op') return z;
    const n = b.node(z.f!);
    const op = n.kind === 'op' ? n.op : 'identity';
    const type: NodeType = op === 'mul' || op === 'div' || op === 'pow' ? 2 : op === 'add' || op === 'sub' || op === 'neg' || op === 'identity' ? 1 : 3;
    return { ...z, type };
  });
  return { ...g, nodes, model: 'grouped' };
}
