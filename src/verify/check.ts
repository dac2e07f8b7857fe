// The numeric check of Theorem 15.1 (μ_j = ∂f/∂z_j): for each node, central
// differences recomputing only j's descendants, and the complex step; the KKT
// residuals ∂L/∂z_j at the computed μ by differences of L itself; for large
// graphs, a random sample of nodes plus a random-direction test.
import type { Derivation } from '../derive/derive.js';
import type { Compiled, NodeProblem, PointChoice } from './numeric.js';
import { reverseSweep } from './numeric.js';
import { mulberry32 } from './rng.js';
import { CENTRAL_DIFFERENCE, close, COMPLEX_STEP, describe } from './tolerance.js';

export interface CheckRow {
  readonly node: number;
  /** μ_j from the derived equations (for an input, ∂f/∂θ_k). */
  readonly mu: number;
  /** ∂f/∂z_j by central differences. */
  readonly numeric: number;
  /** ∂f/∂z_j by the complex step. */
  readonly complexStep: number;
  readonly absError: number;
  readonly relError: number;
  readonly ok: boolean;
  /** Which methods agreed: both, or the complex step alone where differences cannot resolve the derivative. */
  readonly decidedBy: 'both' | 'complex-step' | 'differences';
}

export interface DirectionTest {
  /** Σ_j v_j μ_j. */
  readonly predicted: number;
  /** d z_m/dt for z_i = f_i(…) + t·v_i, by central differences. */
  readonly measured: number;
  readonly ok: boolean;
}

export interface CheckReport {
  readonly ok: boolean;
  readonly method: string;
  readonly tolerance: string;
  /** 'all' when every node was checked, else the number sampled of m. */
  readonly coverage: 'all' | { readonly sampled: number; readonly of: number };
  readonly rows: readonly CheckRow[];
  readonly direction: DirectionTest | null;
  /** max_j |∂L/∂z_j|/max(1, |μ_j|) at the computed μ, by central differences of L, beyond their error estimate. */
  readonly kktResidual: number;
  readonly kktOk: boolean;
  readonly problem: NodeProblem | null;
  readonly z: Float64Array;
  readonly mu: Float64Array;
}

/** Every node is checked up to this many; beyond, a sample and a direction test. */
export const CHECK_ALL_LIMIT = 1000;
const SAMPLE_SIZE = 64;
/** Largest relative KKT residual max_j |∂L/∂z_j|/max(1, |μ_j|) that passes, beyond the differences' own error. */
export const KKT_TOLERANCE = 1e-6;
const CS_STEP = 1e-20;
const FD_STEP = Math.cbrt(Number.EPSILON);
/**
 * g'(x) by central differences over h and h/2, Richardson-extrapolated. The
 * error estimate is |D(h) − D(h/2)| plus the round-off 16·ε·noise/h, where
 * `noise` is the size of the values g computes through; h shrinks by 8 up to
 * five times while that helps (fast oscillation, a nearby kink), from each of
 * the `stepsFor` starts, and the best estimate wins.
 */
export function derivative(g: (x: number) => number, x: number, noise = 1): { value: number; error: number } {
  let best = { value: 0, error: Infinity };
  for (const h0 of stepsFor(x)) {
    let h = h0;
    for (let k = 0; k < 6; k++, h /= 8) {
      const central = (s: number): number => {
        const xp = x + s;
        const xm = x - s;
        return (g(xp) - g(xm)) / (xp - xm);
      };
      const coarse = central(h);
      const fine = central(h / 2);
      const value = fine + (fine - coarse) / 3;
      if (!Number.isFinite(value)) break;
      const error = Math.abs(fine - coarse) + (16 * Number.EPSILON * Math.max(noise, Math.abs(g(x)))) / h;
      if (error / Math.max(1, Math.abs(value)) < best.error / Math.max(1, Math.abs(best.value))) best = { value, error };
      if (error <= 1e-7 * Math.max(1, Math.abs(value))) return best;
    }
    // Resolved well enough: a later, smaller start only adds round-off.
    if (best.error <= 1e-4 * Math.max(1, Math.abs(best.value))) return best;
  }
  return best.error === Infinity ? { value: NaN, error: NaN } : best;
}

/**
 * Difference steps for a value, tried in turn: ε^{1/3}·max(1, |z|), robust for
 * values near 0, then ε^{1/3}·|z| for a small |z| whose first step would leave
 * the domain (log at 1e-7).
 */
const stepsFor = (v: number): number[] => {
  const a = Math.abs(v);
  return a > 0 && a < 1 ? [FD_STEP, FD_STEP * a] : [FD_STEP * Math.max(1, a)];
};

export interface CheckOptions {
  readonly seed?: number;
  readonly allLimit?: number;
}

export function check(der: Derivation, compiled: Compiled, point: PointChoice, options: CheckOptions = {}): CheckReport {
  const { graph } = der;
  const { m, d } = graph;
  const z = point.z;
  const mu = reverseSweep(der, compiled, z);
  const base = { method: methodText(), tolerance: `complex step ${describe(COMPLEX_STEP)}, central differences ${describe(CENTRAL_DIFFERENCE)} + 4×(their error estimate), where s is the largest of 1, |z_m|/max(1, |z_j|) and the terms |μ_i·∂z_i/∂z_j| that sum to μ_j` };
  if (point.problem) {
    return { ...base, ok: false, coverage: 'all', rows: [], direction: null, kktResidual: NaN, kktOk: false, problem: point.problem, z, mu };
  }
  const limit = options.allLimit ?? CHECK_ALL_LIMIT;
  const rng = mulberry32((options.seed ?? 0) ^ 0x5eed);
  let targets: number[];
  let coverage: CheckReport['coverage'];
  if (m <= limit) {
    targets = Array.from({ length: m }, (_, k) => m - k);
    coverage = 'all';
  } else {
    const picked = new Set<number>([m]);
    for (let k = 1; k <= Math.min(d, SAMPLE_SIZE / 4); k++) picked.add(k);
    while (picked.size < Math.min(SAMPLE_SIZE, m)) picked.add(1 + Math.floor(rng() * m));
    targets = [...picked].sort((a, b) => b - a);
    coverage = { sampled: targets.length, of: m };
  }
  const quick = coverage !== 'all';
  const scratch = new Float64Array(z);
  const re = new Float64Array(z);
  const im = new Float64Array(m + 1);
  const complex = compiled.complex();
  const mark = new Uint8Array(m + 1);
  const rows: CheckRow[] = targets.map((j) => {
    const desc = descendants(der, j, mark);
    const scale = Math.max(1, Math.abs(z[m]!) / Math.max(1, Math.abs(z[j]!)));
    // Central differences: perturb z_j, recompute only its descendants; Richardson over h and h/2.
    const run = (v: number): number => {
      scratch[j] = v;
      for (const i of desc) scratch[i] = compiled.f[i]!(scratch);
      return j === m ? v : scratch[m]!;
    };
    let noise = Math.abs(z[m]!);
    for (const i of desc) noise = Math.max(noise, Math.abs(z[i]!));
    // A node that leads nowhere has ∂f/∂z_j = 0 exactly, whatever its value (even one outside its domain).
    const dead = j !== m && der.graph.nodes[j]!.beta.length === 0;
    // Beyond CHECK_ALL_LIMIT (a sample), a plain central difference that agrees is enough; the full search decides otherwise.
    const { value: numeric, error: fdError } = dead ? { value: 0, error: 0 } : quick ? quickDerivative(run, z[j]!, noise, (v, e) => agreesWith(mu[j]!, v, e, scale)) : derivative(run, z[j]!, noise);
    scratch[j] = z[j]!;
    for (const i of desc) scratch[i] = z[i]!;
    // Complex step: Im f(z_j + i·h)/h.
    // No subtraction in the complex step, so h may be as small as we like: scale it down for small |z_j|, never up.
    const hc = Math.max(1e-290, CS_STEP * Math.min(1, Math.abs(z[j]!) || 1));
    im[j] = hc;
    for (const i of desc) {
      const v = complex[i]!(re, im);
      re[i] = v.re;
      im[i] = v.im;
    }
    const complexStep = (j === m ? hc : im[m]!) / hc;
    // Round-off in μ_j and in both estimates grows with the largest term μ_i·∂z_i/∂z_j that flows into it.
    let terms = Math.abs(mu[j]!);
    // A node with no complex continuation (erf) leaves NaN downstream: those terms are not known this way.
    for (const i of desc) { const t = Math.abs((mu[i]! * im[i]!) / hc); if (Number.isFinite(t)) terms = Math.max(terms, t); }
    const tolScale = Math.max(scale, terms);
    im[j] = 0;
    for (const i of desc) { re[i] = z[i]!; im[i] = 0; }
    const muj = mu[j]!;
    const absError = Math.abs(muj - numeric);
    const denom = Math.max(Math.abs(muj), Math.abs(numeric));
    const relError = denom === 0 ? 0 : absError / denom;
    // Differences are trusted within their own error estimate; the complex step is nearly exact.
    // Either may be unavailable (NaN: a difference stepping out of a domain), never both.
    const fdOk = agreesWith(muj, numeric, fdError, tolScale);
    const csOk = Number.isFinite(complexStep) && close(muj, complexStep, COMPLEX_STEP, tolScale);
    // The complex step has no subtractive cancellation and is independent of the symbolic partials, so it
    // decides; differences must agree too where the complex step is unavailable. Where they disagree with
    // an agreeing complex step (sin at 1e22, a pole next to the point), the row says so.
    const ok = dead ? muj === 0 : Number.isFinite(complexStep) ? csOk : fdOk;
    const decidedBy: CheckRow['decidedBy'] = !Number.isFinite(complexStep) ? 'differences' : fdOk ? 'both' : 'complex-step';
    return { node: j, mu: muj, numeric, complexStep, absError, relError, ok, decidedBy };
  });
  const direction = coverage === 'all' ? null : directionTest(der, compiled, z, mu, rng);
  const kktResidual = kktResidualMax(der, compiled, z, mu, quick);
  const kktOk = kktResidual <= KKT_TOLERANCE;
  const ok = rows.every((r) => r.ok) && (direction?.ok ?? true) && kktOk;
  return { ...base, ok, coverage, rows, direction, kktResidual, kktOk, problem: null, z, mu };
}

/** Differences agree with μ_j within 4× their error estimate plus the central-difference tolerance at scale s. */
function agreesWith(mu: number, numeric: number, error: number, scale: number): boolean {
  return Number.isFinite(numeric) && Math.abs(mu - numeric) <= 4 * error + CENTRAL_DIFFERENCE.abs * scale + CENTRAL_DIFFERENCE.rel * Math.max(Math.abs(mu), Math.abs(numeric));
}

/**
 * g'(x) by one plain central difference (two evaluations, error estimated as
 * its round-off) when `accept` takes it; otherwise the full Richardson search
 * of `derivative`. A sampled check's cost is then about two evaluations per
 * entry where the derivation is right.
 */
export function quickDerivative(g: (x: number) => number, x: number, noise: number, accept: (value: number, error: number) => boolean): { value: number; error: number } {
  const h = FD_STEP * Math.max(1, Math.abs(x));
  const xp = x + h;
  const xm = x - h;
  const value = (g(xp) - g(xm)) / (xp - xm);
  const error = (16 * Number.EPSILON * Math.max(1, noise)) / h;
  if (Number.isFinite(value) && accept(value, error)) return { value, error };
  return derivative(g, x, noise);
}

function methodText(): string {
  return 'μ from the derived backward equations, against ∂f/∂z_j by the complex step (h = 1e-20·min(1, |z_j|)), which decides, and by central differences (h = ε^{1/3}·max(1, |z_j|), shrunk while that helps, with h/2 and Richardson extrapolation, recomputing only the descendants of j), which must agree too where the complex step is unavailable';
}

/** Descendants of j in topological (ascending) order: one scan of the nodes after j, O(V + E). */
function descendants(der: Derivation, j: number, mark: Uint8Array): number[] {
  const { nodes, m } = der.graph;
  mark.fill(0);
  mark[j] = 1;
  const out: number[] = [];
  for (let i = j + 1; i <= m; i++) {
    const node = nodes[i]!;
    // A node that leads nowhere (in a list's output view, one that does not feed this output) changes nothing.
    if (i !== m && node.beta.length === 0) continue;
    for (const k of node.alpha) {
      if (mark[k]) {
        mark[i] = 1;
        out.push(i);
        break;
      }
    }
  }
  return out;
}

/** ⟨v, μ⟩ against d z_m/dt when every node is perturbed, z_i = f_i(…) + t·v_i (inputs: θ_k + t·v_k). */
function directionTest(der: Derivation, compiled: Compiled, z: Float64Array, mu: Float64Array, rng: () => number): DirectionTest {
  const { m, d } = der.graph;
  const v = new Float64Array(m + 1);
  let predicted = 0;
  let magnitude = 0;
  for (let j = 1; j <= m; j++) {
    v[j] = (2 * rng() - 1) * Math.max(1, Math.abs(z[j]!));
    predicted += v[j]! * mu[j]!;
    magnitude += Math.abs(v[j]! * mu[j]!);
  }
  const run = (s: number): number => {
    const w = new Float64Array(m + 1);
    for (let k = 1; k <= d; k++) w[k] = z[k]! + s * v[k]!;
    for (let i = d + 1; i <= m; i++) w[i] = compiled.f[i]!(w) + s * v[i]!;
    return w[m]!;
  };
  const allowance = 1e-6 * Math.max(1, magnitude, Math.abs(z[m]!));
  const { value: measured, error } = quickDerivative(run, 0, Math.abs(z[m]!), (v, e) => Math.abs(v - predicted) <= 8 * e + allowance);
  const ok = Math.abs(measured - predicted) <= 8 * error + allowance;
  return { predicted, measured, ok };
}

/**
 * max_j |∂L/∂z_j| for j = d+1..m, where L(z, μ) = z_m − Σ μ_i (z_i − f_i), by
 * central differences of f_i in z_j (independent of the symbolic partials).
 * Each j costs O(|β(j)|), so the whole is O(V + E). `quick` (a sampled
 * check): one plain central difference per edge, two evaluations of f_i, and
 * the full Richardson search only for a node whose residual it leaves.
 */
export function kktResidualMax(der: Derivation, compiled: Compiled, z: Float64Array, mu: Float64Array, quick = false): number {
  const { nodes, m, d } = der.graph;
  const w = new Float64Array(z);
  let worst = 0;
  const residualAt = (j: number, full: boolean): number => {
    let g = (j === m ? 1 : 0) - mu[j]!;
    let uncertainty = 0;
    for (const i of nodes[j]!.beta) {
      const f = (v: number): number => {
        w[j] = v;
        return compiled.f[i]!(w);
      };
      let partial: { value: number; error: number };
      if (full) partial = derivative(f, z[j]!);
      else {
        // One plain central difference, its error estimated as round-off plus an h² term; where that is too
        // optimistic (a large third derivative) a residual shows, and the full search below decides.
        const h = FD_STEP * Math.max(1, Math.abs(z[j]!));
        const value = (f(z[j]! + h) - f(z[j]! - h)) / (2 * h);
        // (h is ε^{1/3}·max(1, |z_j|), so the h² term is relative: ε^{2/3}·|∂f_i/∂z_j|.)
        partial = { value, error: (16 * Number.EPSILON * Math.max(1, Math.abs(z[i]!))) / h + FD_STEP * FD_STEP * Math.max(1, Math.abs(value)) };
      }
      w[j] = z[j]!;
      g += mu[i]! * partial.value;
      uncertainty += Math.abs(mu[i]!) * partial.error;
    }
    // What the differences cannot resolve is not counted as a residual.
    return Math.max(0, Math.abs(g) - 8 * uncertainty) / Math.max(1, Math.abs(mu[j]!));
  };
  for (let j = d + 1; j <= m; j++) {
    let r = residualAt(j, !quick);
    // Quick differences that leave a residual, or are not finite, are searched in full before it counts.
    if (quick && !(r <= KKT_TOLERANCE)) r = residualAt(j, true);
    worst = Math.max(worst, r);
  }
  return worst;
}
