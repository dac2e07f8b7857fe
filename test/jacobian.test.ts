// Note 004's Jacobian of a vector of expressions `[y1, y2, …]`
// (src/list-pipeline.ts): one shared graph, one Lagrangian and multiplier set
// per output, row k the gradient of output k, checked; on random lists, each
// row equals the gradient of the component derived alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeExpressionList, checkListClaims } from '../src/list-pipeline.js';
import { listRanges, parseExpressionList } from '../src/parse/expr.js';
import { outputLetter } from '../src/model/notation.js';
import { analyzeExpression } from '../src/pipeline.js';
import { cheaperMode } from '../src/render/jacobian.js';
import { close } from '../src/verify/tolerance.js';
import { atFor, evaluate, KINK_DISTANCE, MAX_MAGNITUDE, point, PROPERTY_PARAMS, smoothExpr, toText } from './property/arbitraries.js';

describe('the Jacobian of [y1, y2, …] (note 004)', () => {
  it('gives [[5, 2], [cos 2, 0]] for [x1*x2, sin(x1)] at (2, 5), with two multiplier sets, checked', () => {
    const la = analyzeExpressionList('[x1*x2, sin(x1)]', { at: new Map([['x1', 2], ['x2', 5]]) });
    expect(la.jacobian).toEqual([[5, 2], [Math.cos(2), 0]]);
    expect(la.outputs).toHaveLength(2);
    expect(la.outputs.every((a) => a.check!.ok)).toBe(true);
    // One graph: y1 = z3, y2 = z4; output 2's view keeps z3 as a constraint with μ⁽²⁾₃ = 0.
    expect(la.graph.outputs).toEqual([3, 4]);
    expect(la.outputs[1]!.mu[3]).toBe(0);
    expect(la.outputs[0]!.mu[3]).toBe(1);
  });

  it('shares a subexpression between outputs as one node', () => {
    const la = analyzeExpressionList('[sin(x)*y, sin(x)]', { at: new Map([['x', 1], ['y', 2]]) });
    // x, y, sin(x), sin(x)·y: four nodes, and y2 is the node y1 uses.
    expect(la.graph.m).toBe(4);
    expect(la.graph.outputs).toEqual([4, 3]);
    expect(la.jacobian[1]).toEqual([Math.cos(1), 0]);
  });

  it("judges a point by each output's own nodes: outside log's domain, y = x still has its derivative", () => {
    const la = analyzeExpressionList('[log(x), x]', { at: new Map([['x', -1]]) });
    expect(la.outputs[0]!.point.problem).not.toBeNull();
    expect(la.outputs[1]!.point.problem).toBeNull();
    expect(la.outputs[1]!.check!.ok).toBe(true);
    expect(la.jacobian[1]).toEqual([1]);
  });

  it('reads a list only where the whole input is one, and points into the text on errors', () => {
    expect(listRanges('[x, y]')).toEqual([{ start: 1, end: 2 }, { start: 3, end: 5 }]);
    expect(listRanges('[x]')).toBeNull();
    expect(listRanges('[x, y] + 1')).toBeNull();
    expect(listRanges('sin([x, y])')).toBeNull();
    expect(() => parseExpressionList('[x, sin y z]')).toThrow();
    try {
      parseExpressionList('[x, 2*$]');
    } catch (e) {
      expect((e as { offset?: number }).offset).toBe(6);
    }
  });

  it('says which mode costs less: k reverse sweeps against d tangent sweeps', () => {
    expect(cheaperMode(1, 5)).toBe('reverse');
    expect(cheaperMode(5, 1)).toBe('forward');
    expect(cheaperMode(2, 2)).toBe('either');
  });

  it('gives, row by row, the gradient of each component derived alone, on random pairs', () => {
    fc.assert(
      fc.property(smoothExpr, smoothExpr, point, (e1, e2, p) => {
        const at = new Map([...atFor(e1, p), ...atFor(e2, p)]);
        for (const e of [e1, e2]) {
          const ref = evaluate(e, at);
          fc.pre(Number.isFinite(ref.value) && ref.maxAbs <= MAX_MAGNITUDE && ref.kinkArgs.every((u) => Math.abs(u) > KINK_DISTANCE));
        }
        let la;
        try {
          la = analyzeExpressionList(`[${toText(e1)}, ${toText(e2)}]`, { at });
        } catch {
          fc.pre(false);
          return;
        }
        la.outputs.forEach((a, k) => {
          fc.pre(a.point.problem === null);
          expect(a.check!.ok, `[${toText(e1)}, ${toText(e2)}] output ${k + 1}`).toBe(true);
          const e = k === 0 ? e1 : e2;
          const alone = analyzeExpression(toText(e), { at: atFor(e, p) });
          for (const s of alone.derivation.gradient) {
            const j = la.graph.inputs.indexOf(s.name);
            expect(close(la.jacobian[k]![j]!, alone.mu[s.node]!, { rel: 1e-9, abs: 1e-9 }, 1), `∂y${k + 1}/∂${s.name}`).toBe(true);
          }
        });
      }),
      PROPERTY_PARAMS,
    );
  });
});

describe("claims about a list's outputs (lagrad check \"[…]\" --grad y2/x1=…)", () => {
  const describeNode = (): string => '';
  it('judges an entry of the Jacobian on its output, and a multiplier in the one graph\'s numbering', () => {
    const r = checkListClaims('[x1*x2, sin(x1)]', [
      { target: 'y2/x1', text: 'cos(x1)' }, { target: 'y1/x2', text: 'x1' }, { target: 'y2/z3', text: '0' }, { target: 'y1/z3', text: '1' },
    ], { describeNode });
    expect(r.ok).toBe(true);
    expect(r.results.map((x) => [x.output, x.result.verdicts.length])).toEqual([[1, 2], [2, 2]]);
  });
  it('finds a wrong entry, and refuses a target without its output', () => {
    const r = checkListClaims('[x1*x2, sin(x1)]', [{ target: 'y2/x1', text: 'sin(x1)' }], { describeNode });
    expect(r.ok).toBe(false);
    expect(() => checkListClaims('[x1*x2, sin(x1)]', [{ target: 'x1', text: 'x2' }], { describeNode })).toThrow(/names its output/);
    expect(() => checkListClaims('[x1*x2, sin(x1)]', [{ target: 'y3/x1', text: 'x2' }], { describeNode })).toThrow(/names its output/);
  });
});

describe('lists: review defects', () => {
  it('keeps a constant component a constant everywhere else ([2, x^2]: J = [[0], [−2]] at x = −1)', () => {
    const la = analyzeExpressionList('[2, x^2]', { at: new Map([['x', -1]]) });
    expect(la.jacobian).toEqual([[0], [-2]]);
    expect(la.outputs.every((a) => a.point.problem === null && a.check!.ok)).toBe(true);
    const five = analyzeExpressionList('[5, x, 5*x]', { at: new Map([['x', 1]]) });
    expect(five.jacobian).toEqual([[0], [1], [5]]);
    expect(five.graph.nodes.filter((n) => n.alpha.length > 0).every((n) => n.alpha.every((j) => j <= five.graph.d))).toBe(true);
  });

  it('reads a list over several lines, and points into the whole text', () => {
    expect(analyzeExpressionList('[x*y,\n sin(x)]', { check: false }).outputs).toHaveLength(2);
    try {
      parseExpressionList('[x*y,\n sin(x $)]');
      expect.unreachable();
    } catch (e) {
      expect((e as { offset: number }).offset).toBe('[x*y,\n sin(x '.length);
    }
  });

  it('names the outputs with a letter the input does not use', () => {
    expect(outputLetter(['x1', 'x2'])).toBe('y');
    expect(outputLetter(['y1', 'y2'])).toBe('u');
    expect(outputLetter(['x', 'y'])).toBe('u');
    expect(outputLetter(['x'], 'y')).toBe('u');
    const r = checkListClaims('[y1 + y2, y1*y2]', [{ target: 'u2/y1', text: 'y2' }], { describeNode: () => '' });
    expect(r.letter).toBe('u');
    expect(r.ok).toBe(true);
  });

  it('refuses, before deriving, a list whose outputs together exceed the node limit', () => {
    const big = `[${Array.from({ length: 2000 }, (_, k) => `sin(x*${k + 1})`).join(', ')}]`;
    expect(() => analyzeExpressionList(big, { nodeLimit: { nodes: 100_000, what: 'for one expression', raise: '' } })).toThrow(/derived once per output/);
  });
});
