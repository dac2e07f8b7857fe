// The derivation in matrix form: one multiplier μ_v per variable, of v's
// shape; L = obj − Σ_v ⟨μ_v, v − f_v(…)⟩; stationarity in μ (the forward
// pass), in every statement variable (the backward recursion) and, not set
// to zero, in the params (the gradient). Each statement's local adjoint is
// found by symbolic reverse accumulation over its expression with the op
// table's matrix rules.
import type { Builder, NodeId } from '../ir/build.js';
import { TOPS } from '../ir/tensor-ops.js';
import type { Program, Statement } from './program.js';

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
  /** Each statement's local adjoint for its own μ (unfolded), keyed statement → variable: for the dot-product test. */
  readonly local: ReadonlyMap<string, ReadonlyMap<string, NodeId>>;
}

/**
 * An op's contributions replaced, for one node of a statement: the claims'
 * diagnosis derives "what if σ' were missing here" this way. Undefined keeps the op's rule.
 */
export type AdjointOverride = (id: NodeId, result: NodeId, g: NodeId) => readonly (NodeId | null)[] | undefined;

/**
 * Reverse accumulation over one statement's expression: the contribution of
 * the incoming adjoint `seed` to each user variable the expression uses.
 */
export function statementAdjoint(b: Builder, st: Statement, seed: NodeId, override?: AdjointOverride): Map<string, NodeId> {
  const out = new Map<string, NodeId>();
  const reach = b.reach(st.root).reverse(); // consumers before their arguments
  const adj = new Map<NodeId, NodeId>([[st.root, seed]]);
  const selfVar = b.variable(st.name, st.shape);
  for (const id of reach) {
    const g = adj.get(id);
    if (g === undefined) continue;
    const n = b.node(id);
    if (n.kind === 'sym') {
      const prev = out.get(n.name);
      out.set(n.name, prev === undefined ? g : b.add(prev, g));
    }
    if (n.kind !== 'op') continue;
    // At the root, the op's output is the statement's own variable.
    const result = id === st.root ? selfVar : id;
    const contributions = override?.(id, result, g) ?? TOPS[n.op].adjoint(b, n.args, result, g);
    n.args.forEach((a, k) => {
      const c = contributions[k];
      if (c === null || c === undefined) return;
      const prev = adj.get(a);
      adj.set(a, prev === undefined ? c : b.add(prev, c));
    });
  }
  return out;
}

export function deriveMatrixForm(program: Program): ProgramDerivation {
  const b = program.builder;
  const obj = program.objective;
  const usedBy = new Map<string, string[]>();
  for (const st of program.statements) {
    for (const u of st.uses) {
      const list = usedBy.get(u);
      if (list) list.push(st.name);
      else usedBy.set(u, [st.name]);
    }
  }
  const foldedObjective = (usedBy.get(obj) ?? []).length === 0;
  const muOf = (name: string): NodeId =>
    foldedObjective && name === obj ? b.num(1) : b.mu(name, program.shapes.get(name)!);
  // Contributions statement → variable, with μ of the statement (folded for the objective).
  const contrib = new Map<string, Map<string, NodeId>>();
  const local = new Map<string, Map<string, NodeId>>();
  for (const st of program.statements) {
    contrib.set(st.name, statementAdjoint(b, st, muOf(st.name)));
    local.set(st.name, statementAdjoint(b, st, b.mu(st.name, st.shape)));
  }
  const equation = (name: string, seedOne: boolean): AdjointEquation => {
    const terms: AdjointTerm[] = [];
    for (const from of usedBy.get(name) ?? []) {
      const t = contrib.get(from)!.get(name);
      if (t !== undefined) terms.push({ from, term: t });
    }
    let sum: NodeId | null = seedOne ? b.num(1) : null;
    for (const t of terms) sum = sum === null ? t.term : b.add(sum, t.term);
    return { name, terms, sum };
  };
  const backward = [...program.statements].reverse().map((st) => equation(st.name, st.name === obj));
  const gradient = program.declarations.filter((d) => d.role === 'param').map((d) => equation(d.name, false));
  return { program, backward, gradient, foldedObjective, local };
}
