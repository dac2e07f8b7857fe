// The handout as one self-contained HTML page: every formula rendered ahead
// of time by KaTeX (trust: false, strict), the graph as inline SVG, the
// stylesheets and fonts passed in by the caller (inlined, so the page makes no
// request). Beyond COMPACT_MARKUP_BYTES of formula markup the page is compact
// (html-compact.ts): the formulas' TeX and KaTeX's script, rendered on load.
// The only file that imports katex.
import katex from 'katex';
import { type Block, type EqRow, type HandoutDoc, type Inline, type Piece } from './document.js';
import { escapeHtml } from './escape.js';
import { canDraw, renderGraphSvg } from './graph-svg.js';
import { COMPACT_MARKUP_BYTES, compactScript, TexSource, type Formulas, type KatexOutput } from './html-compact.js';
import { fillTemplateChunks, hasPlaceholder } from './template.js';
import { joinChunks, separated, type Chunks } from './chunks.js';

/** What the page inlines: the template, our stylesheet, and KaTeX's stylesheet with its fonts as data: URIs. */
export interface HtmlAssets {
  readonly template: string;
  readonly css: string;
  readonly katexCss: string;
  /**
   * KaTeX's script (katex.min.js), inlined by a compact page. Without it, or
   * when the template has no {{katexScript}}, every page is rendered ahead of
   * time, whatever its size.
   */
  readonly katexJs?: string;
}

/** Placeholders of an HTML template; {{body}} and {{katexCss}} are required. */
export const HTML_PLACEHOLDERS = ['title', 'katexCss', 'css', 'body', 'katexScript', 'scriptCsp'] as const;

/** The markup of a page rendered ahead of time would pass COMPACT_MARKUP_BYTES: the page is made compact instead. */
class TooMuchMarkup extends Error {}

/** Renders LaTeX with KaTeX, once per distinct formula. Throws on any KaTeX error: our LaTeX must be valid. */
class MathRenderer implements Formulas {
  private readonly cache = new Map<string, string>();
  private bytes = 0;
  /** MathML beside the HTML doubles a page; big documents keep the HTML only. Past `budget` of markup (in UTF-16 units, which KaTeX's nearly all-ASCII markup makes bytes; a repeated formula counted each time), throws TooMuchMarkup. */
  constructor(private readonly output: KatexOutput = 'htmlAndMathml', private readonly budget = Infinity) {}
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
    this.bytes += html.length;
    if (this.bytes > this.budget) throw new TooMuchMarkup();
    return html;
  }
}

/** Documents with a graph larger than this leave out MathML (screen readers still get the HTML's text). */
const MATHML_NODES = 200;

const BLANK_HTML = '<span class="blank" aria-label="blank to fill in"></span>';
/** A piece that starts with a relation or operator gets an empty atom before it, so KaTeX spaces it as in the middle of a formula. */
const LEADING_OPERATOR = /^(=|\+|-|\\Rightarrow|\\approx|\\qquad|\\quad)/;

function inline(content: readonly Inline[], k: Formulas): string {
  return content.map((c) => ('math' in c ? k.render(c.math, false) : escapeHtml(c.text))).join('');
}

function pieces(ps: readonly Piece[] | undefined, k: Formulas): string {
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
function equations(rows: readonly EqRow[], k: Formulas): string {
  const cells = rows.map((r) => {
    const cont = r.lhs === '' ? ' cont' : '';
    return `<div class="lhs${cont}">${r.lhs === '' ? '' : k.render(r.lhs, true)}</div><div class="rhs${cont}">${pieces(r.rhs, k)}</div>`
      + `<div class="then${cont}">${pieces(r.then, k)}</div><div class="tag${cont}">${r.tag === undefined ? '' : `(${escapeHtml(r.tag)})`}</div>`;
  });
  return `<div class="eqs">\n${cells.join('\n')}\n</div>`;
}

function table(b: Extract<Block, { kind: 'table' }>, k: Formulas): string {
  const cls = (col: number): string => (b.numeric[col] ? ' class="num"' : '');
  const head = b.head.map((h, col) => `<th${cls(col)}>${inline(h, k)}</th>`).join('');
  const rows = b.rows.map((r) => `<tr>${r.map((c, col) => `<td${cls(col)}>${inline(c, k)}</td>`).join('')}</tr>`);
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function block(b: Block, k: Formulas, idPrefix: string): string {
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

/** The HTML of the document's body (inside <main>), its formulas written by `k`: parts to join with newlines. */
function htmlBody(doc: HandoutDoc, k: Formulas): string[] {
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
  return out;
}

/**
 * The whole page through `assets.template` (templates/handout.html or a
 * user's). Rendered ahead of time while its formulas' markup stays within
 * COMPACT_MARKUP_BYTES; past that, compact when it can be (KaTeX's script
 * given and a {{katexScript}} in the template), its script allowed by the
 * hash {{scriptCsp}} adds to the template's Content-Security-Policy. A small
 * page fills both with nothing.
 */
export function renderHtml(doc: HandoutDoc, assets: HtmlAssets): string {
  return joinChunks(renderHtmlChunks(doc, assets));
}

/** renderHtml's page in chunks: the template's text, the assets, and the body a block at a time (all made before it returns). */
export function renderHtmlChunks(doc: HandoutDoc, assets: HtmlAssets): Chunks {
  const output: KatexOutput = doc.problems.some((p) => p.size > MATHML_NODES) ? 'html' : 'htmlAndMathml';
  const canCompact = assets.katexJs !== undefined && hasPlaceholder(assets.template, 'katexScript');
  let body: string[];
  let script = { element: '', csp: '' };
  try {
    body = htmlBody(doc, new MathRenderer(output, canCompact ? COMPACT_MARKUP_BYTES : Infinity));
  } catch (e) {
    if (!(e instanceof TooMuchMarkup)) throw e;
    body = htmlBody(doc, new TexSource());
    script = compactScript(assets.katexJs!, output);
  }
  return fillTemplateChunks(
    assets.template,
    new Map([
      ['title', escapeHtml(doc.title)],
      ['katexCss', assets.katexCss],
      ['css', assets.css],
      ['body', separated(body, '\n')],
      ['katexScript', script.element],
      ['scriptCsp', script.csp],
    ]),
    ['body', 'katexCss'],
  );
}
