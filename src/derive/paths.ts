// Path sums (note 004): ∂f/∂θ_k is the sum, over every path θ_k = z_k → … → z_m
// in the computation graph, of the product of the edge partials ∂f_i/∂z_j
// along it. The μ recursion computes the same sum in O(V + E) by sharing the
// common suffixes; the paths themselves multiply with depth (m^L for L layers
// of width m). This module lists the paths while they are few and otherwise
// only counts them, by dynamic programming over the graph:
// count(m) = 1, count(j) = Σ_{i∈β(j)} count(i), one addition per edge.
// Pure data; values come in through `partialValue` (the caller compiles the
// partials, src/verify/evaluate.ts), since derive/ imports model/ and ir/ only.
import type { NodeId } from '../ir/types.js';
import type { Derivation, EdgeTerm } from './derive.js';

/** How many paths are listed before only their number is given. */
export interface PathLimits {
  /** Paths listed per input at most; an input with more is counted only. */
  readonly perInput: number;
  /** Rows listed over all inputs at most; once used up, later inputs are counted only. */
  readonly rows: number;
  /** Edges on a listed path at most; an input whose longest path is longer is counted only. */
  readonly length: number;
}

export const PATH_LIMITS: PathLimits = { perInput: 64, rows: 256, length: 32 };

/** One path z_k → … → z_m, its edge partials and their product at the point. */
export interface PathRow {
  /** Node indices, from the input k to the output m. */
  readonly nodes: readonly number[];
  /** ∂f_{nodes[t+1]}/∂z_{nodes[t]}, one per edge, in path order. */
  readonly partials: readonly NodeId[];
  /** The partials' values at the point. */
  readonly factors: readonly number[];
  /** Their product. */
  readonly value: number;
}

/** Why an input's paths are not listed. */
export type Unlisted =
  /** More than `perInput` paths. */
  | 'many'
  /** A path longer than `length` edges. */
  | 'long'
  /** The `rows` bound was used up by earlier inputs. */
  | 'rows';

export interface InputPaths {
  /** The input's node index k. */
  readonly node: number;
  readonly name: string;
  /** The number of paths from z_k to z_m (exact). */
  readonly count: bigint;
  /** Edges on the longest of them (0 when there is none). */
  readonly longest: number;
  /** Every path, in order (consumers ascending at each step); null when not listed. */
  readonly rows: readonly PathRow[] | null;
  readonly unlisted: Unlisted | null;
  /** Σ of the rows' values; null when not listed. */
  readonly sum: number | null;
  /** μ_k = ∂f/∂θ_k from the recursion. */
  readonly recursion: number;
}

export interface PathSums {
  readonly inputs: readonly InputPaths[];
  /** V: nodes of the graph. */
  readonly nodes: number;
  /** E: edges of the graph, Σ_i |α(i)|. */
  readonly edges: number;
  readonly limits: PathLimits;
}

/**
 * count[j] = the number of paths from z_j to the output z_m, by
 * count(j) = Σ_{i∈β(j)} count(i) in reverse topological order: one BigInt
 * addition per edge, so O(V + E) additions (exact at any size).
 */
export function countPaths(der: Derivation): bigint[] {
  const { nodes, m } = der.graph;
  const count: bigint[] = new Array<bigint>(m + 1).fill(0n);
  count[m] = 1n;
  for (let j = m - 1; j >= 1; j--) {
    let c = 0n;
    for (const i of nodes[j]!.beta) c += count[i]!;
    count[j] = c;
  }
  return count;
}

/** longest[j] = edges on the longest path from z_j to z_m, −1 when none reaches it; O(V + E). */
export function longestPaths(der: Derivation): Int32Array {
  const { nodes, m } = der.graph;
  const longest = new Int32Array(m + 1).fill(-1);
  longest[m] = 0;
  for (let j = m - 1; j >= 1; j--) {
    let best = -1;
    for (const i of nodes[j]!.beta) if (longest[i]! >= 0 && longest[i]! + 1 > best) best = longest[i]! + 1;
    longest[j] = best;
  }
  return longest;
}

/** V and E of the graph. */
export function graphSize(der: Derivation): { nodes: number; edges: number } {
  let edges = 0;
  for (const node of der.graph.nodes) if (node.kind === 'op') edges += node.alpha.length;
  return { nodes: der.graph.m, edges };
}

/** The values the path products need: the point's z, the recursion's μ, and a partial's value at the point. */
export interface PathValues {
  readonly z: Float64Array;
  readonly mu: Float64Array;
  /** The value of an edge partial ∂f_i/∂z_j (an IR node over z's) at the point. */
  partialValue(partial: NodeId): number;
}

/**
 * The path sums of every input: each path listed with its partials and product
 * while the limits allow, else only counted. Counting is linear in V + E; the
 * listing costs at most `limits.rows × limits.length` factors.
 */
export function pathSums(der: Derivation, values: PathValues, limits: PathLimits = PATH_LIMITS): PathSums {
  const { graph } = der;
  const { nodes, d, m } = graph;
  const count = countPaths(der);
  const longest = longestPaths(der);
  // The edge partial ∂f_i/∂z_j is the `partial` of the term from i in node j's equation (backward or gradient).
  const stepTerms: (readonly EdgeTerm[] | undefined)[] = new Array(m + 1);
  for (const s of der.backward) if (s.rule === 'kkt.z') stepTerms[s.node] = s.terms;
  for (const s of der.gradient) stepTerms[s.node] = s.terms;
  const byNode = new Map<number, Map<number, NodeId>>();
  const partialOfEdge = (j: number, i: number): NodeId => {
    let terms = byNode.get(j);
    if (!terms) {
      terms = new Map();
      for (const t of stepTerms[j] ?? []) {
        const p = t.partial;
        if (p === null) throw new Error(`lagrad: path sums need scalar edge partials; the edge z_${j} → z_${t.from} has none`);
        terms.set(t.from, p);
      }
      byNode.set(j, terms);
    }
    const p = terms.get(i);
    if (p === undefined) throw new Error(`lagrad: no edge partial for z_${j} → z_${i}`);
    return p;
  };
  const valueMemo = new Map<NodeId, number>();
  const valueOf = (p: NodeId): number => {
    let v = valueMemo.get(p);
    if (v === undefined) {
      v = values.partialValue(p);
      valueMemo.set(p, v);
    }
    return v;
  };

  let rowsLeft = limits.rows;
  const inputs: InputPaths[] = [];
  for (let k = 1; k <= d; k++) {
    const c = count[k]!;
    const long = Math.max(0, longest[k]!);
    let unlisted: Unlisted | null = null;
    if (c > BigInt(limits.perInput)) unlisted = 'many';
    else if (long > limits.length) unlisted = 'long';
    else if (c > BigInt(rowsLeft)) unlisted = 'rows';
    let rows: PathRow[] | null = null;
    let sum: number | null = null;
    if (unlisted === null) {
      rows = enumerate(der, k, count).map((path) => {
        const partials: NodeId[] = [];
        for (let t = 0; t + 1 < path.length; t++) partials.push(partialOfEdge(path[t]!, path[t + 1]!));
        const factors = partials.map(valueOf);
        return { nodes: path, partials, factors, value: factors.reduce((p, f) => p * f, 1) };
      });
      rowsLeft -= rows.length;
      sum = rows.reduce((s, r) => s + r.value, 0);
    }
    inputs.push({ node: k, name: nodes[k]!.name!, count: c, longest: long, rows, unlisted, sum, recursion: values.mu[k]! });
  }
  return { inputs, ...graphSize(der), limits };
}

/** Every path from z_k to z_m, depth first with consumers ascending; only called when there are few. */
function enumerate(der: Derivation, k: number, count: readonly bigint[]): number[][] {
  const { nodes, m } = der.graph;
  const out: number[][] = [];
  if (count[k] === 0n) return out;
  const path: number[] = [k];
  // next[t]: the index in β(path[t]) of the consumer to try next.
  const next: number[] = [0];
  while (path.length > 0) {
    const top = path[path.length - 1]!;
    if (top === m) {
      out.push([...path]);
      path.pop();
      next.pop();
      continue;
    }
    const beta = nodes[top]!.beta;
    const t = next.length - 1;
    // Consumers with no path to the output (none in an expression's graph, but cheap to skip) are passed over.
    while (next[t]! < beta.length && count[beta[next[t]!]!] === 0n) next[t]!++;
    if (next[t]! >= beta.length) {
      path.pop();
      next.pop();
      continue;
    }
    const i = beta[next[t]!]!;
    next[t]!++;
    path.push(i);
    next.push(0);
  }
  return out;
}

/** count ≤ 2^53: exactly a JavaScript number. */
export const EXACT_COUNT = 2n ** 53n;

/** k when count = 2^k (k ≥ 1), else null. */
export function powerOfTwo(count: bigint): number | null {
  if (count < 2n || (count & (count - 1n)) !== 0n) return null;
  return count.toString(2).length - 1;
}
