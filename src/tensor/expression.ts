// One expression of a program (a statement's right-hand side, or a claimed
// matrix gradient) built into the tensor IR with shapes checked. The caller
// resolves each symbol to a variable; errors go through its `fail`, at an
// offset into its text.
import { parseAnyDepth } from '../parse/deep.js';
import { InputError } from '../parse/errors.js';
import type { Syn, SyntaxList } from '../parse/syntax.js';
import { ShapeError, type TBuilder, type TId } from './ir.js';
import { TFUNCTIONS, TOPS, type TOpName } from './ops.js';
import { formatShape, isScalar, SCALAR } from './shape.js';

export const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI], ['e', Math.E]]);

export interface ExpressionContext {
  /** Prefix of every message, e.g. "in 'z = sigmoid(V*x)'". */
  readonly label: string;
  /** The caller's whole text, for parse errors (which keep their kind). */
  readonly source: string;
  readonly maxDepth?: number;
  /** Throws the caller's error at an offset into the caller's text. */
  readonly fail: (message: string, offset: number) => never;
  /** The IR variable a user symbol stands for (or a call of `fail`). `at` is the offset of the symbol. */
  readonly symbol: (name: string, at: number) => TId;
}

/** Builds `expr` (which starts at offset `base` of the caller's text) into `b`; returns its root. */
export function buildExpression(b: TBuilder, expr: string, base: number, ctx: ExpressionContext): TId {
  const { label, fail } = ctx;
  let syn: SyntaxList;
  try {
    syn = parseAnyDepth(expr, ctx.maxDepth);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.kind, e.message, base + (e.offset ?? 0), ctx.source);
    throw e;
  }
  const ids: TId[] = [];
  const argText = (k: number): string => {
    const s = syn[k]!;
    return expr.slice(s.start, s.end).trim();
  };
  const at = (s: Syn): number => base + (s.t === 'op' ? s.opAt : s.start);
  const shapeFail = (s: Syn, what: string, args: readonly number[]): never => {
    const parts = args.map((k) => `${argText(k)} ${formatShape(b.shape(ids[k]!))}`);
    return fail(`${label}: ${what} of ${parts.join(' and ')} does not fit`, at(s));
  };
  const make = (s: Syn, op: TOpName, args: readonly number[], build: () => TId): TId => {
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
        ids.push(b.num(s.value));
        break;
      case 'sym': {
        const c = CONSTANTS.get(s.name);
        if (c !== undefined) {
          ids.push(b.num(c));
          break;
        }
        if (TFUNCTIONS.has(s.name)) fail(`${label}: '${s.name}' is a function; write ${s.name}(…)`, base + s.start);
        ids.push(ctx.symbol(s.name, base + s.start));
        break;
      }
      case 'call': {
        const op = TFUNCTIONS.get(s.name);
        if (op === undefined) fail(`${label}: unknown function '${s.name}'`, base + s.start);
        if (s.args.length !== 1) fail(`${label}: ${s.name} takes one argument, got ${s.args.length}`, base + s.start);
        ids.push(make(s, op!, s.args, () => (op === 'transpose' ? b.transpose(ids[s.args[0]!]!) : b.call(op!, [ids[s.args[0]!]!]))));
        break;
      }
      case 'op':
        ids.push(operator(s));
        break;
    }
  });
  return ids[ids.length - 1]!;

  function operator(s: Syn & { t: 'op' }): TId {
    const [x, y] = s.args.map((a) => ids[a]!);
    const sx = x === undefined ? SCALAR : b.shape(x);
    const sy = y === undefined ? SCALAR : b.shape(y);
    const constant = (id: TId, what: string): number => {
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
        if (isScalar(sx) || isScalar(sy)) return b.emul(x!, y!);
        return make(s, 'matmul', s.args, () => b.op('matmul', [x!, y!]));
      case 'dotMultiply':
        return make(s, 'emul', s.args, () => b.op('emul', [x!, y!]));
      case 'divide':
        if (!isScalar(sy)) fail(`${label}: division by ${argText(s.args[1]!)} ${formatShape(sy)}, which is not a scalar: write ./ for elementwise division`, at(s));
        return b.op('ediv', [x!, y!]);
      case 'dotDivide':
        return make(s, 'ediv', s.args, () => b.op('ediv', [x!, y!]));
      case 'pow':
        if (!isScalar(sx)) fail(`${label}: ^ of ${argText(s.args[0]!)} ${formatShape(sx)} is a matrix power: write .^ for an elementwise power`, at(s));
        return b.op('epow', [x!, b.num(constant(y!, '^'))]);
      case 'dotPow':
        if (!isScalar(sy)) fail(`${label}: the exponent of .^ must be a number`, at(s));
        return b.op('epow', [x!, b.num(constant(y!, '.^'))]);
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
