// The check's tolerance as a document states it: the words of the check
// report's `tolerance` (verify/check.ts, tensor/check.ts), with every number,
// name and formula typeset as mathematics in the document's notation (its
// node letter and multiplier), from the same constants the check compares by.
import { CENTRAL_DIFFERENCE, COMPLEX_STEP, type Tolerance } from '../verify/tolerance.js';
import { multiplierSymbol, type Convention } from './convention.js';
import { math, text, type Inline } from './document.js';

/** 1e-9 as 10^{-9}. */
function power(v: number): string {
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const p = `10^{${Number(exponent)}}`;
  return mantissa === '1' ? p : `${mantissa} \\cdot ${p}`;
}

/** `10^{-9}` relative + `10^{-10} s` absolute. */
function method(name: string, tol: Tolerance): Inline[] {
  return [text(`${name} `), math(power(tol.rel)), text(' relative + '), math(`${power(tol.abs)}\\, s`), text(' absolute')];
}

/** "tolerance: complex step …, central differences … + 4× their error estimate, where s is the largest of 1, |z_m|/max(1, |z_j|) and the terms |μ_i ∂f_i/∂z_j| that sum to μ_j". */
export function expressionTolerance(conv: Convention): Inline[] {
  const z = conv.node;
  const m = multiplierSymbol(conv, 'latex');
  return [
    text('tolerance: '), ...method('complex step', COMPLEX_STEP), text(', '), ...method('central differences', CENTRAL_DIFFERENCE),
    text(' + '), math('4 \\times'), text(' their error estimate, where '), math('s'), text(' is the largest of '), math('1'), text(', '),
    math(`\\lvert ${z}_m \\rvert / \\max\\left(1, \\lvert ${z}_j \\rvert\\right)`), text(' and the terms '),
    math(`\\left\\lvert ${m}_i \\, \\partial f_i / \\partial ${z}_j \\right\\rvert`), text(' that sum to '), math(`${m}_j`),
  ];
}

/** "tolerance: complex step …, central differences … + 4× their error estimate, where s = max(1, |ℓ|); dot-product test: 10^{-6} relative", `objective` in LaTeX. */
export function programTolerance(objective: string): Inline[] {
  return [
    text('tolerance: '), ...method('complex step', COMPLEX_STEP), text(', '), ...method('central differences', CENTRAL_DIFFERENCE),
    text(' + '), math('4 \\times'), text(' their error estimate, where '), math(`s = \\max\\left(1, \\lvert ${objective} \\rvert\\right)`), text('; dot-product test: '), math(power(1e-6)), text(' relative'),
  ];
}
