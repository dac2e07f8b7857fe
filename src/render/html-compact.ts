// The compact form of a big HTML page: each formula kept as its TeX source,
// HTML-escaped text in a <span class="tex">, and KaTeX's own script inlined
// once with a few lines that render every such span when the page loads
// (the same options as the rendering ahead of time in html.ts). A formula
// costs its TeX (tens of bytes) instead of KaTeX's markup (about a kilobyte),
// so the page grows by a bounded amount per node; it still opens offline (no
// request: the script is in the page), and without JavaScript the TeX stays
// readable. The script runs under the template's Content-Security-Policy by
// its SHA-256 hash. katex itself is imported by html.ts only: here its
// script is text passed in by the caller.
import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';

/**
 * Above this many bytes of KaTeX markup, a page is compact. The compact page
 * pays KaTeX's script (about 270 KB) once; at eight times that, it saves at
 * least 1.7 MB on the page rendered ahead of time. So every page of a usual
 * size (the golden documents carry under 0.35 MB of markup, an instructor's
 * handout of a few problems under 2 MB) is rendered ahead of time and needs
 * no script, and no page carries more than two mebibytes of markup. An
 * expression's derivation carries about 11 KB of markup per node at 1,000
 * nodes and about 40 KB at 30 (every KKT condition written out, and the
 * MathML copy, below 200 nodes): the sum Σ sin(x + k·y) turns compact at
 * about 60 nodes.
 */
export const COMPACT_MARKUP_BYTES = 2 << 20;

/** Which KaTeX output a page's formulas get (MathML beside the HTML, or the HTML only). */
export type KatexOutput = 'html' | 'htmlAndMathml';

/** One formula as a page holds it: rendered markup, or (compact) its TeX. */
export interface Formulas {
  render(tex: string, display: boolean): string;
}

/**
 * A formula of the compact page: its TeX as escaped text, never markup, so
 * that nothing in it can become an element; the script reads it back with
 * textContent. A display formula is `<span class="tex d">`.
 */
export class TexSource implements Formulas {
  render(tex: string, display: boolean): string {
    return `<span class="tex${display ? ' d' : ''}">${escapeHtml(tex)}</span>`;
  }
}

/**
 * What renders the spans on load: KaTeX with the options of html.ts
 * (display formulas in inline mode under \displaystyle, so that a long one
 * breaks after a relation), each formula's nodes put in place of its span.
 * A formula KaTeX refuses (none of ours should) keeps its TeX and is marked
 * katex-error with the message as its title, as KaTeX marks its own errors.
 */
function loader(output: KatexOutput): string {
  return '(function(){'
    + `var o={displayMode:false,output:${JSON.stringify(output)},throwOnError:true,strict:"error",trust:false,maxExpand:1000};`
    + 'var s=document.querySelectorAll("span.tex");'
    + 'for(var i=0;i<s.length;i++){var e=s[i],h=document.createElement("span");'
    + 'try{katex.render((e.classList.contains("d")?"\\\\displaystyle ":"")+e.textContent,h,o);e.replaceWith.apply(e,Array.prototype.slice.call(h.childNodes))}'
    + 'catch(x){e.className="katex-error";e.title=String(x)}}'
    + '})();';
}

/** A script element's end or a comment's start would end or change the raw text of <script>. */
const NOT_IN_SCRIPT = /<\/script|<!--/i;

/** The compact page's script element and the CSP source that allows it (`; script-src 'sha256-…'`). */
export interface CompactScript {
  readonly element: string;
  readonly csp: string;
}

/** KaTeX's script (katex.min.js) and the loader, in one inline <script>, with the hash of its text for the CSP. */
export function compactScript(katexJs: string, output: KatexOutput): CompactScript {
  if (NOT_IN_SCRIPT.test(katexJs)) throw new Error('lagrad: KaTeX\'s script contains </script or <!--, which cannot be inlined');
  const text = `${katexJs}\n${loader(output)}`;
  const hash = createHash('sha256').update(text, 'utf8').digest('base64');
  return { element: `<script>${text}</script>\n`, csp: `; script-src 'sha256-${hash}'` };
}
