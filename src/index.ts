// The public library API: pure functions on plain data, no I/O. First the one
// entry for every input (`analyze`, `checkClaims`, `grade`: expressions,
// programs and networks alike, src/analyze.ts), then each pipeline in one
// call (src/pipeline.ts, src/program-pipeline.ts), their parts and their renderers.
import type { ClaimSpec } from './claims/claim.js';
import * as any from './analyze.js';
import * as pipeline from './pipeline.js';
import { describeClaimNode } from './render/check-report.js';

// ── Any input: expressions, programs, networks ──────────────────────────────

export { analyze, inputKind, type AnyAnalysis, type InputKind, type Options, type AnyClaimsResult, type AnyGraded } from './analyze.js';
/** As src/analyze.ts's, with `describeNode` optional (by default as `derive` writes a node, `z₃ = sin(z₁)`). */
export type AnyClaimsOptions = Omit<any.AnyClaimsOptions, 'describeNode'> & { readonly describeNode?: pipeline.DescribeNode };
/** Checks claimed derivatives of any input: a verdict per claim, with a counterexample and a diagnosis. */
export function checkClaims(source: string, specs: readonly ClaimSpec[], options: AnyClaimsOptions = {}): any.AnyClaimsResult {
  return any.checkClaims(source, specs, { ...options, describeNode: options.describeNode ?? describeClaimNode });
}
/** Grades many submissions about any input against one derivation; a claim that cannot be read is reported on its own row. */
export function grade(source: string, submissions: readonly pipeline.Submission[], options: AnyClaimsOptions = {}): any.AnyGraded {
  return any.grade(source, submissions, { ...options, describeNode: options.describeNode ?? describeClaimNode });
}

// ── Expressions: the whole pipeline ─────────────────────────────────────────

/** Derives, evaluates and checks one expression: `analyzeExpression('ln(x1) + x1*x2 - sin(x2)')`. */
export { analyzeExpressionList, type ListAnalysis } from './list-pipeline.js';
export { renderListText, renderListJson, renderListTextChunks, renderListJsonChunks, buildListDocument } from './render/jacobian.js';
/** A program's Jacobian (a vector objective, or `output a, b`; `deriveAnyProgram`): text and JSON. */
export { renderProgramJacobianText, renderProgramJacobianJson, renderProgramJacobianTextChunks, renderProgramJacobianJsonChunks } from './render/program-jacobian.js';
export { buildGroupedGraph, type NodeType } from './model/grouped.js';
export { analyzeExpression, analyzeParsed, type Analysis, type AnalyzeOptions, type Submission, type Graded, type DescribeNode } from './pipeline.js';

/** As the pipeline's, with `describeNode` (how a diagnosis names a node) optional: by default as `derive` writes it, `z₃ = sin(z₁)`. */
export type CheckClaimsOptions = Omit<pipeline.CheckClaimsOptions, 'describeNode'> & { readonly describeNode?: pipeline.DescribeNode };
export type { ClaimsResult, ClaimsContext, ClaimsTruth } from './pipeline.js';

const withDescriber = (options: CheckClaimsOptions): pipeline.CheckClaimsOptions => ({ ...options, describeNode: options.describeNode ?? describeClaimNode });

/** The truth of an expression, once, for any number of claims. */
export function prepareClaims(source: string, options: CheckClaimsOptions = {}): pipeline.ClaimsContext {
  return pipeline.prepareClaims(source, withDescriber(options));
}
/** Checks claimed derivatives of an expression: a verdict per claim, with a counterexample and a diagnosis. */
export function checkExpressionClaims(source: string, specs: readonly ClaimSpec[], options: CheckClaimsOptions = {}): pipeline.ClaimsResult {
  return pipeline.checkExpressionClaims(source, specs, withDescriber(options));
}
/** Grades many submissions against one derivation; a claim that does not parse is reported on its own row. */
export function gradeSubmissions(source: string, submissions: readonly pipeline.Submission[], options: CheckClaimsOptions = {}): ReturnType<typeof pipeline.gradeSubmissions> {
  return pipeline.gradeSubmissions(source, submissions, withDescriber(options));
}
export type { ClaimSpec } from './claims/claim.js';
export type { ClaimVerdict } from './claims/verdict.js';
export type { Diagnosis, DiagnosisKind } from './claims/diagnose.js';

// ── Expressions: the parts ──────────────────────────────────────────────────

/** Parsing, the computation graph, the derivation, the numeric check, the IR. */
export { parseExpression, type ParsedExpression, type ParseOptions } from './parse/expr.js';
export { InputError } from './parse/errors.js';
export { buildGraph, type CompGraph, type ZNode } from './model/graph.js';
export { derive, type Derivation } from './derive/derive.js';
export { check, type CheckReport, type CheckRow } from './verify/check.js';
export { choosePoint, compile, reverseSweep } from './verify/numeric.js';
export { traceOf, type Trace, type Numbering, type AdjointPush } from './verify/trace.js';
export { Arena } from './ir/arena.js';
export { Builder } from './ir/build.js';
export { OPS, type OpName, type ScalarOpName, type OpSpec } from './ir/ops.js';

// ── Programs and networks: the whole pipeline ───────────────────────────────

/**
 * Derives a program (`param W; data x; y = W*x; minimize sum(y^2)`) in matrix
 * form, evaluates it at a seeded point and checks it; checks and grades claimed
 * matrix gradients and multipliers. `deriveProgram` here is the whole program
 * pipeline (source text → ProgramAnalysis); the derivation alone is `deriveMatrixForm`.
 */
export {
  deriveProgram, deriveAnyProgram, prepareProgramClaims, checkProgramClaims, gradeProgramSubmissions, isProgram,
  type ProgramAnalysis, type ProgramJacobian, type ProgramOptions, type ProgramInputOptions, type ProgramClaimsOptions,
  type ProgramClaimsContext, type ProgramClaimsResult, type ProgramGraded,
} from './program-pipeline.js';
/** The network shorthand (YAML) compiled to program text, for `deriveProgram`. */
export { compileNetwork, NETWORK_LIMITS, LOSSES, ACTIVATIONS, type Loss } from './parse/network.js';

// ── Programs: the parts and their types ─────────────────────────────────────

/** Parsing a program (shapes checked) and its matrix-form derivation (tensor/derive.ts's `deriveProgram`). */
export { parseProgram, type Program, type Statement, type Declaration, type Role } from './tensor/program.js';
export { deriveMatrixForm, type ProgramDerivation, type AdjointEquation, type AdjointTerm } from './tensor/derive.js';
export type { Shape, Tensor } from './ir/shape.js';
export type { ProgramPoint } from './tensor/point.js';
export type { Sweep } from './tensor/sweep.js';
export type { ProgramCheck, EntryRow, DirectionRow, DotRow } from './tensor/check.js';
export type { ProgramProblem } from './tensor/problems.js';
export type { MatrixClaim } from './claims/matrix-claim.js';
export type { MatrixVerdict } from './claims/verdict.js';
export type { MatrixDiagnosis } from './claims/matrix-diagnose.js';
export type { MatrixContext, SkippedPoint } from './claims/matrix-judge.js';

// ── Renderers ───────────────────────────────────────────────────────────────
// Each returns its text as a string; the text, JSON and document renderers
// have a *Chunks variant that returns the same text as chunks (an Iterable of
// strings, never joined), for outputs longer than a string can be: write them
// one by one (`for (const c of renderJsonChunks(a)) stream.write(c)`).

export { joinChunks, rechunk, type Chunks } from './render/chunks.js';
export { jsonChunks, writeJson, type Json, type JsonObject } from './render/json-writer.js';

/** Expressions: text, JSON, check reports; the echoed parsed form and a diagnosis's node name. */
export { parsedForm, describeNode } from './render/echo.js';
export { renderCheckText, renderCheckJson, renderBatchCsv, renderBatchJson } from './render/check-report.js';
export { renderText, renderTextChunks } from './render/text.js';
export { type Theme, PLAIN_THEME } from './render/text-writer.js';
export { renderJson, renderJsonChunks, toJsonDocument } from './render/json.js';
export { renderTraceText } from './render/trace-text.js';
export { traceJson } from './render/trace-json.js';
export { traceRows, type TraceRow, type TraceRows } from './render/trace-rows.js';
/** Programs: text, JSON (`lagrad/derivation@1` for a program), check reports. */
export { renderProgramText, renderProgramTextChunks } from './render/program-text.js';
export { renderProgramJson, renderProgramJsonChunks, toProgramJson } from './render/program-json.js';
export { renderProgramCheckText, renderProgramCheckJson, renderProgramBatchJson } from './render/program-check-report.js';
/** Documents (expressions and programs alike): the document model, then LaTeX, HTML, Markdown; graphs. */
export { buildDocument, type ProblemInput, type DocOptions } from './render/handout.js';
export type { HandoutDoc } from './render/document.js';
export { renderLatex, renderLatexChunks } from './render/latex.js';
export { renderHtml, renderHtmlChunks } from './render/html.js';
export { renderMarkdown, renderMarkdownChunks } from './render/markdown.js';
export { graphDot, graphMermaid, graphText } from './render/graph-formats.js';
/** The graph drawn in the terminal within a width, and the layered layout it uses. */
export { drawGraph, type TerminalGraph } from './render/graph-terminal.js';
export { terminalGraphOfView, terminalGraphOfProgram } from './render/graph-terminal-data.js';
export { layered, type Layering, type LayeringInput } from './render/layering.js';
