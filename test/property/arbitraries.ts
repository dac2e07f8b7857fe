// Random scalar expressions for the property tests, as a small tree (so that a
// test can evaluate it independently of the tool) and as the text a user types.
//
// `smoothExpr` is domain-safe by construction: log and sqrt see 1 + u², a
// divisor is 1 + v², tan sees tanh(u) ∈ (−1, 1), asin and acos see a half of
// tanh or sin. Only abs and relu have kinks; `evaluate` reports how close their
// arguments come to 0 so that a test can skip points on or next to one.
// `rawExpr` is not domain-safe: it covers all the syntax (every function name,
// log with a base, π and e, unary signs, literals in exponent form) for tests
// that only parse and print.
import fc from 'fast-check';
import { parseExpression } from '../../src/parse/expr.js';
import { analyzeParsed, type Analysis } from '../../src/pipeline.js';

export type Var = 'x' | 'y' | 'z';
export const VARS: readonly Var[] = ['x', 'y', 'z'];

export type Fn =
  | 'exp' | 'log' | 'ln' | 'sqrt' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan'
  | 'sinh' | 'cosh' | 'tanh' | 'sigmoid' | 'softplus' | 'relu' | 'abs';
export type BinOp = '+' | '-' | '*' | '/' | '^';

export type Expr =
  | { readonly k: 'var'; readonly name: Var }
  | { readonly k: 'num'; readonly value: number }
  | { readonly k: 'const'; readonly name: 'pi' | 'e' }
  | { readonly k: 'neg'; readonly a: Expr }
  | { readonly k: 'plus'; readonly a: Expr }
  | { readonly k: 'bin'; readonly op: BinOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'fn'; readonly name: Fn; readonly a: Expr }
  | { readonly k: 'logb'; readonly a: Expr; readonly base: Expr };

const num = (value: number): Expr => ({ k: 'num', value });
const bin = (op: BinOp, a: Expr, b: Expr): Expr => ({ k: 'bin', op, a, b });
const fn = (name: Fn, a: Expr): Expr => ({ k: 'fn', name, a });
/** 1 + u², never below 1. */
const onePlusSquare = (u: Expr): Expr => bin('+', num(1), bin('^', u, num(2)));

/** The text of an expression, parenthesized in full so that it reads back unambiguously. */
export function toText(e: Expr): string {
  switch (e.k) {
    case 'var': return e.name;
    case 'num': return e.value < 0 || Object.is(e.value, -0) ? `(${e.value < 0 ? e.value : '-0'})` : String(e.value);
    case 'const': return e.name;
    case 'neg': return `-(${toText(e.a)})`;
    case 'plus': return `+(${toText(e.a)})`;
    case 'bin': return `(${toText(e.a)}) ${e.op} (${toText(e.b)})`;
    case 'fn': return `${e.name}(${toText(e.a)})`;
    case 'logb': return `log(${toText(e.a)}, ${toText(e.base)})`;
  }
}

/** The variables an expression reads, in order of first appearance in its text. */
export function varsOf(e: Expr): Var[] {
  const out: Var[] = [];
  const go = (x: Expr): void => {
    switch (x.k) {
      case 'var': if (!out.includes(x.name)) out.push(x.name); return;
      case 'num': case 'const': return;
      case 'neg': case 'plus': case 'fn': go(x.a); return;
      case 'bin': go(x.a); go(x.b); return;
      case 'logb': go(x.a); go(x.base); return;
    }
  };
  go(e);
  return out;
}

export interface Evaluation {
  readonly value: number;
  /** Largest |value| of any subexpression: the scale of round-off. */
  readonly maxAbs: number;
  /** Arguments of abs and relu, in evaluation order (their signs must not change under a perturbation). */
  readonly kinkArgs: readonly number[];
}

const sigmoid = (u: number): number => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)));
const softplus = (u: number): number => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));

const FN_IMPL: Readonly<Record<Fn, (u: number) => number>> = {
  exp: Math.exp, log: Math.log, ln: Math.log, sqrt: Math.sqrt, sin: Math.sin, cos: Math.cos, tan: Math.tan,
  asin: Math.asin, acos: Math.acos, atan: Math.atan, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  sigmoid, softplus, relu: (u) => Math.max(u, 0), abs: Math.abs,
};

/** Evaluates with Math.* directly: an oracle independent of the tool's op table. */
export function evaluate(e: Expr, at: ReadonlyMap<string, number>): Evaluation {
  let maxAbs = 0;
  const kinkArgs: number[] = [];
  const go = (x: Expr): number => {
    let v: number;
    switch (x.k) {
      case 'var': v = at.get(x.name)!; break;
      case 'num': v = x.value; break;
      case 'const': v = x.name === 'pi' ? Math.PI : Math.E; break;
      case 'neg': v = -go(x.a); break;
      case 'plus': v = go(x.a); break;
      case 'bin': {
        const a = go(x.a);
        const b = go(x.b);
        v = x.op === '+' ? a + b : x.op === '-' ? a - b : x.op === '*' ? a * b : x.op === '/' ? a / b : Math.pow(a, b);
        break;
      }
      case 'fn': {
        const a = go(x.a);
        if (x.name === 'abs' || x.name === 'relu') kinkArgs.push(a);
        v = FN_IMPL[x.name](a);
        break;
      }
      case 'logb': {
        const a = go(x.a);
        v = Math.log(a) / Math.log(go(x.base));
        break;
      }
    }
    if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
    else maxAbs = Infinity;
    return v;
  };
  const value = go(e);
  return { value, maxAbs, kinkArgs };
}

const varLeaf: fc.Arbitrary<Expr> = fc.constantFrom(...VARS).map((name): Expr => ({ k: 'var', name }));
/** Small constants; no 0, so that no input is multiplied away. */
const smallConst: fc.Arbitrary<Expr> = fc.constantFrom(0.5, 1, 1.5, 2, 3, -1, -0.5).map(num);

const SMOOTH_TOTAL: readonly Fn[] = ['exp', 'sin', 'cos', 'atan', 'tanh', 'sigmoid', 'softplus', 'sinh', 'cosh'];

/** Domain-safe expressions over x, y, z (at least one of them). */
export const smoothExpr: fc.Arbitrary<Expr> = fc
  .letrec<{ expr: Expr }>((tie) => {
    const u = tie('expr');
    return {
      expr: fc.oneof(
        { depthSize: 'small', maxDepth: 5 },
        fc.oneof({ weight: 3, arbitrary: varLeaf }, { weight: 1, arbitrary: smallConst }),
        fc.tuple(fc.constantFrom(...SMOOTH_TOTAL), u).map(([name, a]) => fn(name, a)),
        u.map((a): Expr => ({ k: 'neg', a })),
        fc.tuple(fc.constantFrom<BinOp>('+', '-', '*'), u, u).map(([op, a, b]) => bin(op, a, b)),
        fc.tuple(u, u).map(([a, b]) => bin('/', a, onePlusSquare(b))),
        fc.tuple(u, fc.constantFrom(2, 3)).map(([a, p]) => bin('^', a, num(p))),
        fc.tuple(u, u).map(([a, b]) => bin('^', onePlusSquare(a), b)),
        u.map((a) => fn('log', onePlusSquare(a))),
        u.map((a) => fn('sqrt', onePlusSquare(a))),
        u.map((a) => fn('tan', fn('tanh', a))),
        u.map((a) => fn('asin', bin('/', fn('tanh', a), num(2)))),
        u.map((a) => fn('acos', bin('/', fn('sin', a), num(2)))),
        fc.tuple(fc.constantFrom<Fn>('abs', 'relu'), u).map(([name, a]) => fn(name, a)),
      ),
    };
  })
  .expr.filter((e) => varsOf(e).length > 0);

/** Any expression the parser accepts, domain or not. */
export const rawExpr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => {
  const u = tie('expr');
  const literal = fc.oneof(
    fc.integer({ min: 0, max: 20 }).map(num),
    fc.constantFrom(0.5, 0.25, 1.5, 2.75, 1e-7, 3e21, 1.25e-12, 123456.789).map(num),
    fc.integer({ min: -20, max: -1 }).map(num),
    fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }).map((v) => num(Math.round(v * 1e3) / 1e3)),
  );
  const fnName = fc.constantFrom<Fn>(
    'exp', 'log', 'ln', 'sqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'sigmoid',
    'softplus', 'relu', 'abs',
  );
  return {
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 6 },
      fc.oneof(
        { weight: 4, arbitrary: varLeaf },
        { weight: 2, arbitrary: literal },
        { weight: 1, arbitrary: fc.constantFrom<'pi' | 'e'>('pi', 'e').map((name): Expr => ({ k: 'const', name })) },
      ),
      fc.tuple(fnName, u).map(([name, a]) => fn(name, a)),
      u.map((a): Expr => ({ k: 'neg', a })),
      u.map((a): Expr => ({ k: 'plus', a })),
      fc.tuple(fc.constantFrom<BinOp>('+', '-', '*', '/', '^'), u, u).map(([op, a, b]) => bin(op, a, b)),
      fc.tuple(u, u).map(([a, base]): Expr => ({ k: 'logb', a, base })),
    ),
  };
}).expr;

/** Values beyond this are left out: round-off, not the derivation, would decide a test. */
export const MAX_MAGNITUDE = 1e6;
/**
 * An abs or relu argument closer to 0 than this counts as on (or next to) a kink and is
 * skipped. The tool itself reports a kink only within 1e-9 of 0, and its central
 * differences step ≈ 6e-6·max(1, |z_j|), which a closer kink would straddle.
 */
export const KINK_DISTANCE = 1e-3;

/**
 * fc.assert parameters: 200 runs from a fixed seed, so that the suite is deterministic.
 * For a longer search, LAGRAD_PROPERTY_RUNS=20000 and LAGRAD_PROPERTY_SEED=<n> or =random.
 */
export const PROPERTY_PARAMS: { numRuns: number; seed?: number } = (() => {
  const numRuns = Number(process.env['LAGRAD_PROPERTY_RUNS'] ?? 200);
  const seed = process.env['LAGRAD_PROPERTY_SEED'] ?? '20240601';
  return seed === 'random' ? { numRuns } : { numRuns, seed: Number(seed) };
})();

/** One coordinate in [−2, 2], rounded to two decimals as a user would type it. */
export const coordinate: fc.Arbitrary<number> = fc
  .double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true })
  .map((v) => Math.round(v * 100) / 100);

/** Values for x, y and z; a test keeps those its expression reads. */
export const point: fc.Arbitrary<Readonly<Record<Var, number>>> = fc.record({ x: coordinate, y: coordinate, z: coordinate });

/** The `at` map for an expression: exactly the variables it reads. */
export function atFor(e: Expr, p: Readonly<Record<Var, number>>): Map<string, number> {
  return new Map(varsOf(e).map((v) => [v, p[v]]));
}

/** A generated expression analyzed at a generated point. */
export interface Case {
  readonly text: string;
  readonly at: Map<string, number>;
  readonly ref: Evaluation;
  readonly analysis: Analysis;
  /** Names the case in failure messages. */
  readonly where: string;
}

/** Analyzes a generated expression at a generated point, or skips (fc.pre) where no test is meaningful. */
export function prepareCase(e: Expr, p: Readonly<Record<Var, number>>): Case {
  const text = toText(e);
  const at = atFor(e, p);
  const ref = evaluate(e, at);
  fc.pre(Number.isFinite(ref.value) && ref.maxAbs <= MAX_MAGNITUDE);
  // Off the kinks of abs and relu.
  fc.pre(ref.kinkArgs.every((u) => Math.abs(u) > KINK_DISTANCE));
  const parsed = parseExpression(text);
  // Constant folding can leave nothing to differentiate: u^(1 + (−1)) is 1.
  fc.pre(!parsed.builder.isConst(parsed.root));
  const analysis = analyzeParsed(parsed, { at });
  return { text, at, ref, analysis, where: `${text} at ${JSON.stringify(Object.fromEntries(at))}` };
}
