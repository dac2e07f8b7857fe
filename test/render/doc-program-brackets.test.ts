// A program's LaTeX brackets what its notation needs: a function of the table
// binds as it is written (\sin w as a unary function, e^{w} − 1 as a sum), and
// what already carries a superscript (‖w‖², Wᵀ, {w}²) is bracketed before it
// is raised or transposed again (issue 14: ‖w‖²^{2} did not compile); a power's
// base is braced, {…}^{2}, as in expressions.
import { describe, expect, it } from 'vitest';
import { programPrinter } from '../../src/render/print.js';
import { parseProgram } from '../../src/tensor/program.js';

/** The LaTeX (or text) of the objective's right-hand side. */
function rhs(source: string, style: 'latex' | 'unicode' = 'latex'): string {
  const p = parseProgram(source);
  const st = p.statements.find((s) => s.name === p.objective)!;
  return programPrinter(p.builder, style).print(st.root);
}

describe('powers and transposes of what carries a superscript', () => {
  it.each([
    ['param w[2]; loss = sqnorm(w) .^ 2', '{\\left(\\left\\lVert w \\right\\rVert^{2}\\right)}^{2}'],
    ["param W[2,3]; loss = sqnorm(W') .^ 2", '{\\left(\\left\\lVert W^{\\top} \\right\\rVert^{2}\\right)}^{2}'],
    ['param w[2]; loss = sum(square(w) .^ 2)', '\\operatorname{sum}\\left({\\left({w}^{2}\\right)}^{2}\\right)'],
    ["param W[2,2]; loss = sum(square(W)')", '\\operatorname{sum}\\left(\\left({W}^{2}\\right)^{\\top}\\right)'],
    ["param W[2,3]; loss = sum((W').^2)", '\\operatorname{sum}\\left({\\left(W^{\\top}\\right)}^{2}\\right)'],
  ])('%s', (source, latex) => {
    expect(rhs(source)).toBe(latex);
  });

  it('the terminal text brackets ‖w‖² before a power too', () => {
    expect(rhs('param w[2]; loss = sqnorm(w) .^ 2', 'unicode')).toBe('(‖w‖²)^2');
  });
});

describe('a function of the table binds as its LaTeX is written', () => {
  it.each([
    // (sin w)², not sin(w²)
    ['param w[2]; loss = sum(sin(w) .^ 2)', '\\operatorname{sum}\\left({\\left(\\sin w\\right)}^{2}\\right)'],
    // (e^w − 1) ⊙ w, not e^w − (1 ⊙ w)
    ['param w[2]; loss = sum(expm1(w) .* w)', '\\operatorname{sum}\\left(\\left(e^{w} - 1\\right) \\odot w\\right)'],
    ['param w[2]; loss = sum(w - expm1(w))', '\\operatorname{sum}\\left(w - \\left(e^{w} - 1\\right)\\right)'],
    // (sin W) x, not sin(W x)
    ['param W[2,2]; data x[2]; loss = sum(sin(W)*x)', '\\operatorname{sum}\\left(\\left(\\sin W\\right) x\\right)'],
    // sin(sin w), not sin sin w
    ['param w[2]; loss = sum(sin(sin(w)))', '\\operatorname{sum}\\left(\\sin \\left(\\sin w\\right)\\right)'],
    // what needs no bracket gets none
    ['param w[2]; loss = sum(sin(w) .* w)', '\\operatorname{sum}\\left(\\sin w \\odot w\\right)'],
    ['param w[2]; loss = sum(expm1(w))', '\\operatorname{sum}\\left(e^{w} - 1\\right)'],
  ])('%s', (source, latex) => {
    expect(rhs(source)).toBe(latex);
  });
});
