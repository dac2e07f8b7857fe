// InputError: bad user input, with the offset where it was found. The message
// is one line; `format()` prefixes it with line:column.

export type InputErrorKind = 'syntax' | 'character' | 'unknown-function' | 'arity' | 'unsupported' | 'name' | 'number' | 'depth' | 'usage' | 'empty';

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly kind: InputErrorKind,
    message: string,
    /** Offset into the source, in UTF-16 code units, or undefined when no position applies. */
    readonly offset?: number,
    /** The source the offset refers to. */
    readonly source?: string,
    /** What the source is, when there are several (`claim for x1`). */
    readonly context?: string,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }

  /** The same error, said of a named part of the input. */
  within(context: string): InputError {
    return new InputError(this.kind, this.message, this.offset, this.source, context);
  }

  /** `context: line:column: message` (1-based), leaving out what is unknown. */
  format(): string {
    const prefix = this.context ? `${this.context}: ` : '';
    if (this.offset === undefined || this.source === undefined) return prefix + this.message;
    const { line, column } = lineColumn(this.source, this.offset);
    return `${prefix}${line}:${column}: ${this.message}`;
  }
}

export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count code points, so a Greek letter or an emoji counts once.
  const column = [...source.slice(lineStart, offset)].length + 1;
  return { line, column };
}
