// The versioned JSON document `lagrad/derivation@1` (DESIGN.md section 5),
// keys in the contract's order.
import { costOf } from '../derive/cost.js';
import { costJson } from './cost.js';
import type { Analysis } from '../pipeline.js';
import { isNotes, muSign, NOTES, notationWhy, type Convention } from './convention.js';
import { Equations } from './equations.js';
import { lazyList, obj, objFrom, num, jsonDocument, type Json, type JsonObject } from './json-writer.js';
import { joinChunks, type Chunks } from './chunks.js';
import { ASCII, LATEX, type PrintStyle } from './print.js';
import { muText, zText } from '../model/notation.js';
import { EXACT_COUNT, type PathSums } from '../derive/paths.js';
import { Prec } from '../ops/spec.js';
import type { Tensor } from '../ir/shape.js';

export const DERIVATION_SCHEMA = 'lagrad/derivation@1';

const id = (k: number): string => zText(k, 'ascii');

/** Node ids (`z3`) made once each: a node's id is written in its row, its users' args, and its equations. */
function idCache(m: number): (k: number) => string {
  const ids = new Array<string | undefined>(m + 1);
  return (k) => (ids[k] ??= id(k));
}

/** A tensor as nested rows, row-major (a column vector [n, 1] is n one-entry rows, so value[i][j] reads every non-scalar alike); a 1×1 tensor is its number. */
export function tensorJson(t: Tensor): Json {
  if (t.rows === 1 && t.cols === 1) return num(t.data[0]!);
  return Array.from({ length: t.rows }, (_, i) => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols), num));
}

/** Entry k (row-major) as it is named: `[2,3]` (1-based) in a matrix, `[2]` in a column vector, nothing in a scalar. */
export function entryLabel(t: Tensor, k: number): string {
  if (t.data.length === 1) return '';
  return t.cols === 1 ? `[${k + 1}]` : `[${Math.floor(k / t.cols) + 1},${(k % t.cols) + 1}]`;
}

/** A value: a number (an expression's), or a tensor (a program's: nested rows, row-major, a 1×1 tensor its number; it carries "shape"). */
export type Value = number | Tensor;
const valueJson = (v: Value): Json => (typeof v === 'number' ? num(v) : tensorJson(v));

/** A node of the document: an input (θ_k, a param) or an operation z_i = f_i (a statement). */
export interface NodeRow {
  readonly id: string;
  readonly kind: 'input' | 'op';
  readonly name?: string;
  /** Note 003's node type (1–3), under `--model grouped`. */
  readonly type?: number;
  readonly op?: string;
  readonly args?: readonly string[];
  readonly text?: string;
  readonly latex?: string;
  readonly value: Value;
}

/** An equation with its text and LaTeX, and for a backward or gradient row its value. */
export interface EquationRow {
  readonly id: string;
  readonly text: string;
  readonly latex: string;
  readonly value?: Value;
}

/**
 * A derivation as the document reads it, whatever the input: an expression
 * (ids z_i, μ_i; numbers) or a program (ids the user's names; tensors, and
 * every node and gradient with its shape). The one writer, `derivationJson`,
 * lays them out in the contract's order.
 */
export interface DerivationRows {
  readonly source: string;
  readonly inputs: readonly string[];
  readonly constants: readonly string[];
  readonly point: readonly (readonly [string, Value])[];
  /** The output's value. */
  readonly value: number;
  readonly nodes: Iterable<NodeRow>;
  readonly output: string;
  readonly lagrangian: { readonly text: string; readonly latex: string };
  /** ∂L/∂μ_i = 0 ⇒ …, then ∂L/∂z_j = 0 ⇒ …: `wrt` is the id. */
  readonly stationarity: Iterable<EquationRow>;
  readonly forward: Iterable<EquationRow>;
  readonly backward: Iterable<EquationRow>;
  /** Keyed by the input's name. */
  readonly gradient: readonly EquationRow[];
  readonly check: Json;
  readonly cost: Json;
  /** The keys after `cost`, each kind's own (`layout`, `notation`, `paths`, `labels`). */
  readonly tail: readonly (readonly [string, Json] | false | null | undefined)[];
}

/** Rows made each time they are read, one at a time: a document's lists are written without all their rows alive at once. */
export function rows<T>(make: () => Iterable<T>): Iterable<T> {
  return { [Symbol.iterator]: () => make()[Symbol.iterator]() };
}

/** `items` through `f`, as they are taken (an iterator of its own: no generator resumed per row). */
function mapped<T>(items: Iterable<T>, f: (t: T) => Json): Iterable<Json> {
  return {
    [Symbol.iterator]: () => {
      const it = items[Symbol.iterator]();
      return {
        next: (): IteratorResult<Json> => {
          const r = it.next();
          return r.done === true ? { done: true, value: undefined } : { done: false, value: f(r.value) };
        },
      };
    },
  };
}

/** A node's object: its entries pushed one by one (a row has no placeholder entries to filter out). */
function nodeJson(n: NodeRow): JsonObject {
  const e: (readonly [string, Json])[] = [['id', n.id], ['kind', n.kind]];
  if (n.name !== undefined) e.push(['name', n.name]);
  if (n.type !== undefined) e.push(['type', n.type]);
  if (n.op !== undefined) e.push(['op', n.op]);
  if (n.args) e.push(['args', n.args]);
  if (n.text !== undefined) e.push(['text', n.text]);
  if (n.latex !== undefined) e.push(['latex', n.latex]);
  pushValue(e, n.value);
  return objFrom(e);
}

/** A value's entries, `shape` (a tensor's) then `value`; none for no value. */
function pushValue(entries: (readonly [string, Json])[], v: Value | undefined): void {
  if (v === undefined) return;
  if (typeof v !== 'number') entries.push(['shape', [v.rows, v.cols]]);
  entries.push(['value', valueJson(v)]);
}

/** A gradient's object: text, LaTeX, then its value. */
function gradientJson(e: Omit<EquationRow, 'id'>): JsonObject {
  const entries: (readonly [string, Json])[] = [['text', e.text], ['latex', e.latex]];
  pushValue(entries, e.value);
  return objFrom(entries);
}

/** An equation's object, keyed `key` (wrt, node): its entries pushed one by one, like a node's. */
function equationJson(key: string, e: EquationRow): JsonObject {
  const entries: (readonly [string, Json])[] = [[key, e.id], ['text', e.text], ['latex', e.latex]];
  pushValue(entries, e.value);
  return objFrom(entries);
}

/**
 * The one `lagrad/derivation@1` writer, for every kind of input. Its long
 * lists (nodes, stationarity, forward, backward) are written as they are
 * made (`lazyList`): for 10⁵ nodes their objects and strings, hundreds of MB
 * as one tree, are never all alive at once.
 */
export function derivationJson(r: DerivationRows): JsonObject {
  const nodes = lazyList(() => mapped(r.nodes, nodeJson));
  const equation = (key: string) => (e: EquationRow): JsonObject => equationJson(key, e);
  return obj(
    ['schema', DERIVATION_SCHEMA],
    ['source', r.source],
    ['inputs', [...r.inputs]],
    ['constants', [...r.constants]],
    ['point', objFrom(r.point.map(([k, v]) => [k, valueJson(v)] as const))],
    ['value', num(r.value)],
    ['nodes', nodes],
    ['output', r.output],
    ['lagrangian', obj(['text', r.lagrangian.text], ['latex', r.lagrangian.latex])],
    ['stationarity', lazyList(() => mapped(r.stationarity, equation('wrt')))],
    ['forward', lazyList(() => mapped(r.forward, equation('node')))],
    ['backward', lazyList(() => mapped(r.backward, equation('node')))],
    ['gradient', objFrom(r.gradient.map((g) => [g.id, gradientJson(g)] as const))],
    ['check', r.check],
    ['cost', r.cost],
    ...r.tail,
  );
}

/**
 * The document of an expression. Ids (`z3`, `mu3`) never change; under another convention the
 * `text` and `latex` fields use its names, multipliers are the convention's
 * (−∂f/∂z_j under the + sign, in `backward` and in the check's `mu` and
 * `numeric`), and a last key `notation` says which convention it is.
 */
export function toJsonDocument(a: Analysis, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): JsonObject {
  const der = a.derivation;
  const { graph } = der;
  const text = new Equations(der, ASCII, conv);
  const latex = new Equations(der, LATEX, conv);
  const id = idCache(graph.m);
  const z = a.point.z;
  const sign = muSign(conv);
  const mu = sign === 1 ? a.mu : a.mu.map((v) => -v);
  const nodes = rows(function* (): Generator<NodeRow> {
    for (let i = 1; i <= graph.m; i++) {
      const node = graph.nodes[i]!;
      if (node.kind === 'input') {
        yield { id: id(node.index), kind: 'input', name: node.name!, value: z[node.index]! };
        continue;
      }
      const f = graph.builder.node(node.f!);
      yield {
        id: id(node.index), kind: 'op', type: node.type, op: f.kind === 'op' ? f.op : 'identity',
        args: node.alpha.map(id), text: text.f(node.index), latex: latex.f(node.index), value: z[node.index]!,
      };
    }
  });
  const solved = (t: { lhs: string; solved: string }, l: { lhs: string; solved: string }, wrt: string): EquationRow =>
    ({ id: wrt, text: `${t.lhs} => ${t.solved}`, latex: `${l.lhs}${latex.sym.implies}${l.solved}` });
  // Each row's text and LaTeX written whole, in one string each.
  const implies = latex.sym.implies;
  const stationarity = rows(function* (): Generator<EquationRow> {
    for (const step of der.forward) {
      yield { id: muText(step.node, 'ascii'), text: text.stationarityMuLine(step.node, ' => '), latex: latex.stationarityMuLine(step.node, implies) };
    }
    for (const step of der.backward) {
      yield step.rule === 'kkt.output'
        ? solved(text.stationarityOutput(), latex.stationarityOutput(), id(step.node))
        : { id: id(step.node), text: text.stationarityZLine(step, ' => '), latex: latex.stationarityZLine(step, implies) };
    }
  });
  return derivationJson({
    source: a.source,
    inputs: graph.inputs,
    constants: graph.constants,
    point: [...a.point.values],
    value: z[graph.m]!,
    nodes,
    output: id(graph.m),
    lagrangian: { text: text.lagrangian(), latex: latex.lagrangian() },
    stationarity,
    forward: rows(function* (): Generator<EquationRow> {
      for (const s of der.forward) yield { id: id(s.node), text: text.constraint(s.node), latex: latex.constraint(s.node) };
    }),
    backward: rows(function* (): Generator<EquationRow> {
      for (const s of der.backward) {
        const out = s.rule === 'kkt.output';
        yield { id: id(s.node), text: out ? text.stationarityOutput().solved : text.adjoint(s), latex: out ? latex.stationarityOutput().solved : latex.adjoint(s), value: mu[s.node]! };
      }
    }),
    gradient: der.gradient.map((s) => ({ id: s.name, text: text.gradient(s), latex: latex.gradient(s), value: a.mu[s.node]! })),
    check: a.check ? checkJson(a, sign) : null,
    cost: costJson(costOf(der)),
    tail: [
      !isNotes(conv) && ['notation', obj(['multiplier', conv.multiplier], ['sign', conv.sign], ['node', conv.node], ...(conv.moved ? [['why', notationWhy(conv, 'unicode')!] as const] : []))],
      extra.paths && ['paths', pathsJson(a, extra.paths, text, latex)],
    ],
  });
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
  return joinChunks(renderJsonChunks(a, conv, extra));
}

/** renderJson's text in chunks (the document is built before it returns; the chunks serialize it as they are taken). */
export function renderJsonChunks(a: Analysis, conv: Convention = NOTES, extra: { readonly paths?: PathSums } = {}): Chunks {
  return jsonDocument(toJsonDocument(a, conv, extra));
}
