// The tensor IR: an append-only, hash-consed arena of tensor expressions
// (ids are issued in topological order), and a builder that folds locally
// (1 ⊙ X → X, 𝟙 ⊙ X → X, constants to the front of scalings, −(−X) → X,
// (Xᵀ)ᵀ → X) so that derived adjoints read like the notes.
import type { Algebra } from '../ops/spec.js';
import { broadcastShape, isScalar, SCALAR, sameShape, type Shape } from './shape.js';
import { TOPS, type TOpName } from './tensor-ops.js';

export type TId = number & { readonly __tid: unique symbol };

export type TNode =
  | { readonly kind: 'var'; readonly name: string; readonly shape: Shape }
  /** The multiplier μ_name of a variable, with its shape. */
  | { readonly kind: 'mu'; readonly name: string; readonly shape: Shape }
  | { readonly kind: 'num'; readonly value: number; readonly shape: Shape }
  /** 𝟙: all ones. */
  | { readonly kind: 'ones'; readonly shape: Shape }
  | { readonly kind: 'op'; readonly op: TOpName; readonly args: readonly TId[]; readonly shape: Shape };

/** Thrown by `op` when shapes do not fit; the program turns it into an InputError with a position. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** A result too large to compute here: its entries or its matrix product's work over the limits. */
export class SizeError extends Error {
  override readonly name = 'SizeError';
}

/** Largest number of entries of any value, declared or computed: refused before anything is allocated. */
export const MAX_ENTRIES = 10_000_000;
/** Largest number of multiply-adds of one matrix product. */
export const MAX_PRODUCT_WORK = 2_000_000_000;

export class TBuilder {
  private readonly nodes: TNode[] = [];
  private readonly interned = new Map<string, TId>();
  /** True where a node depends on no variable and no multiplier. */
  private readonly constFlags: boolean[] = [];

  /** The table's derivatives (src/ops/functions.ts) in this builder, elementwise: · is ⊙, / is ⊘. */
  readonly algebra: Algebra<TId> = {
    num: (v) => this.num(v),
    pi: () => this.num(Math.PI),
    add: (a, b) => this.add(a, b),
    sub: (a, b) => this.sub(a, b),
    mul: (a, b) => this.mul(a, b),
    div: (a, b) => this.div(a, b),
    neg: (a) => this.neg(a),
    pow: (a, p) => this.pow(a, p),
    call: (name, ...args) => {
      const p = name === 'pow' ? this.numValue(args[1]!) : null;
      return p !== null ? this.pow(args[0]!, p) : this.op(name as TOpName, args);
    },
    isConst: (a) => this.constFlags[a]!,
    value: (a) => this.numValue(a),
  };

  node(id: TId): TNode {
    return this.nodes[id]!;
  }
  /** Every node `root` depends on, itself included, in increasing id order (arguments before their ops). Iterative. */
  reach(root: TId): TId[] {
    const out: TId[] = [];
    const seen = new Set<TId>();
    const stack: TId[] = [root];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      const n = this.nodes[id]!;
      if (n.kind === 'op') for (const a of n.args) stack.push(a);
    }
    return out.sort((x, y) => x - y);
  }
  shape(id: TId): Shape {
    return this.nodes[id]!.shape;
  }
  get size(): number {
    return this.nodes.length;
  }

  private intern(key: string, make: () => TNode): TId {
    const hit = this.interned.get(key);
    if (hit !== undefined) return hit;
    const id = this.nodes.length as TId;
    const n = make();
    this.nodes.push(n);
    this.constFlags.push(n.kind === 'num' || n.kind === 'ones' || (n.kind === 'op' && n.args.every((a) => this.constFlags[a])));
    this.interned.set(key, id);
    return id;
  }

  variable(name: string, shape: Shape): TId {
    return this.intern(`var:${name}`, () => ({ kind: 'var', name, shape }));
  }
  mu(name: string, shape: Shape): TId {
    return this.intern(`mu:${name}`, () => ({ kind: 'mu', name, shape }));
  }
  num(value: number): TId {
    const v = value === 0 ? 0 : value;
    return this.intern(`num:${v}`, () => ({ kind: 'num', value: v, shape: SCALAR }));
  }
  ones(shape: Shape): TId {
    if (isScalar(shape)) return this.num(1);
    return this.intern(`ones:${shape[0]},${shape[1]}`, () => ({ kind: 'ones', shape }));
  }

  /** The raw node, shapes checked by the op table (ShapeError when they do not fit). */
  op(op: TOpName, args: readonly TId[]): TId {
    const shapes = args.map((a) => this.shape(a));
    const shape = TOPS[op].shape(shapes);
    if (shape === null) throw new ShapeError(`${TOPS[op].describe} does not fit`);
    if (shape[0] * shape[1] > MAX_ENTRIES) {
      throw new SizeError(`${TOPS[op].describe} gives [${shape.join(',')}], more than ${MAX_ENTRIES.toLocaleString('en')} entries`);
    }
    if (op === 'matmul' && shapes[0]![0] * shapes[0]![1] * shapes[1]![1] > MAX_PRODUCT_WORK) {
      throw new SizeError(`${TOPS[op].describe} of [${shapes[0]!.join(',')}] and [${shapes[1]!.join(',')}] takes more than ${MAX_PRODUCT_WORK.toLocaleString('en')} multiply-adds`);
    }
    return this.intern(`${op}(${args.join(',')})`, () => ({ kind: 'op', op, args: [...args], shape }));
  }

  numValue(id: TId): number | null {
    const n = this.nodes[id]!;
    return n.kind === 'num' ? n.value : null;
  }
  isOnes(id: TId): boolean {
    return this.nodes[id]!.kind === 'ones' || this.numValue(id) === 1;
  }
  private isOp(id: TId, op: TOpName): (TNode & { kind: 'op' }) | null {
    const n = this.nodes[id]!;
    return n.kind === 'op' && n.op === op ? n : null;
  }

  // Smart constructors with local folding.
  add(a: TId, b: TId): TId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null) return this.num(x + y);
    if (x === 0 && sameShape(this.shape(b), broadcastShape(this.shape(a), this.shape(b)) ?? [0, 0])) return b;
    if (y === 0 && sameShape(this.shape(a), broadcastShape(this.shape(a), this.shape(b)) ?? [0, 0])) return a;
    const nb = this.isOp(b, 'neg');
    if (nb) return this.sub(a, nb.args[0]!);
    // a + (−u) ⊙ v, a sign on the first factor as a loss's adjoint writes it (−y ⊙ σ(−y ⊙ s)): a − u ⊙ v.
    const eb = this.isOp(b, 'mul');
    const lead = eb ? this.isOp(eb.args[0]!, 'neg') : null;
    if (eb && lead) return this.sub(a, this.op('mul', [lead.args[0]!, eb.args[1]!]));
    const na = this.isOp(a, 'neg');
    if (na && x === null) return this.sub(b, na.args[0]!);
    return this.op('add', [a, b]);
  }
  sub(a: TId, b: TId): TId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null) return this.num(x - y);
    if (x === 0 && sameShape(this.shape(b), broadcastShape(this.shape(a), this.shape(b)) ?? [0, 0])) return this.neg(b);
    const nb = this.isOp(b, 'neg');
    if (nb) return this.add(a, nb.args[0]!);
    if (y !== null && y < 0) return this.add(a, this.num(-y)); // x − (−1) → x + 1
    return this.op('sub', [a, b]);
  }
  neg(a: TId): TId {
    const x = this.numValue(a);
    if (x !== null) return this.num(-x);
    const inner = this.isOp(a, 'neg');
    if (inner) return inner.args[0]!;
    const scaled = this.isOp(a, 'mul');
    if (scaled) {
      const c = this.numValue(scaled.args[0]!);
      if (c !== null) return this.mul(this.num(-c), scaled.args[1]!);
    }
    return this.op('neg', [a]);
  }
  /** Elementwise product (a scaling when one side is a scalar); constants go to the front. */
  mul(a: TId, b: TId): TId {
    const out = broadcastShape(this.shape(a), this.shape(b));
    if (out === null) return this.op('mul', [a, b]);
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null) return this.num(x * y);
    if (y !== null) return this.mul(b, a);
    if (this.isOnes(a) && sameShape(this.shape(b), out)) return b;
    if (this.isOnes(b) && sameShape(this.shape(a), out)) return a;
    if (x !== null) {
      if (x === -1) return this.neg(b);
      const nb = this.isOp(b, 'neg');
      if (nb) return this.mul(this.num(-x), nb.args[0]!);
      const sb = this.isOp(b, 'mul');
      const c = sb ? this.numValue(sb.args[0]!) : null;
      if (sb && c !== null) return this.mul(this.num(x * c), sb.args[1]!);
    }
    // x ⊙ (1 ⊘ y) → x ⊘ y, as the scalar builder folds x·(1/y): the quotient's derivative reads g/y.
    const rb = this.reciprocalOf(b);
    if (rb !== null) return this.div(a, rb);
    const ra = this.reciprocalOf(a);
    if (ra !== null) return this.div(b, ra);
    // Neither is a number: pull scalings and signs out to the front.
    const pa = this.scaling(a);
    const pb = this.scaling(b);
    if (pa.c !== 1 || pb.c !== 1) return this.mul(this.num(pa.c * pb.c), this.mul(pa.rest, pb.rest));
    return this.op('mul', [a, b]);
  }
  /** y when `id` is 1 ⊘ y. */
  private reciprocalOf(id: TId): TId | null {
    const d = this.isOp(id, 'div');
    return d && this.numValue(d.args[0]!) === 1 ? d.args[1]! : null;
  }
  /** x as c·rest (c a number: from a scaling c·rest or a negation −rest). */
  private scaling(x: TId): { c: number; rest: TId } {
    const n = this.isOp(x, 'neg');
    if (n) {
      const inner = this.scaling(n.args[0]!);
      return { c: -inner.c, rest: inner.rest };
    }
    const e = this.isOp(x, 'mul');
    const c = e ? this.numValue(e.args[0]!) : null;
    if (e && c !== null) return { c, rest: e.args[1]! };
    return { c: 1, rest: x };
  }
  div(a: TId, b: TId): TId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null) return this.num(x / y);
    if (y === 1) return a;
    return this.op('div', [a, b]);
  }
  /** a raised to a constant power p, elementwise: the table's pow with a number exponent. */
  pow(a: TId, p: number): TId {
    if (p === 1) return a;
    const x = this.numValue(a);
    if (x !== null) return this.num(x ** p);
    return this.op('pow', [a, this.num(p)]);
  }
  matmul(a: TId, b: TId): TId {
    if (this.numValue(a) === 1 && this.shape(b)[0] === 1) return b;
    if (this.numValue(b) === 1 && this.shape(a)[1] === 1) return a;
    return this.op('matmul', [a, b]);
  }
  transpose(a: TId): TId {
    if (isScalar(this.shape(a))) return a;
    const inner = this.isOp(a, 'transpose');
    if (inner) return inner.args[0]!;
    return this.op('transpose', [a]);
  }
  /** Sums g over the axes along which it was broadcast from `shape`. */
  reduceTo(g: TId, shape: Shape): TId {
    const gs = this.shape(g);
    if (sameShape(gs, shape)) return g;
    const rows = shape[0] === 1 && gs[0] > 1;
    const cols = shape[1] === 1 && gs[1] > 1;
    if (this.nodes[g]!.kind === 'ones') return this.mul(this.num((rows ? gs[0] : 1) * (cols ? gs[1] : 1)), this.ones(shape));
    if (rows && cols) return this.op('sum', [g]);
    return this.op(rows ? 'sumrows' : 'sumcols', [g]);
  }
  /** g (a scalar, or a shape that broadcasts) spread over `shape`: g ⊙ 𝟙. */
  spread(g: TId, shape: Shape): TId {
    return this.mul(g, this.ones(shape));
  }
  call(op: TOpName, args: readonly TId[]): TId {
    return this.op(op, args);
  }
}
