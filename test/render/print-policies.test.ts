// The one printer (src/render/print.ts) under its two naming policies: the
// notes' z_i/μ_i of an expression's derivation and a program's variables and
// μ_v. Naming changes the leaves only: the same IR is bracketed the same way
// under both, and where it is bracketed follows the op table's precedences
// (TOPS[op].notation: an operand below the op's least precedence for it, or a
// minus right after an operator sign).
import { describe, expect, it } from 'vitest';
import { Builder } from '../../src/ir/build.js';
import { Prec, TOPS, type TOpName } from '../../src/ir/tensor-ops.js';
import type { NodeId } from '../../src/ir/types.js';
import { LATEX, nodeNaming, Printer, UNICODE, variableNaming, type WriteStyle } from '../../src/render/print.js';

const b = new Builder();
const a = b.sym('a');
const c = b.sym('c');
/** μ of node 3 (an expression's μ₃) or of a variable named 3 (a program's μ_3): the same leaf. */
const mu = b.mu(3);
const two = b.num(2);
/** Ops built as they are (b.op does not fold), so that each case is the tree it says. */
const op = (name: TOpName, ...args: NodeId[]): NodeId => b.op(name, args);

/** Each case: outer op, the operand that is another op, and the text and LaTeX both policies print (names aside). */
const CASES: readonly { tree: NodeId; text: string; latex: string }[] = [
  // Unary minus: of a sum bracketed, of a product not; after an operator sign bracketed.
  { tree: op('neg', op('add', a, c)), text: '−(a + c)', latex: '-\\left(a + c\\right)' },
  { tree: op('neg', op('mul', a, c)), text: '−a·c', latex: '-a c' },
  { tree: op('mul', mu, op('neg', a)), text: 'M·(−a)', latex: 'M \\left(-a\\right)' },
  { tree: op('sub', a, op('neg', c)), text: 'a − (−c)', latex: 'a - \\left(-c\\right)' },
  { tree: op('mul', op('neg', a), c), text: '−a·c', latex: '-a c' },
  { tree: op('mul', a, op('mul', op('neg', c), mu)), text: 'a·(−c·M)', latex: 'a \\left(-c M\\right)' },
  { tree: op('pow', a, op('neg', c)), text: 'a^(−c)', latex: '{a}^{\\left(-c\\right)}' },
  // Powers: a base that is not an atom is bracketed; a LaTeX exponent is not (it is braced).
  { tree: op('pow', op('neg', a), two), text: '(−a)^2', latex: '{\\left(-a\\right)}^{2}' },
  { tree: op('pow', op('pow', a, two), c), text: '(a^2)^c', latex: '{\\left({a}^{2}\\right)}^{c}' },
  { tree: op('pow', a, op('add', c, mu)), text: 'a^(c + M)', latex: '{a}^{c + M}' },
  { tree: op('mul', mu, op('pow', a, two)), text: 'M·a^2', latex: 'M {a}^{2}' },
  // Division: a product or a quotient below it in text, nothing in \frac.
  { tree: op('div', a, op('mul', c, mu)), text: 'a/(c·M)', latex: '\\frac{a}{c M}' },
  { tree: op('div', op('add', a, c), mu), text: '(a + c)/M', latex: '\\frac{a + c}{M}' },
  { tree: op('div', op('div', a, c), mu), text: 'a/c/M', latex: '\\frac{\\frac{a}{c}}{M}' },
  { tree: op('mul', mu, op('add', a, c)), text: 'M·(a + c)', latex: 'M \\left(a + c\\right)' },
  { tree: op('sub', a, op('add', c, mu)), text: 'a − (c + M)', latex: 'a - \\left(c + M\\right)' },
  // A function: \sin z drops its brackets round an atom, and a factor after it is written with \cdot.
  { tree: op('mul', op('sin', a), c), text: 'sin(a)·c', latex: '\\sin a \\cdot c' },
  { tree: op('sin', op('mul', a, c)), text: 'sin(a·c)', latex: '\\sin \\left(a c\\right)' },
];

/** The two naming policies of one style, without the text round trip (a policy of its own, tested by the ir property test). */
function printers(style: WriteStyle): { name: string; printer: Printer; mu: string }[] {
  const expr = style === 'latex' ? LATEX : UNICODE;
  return [
    { name: 'z_i/μ_i', printer: new Printer(b, style, nodeNaming(expr)), mu: style === 'latex' ? '\\mu_{3}' : 'μ₃' },
    { name: 'variables', printer: new Printer(b, style, variableNaming(style)), mu: style === 'latex' ? '\\mu_{\\mathrm{3}}' : 'μ_3' },
  ];
}

describe('one printer, two naming policies', () => {
  for (const style of ['unicode', 'latex'] as const) {
    it(`${style}: the same IR gets the same brackets under both namings (only μ's name differs)`, () => {
      for (const { name, printer, mu: m } of printers(style)) {
        for (const k of CASES) {
          expect(printer.print(k.tree).split(m).join('M'), `${name}: ${k.text}`).toBe(style === 'latex' ? k.latex : k.text);
        }
      }
    });
  }

  it('brackets exactly the operands the op table asks for: below the least precedence, or a minus after an operator sign', () => {
    const shapes = (x: NodeId) => { const n = b.node(x); return n.kind === 'op' ? n.args.map((y) => b.shape(y)) : []; };
    for (const style of ['unicode', 'ascii', 'latex'] as const) {
      for (const { printer } of printers(style)) {
        // An open function (\sin a): the table's form without brackets round an atom.
        const open = (x: NodeId): boolean => {
          const n = b.node(x);
          return n.kind === 'op' && TOPS[n.op].notation(style, shapes(x)).open && printer.precedence(n.args[0]!) >= Prec.Atom;
        };
        for (const k of CASES) {
          const n = b.node(k.tree);
          if (n.kind !== 'op') throw new Error('a case is an op');
          const w = TOPS[n.op].notation(style, shapes(k.tree));
          const bracketed = n.args.map((x, i) => {
            const inner = printer.print(x);
            return printer.precedence(x) < (w.args[i] ?? Prec.Any) || (w.afterOperator[i] === true && (inner.startsWith('−') || inner.startsWith('-')));
          });
          const parts = n.args.map((x, i) => {
            const inner = printer.print(x);
            return !bracketed[i] ? inner : style === 'latex' ? `\\left(${inner}\\right)` : `(${inner})`;
          });
          expect(printer.print(k.tree), `${style}: ${k.text}`).toBe(w.write(parts, open(n.args[0]!) && !bracketed[0]));
        }
      }
    }
  });

  it('the leaves are the policy: z_i and μ_i for an expression, μ_v in the convention for a program', () => {
    const t = op('mul', mu, op('sin', a));
    expect(new Printer(b, 'unicode', nodeNaming(UNICODE)).print(t)).toBe('μ₃·sin(a)');
    expect(new Printer(b, 'unicode', variableNaming('unicode', { multiplier: 'lambda', sign: '+', node: 'v' })).print(t)).toBe('λ_3·sin(a)');
    const z = op('add', b.ref(2), two);
    expect(new Printer(b, 'ascii', nodeNaming({ format: 'text', text: 'ascii' })).print(z)).toBe('z2 + 2');
    expect(() => new Printer(b, 'ascii', variableNaming('ascii')).print(z)).toThrow(/not a program's variable/);
  });

  it('between matrices, products do not mix: one inside another of the same precedence keeps its brackets', () => {
    const A = b.variable('A', [2, 2]);
    const B = b.variable('B', [2, 2]);
    const C = b.variable('C', [2, 2]);
    const p = new Printer(b, 'unicode', variableNaming('unicode'));
    expect(p.print(op('mul', A, op('matmul', B, C)))).toBe('A ⊙ (B·C)');
    expect(p.print(op('matmul', op('mul', two, A), B))).toBe('(2·A)·B');
    expect(p.print(op('mul', op('mul', A, B), C))).toBe('A ⊙ B ⊙ C');
    expect(p.print(op('matmul', op('matmul', A, B), C))).toBe('A·B·C');
    expect(p.print(op('div', op('mul', A, B), two))).toBe('(A ⊙ B)/2');
  });
});
