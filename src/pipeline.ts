// The whole pipeline for one input, as one pure function: parse → graph →
// derive → (point, check). No I/O and no printing: renderers take the result
// (the parsed form is theirs to write, from `parsed`), and a diagnosis names
// its node through the `describeNode` the caller passes.
import { derive, type Derivation } from './derive/derive.js';
import { buildGraph, GraphError } from './model/graph.js';
import { buildGroupedGraph } from './model/grouped.js';
import { InputError } from './parse/errors.js';
import { parseExpression, type ParsedExpression } from './parse/expr.js';
import { tooManyNodes, type NodeLimit } from './parse/deep.js';
import { check, type CheckReport } from './verify/check.js';
import { choosePoint, compile, reverseSweep, type PointChoice } from './verify/numeric.js';
import { parseClaim, type ClaimConvention, type ClaimSpec } from './claims/claim.js';
import { samplePoints, type PointContext } from './claims/judge.js';
import { judgeClaim, judgeInReportOrder, type ClaimVerdict } from './claims/verdict.js';

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
  /** At most this many graph nodes, refused (exit 2) before derivation, check and rendering; default none. */
  readonly nodeLimit?: NodeLimit;
  /** Which nodes the graph has: 'default' (every operation), or 'grouped', note 003's computation model of types 1–3 (model/grouped.ts). */
  readonly model?: GraphModel;
}

/** How the computation graph chooses its nodes. */
export type GraphModel = 'default' | 'grouped';

export interface Analysis {
  readonly source: string;
  /** The expression as parsed: its IR root in its builder (render/echo.ts writes it with explicit operators). */
  readonly parsed: ParsedExpression;
  readonly derivation: Derivation;
  readonly point: PointChoice;
  /** μ_j at the point (for inputs, the gradient), from the derived equations. */
  readonly mu: Float64Array;
  readonly check: CheckReport | null;
}

/** A point may name only the expression's symbols, with finite values. */
function checkPoint(parsed: ParsedExpression, at: ReadonlyMap<string, number>): void {
  const known = new Set(parsed.symbols);
  for (const [name, value] of at) {
    if (!known.has(name)) throw new InputError('usage', `--at names '${name}', which the expression does not have`);
    if (!Number.isFinite(value)) throw new InputError('usage', `--at gives ${name} the value ${value}, which is not a finite number`);
  }
}

/** Graph and derivation of a parsed expression; a graph beyond `nodeLimit` is refused before it is derived. */
export function deriveParsed(parsed: ParsedExpression, nodeLimit?: NodeLimit, model: GraphModel = 'default'): Derivation {
  try {
    const graph = (model === 'grouped' ? buildGroupedGraph : buildGraph)(parsed.builder, parsed.root, parsed.inputs, parsed.constants);
    if (nodeLimit !== undefined && graph.m > nodeLimit.nodes) throw tooManyNodes(parsed.source, graph.m, nodeLimit);
    return derive(graph);
  } catch (e) {
    if (e instanceof GraphError) throw new InputError('usage', e.message, 0, parsed.source);
    throw e;
  }
}

/**
 * How a diagnosis names node i of the derivation, e.g. `z3 = sin(z1)`. The
 * pipeline prints nothing: the CLI and the library API (src/index.ts) pass
 * `describeNode` from src/render/echo.ts.
 */
export type DescribeNode = (derivation: Derivation, i: number) => string;

/**
 * The default node limit of claims: each is judged at 20 points, with the
 * diagnosis's descriptions; a graph of 10⁴ nodes takes about 10 s, 3·10⁴ took
 * 56 s at 2.5 GB, 3·10⁵ was killed by the system at 4.6 GB.
 */
export const CLAIMS_NODE_LIMIT: NodeLimit = { nodes: 10_000, what: 'for checking claims', raise: 'check the claim on a smaller part of the expression' };

export interface CheckClaimsOptions extends Pick<AnalyzeOptions, 'constants' | 'wrt' | 'seed' | 'maxDepth' | 'nodeLimit' | 'model'> {
  readonly describeNode: DescribeNode;
  /** Points the claims must hold at (each may give some symbols; the rest are random). */
  readonly at?: readonly ReadonlyMap<string, number>[];
  /** Seeded random points inside the domain (default 20). */
  readonly points?: number;
  /** The multipliers' symbol and the Lagrangian's sign the claims are written in (default the notes': mu, −). */
  readonly convention?: ClaimConvention;
}

/** The truth claims are compared with: the derivation and the points. */
export interface ClaimsTruth {
  readonly source: string;
  readonly parsed: ParsedExpression;
  readonly derivation: Derivation;
  readonly contexts: readonly PointContext[];
  /** Given points where the derivative itself is undefined: not used. */
  readonly skipped: readonly PointChoice[];
}

export interface ClaimsResult extends ClaimsTruth {
  /** From the output down (not the order given): see `judgeAll`. */
  readonly verdicts: readonly ClaimVerdict[];
  /** Index in `verdicts` of the wrong claim nearest the output (the first wrong one), or null. */
  readonly firstWrong: number | null;
  readonly ok: boolean;
}

/** The truth, once, for any number of claims. */
export interface ClaimsContext extends ClaimsTruth {
  /** Parses a claim (InputError naming it) and judges it. */
  judge(spec: ClaimSpec): ClaimVerdict;
}

export function prepareClaims(source: string, options: CheckClaimsOptions): ClaimsContext {
  const nodeLimit = options.nodeLimit ?? CLAIMS_NODE_LIMIT;
  const parsed = parseExpression(source, { ...options, nodeLimit });
  for (const p of options.at ?? []) checkPoint(parsed, p);
  return claimsOn(source, parsed, deriveParsed(parsed, nodeLimit, options.model), options);
}

/** The truth of a derivation already made (a list's output view, list-pipeline.ts), and its judge. */
export function claimsOn(source: string, parsed: ParsedExpression, derivation: Derivation, options: CheckClaimsOptions): ClaimsContext {
  const { contexts, skipped } = samplePoints(derivation, options.at ?? [], options.points ?? 20, options.seed ?? 0);
  const describe = (i: number): string => options.describeNode(derivation, i);
  return {
    source,
    parsed,
    derivation,
    contexts,
    skipped,
    judge: (spec) => judgeClaim(derivation, parseClaim(derivation, spec, options.convention), contexts, describe),
  };
}

/** One submission of a batch: an id, a target and a claim, as read from a file. */
export interface Submission {
  readonly id: string;
  readonly target: string;
  readonly claim: string;
}

/** A graded submission: its verdict, or why its claim could not be read. */
export interface Graded {
  readonly submission: Submission;
  readonly verdict: ClaimVerdict | null;
  /** The InputError of a claim that does not parse or names an unknown symbol. */
  readonly error: string | null;
}

/**
 * Grades many submissions against one derivation and one set of points. A
 * claim that does not parse is reported on its own row and stops nothing.
 */
export function gradeSubmissions(source: string, submissions: readonly Submission[], options: CheckClaimsOptions): { ctx: ClaimsContext; graded: Graded[]; ok: boolean } {
  const ctx = prepareClaims(source, options);
  return { ctx, ...gradeEach(submissions, ctx.judge) };
}

/** Judges each submission; a claim that does not parse (an InputError) is reported on its own row and stops nothing. */
export function gradeEach<V extends { readonly ok: boolean }>(
  submissions: readonly Submission[], judge: (spec: ClaimSpec) => V,
): { graded: { submission: Submission; verdict: V | null; error: string | null }[]; ok: boolean } {
  const graded = submissions.map((submission) => {
    try {
      return { submission, verdict: judge({ target: submission.target, text: submission.claim }), error: null };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { submission, verdict: null, error: e.format() };
    }
  });
  return { graded, ok: graded.every((g) => g.verdict?.ok === true) };
}

/** Checks claimed derivatives of an expression; see src/claims/. */
export function checkExpressionClaims(source: string, specs: readonly ClaimSpec[], options: CheckClaimsOptions): ClaimsResult {
  return judgeAll(prepareClaims(source, options), specs);
}

/**
 * Every claim judged, and reported from the output down as a program's are:
 * a multiplier by its node (the output's highest), then the gradients, each
 * by the last node that uses its input.
 */
export function judgeAll(ctx: ClaimsContext, specs: readonly ClaimSpec[]): ClaimsResult {
  const { graph } = ctx.derivation;
  const lastUse = (k: number): number => graph.nodes[k]!.beta.reduce((a, b) => Math.max(a, b), 0);
  const judged = judgeInReportOrder(specs, ctx.judge, (v) => (v.claim.kind === 'mu' ? graph.m + v.claim.node : lastUse(v.claim.node)));
  return { source: ctx.source, parsed: ctx.parsed, derivation: ctx.derivation, contexts: ctx.contexts, skipped: ctx.skipped, ...judged };
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
  checkPoint(parsed, at);
  const derivation = deriveParsed(parsed, options.nodeLimit, options.model);
  const seed = options.seed ?? 0;
  const point = choosePoint(derivation, at, seed);
  const compiled = compile(derivation, point.values);
  // A point without a derivative is reported (check.problem, exit 1) whether or not
  // the check runs: `check: false` skips the numeric work, never the report.
  const report = options.check === false && !point.problem ? null : check(derivation, compiled, point, { seed, allLimit: options.checkAllLimit });
  // At a kink or outside a domain there is no derivative: μ is NaN, not a one-sided value.
  const mu = point.problem ? new Float64Array(derivation.graph.m + 1).fill(NaN) : report?.mu ?? reverseSweep(derivation, compiled, point.z);
  return {
    source,
    parsed,
    derivation,
    point,
    mu,
    check: report,
  };
}
