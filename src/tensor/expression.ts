// One expression of a program (a statement's right-hand side, or a claimed
// matrix gradient) built into the tensor IR with shapes checked. The caller
// resolves each symbol to a variable; errors go through its `fail`, at an
// offset into its text.
import { parseAnyDepth } from '../parse/deep.js';
import { InputError } from '../parse/errors.js';
import type { Syn, SyntaxList } from '../parse/syntax.js';
import { MAX_ENTRIES, ShapeError, type Builder, type NodeId } from '../ir/build.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import type { FunctionName } from '../ops/spec.js';
import { acceptsArity, CALLABLE, describeArity } from '../ops/registry.js';
import { TFUNCTIONS, TOPS, type TOpName } from '../ir/tensor-ops.js';
import { formatShape, isScalar, SCALAR } from '../ir/shape.js';

/** Arguments a function of the table needs as numbers (nthRoot's degree). */
const FUNCTION_CONSTANTS = (op: TOpName): readonly number[] => (op in FUNCTIONS_TABLE ? FUNCTIONS_TABLE[op as FunctionName].constantArgs ?? [] : []);

export const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI], ['e', Math.E]]);

export interface ExpressionContext {
  /** Prefix of every message, e.g. "in 'z = sigmoid(V*x)'". */
  readonly label: string;
  /** The caller's whole text, for parse errors (which keep their kind). */
  readonly source: string;
  readonly maxDepth?: number;
  /** Throws the caller's error at an offset into the caller's text. */
  readonly fail: (message: string, offset: number) => never;
  /** Throws for shapes that do not fit (default: `fail`); a claimed gradient makes it a wrong answer, not bad input. */
  readonly failShape?: (message: string, offset: number) => never;
  /** The IR variable a user symbol stands for (or a call of `fail`). `at` is the offset of the symbol. */
  readonly symbol: (name: string, at: number) => NodeId;
}

/** Builds `expr` (which starts at offset `base` of the caller's text) into `b`; returns its root. */
export function buildExpression(b: Builder, expr: string, base: number, ctx: ExpressionContext): NodeId {
  const { label, fail } = ctx;
  const failShape = ctx.failShape ?? fail;
  let syn: SyntaxList;
  try {
    syn = parseAnyDepth(expr, ctx.maxDepth);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.kind, e.message, base + (e.offset ?? 0), ctx.source);
    throw e;
  }
  const ids: NodeId[] = [];
  const argText = (k: number): string => {
    const s = syn[k]!;
    return expr.slice(s.start, s.end).trim();
  };
  const at = (s: Syn): number => base + (s.t === 'op' ? s.opAt : s.start);
  const shapeFail = (s: Syn, what: string, args: readonly number[]): never => {
    const parts = args.map((k) => `${argText(k)} ${formatShape(b.shape(ids[k]!))}`);
    return failShape(`${label}: ${what} of ${parts.join(' and ')} does not fit`, at(s));
  };
  const make = (s: Syn, op: TOpName, args: readonly number[], build: () => NodeId): NodeId => {
    try {
      return build();
    } catch (e) {
      if (e instanceof ShapeError) return shapeFail(s, TOPS[op].describe, args);
      throw e;
    }
  };
  syn.forEach((s) => {
    switch (s.t) {
      case 'num':
        if (!Number.isFinite(s.value)) fail(`${label}: '${expr.slice(s.start, s.end).trim()}' is not a finite number`, base + s.start);
        ids.push(b.num(s.value));
        break;
      case 'sym': {
        const c = CONSTANTS.get(s.name);
        if (c !== undefined) {
          ids.push(b.num(c));
          break;
        }
        if (TFUNCTIONS.has(s.name) || CALLABLE.has(s.name)) fail(`${label}: '${s.name}' is a function; write ${s.name}(…)`, base + s.start);
        ids.push(ctx.symbol(s.name, base + s.start));
        break;
      }
      case 'call': {
        if (s.name === 'ones') {
          ids.push(ones(s));
          break;
        }
        const fn = CALLABLE.get(s.name);
        if (fn && fn.variadic && s.args.length === 1) {
          // max(v), min(v) of one argument: the reduction over its entries.
          const op: TOpName = fn.op === 'max' ? 'maxall' : 'minall';
          ids.push(make(s, op, s.args, () => b.op(op, [ids[s.args[0]!]!])));
          break;
        }
        if (fn) {
          // A function of the one table, elementwise: defaults filled in, max(a, b, c) folded pairwise.
          if (!acceptsArity(fn, s.args.length)) {
            const want = describeArity(fn);
            fail(`${label}: ${s.name} takes ${want} argument${want === '1' ? '' : 's'}, got ${s.args.length}`, base + s.start);
          }
          const given = s.args.map((a) => ids[a]!);
          const op: TOpName = fn.op === 'log' && given.length === 2 ? 'logb' : fn.op;
          const full = [...given, ...fn.defaults.slice(given.length - fn.arity[0]!).map((v) => b.num(v))];
          const constant = TOPS[op].lifted ? FUNCTION_CONSTANTS(op) : [];
          for (const k of constant) if (full[k] !== undefined && b.numValue(full[k]!) === null) fail(`${label}: argument ${k + 1} of ${s.name} must be a number`, base + s.start);
          ids.push(make(s, op, s.args, () => (fn.variadic
            ? full.slice(1).reduce((acc, x) => b.op(op, [acc, x]), full[0]!)
            : b.op(op, full))));
          break;
        }
        const op = TFUNCTIONS.get(s.name);
        if (op === undefined) fail(`${label}: unknown function '${s.name}'`, base + s.start);
        // One argument, or two for a named loss: (prediction, label).
        const arity = TOPS[op!].arity;
        if (s.args.length !== arity) fail(`${label}: ${s.name} takes ${arity === 1 ? 'one argument' : 'two arguments (prediction, label)'}, got ${s.args.length}`, base + s.start);
        ids.push(make(s, op!, s.args, () => (op === 'transpose' ? b.transpose(ids[s.args[0]!]!) : b.op(op!, s.args.map((a) => ids[a]!)))));
        break;
      }
      case 'op':
        ids.push(operator(s));
        break;
    }
  });
  return ids[ids.length - 1]!;

  /** ones(n) or ones(r, c): 𝟙 of that shape (a bias gradient over a batch is μ·ones(batch, 1)). */
  function ones(s: Syn & { t: 'call' }): NodeId {
    const dims = s.args.map((k) => syn[k]!);
    const ok = dims.length >= 1 && dims.length <= 2 && dims.every((d) => d.t === 'num' && Number.isInteger(d.value) && d.value >= 1 && d.value <= MAX_ENTRIES);
    if (!ok) fail(`${label}: ones takes its size as whole numbers: ones(n) or ones(rows, cols)`, base + s.start);
    const [r, c] = dims.map((d) => (d as { value: number }).value);
    if (r! * (c ?? 1) > MAX_ENTRIES) fail(`${label}: ones(${r}, ${c}) has more than ${MAX_ENTRIES.toLocaleString('en')} entries`, base + s.start);
    return b.ones([r!, c ?? 1]);
  }

  function operator(s: Syn & { t: 'op' }): NodeId {
    const [x, y] = s.args.map((a) => ids[a]!);
    const sx = x === undefined ? SCALAR : b.shape(x);
    const sy = y === undefined ? SCALAR : b.shape(y);
    const constant = (id: NodeId, what: string): number => {
      const v = b.numValue(id);
      if (v === null) fail(`${label}: the exponent of ${what} must be a number`, at(s));
      return v!;
    };
    switch (s.fn) {
      case 'add':
        return make(s, 'add', s.args, () => b.op('add', [x!, y!]));
      case 'subtract':
        return make(s, 'sub', s.args, () => b.op('sub', [x!, y!]));
      case 'multiply':
        if (isScalar(sx) || isScalar(sy)) return b.mul(x!, y!);
        return make(s, 'matmul', s.args, () => b.op('matmul', [x!, y!]));
      case 'dotMultiply':
        return make(s, 'mul', s.args, () => b.op('mul', [x!, y!]));
      case 'divide':
        if (!isScalar(sy)) failShape(`${label}: division by ${argText(s.args[1]!)} ${formatShape(sy)}, which is not a scalar: write ./ for elementwise division`, at(s));
        return b.op('div', [x!, y!]);
      case 'dotDivide':
        return make(s, 'div', s.args, () => b.op('div', [x!, y!]));
      case 'pow':
        if (!isScalar(sx)) failShape(`${label}: ^ of ${argText(s.args[0]!)} ${formatShape(sx)} is a matrix power: write .^ for an elementwise power`, at(s));
        // The table's pow, x^y elementwise: a number exponent (the power rule) or a varying one.
        if (b.numValue(y!) === null) return make(s, 'pow', s.args, () => b.op('pow', [x!, y!]));
        return b.op('pow', [x!, b.num(constant(y!, '^'))]);
      case 'dotPow':
        if (b.numValue(y!) === null) return make(s, 'pow', s.args, () => b.op('pow', [x!, y!]));
        return b.op('pow', [x!, b.num(constant(y!, '.^'))]);
      case 'unaryMinus':
        return b.neg(x!);
      case 'unaryPlus':
        return x!;
      case 'ctranspose':
      case 'transpose':
        return b.transpose(x!);
      default:
        return fail(`${label}: the operator '${s.op}' is not supported in a program`, at(s));
    }
  }
}
