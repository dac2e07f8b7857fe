// The public library API: pure functions on plain data, no I/O.
export {
  analyzeExpression, analyzeParsed, checkExpressionClaims, prepareClaims, gradeSubmissions,
  type Analysis, type AnalyzeOptions, type ClaimsResult, type ClaimsContext, type CheckClaimsOptions, type Submission, type Graded,
} from './pipeline.js';
export type { ClaimSpec } from './claims/claim.js';
export type { ClaimVerdict } from './claims/verdict.js';
export type { Diagnosis, DiagnosisKind } from './claims/diagnose.js';
export { renderCheckText, renderCheckJson, renderBatchCsv, renderBatchJson } from './render/check-report.js';
export { parseExpression, type ParsedExpression, type ParseOptions } from './parse/expr.js';
export { InputError } from './parse/errors.js';
export { buildGraph, type CompGraph, type ZNode } from './model/graph.js';
export { derive, type Derivation } from './derive/derive.js';
export { check, type CheckReport, type CheckRow } from './verify/check.js';
export { choosePoint, compile, reverseSweep } from './verify/numeric.js';
export { renderText, type Theme, PLAIN_THEME } from './render/text.js';
export { renderJson, toJsonDocument } from './render/json.js';
export { Arena } from './ir/arena.js';
export { Builder } from './ir/build.js';
export { OPS, type OpName, type OpSpec } from './ir/ops.js';
export { buildDocument } from './render/handout.js';
export type { HandoutDoc } from './render/document.js';
export { renderLatex } from './render/latex.js';
export { renderHtml } from './render/html.js';
export { renderMarkdown } from './render/markdown.js';
export { graphDot, graphMermaid, graphText } from './render/graph-formats.js';
