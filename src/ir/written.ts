// How the ops of the one IR are written (`Written`, src/ops/spec.ts): an
// arithmetic operator or a function of the table exactly as src/ops declares
// it, between numbers, as a scaling of a matrix, or between matrices (⊙, ⊘,
// .^); and the helpers the structural ops of src/ir/tensor-ops.ts declare
// theirs with. Every form is built once, at load; `notation` only looks it up.
import { OPERATORS, type OperatorName } from '../ops/arithmetic.js';
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { Prec, type FunctionName, type Glyphs, type WriteStyle, type Written } from '../ops/spec.js';
import { isScalar, type Shape } from './shape.js';

/** How an op is written in a style, given its operands' shapes. */
export type OpNotation = (style: WriteStyle, shapes: readonly Shape[]) => Written;

const GLYPHS: Readonly<Record<'unicode' | 'ascii', Glyphs>> = { unicode: { times: '·', minus: '−' }, ascii: { times: '*', minus: '-' } };

/** A written form; the defaults are a call's, f(a, b): atomic, its operands never bracketed. */
export function written(w: Partial<Written> & Pick<Written, 'write'>): Written {
  return { prec: Prec.Atom, args: [], afterOperator: [], leads: 'other', open: false, alone: false, ...w };
}

/** One form per style, whatever the shapes. */
export function perStyle(form: (style: WriteStyle) => Written): OpNotation {
  const table = { unicode: form('unicode'), ascii: form('ascii'), latex: form('latex') };
  return (style) => table[style];
}

/** Operands as a call lists them: a, b. One operand is itself (no array joined per node). */
const argList = (a: readonly string[]): string => (a.length === 1 ? a[0]! : a.join(', '));

/** A call: name(a, b) in text, `latex`\left(a, b\right) in LaTeX (of precedence `latexPrec`: ½ℓ(…) is a product). */
export function callNotation(name: string, latex: string, latexPrec: Prec = Prec.Atom): OpNotation {
  const open = `${latex}\\left(`;
  const call = `${name}(`;
  return perStyle((style) => style === 'latex'
    ? written({ prec: latexPrec, write: (a) => `${open}${argList(a)}\\right)` })
    : written({ write: (a) => `${call}${argList(a)})` }));
}

/**
 * A product of matrices written between or beside its operands (A ⊙ B, A·B, A·𝟙): it starts with
 * its first operand, and does not mix with another such product (`alone`).
 */
export function matrixProduct(args: readonly Prec[], write: Written['write']): Written {
  return written({ prec: Prec.Product, args, afterOperator: [false, true], leads: 'first', alone: true, write });
}

/** Between numbers; a matrix written as numbers are (scaled by a number, or any sum); between two matrices (⊙, ⊘). */
type Form = 'scalar' | 'scaling' | 'elementwise';
const FORMS: readonly Form[] = ['scalar', 'scaling', 'elementwise'];
const allScalar = (shapes: readonly Shape[]): boolean => shapes.every(isScalar);

function table(form: (style: WriteStyle, f: Form) => Written): Readonly<Record<WriteStyle, Readonly<Record<Form, Written>>>> {
  const row = (style: WriteStyle): Record<Form, Written> => Object.fromEntries(FORMS.map((f) => [f, form(style, f)])) as Record<Form, Written>;
  return { unicode: row('unicode'), ascii: row('ascii'), latex: row('latex') };
}

/**
 * An arithmetic operator as src/ops/arithmetic.ts declares it: between numbers its `text` and
 * `latex`; a matrix scaled by a number (2·W, W/2) in the text form, `scalingLatex` in LaTeX;
 * between two matrices its `elementwise` form, bracketed as the text form is.
 */
export function operatorNotation(name: OperatorName): OpNotation {
  const spec = OPERATORS[name];
  const infix = spec.arity === 2;
  const afterOperator = infix ? [false, true] : [true];
  const scaling = (shapes: readonly Shape[]): boolean => (name === 'div' ? isScalar(shapes[1]!) : shapes.some(isScalar));
  const forms = table((style, f) => {
    const alone = f !== 'scalar' && spec.text.prec === Prec.Product;
    if (f === 'elementwise' && spec.elementwise) {
      const ew = spec.elementwise;
      const write = style === 'latex' ? ew.latex : ew.text[style];
      return written({ prec: spec.text.prec, args: spec.text.args, afterOperator, leads: 'first', alone, write: (a) => write(a) });
    }
    if (style !== 'latex') {
      const g = GLYPHS[style];
      return written({ prec: spec.text.prec, args: spec.text.args, afterOperator, leads: infix ? 'first' : 'minus', alone, write: (a) => spec.text.write(a, g) });
    }
    if (f !== 'scalar' && spec.scalingLatex) {
      return written({ prec: spec.latex.prec, args: spec.latex.args, afterOperator, leads: 'first', alone, write: spec.scalingLatex });
    }
    // \frac{a}{b} starts with neither operand.
    const leads = !infix ? 'minus' : name === 'div' ? 'other' : 'first';
    return written({ prec: spec.latex.prec, args: spec.latex.args, afterOperator, leads, alone, write: spec.latex.write });
  });
  return (style, shapes) => forms[style][allScalar(shapes) ? 'scalar' : scaling(shapes) ? 'scaling' : 'elementwise'];
}

/**
 * A function of the table as it declares itself: its `text` (else name(a, b)) and its `latex`; an
 * operator among them (pow) is written a^b between numbers and a.^b between matrices.
 */
export function functionNotation(name: FunctionName): OpNotation {
  const spec = FUNCTIONS_TABLE[name];
  const isFunction = spec.isFunction ?? true;
  const afterOperator = isFunction ? [] : [false, true];
  const call = `${spec.names[0]}(`;
  const text = spec.text ?? { prec: Prec.Atom, args: [], write: (a: readonly string[]) => `${call}${argList(a)})` };
  const forms = table((style, f) => {
    if (style === 'latex') {
      const open = isFunction && spec.latex.prec === Prec.Unary;
      return written({ prec: spec.latex.prec, args: spec.latex.args, afterOperator, open, write: (a) => spec.latex.write(a) });
    }
    const g = GLYPHS[style];
    const write = !isFunction && f !== 'scalar' ? (a: readonly string[]) => `${a[0]}.^${a[1]}` : (a: readonly string[]) => text.write(a, g);
    return written({ prec: text.prec, args: text.args, afterOperator, leads: isFunction ? 'other' : 'first', write });
  });
  return (style, shapes) => forms[style][allScalar(shapes) ? 'scalar' : 'elementwise'];
}
