// How every format names note 003's node types under `--model grouped`
// (model/grouped.ts): the words of the table's type column, and the one
// sentence that says what the types are and which rule each edge follows.
import type { ZNode } from '../model/graph.js';

/** The line under the graph's heading in text, in the node letter `z` of the notation. */
export const groupedModel = (z: string): string =>
  `note 003's computation model: type 1 an affine combination (its edges carry the coefficients), type 2 a product of powers c·Π ${z}_ℓ^α_ℓ (edges α_ℓ·${z}_i/${z}_ℓ, the note's rule), type 3 a function of one variable h (edges h′)`;

/** The same in a document's prose: text and LaTeX pieces, so that the sentence breaks between lines. */
export const groupedModelPieces = (z: string): readonly (readonly ['text' | 'math', string])[] => [
  ['text', "The nodes follow note 003's computation model, each of one type with the note's rule for its edges: type 1, an affine combination "],
  ['math', `\\sum_\\ell c_\\ell ${z}_\\ell + c_0`],
  ['text', ', whose edges carry the coefficients '],
  ['math', 'c_\\ell'],
  ['text', '; type 2, a product of powers '],
  ['math', `c \\prod_\\ell ${z}_\\ell^{\\alpha_\\ell}`],
  ['text', ', whose edges carry '],
  ['math', `\\partial f_i / \\partial ${z}_\\ell = \\alpha_\\ell ${z}_i / ${z}_\\ell`],
  ['text', '; type 3, a function '],
  ['math', `h(${z}_\\ell)`],
  ['text', ' of one variable, whose edge carries '],
  ['math', `h'(${z}_\\ell)`],
  ['text', '.'],
];

/** Said under the table when a node is a function of several variables. */
export const SEVERAL = '3* a function of several variables (atan2, max, x^y): outside the note\'s three types, its partials are the function\'s own';

/** The type column's entry: '' for an input, else 1 affine, 2 product, 3 function (3* of several variables). */
export function typeWord(node: ZNode): string {
  if (node.kind !== 'op' || node.type === undefined) return '';
  return node.type === 1 ? '1 affine' : node.type === 2 ? '2 product' : node.several ? '3* function' : '3 function';
}
