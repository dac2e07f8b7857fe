// A program's computation graph (src/tensor/graph.ts) and its one derivation
// (src/derive/derive.ts): a node per param and per statement, α/β from the
// variables used, data as constants; the derivation's terms are the
// statements' local adjoints, read by name as the matrix form.
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/derive/derive.js';
import { programPrinter } from '../../src/render/print.js';
import { deriveMatrixForm } from '../../src/tensor/derive.js';
import { programGraph } from '../../src/tensor/graph.js';
import { parseProgram } from '../../src/tensor/program.js';

describe('a program as a computation graph', () => {
  const p = parseProgram('param W[2,3]; data x[3]; param c; h = tanh(W*x); y = c*sum(h); minimize y');
  const g = programGraph(p);

  it('has the params as inputs (data are constants) and the statements as operations, α and β by the variables used', () => {
    expect(g.kind).toBe('program');
    expect(g.inputs).toEqual(['W', 'c']);
    expect(g.constants).toEqual(['x']);
    expect([g.d, g.m, g.output]).toEqual([2, 4, 4]);
    expect(g.nodes.slice(1).map((n) => [n.name, n.kind, n.shape, n.alpha, n.beta])).toEqual([
      ['W', 'input', [2, 3], [], [3]],
      ['c', 'input', [1, 1], [], [4]],
      ['h', 'op', [2, 1], [1], [4]],
      ['y', 'op', [1, 1], [2, 3], []],
    ]);
  });

  it("derives as an expression's graph does, each edge term a local adjoint (no scalar partial for a matrix)", () => {
    const d = derive(g);
    expect(d.forward.map((s) => s.node)).toEqual([3, 4]);
    expect(d.backward.map((s) => s.node)).toEqual([4, 3]);
    const h = d.backward.find((s) => s.node === 3)!;
    expect(h.rule === 'kkt.z' && h.terms.map((t) => [t.from, t.partial])).toEqual([[4, null]]);
    const text = (id: Parameters<ReturnType<typeof programPrinter>['print']>[0]) => programPrinter(p.builder, 'unicode').print(id);
    expect(h.rule === 'kkt.z' && text(h.terms[0]!.term)).toBe('c·𝟙');
    expect(d.gradient.map((s) => [s.name, s.terms.map((t) => text(t.term))])).toEqual([
      ['W', ['(μ_h ⊙ (1 − h.^2))·xᵀ']],
      ['c', ['sum(h)']],
    ]);
  });

  it('the matrix form is that derivation read by name, with the objective substituted (μ_y = 1)', () => {
    const m = deriveMatrixForm(p);
    expect(m.foldedObjective).toBe(true);
    expect(m.backward.map((e) => [e.name, e.sum === null ? null : programPrinter(p.builder, 'unicode').print(e.sum)])).toEqual([['y', '1'], ['h', 'c·𝟙']]);
  });

  it('an objective that a later statement uses keeps its multiplier: μ_a = 1 + its terms', () => {
    const q = parseProgram('param w; a = sin(w); b = a*a; minimize a');
    const d = derive(programGraph(q));
    const a = d.backward.find((s) => s.node === 2)!;
    expect(a.rule === 'kkt.z' && a.objective).toBe(true);
    const sums = deriveMatrixForm(q).backward.map((e) => [e.name, e.sum === null ? null : programPrinter(q.builder, 'unicode').print(e.sum)]);
    // b is used by nothing and is not the objective: no terms, μ_b = 0.
    expect(sums).toEqual([['b', null], ['a', '1 + 2·μ_b·a']]);
  });
});
