// The handout as Markdown with $…$ and $$…$$ math (numbered alignat rows),
// which GitHub and Jupyter render, and the graph as a Mermaid block (GitHub and JupyterLab draw it).
// User text goes through escapeMarkdown; the math is ours.
import type { Block, HandoutDoc, Inline } from './document.js';
import { escapeMarkdown } from './escape.js';
import { graphMermaid } from './graph-formats.js';
import { separated, type Chunks } from './chunks.js';

/** Mermaid's default limit on a flowchart's edges (maxEdges). */
export const MERMAID_MAX_EDGES = 500;
import { alignedRows } from './latex.js';

/** Inline math: no space inside the dollars (GitHub's rule), no bare | (a table cell would end). */
function inlineMath(tex: string): string {
  return `$${tex.replace(/\\left\|/g, '\\left\\vert ').replace(/\\right\|/g, '\\right\\vert ').replace(/\|/g, '\\vert ').trim()}$`;
}

/** Inline content; `lineStart` when it begins a line, where text could start a heading or a list. */
function inline(content: readonly Inline[], lineStart = false): string {
  return content.map((c, k) => ('math' in c ? inlineMath(c.math) : escapeMarkdown(c.text, lineStart && k === 0))).join('');
}

/**
 * One $$ block per aligned group, numbered as in LaTeX and HTML: alignat with
 * \\tag (GitHub's and Jupyter's MathJax and KaTeX number its rows); `\\\\`
 * ends a row inside it.
 */
function display(lines: readonly string[]): string {
  return ['$$', '\\begin{alignat}{2}', lines.join(' \\\\\n'), '\\end{alignat}', '$$'].join('\n');
}

const MARKDOWN_ALIGN = {
  blank: '\\underline{\\qquad\\qquad\\qquad\\qquad}',
  end: (tag: string | undefined): string => (tag === undefined ? ' \\notag' : ` \\tag{${tag}}`),
};

function table(b: Extract<Block, { kind: 'table' }>): string {
  const row = (cells: readonly (readonly Inline[])[]): string => `| ${cells.map((c) => inline(c) || ' ').join(' | ')} |`;
  return [row(b.head), `|${b.numeric.slice(0, b.head.length).map((n) => (n ? '---:' : ':---')).join('|')}|`, ...b.rows.map(row)].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading': return `### ${escapeMarkdown(b.text)}`;
    case 'para': return inline(b.content, true);
    case 'equations': return display(alignedRows(b.rows, MARKDOWN_ALIGN));
    case 'table': return table(b);
    case 'graph':
      // Mermaid refuses a flowchart of more than 500 edges by default (its maxEdges), so GitHub would show an error.
      if (b.view.edges.length > MERMAID_MAX_EDGES) return `The graph has ${b.view.nodes.length} nodes and ${b.view.edges.length} edges, more than Mermaid draws (${MERMAID_MAX_EDGES} edges); the table lists them.`;
      return ['```mermaid', graphMermaid(b.view).trimEnd(), '```', '', `*${inline(b.caption)}*`].join('\n');
  }
}

/** The whole document as Markdown. */
export function renderMarkdown(doc: HandoutDoc): string {
  return `${markdownParts(doc).join('\n\n')}\n`;
}

/** renderMarkdown's text in chunks, a paragraph or block at a time (all made before it returns). */
export function renderMarkdownChunks(doc: HandoutDoc): Chunks {
  return separated(markdownParts(doc), '\n\n', '\n');
}

function markdownParts(doc: HandoutDoc): string[] {
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`];
  for (const p of doc.intro) out.push(escapeMarkdown(p));
  out.push(`> **Convention.** ${inline(doc.convention)}`);
  if (doc.edition === 'student') {
    out.push(`*${escapeMarkdown(doc.instructions ?? 'Fill in the blanks: every condition on the multipliers, the backward pass and the gradient. The forward pass and the values at the point are given.')}*`);
  }
  for (const p of doc.problems) {
    const title = inline(p.title);
    if (p.number !== undefined) out.push(`## ${p.number}. ${title}`);
    else if (p.title.length) out.push(`## ${title}`);
    for (const para of p.prose) out.push(escapeMarkdown(para));
    for (const b of p.blocks) out.push(block(b));
  }
  return out;
}
