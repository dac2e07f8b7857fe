// Smart constructors over the arena. They fold only locally (0·x → 0, 1·x → x,
// x + 0 → x, a − (−b) → a + b) and pull constant coefficients to the front of
// products (3·w1/w2 → 3·(w1/w2)), so that a shared product is one node.
import type { Algebra } from '../ops/spec.js';
import { Arena } from './arena.js';
import type { OpName } from './ops.js';
import type { IrNode, NodeId } from './types.js';

export class Builder {
  readonly one: NodeId;
  readonly zero: NodeId;

  /** The table's derivatives are written in this algebra (src/ops/spec.ts): the folding constructors below. */
  readonly algebra: Algebra<NodeId>;

  constructor(readonly arena: Arena) {
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
      pow: (a, p) => this.pow(a, this.num(p)),
      call: (name, ...args) => this.call(name as OpName, ...args),
      isConst: (a) => this.isConst(a),
      value: (a) => this.numValue(a) ?? null,
    };
  }

  node(id: NodeId): IrNode {
    return this.arena.node(id);
  }

  isConst(id: NodeId): boolean {
    return this.arena.isConst(id);
  }

  num(value: number): NodeId {
    return this.arena.leaf({ kind: 'num', value: value === 0 ? 0 : value });
  }

  constant(name: 'pi' | 'e'): NodeId {
    return this.arena.leaf({ kind: 'const', name });
  }

  sym(name: string): NodeId {
    return this.arena.leaf({ kind: 'sym', name });
  }

  ref(index: number): NodeId {
    return this.arena.leaf({ kind: 'ref', index });
  }

  mu(index: number): NodeId {
    return this.arena.leaf({ kind: 'mu', index });
  }

  /** The number a node holds if it is a number literal, else undefined. */
  numValue(id: NodeId): number | undefined {
    const n = this.node(id);
    return n.kind === 'num' ? n.value : undefined;
  }

  private opOf(id: NodeId, op: OpName): IrNode & { kind: 'op' } | undefined {
    const n = this.node(id);
    return n.kind === 'op' && n.op === op ? n : undefined;
  }

  add(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== undefined && y !== undefined && Number.isFinite(x + y)) return this.num(x + y);
    if (x === 0) return b;
    if (a === b) return this.mul(this.num(2), a); // a + a → 2·a
    if (y === 0) return a;
    const nb = this.opOf(b, 'neg');
    if (nb) return this.sub(a, nb.args[0]!);
    if (y !== undefined && y < 0) return this.sub(a, this.num(-y));
    const c = this.negativeCoefficient(b);
    if (c) return this.sub(a, this.mul(this.num(-c.value), c.rest)); // a + (−2)·x → a − 2·x
    return this.arena.make('add', [a, b]);
  }

  sub(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== undefined && y !== undefined && Number.isFinite(x - y)) return this.num(x - y);
    if (y === 0) return a;
    if (x === 0) return this.neg(b);
    const nb = this.opOf(b, 'neg');
    if (nb) return this.add(a, nb.args[0]!);
    if (y !== undefined && y < 0) return this.add(a, this.num(-y));
    const c = this.negativeCoefficient(b);
    if (c) return this.add(a, this.mul(this.num(-c.value), c.rest)); // a − (−2)·x → a + 2·x
    return this.arena.make('sub', [a, b]);
  }

  mul(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (x !== undefined && y !== undefined && Number.isFinite(x * y)) return this.num(x * y);
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
    if (rb !== undefined && !ca) return this.div(a, rb); // x·(1/y) → x/y
    const ra = this.reciprocalOf(a);
    if (ra !== undefined && !cb) return this.div(b, ra); // (1/y)·x → x/y
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
    return value !== undefined && value < 0 ? { value, rest: m.args[1]! } : undefined;
  }

  /** y when `id` is 1/y. */
  private reciprocalOf(id: NodeId): NodeId | undefined {
    const d = this.opOf(id, 'div');
    return d && this.numValue(d.args[0]!) === 1 ? d.args[1] : undefined;
  }

  div(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (y === 1) return a;
    if (y === -1) return this.neg(a);
    if (x === 0 && y !== 0) return this.zero;
    if (x !== undefined && y !== undefined && y !== 0 && Number.isInteger(x / y)) return this.num(x / y);
    if (x !== undefined && x < 0) return this.neg(this.div(this.num(-x), b)); // (−c)/y → −(c/y): one form for both
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

  neg(a: NodeId): NodeId {
    const x = this.numValue(a);
    if (x !== undefined) return this.num(-x);
    const na = this.opOf(a, 'neg');
    if (na) return na.args[0]!;
    const ma = this.opOf(a, 'mul');
    if (ma) {
      const c = this.numValue(ma.args[0]!);
      if (c !== undefined) return this.mul(this.num(-c), ma.args[1]!);
    }
    return this.arena.make('neg', [a]);
  }

  pow(a: NodeId, b: NodeId): NodeId {
    const x = this.numValue(a);
    const y = this.numValue(b);
    if (y === 1) return a;
    if (y === 0) return this.one;
    if (x === 1) return this.one;
    if (x !== undefined && y !== undefined) {
      const v = Math.pow(x, y);
      if (Number.isSafeInteger(v)) return this.num(v);
    }
    return this.arena.make('pow', [a, b]);
  }

  /** Any op by name; arithmetic goes through the folding constructors above. */
  call(op: OpName, ...args: NodeId[]): NodeId {
    switch (op) {
      case 'add': return this.add(args[0]!, args[1]!);
      case 'sub': return this.sub(args[0]!, args[1]!);
      case 'mul': return this.mul(args[0]!, args[1]!);
      case 'div': return this.div(args[0]!, args[1]!);
      case 'neg': return this.neg(args[0]!);
      case 'pow': return this.pow(args[0]!, args[1]!);
      case 'log':
        // ln e = 1, so that d(e^x) reads e^x, not log(e)·e^x.
        return this.node(args[0]!).kind === 'const' && (this.node(args[0]!) as { name: string }).name === 'e' ? this.one : this.arena.make(op, args);
      default: return this.arena.make(op, args);
    }
  }
}
