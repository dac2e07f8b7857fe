// What a golden case's output is compared as: the file extension its format
// reads best in, and, for HTML, the page without KaTeX's stylesheet (half a
// megabyte of inlined fonts that change with KaTeX, not with lagrad).
import { existsSync } from 'node:fs';
import { expect } from 'vitest';

export interface GoldenCase {
  readonly args: string[];
  readonly stdin?: string;
  /** Files the command may read (fake file system). */
  readonly files?: Record<string, string>;
  readonly exit: number;
}

const EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['json', 'json'], ['latex', 'tex'], ['html', 'html'], ['md', 'md'], ['dot', 'dot'], ['mermaid', 'mmd'], ['svg', 'svg'],
]);

/** The format a case asks for (--format X), or text. */
export function goldenFormat(args: readonly string[]): string {
  const k = args.indexOf('--format');
  return k >= 0 ? args[k + 1] ?? 'text' : 'text';
}

export function goldenExtension(args: readonly string[]): string {
  return EXTENSIONS.get(goldenFormat(args)) ?? 'txt';
}

const KATEX_STYLE = /<style>@font-face\{[^<]*?KaTeX_AMS[^<]*<\/style>/;

/** HTML with KaTeX's inlined stylesheet replaced by a marker; other formats unchanged. */
export function goldenText(output: string, args: readonly string[]): string {
  if (goldenFormat(args) !== 'html') return output;
  return output.replace(KATEX_STYLE, "<style>/* KaTeX's stylesheet with its fonts inlined: not kept in the golden file */</style>");
}

/** The command that writes golden files; a missing golden file's failure names it. */
export const GOLDEN_UPDATE_COMMAND = 'npx vitest run test/golden.test.ts -u';

/** True when vitest runs with -u (--update): only then may a golden file be written. */
export function goldenUpdateMode(): boolean {
  const state = expect.getState() as unknown as { snapshotState?: { _updateSnapshot?: string } };
  return state.snapshotState?._updateSnapshot === 'all';
}

/**
 * Compares `actual` with the golden file at `path`. A missing golden file is a
 * failure (vitest alone would write it and pass, unless CI is set); it is
 * written only in update mode, by the command the message names.
 */
export async function expectGolden(actual: string, path: string, update: boolean = goldenUpdateMode()): Promise<void> {
  if (!update && !existsSync(path)) {
    throw new Error(`golden file ${path} is missing: run \`${GOLDEN_UPDATE_COMMAND}\` to write it, then review the diff like code`);
  }
  await expect(actual).toMatchFileSnapshot(path);
}
