// The whole pipeline for one program, as one pure function: parse → shapes
// → derive in matrix form → (values, reverse sweep, check). No I/O; the
// renderers take the result. `lagrad derive` calls it when the input is a
// program; the YAML network shorthand compiles to program text and comes here.
import type { ClaimConvention, ClaimSpec } from './claims/claim.js';
import { parseMatrixClaim } from './claims/matrix-claim.js';
import { matrixPoints, type MatrixContext, type SkippedPoint } from './claims/matrix-judge.js';
import { judgeInReportOrder, judgeMatrixClaim, type MatrixVerdict } from './claims/verdict.js';
import { InputError } from './parse/errors.js';
import { gradeEach, type Submission } from './pipeline.js';
import { checkProgram, type ProgramCheck } from './tensor/check.js';
import { chooseProgramPoint, type ProgramPoint } from './tensor/point.js';
import { sweepProgram, type Sweep } from './tensor/sweep.js';
import { deriveMatrixForm, type ProgramDerivation } from './tensor/derive.js';
import { parseProgram, type Program } from './tensor/program.js';
import { findProblem, type ProgramProblem } from './tensor/problems.js';
import { expressionWork } from './tensor/work.js';
import { checkLabels, holdFixed, scalarValues } from './tensor/roles.js';
import type { Tensor } from './ir/shape.js';
import { valuesFromJson } from './tensor/values.js';

export { isProgram } from './tensor/program.js';

/** What picks the values and the differentiated params, for derivations and claims alike. */
export interface ProgramInputOptions {
  /** Values of some or all params and data, as parsed JSON (nested arrays, row-major). */
  readonly values?: unknown;
  /** Values of scalar params and data (`--at w1=2,w2=5`). */
  readonly at?: ReadonlyMap<string, number>;
  /** Params held fixed (`--const`). */
  readonly constants?: readonly string[];
  /** The only params differentiated (`--wrt`); the others are held fixed. */
  readonly wrt?: readonly string[];
  readonly maxDepth?: number;
}

/** The program with its roles, and the values given for it (--values, then --at). */
function programAndValues(source: string, options: ProgramInputOptions, outputs = false): { program: Program; given: Map<string, Tensor> } {
  const program = holdFixed(parseProgram(source, { maxDepth: options.maxDepth }), options);
  if (program.outputs && !outputs) {
    throw new InputError('usage', `the program's output ${program.outputs.join(', ')} is not one scalar: lagrad derive gives its Jacobian; claims, traces, graphs and handouts take a program with a scalar objective (minimize NAME)`, program.outputsAt ?? 0, source);
  }
  const given = options.values === undefined ? new Map<string, Tensor>() : valuesFromJson(options.values, program);
  for (const [name, t] of scalarValues(program, options.at ?? new Map())) {
    if (given.has(name)) throw new InputError('usage', `'${name}' is given by both --values and --at`);
    given.set(name, t);
  }
  checkLabels(program, given);
  return { program, given };
}

export interface ProgramOptions extends ProgramInputOptions {
  readonly seed?: number;
  /** Run the numeric check (default true). */
  readonly check?: boolean;
  /** Check every entry up to this many in all (default 2,000), else sample. */
  readonly checkAllLimit?: number;
}

export interface ProgramAnalysis {
  readonly source: string;
  readonly program: Program;
  readonly derivation: ProgramDerivation;
  readonly point: ProgramPoint;
  readonly sweep: Sweep;
  readonly check: ProgramCheck | null;
  /** The point is on a kink or outside a domain: no derivative there, so no check (exit 1). */
  readonly problem: ProgramProblem | null;
}

/** Parses a program and derives, evaluates and checks it. Throws InputError (exit 2) for bad input. */
export function deriveProgram(source: string, options: ProgramOptions = {}): ProgramAnalysis {
  const { program, given } = programAndValues(source, options);
  return analysisOf(source, program, given, options);
}

/** A program with a scalar objective derived, or one with a vector output's Jacobian (parsed once). */
export function deriveAnyProgram(source: string, options: ProgramOptions = {}): ProgramAnalysis | ProgramJacobian {
  const { program, given } = programAndValues(source, options, true);
  return program.outputs ? jacobianOf(source, program, given, options) : analysisOf(source, program, given, options);
}

function analysisOf(source: string, program: Program, given: Map<string, Tensor>, options: ProgramOptions): ProgramAnalysis {
  const derivation = deriveMatrixForm(program);
  const seed = options.seed ?? 0;
  const point = chooseProgramPoint(program, given, seed);
  const sweep = sweepProgram(derivation, point);
  const problem = findProblem(program, point.values);
  if (problem) return { source, program, derivation, point, sweep, check: null, problem };
  const check = options.check === false ? null : checkProgram(derivation, point, sweep, { seed, allLimit: options.checkAllLimit });
  return { source, program, derivation, point, sweep, check, problem: null };
}

/** An output entry (a row of the Jacobian) or a param entry (a column): y[2], W[1,3], or the name of a scalar. */
export interface EntryLabel {
  readonly name: string;
  /** Row-major index into the variable's data. */
  readonly index: number;
  readonly label: string;
}

/** A program with a vector output (note 004): one reverse sweep per output entry, seeded with ō = e_k. */
export interface ProgramJacobian {
  readonly kind: 'program-jacobian';
  readonly source: string;
  readonly program: Program;
  /** Row k's analysis: the derivation (the same for every row), the point with its seed e_k, the sweep and the check. */
  readonly rows: readonly ProgramAnalysis[];
  readonly outputs: readonly EntryLabel[];
  readonly inputs: readonly EntryLabel[];
  /** value[k][j] = ∂(output entry k)/∂(param entry j). */
  readonly value: readonly (readonly number[])[];
}

/** Rows of the Jacobian lagrad derives, one reverse sweep and one check each. */
export const JACOBIAN_ROWS_LIMIT = 64;
/** Rows times the work of one forward evaluation (tensor/work.ts units; about 5 ns each): a check is some 40 of them, so about 20 s at the limit. */
export const JACOBIAN_WORK_LIMIT = 1e8;

const entryLabels = (name: string, shape: readonly [number, number]): EntryLabel[] => {
  const [r, c] = shape;
  if (r * c === 1) return [{ name, index: 0, label: name }];
  return Array.from({ length: r * c }, (_, k) => ({ name, index: k, label: c === 1 ? `${name}[${k + 1}]` : `${name}[${Math.floor(k / c) + 1},${(k % c) + 1}]` }));
};

/** The Jacobian of a program's outputs (a vector objective, or `output a, b`). */
function jacobianOf(source: string, program: Program, given: Map<string, Tensor>, options: ProgramOptions): ProgramJacobian {
  const outputs = program.outputs!.flatMap((o) => entryLabels(o, program.shapes.get(o)!));
  if (outputs.length > JACOBIAN_ROWS_LIMIT) {
    throw new InputError('usage', `the output has ${outputs.length} entries, so its Jacobian ${outputs.length} rows, more than the ${JACOBIAN_ROWS_LIMIT} lagrad derives (one reverse sweep and one check each): name fewer outputs, or smaller ones`);
  }
  // Each row is a sweep and a check (about 40 forward evaluations): their work together is bounded before any is run.
  const forwardWork = program.statements.reduce((w, st) => w + expressionWork(program.builder, st.root), 0);
  if (outputs.length * forwardWork > JACOBIAN_WORK_LIMIT) {
    throw new InputError('usage', `the Jacobian's ${outputs.length} rows would each re-run a program of ${forwardWork.toExponential(1)} units of work (${(outputs.length * forwardWork).toExponential(1)} in all), more than the limit of ${JACOBIAN_WORK_LIMIT.toExponential(0)}: name fewer outputs, or use smaller shapes`, program.outputsAt ?? 0, source);
  }
  const derivation = deriveMatrixForm(program);
  const seed = options.seed ?? 0;
  // One point for every row: the params and data drawn once, the seeds set to e_k row by row.
  const first = chooseProgramPoint(program, given, seed);
  const seeds = program.seeds!;
  const rows = outputs.map((row): ProgramAnalysis => {
    const values = new Map(first.values);
    for (const [o, name] of seeds) {
      const shape = program.shapes.get(o)!;
      const data = new Float64Array(shape[0] * shape[1]);
      if (o === row.name) data[row.index] = 1;
      values.set(name, { rows: shape[0], cols: shape[1], data } as Tensor);
    }
    const given = new Map(program.declarations.map((d) => [d.name, values.get(d.name)!] as const));
    // The values are the first point's (random, given or mixed as that one was), the seeds e_k.
    const point = { ...chooseProgramPoint(program, given, seed), given: first.given };
    const sweep = sweepProgram(derivation, point);
    const problem = findProblem(program, point.values);
    if (problem) return { source, program, derivation, point, sweep, check: null, problem };
    const check = options.check === false ? null : checkProgram(derivation, point, sweep, { seed, allLimit: options.checkAllLimit });
    return { source, program, derivation, point, sweep, check, problem: null };
  });
  const params = derivation.gradient.map((eq) => eq.name);
  const inputs = params.flatMap((p) => entryLabels(p, program.shapes.get(p)!));
  const value = rows.map((a) => params.flatMap((p) => [...a.sweep.gradient.get(p)!.data]));
  return { kind: 'program-jacobian', source, program, rows, outputs, inputs, value };
}

/** `values` and `at` give one point the claims must hold at; the rest of the points are random. */
export interface ProgramClaimsOptions extends ProgramInputOptions {
  readonly seed?: number;
  /** Seeded random points (default 20). */
  readonly points?: number;
  /** The multipliers' symbol and the Lagrangian's sign the claims are written in (default the notes': mu, −). */
  readonly convention?: ClaimConvention;
}

/** The truth, once, for any number of claims about a program. */
export interface ProgramClaimsContext {
  readonly source: string;
  readonly derivation: ProgramDerivation;
  readonly contexts: readonly MatrixContext[];
  /** Points not compared at (no derivative there). */
  readonly skipped: readonly SkippedPoint[];
  /** Parses a claim (InputError naming it) and judges it. */
  judge(spec: ClaimSpec): MatrixVerdict;
}

export interface ProgramClaimsResult {
  readonly source: string;
  readonly derivation: ProgramDerivation;
  readonly contexts: readonly MatrixContext[];
  readonly skipped: readonly SkippedPoint[];
  /** From the objective down (not the order given): see `topologicalRank` and `judgeInReportOrder` (claims/verdict.ts). */
  readonly verdicts: readonly MatrixVerdict[];
  /** Index of the wrong claim nearest the objective (the first wrong one of `verdicts`), or null. */
  readonly firstWrong: number | null;
  readonly ok: boolean;
}

export function prepareProgramClaims(source: string, options: ProgramClaimsOptions = {}): ProgramClaimsContext {
  const { program, given } = programAndValues(source, options);
  const derivation = deriveMatrixForm(program);
  const { contexts, skipped } = matrixPoints(derivation, given, options.points ?? 20, options.seed ?? 0);
  return { source, derivation, contexts, skipped, judge: (spec) => judgeMatrixClaim(derivation, parseMatrixClaim(program, spec, options.convention), contexts) };
}

/** Checks claimed matrix gradients and multipliers of a program; see src/claims/matrix-*.ts. */
export function checkProgramClaims(source: string, specs: readonly ClaimSpec[], options: ProgramClaimsOptions = {}): ProgramClaimsResult {
  const ctx = prepareProgramClaims(source, options);
  const rank = topologicalRank(ctx.derivation.program);
  const judged = judgeInReportOrder(specs, ctx.judge, (v) => rank(v.claim));
  return { source, derivation: ctx.derivation, contexts: ctx.contexts, skipped: ctx.skipped, ...judged };
}

/**
 * Reverse topological order of a program's claims, as a rank (higher first):
 * a statement's multiplier by its position (the objective highest), then the
 * params' gradients, each by the last statement that uses it (W of
 * yhat = W*z before V of z = sigmoid(V*x)), as an expression's inputs come after its nodes.
 */
export function topologicalRank(program: Program): (target: { kind: 'grad' | 'mu'; variable: string }) => number {
  const n = program.statements.length;
  const position = new Map(program.statements.map((s, k) => [s.name, k] as const));
  const lastUse = new Map<string, number>();
  program.statements.forEach((s, k) => {
    for (const u of s.uses) lastUse.set(u, k);
  });
  return (t) => (t.kind === 'mu' ? n + position.get(t.variable)! : lastUse.get(t.variable) ?? -1);
}

/** A graded submission about a program: its verdict, or why its claim could not be read. */
export interface ProgramGraded {
  readonly submission: Submission;
  readonly verdict: MatrixVerdict | null;
  readonly error: string | null;
}

/** Grades many submissions against one program's derivation and one set of points; a bad claim stops nothing. */
export function gradeProgramSubmissions(
  source: string, submissions: readonly Submission[], options: ProgramClaimsOptions = {},
): { ctx: ProgramClaimsContext; graded: ProgramGraded[]; ok: boolean } {
  const ctx = prepareProgramClaims(source, options);
  return { ctx, ...gradeEach(submissions, ctx.judge) };
}
