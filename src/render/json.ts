// The versioned JSON document `lagrad/derivation@1` (DESIGN.md section 5),
// keys in the contract's order.
import { costOf } from '../derive/cost.js';
import { costJson } from './cost.js';
import type { Analysis } from '../pipeline.js';
import { isNotes, muSign, NOTES, notationWhy, type Convention } from './convention.js';
import { Equations } from './equations.js';
import { obj, objFrom, num, writeJson, type Json, type JsonObject } from './json-writer.js';
import { ASCII, LATEX, type PrintStyle } from './print.js';
import { muText, zText } from '../model/notation.js';
import { EXACT_COUNT, type PathSums } from '../derive/paths.js';
import { Prec } from '../ops/spec.js';

export const DERIVATION_SCHEMA = 'lagrad/derivation@1';

const id = (k: number): string => zText(k, 'ascii');

/**
 * The document. Ids (`z3`, `mu3`) never change; under another convention the
 * `text` and `latex` fields use its names, multipliers are the convention's
 * (−∂f/∂z_j under the + sign, in `backward` and in the check's `mu` and
 * `numeric`), and a last key `notation` says which convention it is.
 */
export function toJsonDocument(a: Analysis, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): JsonObject {
  const der = a.derivation;
  const { graph } = der;
  const text = new Equations(der, ASCII, conv);
  const latex = new Equations(der, LATEX, conv);
  const z = a.point.z;
  const sign = muSign(conv);
  const mu = sign === 1 ? a.mu : a.mu.map((v) => -v);
  const nodes: Json[] = graph.nodes.slice(1).map((node) => {
    if (node.kind === 'input') {
      return obj(['id', id(node.index)], ['kind', 'input'], ['name', node.name!], ['value', num(z[node.index]!)]);
    }
    const f = graph.builder.node(node.f!);
    return obj(
      ['id', id(node.index)], ['kind', 'op'], node.type !== undefined && ['type', node.type], ['op', f.kind === 'op' ? f.op : 'identity'],
      ['args', node.alpha.map(id)], ['text', text.f(node.index)], ['latex', latex.f(node.index)],
      ['value', num(z[node.index]!)],
    );
  });
  const stationarity: Json[] = [];
  for (const step of der.forward) {
    const t = text.stationarityMu(step.node);
    const l = latex.stationarityMu(step.node);
    stationarity.push(obj(['wrt', muText(step.node, 'ascii')], ['text', `${t.lhs} => ${t.solved}`], ['latex', `${l.lhs}${latex.sym.implies}${l.solved}`]));
  }
  for (const step of der.backward) {
    const t = step.rule === 'kkt.output' ? text.stationarityOutput() : text.stationarityZ(step);
    const l = step.rule === 'kkt.output' ? latex.stationarityOutput() : latex.stationarityZ(step);
    stationarity.push(obj(['wrt', id(step.node)], ['text', `${t.lhs} => ${t.solved}`], ['latex', `${l.lhs}${latex.sym.implies}${l.solved}`]));
  }
  const forward: Json[] = der.forward.map((s) =>
    obj(['node', id(s.node)], ['text', text.constraint(s.node)], ['latex', latex.constraint(s.node)]),
  );
  const backward: Json[] = der.backward.map((s) => {
    const t = s.rule === 'kkt.output' ? text.stationarityOutput().solved : text.adjoint(s);
    const l = s.rule === 'kkt.output' ? latex.stationarityOutput().solved : latex.adjoint(s);
    return obj(['node', id(s.node)], ['text', t], ['latex', l], ['value', num(mu[s.node]!)]);
  });
  const gradient = objFrom(
    der.gradient.map((s) => [s.name, obj(['text', text.gradient(s)], ['latex', latex.gradient(s)], ['value', num(a.mu[s.node]!)])] as const),
  );
  const point = objFrom([...a.point.values].map(([k, v]) => [k, num(v)] as const));
  return obj(
    ['schema', DERIVATION_SCHEMA],
    ['source', a.source],
    ['inputs', [...graph.inputs]],
    ['constants', [...graph.constants]],
    ['point', point],
    ['value', num(z[graph.m]!)],
    ['nodes', nodes],
    ['output', id(graph.m)],
    ['lagrangian', obj(['text', text.lagrangian()], ['latex', latex.lagrangian()])],
    ['stationarity', stationarity],
    ['forward', forward],
    ['backward', backward],
    ['gradient', gradient],
    ['check', a.check ? checkJson(a, sign) : null],
    ['cost', costJson(costOf(der))],
    !isNotes(conv) && ['notation', obj(['multiplier', conv.multiplier], ['sign', conv.sign], ['node', conv.node], ...(conv.moved ? [['why', notationWhy(conv, 'unicode')!] as const] : []))],
    extra.paths && ['paths', pathsJson(a, extra.paths, text, latex)],
  );
}

/**
 * `"paths": {"x1": {"count": 2, "rows": [{"nodes": [...], "value": 0.5, "text": ..., "latex": ...}], "sum": 5.5}}`:
 * count a number, or a string of digits beyond 2^53; rows [] and sum null when the paths are not listed.
 */
function pathsJson(a: Analysis, paths: PathSums, text: Equations, latex: Equations): JsonObject {
  const product = (eq: Equations, style: PrintStyle, times: string, partials: readonly Parameters<Equations['expr']>[0][]): string =>
    partials.map((p) => {
      const s = eq.expr(p);
      if (eq.precedence(p) >= Prec.Product) return s;
      return style.format === 'latex' ? `\\left(${s}\\right)` : `(${s})`;
    }).join(times);
  return objFrom(paths.inputs.map((p) => [p.name, obj(
    ['count', p.count <= EXACT_COUNT ? Number(p.count) : p.count.toString()],
    ['rows', (p.rows ?? []).map((r) => obj(
      ['nodes', r.nodes.map(id)],
      ['value', num(r.value)],
      ['text', product(text, ASCII, ' * ', r.partials)],
      ['latex', product(latex, LATEX, ' \\cdot ', r.partials)],
    ))],
    ['sum', p.sum === null ? null : num(p.sum)],
  )] as const));
}

function checkJson(a: Analysis, sign: 1 | -1): JsonObject {
  const c = a.check!;
  const rows: Json[] = c.rows.map((r) =>
    obj(['node', id(r.node)], ['mu', num(sign * r.mu)], ['numeric', num(sign * r.numeric)], ['absError', num(r.absError)], ['relError', num(r.relError)], ['ok', r.ok]),
  );
  return obj(
    ['ok', c.ok],
    ['method', c.method],
    ['rows', rows],
    ['tolerance', c.tolerance],
    ['coverage', c.coverage === 'all' ? 'all' : obj(['sampled', c.coverage.sampled], ['of', c.coverage.of])],
    ['complexStep', c.rows.map((r) => num(sign * r.complexStep))],
    ['kktResidual', num(c.kktResidual)],
    c.direction && ['direction', obj(['predicted', num(c.direction.predicted)], ['measured', num(c.direction.measured)], ['ok', c.direction.ok])],
    c.problem && ['problem', obj(['node', id(c.problem.node)], ['kind', c.problem.kind], ['op', c.problem.op], ['why', c.problem.why])],
  );
}

export function renderJson(a: Analysis, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): string {
  return `${writeJson(toJsonDocument(a, conv, extra))}\n`;
}
