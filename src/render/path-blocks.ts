// Note 004's path sums as document blocks (`derive --paths` in LaTeX, HTML
// and Markdown, a handout problem's `show: [paths]`): every path from an
// input to the output with the product of its edge partials, their sum
// beside the backward pass's, and the count against the graph's edges.
import type { Analysis } from '../pipeline.js';
import { powerOfTwo, type PathSums } from '../derive/paths.js';
import { Prec } from '../ops/spec.js';
import { childrenSet, namesFor, type Convention } from './convention.js';
import { math, text, type Block, type Inline } from './document.js';
import { Equations } from './equations.js';
import { valueLatex, valueText } from './graph-view.js';
import { LATEX } from './print.js';
import { formatCount, pathSumAgrees } from './text.js';

/** A path count in LaTeX: exact up to 2^53, else ≈ six digits; 2^k beside a large power of two. */
function countLatex(c: bigint): string {
  const s = formatCount(c).replace(/^≈ (.*)e\+(\d+)$/, '\\approx $1 \\times 10^{$2}');
  const k = powerOfTwo(c);
  return k !== null && k >= 10 ? `${s} = 2^{${k}}` : s;
}

/**
 * Note 004's path sums as document blocks: for each input every path from it
 * to the output with the product of its edge partials and its value, their
 * sum beside the backward pass's ∂f/∂θ_k, and the number of paths against the
 * graph's edges; an input with too many paths gets its count alone and why.
 */
export function pathBlocks(a: Analysis, paths: PathSums, conv: Convention): Block[] {
  const der = a.derivation;
  const { m } = der.graph;
  const eq = new Equations(der, LATEX, conv);
  const names = namesFor(conv, 'latex');
  const z = (k: number): string => names.z(k);
  const factor = (p: Parameters<Equations['expr']>[0]): string => {
    const s = eq.expr(p);
    return eq.precedence(p) >= Prec.Product ? s : `\\left(${s}\\right)`;
  };
  const { limits } = paths;
  const blocks: Block[] = [{ kind: 'heading', text: 'Path sums' }];
  blocks.push({
    kind: 'para',
    content: [
      text('Note 004: '), math(`\\frac{\\partial f}{\\partial \\theta_k}`), text(' is the sum, over every path from '), math('\\theta_k'), text(' to '), math(z(m)),
      text(' in the graph, of the product of the partials '), math(`\\partial f_i / \\partial ${conv.node}_j`),
      text(' on its edges. The number of paths grows like '), math('w^L'), text(' for '), math('L'), text(' layers of width '), math('w'),
      text(', and listing them costs that number times their length; the backward pass computes every such sum at once by visiting each of the '),
      math(`E = ${paths.edges}`), text(' edges once: '), math(`O(V + E)`), text(', with '), math(`V = ${paths.nodes}`),
      text(`. Paths are listed up to ${limits.perInput} per input, ${limits.rows} in all and ${limits.length} edges long; beyond that they are only counted, by `),
      math(`\\operatorname{count}(j) = \\sum_{i \\in ${childrenSet(conv, 'j', 'latex')}} \\operatorname{count}(i)`), text('.'),
    ],
  });
  for (const p of paths.inputs) {
    const df = eq.sym.df(p.name);
    const n = countLatex(p.count);
    const tail: Inline[] = [text(' Paths: '), math(n), text(', edges: '), math(String(paths.edges)), text('.')];
    if (p.rows === null) {
      const why = p.unlisted === 'many'
        ? [text(`more than ${limits.perInput} paths`)]
        : p.unlisted === 'long'
          ? [text(`its longest path has ${p.longest} edges, more than ${limits.length}`)]
          : [text(`the ${limits.rows} rows of this section are used by the inputs before it`)];
      blocks.push({
        kind: 'para',
        content: [math(df), text(': the paths are not listed ('), ...why, text('); the backward pass gives '), math(`${df} = ${valueLatex(p.recursion)}`), text('.'), ...tail],
      });
      continue;
    }
    if (p.rows.length === 0) {
      blocks.push({ kind: 'para', content: [math(df), text(': no path from '), math(z(p.node)), text(' reaches '), math(z(m)), text(', so the sum is empty: 0.'), ...tail] });
      continue;
    }
    blocks.push({
      kind: 'para',
      content: [math(df), text(`: ${p.rows.length === 1 ? 'one path' : `${p.rows.length} paths`} from `), math(z(p.node)), text(' to '), math(z(m)), text('.')],
      keepWithNext: true,
    });
    blocks.push({
      kind: 'table',
      head: [[text('path')], [text('product of the partials')], [text('value')]],
      numeric: [false, false, true],
      rows: p.rows.map((r) => [
        [math(r.nodes.map(z).join(' \\to '))],
        [math(r.partials.map(factor).join(' \\cdot '))],
        [text(valueText(r.value))],
      ]),
    });
    const agrees = pathSumAgrees(p);
    blocks.push({
      kind: 'para',
      content: [
        text('The sum of the values is '), math(valueLatex(p.sum!)),
        ...(agrees === null
          ? [text('; the point has no derivative, so there is nothing to compare it with.')]
          : [text(agrees ? ', equal to ' : ', not equal to '), math(`${df} = ${valueLatex(p.recursion)}`), text(` from the backward pass ${agrees ? '✓' : '✗'}.`)]),
        ...tail,
      ],
    });
  }
  return blocks;
}
