// JSON `lagrad/derivation@1` for a program: the scalar document's keys in the
// same order; ids are the user's names; values are nested arrays, row-major,
// each node and gradient with "shape": [rows, cols] — a column vector [n, 1]
// is a list of n one-entry rows, so value[i][j] reads every non-scalar alike;
// a scalar (shape [1, 1]) is a number.
import { costOf } from '../derive/cost.js';
import { costJson } from './cost.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import type { Tensor } from '../ir/shape.js';
import { DERIVATION_SCHEMA } from './json.js';
import { num, obj, objFrom, writeJson, type Json, type JsonObject } from './json-writer.js';
import { isNotes, muSign, NOTES, type Convention } from './convention.js';
import { muValue, ProgramEquations } from './program-print.js';
import { muOf } from './print.js';
import { layoutLine } from './program-text.js';

export function tensorJson(t: Tensor): Json {
  if (t.rows === 1 && t.cols === 1) return num(t.data[0]!);
  return Array.from({ length: t.rows }, (_, i) => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols), num));
}
const shapeJson = (t: Tensor): Json => [t.rows, t.cols];

/** Entry k (row-major) as it is named: `[2,3]` (1-based) in a matrix, `[2]` in a column vector, nothing in a scalar. */
export function entryLabel(t: Tensor, k: number): string {
  if (t.data.length === 1) return '';
  return t.cols === 1 ? `[${k + 1}]` : `[${Math.floor(k / t.cols) + 1},${(k % t.cols) + 1}]`;
}

/**
 * The document. Ids (`mu_x1` in `wrt` and in the check's rows) never change;
 * under another convention the `text` and `latex` fields use its symbol and
 * sign, the multipliers' values are the convention's (−∂ℓ/∂v under the +
 * sign, in `backward` and in the check's `mu` and `numeric` of μ rows; the
 * gradient is the same), and a last key `notation` says which it is.
 */
export function toProgramJson(a: ProgramAnalysis, conv: Convention = NOTES): JsonObject {
  const p = a.program;
  const der = a.derivation;
  const text = new ProgramEquations(der, 'ascii', conv);
  const latex = new ProgramEquations(der, 'latex', conv);
  const v = (name: string): Tensor => a.point.values.get(name)!;
  const params = p.declarations.filter((d) => d.role === 'param');
  const nodes: Json[] = [
    ...params.map((d) => obj(['id', d.name], ['kind', 'input'], ['name', d.name], ['shape', shapeJson(v(d.name))], ['value', tensorJson(v(d.name))])),
    ...p.statements.map((s) => {
      const n = p.builder.node(s.root);
      return obj(
        ['id', s.name], ['kind', 'op'], ['op', n.kind === 'op' ? n.op : 'identity'], ['args', [...s.uses]],
        ['text', text.f(s.name)], ['latex', latex.f(s.name)], ['shape', shapeJson(v(s.name))], ['value', tensorJson(v(s.name))],
      );
    }),
  ];
  const stationarity: Json[] = [];
  for (const s of p.statements) {
    const t = text.stationarityMu(s.name);
    const l = latex.stationarityMu(s.name);
    stationarity.push(obj(['wrt', muOf(s.name, 'ascii')], ['text', `${t.lhs} => ${t.solved}`], ['latex', `${l.lhs}${latex.implies}${l.solved}`]));
  }
  for (const b of der.backward) {
    const t = text.stationarityVar(b);
    const l = latex.stationarityVar(b);
    stationarity.push(obj(['wrt', b.name], ['text', `${t.lhs} => ${t.solved}`], ['latex', `${l.lhs}${latex.implies}${l.solved}`]));
  }
  const mu = (name: string): Tensor => muValue(a.sweep.mu.get(name)!, conv);
  const backward: Json[] = der.backward.map((b) =>
    obj(['node', b.name], ['text', `${text.mu(b.name)} = ${text.sum(b)}`], ['latex', `${latex.mu(b.name)} = ${latex.sum(b)}`], ['shape', shapeJson(mu(b.name))], ['value', tensorJson(mu(b.name))]),
  );
  const gradient = objFrom(der.gradient.map((g) => {
    const t = a.sweep.gradient.get(g.name)!;
    return [g.name, obj(['text', text.gradient(g)], ['latex', latex.gradient(g)], ['shape', shapeJson(t)], ['value', tensorJson(t)])] as const;
  }));
  return obj(
    ['schema', DERIVATION_SCHEMA],
    ['source', a.source],
    ['inputs', params.map((d) => d.name)],
    ['constants', p.declarations.filter((d) => d.role === 'data').map((d) => d.name)],
    ['point', objFrom(p.declarations.map((d) => [d.name, tensorJson(v(d.name))] as const))],
    ['value', num(v(p.objective).data[0]!)],
    ['nodes', nodes],
    ['output', p.objective],
    ['lagrangian', obj(['text', text.lagrangian()], ['latex', latex.lagrangian()])],
    ['stationarity', stationarity],
    ['forward', p.statements.map((s) => obj(['node', s.name], ['text', text.constraint(s.name)], ['latex', latex.constraint(s.name)]))],
    ['backward', backward],
    ['gradient', gradient],
    ['check', a.problem ? problemJson(a) : a.check ? checkJson(a, muSign(conv)) : null],
    ['cost', costJson(costOf(der.graphDerivation))],
    ['layout', layoutLine(conv).replace(/^layout: /, '')],
    !isNotes(conv) && ['notation', obj(['multiplier', conv.multiplier], ['sign', conv.sign], ['node', conv.node])],
    // Data drawn as the labels of a named loss: one-hot, sign (±1) or binary (0/1).
    a.point.labels.size > 0 && ['labels', objFrom([...a.point.labels].map(([name, kind]) => [name, kind] as const))],
  );
}

/** `sign` is the multipliers' sign in the convention: μ rows are `sign`·∂ℓ/∂v; gradient rows and the direction tests are derivatives. */
function checkJson(a: ProgramAnalysis, sign: 1 | -1): JsonObject {
  const c = a.check!;
  const index = (name: string, k: number): string => entryLabel(a.point.values.get(name)!, k);
  const rows: Json[] = c.rows.map((r) => {
    const s = r.kind === 'mu' ? sign : 1;
    return obj(
      ['node', `${r.kind === 'mu' ? 'mu_' : 'd/d'}${r.variable}${index(r.variable, r.index)}`], ['mu', num(s * r.derived)], ['numeric', num(s * r.numeric)],
      ['absError', num(r.absError)], ['relError', num(r.numeric === 0 ? 0 : r.absError / Math.abs(r.numeric))], ['ok', r.ok],
    );
  });
  return obj(
    ['ok', c.ok],
    ['method', c.method],
    ['rows', rows],
    ['tolerance', c.tolerance],
    ['coverage', c.coverage === 'all' ? 'all' : obj(['sampled', c.coverage.sampled], ['of', c.coverage.of], ['variables', c.coverage.variables], ['ofVariables', c.coverage.ofVariables])],
    // Per row, as in an expression's check (rows keep the contract's keys): "NaN" where no complex continuation exists.
    ['complexStep', c.rows.map((r) => num((r.kind === 'mu' ? sign : 1) * r.complexStep))],
    c.directions.length > 0 && ['direction', c.directions.map((d) => obj(['node', d.variable], ['predicted', num(d.predicted)], ['measured', num(d.measured)], ['ok', d.ok]))],
    ['dotProduct', c.dot.map((d) => obj(['node', d.statement], ['jv', num(d.jv)], ['jtu', num(d.jtu)], ['ok', d.ok]))],
    ['kktResidual', num(c.kktResidual)],
  );
}

export function renderProgramJson(a: ProgramAnalysis, conv: Convention = NOTES): string {
  return `${writeJson(toProgramJson(a, conv))}\n`;
}

/** The check of a point without a derivative: not ok, no rows, and where and why. */
function problemJson(a: ProgramAnalysis): JsonObject {
  const p = a.problem!;
  return obj(
    ['ok', false],
    ['method', 'none: the point has no derivative'],
    ['rows', []],
    ['problem', obj(['kind', p.kind], ['statement', p.statement], ['op', p.op], ['entry', [...p.entry]], ['why', p.why])],
  );
}
