// The one IR's builder, for expressions and programs alike: smart
// constructors over the arena (src/ir/arena.ts), every node with its shape (a
// scalar is [1,1]). They fold only locally. Between scalars: 0·x → 0,
// 1·x → x, x + 0 → x, a − (−b) → a + b, and constant coefficients pulled to
// the front of products (3·w1/w2 → 3·(w1/w2)), so that a shared product is one
// node. Where a matrix takes part: 1 ⊙ X → X, 𝟙 ⊙ X → X, scalings and signs
// to the front, −(−X) → X, (Xᵀ)ᵀ → X, so that derived adjoints read like the
// notes. Shapes are checked by the op table's rules (ShapeError).
import type { Algebra } from '../ops/spec.js';
import { Arena } from './arena.js';
import { OPS } from './ops.js';
import { broadcastShape, isScalar, SCALAR, sameShape, type Shape } from './shape.js';
import { TOPS, type TOpName } from './tensor-ops.js';
import type { IrNode, NodeId } from './types.js';

export type { IrNode, NodeId } from './types.js';

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

/** The ops that exist between scalars (operators and the table's functions). */
const SCALAR_OPS: ReadonlySet<string> = new Set(Object.keys(OPS));

export class Builder {
  readonly one: NodeId;
  readonly zero: NodeId;

  /**
   * The table's derivatives (src/ops/functions.ts, src/ops/arithmetic.ts) are written in this algebra:
   * the folding constructors below, elementwise where a matrix takes part (· is ⊙, / is ⊘).
   */
  readonly algebra: Algebra<NodeId>;

  constructor(readonly arena: Arena = new Arena()) {
    this.one = arena.leaf({ kind: 'num', value: 1 });
    this.zero = arena.leaf({ kind: 'num', value: 0 });
    this.algebra = {
      num: (v) => this.num(v),
      pi: () => this.constant('pi'),
      add: (a, b) => this.add(a, b),
      sub: (a, b) => this.sub(a, b),
      mul: (a, b) => this.mul(a, b),
      div: (a, b) => this.div(a, b),
      neg: (a) => this.neg(a),
      pow: (a, p) => this.power(a, p),
      call: (name, ...args) => this.call(name as TOpName, ...args),
      isConst: (a) => this.isConst(a),
      value: (a) => this.numValue(a),
    };
  }

  node(id: NodeId): IrNode {
    return this.arena.node(id);
  }

  get size(): number {
    return this.arena.size;
  }

  shape(id: NodeId): Shape {
    return this.arena.node(id).shape;
  }

  /** True where a node depends on no input and no multiplier (numbers, π, e, 𝟙, symbols held fixed). */
  isConst(id: NodeId): boolean {
    return this.arena.isConst(id);
  }

  /** Every node `root` depends on, itself included, in increasing id order (arguments before their ops). Iterative. */
  reach(root: NodeId): NodeId[] {
    return this.arena.reach(root);
  }

  // ── Leaves ──

  num(value: number): NodeId {
    return this.arena.leaf({ kind: 'num', value: value === 0 ? 0 : value });
  }

  constant(name: 'pi' | 'e'): NodeId {
    return this.arena.leaf({ kind: 'const', name });
  }

  /** An expression's symbol (a scalar). */
  sym(name: string): NodeId {
    return this.arena.leaf({ kind: 'sym', name });
  }

  /** A program's variable, of its shape. */
  variable(name: string, shape: Shape): NodeId {
    return this.arena.leaf({ kind: 'sym', name }, shape);
  }

  /** z_k of an expression's graph. */
  ref(index: number): NodeId {
    return (this.refIds[index] ??= this.arena.leaf({ kind: 'ref', index }));
  }

  /** μ_k of an expression's node k, or μ_v of a program's variable v (of v's shape). */
  mu(key: number | string, shape: Shape = SCALAR): NodeId {
    return typeof key === 'number'
      ? (this.muIds[key] ??= this.arena.leaf({ kind: 'mu', index: key, name: String(key) }))
      : this.arena.leaf({ kind: 'mu', index: -1, name: key }, shape);
  }

  /**
   * z_k's and μ_k's ids by k, once made: a derivation asks for them once per edge, and the arena's
   * look-up takes a leaf object (and μ_k's name) each time. Ids never change (the arena only grows).
   */
  private readonly refIds: NodeId[] = [];
  private readonly muIds: NodeId[] = [];

  /** 𝟙 of a shape (the number 1 for a scalar). */
  ones(shape: Shape): NodeId {
    if (isScalar(shape)) return this.one;
    return this.arena.leaf({ kind: 'ones' }, shape);
  }

  /** The number a node holds if it is a number literal, else null. */
  numValue(id: NodeId): number | null {
    const n = this.node(id);
    return n.kind === 'num' ? n.value : null;
  }

  isOnes(id: NodeId): boolean {
    return this.node(id).kind === 'ones' || this.numValue(id) === 1;
  }

  /** The raw node, no folding; shapes checked by the op table (ShapeError when they do not fit, SizeError when too large). */
  op(op: TOpName, args: readonly NodeId[]): NodeId {
    const shapes = args.map((a) => this.shape(a));
    const spec = TOPS[op];
    const shape = spec.shape(shapes);
    if (shape === null) throw new ShapeError(`${spec.describe} does not fit`);
    if (shape[0] * shape[1] > MAX_ENTRIES) {
      throw new SizeError(`${spec.describe} gives [${shape.join(',')}], more than ${MAX_ENTRIES.toLocaleString('en')} entries`);
    }
    if (op === 'matmul' && shapes[0]![0] * shapes[0]![1] * shapes[1]![1] > MAX_PRODUCT_WORK) {
      throw new SizeError(`${spec.describe} of [${shapes[0]!.join(',')}] and [${shapes[1]!.join(',')}] takes more than ${MAX_PRODUCT_WORK.toLocaleString('en')} multiply-adds`);
    }
    return this.arena.make(op, args, isScalar(shape) ? SCALAR : shape);
  }

  /** Every operand a scalar (an expression's nodes all share the one SCALAR shape: checked first, it is the hot path). */
  private scalars(a: NodeId, b?: NodeId): boolean {
    const nodes = this.arena.nodes;
    const sa = nodes[a]!.shape;
    if (sa !== SCALAR && !isScalar(sa)) return false;
    if (b === undefined) return true;
    const sb = nodes[b]!.shape;
    return sb === SCALAR || isScalar(sb);
  }

  private opOf(id: NodeId, op: TOpName): IrNode & { kind: 'op' } | undefined {
    const n = this.node(id);
    return n.kind === 'op' && n.op === op ? n : undefined;
  }

  private isOp(id: NodeId, op: TOpName): (IrNode & { kind: 'op' }) | null {
    return this.opOf(id, op) ?? null;
  }

  // ── Arithmetic: scalar rules between scalars, elementwise rules where a matrix takes part ──

  add(a: NodeId, b: NodeId): NodeId {
    return this.scalars(a, b) ? this.sAdd(a, b) : this.tAdd(a, b);
  }

  sub(a: NodeId, b: NodeId): NodeId {
    return this.scalars(a, b) ? this.sSub(a, b) : this.tSub(a, b);
  }

  mul(a: NodeId, b: NodeId): NodeId {
    return this.scalars(a, b) ? this.sMul(a, b) : this.tMul(a, b);
  }

  div(a: NodeId, b: NodeId): NodeId {
    return this.scalars(a, b) ? this.sDiv(a, b) : this.tDiv(a, b);
  }

  neg(a: NodeId): NodeId {
    return this.scalars(a) ? this.sNeg(a) : this.tNeg(a);
  }

  /** a^b. A matrix's power is elementwise, by a number (by a varying exponent, the raw pow). */
  pow(a: NodeId, b: NodeId): NodeId {
    if (this.scalars(a, b)) return this.sPow(a, b);
    const p = this.numValue(b);
    return p === null ? this.op('pow', [a, b]) : this.tPow(a, p);
  }

  /** a raised to the number p (a NodeId is a number too: this is the method for a literal exponent). */
  power(a: NodeId, p: number): NodeId {
    return this.pow(a, this.num(p));
  }

  /** Any op by name: arithmetic and powers through the folding constructors above, other ops as they are. */
  call(op: TOpName, ...args: NodeId[]): NodeId {
    switch (op) {
      case 'add': return this.add(args[0]!, args[1]!);
      case 'sub': return this.sub(args[0]!, args[1]!);
      case 'mul': return this.mul(args[0]!, args[1]!);
      case 'div': return this.div(args[0]!, args[1]!);
      case 'neg': return this.neg(args[0]!);
      case 'pow': return this.pow(args[0]!, args[1]!);
      case 'log': {
        // ln e = 1, so that d(e^x) reads e^x, not log(e)·e^x.
        const a = this.node(args[0]!);
        if (a.kind === 'const' && a.name === 'e') return this.one;
        break;
      }
      default: break;
    }
    // A function of scalars is a scalar: no shape rule to ask (the hot path of long expressions).
    if (SCALAR_OPS.has(op) && args.every((x) => this.scalars(x))) return this.arena.make(op, args);
    return this.op(op, args);
  }

  // ── Between scalars ──

  private sAdd(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null && Number.isFinite(x + y)) return this.num(x + y);
    if (x === 0) return b;
    if (a === b) return this.mul(this.num(2), a); // a + a → 2·a
    if (y === 0) return a;
    const nb = this.opOf(b, 'neg');
    if (nb) return this.sub(a, nb.args[0]!);
    if (y !== null && y < 0) return this.sub(a, this.num(-y));
    const c = this.negativeCoefficient(b);
    if (c) return this.sub(a, this.mul(this.num(-c.value), c.rest)); // a + (−2)·x → a − 2·x
    return this.arena.make('add', [a, b]);
  }

  private sSub(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null && Number.isFinite(x - y)) return this.num(x - y);
    if (y === 0) return a;
    if (x === 0) return this.neg(b);
    const nb = this.opOf(b, 'neg');
    if (nb) return this.add(a, nb.args[0]!);
    if (y !== null && y < 0) return this.add(a, this.num(-y));
    const c = this.negativeCoefficient(b);
    if (c) return this.add(a, this.mul(this.num(-c.value), c.rest)); // a − (−2)·x → a + 2·x
    return this.arena.make('sub', [a, b]);
  }

  private sMul(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null && Number.isFinite(x * y)) return this.num(x * y);
    if (x === 0 || y === 0) return this.zero;
    if (x === 1) return b;
    if (y === 1) return a;
    if (x === -1) return this.neg(b);
    if (y === -1) return this.neg(a);
    const na = this.opOf(a, 'neg');
    if (na) return this.neg(this.mul(na.args[0]!, b));
    const nb = this.opOf(b, 'neg');
    if (nb) return this.neg(this.mul(a, nb.args[0]!));
    const ca = this.isConst(a);
    const cb = this.isConst(b);
    if (cb && !ca) return this.mul(b, a); // coefficients first
    const rb = this.reciprocalOf(b);
    if (rb !== null && !ca) return this.div(a, rb); // x·(1/y) → x/y
    const ra = this.reciprocalOf(a);
    if (ra !== null && !cb) return this.div(b, ra); // (1/y)·x → x/y
    if (ca && !cb) {
      const mb = this.opOf(b, 'mul');
      if (mb && this.isConst(mb.args[0]!)) return this.mul(this.mul(a, mb.args[0]!), mb.args[1]!); // c·(d·y) → (c·d)·y
      return this.arena.make('mul', [a, b]);
    }
    if (!ca && !cb) {
      const ma = this.opOf(a, 'mul');
      if (ma && this.isConst(ma.args[0]!)) return this.mul(ma.args[0]!, this.mul(ma.args[1]!, b)); // (c·x)·y → c·(x·y)
      const mb = this.opOf(b, 'mul');
      if (mb && this.isConst(mb.args[0]!)) return this.mul(mb.args[0]!, this.mul(a, mb.args[1]!)); // x·(c·y) → c·(x·y)
    }
    return this.arena.make('mul', [a, b]);
  }

  /** For (−c)·x with a negative number c: c and x. */
  private negativeCoefficient(id: NodeId): { value: number; rest: NodeId } | undefined {
    const m = this.opOf(id, 'mul');
    if (!m) return undefined;
    const value = this.numValue(m.args[0]!);
    return value !== null && value < 0 ? { value, rest: m.args[1]! } : undefined;
  }

  /** y when `id` is 1/y. */
  private reciprocalOf(id: NodeId): NodeId | null {
    const d = this.opOf(id, 'div');
    return d && this.numValue(d.args[0]!) === 1 ? d.args[1]! : null;
  }

  private sDiv(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (y === 1) return a;
    if (y === -1) return this.neg(a);
    if (x === 0 && y !== 0) return this.zero;
    if (x !== null && y !== null && y !== 0 && Number.isInteger(x / y)) return this.num(x / y);
    if (x !== null && x < 0) return this.neg(this.div(this.num(-x), b)); // (−c)/y → −(c/y): one form for both
    const na = this.opOf(a, 'neg');
    if (na) return this.neg(this.div(na.args[0]!, b));
    const nb = this.opOf(b, 'neg');
    if (nb) return this.neg(this.div(a, nb.args[0]!));
    if (!this.isConst(b)) {
      const ma = this.opOf(a, 'mul');
      if (ma && this.isConst(ma.args[0]!) && !this.isConst(ma.args[1]!)) return this.mul(ma.args[0]!, this.div(ma.args[1]!, b)); // (c·x)/y → c·(x/y)
      if (this.isConst(a) && x !== 1) return this.mul(a, this.div(this.one, b)); // c/y → c·(1/y)
    }
    return this.arena.make('div', [a, b]);
  }

  private sNeg(a: NodeId): NodeId {
    const x = this.numValue(a);
    if (x !== null) return this.num(-x);
    const na = this.opOf(a, 'neg');
    if (na) return na.args[0]!;
    const ma = this.opOf(a, 'mul');
    if (ma) {
      const c = this.numValue(ma.args[0]!);
      if (c !== null) return this.mul(this.num(-c), ma.args[1]!);
    }
    return this.arena.make('neg', [a]);
  }

  private sPow(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (y === 1) return a;
    if (y === 0) return this.one;
    if (x === 1) return this.one;
    if (x !== null && y !== null) {
      const v = Math.pow(x, y);
      if (Number.isSafeInteger(v)) return this.num(v);
    }
    return this.arena.make('pow', [a, b]);
  }


  // ── Where a matrix takes part ──

  private tAdd(a: NodeId, b: NodeId): NodeId {
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
  private tSub(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null) return this.num(x - y);
    if (x === 0 && sameShape(this.shape(b), broadcastShape(this.shape(a), this.shape(b)) ?? [0, 0])) return this.neg(b);
    const nb = this.isOp(b, 'neg');
    if (nb) return this.add(a, nb.args[0]!);
    if (y !== null && y < 0) return this.add(a, this.num(-y)); // x − (−1) → x + 1
    return this.op('sub', [a, b]);
  }
  private tNeg(a: NodeId): NodeId {
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
  private tMul(a: NodeId, b: NodeId): NodeId {
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
    const rb = this.tReciprocalOf(b);
    if (rb !== null) return this.div(a, rb);
    const ra = this.tReciprocalOf(a);
    if (ra !== null) return this.div(b, ra);
    // Neither is a number: pull scalings and signs out to the front.
    const pa = this.scaling(a);
    const pb = this.scaling(b);
    if (pa.c !== 1 || pb.c !== 1) return this.mul(this.num(pa.c * pb.c), this.mul(pa.rest, pb.rest));
    return this.op('mul', [a, b]);
  }
  /** y when `id` is 1 ⊘ y. */
  private tReciprocalOf(id: NodeId): NodeId | null {
    const d = this.isOp(id, 'div');
    return d && this.numValue(d.args[0]!) === 1 ? d.args[1]! : null;
  }
  /** x as c·rest (c a number: from a scaling c·rest or a negation −rest). */
  private scaling(x: NodeId): { c: number; rest: NodeId } {
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
  private tDiv(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== null && y !== null) return this.num(x / y);
    if (y === 1) return a;
    return this.op('div', [a, b]);
  }
  /** a raised to a constant power p, elementwise: the table's pow with a number exponent. */
  private tPow(a: NodeId, p: number): NodeId {
    if (p === 1) return a;
    const x = this.numValue(a);
    if (x !== null) return this.num(x ** p);
    return this.op('pow', [a, this.num(p)]);
  }
  matmul(a: NodeId, b: NodeId): NodeId {
    if (this.numValue(a) === 1 && this.shape(b)[0] === 1) return b;
    if (this.numValue(b) === 1 && this.shape(a)[1] === 1) return a;
    return this.op('matmul', [a, b]);
  }
  transpose(a: NodeId): NodeId {
    if (isScalar(this.shape(a))) return a;
    const inner = this.isOp(a, 'transpose');
    if (inner) return inner.args[0]!;
    return this.op('transpose', [a]);
  }
  /** Sums g over the axes along which it was broadcast from `shape`. */
  reduceTo(g: NodeId, shape: Shape): NodeId {
    const gs = this.shape(g);
    if (sameShape(gs, shape)) return g;
    const rows = shape[0] === 1 && gs[0] > 1;
    const cols = shape[1] === 1 && gs[1] > 1;
    if (this.node(g).kind === 'ones') return this.mul(this.num((rows ? gs[0] : 1) * (cols ? gs[1] : 1)), this.ones(shape));
    if (rows && cols) return this.op('sum', [g]);
    return this.op(rows ? 'sumrows' : 'sumcols', [g]);
  }
  /** g (a scalar, or a shape that broadcasts) spread over `shape`: g ⊙ 𝟙. */
  spread(g: NodeId, shape: Shape): NodeId {
    return this.mul(g, this.ones(shape));
  }
}
