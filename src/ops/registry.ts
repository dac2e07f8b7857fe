// What is derived from the table of functions, never kept beside it: the
// names a user may call and their arities, the activations of the YAML
// networks, and the table of functions printed by the README and --help.
import { FUNCTIONS_TABLE } from './functions.js';
import type { FunctionName, FunctionSpec } from './spec.js';

export interface Callable {
  readonly op: FunctionName;
  /** Numbers of arguments accepted; a variadic function accepts any number from the first. */
  readonly arity: readonly number[];
  readonly variadic: boolean;
  readonly defaults: readonly number[];
}

const ENTRIES = Object.entries(FUNCTIONS_TABLE) as [FunctionName, FunctionSpec][];

function arities(spec: FunctionSpec): number[] {
  const least = spec.arity - (spec.defaults?.length ?? 0);
  return Array.from({ length: spec.arity - least + 1 }, (_, k) => least + k);
}

/** Every name a user may call, with what it means; `log` takes one argument, or two for a base. */
export const CALLABLE: ReadonlyMap<string, Callable> = new Map(
  ENTRIES.flatMap(([op, spec]) => spec.names.map((name): [string, Callable] => [name, {
    op,
    arity: op === 'log' ? [1, 2] : arities(spec),
    variadic: spec.variadic === true,
    defaults: spec.defaults ?? [],
  }])),
);

/** True when `name` with `n` arguments is a call the table knows. */
export function acceptsArity(c: Callable, n: number): boolean {
  return c.variadic ? n >= c.arity[0]! : c.arity.includes(n);
}

/** "1", "1 or 2", "2 or more". */
export function describeArity(c: Callable): string {
  return c.variadic ? `${c.arity[0]} or more` : c.arity.join(' or ');
}

/** The activations a YAML layer may name, in table order (identity: no function). */
export const ACTIVATIONS: readonly FunctionName[] = ENTRIES.filter(([, s]) => s.activation).map(([op]) => op);

/** The functions with no complex continuation written, as the check's output names them: "erf, erfc, gelu". */
export const NO_CONTINUATION: string = ENTRIES.filter(([, s]) => s.complex === undefined).map(([op]) => op).join(', ');

/** One row per function for the README and --help: the names typed, the meaning, the derivative. */
export function functionTable(): { names: string; meaning: string; derivative: string }[] {
  return ENTRIES.filter(([, s]) => s.names.length > 0).map(([op, s]) => ({
    names: s.names.map((n) => `${n}(${argNames(op, s)})`).join(', '),
    meaning: s.doc.meaning,
    derivative: s.doc.derivative,
  }));
}

function argNames(op: FunctionName, s: FunctionSpec): string {
  if (op === 'clamp') return 'x, lo, hi';
  if (op === 'atan2') return 'y, x';
  if (op === 'nthRoot') return 'x, n';
  if (op === 'pow') return 'x, y';
  if (op === 'leaky_relu') return 'x, a';
  if (op === 'elu') return 'x, α';
  if (s.variadic) return 'a, b, …';
  return s.arity === 1 ? 'x' : 'x, y';
}

/** The table as Markdown, for the README (a test keeps the README's copy equal to it). */
export function functionTableMarkdown(): string {
  // A | inside a cell (|x|) would end it: escaped.
  const cell = (t: string): string => t.replaceAll('|', '\\|');
  const rows = functionTable().map((r) => `| \`${r.names}\` | ${cell(r.meaning)} | ${cell(r.derivative)} |`);
  return ['| function | meaning | derivative |', '|---|---|---|', ...rows].join('\n');
}

/** The table as plain text, for --help. */
export function functionTableText(): string {
  const rows = functionTable();
  const w = Math.max(...rows.map((r) => r.names.length));
  return rows.map((r) => `  ${r.names.padEnd(w)}  ${r.meaning}; derivative ${r.derivative}`).join('\n');
}
