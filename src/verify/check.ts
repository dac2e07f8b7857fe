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
  /** max_j |∂L/∂z_j| at the computed μ, by central differences of L. */
  readonly kktResidual: number;
  readonly kktOk: boolean;
  readonly problem: NodeProblem | null;
  readonly z: Float64Array;
  readonly mu: Float64Array;
}

/** Every node is checked up to this many; beyond, a sample and a direction test. */
export const CHECK_ALL_LIMIT = 1000;
const SAMPLE_SIZE = 64;
const CS_STEP = 1e-20;
const FD_STEP = Math.cbrt(Number.EPSILON);

export interface CheckOptions {
  readonly seed?: number;
  readonly allLimit?: number;
}

export function check(der: Derivation, compiled: Compiled, point: PointChoice, options: CheckOptions = {}): CheckReport {
  const { graph } = der;
  const { m, d } = graph;
  const z = point.z;
  const mu = reverseSweep(der, compiled, z);
  const base = { method: methodText(), tolerance: `central differences ${describe(CENTRAL_DIFFERENCE)}, complex step ${describe(COMPLEX_STEP)}, where s = max(1, |z_m|/max(1, |z_j|))` };
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
    while (picked.size < SAMPLE_SIZE) picked.add(1 + Math.floor(rng() * m));
    targets = [...picked].sort((a, b) => b - a);
    coverage = { sampled: targets.length, of: m };
  }
  const scratch = new Float64Array(z);
  const re = new Float64Array(z);
  const im = new Float64Array(m + 1);
  const complex = compiled.complex();
  const mark = new Uint8Array(m + 1);
  const rows: CheckRow[] = targets.map((j) => {
    const desc = descendants(der, j, mark);
    const scale = Math.max(1, Math.abs(z[m]!) / Math.max(1, Math.abs(z[j]!)));
    // Central difference: perturb z_j, recompute only its descendants.
    const h = FD_STEP * Math.max(1, Math.abs(z[j]!));
    const run = (v: number): number => {
      scratch[j] = v;
      for (const i of desc) scratch[i] = compiled.f[i]!(scratch);
      return j === m ? v : scratch[m]!;
    };
    const xp = z[j]! + h;
    const xm = z[j]! - h;
    const numeric = (run(xp) - run(xm)) / (xp - xm);
    scratch[j] = z[j]!;
    for (const i of desc) scratch[i] = z[i]!;
    // Complex step: Im f(z_j + i·h)/h.
    const hc = CS_STEP * Math.max(1, Math.abs(z[j]!));
    im[j] = hc;
    for (const i of desc) {
      const v = complex[i]!(re, im);
      re[i] = v.re;
      im[i] = v.im;
    }
    const complexStep = (j === m ? hc : im[m]!) / hc;
    im[j] = 0;
    for (const i of desc) { re[i] = z[i]!; im[i] = 0; }
    const muj = mu[j]!;
    const absError = Math.abs(muj - numeric);
    const denom = Math.max(Math.abs(muj), Math.abs(numeric));
    const relError = denom === 0 ? 0 : absError / denom;
    const ok = close(muj, numeric, CENTRAL_DIFFERENCE, scale) && (!Number.isFinite(complexStep) || close(muj, complexStep, COMPLEX_STEP, scale));
    return { node: j, mu: muj, numeric, complexStep, absError, relError, ok };
  });
  const direction = coverage === 'all' ? null : directionTest(der, compiled, z, mu, rng);
  const kktResidual = kktResidualMax(der, compiled, z, mu);
  const kktOk = kktResidual <= 1e-5 * Math.max(1, ...rowsScale(mu));
  const ok = rows.every((r) => r.ok) && (direction?.ok ?? true) && kktOk;
  return { ...base, ok, coverage, rows, direction, kktResidual, kktOk, problem: null, z, mu };
}

function rowsScale(mu: Float64Array): number[] {
  let max = 0;
  for (const v of mu) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return [max];
}

function methodText(): string {
  return 'μ from the derived backward equations, against ∂f/∂z_j by central differences (h = ε^{1/3}·max(1, |z_j|), recomputing only the descendants of j) and by the complex step (h = 1e-20)';
}

/** Descendants of j in topological (ascending) order: one scan of the nodes after j, O(V + E). */
function descendants(der: Derivation, j: number, mark: Uint8Array): number[] {
  const { nodes, m } = der.graph;
  mark.fill(0);
  mark[j] = 1;
  const out: number[] = [];
  for (let i = j + 1; i <= m; i++) {
    const node = nodes[i]!;
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
  const t = FD_STEP;
  const run = (s: number): number => {
    const w = new Float64Array(m + 1);
    for (let k = 1; k <= d; k++) w[k] = z[k]! + s * v[k]!;
    for (let i = d + 1; i <= m; i++) w[i] = compiled.f[i]!(w) + s * v[i]!;
    return w[m]!;
  };
  const measured = (run(t) - run(-t)) / (2 * t);
  const ok = Math.abs(measured - predicted) <= 1e-5 * Math.max(1, magnitude, Math.abs(z[m]!));
  return { predicted, measured, ok };
}

/**
 * max_j |∂L/∂z_j| for j = d+1..m, where L(z, μ) = z_m − Σ μ_i (z_i − f_i), by
 * central differences of f_i in z_j (independent of the symbolic partials).
 * Each j costs O(|β(j)|), so the whole is O(V + E).
 */
export function kktResidualMax(der: Derivation, compiled: Compiled, z: Float64Array, mu: Float64Array): number {
  const { nodes, m, d } = der.graph;
  const w = new Float64Array(z);
  let worst = 0;
  for (let j = d + 1; j <= m; j++) {
    const h = FD_STEP * Math.max(1, Math.abs(z[j]!));
    let g = (j === m ? 1 : 0) - mu[j]!;
    for (const i of nodes[j]!.beta) {
      w[j] = z[j]! + h;
      const fp = compiled.f[i]!(w);
      w[j] = z[j]! - h;
      const fm = compiled.f[i]!(w);
      w[j] = z[j]!;
      g += (mu[i]! * (fp - fm)) / (2 * h);
    }
    worst = Math.max(worst, Math.abs(g) / Math.max(1, Math.abs(mu[j]!)));
  }
  return worst;
}
