// The derivation at a point: forward values z, multipliers μ by one reverse
// sweep of the derived equations (O(V + E)), and the choice of a point inside
// every op's domain.
import { partialOf, type Derivation } from '../derive/derive.js';
import {
  compileComplex, compileReal, evaluateChecked, type ComplexFn, type DomainProblem, type RealFn, type SymbolValues,
} from './evaluate.js';
import { mulberry32, roundedUniform } from './rng.js';

export interface Compiled {
  readonly f: readonly RealFn[];
  /** ∂f_i/∂z_j per node i, in α(i) order. */
  readonly partial: readonly (readonly RealFn[])[];
  /** Complex versions of f, built on first use. */
  complex(): readonly ComplexFn[];
}

export function compile(der: Derivation, syms: SymbolValues): Compiled {
  const { graph } = der;
  const b = graph.builder;
  const f: RealFn[] = [];
  const partial: RealFn[][] = [];
  const edgePartials = new Map<number, Map<number, RealFn>>();
  for (const node of graph.nodes) {
    f.push(node.kind === 'op' ? compileReal(b, node.f!, syms) : () => NaN);
    partial.push([]);
    edgePartials.set(node.index, new Map());
  }
  const record = (j: number, terms: Derivation['gradient'][number]['terms']): void => {
    for (const t of terms) edgePartials.get(t.from)!.set(j, compileReal(b, partialOf(t), syms));
  };
  for (const s of der.backward) if (s.rule === 'kkt.z') record(s.node, s.terms);
  for (const s of der.gradient) record(s.node, s.terms);
  // An edge no backward equation has (a list's output view: a node that does not lead to the output, μ_i = 0) adds nothing.
  const none: RealFn = () => 0;
  for (const node of graph.nodes) partial[node.index] = node.alpha.map((j) => edgePartials.get(node.index)!.get(j) ?? none);
  let complex: ComplexFn[] | undefined;
  return {
    f,
    partial,
    complex: () => (complex ??= graph.nodes.map((node) => (node.kind === 'op' ? compileComplex(b, node.f!, syms) : () => ({ re: NaN, im: 0 })))),
  };
}

export interface NodeProblem extends DomainProblem {
  /** The node whose f_i is outside its domain or on a kink. */
  readonly node: number;
}

/** Forward values z_1..z_m at the inputs, checking every op's domain. */
export function forwardChecked(der: Derivation, inputs: readonly number[], syms: SymbolValues): { z: Float64Array; problem: NodeProblem | null } {
  const { graph } = der;
  const z = new Float64Array(graph.m + 1);
  inputs.forEach((v, k) => (z[k + 1] = v));
  let problem: NodeProblem | null = null;
  for (let i = graph.d + 1; i <= graph.m; i++) {
    const node = graph.nodes[i]!;
    const r = evaluateChecked(graph.builder, node.f!, z, syms);
    z[i] = r.value;
    if (r.problem && !problem) problem = { ...r.problem, node: i };
    // Note 003's rule for a type 2 node, ∂z_i/∂z_ℓ = α·z_i/z_ℓ, divides by each factor (model/grouped.ts).
    const zero = node.exponents !== undefined && node.alpha.some((j) => z[j] === 0);
    if (zero && !problem) {
      problem = { kind: 'zero-factor', op: null, why: `note 003's rule for a product of powers, ∂f_i/∂z_ℓ = α_ℓ·z_i/z_ℓ, divides by each factor z_ℓ, so the grouped derivation has no value at this point (the derivative exists: --model default derives it here)`, node: i };
    }
  }
  return { z, problem };
}

/** μ_m = 1 and μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j, in one reverse sweep; for inputs μ_k is ∂f/∂θ_k. */
export function reverseSweep(der: Derivation, compiled: Compiled, z: Float64Array): Float64Array {
  const { nodes, m } = der.graph;
  const mu = new Float64Array(m + 1);
  mu[m] = 1;
  for (let i = m; i >= 1; i--) {
    const node = nodes[i]!;
    if (node.kind !== 'op') continue;
    const mi = mu[i]!;
    const ps = compiled.partial[i]!;
    node.alpha.forEach((j, k) => (mu[j]! += mi * ps[k]!(z)));
  }
  return mu;
}

export interface PointChoice {
  /** Values of the inputs, in input order. */
  readonly inputs: readonly number[];
  /** Values of every symbol, inputs and constants. */
  readonly values: ReadonlyMap<string, number>;
  /** True when some value was drawn at random. */
  readonly random: boolean;
  readonly z: Float64Array;
  readonly problem: NodeProblem | null;
}

/** Ranges tried in turn for random values: positive first, then both signs, then wider. */
const RANGES: readonly [number, number, number][] = [[30, 0.5, 2.5], [60, -3, 3], [60, -10, 10]];

/**
 * The point of the check: the given values, and for every other symbol a
 * seeded random value, redrawn until every op is inside its domain and off
 * its kinks. A fully given point is returned with its problem, if any.
 * Values are rounded to two decimals unless `round` is false.
 */
export function choosePoint(
  der: Derivation,
  given: ReadonlyMap<string, number>,
  seed: number,
  options: {
    readonly round?: boolean;
    /** Start with the k-th range (mod the number of ranges), so successive points cover both signs. */
    readonly firstRange?: number;
  } = {},
): PointChoice {
  const { inputs, constants } = der.graph;
  const names = [...inputs, ...constants];
  const free = names.filter((n) => !given.has(n));
  const rng = mulberry32(seed);
  let first: PointChoice | undefined;
  const start = (options.firstRange ?? 0) % RANGES.length;
  const ranges = [...RANGES.slice(start), ...RANGES.slice(0, start)];
  for (const [tries, lo, hi] of free.length ? ranges : [[1, 0, 0] as const]) {
    for (let t = 0; t < tries; t++) {
      const values = new Map<string, number>();
      for (const n of names) {
        // Rounded values read well in a derivation; a check of claims wants points that are nothing special.
        const v = options.round === false ? lo + (hi - lo) * rng() : roundedUniform(rng, lo, hi);
        values.set(n, given.has(n) ? given.get(n)! : v);
      }
      const x = inputs.map((n) => values.get(n)!);
      const { z, problem } = forwardChecked(der, x, values);
      const choice: PointChoice = { inputs: x, values, random: free.length > 0, z, problem };
      if (!problem) return choice;
      first ??= choice;
    }
  }
  return first!;
}
