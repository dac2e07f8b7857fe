// The point a program is evaluated at: given values, else seeded random ones
// of the declared shapes (widened until every value is finite), and the
// forward pass over the statements. A datum that a named loss takes as its
// label is drawn as that loss's labels (one-hot columns, ±1, 0 or 1), so the
// loss is checked where it is that loss.
import { mulberry32, type Rng } from '../verify/rng.js';
import { evaluate } from './evaluate.js';
import { TOPS, type LabelKind } from '../ir/tensor-ops.js';
import type { Program } from './program.js';
import { tensor, type Shape, type Tensor } from '../ir/shape.js';

export type { LabelKind } from '../ir/tensor-ops.js';

export interface ProgramPoint {
  /** Params and data, in declaration order. */
  readonly inputs: ReadonlyMap<string, Tensor>;
  /** Inputs and every statement's value. */
  readonly values: ReadonlyMap<string, Tensor>;
  readonly given: 'values' | 'random' | 'mixed';
  /** The data drawn at random as labels, in declaration order, and how (given values are never redrawn). */
  readonly labels: ReadonlyMap<string, LabelKind>;
}

/**
 * The data each named loss takes directly as its label (softmax_cross_entropy(S, Y): Y one-hot). A
 * datum that is the label of two losses gets what both accept: one-hot columns are also entries 0 or 1;
 * ±1 and 0/1 together accept nothing, and it is drawn as any other datum. Iterative over the
 * statements' expressions, each node visited once.
 */
export function labelData(program: Program): Map<string, LabelKind> {
  const b = program.builder;
  const data = new Set(program.declarations.filter((d) => d.role === 'data').map((d) => d.name));
  const kinds = new Map<string, LabelKind | null>();
  for (const st of program.statements) {
    for (const id of b.reach(st.root)) {
      const n = b.node(id);
      if (n.kind !== 'op') continue;
      const labels = TOPS[n.op].labels;
      n.args.forEach((a, k) => {
        const want = labels?.[k];
        const arg = b.node(a);
        if (!want || arg.kind !== 'sym' || !data.has(arg.name)) return;
        const had = kinds.get(arg.name);
        kinds.set(arg.name, had === undefined ? want : meet(had, want));
      });
    }
  }
  const out = new Map<string, LabelKind>();
  for (const d of program.declarations) {
    const k = kinds.get(d.name);
    if (k) out.set(d.name, k);
  }
  return out;
}

/** Labels that are both kinds, or null. */
function meet(a: LabelKind | null, b: LabelKind): LabelKind | null {
  if (a === null || a === b) return a;
  if ((a === 'one-hot' && b === 'binary') || (a === 'binary' && b === 'one-hot')) return 'one-hot';
  return null;
}

/**
 * Seeded labels of a shape: a 1 at a random row of each column, random signs ±1, or random 0s and 1s.
 * With room for two classes, both occur (one draw moved if all fell alike), so the check sees both
 * branches of the loss.
 */
export function labelTensor(rng: Rng, s: Shape, kind: LabelKind): Tensor {
  const [rows, cols] = s;
  const t = tensor(rows, cols);
  const pick = (n: number): number => Math.min(n - 1, Math.floor(rng() * n));
  if (kind === 'one-hot') {
    const classes = Array.from({ length: cols }, () => pick(rows));
    if (rows > 1 && cols > 1 && classes.every((c) => c === classes[0])) classes[pick(cols)] = (classes[0]! + 1 + pick(rows - 1)) % rows;
    classes.forEach((c, j) => (t.data[c * cols + j] = 1));
    return t;
  }
  const [no, yes] = kind === 'sign' ? [-1, 1] : [0, 1];
  for (let k = 0; k < t.data.length; k++) t.data[k] = rng() < 0.5 ? no : yes;
  if (t.data.length > 1 && t.data.every((v) => v === t.data[0])) {
    const k = pick(t.data.length);
    t.data[k] = t.data[k] === no ? yes : no;
  }
  return t;
}

const LABEL_WORDS: Readonly<Record<LabelKind, string>> = { 'one-hot': 'one-hot columns', sign: '±1', binary: '0 or 1' };

/** How the labels were drawn, for the line that says where the values come from: "Y one-hot columns, t ±1"; '' for none. */
export function describeLabels(labels: ReadonlyMap<string, LabelKind>): string {
  return [...labels].map(([name, kind]) => `${name} ${LABEL_WORDS[kind]}`).join(', ');
}

export function randomTensor(rng: Rng, s: Shape, lo = -1, hi = 1, decimals = 2): Tensor {
  const t = tensor(s[0], s[1]);
  const unit = 10 ** decimals;
  for (let k = 0; k < t.data.length; k++) {
    // A few decimals read well, but an exact 0 sits on the kink of relu and abs: never draw it.
    const v = Math.round((lo + (hi - lo) * rng()) * unit) / unit;
    t.data[k] = v === 0 ? (rng() < 0.5 ? -1 : 1) / unit : v;
  }
  return t;
}

/** Evaluates the statements from index `from` on, over `values` (mutated). */
export function forward(program: Program, values: Map<string, Tensor>, from = 0): void {
  for (let k = from; k < program.statements.length; k++) {
    const st = program.statements[k]!;
    values.set(st.name, evaluate(program.builder, st.root, { values }));
  }
}

const finite = (values: ReadonlyMap<string, Tensor>): boolean => [...values.values()].every((t) => t.data.every(Number.isFinite));

/** Where the random values are drawn, in turn: both signs first, then positive, then strictly inside (0, 1) (log(1 − p) at p = 1.00), then wider ranges, until every value is finite (log(x − 5) needs x > 5). */
const RANGES: readonly (readonly [number, number])[] = [[-1, 1], [0.1, 1], [0.01, 0.99], [-10, 10], [0.1, 10], [1, 100]];
/**
 * The first range of the k-th point a claim is compared at, as for an
 * expression's claims (verify/numeric.ts): a claim right only inside [−1, 1]
 * (clamp′ written 1, |x| for x) or only for positive values shows at the others.
 */
const CLAIM_RANGES: readonly (readonly [number, number])[] = [[-1, 1], [0.5, 2.5], [-3, 3], [-10, 10]];

/**
 * Given values, then seeded random ones in [−1, 1] (or, with `claimPoint` k, in the k-th of the claim
 * ranges first), or in further ranges when that leaves a domain; labels of the named losses drawn as
 * labels (the same in every range).
 */
export function chooseProgramPoint(program: Program, given: ReadonlyMap<string, Tensor>, seed: number, claimPoint?: number): ProgramPoint {
  let values = new Map<string, Tensor>();
  const labels = labelData(program);
  for (const name of given.keys()) labels.delete(name);
  const ranges = claimPoint === undefined ? RANGES : [CLAIM_RANGES[claimPoint % CLAIM_RANGES.length]!, ...RANGES];
  for (const [lo, hi] of ranges) {
    const rng = mulberry32(seed);
    values = new Map();
    for (const d of program.declarations) {
      const label = labels.get(d.name);
      // A matrix param is drawn scaled by 1/√(columns), as networks are initialised, so that products of
      // many layers stay of order one and the differences of a deep network stay well conditioned.
      const fanIn = d.role === 'param' && d.shape[1] > 1 ? Math.sqrt(d.shape[1]) : 1;
      values.set(d.name, given.get(d.name) ?? (label ? labelTensor(rng, d.shape, label) : randomTensor(rng, d.shape, lo / fanIn, hi / fanIn, fanIn > 1 ? 3 : 2)));
    }
    forward(program, values);
    if (finite(values)) break;
  }
  const inputs = new Map(program.declarations.map((d) => [d.name, values.get(d.name)!] as const));
  const n = program.declarations.filter((d) => given.has(d.name)).length;
  return { inputs, values, given: n === 0 ? 'random' : n === program.declarations.length ? 'values' : 'mixed', labels };
}
