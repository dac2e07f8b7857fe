// JSON `lagrad/derivation@1` for a program: the scalar document's keys in the
// same order; ids are the user's names; values are nested arrays, row-major,
// each node and gradient with "shape": [rows, cols] — a column vector [n, 1]
// is a list of n one-entry rows, so value[i][j] reads every non-scalar alike;
// a scalar (shape [1, 1]) is a number.
import { costOf } from '../derive/cost.js';
import { costJson } from './cost.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import type { Tensor } from '../ir/shape.js';
import { derivationJson, entryLabel, rows, type EquationRow, type NodeRow } from './json.js';
import { num, obj, objFrom, jsonDocument, type Json, type JsonObject } from './json-writer.js';
import { joinChunks, type Chunks } from './chunks.js';
import { isNotes, muSign, NOTES, type Convention } from './convention.js';
import { muValue, ProgramEquations } from './program-print.js';
import { muOf } from './print.js';
import { layoutLine } from './program-text.js';

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
  const nodes = rows(function* (): Generator<NodeRow> {
    for (const d of params) yield { id: d.name, kind: 'input', name: d.name, value: v(d.name) };
    for (const s of p.statements) {
      const n = p.builder.node(s.root);
      yield { id: s.name, kind: 'op', op: n.kind === 'op' ? n.op : 'identity', args: s.uses, text: text.f(s.name), latex: latex.f(s.name), value: v(s.name) };
    }
  });
  const solved = (t: { lhs: string; solved: string }, l: { lhs: string; solved: string }, wrt: string): EquationRow =>
    ({ id: wrt, text: `${t.lhs} => ${t.solved}`, latex: `${l.lhs}${latex.implies}${l.solved}` });
  const stationarity = rows(function* (): Generator<EquationRow> {
    for (const s of p.statements) yield solved(text.stationarityMu(s.name), latex.stationarityMu(s.name), muOf(s.name, 'ascii'));
    for (const b of der.backward) yield solved(text.stationarityVar(b), latex.stationarityVar(b), b.name);
  });
  const mu = (name: string): Tensor => muValue(a.sweep.mu.get(name)!, conv);
  return derivationJson({
    source: a.source,
    inputs: params.map((d) => d.name),
    constants: p.declarations.filter((d) => d.role === 'data').map((d) => d.name),
    point: p.declarations.map((d) => [d.name, v(d.name)] as const),
    value: v(p.objective).data[0]!,
    nodes,
    output: p.objective,
    lagrangian: { text: text.lagrangian(), latex: latex.lagrangian() },
    stationarity,
    forward: rows(function* (): Generator<EquationRow> {
      for (const s of p.statements) yield { id: s.name, text: text.constraint(s.name), latex: latex.constraint(s.name) };
    }),
    backward: rows(function* (): Generator<EquationRow> {
      for (const b of der.backward) yield { id: b.name, text: `${text.mu(b.name)} = ${text.sum(b)}`, latex: `${latex.mu(b.name)} = ${latex.sum(b)}`, value: mu(b.name) };
    }),
    gradient: der.gradient.map((g) => ({ id: g.name, text: text.gradient(g), latex: latex.gradient(g), value: a.sweep.gradient.get(g.name)! })),
    check: a.problem ? problemJson(a) : a.check ? checkJson(a, muSign(conv)) : null,
    cost: costJson(costOf(der.graphDerivation)),
    tail: [
      ['layout', layoutLine(conv).replace(/^layout: /, '')],
      !isNotes(conv) && ['notation', obj(['multiplier', conv.multiplier], ['sign', conv.sign], ['node', conv.node])],
      // Data drawn as the labels of a named loss: one-hot, sign (±1) or binary (0/1).
      a.point.labels.size > 0 && ['labels', objFrom([...a.point.labels].map(([name, kind]) => [name, kind] as const))],
    ],
  });
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
  return joinChunks(renderProgramJsonChunks(a, conv));
}

/** renderProgramJson's text in chunks (the document is built before it returns). */
export function renderProgramJsonChunks(a: ProgramAnalysis, conv: Convention = NOTES): Chunks {
  return jsonDocument(toProgramJson(a, conv));
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
