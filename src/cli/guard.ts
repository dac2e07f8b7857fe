// The terminal guard: every control character a user could have typed is
// shown escaped (render/escape.ts's escapeControls) in everything the CLI
// writes, so no output and no message can drive the terminal; the theme's
// colour marks become ESC after it (theme.ts). Streamed outputs are guarded
// chunk by chunk, with the same result as guarding their whole text.
import { escapeControls } from '../render/escape.js';
import type { Chunks } from '../render/chunks.js';
import { writeChunksTo, type CliIo, type Output } from './io.js';
import { markCutAt, showColour } from './theme.js';

/** A message or an output on a standard stream: escaped, then the theme's colours shown. */
const guarded = (s: string): string => showColour(escapeControls(s));

/**
 * Where the guard must stop in `s` until it sees what follows: before a
 * final carriage return (kept only before a newline) and, with `colour`,
 * before a colour mark the end of `s` cuts.
 */
function safeEnd(s: string, colour: boolean): number {
  let end = s.length;
  if (s.charCodeAt(end - 1) === 13) end--;
  if (colour) {
    const k = markCutAt(s);
    if (k >= 0 && k < end) end = k;
  }
  return end;
}

/**
 * The chunks guarded (escaped; with `colour`, the theme's marks shown): the
 * text of guarding their concatenation at once, though a CR LF or a mark may
 * straddle two chunks; what could be cut is carried to the next chunk.
 */
export function* guardChunks(chunks: Chunks, colour: boolean): Generator<string> {
  const guard = colour ? guarded : (s: string) => escapeControls(s);
  let carry = '';
  for (const c of chunks) {
    const s = carry === '' ? c : carry + c;
    const end = safeEnd(s, colour);
    carry = end === s.length ? '' : s.slice(end);
    if (end > 0) yield guard(end === s.length ? s : s.slice(0, end));
  }
  if (carry !== '') yield guard(carry);
}

const guardOutput = (content: Output): Output => (typeof content === 'string' ? escapeControls(content) : guardChunks(content, false));

/** The CLI's streams and files, guarded. The theme's colours pass on the standard streams. */
export function guardedIo(io: CliIo): CliIo {
  return {
    stdout: { write: (s) => io.stdout.write(guarded(s)), isTTY: io.stdout.isTTY, writeChunks: (chunks) => writeChunksTo(io.stdout, guardChunks(chunks, true)) },
    stderr: { write: (s) => io.stderr.write(guarded(s)), isTTY: io.stderr.isTTY },
    env: io.env,
    readStdin: () => io.readStdin(),
    readFile: (path) => io.readFile(path),
    writeFile: (path, content) => io.writeFile(path, guardOutput(content)),
    ...(io.terminal === undefined ? {} : { terminal: io.terminal }),
    ...(io.columns === undefined ? {} : { columns: io.columns }),
    ...(io.writeFiles === undefined ? {} : {
      writeFiles: (files) => io.writeFiles!(files.map((f) => ({ ...f, content: guardOutput(f.content) }))),
    }),
  };
}
