// The handout as one self-contained HTML page: every formula rendered ahead
// of time by KaTeX (trust: false, strict), the graph as inline SVG, the
// stylesheets and fonts passed in by the caller (inlined, so the page makes no
// request). The only file that imports katex.
import katex from 'katex';
import { type Block, type EqRow, type HandoutDoc, type Inline, type Piece } from './document.js';
import { escapeHtml } from './escape.js';
import { canDraw, renderGraphSvg } from './graph-svg.js';
import { fillTemplate } from './template.js';

/** What the page inlines: the template, our stylesheet, and KaTeX's stylesheet with its fonts as data: URIs. */
export interface HtmlAssets {
  readonly template: string;
  readonly css: string;
  readonly katexCss: string;
}

/** Placeholders of an HTML template; {{body}} and {{katexCss}} are required. */
export const HTML_PLACEHOLDERS = ['title', 'katexCss', 'css', 'body'] as const;

/** Renders LaTeX with KaTeX, once per distinct formula. Throws on any KaTeX error: our LaTeX must be valid. */
class MathRenderer {
  private readonly cache = new Map<string, string>();
  /** MathML beside the HTML doubles a page; big documents keep the HTML only. */
  constructor(private readonly output: 'html' | 'htmlAndMathml' = 'htmlAndMathml') {}
  render(tex: string, display: boolean): string {
    const key = `${display ? 'D' : 'T'}${tex}`;
    let html = this.cache.get(key);
    if (html === undefined) {
      // Inline mode lets a long formula break after a relation or binary operator; \displaystyle keeps display sizes.
      html = katex.renderToString(display ? `\\displaystyle ${tex}` : tex, {
        displayMode: false,
        output: this.output,
        throwOnError: true,
        strict: 'error',
        trust: false,
        maxExpand: 1000,
      });
      this.cache.set(key, html);
    }
    return html;
  }
}

/** Documents with a graph larger than this leave out MathML (screen readers still get the HTML's text). */
const MATHML_NODES = 200;

const BLANK_HTML = '<span class="blank" aria-label="blank to fill in"></span>';
/** A piece that starts with a relation or operator gets an empty atom before it, so KaTeX spaces it as in the middle of a formula. */
const LEADING_OPERATOR = /^(=|\+|-|\\Rightarrow|\\approx|\\qquad|\\quad)/;

function inline(content: readonly Inline[], k: MathRenderer): string {
  return content.map((c) => ('math' in c ? k.render(c.math, false) : escapeHtml(c.text))).join('');
}

function pieces(ps: readonly Piece[] | undefined, k: MathRenderer): string {
  if (!ps) return '';
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    const tex = run.join(' ');
    out.push(k.render(LEADING_OPERATOR.test(tex) ? `{}${tex}` : tex, true));
    run = [];
  };
  for (const p of ps) {
    if (typeof p === 'string') {
      run.push(p);
    } else {
      flush();
      out.push(BLANK_HTML);
    }
  }
  flush();
  return out.join('');
}

/** Aligned rows as a four-column grid: lhs | = rhs | ⇒ or value | (n); a cell never breaks across pages. */
function equations(rows: readonly EqRow[], k: MathRenderer): string {
  const cells = rows.map((r) => {
    const cont = r.lhs === '' ? ' cont' : '';
    return `<div class="lhs${cont}">${r.lhs === '' ? '' : k.render(r.lhs, true)}</div><div class="rhs${cont}">${pieces(r.rhs, k)}</div>`
      + `<div class="then${cont}">${pieces(r.then, k)}</div><div class="tag${cont}">${r.tag === undefined ? '' : `(${escapeHtml(r.tag)})`}</div>`;
  });
  return `<div class="eqs">\n${cells.join('\n')}\n</div>`;
}

function table(b: Extract<Block, { kind: 'table' }>, k: MathRenderer): string {
  const cls = (col: number): string => (b.numeric[col] ? ' class="num"' : '');
  const head = b.head.map((h, col) => `<th${cls(col)}>${inline(h, k)}</th>`).join('');
  const rows = b.rows.map((r) => `<tr>${r.map((c, col) => `<td${cls(col)}>${inline(c, k)}</td>`).join('')}</tr>`);
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function block(b: Block, k: MathRenderer, idPrefix: string): string {
  switch (b.kind) {
    case 'heading': return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'para': return `<p${b.keepWithNext ? ' class="keep"' : ''}>${inline(b.content, k)}</p>`;
    case 'equations': return equations(b.rows, k);
    case 'table': return table(b, k);
    case 'graph':
      if (!canDraw(b.view)) return `<p class="note">The graph has ${b.view.nodes.length} nodes: too many to draw; the table lists them.</p>`;
      return `<figure class="graph">\n${renderGraphSvg(b.view, { idPrefix })}\n<figcaption>${inline(b.caption, k)}</figcaption>\n</figure>`;
  }
}

/** The HTML of the document's body (inside <main>). */
export function htmlBody(doc: HandoutDoc): string {
  const k = new MathRenderer(doc.problems.some((p) => p.size > MATHML_NODES) ? 'html' : 'htmlAndMathml');
  const out: string[] = [`<header>\n<h1>${escapeHtml(doc.title)}</h1>`];
  for (const p of doc.intro) out.push(`<p class="intro">${escapeHtml(p)}</p>`);
  out.push(`<p class="convention">${inline(doc.convention, k)}</p>`);
  if (doc.edition === 'student') {
    out.push(`<p class="instructions">${escapeHtml(doc.instructions ?? 'Fill in the blanks: every condition on the multipliers, the backward pass and the gradient. The forward pass and the values at the point are given.')}</p>`);
  }
  out.push('</header>');
  doc.problems.forEach((p, n) => {
    out.push(`<section class="problem" id="problem-${n + 1}">`);
    const title = inline(p.title, k);
    if (p.number !== undefined) out.push(`<h2><span class="number">${p.number}</span> ${title}</h2>`);
    else if (p.title.length) out.push(`<h2>${title}</h2>`);
    for (const para of p.prose) out.push(`<p class="prose">${escapeHtml(para)}</p>`);
    for (const b of p.blocks) out.push(block(b, k, `graph-${n + 1}`));
    out.push('</section>');
  });
  return out.join('\n');
}

/** The whole page through `assets.template` (templates/handout.html or a user's). */
export function renderHtml(doc: HandoutDoc, assets: HtmlAssets): string {
  return fillTemplate(
    assets.template,
    new Map([
      ['title', escapeHtml(doc.title)],
      ['katexCss', assets.katexCss],
      ['css', assets.css],
      ['body', htmlBody(doc)],
    ]),
    ['body', 'katexCss'],
  );
}
