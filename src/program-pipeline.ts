// The whole pipeline for one program, as one pure function: parse → shapes
// → derive in matrix form → (values, reverse sweep, check). No I/O; the
// renderers take the result. `lagrad derive` calls it when the input is a
// program; the YAML network shorthand compiles to program text and comes here.
import { checkProgram, type ProgramCheck } from './tensor/check.js';
import { choosePoint, type ProgramPoint } from './tensor/point.js';
import { reverseSweep, type Sweep } from './tensor/sweep.js';
import { deriveProgram as deriveMatrixForm, type ProgramDerivation } from './tensor/derive.js';
import { parseProgram, type Program } from './tensor/program.js';
import { valuesFromJson } from './tensor/values.js';

export { isProgram } from './tensor/program.js';

export interface ProgramOptions {
  /** Values of some or all params and data, as parsed JSON (nested arrays, row-major). */
  readonly values?: unknown;
  readonly seed?: number;
  /** Run the numeric check (default true). */
  readonly check?: boolean;
  readonly maxDepth?: number;
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
}

/** Parses a program and derives, evaluates and checks it. Throws InputError (exit 2) for bad input. */
export function deriveProgram(source: string, options: ProgramOptions = {}): ProgramAnalysis {
  const program = parseProgram(source, { maxDepth: options.maxDepth });
  const given = options.values === undefined ? new Map() : valuesFromJson(options.values, program);
  const derivation = deriveMatrixForm(program);
  const seed = options.seed ?? 0;
  const point = choosePoint(program, given, seed);
  const sweep = reverseSweep(derivation, point);
  const check = options.check === false ? null : checkProgram(derivation, point, sweep, { seed, allLimit: options.checkAllLimit });
  return { source, program, derivation, point, sweep, check };
}
