// Files the handouts are made from: the templates in templates/, KaTeX's
// stylesheet with every font inlined as a data: URI (woff2, which every
// current browser reads), so that a page makes no request when opened, and
// KaTeX's script for a compact page.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's templates/ directory: beside src/ in the repository, beside dist/ when installed. */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'handout.html'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('lagrad: templates/ not found beside the package');
}

export function readTemplate(name: string): string {
  return readFileSync(join(templatesDir(), name), 'utf8');
}

let katexCss: string | undefined;

/**
 * KaTeX's stylesheet with its fonts inlined. Each @font-face keeps only its
 * woff2 source, as a data: URI; any other url() left would be a request, so
 * it is an error.
 */
export function inlinedKatexCss(): string {
  if (katexCss !== undefined) return katexCss;
  const require = createRequire(import.meta.url);
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const dir = dirname(cssPath);
  const css = readFileSync(cssPath, 'utf8').replace(
    /url\(([^)]+?\.woff2)\)\s*format\("woff2"\)(?:\s*,\s*url\([^)]*\)\s*format\("[^"]*"\))*/g,
    (_m, file: string) => `url(data:font/woff2;base64,${readFileSync(join(dir, file)).toString('base64')}) format("woff2")`,
  );
  const left = /url\((?!data:)[^)]*\)/.exec(css);
  if (left) throw new Error(`lagrad: KaTeX's stylesheet refers to ${left[0]}, which would be a network request`);
  katexCss = css;
  return css;
}

let katexJs: string | undefined;

/** KaTeX's own script (katex.min.js), which a compact page inlines once (src/render/html-compact.ts). */
export function katexScript(): string {
  katexJs ??= readFileSync(createRequire(import.meta.url).resolve('katex/dist/katex.min.js'), 'utf8');
  return katexJs;
}
