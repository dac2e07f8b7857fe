// Every symbol a document uses is defined where it first appears: the named
// losses (ℓ_sq, ℓ_CE, …), σ, the elementwise operators, the transpose, the
// vector of ones and the indicator are found in the LaTeX of a problem's
// blocks and defined in one sentence at its start.
import { math, text, type Block, type Inline } from './document.js';

interface Definition {
  /** Found in a problem's LaTeX. */
  readonly uses: RegExp;
  readonly define: readonly Inline[];
}

const DEFINITIONS: readonly Definition[] = [
  { uses: /\\ell_\{\\mathrm\{sq\}\}/, define: [math('\\ell_{\\mathrm{sq}}(\\hat y, y) = \\sum_{ij} (y_{ij} - \\hat y_{ij})^{2}'), text(' (the squared loss)')] },
  { uses: /\\ell_\{\\mathrm\{logistic\}\}/, define: [math('\\ell_{\\mathrm{logistic}}(s, y) = \\sum_{ij} \\ln\\left(1 + e^{-y_{ij} s_{ij}}\\right)'), text(' (the logistic loss, labels ±1)')] },
  { uses: /\\ell_\{\\mathrm\{BCE\}\}/, define: [math('\\ell_{\\mathrm{BCE}}(p, y) = -\\sum_{ij} \\left(y_{ij} \\ln p_{ij} + (1 - y_{ij}) \\ln(1 - p_{ij})\\right)'), text(' (binary cross-entropy)')] },
  {
    uses: /\\ell_\{\\mathrm\{CE\}\}/,
    define: [math('\\ell_{\\mathrm{CE}}(S, Y) = \\sum_j \\ln \\sum_i e^{S_{ij}} - \\sum_{ij} Y_{ij} S_{ij}'), text(' (softmax cross-entropy: the cross-entropy of the column-wise softmax of '), math('S'), text(' against '), math('Y'), text(' when each column of '), math('Y'), text(' sums to 1)')],
  },
  { uses: /\\sigma\\left\(/, define: [math('\\sigma(x) = 1/(1 + e^{-x})'), text(' (the logistic sigmoid, entry by entry on matrices)')] },
  { uses: /\\operatorname\{softmax\}/, define: [math('\\operatorname{softmax}(S)_{ij} = e^{S_{ij}} / \\sum_k e^{S_{kj}}'), text(' (column by column)')] },
  { uses: /\\operatorname\{logsumexp\}/, define: [math('\\operatorname{logsumexp}(S)_j = \\ln \\sum_i e^{S_{ij}}'), text(' (of each column)')] },
  { uses: /\\odot/, define: [math('\\odot'), text(' the elementwise product')] },
  { uses: /\\oslash/, define: [math('\\oslash'), text(' the elementwise quotient')] },
  { uses: /\^\{\\top\}/, define: [math('{}^{\\top}'), text(' the transpose')] },
  { uses: /\\mathbf\{1\}(?!\\left\[)/, define: [math('\\mathbf{1}'), text(' a vector of ones (so '), math('M \\mathbf{1}'), text(' adds up the columns of '), math('M'), text(')')] },
  { uses: /\\mathbf\{1\}\\left\[/, define: [math('\\mathbf{1}[\\cdot]'), text(' the indicator: 1 where the condition holds, else 0')] },
];

/** Every LaTeX string of the blocks: math runs, equation pieces, table cells, the graph's labels. */
function latexOf(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const inline = (c: readonly Inline[]): void => { for (const i of c) if ('math' in i) out.push(i.math); };
  for (const b of blocks) {
    if (b.kind === 'para') inline(b.content);
    else if (b.kind === 'equations') {
      for (const r of b.rows) for (const p of [r.lhs, ...r.rhs, ...(r.then ?? [])]) if (typeof p === 'string') out.push(p);
    } else if (b.kind === 'table') for (const row of [b.head, ...b.rows]) for (const cell of row) inline(cell);
    else if (b.kind === 'graph') {
      inline(b.caption);
      for (const n of b.view.nodes) out.push(n.name.latex, n.f.latex, ...(n.main ? [n.main.latex] : []));
      for (const e of b.view.edges) out.push(e.label.latex);
    }
  }
  return out;
}

/**
 * A paragraph defining each symbol of DEFINITIONS the blocks (and `extra`,
 * LaTeX already on the page before them) use, or null when they use none.
 */
export function symbolsParagraph(blocks: readonly Block[], lead = 'Symbols: '): Block | null {
  const all = latexOf(blocks).join('\n');
  const used = DEFINITIONS.filter((d) => d.uses.test(all));
  if (used.length === 0) return null;
  const content: Inline[] = [text(lead)];
  used.forEach((d, k) => {
    if (k > 0) content.push(text(k === used.length - 1 ? '; and ' : '; '));
    content.push(...d.define);
  });
  content.push(text('.'));
  return { kind: 'para', content };
}
