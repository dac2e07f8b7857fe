// The evaluation trace of note 003 (the autodiff survey's tables): the forward
// primal trace v_i = f_i(…), the reverse adjoint trace in push form (each node,
// in reverse order, adds v̄_i·∂v_i/∂v_j to each argument's v̄_j), and, given a
// direction, the forward tangent trace v̇_i = Σ_j ∂v_i/∂v_j·v̇_j. Plain data:
// numbers and the derivation's IR nodes; render/trace-*.ts write it.
import { partialOf, type Derivation, type EdgeTerm } from '../derive/derive.js';
import type { NodeId } from '../ir/types.js';
import type { SymbolValues } from './evaluate.js';
import { compile } from './numeric.js';

/** survey: inputs v_{1−n}…v_0, operations level by level (the survey's numbers); notes: the derivation's z_i. */
export type Numbering = 'survey' | 'notes';

/** One push of the reverse trace: v̄_j (+)= v̄_i·∂v_i/∂v_j. */
export interface AdjointPush {
  /** The consumer i, whose adjoint is pushed. */
  readonly from: number;
  /** The argument j that receives it. */
  readonly to: number;
  /** ∂f_i/∂z_j and the folded term μ_i·∂f_i/∂z_j, as the derivation has them. */
  readonly partial: NodeId;
  readonly term: NodeId;
  /** The term as ± magnitude, so that an accumulation prints as a − b rather than a + (−b). */
  readonly negative: boolean;
  readonly magnitude: NodeId;
  /** v̄_j already held a value: this push adds to it. */
  readonly accumulates: boolean;
  /** v̄_j after the push. */
  readonly value: number;
}

export interface TangentStep {
  readonly node: number;
  /** v̇_i = Σ_k partials[k]·v̇_{α(i)[k]}. */
  readonly value: number;
}

export interface Trace {
  /** An expression's trace (a program's is tensor/trace.ts's ProgramTrace, kind 'program'). */
  readonly kind: 'expression';
  readonly derivation: Derivation;
  readonly numbering: Numbering;
  /** label[k]: the index node z_k has in the trace (v_label), for k = 1..m. */
  readonly label: readonly number[];
  /** The operations z_i in the trace's order (levels for the survey, z order for the notes). */
  readonly order: readonly number[];
  /** Values z_1..z_m at the point. */
  readonly z: Float64Array;
  /** The pushes, in the order the reverse sweep makes them. */
  readonly adjoint: readonly AdjointPush[];
  /** v̄ per node after the sweep: ∂y/∂z_k. */
  readonly bar: Float64Array;
  /** The derivation's μ (the KKT pull form), to compare with v̄. */
  readonly mu: Float64Array;
  /** Largest |v̄_k − μ_k| over the nodes, relative to max(1, |μ_k|). */
  readonly pushPullGap: number;
  /** With a direction: v̇ of every node (inputs first, then the operations in order). */
  readonly tangent: { readonly direction: readonly number[]; readonly dot: Float64Array; readonly steps: readonly TangentStep[] } | null;
}

/** The survey's numbers: inputs 1−n…0 in input order, operations 1…l by level (longest path from the inputs), ties in z order. */
function numbering(der: Derivation, kind: Numbering): { label: number[]; order: number[] } {
  const { nodes, d, m } = der.graph;
  const label = new Array<number>(m + 1).fill(0);
  const ops: number[] = [];
  for (let i = d + 1; i <= m; i++) ops.push(i);
  if (kind === 'notes') {
    for (let k = 1; k <= m; k++) label[k] = k;
    return { label, order: ops };
  }
  const level = new Int32Array(m + 1);
  for (const i of ops) {
    let l = 0;
    for (const j of nodes[i]!.alpha) l = Math.max(l, level[j]!);
    level[i] = l + 1;
  }
  // A stable counting sort by level: linear in the nodes.
  let top = 0;
  for (const i of ops) top = Math.max(top, level[i]!);
  const buckets: number[][] = Array.from({ length: top + 1 }, () => []);
  for (const i of ops) buckets[level[i]!]!.push(i);
  const order = buckets.flat();
  for (let k = 1; k <= d; k++) label[k] = k - d;
  order.forEach((i, n) => (label[i] = n + 1));
  return { label, order };
}

/** The edge term of i → j as the derivation wrote it (μ_i·∂f_i/∂z_j, folded). */
function edgeTerms(der: Derivation): Map<number, Map<number, EdgeTerm>> {
  const terms = new Map<number, Map<number, EdgeTerm>>();
  const record = (j: number, list: readonly EdgeTerm[]): void => {
    for (const t of list) {
      let byArg = terms.get(t.from);
      if (!byArg) terms.set(t.from, (byArg = new Map()));
      byArg.set(j, t);
    }
  };
  for (const s of der.backward) if (s.rule === 'kkt.z') record(s.node, s.terms);
  for (const s of der.gradient) record(s.node, s.terms);
  return terms;
}

/**
 * The trace of a derivation at the point z (values of z_1..z_m; `values` of its symbols), with the
 * derivation's μ for the comparison and, when given, a tangent direction
 * (one number per input). Linear in nodes plus edges.
 */
export function traceOf(
  der: Derivation,
  values: SymbolValues,
  z: Float64Array,
  mu: Float64Array,
  options: { readonly numbering?: Numbering; readonly direction?: readonly number[] } = {},
): Trace {
  const { nodes, m } = der.graph;
  const compiled = compile(der, values);
  const kind = options.numbering ?? 'survey';
  const { label, order } = numbering(der, kind);
  const terms = edgeTerms(der);
  const bar = new Float64Array(m + 1);
  const seen = new Uint8Array(m + 1);
  bar[m] = 1;
  seen[m] = 1;
  const adjoint: AdjointPush[] = [];
  for (let n = order.length - 1; n >= 0; n--) {
    const i = order[n]!;
    const node = nodes[i]!;
    node.alpha.forEach((j, k) => {
      const p = compiled.partial(i, k, z);
      bar[j] = (seen[j] ? bar[j]! : 0) + bar[i]! * p;
      const t = terms.get(i)!.get(j)!;
      adjoint.push({ from: i, to: j, partial: partialOf(t), term: t.term, negative: t.negative, magnitude: t.magnitude, accumulates: seen[j] === 1, value: bar[j]! });
      seen[j] = 1;
    });
  }
  let gap = 0;
  for (let k = 1; k <= m; k++) gap = Math.max(gap, Math.abs(bar[k]! - mu[k]!) / Math.max(1, Math.abs(mu[k]!)));
  let tangent: Trace['tangent'] = null;
  if (options.direction) {
    const dot = new Float64Array(m + 1);
    options.direction.forEach((v, k) => (dot[k + 1] = v));
    const steps: TangentStep[] = [];
    for (const i of order) {
      let s = 0;
      nodes[i]!.alpha.forEach((j, k) => (s += compiled.partial(i, k, z) * dot[j]!));
      dot[i] = s;
      steps.push({ node: i, value: s });
    }
    tangent = { direction: options.direction, dot, steps };
  }
  return { kind: 'expression', derivation: der, numbering: kind, label, order, z, adjoint, bar, mu, pushPullGap: gap, tangent };
}
