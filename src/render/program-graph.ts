// A program's variables as a graph view (render/graph-view.ts), so that the
// handout draws it with the same SVG, TikZ and Mermaid as a scalar graph:
// params and data are the inputs (name and shape), each statement a node
// v = f_v, the objective the output; the edge u → v carries the term μ_v
// sends back to u (its local adjoint), or "fixed" when u is data.
import type { ProgramDerivation } from '../tensor/derive.js';
import { isScalar, type Shape } from '../ir/shape.js';
import { multiplierSymbol, NOTES, type Convention } from './convention.js';
import type { GraphView, ViewEdge, ViewNode } from './graph-view.js';
import { conventionTerm } from './program-print.js';
import { nameOf, programPrinter, type SignedTerm } from './print.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const SUP: Readonly<Record<string, string>> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** Unicode text that reads like the LaTeX: a name's trailing digits as a subscript (W1 → W₁), .^ as ^ (shown as a superscript). */
export function subscripted(s: string): string {
  return s.replace(/\.\^/g, '^').replace(/(?<=[A-Za-zα-ωΑ-Ω])(\d+)(?![\d.])/g, (d: string) => [...d].map((c) => SUB[Number(c)]).join(''));
}

/** ℝ, ℝ⁴ or ℝ⁴ˣ³ in text; \mathbb{R}^{4\times 3} in LaTeX. */
export function shapeLabel(s: Shape): { text: string; latex: string } {
  if (isScalar(s)) return { text: 'ℝ', latex: '\\mathbb{R}' };
  const sup = (n: number): string => [...String(n)].map((c) => SUP[c]).join('');
  if (s[1] === 1) return { text: `ℝ${sup(s[0])}`, latex: `\\mathbb{R}^{${s[0]}}` };
  return { text: `ℝ${sup(s[0])}ˣ${sup(s[1])}`, latex: `\\mathbb{R}^{${s[0]}\\times ${s[1]}}` };
}

/**
 * `terms: false` (a student's edition): the edges of params and statements carry `?` instead of the term they send back.
 * `conv`: the multipliers' symbol and sign; under the + sign μ_ℓ = −1 is substituted (the gradient is then minus the sum).
 */
export function programGraphView(der: ProgramDerivation, options: { readonly terms?: boolean; readonly conv?: Convention } = {}): GraphView {
  const conv = options.conv ?? NOTES;
  const p = der.program;
  const b = p.builder;
  const unicode = programPrinter(b, 'unicode', conv);
  const latex = programPrinter(b, 'latex', conv);
  const index = new Map<string, number>();
  const nodes: ViewNode[] = [];
  for (const d of p.declarations) {
    const i = nodes.length + 1;
    index.set(d.name, i);
    const name = { text: subscripted(d.name), latex: nameOf(d.name, 'latex') };
    const shape = shapeLabel(d.shape);
    nodes.push({
      index: i, id: `z${i}`, kind: 'input', name, f: name,
      main: { text: `${name.text} ∈ ${shape.text}`, latex: `${name.latex} \\in ${shape.latex}` },
    });
  }
  for (const st of p.statements) {
    const i = nodes.length + 1;
    index.set(st.name, i);
    nodes.push({
      index: i, id: `z${i}`, kind: st.name === p.objective ? 'output' : 'op',
      name: { text: subscripted(st.name), latex: nameOf(st.name, 'latex') },
      f: { text: subscripted(unicode.print(st.root)), latex: latex.print(st.root) },
    });
  }
  // The term each statement sends back to each variable it uses (μ of the objective substituted).
  const term = new Map<string, SignedTerm>();
  for (const eq of [...der.backward, ...der.gradient]) for (const t of eq.terms) term.set(`${t.from}:${eq.name}`, conventionTerm(der, t, conv));
  const edges: ViewEdge[] = [];
  for (const st of p.statements) {
    const used = [...(der.local.get(st.name)?.keys() ?? [])].sort((x, y) => index.get(x)! - index.get(y)!);
    for (const u of used) {
      const t = term.get(`${st.name}:${u}`);
      edges.push({
        from: index.get(u)!,
        to: index.get(st.name)!,
        label: t === undefined
          ? { text: 'fixed', latex: '\\text{fixed}' }
          : options.terms === false ? { text: '?', latex: '?' } : { text: subscripted(unicode.signed(t)), latex: latex.signed(t) },
      });
    }
  }
  return { nodes, edges, conv, multiplier: { text: multiplierSymbol(conv, 'unicode'), latex: multiplierSymbol(conv, 'latex') }, hasValues: false, hasMu: false };
}
