// The documents as their readers open them: LaTeX compiled by
// `pdflatex -no-shell-escape`, HTML opened in headless Chromium (as
// test/documents.test.ts drives them).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Failure } from './checks.js';

export const CHROMIUM = process.env.LAGRAD_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_PDFLATEX = spawnSync('pdflatex', ['--version'], { stdio: 'ignore' }).status === 0;
export const HAS_CHROMIUM = existsSync(CHROMIUM);

const PWNED = '/tmp/lagrad-fuzz-pwned';

/** Compiles one LaTeX document; the failures pdflatex and its log show. */
export async function compileLatex(source: string, timeoutMs = 120_000): Promise<Failure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lagrad-fuzz-tex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), source);
    const code = await new Promise<number | null>((done) => {
      execFile('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'], { cwd: dir, timeout: timeoutMs, maxBuffer: 64 << 20 }, (e) => done(e ? ((e as { code?: number }).code ?? -1) : 0));
    });
    const log = existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'latin1') : '';
    const f: Failure[] = [];
    const error = /^! .*$/m.exec(log)?.[0] ?? /Undefined control sequence|Missing character[^\n]*|LaTeX Error[^\n]*|not set up for use with LaTeX/.exec(log)?.[0];
    if (error || code !== 0 || !existsSync(join(dir, 'doc.pdf'))) {
      const context = error ? log.slice(Math.max(0, log.indexOf(error)), log.indexOf(error) + 300) : `exit ${code}`;
      f.push({ kind: 'latex-error', detail: context.replace(/\s+/g, ' ') });
    }
    if (/\(\/etc\/passwd|runsystem\(/.test(log) || existsSync(PWNED)) f.push({ kind: 'latex-ran-input', detail: 'the document read a file or ran a command' });
    return f;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One Chromium for a run, opened on first use. */
export class Browser {
  private context: BrowserContext | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'lagrad-fuzz-html-'));
  private count = 0;

  async open(html: string): Promise<Failure[]> {
    if (this.context === undefined) {
      this.context = await chromium.launchPersistentContext(join(this.dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROME_ARGS });
    }
    const file = join(this.dir, `doc-${this.count++}.html`);
    writeFileSync(file, html);
    const url = `file://${file}`;
    const page = await this.context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url()); });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const f: Failure[] = [];
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      const seen = await page.evaluate(() => ({
        katexErrors: [...document.querySelectorAll('.katex-error')].map((e) => e.getAttribute('title') ?? e.textContent ?? '').slice(0, 3),
        scripts: document.querySelectorAll('script').length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`)),
        links: [...document.querySelectorAll('[href], [src]')].map((e) => e.outerHTML.slice(0, 80)),
        textareas: document.querySelectorAll('textarea, iframe, object, embed, form, img, svg script, foreignObject').length,
      }));
      if (seen.katexErrors.length > 0) f.push({ kind: 'katex-error', detail: seen.katexErrors.join(' | ') });
      if (seen.scripts > 0 || dialogs.length > 0) f.push({ kind: 'html-script', detail: `${seen.scripts} script element(s); dialogs: ${dialogs.join(', ')}` });
      if (seen.handlers.length > 0) f.push({ kind: 'html-handler', detail: seen.handlers.slice(0, 5).join(', ') });
      if (seen.links.length > 0 || requests.length > 0) f.push({ kind: 'html-link', detail: [...seen.links, ...requests].slice(0, 3).join(' | ') });
      if (seen.textareas > 0) f.push({ kind: 'html-element', detail: `${seen.textareas} element(s) from the input` });
      if (errors.length > 0) f.push({ kind: 'html-console-error', detail: errors.slice(0, 3).join(' | ') });
    } catch (e) {
      f.push({ kind: 'html-load', detail: String(e).slice(0, 300) });
    } finally {
      await page.close();
      rmSync(file, { force: true });
    }
    return f;
  }

  async close(): Promise<void> {
    await this.context?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The documents of an outcome in one format: stdout when it is one, and the files written. */
export function documentsOf(stdout: string, written: ReadonlyMap<string, string>, kind: 'latex' | 'html'): [string, string][] {
  const docs: [string, string][] = [];
  const isDoc = kind === 'latex' ? (s: string) => /\\documentclass/.test(s) && /\\end\{document\}/.test(s) : (s: string) => /<html[\s>]/i.test(s);
  if (isDoc(stdout)) docs.push(['stdout', stdout]);
  for (const [p, s] of written) if (isDoc(s)) docs.push([p, s]);
  return docs;
}
