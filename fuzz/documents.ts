// The documents as their readers open them: LaTeX compiled by
// `pdflatex -no-shell-escape`, HTML opened in headless Chromium, by the
// driver test/documents.test.ts uses too (test/helpers/documents-driver.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { htmlProblems, latexProblems, launchChromium, pageContent, runPdflatex, watchPage } from '../test/helpers/documents-driver.js';
import type { Failure } from './checks.js';

export { CHROMIUM, HAS_CHROMIUM, HAS_PDFLATEX } from '../test/helpers/documents-driver.js';

/** Compiles one LaTeX document; the failures pdflatex and its log show. */
export async function compileLatex(source: string, timeoutMs = 120_000): Promise<Failure[]> {
  return latexProblems(await runPdflatex(source, { timeoutMs }));
}

/** One Chromium for a run, opened on first use. */
export class Browser {
  private context: BrowserContext | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'lagrad-fuzz-html-'));
  private count = 0;

  async open(html: string): Promise<Failure[]> {
    this.context ??= await launchChromium(join(this.dir, 'profile'));
    const file = join(this.dir, `doc-${this.count++}.html`);
    writeFileSync(file, html);
    const url = `file://${file}`;
    const w = await watchPage(this.context, url);
    try {
      await w.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      return htmlProblems(await pageContent(w.page), w);
    } catch (e) {
      return [{ kind: 'html-load', detail: String(e).slice(0, 300) }];
    } finally {
      await w.page.close();
      rmSync(file, { force: true });
    }
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
