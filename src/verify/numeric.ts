// The derivation at a point: forward values z, multipliers μ by one reverse
// sweep of the derived equations (O(V + E)), and the choice of a point inside
// every op's domain.
import { argumentPosition, partialOf, type Derivation } from '../derive/derive.js';
import type { Complex } from '../ir/types.js';
import { bind, type DomainProblem, type SymbolValues } from './evaluate.js';
import { mulberry32, roundedUniform } from './rng.js';
import { bindComplex, NAN_PROGRAM, runChecked, runComplex, runReal, TapeWriter, ZERO_PROGRAM, type Tape } from './tape.js';

/** A derivation's f_i and ∂f_i/∂z_j, evaluated on one tape (tape.ts) at the symbols' values. */
export interface Compiled {
  /** f_i at z (NaN for an input). */
  f(i: number, z: Float64Array): number;
  /** ∂f_i/∂z_j at z, for the k-th j of α(i). */
  partial(i: number, k: number, z: Float64Array): number;
  /** f_i at complex values z (z[k] is z_k), for the complex step. */
  complex(i: number, z: readonly Complex[]): Complex;
}

/** The programs of every node's f_i (NaN for an input), on one tape. */
function forwardPrograms(der: Derivation, writer: TapeWriter): Int32Array {
  const { nodes, m } = der.graph;
  const f = new Int32Array(m + 1).fill(NAN_PROGRAM);
  for (let i = 1; i <= m; i++) if (nodes[i]!.kind === 'op') f[i] = writer.program(nodes[i]!.f!);
  return f;
}

export function compile(der: Derivation, syms: SymbolValues): Compiled {
  const { graph } = der;
  const { nodes, m } = graph;
  const b = graph.builder;
  const writer = new TapeWriter(b);
  const f = forwardPrograms(der, writer);
  // Edge (i, α(i)[k]) is edges[first[i] + k].
  const first = new Int32Array(m + 2);
  for (let i = 1; i <= m; i++) first[i + 1] = first[i]! + nodes[i]!.alpha.length;
  // An edge no backward equation has (a list's output view: a node that does not lead to the output, μ_i = 0) adds nothing.
  const edges = new Int32Array(first[m + 1]!).fill(ZERO_PROGRAM);
  const at = argumentPosition(graph);
  const record = (j: number, terms: Derivation['gradient'][number]['terms']): void => {
    for (const t of terms) edges[first[t.from]! + at(t.from, j)] = writer.program(partialOf(t));
  };
  for (const s of der.backward) if (s.rule === 'kkt.z') record(s.node, s.terms);
  for (const s of der.gradient) record(s.node, s.terms);
  const tape = writer.finish();
  const r = bind(tape, b, syms);
  let complex: Complex[] | undefined;
  return {
    f: (i, z) => runReal(tape, r, f[i]!, z),
    partial: (i, k, z) => runReal(tape, r, edges[first[i]! + k]!, z),
    complex: (i, z) => runComplex(tape, (complex ??= bindComplex(tape, r)), f[i]!, z),
  };
}

export interface NodeProblem extends DomainProblem {
  /** The node whose f_i is outside its domain or on a kink. */
  readonly node: number;
}

/** Forward values z_1..z_m at the inputs, checking every op's domain. */
export function forwardChecked(der: Derivation, inputs: readonly number[], syms: SymbolValues): { z: Float64Array; problem: NodeProblem | null } {
  const writer = new TapeWriter(der.graph.builder);
  const f = forwardPrograms(der, writer);
  return forwardOn(der, writer.finish(), f, inputs, syms);
}

/** forwardChecked on the tape of the f_i, which does not depend on the symbols' values (a point's tries share it). */
function forwardOn(der: Derivation, tape: Tape, f: Int32Array, inputs: readonly number[], syms: SymbolValues): { z: Float64Array; problem: NodeProblem | null } {
  const { graph } = der;
  const r = bind(tape, graph.builder, syms);
  const z = new Float64Array(graph.m + 1);
  inputs.forEach((v, k) => (z[k + 1] = v));
  let problem: NodeProblem | null = null;
  for (let i = graph.d + 1; i <= graph.m; i++) {
    const node = graph.nodes[i]!;
    const run = runChecked(tape, r, f[i]!, z);
    z[i] = run.value;
    if (run.problem && !problem) problem = { ...run.problem, node: i };
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
    const { alpha } = node;
    for (let k = 0; k < alpha.length; k++) mu[alpha[k]!]! += mi * compiled.partial(i, k, z);
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
  const writer = new TapeWriter(der.graph.builder);
  const f = forwardPrograms(der, writer);
  const tape = writer.finish();
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
      const { z, problem } = forwardOn(der, tape, f, x, values);
      const choice: PointChoice = { inputs: x, values, random: free.length > 0, z, problem };
      if (!problem) return choice;
      first ??= choice;
    }
  }
  return first!;
}
