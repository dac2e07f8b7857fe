// The handout as a standalone LaTeX document for pdflatex: amsmath alignat
// blocks with the document's equation numbers (\tag), the graph as TikZ or,
// for large graphs, a table only. User text goes through escapeLatex; the
// math is ours.
import { type Block, type EqRow, type HandoutDoc, type Inline, type Piece } from './document.js';
import { escapeLatex } from './escape.js';
import { canDrawTikz, renderGraphTikz } from './graph-tikz.js';
import { fillTemplateChunks } from './template.js';
import { joinChunks, separated, type Chunks } from './chunks.js';

/** Placeholders of a LaTeX template; {{body}} is required. */
export const LATEX_PLACEHOLDERS = ['title', 'body'] as const;

/** Rows wider than this (in visible characters of math) break their right-hand side over lines. */
const ROW_WIDTH = 62;
const BLANK_TEX = '\\rule{0pt}{3.2ex}\\underline{\\hspace{12em}}';

/** About how many characters wide `tex` prints: commands count as one, braces and scripts as none. */
export function visibleWidth(tex: string): number {
  return tex
    .replace(/\\(left|right|,|;|!|quad|qquad)/g, '')
    .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, (_m, a: string, b: string) => (a.length > b.length ? a : b))
    .replace(/\\[a-zA-Z]+/g, 'x')
    .replace(/[{}_^\\]/g, '')
    .replace(/\s+/g, ' ').length;
}

/** How an aligned block is written: LaTeX's alignat with \tag, or Markdown's aligned without numbers. */
export interface AlignStyle {
  readonly blank: string;
  /** The end of a row: its number, or none. */
  end(tag: string | undefined): string;
}

const LATEX_ALIGN: AlignStyle = {
  blank: BLANK_TEX,
  end: (tag) => (tag === undefined ? ' \\notag' : ` \\tag{${tag}}`),
};

function pieceWidth(ps: readonly Piece[] | undefined): number {
  return (ps ?? []).reduce((w, p) => w + (typeof p === 'string' ? visibleWidth(p) + 1 : 16), 0);
}

/** Right-hand side pieces in lines of at most `width`; the first line keeps at least one piece. `last` is the last line's width. */
function breakPieces(ps: readonly Piece[], width: number): { lines: Piece[][]; last: number } {
  const lines: Piece[][] = [[]];
  let w = 0;
  for (const p of ps) {
    const pw = pieceWidth([p]);
    if (w + pw > width && lines[lines.length - 1]!.length > 0) {
      lines.push([]);
      w = 0;
    }
    lines[lines.length - 1]!.push(p);
    w += pw;
  }
  return { lines, last: w };
}

/**
 * The rows of an aligned block, `&`-separated, for alignat{2} or aligned: a
 * third column for `then` when every row fits the page, else `\qquad` and
 * right-hand sides broken over lines.
 */
export function alignedRows(rows: readonly EqRow[], style: AlignStyle = LATEX_ALIGN): string[] {
  const pieces = (ps: readonly Piece[] | undefined): string => (ps ?? []).map((p) => (typeof p === 'string' ? p : style.blank)).join(' ');
  const fits = rows.every((r) => visibleWidth(r.lhs) + pieceWidth(r.rhs) + pieceWidth(r.then) <= ROW_WIDTH);
  const lines: string[] = [];
  for (const r of rows) {
    const lead = r.lhs === '' ? '&\\quad {} ' : `${r.lhs} &`;
    if (fits) {
      lines.push(`${lead}${pieces(r.rhs)}${r.then ? ` &\\qquad& ${pieces(r.then)}` : ''}${style.end(r.tag)}`);
      continue;
    }
    const { lines: broken, last: lastWidth } = breakPieces(r.rhs, ROW_WIDTH - visibleWidth(r.lhs));
    const thenOwnLine = r.then !== undefined && lastWidth + pieceWidth(r.then) > ROW_WIDTH - 8;
    broken.forEach((line, k) => {
      const last = k === broken.length - 1;
      const head = k === 0 ? lead : '&\\qquad {} ';
      const then = last && r.then && !thenOwnLine ? ` \\qquad ${pieces(r.then)}` : '';
      lines.push(`${head}${pieces(line)}${then}${style.end(last && !thenOwnLine ? r.tag : undefined)}`);
    });
    if (thenOwnLine) lines.push(`&\\qquad {} ${pieces(r.then)}${style.end(r.tag)}`);
  }
  return lines;
}

/** One alignat environment with the document's equation numbers. */
export function alignBlock(rows: readonly EqRow[]): string {
  // alignat, unlike align, puts no stretchable space between the column pairs: the values sit beside their equations.
  return `\\begin{alignat}{2}\n${alignedRows(rows).join(' \\\\\n')}\n\\end{alignat}`;
}

function inline(content: readonly Inline[]): string {
  return content.map((c) => ('math' in c ? `$${c.math}$` : escapeLatex(c.text))).join('');
}

function table(b: Extract<Block, { kind: 'table' }>): string {
  const cols = b.head.map((_h, k) => (b.numeric[k] ? 'r' : 'l')).join('');
  const row = (cells: readonly (readonly Inline[])[]): string => `${cells.map(inline).join(' & ')} \\\\`;
  return [
    '{\\small',
    `\\begin{longtable}{${cols}}`,
    '\\hline',
    row(b.head),
    '\\hline',
    '\\endhead',
    ...b.rows.map(row),
    '\\hline',
    '\\end{longtable}}',
  ].join('\n');
}

/**
 * A paragraph that stays on the page of what follows it (a table's
 * introduction), and with the heading before it when there is one. A
 * longtable starts with a legal page break (\\penalty0), so \\nopagebreak
 * alone cannot hold them together: the paragraph is set in a box first, and
 * when the heading, it and the next few lines do not fit in what is left of
 * the page, the page ends before them (never between a heading and its
 * paragraph). Plain TeX and \\newbox only, so that a user's template needs no package.
 */
function keptWithNext(para: string, heading?: string): string {
  return [
    '\\par\\ifdefined\\lagradkeep\\else\\newbox\\lagradkeep\\fi',
    '\\setbox\\lagradkeep=\\vbox{%',
    `\\strut ${para}}%`,
    `\\dimen0=\\ht\\lagradkeep \\advance\\dimen0 by \\dp\\lagradkeep \\advance\\dimen0 by ${heading === undefined ? 5 : 8}\\baselineskip`,
    '\\dimen2=\\pagegoal \\advance\\dimen2 by -\\pagetotal',
    '\\ifdim\\dimen0>\\dimen2 \\ifdim\\dimen2>0pt \\vfil\\penalty-10000 \\fi\\fi',
    heading === undefined ? '\\vskip\\parskip' : `\\subsection*{${escapeLatex(heading)}}`,
    '\\unvbox\\lagradkeep\\par\\nopagebreak\n',
  ].join('\n');
}

/** The blocks in order; a heading followed by a paragraph kept with what follows is kept with both. */
function blocks(bs: readonly Block[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < bs.length; k++) {
    const b = bs[k]!;
    const next = bs[k + 1];
    if (b.kind === 'heading' && next?.kind === 'para' && next.keepWithNext) {
      out.push(keptWithNext(inline(next.content), b.text));
      k++;
    } else {
      out.push(block(b));
    }
  }
  return out;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading': return `\\subsection*{${escapeLatex(b.text)}}`;
    case 'para': return b.keepWithNext ? keptWithNext(inline(b.content)) : `${inline(b.content)}\n`;
    case 'equations': return alignBlock(b.rows);
    case 'table': return table(b);
    case 'graph':
      if (!canDrawTikz(b.view)) return `${inline([{ text: `The graph has ${b.view.nodes.length} nodes: too many to draw; the table lists them.` }])}\n`;
      return `\\begin{center}\n${renderGraphTikz(b.view)}\n\n\\smallskip\n{\\small ${inline(b.caption)}}\n\\end{center}`;
  }
}

/** The LaTeX of the document's body (everything between \begin{document} and \end{document}, after \maketitle). */
export function latexBody(doc: HandoutDoc): string {
  return latexBodyParts(doc).join('\n\n');
}

/** latexBody's parts (its paragraphs and blocks), which it joins with a blank line. */
function latexBodyParts(doc: HandoutDoc): string[] {
  const out: string[] = [];
  for (const p of doc.intro) out.push(`${escapeLatex(p)}\n`);
  out.push(`\\paragraph{Convention.} ${inline(doc.convention)}\n`);
  if (doc.edition === 'student') {
    out.push(`\\paragraph{For the student.} ${escapeLatex(doc.instructions ?? 'Fill in the blanks: every condition on the multipliers, the backward pass and the gradient. The forward pass and the values at the point are given.')}\n`);
  }
  for (const p of doc.problems) {
    const title = inline(p.title);
    if (p.number !== undefined) out.push(`\\section*{${p.number}\\quad ${title}}`);
    else if (p.title.length) out.push(`\\section*{${title}}`);
    for (const para of p.prose) out.push(`${escapeLatex(para)}\n`);
    out.push(...blocks(p.blocks));
  }
  return out;
}

/** The whole document through `template` (templates/handout.tex or a user's). */
export function renderLatex(doc: HandoutDoc, template: string): string {
  return joinChunks(renderLatexChunks(doc, template));
}

/** renderLatex's text in chunks: the template's text, and the body a paragraph or block at a time (all made before it returns). */
export function renderLatexChunks(doc: HandoutDoc, template: string): Chunks {
  return fillTemplateChunks(template, new Map([['title', escapeLatex(doc.title)], ['body', separated(latexBodyParts(doc), '\n\n')]]), ['body']);
}
