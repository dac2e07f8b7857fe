// Local expressions (an expression's f_i and ∂f_i/∂z_j, over ref leaves z_k)
// compiled to one flat tape in typed arrays, run by one loop: no closure per
// node. Each program is one local expression: its instructions in evaluation
// order (post-order, arguments left to right, a shared subexpression once),
// each an op code into the op table (src/ir/ops.ts, the one source of every
// op's evaluation, continuation and domain) and slots of its arguments. A slot
// is a register (an instruction's value, or a constant, bound once for the
// symbols' values) or, written ~k, the value z_k read from the caller's z.
// Programs run one at a time, so they share their registers: a tape of 10⁵
// programs has as many registers as its longest program has instructions,
// plus one per distinct constant.
// The same tape runs in float64, in complex arithmetic (the complex step) and
// with every op's domain checked (the forward pass of a point).
import type { Builder } from '../ir/build.js';
import { OPS, scalarOp, type ScalarOpName } from '../ir/ops.js';
import type { Complex, DomainVerdict, NodeId } from '../ir/types.js';
import { c } from '../ops/complex.js';
import type { DomainProblem } from './evaluate.js';

/** Op codes: an op's index in the op table, in its own order. */
const OP_NAMES = Object.keys(OPS) as ScalarOpName[];
if (OP_NAMES.length > 255) throw new Error('lagrad: more ops than a tape\'s byte of op code holds');
const OP_CODES = new Map(OP_NAMES.map((name, k) => [name as string, k]));
const REAL = OP_NAMES.map((name) => OPS[name].evaluate);
const COMPLEX = OP_NAMES.map((name) => OPS[name].complex);
const DOMAIN = OP_NAMES.map((name) => OPS[name].domain);

/**
 * An instruction's argument count and which arguments are constants (as the
 * op's domain test is told), packed: arity·8 + Σ 2^k over constant k. Each
 * packing's array is built once, so that a checked run allocates none.
 */
const CONST_ARGS: readonly (readonly boolean[])[] = Array.from({ length: 32 }, (_, packed) =>
  Array.from({ length: packed >> 3 }, (_v, k) => ((packed >> k) & 1) === 1));

/** Ints per instruction: op code + packed arguments · 256, and three argument slots. */
const STRIDE = 4;
/** While a tape is written, constant k is slot CONSTANT + k (registers of a program stay below). */
const CONSTANT = 2 ** 30;
/** Constant 0 is 0 (an argument past an op's arity), constant 1 NaN (an input's f_i). */
const ZERO = CONSTANT;
const NAN = CONSTANT + 1;
/** Programs of no instruction: the value 0 (an edge no backward equation has) and NaN. */
export const ZERO_PROGRAM = 0;
export const NAN_PROGRAM = 1;

/**
 * Local expressions on a tape. The registers of a run are the values of the
 * instructions of the program run (the q-th of a program writes register q),
 * then the constants: a slot ≥ 0 is a register, ~k (negative) reads z_k.
 */
export interface Tape {
  /** STRIDE ints per instruction: op code | arity and constant arguments (CONST_ARGS) · 256, slots of its three arguments. */
  readonly code: Int32Array;
  /** Per program: its first instruction (its last is before the next program's first), and the slot of its value. */
  readonly start: Int32Array;
  readonly result: Int32Array;
  /** Registers of instruction values: the most instructions of one program; constant k is register `locals` + k. */
  readonly locals: number;
  /** The IR node of each constant (whose value the symbols' values give), −1 for 0 and NaN. */
  readonly constants: Int32Array;
}

/** A growable Int32Array. */
class Ints {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(2 * this.data.length);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Writes local expressions of one builder onto a tape, a program each: a root
 * compiled before (the IR is hash-consed, so equal expressions are one id)
 * is the same program.
 */
export class TapeWriter {
  private readonly code = new Ints(256);
  private readonly start = new Ints(16);
  private readonly result = new Ints(16);
  private locals = 0;
  private readonly constantNodes = new Ints(16);
  private readonly constants = new Map<NodeId, number>();
  /** Program + 1 by root id, from the second program on (a tape of one program needs no table). */
  private programs: Int32Array | null = null;
  private first: { root: NodeId; program: number } | null = null;
  /** The program being written: its first instruction, and its registers by IR node (`local`). */
  private from = 0;
  /** A short list scanned (a local expression has a few ops), and a map once it grows (a claim can have any number). */
  private readonly localIds: NodeId[] = [];
  private localCount = 0;
  private localMap: Map<NodeId, number> | null = null;
  private readonly stack: NodeId[] = [];

  constructor(private readonly b: Builder) {
    this.constantNodes.push(-1);
    this.constantNodes.push(-1);
    this.seal(ZERO);
    this.seal(NAN);
  }

  /** The program of a local expression: its instructions, written on first use. Iterative: claims can be any size. */
  program(root: NodeId): number {
    const known = this.known(root);
    if (known >= 0) return known;
    this.from = this.code.length / STRIDE;
    const p = this.seal(this.leafSlot(root) ?? this.emitTree(root));
    if (this.first === null) this.first = { root, program: p };
    else {
      if (this.programs === null || root >= this.programs.length) this.growPrograms(root);
      this.programs![root] = p + 1;
    }
    return p;
  }

  private known(root: NodeId): number {
    if (this.first?.root === root) return this.first.program;
    return this.programs !== null && root < this.programs.length ? this.programs[root]! - 1 : -1;
  }

  private growPrograms(root: NodeId): void {
    const next = new Int32Array(Math.max(this.b.size, root + 1));
    if (this.programs) next.set(this.programs);
    this.programs = next;
  }

  /** Writes the ops of `root` in evaluation order (post-order, arguments left to right, each once); its register. */
  private emitTree(root: NodeId): number {
    const { b, stack } = this;
    this.localCount = 0;
    this.localMap = null;
    stack.push(root);
    while (stack.length) {
      const id = stack[stack.length - 1]!;
      if (this.local(id) !== null) { stack.pop(); continue; }
      const n = b.node(id);
      if (n.kind !== 'op') throw new Error('lagrad: a leaf on the tape\'s stack');
      const args = n.args;
      let pending = false;
      for (let k = args.length - 1; k >= 0; k--) {
        if (this.argSlot(args[k]!) === null) { stack.push(args[k]!); pending = true; }
      }
      if (pending) continue;
      stack.pop();
      this.emit(id, n.op, args);
    }
    return this.local(root)!;
  }

  /** The register of an op of the program being written, null if not written yet. */
  private local(id: NodeId): number | null {
    if (this.localMap !== null) return this.localMap.get(id) ?? null;
    const ids = this.localIds;
    for (let k = this.localCount - 1; k >= 0; k--) if (ids[k] === id) return k;
    return null;
  }

  /** The slot of an argument: a ref, a constant, an op written already; null for an op still to write. */
  private argSlot(id: NodeId): number | null {
    return this.leafSlot(id) ?? this.local(id);
  }

  /** The slot of an argument that needs no instruction (a ref, a constant); null for an op to compute. */
  private leafSlot(id: NodeId): number | null {
    const n = this.b.node(id);
    if (n.kind === 'ref') return ~n.index;
    if (n.kind === 'op' && !this.b.isConst(id)) return null;
    let slot = this.constants.get(id);
    if (slot === undefined) {
      slot = CONSTANT + this.constantNodes.length;
      this.constants.set(id, slot);
      this.constantNodes.push(id);
    }
    return slot;
  }

  /** Writes op(args) as the next instruction; node `id` is then its register. */
  private emit(id: NodeId, op: string, args: readonly NodeId[]): void {
    const code = OP_CODES.get(op);
    if (code === undefined) {
      scalarOp(op); // throws, naming the op of matrices
      throw new Error(`lagrad: ${op} has no op code`);
    }
    let packed = args.length << 3;
    for (let k = 0; k < args.length; k++) if (this.b.isConst(args[k]!)) packed |= 1 << k;
    this.code.push(code | (packed << 8));
    this.code.push(this.argSlot(args[0]!)!);
    this.code.push(args.length > 1 ? this.argSlot(args[1]!)! : ZERO);
    this.code.push(args.length > 2 ? this.argSlot(args[2]!)! : ZERO);
    const register = this.localCount++;
    if (this.localMap !== null) this.localMap.set(id, register);
    else {
      this.localIds[register] = id;
      if (this.localCount > 16) this.localMap = new Map(this.localIds.slice(0, this.localCount).map((x, k) => [x, k]));
    }
  }

  /** Ends the program being written, whose value is in `slot`. */
  private seal(slot: number): number {
    this.locals = Math.max(this.locals, this.code.length / STRIDE - this.from);
    this.start.push(this.from);
    this.result.push(slot);
    return this.result.length - 1;
  }

  finish(): Tape {
    const start = new Int32Array(this.start.length + 1);
    start.set(this.start.data.subarray(0, this.start.length));
    start[this.start.length] = this.code.length / STRIDE;
    // Constants go after the registers of the longest program.
    const placed = (slot: number): number => (slot >= CONSTANT ? slot - CONSTANT + this.locals : slot);
    const code = this.code.done();
    for (let q = 0; q < code.length; q += STRIDE) for (let k = 1; k < STRIDE; k++) code[q + k] = placed(code[q + k]!);
    return { code, start, result: this.result.done().map(placed), locals: this.locals, constants: this.constantNodes.done() };
  }
}

/** The registers of a tape, given each constant's value (which depends on the symbols' values). */
export function bindReal(tape: Tape, value: (node: NodeId) => number): Float64Array {
  const { locals, constants } = tape;
  const r = new Float64Array(locals + constants.length);
  r[locals + 1] = NaN;
  for (let k = 2; k < constants.length; k++) r[locals + k] = value(constants[k]! as NodeId);
  return r;
}

/** The complex registers of a tape, from its real ones: every constant c(v). */
export function bindComplex(tape: Tape, real: Float64Array): Complex[] {
  return Array.from(real, (v) => c(v));
}

/** The value of program p at z, in float64. */
export function runReal(tape: Tape, r: Float64Array, p: number, z: Float64Array): number {
  const { code, start } = tape;
  const from = start[p]!;
  for (let q = from, end = start[p + 1]!; q < end; q++) {
    const o = q * STRIDE;
    const a = code[o + 1]!;
    const b = code[o + 2]!;
    const d = code[o + 3]!;
    r[q - from] = REAL[code[o]! & 255]!(a < 0 ? z[~a]! : r[a]!, b < 0 ? z[~b]! : r[b]!, d < 0 ? z[~d]! : r[d]!);
  }
  const s = tape.result[p]!;
  return s < 0 ? z[~s]! : r[s]!;
}

/**
 * The value of program p at complex z (the continuation of every op; NaN where an op has none). The
 * loop of runReal over the complex table: kept apart so that each loop sees one register type and stays
 * monomorphic, where the evaluation's time goes.
 */
export function runComplex(tape: Tape, r: Complex[], p: number, z: readonly Complex[]): Complex {
  const { code, start } = tape;
  const from = start[p]!;
  for (let q = from, end = start[p + 1]!; q < end; q++) {
    const o = q * STRIDE;
    const a = code[o + 1]!;
    const b = code[o + 2]!;
    const d = code[o + 3]!;
    r[q - from] = COMPLEX[code[o]! & 255]!(a < 0 ? z[~a]! : r[a]!, b < 0 ? z[~b]! : r[b]!, d < 0 ? z[~d]! : r[d]!);
  }
  const s = tape.result[p]!;
  return s < 0 ? z[~s]! : r[s]!;
}

/**
 * The value of program p at z, and the first op (in evaluation order) outside
 * its domain, on a kink, or giving a value that is not finite.
 */
export function runChecked(tape: Tape, r: Float64Array, p: number, z: Float64Array): { value: number; problem: DomainProblem | null } {
  const { code, start } = tape;
  const from = start[p]!;
  let problem: DomainProblem | null = null;
  for (let q = from, end = start[p + 1]!; q < end; q++) {
    const o = q * STRIDE;
    const op = code[o]! & 255;
    const a = code[o + 1]!;
    const b = code[o + 2]!;
    const d = code[o + 3]!;
    const av = a < 0 ? z[~a]! : r[a]!;
    const bv = b < 0 ? z[~b]! : r[b]!;
    const dv = d < 0 ? z[~d]! : r[d]!;
    const verdict: DomainVerdict = DOMAIN[op]?.(av, bv, dv, CONST_ARGS[code[o]! >> 8]!) ?? null;
    if (verdict && !problem) problem = { kind: verdict.kind, op: OP_NAMES[op]!, why: verdict.why };
    const v = REAL[op]!(av, bv, dv);
    if (!Number.isFinite(v) && !problem) problem = { kind: 'non-finite', op: OP_NAMES[op]!, why: `${OP_NAMES[op]!} gives ${v}` };
    r[q - from] = v;
  }
  const s = tape.result[p]!;
  return { value: s < 0 ? z[~s]! : r[s]!, problem };
}
