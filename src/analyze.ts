// One entry point for every input the tool reads: an expression, a program
// (statements, declarations) or a network in the YAML shorthand. Each call
// says what it was given (`kind`) and returns that pipeline's result, so a
// caller need not know which of pipeline.ts and program-pipeline.ts serves it.
// Pure: no I/O, nothing printed.
import type { ClaimSpec } from './claims/claim.js';
import { InputError } from './parse/errors.js';
import { compileNetwork } from './parse/network.js';
import { listRanges } from './parse/expr.js';
import { analyzeExpressionList, type ListAnalysis } from './list-pipeline.js';
import {
  analyzeExpression, checkExpressionClaims, gradeSubmissions,
  type Analysis, type AnalyzeOptions, type CheckClaimsOptions, type ClaimsContext, type ClaimsResult, type Graded, type Submission,
} from './pipeline.js';
import {
  checkProgramClaims, deriveProgram, gradeProgramSubmissions, isProgram,
  type ProgramAnalysis, type ProgramClaimsContext, type ProgramClaimsOptions, type ProgramClaimsResult, type ProgramGraded, type ProgramOptions,
} from './program-pipeline.js';

/** What an input is; `network` is YAML text in the network shorthand (DESIGN.md), compiled to a program; `list` a vector of expressions `[y1, y2, …]` (its Jacobian). */
export type InputKind = 'expression' | 'program' | 'network' | 'list';

/** An expression's or a program's options; each applies where it means something (`values` to programs, `nodeLimit` to expressions). */
export type Options = AnalyzeOptions & Omit<ProgramOptions, keyof AnalyzeOptions> & {
  /** What `source` is; by default a program when it has statements or declarations (`isProgram`), else an expression. */
  readonly kind?: InputKind;
};

export type AnyAnalysis =
  | ({ readonly kind: 'expression' } & Analysis)
  | ListAnalysis
  | ({ readonly kind: 'program' | 'network' } & ProgramAnalysis);

/** The kind of `source` as `analyze` reads it. */
export function inputKind(source: string, kind?: InputKind): InputKind {
  return kind ?? (isProgram(source) ? 'program' : listRanges(source) !== null ? 'list' : 'expression');
}

/** A network's program text; a program or expression as given. */
function programSource(source: string, kind: InputKind): string {
  return kind === 'network' ? compileNetwork(source).program : source;
}

/**
 * Derives, evaluates and checks any input: `analyze('ln(x1) + x1*x2 - sin(x2)')`,
 * `analyze('param W[2,3]; data x[3]; y = W*x; minimize sum(y.^2)')`, or a
 * network's YAML with `{ kind: 'network' }`. Throws InputError for bad input.
 */
export function analyze(source: string, options: Options = {}): AnyAnalysis {
  const kind = inputKind(source, options.kind);
  if (kind === 'expression') return { kind, ...analyzeExpression(source, options) };
  if (kind === 'list') return analyzeExpressionList(source, options);
  return { kind, ...deriveProgram(programSource(source, kind), options) };
}

export type AnyClaimsOptions = CheckClaimsOptions & Omit<ProgramClaimsOptions, keyof CheckClaimsOptions> & { readonly kind?: InputKind };

export type AnyClaimsResult =
  | ({ readonly kind: 'expression' } & ClaimsResult)
  | ({ readonly kind: 'program' | 'network' } & ProgramClaimsResult);

/**
 * Judges claimed derivatives (of an expression: ∂f/∂x1, μ3; of a program:
 * ∂loss/∂W, mu_h) against the derivation at many points, each with a
 * counterexample and a diagnosis when wrong.
 */
export function checkClaims(source: string, specs: readonly ClaimSpec[], options: AnyClaimsOptions): AnyClaimsResult {
  const kind = noList(inputKind(source, options.kind));
  if (kind === 'expression') return { kind, ...checkExpressionClaims(source, specs, options) };
  return { kind, ...checkProgramClaims(programSource(source, kind), specs, programClaimsOptions(options)) };
}

/** Claims are read of one expression, a program or a network; a list's Jacobian entries are not yet. */
function noList(kind: InputKind): Exclude<InputKind, 'list'> {
  if (kind === 'list') throw new InputError('usage', "claims are checked against one expression, a program or a network; for a list [y1, y2, …], check each component on its own");
  return kind;
}

/** An expression's claims may be held to several given points; a program's to one (its other values come with `values`). */
function programClaimsOptions(options: AnyClaimsOptions): ProgramClaimsOptions {
  const points = options.at ?? [];
  if (points.length > 1) throw new InputError('usage', 'a program is checked at one given point: give at most one (with `values` for vectors and matrices)');
  return { ...options, at: points[0] };
}

export type AnyGraded =
  | { readonly kind: 'expression'; readonly ctx: ClaimsContext; readonly graded: Graded[]; readonly ok: boolean }
  | { readonly kind: 'program' | 'network'; readonly ctx: ProgramClaimsContext; readonly graded: ProgramGraded[]; readonly ok: boolean };

/** Grades many submissions against one derivation and one set of points; a claim that cannot be read is reported on its own row. */
export function grade(source: string, submissions: readonly Submission[], options: AnyClaimsOptions): AnyGraded {
  const kind = noList(inputKind(source, options.kind));
  if (kind === 'expression') return { kind, ...gradeSubmissions(source, submissions, options) };
  return { kind, ...gradeProgramSubmissions(programSource(source, kind), submissions, programClaimsOptions(options)) };
}
