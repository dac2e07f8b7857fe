// What a golden case's output is compared as: the file extension its format
// reads best in, and, for HTML, the page without KaTeX's stylesheet (half a
// megabyte of inlined fonts that change with KaTeX, not with lagrad).
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
