// The computation graph G = (N, A) of note 000, the one problem type of every
// input: an expression's graph chooses which IR nodes become nodes z_i and
// writes each f_i over the z's (constants, and cheap constant scalings and
// offsets, 2·u, u/3, −u, u + 1, live inside f_i, not as nodes); a program's
// graph has a node per param and per statement, f_i being the statement's
// expression over its variables (tensor/graph.ts). Imports only ir/.
import type { Builder } from '../ir/build.js';
import { SCALAR, type Shape } from '../ir/shape.js';
import type { NodeId } from '../ir/types.js';

export interface ZNode {
  /** 1-based index: z_1 … z_d are the inputs, z_m the output. */
  readonly index: number;
  readonly kind: 'input' | 'op';
  /** The user's symbol, for inputs; a program's variable, for its statements. */
  readonly name?: string;
  /** f_i for op nodes: an expression's over ref leaves (z_k) and constants; a program's over its variables. */
  readonly f?: NodeId;
  /** z_i's shape ([1,1] for every node of an expression). */
  readonly shape: Shape;
  /** α(i): the nodes f_i reads, in order of first use. */
  readonly alpha: readonly number[];
  /** β(i): the nodes that read z_i, ascending. */
  readonly beta: number[];
  /** Note 003's type under `--model grouped` (model/grouped.ts): 1 affine, 2 product of powers, 3 function. */
  readonly type?: 1 | 2 | 3;
  /** A type 2 node's exponents α, parallel to α(i): ∂f_i/∂z_ℓ = α_ℓ·z_i/z_ℓ, the note's rule. */
  readonly exponents?: readonly number[];
  /** A type 3 node of several variables (atan2, max, x^y), outside the note's model. */
  readonly several?: true;
}

export interface CompGraph {
  /** An expression's nodes z_i (f_i over z_k, local partials), or a program's variables (f_i over names, local adjoints). */
  readonly kind: 'expression' | 'program';
  readonly builder: Builder;
  /** nodes[k] is z_k; nodes[0] is unused so that indices read as in the notes. */
  readonly nodes: readonly ZNode[];
  /** d: the number of inputs. */
  readonly d: number;
  /** m: the number of nodes. */
  readonly m: number;
  /** The node minimized: z_m for an expression; a program's objective, which later statements may use. */
  readonly output: number;
  readonly inputs: readonly string[];
  readonly constants: readonly string[];
  /** A list's outputs [y1, y2, …] (note 004's Jacobian): the node of each component, in order. */
  readonly outputs?: readonly number[];
  /** How the nodes were chosen: the default (every operation but inline constants and scalings), or note 003's grouped computation model. */
  readonly model?: 'grouped';
}

/** Largest inline tree (in IR nodes) that a scaling or offset may add to its consumer's f_i. */
const INLINE_LIMIT = 8;
/** A constant subtree larger than this is shown by its value. */
const CONSTANT_LIMIT = 12;

export class GraphError extends Error {
  override readonly name = 'GraphError';
}

/**
 * Builds the computation graph of `root`. Inputs come first in the given order,
 * then operation nodes in topological (IR id) order. Linear in the size of the IR.
 */
export function buildGraph(
  builder: Builder,
  rootOrRoots: NodeId | readonly NodeId[],
  inputs: readonly string[],
  constants: readonly string[],
): CompGraph {
  const arena = builder.arena;
  const roots: readonly NodeId[] = typeof rootOrRoots === 'number' ? [rootOrRoots] : rootOrRoots;
  // With no symbol at all there is nothing to differentiate; an expression whose inputs fold away (x^0, 0*x)
  // is derived: its output node is a constant, and every gradient is 0.
  if (roots.every((r) => arena.isConst(r)) && inputs.length === 0) throw new GraphError(`the expression${roots.length > 1 ? 's do' : ' does'} not depend on any input: there is nothing to differentiate`);
  const root = roots.reduce((a, r) => (r > a ? r : a), roots[0]!);
  const isRoot = new Uint8Array(arena.size);
  for (const r of roots) isRoot[r] = 1;

  // Reachable IR nodes; ids are topological, so ascending order visits arguments first.
  const reach = new Uint8Array(arena.size);
  const stack: NodeId[] = [...roots];
  for (const r of roots) reach[r] = 1;
  while (stack.length) {
    const n = arena.node(stack.pop()!);
    if (n.kind === 'op') for (const a of n.args) if (!reach[a]) { reach[a] = 1; stack.push(a); }
  }

  // Decide which nodes are materialized as z_i.
  const zIndex = new Int32Array(arena.size); // 0 = not a node
  const localSize = new Int32Array(arena.size);
  const constSize = new Int32Array(arena.size);
  const inputIndex = new Map(inputs.map((name, k) => [name, k + 1]));
  const ops: NodeId[] = [];
  for (let id = 0 as NodeId; id <= root; id++) {
    if (!reach[id]) continue;
    const n = arena.node(id);
    if (isRoot[id] && arena.isConst(id)) {
      ops.push(id);
      zIndex[id] = -1;
      continue;
    }
    if (arena.isConst(id)) {
      constSize[id] = n.kind === 'op' ? Math.min(1 << 20, 1 + n.args.reduce((s, a) => s + constSize[a]!, 0)) : 1;
      localSize[id] = 1;
      continue;
    }
    if (n.kind === 'sym') {
      zIndex[id] = inputIndex.get(n.name)!;
      localSize[id] = 1;
      continue;
    }
    if (n.kind !== 'op') throw new Error(`lagrad: unexpected ${n.kind} leaf in an expression`);
    const size = 1 + n.args.reduce((s, a) => s + (zIndex[a] ? 1 : localSize[a]!), 0);
    if (!isRoot[id] && isScalingOrOffset(builder, id) && size <= INLINE_LIMIT) {
      localSize[id] = size;
    } else {
      ops.push(id);
      zIndex[id] = -1; // numbered below
      localSize[id] = 1;
    }
  }
  const d = inputs.length;
  ops.forEach((id, k) => (zIndex[id] = d + 1 + k));
  // A bare input as the whole expression (or a component of a list): its output node is f = z_k itself.
  const identities = roots.filter((r, k) => zIndex[r]! > 0 && zIndex[r]! <= d && arena.node(r).kind === 'sym' && roots.indexOf(r) === k);
  const m = d + ops.length + identities.length;

  const nodes: ZNode[] = [{ index: 0, kind: 'input', shape: SCALAR, alpha: [], beta: [] }];
  inputs.forEach((name, k) => nodes.push({ index: k + 1, kind: 'input', name, shape: SCALAR, alpha: [], beta: [] }));
  const rewrite = (id: NodeId, top: boolean): NodeId => {
    // A constant is inline wherever it is used, even where it is also a list's component of its own ([2, x^2]).
    if (!top && zIndex[id]! > 0 && !arena.isConst(id)) return builder.ref(zIndex[id]!);
    const n = arena.node(id);
    if (arena.isConst(id) && !(top && isRoot[id])) {
      const v = arena.pureValue(id);
      return constSize[id]! > CONSTANT_LIMIT && Number.isFinite(v) ? builder.num(v) : id;
    }
    if (n.kind !== 'op') return arena.isConst(id) ? id : builder.ref(zIndex[id]!);
    return builder.call(n.op, ...n.args.map((a) => rewrite(a, false)));
  };
  for (const id of ops) {
    const f = rewrite(id, true);
    nodes.push({ index: nodes.length, kind: 'op', f, shape: SCALAR, alpha: refsOf(builder, f), beta: [] });
  }
  const identityNode = new Map<NodeId, number>();
  for (const r of identities) {
    identityNode.set(r, nodes.length);
    nodes.push({ index: nodes.length, kind: 'op', f: builder.ref(zIndex[r]!), shape: SCALAR, alpha: [zIndex[r]!], beta: [] });
  }
  for (const node of nodes) for (const j of node.alpha) nodes[j]!.beta.push(node.index);
  const graph: CompGraph = { kind: 'expression', builder, nodes, d, m, output: m, inputs, constants };
  return typeof rootOrRoots === 'number' ? graph : { ...graph, outputs: roots.map((r) => identityNode.get(r) ?? zIndex[r]!) };
}

/**
 * The graph with output z_o (a component of a list, note 004's Jacobian): the nodes after z_o take no part
 * (none of them is an argument of z_o), and β keeps only the nodes that lead to z_o, so that the
 * derivation of this view is the Lagrangian with z_o as its objective, every other node's μ being 0
 * (and never 0 times an undefined partial).
 */
export function feedsOutput(graph: CompGraph, o: number): Uint8Array {
  const feeds = new Uint8Array(o + 1);
  feeds[o] = 1;
  for (let i = o; i > graph.d; i--) if (feeds[i]) for (const j of graph.nodes[i]!.alpha) feeds[j] = 1;
  return feeds;
}

export function outputView(graph: CompGraph, o: number): CompGraph {
  // The arguments of z_o, transitively: a node that is none of them takes part as a constraint only (its μ is 0).
  const feeds = feedsOutput(graph, o);
  const nodes = graph.nodes.slice(0, o + 1).map((n) => ({ ...n, beta: n.beta.filter((i) => i <= o && feeds[i] === 1) }));
  const { outputs: _outputs, ...rest } = graph;
  return { ...rest, nodes, m: o, output: o };
}

/** Scaling by a constant, division by one, negation, or a constant offset. */
function isScalingOrOffset(b: Builder, id: NodeId): boolean {
  const n = b.node(id);
  if (n.kind !== 'op') return false;
  const [x, y] = n.args;
  switch (n.op) {
    case 'neg': return true;
    case 'mul': return b.isConst(x!) || b.isConst(y!);
    case 'div': return b.isConst(y!);
    case 'add': case 'sub': return b.isConst(x!) || b.isConst(y!);
    default: return false;
  }
}

/** Distinct ref leaves of a local expression, in order of first appearance (left to right). */
export function refsOf(b: Builder, f: NodeId): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const stack: NodeId[] = [f];
  while (stack.length) {
    const n = b.node(stack.pop()!);
    if (n.kind === 'ref') {
      if (!seen.has(n.index)) { seen.add(n.index); out.push(n.index); }
    } else if (n.kind === 'op') {
      for (let k = n.args.length - 1; k >= 0; k--) stack.push(n.args[k]!);
    }
  }
  return out;
}
