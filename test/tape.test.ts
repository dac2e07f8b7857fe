// The tape of local expressions (src/verify/tape.ts): programs share their
// registers and their constants, equal expressions are one program, the value
// of every program is the op table's, a checked run reports the first op
// outside its domain in evaluation order, and a claim of any depth compiles
// without recursion.
import { describe, expect, it } from 'vitest';
import { Builder } from '../src/ir/build.js';
import { OPS } from '../src/ir/ops.js';
import { c } from '../src/ops/complex.js';
import { bind, evaluateChecked } from '../src/verify/evaluate.js';
import { bindComplex, runChecked, runComplex, runReal, TapeWriter, ZERO_PROGRAM } from '../src/verify/tape.js';

describe('the tape', () => {
  it('runs many programs on shared registers, each with its own value', () => {
    const b = new Builder();
    const [x, y] = [b.ref(1), b.ref(2)];
    const roots = [b.call('sin', b.add(x, y)), b.call('cos', b.add(x, y)), b.mul(b.num(3), b.call('exp', x)), y, b.num(2.5), b.sym('a')];
    const writer = new TapeWriter(b);
    const programs = roots.map((r) => writer.program(r));
    // The same expression is the same program.
    expect(writer.program(roots[0]!)).toBe(programs[0]);
    const tape = writer.finish();
    // Registers: the longest program's instructions, then the constants (0, NaN, 3, 2.5, a).
    expect(tape.locals).toBe(2);
    expect(tape.constants.length).toBe(5);
    const r = bind(tape, b, new Map([['a', 7]]));
    const z = Float64Array.of(0, 0.3, 1.2);
    const expected = [Math.sin(0.3 + 1.2), Math.cos(0.3 + 1.2), 3 * Math.exp(0.3), 1.2, 2.5, 7];
    // In any order, each program gives its own value.
    for (const k of [2, 0, 5, 1, 3, 4, 0]) expect(runReal(tape, r, programs[k]!, z)).toBe(expected[k]);
    expect(runReal(tape, r, ZERO_PROGRAM, z)).toBe(0);
    const cz = [c(0), c(0.3, 1e-20), c(1.2)];
    expect(runComplex(tape, bindComplex(tape, r), programs[0]!, cz)).toEqual(OPS.sin.complex(OPS.add.complex(cz[1]!, cz[2]!, c(0)), c(0), c(0)));
  });

  it('reports the first op outside its domain, in evaluation order, as the checked evaluation of one expression does', () => {
    const b = new Builder();
    const x = b.ref(1);
    // log(x) is evaluated before sqrt(x − 2): at x = −1 both are outside, log is named.
    const root = b.add(b.call('log', x), b.call('sqrt', b.sub(x, b.num(2))));
    const writer = new TapeWriter(b);
    const p = writer.program(root);
    const tape = writer.finish();
    const run = runChecked(tape, bind(tape, b, new Map()), p, Float64Array.of(0, -1));
    expect(run.problem?.op).toBe('log');
    expect(evaluateChecked(b, root, Float64Array.of(0, -1), new Map()).problem).toEqual(run.problem);
    expect(runChecked(tape, bind(tape, b, new Map()), p, Float64Array.of(0, 3)).problem).toBeNull();
  });

  it('compiles an expression 10⁵ ops deep without recursion', () => {
    const b = new Builder();
    let e = b.ref(1);
    for (let k = 0; k < 100_000; k++) e = b.call('sin', b.add(e, b.ref(2)));
    const r = evaluateChecked(b, e, Float64Array.of(0, 0.5, 0.25), new Map());
    let v = 0.5;
    for (let k = 0; k < 100_000; k++) v = Math.sin(v + 0.25);
    expect(r).toEqual({ value: v, problem: null });
  });
});
