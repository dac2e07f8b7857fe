// The derivation in matrix form: one multiplier μ_v per variable, of v's
// shape; L = obj − Σ_v ⟨μ_v, v − f_v(…)⟩; stationarity in μ (the forward
// pass), in every statement variable (the backward recursion) and, not set
// to zero, in the params (the gradient). Each statement's local adjoint is
// found by symbolic reverse accumulation over its expression with the op
// table's matrix rules.
import type { NodeId } from '../ir/build.js';
import { statementAdjoint } from '../derive/adjoint.js';
import { derive, type Derivation, type EdgeTerm } from '../derive/derive.js';
import { programGraph } from './graph.js';
import type { Program } from './program.js';

/** One term μ_from's contribution to a variable's multiplier (or gradient). */
export interface AdjointTerm {
  /** The statement whose constraint gives this term. */
  readonly from: string;
  readonly term: NodeId;
}

export interface AdjointEquation {
  readonly name: string;
  readonly terms: readonly AdjointTerm[];
  /** Σ of the terms (with 1 first for the objective); null when there are none (μ = 0). */
  readonly sum: NodeId | null;
}

export interface ProgramDerivation {
  readonly program: Program;
  /** μ of each statement variable, in reverse statement order (the objective first). */
  readonly backward: readonly AdjointEquation[];
  /** ∂obj/∂θ for each param, in declaration order. */
  readonly gradient: readonly AdjointEquation[];
  /** μ_obj = 1 substituted into the formulas (the objective is used by no statement). */
  readonly foldedObjective: boolean;
  /** The one derivation (derive/derive.ts) of the program's graph (tensor/graph.ts), by node: what this reads by name. */
  readonly graphDerivation: Derivation;
  /** Each statement's local adjoint for its own μ (unfolded), keyed statement → variable: for the dot-product test. */
  readonly local: ReadonlyMap<string, ReadonlyMap<string, NodeId>>;
}

export { statementAdjoint, type AdjointOverride } from '../derive/adjoint.js';

/**
 * The matrix-form derivation of a program: the one derivation (derive/derive.ts) of the program's graph
 * (tensor/graph.ts), read by variable name, each equation with its sum (1 first for the objective).
 */
export function deriveMatrixForm(program: Program): ProgramDerivation {
  const b = program.builder;
  const graph = programGraph(program);
  const der = derive(graph);
  const nameOf = (i: number): string => graph.nodes[i]!.name!;
  const equation = (node: number, terms: readonly EdgeTerm[], seedOne: boolean): AdjointEquation => {
    const named = terms.map((t) => ({ from: nameOf(t.from), term: t.term }));
    let sum: NodeId | null = seedOne ? b.num(1) : null;
    for (const t of named) sum = sum === null ? t.term : b.add(sum, t.term);
    return { name: nameOf(node), terms: named, sum };
  };
  const backward = der.backward.map((step) => equation(step.node, step.rule === 'kkt.z' ? step.terms : [], step.rule === 'kkt.output' || step.objective === true));
  const gradient = der.gradient.map((step) => equation(step.node, step.terms, false));
  const foldedObjective = graph.nodes[graph.output]!.beta.length === 0;
  // Each statement's local adjoint seeded with its own μ is the one the derivation took (the builder is
  // hash-consed and deterministic, so computing it again gives the same nodes): only a folded objective's,
  // seeded there with 1, is computed here.
  const local = new Map<string, ReadonlyMap<string, NodeId>>();
  program.statements.forEach((st, k) => {
    const i = graph.d + 1 + k;
    const taken = foldedObjective && i === graph.output ? undefined : der.adjoints?.[i];
    local.set(st.name, taken ?? statementAdjoint(b, st, b.mu(st.name, st.shape)));
  });
  return { program, backward, gradient, foldedObjective, graphDerivation: der, local };
}
