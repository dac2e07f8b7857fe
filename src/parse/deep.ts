// Parses on the main thread, and when mathjs's recursive parser overflows the
// default stack, parses again synchronously on a worker thread whose stack is
// sized for the nesting. Nesting beyond `maxDepth` and more names, numbers and
// operators than a node limit allows are refused up front, at their position.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { InputError, type InputErrorKind } from './errors.js';
import { bracketDepth } from './lexer.js';
import { parseSyntax, type SyntaxList } from './syntax.js';

export const DEFAULT_MAX_DEPTH = 10_000;
/**
 * The deepest nesting `--max-depth` may ask for. mathjs's parser recurses,
 * and its garbage collector scans that deep stack, so the time grows faster
 * than linearly: 10⁵ nested brackets parse in 5–9 s (about 0.5 GB), 2·10⁵ took
 * 27 s, 10⁶ did not finish in 60 s at 3.7 GB.
 */
export const MAX_DEPTH_LIMIT = 100_000;

/** A bound on the size of one expression's graph, with what the caller says about it. */
export interface NodeLimit {
  /** The most nodes z_i the graph may have. */
  readonly nodes: number;
  /** Whose limit it is: "for --format html". */
  readonly what: string;
  /** How to stay within it or raise it: "use --format latex or md (100,000 nodes)". */
  readonly raise: string;
}

/**
 * Names, numbers and operators allowed per node of the limit, counted on the
 * text before parsing: a graph node takes one to about 2.3 of them (a sum of
 * names 1, a network unrolled to scalars 1.2, sin(x + k·y) 7 for 3 nodes), so
 * only text well beyond the node limit is refused here, before a parse that
 * would cost seconds and gigabytes (7·10⁵ of them: 18 s and 1.2 GB to parse and
 * build a graph of 3·10⁵ nodes, which the node limit then refuses).
 */
export const ITEMS_PER_NODE = 4;

const ITEM_CHAR = /[A-Za-z0-9_.\u0370-\u03FF]/;
const OPERATOR_CHARS = new Set(['+', '-', '*', '/', '^', "'", '!']);

/** Offset of the first name, number or operator beyond `limit` of them, or -1. */
export function itemBeyond(source: string, limit: number): number {
  let items = 0;
  let inItem = false;
  for (let k = 0; k < source.length; k++) {
    const ch = source[k]!;
    if (ITEM_CHAR.test(ch)) {
      if (!inItem && ++items > limit) return k;
      inItem = true;
      continue;
    }
    inItem = false;
    if (OPERATOR_CHARS.has(ch) && ++items > limit) return k;
  }
  return -1;
}

/** The refusal of an expression whose graph has more nodes than `limit` (the pipeline counts them). */
export function tooManyNodes(source: string, nodes: number, limit: NodeLimit): InputError {
  return new InputError('depth', `the computation graph has ${nodes.toLocaleString('en-US')} nodes, more than the limit of ${limit.nodes.toLocaleString('en-US')} ${limit.what}; ${limit.raise}`, 0, source);
}
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
  const raise = maxDepth < MAX_DEPTH_LIMIT ? ` (raise it with --max-depth, up to ${MAX_DEPTH_LIMIT.toLocaleString('en-US')})` : ' (the most lagrad parses)';
  return new InputError('depth', `expression nested deeper than the limit of ${maxDepth} levels${raise}`, offset, source);
}

/**
 * Syntax list of `source`, whatever its depth up to `maxDepth` (at most
 * MAX_DEPTH_LIMIT). With `nodes`, text with more than ITEMS_PER_NODE names,
 * numbers and operators per node of the limit is refused before parsing.
 */
export function parseAnyDepth(source: string, maxDepth = DEFAULT_MAX_DEPTH, nodes?: NodeLimit): SyntaxList {
  maxDepth = Math.min(maxDepth, MAX_DEPTH_LIMIT);
  if (nodes !== undefined) {
    const items = nodes.nodes * ITEMS_PER_NODE;
    const at = itemBeyond(source, items);
    if (at >= 0) {
      throw new InputError('depth', `the expression has more than ${items.toLocaleString('en-US')} names, numbers and operators, more than a graph within the limit of ${nodes.nodes.toLocaleString('en-US')} nodes ${nodes.what}; ${nodes.raise}`, at, source);
    }
  }
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
    if (waited === 'timed-out') throw new InputError('depth', `expression took longer than ${WORKER_TIMEOUT_MS / 1000} s to parse (brackets nested ${depth} deep); nest it less deeply`, 0, source);
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
