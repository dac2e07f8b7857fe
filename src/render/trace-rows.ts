// The trace's rows in one style (ASCII, Unicode or LaTeX): each a variable, its
// definition (the survey's left column) and its evaluation (the right column:
// the arguments substituted, then the value). Text, JSON and documents write
// these rows, so they cannot disagree. An expression's trace (verify/trace.ts)
// and a program's (tensor/trace.ts) fill the same rows; a program's values
// are tensors, printed whole when small, else as their shape and norm.
import type { Builder } from '../ir/build.js';
import type { NodeId } from '../ir/types.js';
import { isScalar, type Shape, type Tensor } from '../ir/shape.js';
import { subscript, symbolLatex } from '../model/notation.js';
import type { ProgramTrace } from '../tensor/trace.js';
import type { Trace } from '../verify/trace.js';
import { expressionPrinter, formatNumber, programPrinter, type PrintStyle } from './print.js';
import { shapeLabel } from './program-graph.js';

/** Either kind of trace: an expression's (its scalar nodes) or a program's (its statements, with shapes). */
export type AnyTrace = Trace | ProgramTrace;

export type TraceStyle = 'ascii' | 'unicode' | 'latex';

export interface TraceRow {
  /** The variable it sets, as JSON names it: v_-1, y, or an input's name (a program's variable by its name). */
  readonly var: string;
  /** v_1 = log(v_-1): the definition (a program's input: W1 ∈ ℝ⁴ˣ³; a tangent's input: ẇ alone). */
  readonly left: string;
  /** = log(2) = 0.693147: the substitution, if any, then the value (a large tensor: ∈ ℝ⁸ˣ⁵, ‖·‖ = 2.1). */
  readonly right: string;
  /** A number, or a program's tensor (row-major). */
  readonly value: number | Tensor;
}

export interface TraceRows {
  readonly primal: readonly TraceRow[];
  readonly tangent: readonly TraceRow[] | null;
  readonly adjoint: readonly TraceRow[];
  /** One line: v̄ of the push form equals μ of the KKT (pull) form, node by node. */
  readonly pushPull: string;
  /** With a tangent: ẏ against ∇f·ẋ from the reverse trace. */
  readonly tangentCheck: string | null;
}

const COMBINING_BAR = '\u0304';
const COMBINING_DOT = '\u0307';

/** A number the way the text renderers show it (6 significant digits). */
export function shortValue(v: number, style: TraceStyle): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return style === 'latex' ? (v > 0 ? '\\infty' : '-\\infty') : v > 0 ? '∞' : (style === 'ascii' ? '-∞' : '−∞');
  const a = Math.abs(v);
  const s = v === 0 ? '0' : a >= 1e-4 && a < 1e9 ? String(Number(v.toPrecision(6))) : v.toExponential(5).replace(/\.?0+e/, 'e');
  if (style === 'latex') return formatNumber(Number(s), 'latex');
  return style === 'unicode' ? s.replace(/^-/, '−') : s;
}

/** Names in one style: v_k, v̄_k, v̇_k, an input's bar and dot, the output y. */
interface Names {
  v(k: number): string;
  bar(k: number): string;
  dot(k: number): string;
  /** ∂v_i/∂v_j. */
  d(i: number, j: number): string;
  inputBar(name: string): string;
  inputDot(name: string): string;
  readonly y: string;
  readonly ybar: string;
  readonly ydot: string;
  readonly times: string;
  readonly plus: string;
  readonly minus: string;
}

/** How a document writes the rows: its one-to-one LaTeX names, and letters the trace must not take (the document's node letter). */
export interface TraceRowOptions {
  readonly sym?: (name: string) => string;
  readonly avoid?: readonly string[];
}

/** x1 → x̄₁ (its base barred, its digits kept as a subscript); a longer name → bar(name). */
function decorate(name: string, mark: string, style: TraceStyle, sym: (name: string) => string = symbolLatex): string {
  const m = /^([A-Za-z\u0391-\u03C9])(\d*)$/u.exec(name);
  if (style === 'latex') {
    const tex = sym(name);
    const sub = /^(\\?[A-Za-z]+)(_\{.*\})?$/.exec(tex);
    const cmd = mark === 'bar' ? '\\bar' : '\\dot';
    return sub ? `${cmd}{${sub[1]}}${sub[2] ?? ''}` : `${cmd}{${tex}}`;
  }
  if (style === 'ascii') return m ? `${m[1]}${mark}${m[2] ? `_${m[2]}` : ''}` : `${mark}(${name})`;
  const glyph = mark === 'bar' ? COMBINING_BAR : COMBINING_DOT;
  return m ? `${m[1]}${glyph}${subscript(m[2]!)}` : `${mark}(${name})`;
}

function namesFor(style: TraceStyle, letter: string, y: string, sym?: (name: string) => string): Names {
  const sub = (k: number): string => (style === 'unicode' ? subscript(String(k)).replace('-', '₋') : `_${k}`);
  if (style === 'latex') {
    return {
      v: (k) => `${letter}_{${k}}`, bar: (k) => `\\bar{${letter}}_{${k}}`, dot: (k) => `\\dot{${letter}}_{${k}}`,
      d: (i, j) => `\\frac{\\partial ${letter}_{${i}}}{\\partial ${letter}_{${j}}}`,
      inputBar: (n) => decorate(n, 'bar', style, sym), inputDot: (n) => decorate(n, 'dot', style, sym),
      y, ybar: `\\bar{${y}}`, ydot: `\\dot{${y}}`, times: ' \\cdot ', plus: ' + ', minus: ' - ',
    };
  }
  const uni = style === 'unicode';
  return {
    v: (k) => `${letter}${sub(k)}`,
    bar: (k) => (uni ? `${letter}${COMBINING_BAR}${sub(k)}` : `${letter}bar${sub(k)}`),
    dot: (k) => (uni ? `${letter}${COMBINING_DOT}${sub(k)}` : `${letter}dot${sub(k)}`),
    d: (i, j) => (uni ? `∂${letter}${sub(i)}/∂${letter}${sub(j)}` : `d${letter}${sub(i)}/d${letter}${sub(j)}`),
    inputBar: (n) => decorate(n, 'bar', style), inputDot: (n) => decorate(n, 'dot', style),
    y, ybar: uni ? `${y}${COMBINING_BAR}` : `${y}bar`, ydot: uni ? `${y}${COMBINING_DOT}` : `${y}dot`,
    times: uni ? '·' : '*', plus: ' + ', minus: uni ? ' − ' : ' - ',
  };
}

/** The letter of the trace's variables and the output's name, off the user's names (v and y, else w, u / f). */
export function traceLetters(trace: AnyTrace, avoid: readonly string[] = []): { letter: string; y: string } {
  // A program's rows are named by its variables; ℓ is its objective.
  if (trace.kind === 'program') return { letter: '', y: 'ℓ' };
  const names = [...trace.derivation.graph.inputs, ...trace.derivation.graph.constants];
  const clash = (l: string): boolean => avoid.includes(l) || names.some((n) => n === l || new RegExp(`^${l}_?\\d+$`).test(n));
  const first = trace.numbering === 'survey' ? ['v', 'w', 'u', 'q'] : ['z', 'v', 'w', 'u', 'q'];
  return { letter: first.find((l) => !clash(l)) ?? 'q', y: names.includes('y') ? (names.includes('f') ? 'F' : 'f') : 'y' };
}

export function traceRows(trace: AnyTrace, style: TraceStyle, o: TraceRowOptions = {}): TraceRows {
  if (trace.kind === 'program') return programTraceRows(trace, style, o);
  const der = trace.derivation;
  const b: Builder = der.graph.builder;
  const { nodes, d, m } = der.graph;
  const { letter, y } = traceLetters(trace, o.avoid);
  const sym = style === 'latex' ? o.sym : undefined;
  const N = namesFor(style, letter, y, sym);
  const L = (k: number): number => trace.label[k]!;
  const base: PrintStyle = style === 'latex' ? { format: 'latex', text: 'ascii', ...(sym ? { names: { sym } } : {}) } : { format: 'text', text: style };
  const symbolic: PrintStyle = { ...base, names: { ...base.names, z: (k) => N.v(L(k)), mu: (k) => N.bar(L(k)) } };
  const num = (v: number): string => {
    const s = shortValue(v, style);
    return v < 0 ? (style === 'latex' ? `\\left(${s}\\right)` : `(${s})`) : s;
  };
  const valued: PrintStyle = { ...base, names: { ...base.names, z: (k) => num(trace.z[k]!) } };
  // One printer per naming, for the whole trace: each node is printed once.
  const printers = new Map<PrintStyle, ReturnType<typeof expressionPrinter>>();
  const print = (id: NodeId, s: PrintStyle): string => {
    let p = printers.get(s);
    if (p === undefined) printers.set(s, (p = expressionPrinter(b, s)));
    return p.print(id);
  };
  const inputName = (k: number): string => (style === 'latex' ? (sym ?? symbolLatex)(nodes[k]!.name!) : nodes[k]!.name!);
  const eq = ' = ';

  const primal: TraceRow[] = [];
  for (let k = 1; k <= d; k++) {
    primal.push({ var: N.v(L(k)), left: `${N.v(L(k))}${eq}${inputName(k)}`, right: `= ${shortValue(trace.z[k]!, style)}`, value: trace.z[k]! });
  }
  for (const i of trace.order) {
    const f = nodes[i]!.f!;
    const substituted = print(f, valued);
    const value = shortValue(trace.z[i]!, style);
    primal.push({
      var: N.v(L(i)),
      left: `${N.v(L(i))}${eq}${print(f, symbolic)}`,
      right: substituted === value ? `= ${value}` : `= ${substituted} = ${value}`,
      value: trace.z[i]!,
    });
  }
  primal.push({ var: y, left: `${y}${eq}${N.v(L(m))}`, right: `= ${shortValue(trace.z[m]!, style)}`, value: trace.z[m]! });

  const adjoint: TraceRow[] = [{ var: N.v(L(m)), left: `${N.bar(L(m))}${eq}${N.ybar}`, right: '= 1', value: 1 }];
  for (const p of trace.adjoint) {
    const j = L(p.to);
    const i = L(p.from);
    const push = `${N.bar(i)}${style === 'latex' ? ' ' : N.times}${N.d(i, j)}`;
    const before = p.accumulates ? `${N.bar(j)}${p.negative ? N.minus : N.plus}` : '';
    const evaluated = p.accumulates ? `${before}${print(p.magnitude, symbolic)}` : print(p.term, symbolic);
    adjoint.push({
      var: N.v(j),
      left: `${N.bar(j)}${eq}${p.accumulates ? `${N.bar(j)}${N.plus}` : ''}${push}`,
      right: `= ${evaluated} = ${shortValue(p.value, style)}`,
      value: p.value,
    });
  }
  for (let k = 1; k <= d; k++) {
    adjoint.push({ var: nodes[k]!.name!, left: `${N.inputBar(nodes[k]!.name!)}${eq}${N.bar(L(k))}`, right: `= ${shortValue(trace.bar[k]!, style)}`, value: trace.bar[k]! });
  }

  let tangent: TraceRow[] | null = null;
  let tangentCheck: string | null = null;
  if (trace.tangent) {
    const t = trace.tangent;
    tangent = [];
    for (let k = 1; k <= d; k++) {
      tangent.push({ var: N.v(L(k)), left: `${N.dot(L(k))}${eq}${N.inputDot(nodes[k]!.name!)}`, right: `= ${shortValue(t.dot[k]!, style)}`, value: t.dot[k]! });
    }
    // v̇_i = Σ_j ∂f_i/∂z_j·v̇_j, built in the IR so that it folds and prints like the derivation's terms;
    // its μ_j leaves stand for v̇_j here (printed by `dotted`).
    const dotted: PrintStyle = { ...base, names: { ...base.names, z: (k) => N.v(L(k)), mu: (k) => N.dot(L(k)) } };
    for (const i of trace.order) {
      let sum: NodeId | null = null;
      for (const p of trace.adjoint) {
        if (p.from !== i) continue;
        const t = b.mul(b.mu(p.to), p.partial);
        sum = sum === null ? t : b.add(sum, t);
      }
      const rhs = sum === null ? '0' : print(sum, dotted);
      tangent.push({ var: N.v(L(i)), left: `${N.dot(L(i))}${eq}${rhs}`, right: `= ${shortValue(t.dot[i]!, style)}`, value: t.dot[i]! });
    }
    tangent.push({ var: y, left: `${N.ydot}${eq}${N.dot(L(m))}`, right: `= ${shortValue(t.dot[m]!, style)}`, value: t.dot[m]! });
    let reverse = 0;
    for (let k = 1; k <= d; k++) reverse += trace.bar[k]! * t.dot[k]!;
    const ok = Math.abs(reverse - t.dot[m]!) <= 1e-9 * Math.max(1, Math.abs(reverse));
    const mark = ok ? (style === 'ascii' ? 'ok' : '✓') : (style === 'ascii' ? 'DIFFERENT' : '✗ different');
    tangentCheck = `${N.ydot} = ${shortValue(t.dot[m]!, style)}; the reverse trace's gradient along the direction, Σ_k ∂f/∂θ_k·θ̇_k = ${shortValue(reverse, style)} ${mark}`;
  }

  const pairs: string[] = [];
  const muName = (k: number): string => (style === 'unicode' ? `μ${subscript(k)}` : `mu_${k}`);
  for (let k = 1; k <= m && pairs.length < 4; k++) pairs.push(`${N.bar(L(k))} = ${muName(k)}`);
  const gap = trace.pushPullGap;
  const vbar = style === 'unicode' ? `${letter}${COMBINING_BAR}` : `${letter}bar`;
  const pushPull = `the push form (each node adds ${vbar}_i·∂${letter}_i/∂${letter}_j to each argument's ${vbar}_j) and the KKT pull form (μ_j = Σ_{i∈β(j)} μ_i ∂f_i/∂z_j) give the same multipliers, ${pairs.join(', ')}${m > 4 ? ', …' : ''}: max |${vbar} − μ| = ${gap === 0 ? '0' : gap.toExponential(1)}`;
  return { primal, tangent, adjoint, pushPull, tangentCheck };
}

/** A program's tensor is printed whole up to this many entries, else as its shape and norm. */
export const TRACE_WHOLE = 12;

/** ℝ⁴ˣ³ (Unicode), R^(4x3) (ASCII), \mathbb{R}^{4\times 3} (LaTeX); ℝ⁴ for a vector, ℝ for a scalar. */
export function shapeText(s: Shape, style: TraceStyle): string {
  if (style === 'ascii') return isScalar(s) ? 'R' : s[1] === 1 ? `R^${s[0]}` : `R^(${s[0]}x${s[1]})`;
  const l = shapeLabel(s);
  return style === 'latex' ? l.latex : l.text;
}

/**
 * A program's value with its relation: `= 0.5`, `= [0.1, −0.2]` (a column vector, as the
 * program's text prints it), `= [[1, 2], [3, 4]]` (row-major), or past TRACE_WHOLE entries
 * `∈ ℝ⁸ˣ⁵, ‖·‖ = 2.1` (the Frobenius norm). LaTeX: a matrix, a vector as a transposed row.
 */
export function tensorValue(t: Tensor, style: TraceStyle, shapeShown = false): string {
  const v = (x: number): string => shortValue(x, style);
  if (t.data.length === 1) return `= ${v(t.data[0]!)}`;
  if (t.data.length <= TRACE_WHOLE) {
    const row = (i: number, sep: string): string => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols), v).join(sep);
    if (style === 'latex') {
      if (t.cols === 1) return `= \\begin{bmatrix} ${Array.from(t.data, v).join(' & ')} \\end{bmatrix}^{\\top}`;
      return `= \\begin{bmatrix} ${Array.from({ length: t.rows }, (_, i) => row(i, ' & ')).join(' \\\\ ')} \\end{bmatrix}`;
    }
    if (t.cols === 1) return `= [${Array.from(t.data, v).join(', ')}]`;
    return `= [${Array.from({ length: t.rows }, (_, i) => `[${row(i, ', ')}]`).join(', ')}]`;
  }
  let sq = 0;
  for (const x of t.data) sq += x * x;
  const norm = v(Math.sqrt(sq));
  const shape = shapeText([t.rows, t.cols], style);
  // The row's definition already says W ∈ ℝ⁸ˣ⁵: only the norm.
  if (shapeShown) return style === 'latex' ? `\\lVert\\cdot\\rVert = ${norm}` : style === 'ascii' ? `||.|| = ${norm}` : `‖·‖ = ${norm}`;
  if (style === 'latex') return `\\in ${shape},\\ \\lVert\\cdot\\rVert = ${norm}`;
  return style === 'ascii' ? `in ${shape}, ||.|| = ${norm}` : `∈ ${shape}, ‖·‖ = ${norm}`;
}

/** A program variable's adjoint ū in one style (W1 → W̄₁, \\bar{W}_{1}; yhat → bar(yhat)). */
export function programBar(name: string, style: TraceStyle): string {
  return decorate(name, 'bar', style);
}

/** A program's names in one style: its variables, their bars and dots, ℓ, ∂ℓ/∂θ. */
function programNames(style: TraceStyle, sym: (name: string) => string = symbolLatex) {
  const latex = style === 'latex';
  return {
    name: (n: string): string => (latex ? sym(n) : n),
    bar: (n: string): string => decorate(n, 'bar', style, sym),
    dot: (n: string): string => decorate(n, 'dot', style, sym),
    partial: (of: string, wrt: string): string =>
      latex ? `\\frac{\\partial ${sym(of)}}{\\partial ${sym(wrt)}}` : style === 'ascii' ? `d${of}/d${wrt}` : `∂${of}/∂${wrt}`,
    ell: latex ? '\\ell' : style === 'ascii' ? 'ell' : 'ℓ',
    ellBar: latex ? '\\bar{\\ell}' : style === 'ascii' ? 'ellbar' : `ℓ${COMBINING_BAR}`,
    ellDot: latex ? '\\dot{\\ell}' : style === 'ascii' ? 'elldot' : `ℓ${COMBINING_DOT}`,
    in: latex ? ' \\in ' : style === 'ascii' ? ' in ' : ' ∈ ',
    minus: style === 'unicode' ? ' − ' : ' - ',
    mu: (n: string): string => (latex ? `\\mu_{${sym(n)}}` : style === 'ascii' ? `mu_${n}` : `μ_${n}`),
  };
}

/** The JSON name of a program's objective line (the expression's is y). */
export const PROGRAM_OUTPUT_VAR = 'ell';

/** A program's trace as rows: the same rows as an expression's, named by the program's variables. */
function programTraceRows(trace: ProgramTrace, style: TraceStyle, o: TraceRowOptions): TraceRows {
  const der = trace.derivation;
  const p = der.program;
  const b = p.builder;
  const N = programNames(style, style === 'latex' ? o.sym : undefined);
  const values = trace.point.values;
  const pstyle = style;
  // One printer per naming, for the whole trace: each node is printed once.
  const plain = programPrinter(b, pstyle);
  const bars = programPrinter(b, pstyle, undefined, N.bar);
  const dots = programPrinter(b, pstyle, undefined, N.dot);
  const obj = p.objective;
  const eq = ' = ';

  const primal: TraceRow[] = [];
  for (const d of p.declarations) {
    const t = values.get(d.name)!;
    primal.push({ var: d.name, left: `${N.name(d.name)}${N.in}${shapeText(d.shape, style)}`, right: tensorValue(t, style, true), value: t });
  }
  for (const st of p.statements) {
    const t = values.get(st.name)!;
    primal.push({ var: st.name, left: `${N.name(st.name)}${eq}${plain.print(st.root)}`, right: tensorValue(t, style), value: t });
  }
  const objValue = values.get(obj)!;
  primal.push({ var: PROGRAM_OUTPUT_VAR, left: `${N.ell}${eq}${N.name(obj)}`, right: tensorValue(objValue, style), value: objValue });

  const adjoint: TraceRow[] = [{ var: obj, left: `${N.bar(obj)}${eq}${N.ellBar}`, right: '= 1', value: 1 }];
  const negative = (s: string): boolean => s.startsWith('−') || s.startsWith('-');
  for (const push of trace.adjoint) {
    const term = bars.print(push.term);
    let rhs = term;
    if (push.accumulates) {
      rhs = negative(term)
        ? `${N.bar(push.to)}${N.minus}${bars.signed({ id: push.term, negative: true })}`
        : `${N.bar(push.to)} + ${term}`;
    }
    adjoint.push({ var: push.to, left: `${N.bar(push.to)}${eq}${rhs}`, right: tensorValue(push.value, style), value: push.value });
  }
  for (const g of der.gradient) {
    const t = trace.bar.get(g.name)!;
    adjoint.push({ var: g.name, left: `${N.partial(obj, g.name)}${eq}${N.bar(g.name)}`, right: tensorValue(t, style), value: t });
  }

  let tangent: TraceRow[] | null = null;
  let tangentCheck: string | null = null;
  if (trace.tangent) {
    const t = trace.tangent;
    tangent = [];
    const params = p.declarations.filter((d) => d.role === 'param');
    for (const d of params) {
      const v = t.dot.get(d.name)!;
      tangent.push({ var: d.name, left: N.dot(d.name), right: tensorValue(v, style), value: v });
    }
    for (const s of t.steps) {
      const rhs = s.expr === null ? '0' : dots.print(s.expr);
      tangent.push({ var: s.name, left: `${N.dot(s.name)}${eq}${rhs}`, right: tensorValue(s.value, style), value: s.value });
    }
    const ydot = t.dot.get(obj)!.data[0]!;
    tangent.push({ var: PROGRAM_OUTPUT_VAR, left: `${N.ellDot}${eq}${N.dot(obj)}`, right: `= ${shortValue(ydot, style)}`, value: ydot });
    let reverse = 0;
    for (const d of params) reverse += trace.bar.get(d.name)!.data[0]! * t.dot.get(d.name)!.data[0]!;
    const ok = Math.abs(reverse - ydot) <= 1e-9 * Math.max(1, Math.abs(reverse));
    const mark = ok ? (style === 'ascii' ? 'ok' : '✓') : (style === 'ascii' ? 'DIFFERENT' : '✗ different');
    tangentCheck = `${N.ellDot} = ${shortValue(ydot, style)}; the reverse trace's gradient along the direction, Σ_θ ∂${obj}/∂θ·θ̇ = ${shortValue(reverse, style)} ${mark}`;
  }

  const pairs: string[] = [];
  for (const st of p.statements) if (pairs.length < 4) pairs.push(`${N.bar(st.name)} = ${N.mu(st.name)}`);
  const gap = trace.pushPullGap;
  const ubar = style === 'unicode' ? `u${COMBINING_BAR}` : 'ubar';
  const pushPull = `the push form (each statement, in reverse order, adds its local adjoint to ${ubar} of each variable u it uses) and the KKT pull form (μ_u = Σ over the statements that use u of their local adjoint) give the same multipliers, ${pairs.join(', ')}${p.statements.length > 4 ? ', …' : ''}, and θ${style === 'unicode' ? COMBINING_BAR : 'bar'} = ∂${obj}/∂θ for each param θ: max |${ubar} − μ_u| = ${gap === 0 ? '0' : gap.toExponential(1)}`;
  return { primal, tangent, adjoint, pushPull, tangentCheck };
}
