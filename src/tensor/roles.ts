// `--const` and `--wrt` for programs: params held fixed become data, so the
// derivation neither differentiates them nor sends them multipliers; `--at`
// values; and the labels a named loss accepts.
import { InputError } from '../parse/errors.js';
import type { Program } from './program.js';
import type { Tensor } from '../ir/shape.js';

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
    declarations: program.declarations.map((d) => (fixed.has(d.name) ? { ...d, role: 'data', heldFixed: true } : d)),
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

/** Where statement `name = …` starts in the program's text (0 if it cannot be found), for messages. */
function statementAt(program: Program, name: string): number {
  const m = new RegExp(`(^|[\\n;])[ \\t]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*=(?!=)`, 'u').exec(program.source);
  if (!m) return 0;
  const rest = m[0].slice(m[1]!.length);
  return m.index + m[1]!.length + rest.length - rest.trimStart().length;
}

/**
 * softmax_cross_entropy(S, Y) is Σ logsumexp(S) − Σ Y ⊙ S, which is the
 * cross-entropy −Σ Y ⊙ log softmax(S) only when every column of Y sums to 1
 * (one-hot, or probabilities): so its label must not depend on a param, and
 * given label values must have such columns. Throws InputError (exit 2).
 */
export function checkLabels(program: Program, given: ReadonlyMap<string, Tensor>): void {
  const b = program.builder;
  const params = new Set(program.declarations.filter((d) => d.role === 'param').map((d) => d.name));
  for (const st of program.statements) {
    for (const id of b.reach(st.root)) {
      const n = b.node(id);
      if (n.kind !== 'op' || n.op !== 'softmax_cross_entropy') continue;
      const label = n.args[1]!;
      for (const a of b.reach(label)) {
        const v = b.node(a);
        if (v.kind === 'sym' && (params.has(v.name) || program.shapes.has(v.name) && !program.declarations.some((d) => d.name === v.name))) {
          throw new InputError('usage', `in '${st.name} = ${st.text.trim()}': the label of softmax_cross_entropy depends on ${v.name}, which is not data; it is the cross-entropy only for label columns that sum to 1, so the label must be data (write −sum(Y .* log(softmax(S))) to differentiate a label)`, statementAt(program, st.name), program.source);
        }
      }
      const node = b.node(label);
      const t = node.kind === 'sym' ? given.get(node.name) : undefined;
      if (!t) continue;
      for (let j = 0; j < t.cols; j++) {
        let sum = 0;
        let negative = false;
        for (let i = 0; i < t.rows; i++) {
          const x = t.data[i * t.cols + j]!;
          sum += x;
          negative ||= x < 0;
        }
        if (negative || Math.abs(sum - 1) > 1e-9) {
          throw new InputError('usage', `the label ${(node as { name: string }).name} of softmax_cross_entropy in '${st.name} = ${st.text.trim()}' has column ${j + 1} ${negative ? 'with a negative entry' : `summing to ${Number(sum.toPrecision(6))}`}: its columns must be one-hot or probabilities (summing to 1)`);
        }
      }
    }
  }
}
