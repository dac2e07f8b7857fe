// `--const` and `--wrt` for programs: params held fixed become data, so the
// derivation neither differentiates them nor sends them multipliers.
import { InputError } from '../parse/errors.js';
import type { Program } from './program.js';

/**
 * The program with these params held fixed (as data). `wrt`, when given,
 * names the only params to differentiate; `constants` names params to hold.
 * Every name must be a param of the program; at least one param must remain.
 */
export function holdFixed(program: Program, options: { constants?: readonly string[]; wrt?: readonly string[] }): Program {
  const params = program.declarations.filter((d) => d.role === 'param').map((d) => d.name);
  const check = (flag: string, names: readonly string[]): void => {
    for (const name of names) {
      const d = program.declarations.find((x) => x.name === name);
      if (d?.role === 'param') continue;
      const what = d ? 'is data, already held fixed' : program.shapes.has(name) ? 'is a statement, not a param' : 'is not in the program';
      throw new InputError('usage', `${flag} names '${name}', which ${what} (params: ${params.join(', ')})`);
    }
  };
  check('--const', options.constants ?? []);
  if (options.wrt) check('--wrt', options.wrt);
  const fixed = new Set(options.constants ?? []);
  if (options.wrt) for (const p of params) if (!options.wrt.includes(p)) fixed.add(p);
  if (fixed.size === 0) return program;
  if (params.every((p) => fixed.has(p))) throw new InputError('usage', `--const/--wrt leave no param to differentiate (params: ${params.join(', ')})`);
  return {
    ...program,
    declarations: program.declarations.map((d) => (fixed.has(d.name) ? { ...d, role: 'data' } : d)),
    statements: program.statements.map((s) => ({ ...s, uses: s.uses.filter((u) => !fixed.has(u)) })),
  };
}

/** `--at w1=2,w2=5` for a program: values of its scalar params and data, as tensors. */
export function scalarValues(program: Program, at: ReadonlyMap<string, number>): Map<string, { rows: number; cols: number; data: Float64Array }> {
  const out = new Map<string, { rows: number; cols: number; data: Float64Array }>();
  for (const [name, value] of at) {
    const d = program.declarations.find((x) => x.name === name);
    if (!d) throw new InputError('usage', `--at names '${name}', which is not a param or data of the program`);
    if (d.shape[0] !== 1 || d.shape[1] !== 1) throw new InputError('usage', `--at gives '${name}' one number, but it is [${d.shape.join(',')}]: give vectors and matrices with --values FILE.json`);
    if (!Number.isFinite(value)) throw new InputError('usage', `--at gives ${name} the value ${value}, which is not a finite number`);
    out.set(name, { rows: 1, cols: 1, data: Float64Array.of(value) });
  }
  return out;
}
