// Where a wrong matrix claim goes wrong, without giving the answer away. In
// order: shapes that do not fit (and whether one variable transposed would
// make the claim right), undefined entries, sign, a constant factor, one
// variable transposed, then the first node, in reverse topological order
// (from the objective down), where one change explains the claim: an
// elementwise function's derivative missing there (σ' left out) or its own
// value written for it (σ for σ'), one edge term μ_s·∂f_s/∂u missing, of the
// wrong sign or off by a factor; finally "right only at some points".
// Alternatives are computed numerically: the truth with one thing changed,
// propagated down the statements' local adjoints.
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { FunctionSpec } from '../ops/spec.js';
import { statementAdjoint, type ProgramDerivation } from '../tensor/derive.js';
import { evaluate } from '../tensor/evaluate.js';
import type { NodeId } from '../ir/build.js';
import type { Statement } from '../tensor/program.js';
import { transposed } from '../ir/kernels.js';
import { TOPS, type TOpName } from '../ir/tensor-ops.js';
import { filled, formatShape, inner, tensor, type Tensor } from '../ir/shape.js';
import type { Diagnosis } from './diagnose.js';
import { derivativeInValue, formatFactor, leastSquares, polynomialText, roundCoefficients, valueSymbol } from './polynomial-fit.js';
import { buildClaim, type MatrixClaim } from './matrix-claim.js';
import { claimValue, compareTensors, entry, type MatrixContext, type MatrixEvaluation } from './matrix-judge.js';
import { diagnoseWith, type EntryPair } from './diagnosis.js';

export interface MatrixDiagnosis extends Omit<Diagnosis, 'kind' | 'edge' | 'node'> {
  readonly kind: Diagnosis['kind'] | 'shape' | 'transpose' | 'batch-sum' | 'zero';
  /** The statement where it goes wrong. */
  readonly node?: string;
  /** The edge statement → variable whose term is wrong. */
  readonly edge?: readonly [string, string];
  /** The variable that is transposed the wrong way. */
  readonly variable?: string;
  /** What would give the answer away (how to read the claim to make it right): shown with --show-answer only. */
  readonly answer?: string;
}

/** The function of the table at a node, applied elementwise: its adjoint is g ⊙ ∂f/∂a for each argument a, the chain factor a student may leave out. */
function tableFunction(op: string): FunctionSpec | null {
  return TOPS[op as TOpName]?.lifted ? FUNCTIONS_TABLE[TOPS[op as TOpName].lifted!] : null;
}
/** Beyond this many statements above the target, the node search looks at the nearest ones only (it is linear per node). */
const MAX_NODES = 64;
/** Statement visits of the alternatives' propagation after which the node search stops (a long program). */
const MAX_VISITS = 20_000;

/** Equal at every point where the truth is finite (at least one). */
function matches(evals: readonly MatrixEvaluation[], alt: (e: MatrixEvaluation) => Tensor | null): boolean {
  let any = false;
  for (const e of evals) {
    if (!e.truth.data.every(Number.isFinite)) continue;
    const a = alt(e);
    if (a === null || e.claimed === null) return false;
    if (!compareTensors(e.claimed, a, e.scale * 10).equal) return false;
    any = true;
  }
  return any;
}

function scaled(t: Tensor, k: number): Tensor {
  const out = tensor(t.rows, t.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = k * t.data[i]!;
  return out;
}
function combine(a: Tensor, k: number, b: Tensor): Tensor {
  const out = tensor(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i]! + k * (b.data.length === 1 ? b.data[0]! : b.data[i]!);
  return out;
}
interface Describe {
  statement(name: string): string;
}

/** Reverse accumulation of seeds (μ contributions at variables) down to `target`, over the statements' local adjoints. */
function propagator(der: ProgramDerivation, ctx: MatrixContext, target: string, work: { visits: number }) {
  const program = der.program;
  const b = program.builder;
  const position = new Map(program.statements.map((s, k) => [s.name, k] as const));
  const localValue = (s: Statement, v: string, mu: Tensor, local: ReadonlyMap<string, NodeId> = der.local.get(s.name)!): Tensor | null => {
    const term = local.get(v);
    if (term === undefined) return null;
    const t = evaluate(b, term, { values: ctx.point.values, mus: new Map([[s.name, mu]]) });
    const shape = program.shapes.get(v)!;
    return t.rows === shape[0] && t.cols === shape[1] ? t : filled(shape, t.data[0]!);
  };
  const propagate = (seeds: ReadonlyMap<string, Tensor>): Tensor => {
    const acc = new Map(seeds);
    let from = -1;
    for (const name of seeds.keys()) from = Math.max(from, position.get(name) ?? -1);
    for (let k = from; k >= 0; k--) {
      work.visits++;
      const s = program.statements[k]!;
      if (s.name === target) break;
      const mu = acc.get(s.name);
      if (mu === undefined) continue;
      for (const u of s.uses) {
        const c = localValue(s, u, mu);
        if (c === null) continue;
        const prev = acc.get(u);
        acc.set(u, prev === undefined ? c : combine(prev, 1, c));
      }
    }
    return acc.get(target) ?? filled(program.shapes.get(target)!, 0);
  };
  return { localValue, propagate };
}

const negate = (t: Tensor | null): Tensor | null => (t === null ? null : scaled(t, -1));

/** Whether the claim holds at every point with its multipliers read in the other sign of the Lagrangian. */
function rightUnderOtherSign(claim: MatrixClaim, judged: readonly MatrixEvaluation[]): boolean {
  if (claim.kind !== 'mu' && claim.multipliers.length === 0) return false;
  const sign = -claim.convention.sign as 1 | -1;
  return judged.every((e) => {
    const value = claimValue(claim, e.ctx, sign);
    const truth = claim.kind === 'mu' ? scaled(e.truth, -1) : e.truth;
    return value !== null && compareTensors(value, truth, e.scale).equal;
  });
}

export function diagnoseMatrix(der: ProgramDerivation, claim: MatrixClaim, judged: readonly MatrixEvaluation[], describe: Describe): MatrixDiagnosis {
  const program = der.program;
  const sign = claim.convention.sign;
  const mu = claim.convention.multiplier;
  // The search reads the notes' μ: a claimed multiplier under the + sign is turned back (both sides negated).
  const flip = claim.kind === 'mu' && sign < 0;
  const evals = flip ? judged.map((e) => ({ ...e, truth: scaled(e.truth, -1), claimed: negate(e.claimed) })) : judged;
  /** A variant of the claim at a point, read as the search reads the claim. */
  const valueOf = (variant: Parameters<typeof claimValue>[0], c: MatrixContext): Tensor | null => {
    const v = claimValue(variant, c, sign);
    return flip ? negate(v) : v;
  };
  const contexts = evals.map((e) => e.ctx);
  const what = claim.kind === 'grad' ? `∂${program.objective}/∂${claim.variable}` : `${mu.ascii}_${claim.variable}`;
  /** A variable as the claim writes it: W, or beta_z for the internal mu_z. */
  const shown = (v: string): string => v.replace(/^mu_/, `${mu.ascii}_`);
  // Where a transposed variable comes into the program: the first statement that uses it.
  const enters = (v: string): string => {
    if (v.startsWith('mu_')) return '';
    const user = program.statements.find((s) => s.uses.includes(v) || program.builder.reach(s.root).some((id) => { const n = program.builder.node(id); return n.kind === 'sym' && n.name === v; }));
    return user ? `; ${v} enters at node ${describe.statement(user.name)}` : '';
  };
  // One variable transposed: right everywhere with it read the other way?
  const transposedVariable = (): string | undefined => {
    for (const v of [...claim.variables, ...claim.multipliers.map((m) => `mu_${m}`)]) {
      const shape = program.shapes.get(v.replace(/^mu_/, ''))!;
      if (shape[0] === 1 && shape[1] === 1) continue;
      const variant = buildClaim(program, claim.spec, claim, v, claim.convention);
      if (variant.built === null || variant.shapeError !== null) continue;
      const values = contexts.map((c) => valueOf(variant, c));
      if (evals.every((e, k) => values[k] !== null && compareTensors(values[k]!, e.truth, e.scale * 10).equal)) return v;
    }
    return undefined;
  };
  // Shapes that do not fit: the claim has no value to compare, only its form to read.
  const shapes = (): MatrixDiagnosis | null => {
    const shapeError = claim.shapeError;
    if (shapeError === null) return null;
    const v = transposedVariable();
    if (v !== undefined) {
      return { kind: 'transpose', variable: shown(v), message: `the shapes do not fit (${shapeError.message}); ${wrongWay(shown(v))}${enters(v)}`, answer: rightAsTranspose(shown(v)) };
    }
    if (claim.built !== null) {
      const whole = contexts.map((c) => {
        const t = evaluate(claim.built!.builder, claim.built!.root, { values: c.point.values, mus: sign > 0 ? c.sweep.mu : new Map([...c.sweep.mu].map(([k, x]) => [k, scaled(x, -1)] as const)) });
        return flip ? scaled(t, -1) : t;
      });
      // A bias over a batch: one column per sample where the gradient sums them.
      const [rows, cols] = [whole[0]!.rows, whole[0]!.cols];
      if (claim.shape[1] === 1 && rows === claim.shape[0] && cols > 1 && evals.every((e, k) => compareTensors(TOPS.sumcols.evaluate([whole[k]!], [rows, 1]), e.truth, e.scale * 10).equal)) {
        return { kind: 'batch-sum', message: `your answer has one column per sample (${formatShape([rows, cols])}); ${claim.variable} is added to every column, so ${what} sums them over the batch: that sum is missing` };
      }
      // The whole answer transposed (x·dᵀ for d·xᵀ).
      if (evals.every((e, k) => { const t = transposed(whole[k]!); return t.rows === e.truth.rows && t.cols === e.truth.cols && compareTensors(t, e.truth, e.scale * 10).equal; })) {
        return { kind: 'transpose', message: `your answer is the transpose of ${what}: it must have the shape of ${claim.variable}, ${formatShape(claim.shape)} (the layout convention of the derivation)` };
      }
    }
    const must = `${what} has the shape of ${claim.variable}, ${formatShape(claim.shape)}`;
    return { kind: 'shape', message: `the shapes do not fit: ${shapeError.message}${shapeError.result ? `, but ${must}` : ` (${must})`}` };
  };
  const pairs: EntryPair[] = [];
  for (const e of evals) {
    if (e.claimed === null) continue;
    for (let k = 0; k < e.truth.data.length; k++) pairs.push({ claimed: entry(e.claimed, k), truth: e.truth.data[k]!, scale: e.scale * 10 });
  }
  return diagnoseWith<MatrixDiagnosis>({
    first: shapes,
    undefinedWhy: evals.find((e) => e.undefinedWhy !== null && e.truth.data.every(Number.isFinite))?.undefinedWhy ?? null,
    pairs,
    of: claim.kind === 'mu' ? 'multiplier' : 'derivative',
    zero: { what, variable: claim.variable, output: 'objective' },
    // Right in the other sign of the Lagrangian: the student's convention is not the one stated.
    otherSign: () => rightUnderOtherSign(claim, judged) ? { sign, multiplier: `${mu.unicode}_v`, derivative: `∂${program.objective}/∂v` } : null,
    searches: [
      () => {
        const v = transposedVariable();
        return v === undefined ? null : { kind: 'transpose', variable: shown(v), message: `${wrongWay(shown(v))}${enters(v)}`, answer: rightAsTranspose(shown(v)) };
      },
      () => nodeSearch(der, claim, evals, describe, mu.ascii),
      () => chainStopped(der, claim, evals, describe),
    ],
    special: () => {
      const agree = evals.filter((e) => e.equal).length;
      return agree > 0 ? { kind: 'special-points', message: `right only at some points: it agrees at ${agree} of ${evals.length} points, but not at the rest` } : null;
    },
    unknown: { kind: 'unknown', message: 'no single sign, factor, transpose or term explains the difference; compare your steps with the backward pass statement by statement (claim the multipliers with --mu to find the first wrong one)' },
  }) as MatrixDiagnosis;
}

/** Says which variable is used with the wrong orientation, not what to write instead. */
const wrongWay = (v: string): string => `${v} is used with the wrong orientation`;
/** What --show-answer adds to a transpose: how to read the claim to make it right. */
const rightAsTranspose = (v: string): string => `read with ${v} transposed, your answer is right`;

/** The first statement from the objective down where one change gives the claim. */
function nodeSearch(der: ProgramDerivation, claim: MatrixClaim, evals: readonly MatrixEvaluation[], describe: Describe, mu: string): MatrixDiagnosis | null {
  const program = der.program;
  const b = program.builder;
  const target = claim.variable;
  // The statements whose multipliers flow into the target's: those that use it, and so on up.
  const cone = new Set<string>([target]);
  const above: Statement[] = [];
  for (const s of program.statements) {
    if (s.uses.some((u) => cone.has(u)) && s.name !== target) {
      cone.add(s.name);
      above.push(s);
    }
  }
  const nodes = above.reverse().slice(0, MAX_NODES);
  // Each alternative propagates down the statements: on a long program, stop after a bounded amount of work.
  const work = { visits: 0 };
  const first = evals.find((e) => !e.equal)!;
  const props = new Map<MatrixContext, ReturnType<typeof propagator>>();
  const prop = (ctx: MatrixContext): ReturnType<typeof propagator> => {
    let p = props.get(ctx);
    if (!p) props.set(ctx, (p = propagator(der, ctx, target, work)));
    return p;
  };
  /** The truth with statement s's contributions to the cone replaced (per point). */
  const through = (ctx: MatrixContext, s: Statement, local?: ReadonlyMap<string, NodeId>, only?: string): Tensor => {
    const { localValue, propagate } = prop(ctx);
    const mu = ctx.sweep.mu.get(s.name)!;
    const seeds = new Map<string, Tensor>();
    for (const u of s.uses) {
      if (!cone.has(u) || (only !== undefined && u !== only)) continue;
      const c = localValue(s, u, mu, local);
      if (c !== null) seeds.set(u, c);
    }
    return seeds.size === 0 ? filled(claim.shape, 0) : propagate(seeds);
  };
  /** Checks an alternative at the first counterexample, then everywhere. */
  const explains = (alt: (e: MatrixEvaluation) => Tensor): boolean => {
    const a = alt(first);
    if (first.claimed === null || !compareTensors(first.claimed, a, first.scale * 10).equal) return false;
    return matches(evals, alt);
  };
  for (const s of nodes) {
    if (work.visits > MAX_VISITS) break;
    const where = `node ${describe.statement(s.name)}`;
    // Elementwise functions inside s: derivative left out, or the function's own value written for it.
    for (const id of functionNodes(der, s)) {
      const { op, args } = b.node(id) as { op: string; args: readonly NodeId[] };
      const spec = tableFunction(op)!;
      const fPrime = spec.prime ?? `${op}′`;
      const factor = spec.prime ? `the chain-rule factor ${spec.prime}` : 'a chain-rule factor';
      // An operator of the table (the power, typed ^ or .^) is named as it is typed.
      const shown = spec.isFunction === false ? 'the power ^' : op;
      // Every argument's factor ∂f/∂a read as 1 (of several, the one that leads to the target is the one that counts).
      const dropped = statementAdjoint(b, s, b.mu(s.name, s.shape), (at, _result, g) => (at === id ? args.map(() => g) : undefined));
      const variant = (local: ReadonlyMap<string, NodeId>) => (e: MatrixEvaluation): Tensor =>
        combine(combine(e.truth, -1, through(e.ctx, s)), 1, through(e.ctx, s, local));
      if (explains(variant(dropped))) {
        return { kind: 'missing-factor', node: s.name, message: `at ${where}: ${factor}, the derivative of ${shown} taken elementwise, is missing` };
      }
      // Its own value for its derivative, and its derivative as a polynomial in its value: functions of one argument.
      if (spec.arity !== 1) continue;
      const own = statementAdjoint(b, s, b.mu(s.name, s.shape), (at, result, g) => (at === id ? [b.mul(g, result)] : undefined));
      if (op !== 'exp' && explains(variant(own))) {
        return { kind: 'edge-own-value', node: s.name, message: `at ${where}: you used the value of ${op} itself where its derivative ${fPrime} belongs (as when σ' is written σ)` };
      }
      // The claim's f′ as a polynomial c₀ + c₁·f + c₂·f² in f's value (1 − tanh for 1 − tanh², 1 − σ for σ(1 − σ)):
      // the alternative is linear in the c's, so they are fitted, rounded and then checked everywhere.
      const squared = statementAdjoint(b, s, b.mu(s.name, s.shape), (at, result, g) => (at === id ? [b.mul(b.mul(g, result), result)] : undefined));
      const powers = [dropped, own, squared];
      const fitAt = evals.filter((e) => e.claimed !== null).slice(0, 3);
      const rows: number[][] = [];
      const ys: number[] = [];
      for (const e of fitAt) {
        const rest = combine(e.claimed!, -1, combine(e.truth, -1, through(e.ctx, s)));
        const ts = powers.map((local) => through(e.ctx, s, local));
        for (let k = 0; k < rest.data.length; k++) {
          rows.push(ts.map((t) => t.data.length === 1 ? t.data[0]! : t.data[k]!));
          ys.push(rest.data[k]!);
        }
      }
      const truthPoly = derivativeInValue(TOPS[op as TOpName].lifted!);
      for (const degree of [1, 2]) {
        const c = leastSquares(rows.map((r) => r.slice(0, degree + 1)), ys);
        const q = c && roundCoefficients(c);
        if (!q) continue;
        const same = (p: readonly number[]): boolean => [0, 1, 2].every((k) => (p[k] ?? 0) === (q[k] ?? 0));
        if (same([1]) || same([0, 1]) || (truthPoly !== null && same(truthPoly))) break;
        const alt = (e: MatrixEvaluation): Tensor =>
          q.reduce((acc, ck, k) => (ck === 0 ? acc : combine(acc, ck, through(e.ctx, s, powers[k]))), combine(e.truth, -1, through(e.ctx, s)));
        if (explains(alt)) {
          const sym = valueSymbol(TOPS[op as TOpName].lifted!);
          const said = truthPoly ? `the derivative of ${op} is ${polynomialText(truthPoly, sym)}; your factor is ${polynomialText(q, sym)}` : `your factor in place of ${fPrime} is ${polynomialText(q, sym)}, which is not the derivative of ${op}`;
          return { kind: 'edge-derivative', node: s.name, message: `at ${where}: ${said} (taken elementwise)` };
        }
        break;
      }
    }
    // One edge s → u: its term missing, of the wrong sign, or off by a factor.
    for (const u of s.uses) {
      if (!cone.has(u)) continue;
      const via = (e: MatrixEvaluation): Tensor => through(e.ctx, s, undefined, u);
      const edge = [s.name, u] as const;
      const term = `${mu}_${s.name}·∂${s.name}/∂${u}`;
      const viaFirst = via(first);
      if (inner(viaFirst, viaFirst) === 0) continue;
      // Through the only path the rest is 0: "missing" would only say the answer is 0.
      const onlyPath = compareTensors(viaFirst, first.truth, first.scale * 10).equal;
      if (!onlyPath && explains((e) => combine(e.truth, -1, via(e)))) {
        return { kind: 'missing-term', node: s.name, edge, message: `a term is missing: the contribution of ${where} to ${mu}_${u}, ${term}, does not appear in your answer` };
      }
      if (explains((e) => combine(e.truth, -2, via(e)))) {
        return { kind: 'edge-sign', node: s.name, edge, message: `sign error at ${where}: your ${term} has the wrong sign` };
      }
      // claim = truth + (c − 1)·via, c fitted at the first point.
      const diff = combine(first.claimed!, -1, first.truth);
      const c = 1 + inner(diff, viaFirst) / inner(viaFirst, viaFirst);
      if (Number.isFinite(c) && Math.abs(c - 1) > 1e-9 && Math.abs(c) > 1e-9 && explains((e) => combine(e.truth, c - 1, via(e)))) {
        return { kind: 'edge-factor', node: s.name, edge, factor: c, message: `at ${where}, your ${term} is off by a factor of ${formatFactor(c)}` };
      }
    }
  }
  return null;
}

/**
 * The chain rule stopped at a statement s above the target: the claim is the
 * multiplier of s itself (cos(u) for ∂l/∂x of u = x², l = sin(u)), the
 * derivative of s with respect to the target left out. The nearest such
 * statement to the target is named (so a claim of the objective's own
 * multiplier, 1, names the objective only when nothing nearer fits).
 */
function chainStopped(der: ProgramDerivation, claim: MatrixClaim, evals: readonly MatrixEvaluation[], describe: Describe): MatrixDiagnosis | null {
  const program = der.program;
  const cone = new Set<string>([claim.variable]);
  for (const s of program.statements) {
    if (s.name === claim.variable || !s.uses.some((u) => cone.has(u))) continue;
    cone.add(s.name);
    if (matches(evals, (e) => {
      const m = e.ctx.sweep.mu.get(s.name)!;
      return m.rows === e.truth.rows && m.cols === e.truth.cols ? m : null;
    })) {
      return { kind: 'missing-factor', node: s.name, message: `a chain-rule factor is missing: your answer stops at node ${describe.statement(s.name)}; the derivative of ${s.name} with respect to ${claim.variable} is left out` };
    }
  }
  return null;
}

/** The elementwise-function nodes of a statement's expression, root first. */
function functionNodes(der: ProgramDerivation, s: Statement): NodeId[] {
  const b = der.program.builder;
  return b.reach(s.root).filter((id) => { const n = b.node(id); return n.kind === 'op' && tableFunction(n.op) !== null; }).reverse();
}
