// The numeric check of an expression (μ_j = ∂f/∂z_j, Theorem 15.1): the one
// check of entries (entries.ts) over the graph's compiled tape, every node
// z_j a variable of one entry. Moving z_j recomputes only j's descendants in
// one flat scratch array; the complex step runs the tape in complex arithmetic
// the same way; a KKT term is ∂f_i/∂z_j of one f_i. Beyond CHECK_ALL_LIMIT nodes,
// the sample always holds the output and the inputs, and one random-direction
// test moves every node at once (z_i = f_i + t·v_i), so the check stays O(V + E).
import type { Derivation } from '../derive/derive.js';
import type { Complex } from '../ir/types.js';
import { c } from '../ops/complex.js';
import { checkEntries, kktResidualMax, KKT_TOLERANCE, type DirectionProbe, type EntryProbe, type EntrySubject, type EntryVerdict, type KktSubject } from './entries.js';
import type { Compiled, NodeProblem, PointChoice } from './numeric.js';
import { reverseSweep } from './numeric.js';
import { mulberry32 } from './rng.js';
import { CENTRAL_DIFFERENCE, COMPLEX_STEP, describe } from './tolerance.js';

export { KKT_TOLERANCE } from './entries.js';

/** An entry's verdict as an expression's report names it: by its node, with the derived μ_j. */
export interface CheckRow extends Omit<EntryVerdict, 'variable' | 'index' | 'derived'> {
  readonly node: number;
  /** μ_j from the derived equations (for an input, ∂f/∂θ_k). */
  readonly mu: number;
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
/** Of a sample, the inputs always checked (up to this many). */
const SAMPLED_INPUTS = 16;

export interface CheckOptions {
  readonly seed?: number;
  readonly allLimit?: number;
}

export function check(der: Derivation, compiled: Compiled, point: PointChoice, options: CheckOptions = {}): CheckReport {
  const { m, d } = der.graph;
  const z = point.z;
  const mu = reverseSweep(der, compiled, z);
  const base = { method: methodText(), tolerance: `complex step ${describe(COMPLEX_STEP)}, central differences ${describe(CENTRAL_DIFFERENCE)} + 4×(their error estimate), where s is the largest of 1, |z_m|/max(1, |z_j|) and the terms |μ_i·∂z_i/∂z_j| that sum to μ_j` };
  if (point.problem) {
    return { ...base, ok: false, coverage: 'all', rows: [], direction: null, kktResidual: NaN, kktOk: false, problem: point.problem, z, mu };
  }
  const rng = mulberry32((options.seed ?? 0) ^ 0x5eed);
  // Variable v is node m − v: the output first, the inputs last.
  const required = [0];
  for (let k = 1; k <= Math.min(d, SAMPLED_INPUTS); k++) required.push(m - k);
  const entries = checkEntries(nodeEvaluator(der, compiled, z, mu), { limit: options.allLimit ?? CHECK_ALL_LIMIT, affordable: true, required, refineLimit: Infinity }, rng);
  const rows: CheckRow[] = entries.rows.map((r) => ({ node: m - r.variable, mu: r.derived, numeric: r.numeric, complexStep: r.complexStep, absError: r.absError, relError: r.relError, ok: r.ok, decidedBy: r.decidedBy }));
  const coverage: CheckReport['coverage'] = entries.all ? 'all' : { sampled: entries.variables, of: m };
  const d0 = entries.directions[0];
  const direction = d0 ? { predicted: d0.predicted, measured: d0.measured, ok: d0.ok } : null;
  const kktResidual = kktResidualMax(kktOfNodes(der, compiled, z, mu), !entries.all);
  const kktOk = kktResidual <= KKT_TOLERANCE;
  const ok = rows.every((r) => r.ok) && (direction?.ok ?? true) && kktOk;
  return { ...base, ok, coverage, rows, direction, kktResidual, kktOk, problem: null, z, mu };
}

function methodText(): string {
  return 'μ from the derived backward equations, against ∂f/∂z_j by the complex step (h = 1e-20·min(1, |z_j|)), which decides, and by central differences (h = ε^{1/3}·max(1, |z_j|), shrunk while that helps, with h/2 and Richardson extrapolation, recomputing only the descendants of j), which must agree too where the complex step is unavailable';
}

/** The flat evaluator: node m − v is variable v, of one entry; no array per node. */
function nodeEvaluator(der: Derivation, compiled: Compiled, z: Float64Array, mu: Float64Array): EntrySubject {
  const { m, d } = der.graph;
  const alpha = adjacency(der, 'alpha');
  const beta = adjacency(der, 'beta');
  const scratch = new Float64Array(z);
  // f_i at the point's own values of its arguments (z_i, when z is the forward pass): what a move that does
  // not reach i gives it again. Built on the first move.
  let still: Float64Array | undefined;
  // Complex values z_i + 0·i, built on the first complex step; a step moves z_j and its descendants, then puts them back.
  let base: Complex[] | undefined;
  let moved: Complex[] | undefined;
  const mark = new Uint8Array(m + 1);
  const buffer = new Int32Array(m);
  /** Whether an argument of f_i has moved from the point (bit for bit: −0 is a move, NaN to NaN is not). */
  const moves = (i: number): boolean => {
    for (let e = alpha.first[i]!, end = alpha.first[i + 1]!; e < end; e++) {
      const k = alpha.list[e]!;
      if (!Object.is(scratch[k], z[k])) return true;
    }
    return false;
  };
  return {
    variables: m,
    size: () => 1,
    probe(v: number): EntryProbe {
      const j = m - v;
      const desc = descendants(beta, j, m, mark, buffer);
      let noise = Math.abs(z[m]!);
      for (let n = 0; n < desc.length; n++) noise = Math.max(noise, Math.abs(z[desc[n]!]!));
      return {
        x: z[j]!,
        derived: mu[j]!,
        // Perturb z_j, recompute its descendants. One whose arguments did not move (the move died out in
        // round-off on the way) gets f_i of the same numbers again, computed once: the same value, bit for bit.
        at: (t) => {
          if (still === undefined) {
            still = new Float64Array(z);
            for (let i = d + 1; i <= m; i++) still[i] = compiled.f(i, z);
          }
          scratch[j] = t;
          for (let n = 0; n < desc.length; n++) {
            const i = desc[n]!;
            scratch[i] = moves(i) ? compiled.f(i, scratch) : still[i]!;
          }
          return j === m ? t : scratch[m]!;
        },
        noise,
        scale: Math.max(1, Math.abs(z[m]!) / Math.max(1, Math.abs(z[j]!))),
        // A node that leads nowhere has ∂f/∂z_j = 0 exactly.
        dead: j !== m && der.graph.nodes[j]!.beta.length === 0,
        complexStep(h) {
          base ??= Array.from(z, (x) => c(x));
          const cz = (moved ??= base.slice());
          cz[j] = c(z[j]!, h);
          // Round-off in μ_j grows with the largest term μ_i·∂z_i/∂z_j that flows into it; a node with no
          // continuation (erf) leaves NaN downstream: those terms are not known this way.
          let terms = Math.abs(mu[j]!);
          for (let n = 0; n < desc.length; n++) {
            const i = desc[n]!;
            const zi = (cz[i] = compiled.complex(i, cz));
            const t = Math.abs((mu[i]! * zi.im) / h);
            if (Number.isFinite(t)) terms = Math.max(terms, t);
          }
          const value = (j === m ? h : cz[m]!.im) / h;
          cz[j] = base[j]!;
          for (let n = 0; n < desc.length; n++) cz[desc[n]!] = base[desc[n]!]!;
          return { value, terms };
        },
        release() {
          scratch[j] = z[j]!;
          for (let n = 0; n < desc.length; n++) scratch[desc[n]!] = z[desc[n]!]!;
        },
      };
    },
    // One test over every node at once: z_i = f_i(…) + t·v_i (inputs θ_k + t·v_k), d z_m/dt = Σ v_j μ_j.
    directions(_checked, rng): DirectionProbe[] {
      const dir = new Float64Array(m + 1);
      let predicted = 0;
      let magnitude = 0;
      for (let j = 1; j <= m; j++) {
        dir[j] = (2 * rng() - 1) * Math.max(1, Math.abs(z[j]!));
        predicted += dir[j]! * mu[j]!;
        magnitude += Math.abs(dir[j]! * mu[j]!);
      }
      const w = new Float64Array(m + 1);
      const run = (s: number): number => {
        for (let k = 1; k <= d; k++) w[k] = z[k]! + s * dir[k]!;
        for (let i = d + 1; i <= m; i++) w[i] = compiled.f(i, w) + s * dir[i]!;
        return w[m]!;
      };
      return [{ variable: -1, run, predicted, magnitude, noise: Math.abs(z[m]!) }];
    },
  };
}

/** α(i) or β(i) of every node in one flat array: node i's are list[first[i]] … list[first[i + 1] − 1]. */
interface Adjacency {
  readonly first: Int32Array;
  readonly list: Int32Array;
}

function adjacency(der: Derivation, side: 'alpha' | 'beta'): Adjacency {
  const { nodes, m } = der.graph;
  const first = new Int32Array(m + 2);
  for (let i = 1; i <= m; i++) first[i + 1] = first[i]! + nodes[i]![side].length;
  const list = new Int32Array(first[m + 1]!);
  for (let i = 1; i <= m; i++) {
    const ks = nodes[i]![side];
    for (let e = 0, at = first[i]!; e < ks.length; e++) list[at + e] = ks[e]!;
  }
  return { first, list };
}

/** Descendants of j in topological (ascending) order: j's readers, theirs, …, marked in one scan of the nodes after j, O(V + E). */
function descendants(beta: Adjacency, j: number, m: number, mark: Uint8Array, buffer: Int32Array): Int32Array {
  const { first, list } = beta;
  mark.fill(0, j);
  mark[j] = 1;
  let count = 0;
  for (let i = j; i <= m; i++) {
    if (mark[i] === 0) continue;
    if (i !== j) {
      // A node that leads nowhere (in a list's output view, one that does not feed this output) changes nothing.
      if (i !== m && first[i + 1] === first[i]) continue;
      buffer[count++] = i;
    }
    for (let e = first[i]!, end = first[i + 1]!; e < end; e++) mark[list[e]!] = 1;
  }
  return buffer.slice(0, count);
}

/** L(z, μ) = z_m − Σ μ_i (z_i − f_i) at nodes d+1…m (variable v is node d+1+v): a reader is one f_i in z_j. */
function kktOfNodes(der: Derivation, compiled: Compiled, z: Float64Array, mu: Float64Array): KktSubject {
  const { nodes, m, d } = der.graph;
  const w = new Float64Array(z);
  return {
    variables: m - d,
    own: (v) => (d + 1 + v === m ? 1 : 0) - mu[d + 1 + v]!,
    readers(v, reader) {
      const j = d + 1 + v;
      const f = (i: number) => (x: number): number => {
        w[j] = x;
        return compiled.f(i, w);
      };
      for (const i of nodes[j]!.beta) {
        reader(f(i), z[j]!, mu[i]!, Math.max(1, Math.abs(z[i]!)));
        w[j] = z[j]!;
      }
      return Math.max(1, Math.abs(mu[j]!));
    },
  };
}
