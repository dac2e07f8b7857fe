// The IR: interning is idempotent (the same expression built twice in one
// builder is one node, and adds nothing to the arena), parsing agrees with an
// independent evaluation of the generated tree, and printing is faithful: the
// ASCII print of a parsed expression parses back to an expression that prints
// the same and has the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Builder } from '../../src/ir/build.js';
import type { NodeId } from '../../src/ir/types.js';
import { parseExpression, type ParsedExpression } from '../../src/parse/expr.js';
import { ASCII, printExpr } from '../../src/render/print.js';
import { compileReal } from '../../src/verify/evaluate.js';
import { close, type Tolerance } from '../../src/verify/tolerance.js';
import {
  atFor, evaluate, point, PROPERTY_PARAMS, rawExpr, smoothExpr, toText, VARS, type Expr, type Var,
} from './arbitraries.js';

/** Builds a generated tree through the builder's smart constructors, as the parser does. */
function buildTree(b: Builder, e: Expr): NodeId {
  switch (e.k) {
    case 'var': return b.sym(e.name);
    case 'num': return b.num(e.value);
    case 'const': return b.constant(e.name);
    case 'neg': return b.neg(buildTree(b, e.a));
    case 'plus': return buildTree(b, e.a);
    case 'bin': {
      const x = buildTree(b, e.a);
      const y = buildTree(b, e.b);
      return e.op === '+' ? b.add(x, y) : e.op === '-' ? b.sub(x, y) : e.op === '*' ? b.mul(x, y) : e.op === '/' ? b.div(x, y) : b.pow(x, y);
    }
    case 'fn': return b.call(e.name === 'ln' ? 'log' : e.name, buildTree(b, e.a));
    case 'logb': return b.call('logb', buildTree(b, e.a), buildTree(b, e.base));
  }
}

/** Rebuilds every node reachable from `root` through `call`, bottom-up, in the same builder. */
function rebuild(b: Builder, root: NodeId): NodeId {
  const memo = new Map<NodeId, NodeId>();
  const go = (id: NodeId): NodeId => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = b.node(id);
    const out = n.kind === 'op' ? b.call(n.op, ...n.args.map(go)) : id;
    memo.set(id, out);
    return out;
  };
  return go(root);
}

const allVars = (p: Readonly<Record<Var, number>>): Map<string, number> => new Map(VARS.map((v) => [v, p[v]]));
const valueOf = (parsed: ParsedExpression, values: ReadonlyMap<string, number>): number =>
  compileReal(parsed.builder, parsed.root, values)(new Float64Array(0));
/** Same value: equal, or both NaN. */
const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));
/** Parsing and printing are cheap (no analysis): ten times the runs of the other properties. */
const PARAMS = { ...PROPERTY_PARAMS, numRuns: PROPERTY_PARAMS.numRuns * 10 };

/**
 * Parsing against the independent evaluation: the builder may regroup constant factors
 * (c·(d·u) → (c·d)·u) and fold constants, so values agree to round-off, which the
 * conditioning of f can amplify; 1e-9 relative to the largest intermediate value.
 */
const PARSE_TOL: Tolerance = { rel: 1e-9, abs: 1e-9 };

describe('IR interning', () => {
  it('building the same expression twice in one builder gives the same node and no new nodes', () => {
    fc.assert(
      fc.property(rawExpr, (e) => {
        const parsed = parseExpression(toText(e));
        const b = parsed.builder;
        const first = buildTree(b, e);
        const size = b.arena.size;
        const second = buildTree(b, e);
        expect(second, toText(e)).toBe(first);
        expect(b.arena.size, toText(e)).toBe(size);
        // The parser builds through the same constructors: it found the same node.
        expect(first, toText(e)).toBe(parsed.root);
      }),
      PARAMS,
    );
  });

  it('rebuilding a parsed expression node by node returns its root and adds nothing', () => {
    fc.assert(
      fc.property(rawExpr, (e) => {
        const parsed = parseExpression(toText(e));
        const size = parsed.builder.arena.size;
        expect(rebuild(parsed.builder, parsed.root), toText(e)).toBe(parsed.root);
        expect(parsed.builder.arena.size, toText(e)).toBe(size);
      }),
      PARAMS,
    );
  });
});

describe('parse', () => {
  it('a parsed expression has the value of the generated tree', () => {
    fc.assert(
      fc.property(smoothExpr, point, (e, p) => {
        const at = atFor(e, p);
        const ref = evaluate(e, at);
        fc.pre(Number.isFinite(ref.value));
        const parsed = parseExpression(toText(e));
        expect(parsed.symbols, toText(e)).toEqual([...at.keys()]);
        const value = valueOf(parsed, at);
        expect(close(value, ref.value, PARSE_TOL, ref.maxAbs), `${toText(e)} at ${JSON.stringify(p)}: parsed ${value}, tree ${ref.value}`).toBe(true);
      }),
      PARAMS,
    );
  });
});

describe('print → re-parse', () => {
  const reprint = (e: Expr): { parsed: ParsedExpression; printed: string; again: ParsedExpression; where: string } => {
    const parsed = parseExpression(toText(e));
    const printed = printExpr(parsed.builder, parsed.root, ASCII);
    const again = parseExpression(printed);
    return { parsed, printed, again, where: `${toText(e)} printed as ${printed}` };
  };

  it('the ASCII print parses back to an expression that prints the same', () => {
    fc.assert(
      fc.property(rawExpr, (e) => {
        const { printed, again, where } = reprint(e);
        expect(printExpr(again.builder, again.root, ASCII), where).toBe(printed);
      }),
      PARAMS,
    );
  });

  it('the ASCII print parses back to an expression with the same value', () => {
    fc.assert(
      fc.property(rawExpr, point, (e, p) => {
        const { parsed, again, where } = reprint(e);
        const values = allVars(p);
        const before = valueOf(parsed, values);
        const after = valueOf(again, values);
        // Exactly the same where the print keeps the grouping; to round-off where it
        // regroups a product, amplified at most to the size of the largest intermediate value.
        const { maxAbs } = evaluate(e, values);
        const ok = same(before, after) || (Number.isFinite(maxAbs) && close(before, after, PARSE_TOL, maxAbs));
        expect(ok, `${where} at ${JSON.stringify(p)}: ${before} before, ${after} after`).toBe(true);
      }),
      PARAMS,
    );
  });

  it('the ASCII print parses back to the same node (STYLE.md §8)', () => {
    fc.assert(
      fc.property(rawExpr, (e) => {
        const { parsed, again, where } = reprint(e);
        // Built into the first builder, the re-parsed expression is the very same node.
        expect(buildFrom(parsed.builder, again), where).toBe(parsed.root);
      }),
      PARAMS,
    );
  });
});

/** Copies `source`'s expression into builder `b` through `call` (and leaves as they are). */
function buildFrom(b: Builder, source: ParsedExpression): NodeId {
  const memo = new Map<NodeId, NodeId>();
  const go = (id: NodeId): NodeId => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = source.builder.node(id);
    let out: NodeId;
    switch (n.kind) {
      case 'op': out = b.call(n.op, ...n.args.map(go)); break;
      case 'num': out = b.num(n.value); break;
      case 'const': out = b.constant(n.name); break;
      case 'sym': out = b.sym(n.name); break;
      case 'ref': out = b.ref(n.index); break;
      case 'mu': out = b.mu(n.index); break;
      case 'ones': out = b.ones(n.shape); break;
    }
    memo.set(id, out);
    return out;
  };
  return go(source.root);
}
