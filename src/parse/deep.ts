// Parses on the main thread, and when mathjs's recursive parser overflows the
// default stack, parses again synchronously on a worker thread whose stack is
// sized for the nesting. Nesting beyond `maxDepth` is refused up front.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { InputError, type InputErrorKind } from './errors.js';
import { bracketDepth } from './lexer.js';
import { parseSyntax, type SyntaxList } from './syntax.js';

export const DEFAULT_MAX_DEPTH = 10_000;
/** Stack for the worker: measured at about 5 KiB of stack per level of mathjs recursion. */
const STACK_MB_PER_1000_LEVELS = 8;
const WORKER_TIMEOUT_MS = 60_000;

/** Finds dist/parse-worker.js from the bundle or from the sources. */
function workerPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [join(dir, 'parse-worker.js'), join(dir, 'dist', 'parse-worker.js')]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('lagrad: dist/parse-worker.js not found; run `npm run build`');
}

function tooDeep(source: string, maxDepth: number, offset = 0): InputError {
  return new InputError('depth', `expression nested deeper than the limit of ${maxDepth} levels`, offset, source);
}

/** Syntax list of `source`, whatever its depth up to `maxDepth`. */
export function parseAnyDepth(source: string, maxDepth = DEFAULT_MAX_DEPTH): SyntaxList {
  const { depth, offset } = bracketDepth(source);
  if (depth > maxDepth) throw tooDeep(source, maxDepth, offset);
  try {
    return parseSyntax(source);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  // Operators nest too (a^b^c…, - - - x): size the stack for the whole length, within the limit.
  const levels = Math.min(maxDepth, Math.max(depth, source.length));
  const stackSizeMb = 16 + Math.ceil((levels / 1000) * STACK_MB_PER_1000_LEVELS);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerPath(), {
    workerData: { source, port: port2, signal },
    transferList: [port2],
    resourceLimits: { stackSizeMb },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  try {
    const waited = Atomics.wait(signal, 0, 0, WORKER_TIMEOUT_MS);
    if (waited === 'timed-out') throw new InputError('depth', 'expression took too long to parse', 0, source);
    const reply = receiveMessageOnPort(port1)?.message as
      | { ok: SyntaxList }
      | { error: { kind: InputErrorKind; message: string; offset?: number } }
      | { tooDeep: true }
      | { crash: string }
      | undefined;
    if (!reply) throw new Error('lagrad: the parse worker sent no reply');
    if ('ok' in reply) return reply.ok;
    if ('error' in reply) throw new InputError(reply.error.kind, reply.error.message, reply.error.offset, source);
    if ('tooDeep' in reply) throw tooDeep(source, maxDepth);
    throw new Error(`lagrad: the parse worker failed: ${reply.crash}`);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
