// Types of the one intermediate representation, for expressions and programs
// alike: an append-only, hash-consed arena of nodes, each with its shape
// (a scalar is [1,1]). Types only; no behaviour.
import type { Shape } from './shape.js';
import type { TOpName } from './tensor-ops.js';

/** Index of a node in an {@link Arena}; ids are issued in topological order. */
export type NodeId = number & { readonly __nodeId: unique symbol };

/** A leaf of an expression. */
export type Leaf =
  /** A finite number literal. */
  | { readonly kind: 'num'; readonly value: number }
  /** A named mathematical constant. */
  | { readonly kind: 'const'; readonly name: 'pi' | 'e' }
  /** A symbol of the user's: an expression's input θ_k or a constant held fixed; a program's variable (param, data, statement). */
  | { readonly kind: 'sym'; readonly name: string }
  /** z_k: the value of node k of an expression's computation graph. */
  | { readonly kind: 'ref'; readonly index: number }
  /**
   * A Lagrange multiplier: μ_k of an expression's node k (`index`, `name` its digits), or μ_v of a
   * program's variable v (`name`, `index` −1).
   */
  | { readonly kind: 'mu'; readonly index: number; readonly name: string }
  /** 𝟙: all ones, of the node's shape. */
  | { readonly kind: 'ones' };

export interface OpNode {
  readonly kind: 'op';
  readonly op: TOpName;
  readonly args: readonly NodeId[];
}

export type IrNode = (Leaf | OpNode) & { readonly id: NodeId; readonly shape: Shape };

export type { Complex, DomainVerdict } from '../ops/spec.js';
