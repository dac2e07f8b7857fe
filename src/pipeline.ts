// The whole pipeline for one input, as one pure function: parse → graph →
// derive → (point, check). No I/O; renderers take the result.
import { derive, type Derivation } from './derive/derive.js';
import { buildGraph, GraphError } from './model/graph.js';
import { InputError } from './parse/errors.js';
import { parseExpression, type ParsedExpression } from './parse/expr.js';
import { check, type CheckReport } from './verify/check.js';
import { choosePoint, compile, reverseSweep, type PointChoice } from './verify/numeric.js';
import { printExpr, ASCII } from './render/print.js';

export interface AnalyzeOptions {
  /** Symbols held fixed. */
  readonly constants?: readonly string[];
  /** The only inputs; every other symbol is held fixed. */
  readonly wrt?: readonly string[];
  /** Values of some or all symbols; the rest are drawn at random. */
  readonly at?: ReadonlyMap<string, number>;
  readonly seed?: number;
  /** Run the numeric check (default true). */
  readonly check?: boolean;
  readonly maxDepth?: number;
  /** Check every node up to this many (default 1,000), else sample. */
  readonly checkAllLimit?: number;
}

export interface Analysis {
  readonly source: string;
  /** The expression as parsed, with explicit operators. */
  readonly parsedForm: string;
  readonly parsed: ParsedExpression;
  readonly derivation: Derivation;
  readonly point: PointChoice;
  /** μ_j at the point (for inputs, the gradient), from the derived equations. */
  readonly mu: Float64Array;
  readonly check: CheckReport | null;
}

/** Parses `source` and analyzes it: the whole pipeline for one expression. */
export function analyzeExpression(source: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeParsed(parseExpression(source, options), options);
}

/**
 * Analyzes an expression already in the IR: from `parseExpression`, or built
 * through the library's Builder (with `source` a description for the output).
 */
export function analyzeParsed(parsed: ParsedExpression, options: AnalyzeOptions = {}): Analysis {
  const source = parsed.source;
  const at = options.at ?? new Map<string, number>();
  const known = new Set(parsed.symbols);
  for (const [name, value] of at) {
    if (!known.has(name)) throw new InputError('usage', `--at names '${name}', which the expression does not have`);
    if (!Number.isFinite(value)) throw new InputError('usage', `--at gives ${name} the value ${value}, which is not a finite number`);
  }
  let graph;
  try {
    graph = buildGraph(parsed.builder, parsed.root, parsed.inputs, parsed.constants);
  } catch (e) {
    if (e instanceof GraphError) throw new InputError('usage', e.message, 0, source);
    throw e;
  }
  const derivation = derive(graph);
  const seed = options.seed ?? 0;
  const point = choosePoint(derivation, at, seed);
  const compiled = compile(derivation, point.values);
  const report = options.check === false ? null : check(derivation, compiled, point, { seed, allLimit: options.checkAllLimit });
  const mu = report?.mu ?? reverseSweep(derivation, compiled, point.z);
  return {
    source,
    parsedForm: printExpr(parsed.builder, parsed.root, ASCII),
    parsed,
    derivation,
    point,
    mu,
    check: report,
  };
}
