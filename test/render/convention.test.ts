// Notation options: the multiplier's symbol, the Lagrangian's sign, the nodes' letter.
// The default is the notes' convention, and leaves text and JSON as they were (golden files).
import { describe, expect, it } from 'vitest';
import { analyzeExpression } from '../../src/pipeline.js';
import { conventionText, isNotes, NOTES, type Convention } from '../../src/render/convention.js';
import { Equations } from '../../src/render/equations.js';
import { toJsonDocument, renderJson } from '../../src/render/json.js';
import { LATEX, UNICODE } from '../../src/render/print.js';
import { renderText } from '../../src/render/text.js';

const a = analyzeExpression('ln(x1) + x1*x2 - sin(x2)', { at: new Map([['x1', 2], ['x2', 5]]) });
const plus: Convention = { multiplier: 'lambda', sign: '+', node: 'v' };

describe('the + sign: L = z_m + Σ μ_i (z_i − f_i)', () => {
  const eq = new Equations(a.derivation, UNICODE, plus);
  it('∂L/∂z_m = 1 + λ_m = 0 gives λ_m = −1', () => {
    expect(eq.stationarityOutput()).toEqual({ lhs: '∂L/∂v₇ = 1 + λ₇ = 0', solved: 'λ₇ = −1' });
  });
  it('∂L/∂μ_i = z_i − f_i = 0, without the outer minus', () => {
    expect(eq.stationarityMu(5).lhs).toBe('∂L/∂λ₅ = v₅ − (v₃ + v₄) = 0');
  });
  it('the recursion is the notes\' one; the gradient changes sign', () => {
    const step = a.derivation.backward[1]!;
    expect(step.rule === 'kkt.z' && eq.stationarityZ(step).lhs).toBe('∂L/∂v₆ = λ₆ − λ₇·(−1) = 0');
    expect(eq.gradient(a.derivation.gradient[0]!)).toBe('∂f/∂x1 = −λ₃/v₁ − λ₄·v₂');
    expect(new Equations(a.derivation, LATEX, plus).lagrangian()).toMatch(/^\\mathcal\{L\}\(v, \\lambda\) = v_\{7\} \+ \\lambda_\{3\}/);
  });
  it('the text shows λ_j = −∂f/∂v_j in the backward pass and says so', () => {
    const t = renderText(a, undefined, plus);
    expect(t).toContain('convention: L = v_m + Σ_{i>d} λ_i (v_i − f_i(v_α(i))), so λ_m = −1 and λ_j = −∂f/∂v_j');
    expect(t).toMatch(/λ₇ = −1 +=\s+−1/);
    expect(t).toMatch(/∂f\/∂x1 = −λ₃\/v₁ − λ₄·v₂ += 5\.5/);
  });
  it('JSON: multipliers in the convention, ids unchanged, a notation key at the end', () => {
    const doc = JSON.parse(renderJson(a, plus));
    expect(doc.backward[0]).toMatchObject({ node: 'z7', text: 'lambda7 = -1', value: -1 });
    expect(doc.gradient.x1.value).toBe(5.5);
    expect(doc.check.rows.at(-1)).toMatchObject({ node: 'z1', mu: -5.5 });
    expect(Object.keys(doc).at(-1)).toBe('notation');
    expect(doc.notation).toEqual({ multiplier: 'lambda', sign: '+', node: 'v' });
  });
});

describe('the default is the notes', () => {
  it('has no notation key in JSON and the notes\' wording', () => {
    expect(isNotes(NOTES)).toBe(true);
    expect(toJsonDocument(a).entries.map(([k]) => k)).not.toContain('notation');
    expect(conventionText(NOTES).lagrangian).toBe('sign convention of the notes: L = z_m − Σ_{i>d} μ_i (z_i − f_i(z_α(i)))');
  });
  it('β as the multiplier renames the consumer sets to ch(j)', () => {
    const beta: Convention = { multiplier: 'beta', sign: '-', node: 'z' };
    expect(conventionText(beta).backward).toContain('β_j = Σ_{i∈ch(j)} β_i ∂f_i/∂z_j');
    expect(conventionText(beta).graphHeader).toContain('ch(i)');
  });
});
