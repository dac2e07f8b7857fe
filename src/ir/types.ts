// Types of the intermediate representation: an append-only, hash-consed arena
// of expression nodes. Types only; no behaviour.
import type { OpName } from './ops.js';

/** Index of a node in an {@link Arena}; ids are issued in topological order. */
export type NodeId = number & { readonly __nodeId: unique symbol };

/** A leaf of an expression. */
export type Leaf =
  /** A finite number literal. */
  | { readonly kind: 'num'; readonly value: number }
  /** A named mathematical constant. */
  | { readonly kind: 'const'; readonly name: 'pi' | 'e' }
  /** A symbol of the user's expression (an input θ_k or a constant held fixed). */
  | { readonly kind: 'sym'; readonly name: string }
  /** z_k: the value of node k of the computation graph. */
  | { readonly kind: 'ref'; readonly index: number }
  /** μ_k: the Lagrange multiplier of constraint k. */
  | { readonly kind: 'mu'; readonly index: number };

export interface OpNode {
  readonly kind: 'op';
  readonly op: OpName;
  readonly args: readonly NodeId[];
}

export type IrNode = (Leaf | OpNode) & { readonly id: NodeId };

export type { Complex, DomainVerdict } from '../ops/spec.js';
