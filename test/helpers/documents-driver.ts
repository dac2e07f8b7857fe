// The documents as their readers open them, driven the one way that
// test/documents.test.ts and the fuzzer (fuzz/documents.ts) share: LaTeX
// compiled by `pdflatex -no-shell-escape` and its log read for errors and
// for a file read or a command run; HTML opened in headless Chromium with
// every request, console error and dialog recorded, then inspected for
// KaTeX errors and for scripts, handlers, links and elements from the input.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { katexScript } from '../../src/cli/assets.js';
import { compactScript } from '../../src/render/html-compact.js';

export const CHROMIUM = process.env.LAGRAD_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_PDFLATEX = spawnSync('pdflatex', ['--version'], { stdio: 'ignore' }).status === 0;
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** What a document of the input would touch if it ran a command (`\write18{touch …}`). */
export const PWNED_FILES = ['/tmp/lagrad-pwned', '/tmp/lagrad-fuzz-pwned'];

/** One problem a reader would meet, by kind (counted by the fuzzer, listed by the tests). */
export interface DocumentProblem {
  readonly kind: string;
  readonly detail: string;
}

// ---- LaTeX ----------------------------------------------------------------------

export interface LatexRun {
  /** pdflatex's exit code (-1 when it could not run or was killed). */
  readonly code: number;
  /** doc.log, or '' when there is none. */
  readonly log: string;
  readonly pdf: boolean;
}

/** Compiles `source` as doc.tex in `dir` (a fresh temporary directory, removed after, when not given). */
export async function runPdflatex(source: string, options: { dir?: string; timeoutMs?: number } = {}): Promise<LatexRun> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'lagrad-tex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), source);
    const code = await new Promise<number>((done) => {
      execFile('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'], { cwd: dir, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20 }, (e) => {
        const c = e ? (e as { code?: unknown }).code : 0;
        done(typeof c === 'number' ? c : e ? -1 : 0);
      });
    });
    const log = existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'latin1') : '';
    return { code, log, pdf: existsSync(join(dir, 'doc.pdf')) };
  } finally {
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** LaTeX errors in a log: pdflatex's `! …` lines, and warnings that mean a glyph or a command is missing. */
const LATEX_ERROR = /Undefined control sequence|Missing character[^\n]*|LaTeX Error[^\n]*|not set up for use with LaTeX/;

/** What went wrong in a run: `latex-error` (it stopped, warned of a missing glyph or command, made no PDF), `latex-ran-input` (it read a file or ran a command). */
export function latexProblems(run: LatexRun): DocumentProblem[] {
  const f: DocumentProblem[] = [];
  const error = /^! .*$/m.exec(run.log)?.[0] ?? LATEX_ERROR.exec(run.log)?.[0];
  if (error || run.code !== 0 || !run.pdf) {
    const context = error ? run.log.slice(run.log.indexOf(error), run.log.indexOf(error) + 300) : `exit ${run.code}${run.pdf ? '' : ', no PDF'}`;
    f.push({ kind: 'latex-error', detail: context.replace(/\s+/g, ' ') });
  }
  // No \write18 (runsystem) and no \input of a file: TeX logs each file it opens as "(path".
  if (/\(\/etc\/passwd|runsystem\(/.test(run.log) || PWNED_FILES.some((p) => existsSync(p))) f.push({ kind: 'latex-ran-input', detail: 'the document read a file or ran a command' });
  return f;
}

/** The overfull boxes pdflatex reports (an equation or a table into the margin). */
export function overfullBoxes(log: string): string[] {
  return log.match(/Overfull \\hbox \((\d+\.\d+)pt/g) ?? [];
}

// ---- HTML in Chromium -------------------------------------------------------------

export const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium with a fresh profile in `profileDir` (launchPersistentContext passes it as --user-data-dir); `javaScript: false` opens pages as a reader without JavaScript does. */
export function launchChromium(profileDir: string, options: { javaScript?: boolean } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROME_ARGS, javaScriptEnabled: options.javaScript ?? true });
}

/** The text of the one script a page of lagrad may hold: a compact page's (KaTeX and its loader, src/render/html-compact.ts), for either KaTeX output. */
export const LAGRAD_SCRIPTS: readonly string[] = (['html', 'htmlAndMathml'] as const)
  .map((output) => compactScript(katexScript(), output).element.replace(/^<script>|<\/script>\n$/g, ''));

export interface WatchedPage {
  readonly page: Page;
  /** Requests other than the page itself and data: URLs. */
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Dialogs opened (alert, confirm, prompt), each dismissed. */
  readonly dialogs: string[];
}

/** A new page in `context` that records what it requests and reports, before it loads `url`. */
export async function watchPage(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const w: WatchedPage = { page, requests: [], errors: [], dialogs: [] };
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) w.requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
  page.on('pageerror', (e) => w.errors.push(String(e)));
  page.on('dialog', (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  return w;
}

export interface PageContent {
  /** The first KaTeX error elements' messages. */
  readonly katexErrors: string[];
  readonly katex: number;
  /** Script elements other than lagrad's own (LAGRAD_SCRIPTS, text for text). */
  readonly scripts: number;
  /** Event handler attributes, as TAG.onname. */
  readonly handlers: string[];
  /** Elements with an href or a src, their first 80 characters. */
  readonly links: string[];
  /** Elements no document of lagrad has (forms, frames, images, objects, scripts or foreign objects in SVG). */
  readonly elements: number;
}

/** What a loaded page holds that the input might have put there. */
export function pageContent(page: Page): Promise<PageContent> {
  return page.evaluate((ours) => ({
    katexErrors: [...document.querySelectorAll('.katex-error')].map((e) => e.getAttribute('title') ?? e.textContent ?? '').slice(0, 3),
    katex: document.querySelectorAll('.katex').length,
    scripts: [...document.querySelectorAll('script')].filter((e) => !ours.includes(e.textContent ?? '')).length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`)),
    links: [...document.querySelectorAll('[href], [src]')].map((e) => e.outerHTML.slice(0, 80)),
    elements: document.querySelectorAll('textarea, iframe, object, embed, form, img, svg script, foreignObject').length,
  }), LAGRAD_SCRIPTS);
}

/** What went wrong on a page, by kind: katex-error, html-script, html-handler, html-link, html-element, html-console-error. */
export function htmlProblems(seen: PageContent, w: WatchedPage): DocumentProblem[] {
  const f: DocumentProblem[] = [];
  if (seen.katexErrors.length > 0) f.push({ kind: 'katex-error', detail: seen.katexErrors.join(' | ') });
  if (seen.scripts > 0 || w.dialogs.length > 0) f.push({ kind: 'html-script', detail: `${seen.scripts} script element(s); dialogs: ${w.dialogs.join(', ')}` });
  if (seen.handlers.length > 0) f.push({ kind: 'html-handler', detail: seen.handlers.slice(0, 5).join(', ') });
  if (seen.links.length > 0 || w.requests.length > 0) f.push({ kind: 'html-link', detail: [...seen.links, ...w.requests].slice(0, 3).join(' | ') });
  if (seen.elements > 0) f.push({ kind: 'html-element', detail: `${seen.elements} element(s) from the input` });
  if (w.errors.length > 0) f.push({ kind: 'html-console-error', detail: w.errors.slice(0, 3).join(' | ') });
  return f;
}
