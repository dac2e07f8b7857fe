// The pipeline for a vector of expressions `[y1, y2, …]` (note 004's Jacobian):
// one graph for every component (shared subexpressions are one node), one
// point, and for each output y_k the Lagrangian with y_k as its objective,
// so one multiplier set μ⁽ᵏ⁾ and one reverse sweep per output, each checked
// as an expression's is. The Jacobian's row k is output k's gradient. Pure:
// renderers take the result.
import { derive } from './derive/derive.js';
import { buildGraph, feedsOutput, GraphError, outputView, type CompGraph } from './model/graph.js';
import { outputLetter } from './model/notation.js';
import { InputError } from './parse/errors.js';
import { parseExpressionList, type ParsedExpression, type ParsedList } from './parse/expr.js';
import { tooManyNodes } from './parse/deep.js';
import { claimsOn, CLAIMS_NODE_LIMIT, judgeAll, type Analysis, type AnalyzeOptions, type CheckClaimsOptions, type ClaimsResult } from './pipeline.js';
import { claimContext, type ClaimSpec } from './claims/claim.js';
import { check } from './verify/check.js';
import { evaluateChecked } from './verify/evaluate.js';
import { choosePoint, compile, forwardChecked, reverseSweep, type PointChoice } from './verify/numeric.js';

export interface ListAnalysis {
  readonly kind: 'list';
  readonly source: string;
  readonly parsed: ParsedList;
  /** The one graph of every component; `outputs` holds each component's node. */
  readonly graph: CompGraph;
  /** The point, with the values of every node of the graph. */
  readonly point: PointChoice;
  /** Output k's derivation (its Lagrangian has y_k as objective), its μ⁽ᵏ⁾ and its check, as an expression's analysis. */
  readonly outputs: readonly Analysis[];
  /** J[k][j] = ∂y_k/∂θ_j: row k is output k's gradient. */
  readonly jacobian: readonly (readonly number[])[];
}

/** The list read and its one graph. */
function listGraph(source: string, options: Pick<AnalyzeOptions, 'model' | 'constants' | 'wrt' | 'maxDepth' | 'nodeLimit'>): { parsed: ParsedList; graph: CompGraph } {
  if (options.model === 'grouped') throw new InputError('usage', "--model grouped takes one expression; a list's Jacobian is derived on the default graph", 0, source);
  const parsed = parseExpressionList(source, options);
  let graph: CompGraph;
  try {
    graph = buildGraph(parsed.builder, parsed.roots, parsed.inputs, parsed.constants);
  } catch (e) {
    if (e instanceof GraphError) throw new InputError('usage', e.message, 0, source);
    throw e;
  }
  if (options.nodeLimit !== undefined && graph.m > options.nodeLimit.nodes) throw tooManyNodes(source, graph.m, options.nodeLimit);
  // Each output is derived (and printed) on the graph up to its node: the work is the sum of those sizes.
  const views = graph.outputs!.reduce((s, o) => s + o, 0);
  if (options.nodeLimit !== undefined && views > options.nodeLimit.nodes) {
    throw new InputError('depth', `a list of ${graph.outputs!.length} outputs is derived once per output, on the graph up to that output's node: ${views.toLocaleString('en-US')} nodes in all, more than the limit of ${options.nodeLimit.nodes.toLocaleString('en-US')} ${options.nodeLimit.what}; derive fewer outputs at a time`, 0, source);
  }
  return { parsed, graph };
}

/** A point may name only the list's symbols, with finite values. */
function checkListPoint(parsed: ParsedList, at: ReadonlyMap<string, number>): void {
  const known = new Set(parsed.symbols);
  for (const [name, value] of at) {
    if (!known.has(name)) throw new InputError('usage', `--at names '${name}', which the expressions do not have`);
    if (!Number.isFinite(value)) throw new InputError('usage', `--at gives ${name} the value ${value}, which is not a finite number`);
  }
}

/** Parses `[y1, y2, …]` and derives every output. */
export function analyzeExpressionList(source: string, options: AnalyzeOptions = {}): ListAnalysis {
  const { parsed, graph } = listGraph(source, options);
  const at = options.at ?? new Map<string, number>();
  checkListPoint(parsed, at);
  const seed = options.seed ?? 0;
  // One point for every output: inside the domain of every node of the shared graph.
  const point = choosePoint(derive(graph), at, seed);
  const outputs = graph.outputs!.map((o, k): Analysis => {
    const derivation = derive(outputView(graph, o));
    const own = forwardChecked(derivation, point.inputs, point.values);
    // A point outside the domain of another output's node is no problem of this one.
    const feeds = feedsOutput(graph, o);
    const p: PointChoice = { ...point, z: own.z, problem: own.problem !== null && feeds[own.problem.node] === 1 ? own.problem : firstProblem(derivation, own.z, feeds, point) };
    const compiled = compile(derivation, p.values);
    const report = options.check === false && !p.problem ? null : check(derivation, compiled, p, { seed, allLimit: options.checkAllLimit });
    const mu = p.problem ? new Float64Array(derivation.graph.m + 1).fill(NaN) : report?.mu ?? reverseSweep(derivation, compiled, p.z);
    const component: ParsedExpression = { ...parsed, source: parsed.components[k]!, root: parsed.roots[k]! };
    return { source: parsed.components[k]!, parsed: component, derivation, point: p, mu, check: report };
  });
  const jacobian = outputs.map((a) => a.derivation.gradient.map((s) => a.mu[s.node]!));
  return { kind: 'list', source, parsed, graph, point, outputs, jacobian };
}

/** The first node that feeds the output and is outside its domain or on a kink (forwardChecked reports only the first of all). */
function firstProblem(der: ReturnType<typeof derive>, z: Float64Array, feeds: Uint8Array, point: PointChoice): PointChoice['problem'] {
  const g = der.graph;
  for (let i = g.d + 1; i <= g.m; i++) {
    if (!feeds[i]) continue;
    const r = evaluateChecked(g.builder, g.nodes[i]!.f!, z, point.values);
    if (r.problem) return { ...r.problem, node: i };
  }
  return null;
}

/** Claims about a list's outputs, judged output by output. */
export interface ListClaimsResult {
  readonly kind: 'list';
  readonly source: string;
  /** The outputs' letter (y, as in y2/x1, unless the input uses it: outputLetter). */
  readonly letter: string;
  /** Per output that has claims, in output order: its number (1-based) and its claims' result, targets without `yK/`. */
  readonly results: readonly { readonly output: number; readonly result: ClaimsResult }[];
  readonly ok: boolean;
}

/** `y2/x1` → output 2 and target `x1`; anything else is refused, naming the form. */
export function splitListTarget(target: string, outputs: number, letter = 'y'): { output: number; target: string } {
  const m = new RegExp(`^\\s*${letter}(\\d+)\\s*/\\s*(.+)$`).exec(target);
  const k = m ? Number(m[1]) : NaN;
  if (!m || !(k >= 1 && k <= outputs)) {
    const y = letter;
    throw new InputError('usage', `a claim about a list [${y}1, …, ${y}${outputs}] names its output, then its input or node: ${y}1/x1="…" (an entry of the Jacobian), ${y}2/z3="…" (a multiplier of output 2)`, undefined, undefined, claimContext(target));
  }
  return { output: k, target: m[2]!.trim() };
}

/**
 * Claims `yK/x1` (the Jacobian's entry ∂y_K/∂x1) and `yK/z3` (output K's multiplier μ⁽ᴷ⁾₃, in the one
 * graph's numbering), each judged on output K's derivation at its own points.
 */
export function checkListClaims(source: string, specs: readonly ClaimSpec[], options: CheckClaimsOptions): ListClaimsResult {
  const { parsed, graph } = listGraph(source, { ...options, nodeLimit: options.nodeLimit ?? CLAIMS_NODE_LIMIT });
  for (const p of options.at ?? []) checkListPoint(parsed, p);
  const k = parsed.roots.length;
  const letter = outputLetter(parsed.symbols);
  const split = specs.map((spec) => ({ spec, ...splitListTarget(spec.target, k, letter) }));
  const results: { output: number; result: ClaimsResult }[] = [];
  for (let output = 1; output <= k; output++) {
    const mine = split.filter((c) => c.output === output).map((c): ClaimSpec => ({ ...c.spec, target: c.target }));
    if (mine.length === 0) continue;
    const derivation = derive(outputView(graph, graph.outputs![output - 1]!));
    const component: ParsedExpression = { ...parsed, source: parsed.components[output - 1]!, root: parsed.roots[output - 1]! };
    results.push({ output, result: judgeAll(claimsOn(component.source, component, derivation, options), mine) });
  }
  return { kind: 'list', source, letter, results, ok: results.every((r) => r.result.ok) };
}
