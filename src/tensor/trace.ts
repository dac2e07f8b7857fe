// The evaluation trace of a program (note 003's tables, with shapes): the
// forward primal trace (params and data, then each statement in program
// order), the reverse adjoint trace in push form (each statement, in reverse
// order, adds its local adjoint, the derivation's term {from, term}, to ū of
// each variable it uses), and, for a program of scalars, the forward tangent
// trace along a direction. Plain data: tensors and the derivation's IR nodes;
// render/trace-*.ts write it, beside an expression's trace (verify/trace.ts).
import { filled, isScalar, tensor, type Tensor } from '../ir/shape.js';
import type { NodeId } from '../ir/build.js';
import type { Numbering } from '../verify/trace.js';
import { statementAdjoint, type ProgramDerivation } from './derive.js';
import { evaluate } from './evaluate.js';
import type { ProgramPoint } from './point.js';
import type { Sweep } from './sweep.js';

/** One push of the reverse trace: ū (+)= the local adjoint of statement `from` for `to`. */
export interface ProgramPush {
  /** The statement whose adjoint is pushed. */
  readonly from: string;
  /** The variable (a param or a statement) that receives it. */
  readonly to: string;
  /** The statement's local adjoint for `to`, in μ_from: the derivation's term (for the objective, its local adjoint before μ_obj = 1 is substituted). */
  readonly term: NodeId;
  /** ū already held a value: this push adds to it. */
  readonly accumulates: boolean;
  /** ū after the push. */
  readonly value: Tensor;
}

/** v̇ of one statement: `expr` is Σ_u ∂f/∂u·u̇, its μ_u leaves standing for u̇. */
export interface ProgramTangentStep {
  readonly name: string;
  readonly expr: NodeId | null;
  readonly value: Tensor;
}

export interface ProgramTrace {
  readonly kind: 'program';
  readonly derivation: ProgramDerivation;
  /** As asked for; a program has no levels, so both number its rows in program order. */
  readonly numbering: Numbering;
  readonly point: ProgramPoint;
  /** The pushes, in the order the reverse sweep makes them. */
  readonly adjoint: readonly ProgramPush[];
  /** ū of every param and statement after the sweep: ∂obj/∂u (the params' are the gradient). */
  readonly bar: ReadonlyMap<string, Tensor>;
  /** The derivation's μ and gradient (the KKT pull form, by the sweep), to compare with ū. */
  readonly sweep: Sweep;
  /** Largest |ū − μ_u| (or |θ̄ − ∂obj/∂θ|) over the entries, relative to max(1, |μ_u|). */
  readonly pushPullGap: number;
  /** With a direction (scalar params; a program of scalars): u̇ of the params, then of each statement. */
  readonly tangent: {
    readonly direction: ReadonlyMap<string, number>;
    readonly dot: ReadonlyMap<string, Tensor>;
    readonly steps: readonly ProgramTangentStep[];
  } | null;
}

/** What the trace reads of a program's analysis (src/program-pipeline.ts's ProgramAnalysis has it). */
export interface ProgramTraceInput {
  readonly derivation: ProgramDerivation;
  readonly point: ProgramPoint;
  readonly sweep: Sweep;
}

/** Why a program has no tangent trace, or null when it has one: every param and statement a scalar. */
export function tangentRefusal(der: ProgramDerivation): string | null {
  const p = der.program;
  const big = [...p.declarations.map((d) => ({ name: d.name, shape: d.shape })), ...p.statements.map((s) => ({ name: s.name, shape: s.shape }))].filter((v) => !isScalar(v.shape));
  if (big.length === 0) return null;
  return `--tangent applies to programs of scalars (a tangent of matrix statements needs their forward rules, which lagrad does not derive), and ${big[0]!.name} is [${big[0]!.shape.join(',')}]`;
}

const add = (a: Tensor, b: Tensor): Tensor => {
  const out = tensor(a.rows, a.cols);
  for (let k = 0; k < out.data.length; k++) out.data[k] = a.data[k]! + b.data[b.data.length === 1 ? 0 : k]!;
  return out;
};

/** A scalar term (μ_obj = 1 folded) as a tensor of the variable's shape; anything else unchanged. */
const fit = (t: Tensor, like: readonly [number, number]): Tensor => (t.rows === like[0] && t.cols === like[1] ? t : filled(like, t.data[0]!));

/**
 * The trace of a program at its point. The pushes are evaluated with the
 * push form's own adjoints (a statement pushes once every statement after it
 * has), so that ū agreeing with the sweep's μ is a finding, not a copy.
 * `direction`: a tangent per scalar param (the others 0); see tangentRefusal.
 */
export function programTraceOf(a: ProgramTraceInput, options: { readonly numbering?: Numbering; readonly direction?: ReadonlyMap<string, number> } = {}): ProgramTrace {
  const der = a.derivation;
  const p = der.program;
  const b = p.builder;
  const values = a.point.values;
  const shape = (name: string): readonly [number, number] => p.shapes.get(name)!;
  // The term statement → variable, from the derivation's equations (backward for statements, gradient for params).
  const terms = new Map<string, Map<string, NodeId>>();
  for (const eq of [...der.backward, ...der.gradient]) {
    for (const t of eq.terms) {
      let byVar = terms.get(t.from);
      if (!byVar) terms.set(t.from, (byVar = new Map()));
      byVar.set(eq.name, t.term);
    }
  }
  const bar = new Map<string, Tensor>();
  /** The finished adjoints, the environment the terms are evaluated in (μ_s is s̄ once s pushes). */
  const mus = new Map<string, Tensor>();
  const memo = new Map<NodeId, Tensor>();
  const env = { values, mus };
  bar.set(p.objective, filled(shape(p.objective), 1));
  const adjoint: ProgramPush[] = [];
  for (let k = p.statements.length - 1; k >= 0; k--) {
    const st = p.statements[k]!;
    mus.set(st.name, bar.get(st.name) ?? filled(st.shape, 0));
    const byVar = terms.get(st.name);
    for (const u of st.uses) {
      // The objective's own push is written with μ_obj (its v̄ = 1), as the survey's v̄₄ = v̄₅·∂v₅/∂v₄.
      const term = st.name === p.objective && der.foldedObjective ? der.local.get(st.name)?.get(u) ?? byVar?.get(u) : byVar?.get(u);
      if (term === undefined) continue;
      const had = bar.get(u);
      const contribution = fit(evaluate(b, term, env, memo), shape(u));
      const value = had === undefined ? contribution : add(had, contribution);
      bar.set(u, value);
      adjoint.push({ from: st.name, to: u, term, accumulates: had !== undefined, value });
    }
  }
  for (const st of p.statements) if (!bar.has(st.name)) bar.set(st.name, filled(st.shape, 0));
  for (const g of der.gradient) if (!bar.has(g.name)) bar.set(g.name, filled(shape(g.name), 0));
  let gap = 0;
  const compare = (mine: Tensor, theirs: Tensor): void => {
    for (let k = 0; k < theirs.data.length; k++) {
      const t = theirs.data[k]!;
      gap = Math.max(gap, Math.abs(mine.data[mine.data.length === 1 ? 0 : k]! - t) / Math.max(1, Math.abs(t)));
    }
  };
  for (const [name, mu] of a.sweep.mu) compare(bar.get(name)!, mu);
  for (const [name, g] of a.sweep.gradient) compare(bar.get(name)!, g);

  let tangent: ProgramTrace['tangent'] = null;
  if (options.direction) {
    const why = tangentRefusal(der);
    if (why !== null) throw new Error(`lagrad: ${why}`);
    const dot = new Map<string, Tensor>();
    for (const d of p.declarations) dot.set(d.name, filled(d.shape, d.role === 'param' ? options.direction.get(d.name) ?? 0 : 0));
    const dotEnv = { values, mus: dot };
    const steps: ProgramTangentStep[] = [];
    for (const st of p.statements) {
      // ∂f/∂u of a scalar statement: its local adjoint for the seed 1; u̇ written as μ_u, which dotEnv reads.
      const partials = statementAdjoint(b, st, b.num(1));
      let expr: NodeId | null = null;
      for (const u of st.uses) {
        const partial = partials.get(u);
        if (partial === undefined) continue;
        const t = b.mul(b.mu(u, shape(u)), partial);
        expr = expr === null ? t : b.add(expr, t);
      }
      const value = expr === null ? filled(st.shape, 0) : fit(evaluate(b, expr, dotEnv), st.shape);
      dot.set(st.name, value);
      steps.push({ name: st.name, expr, value });
    }
    tangent = { direction: options.direction, dot, steps };
  }
  return { kind: 'program', derivation: der, numbering: options.numbering ?? 'survey', point: a.point, adjoint, bar, sweep: a.sweep, pushPullGap: gap, tangent };
}
