// A tiny {{name}} filler for the handout templates. One pass: a value is
// never scanned again, so text containing "{{body}}" stays text. Values must
// already be escaped for the template's format.
import { joinChunks, type Chunks } from './chunks.js';

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`${line}:${column}: ${message}`);
  }
}

/**
 * {{name}}. Other braces are the template's own text (`\title{{{title}}}` holds
 * the placeholder {{title}}); a LaTeX group {{x}} around a bare name reads as a
 * placeholder, so write it { {x} }.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_-]*)\s*\}\}/g;

/** Whether `template` holds {{name}}. */
export function hasPlaceholder(template: string, name: string): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((m) => m[1] === name);
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Replaces each {{name}} of `template` with `values[name]`. Throws
 * TemplateError (with line and column) on a placeholder that has no value,
 * and when one of `required` never appears (a template without {{body}}
 * would silently drop the document).
 */
export function fillTemplate(template: string, values: ReadonlyMap<string, string>, required: readonly string[] = []): string {
  return joinChunks(fillTemplateChunks(template, values, required));
}

/**
 * fillTemplate's text in chunks: the template's text between placeholders,
 * and each value (a string, or chunks: iterable again where the template
 * names it twice). The template is read, and its errors thrown, before it returns.
 */
export function fillTemplateChunks(template: string, values: ReadonlyMap<string, string | Chunks>, required: readonly string[] = []): Chunks {
  const seen = new Set<string>();
  const parts: (string | Chunks)[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    const value = values.get(name);
    if (value === undefined) {
      const { line, column } = position(template, m.index);
      throw new TemplateError(`unknown placeholder {{${name}}}; known: ${[...values.keys()].join(', ')}`, line, column);
    }
    seen.add(name);
    parts.push(template.slice(at, m.index), value);
    at = m.index + m[0].length;
  }
  parts.push(template.slice(at));
  const missing = required.filter((name) => !seen.has(name));
  if (missing.length) {
    const end = position(template, template.length);
    throw new TemplateError(`the template has no ${missing.map((n) => `{{${n}}}`).join(', ')}`, end.line, end.column);
  }
  return {
    *[Symbol.iterator]() {
      for (const p of parts) {
        if (typeof p === 'string') {
          if (p !== '') yield p;
        } else yield* p;
      }
    },
  };
}
