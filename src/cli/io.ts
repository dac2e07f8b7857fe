// Everything the CLI reads or writes goes through CliIo, so tests run main()
// in-process with a fake. nodeIo() is the real one.
import { randomBytes } from 'node:crypto';
import {
  chmodSync, closeSync, fsyncSync, lstatSync, openSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { joinChunks, rechunk, type Chunks } from '../render/chunks.js';
import { UsageError } from './errors.js';

/**
 * What the CLI writes: a string, or chunks (render/chunks.ts) written one
 * after another and never joined, so that an output may be longer than a
 * string can be. Chunks are iterated once.
 */
export type Output = string | Chunks;

/** The chunks of an output (a string is one). */
export const chunksOf = (content: Output): Chunks => (typeof content === 'string' ? [content] : content);

export interface OutStream {
  write(s: string): void;
  readonly isTTY?: boolean;
  /**
   * Writes the chunks in order, each taken by the stream before the next is
   * made (backpressure), and stops early when the stream is gone (a closed
   * pipe). Without it, writeChunksTo writes each with write().
   */
  writeChunks?(chunks: Chunks): Promise<void>;
}

/** The chunks to `out`, through its writeChunks when it has one. */
export async function writeChunksTo(out: OutStream, chunks: Chunks): Promise<void> {
  if (out.writeChunks !== undefined) return out.writeChunks(chunks);
  for (const c of chunks) out.write(c);
}

/** A file to write; `flag` names it in messages (`-o`, `--key`). */
export interface OutputFile {
  readonly path: string;
  readonly content: Output;
  readonly flag?: string;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readStdin(): Promise<string>;
  readFile(path: string): string;
  /** Writes atomically, chunk by chunk: a temporary file beside the target, then a rename (see writeFilesAtomic). */
  writeFile(path: string, content: Output): void;
  /** Writes several files, all or none (see writeFilesAtomic); without it, writeAll writes them one by one. */
  writeFiles?(files: readonly OutputFile[]): void;
  /** The terminal's width in columns, when stdout is a terminal (`lagrad graph` draws within it). */
  readonly columns?: number;
  /** The terminal, when stdin is one (`lagrad repl` reads it line by line, with a prompt). */
  readonly terminal?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

/**
 * An output to the file `path` (atomically), or to stdout when there is
 * none, in chunks of CHUNK_CHARS units (render/chunks.ts's rechunk): however
 * long, it is never one string.
 */
export async function emit(io: CliIo, path: string | undefined, content: Output): Promise<void> {
  const chunks = rechunk(chunksOf(content));
  if (path !== undefined) io.writeFile(path, chunks);
  else await writeChunksTo(io.stdout, chunks);
}

/** The files together, each in chunks as emit writes them: every one, or (on an error) none; two names of one file are a usage error. */
export function writeAll(io: CliIo, files: readonly OutputFile[]): void {
  const chunked = files.map((f) => ({ ...f, content: rechunk(chunksOf(f.content)) }));
  if (io.writeFiles !== undefined) return io.writeFiles(chunked);
  files.forEach((f, k) => {
    const same = files.findIndex((g) => g.path === f.path);
    if (same < k) throw sameFile(files[same]!, f);
  });
  for (const f of chunked) io.writeFile(f.path, f.content);
}

function sameFile(a: OutputFile, b: OutputFile): UsageError {
  const named = (f: OutputFile) => (f.flag === undefined ? `'${f.path}'` : `${f.flag} ${f.path}`);
  return new UsageError(`${named(b)} names the same file as ${named(a)}: give ${b.flag ?? 'it'} another name`);
}

/** How one target is written: a regular file (or a new one) atomically, a FIFO or a device in place, a standard stream by its descriptor. */
type Plan =
  | { readonly kind: 'atomic'; readonly file: OutputFile; readonly target: string; readonly mode?: number; readonly id: string }
  | { readonly kind: 'in-place'; readonly file: OutputFile; readonly id: string }
  | { readonly kind: 'descriptor'; readonly file: OutputFile; readonly fd: number; readonly id: string };

const errorAt = (code: string, path: string, message: string) => Object.assign(new Error(`${code}: ${message}, '${path}'`), { code, path });
const identity = (st: Stats) => `${st.dev}:${st.ino}`;

/** The path a chain of symbolic links ends at, when it names nothing yet (a dangling link). */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw errorAt('ELOOP', path, 'too many symbolic links');
}

function plan(file: OutputFile): Plan {
  const path = file.path;
  const stdio = /^\/dev\/(?:(stdout)|(stderr)|fd\/(\d+))$|^\/proc\/self\/fd\/(\d+)$/.exec(path);
  if (stdio) {
    const fd = stdio[1] ? 1 : stdio[2] ? 2 : Number(stdio[3] ?? stdio[4]);
    return { kind: 'descriptor', file, fd, id: `fd:${fd}` };
  }
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw Object.assign(e as Error, { path });
  }
  if (st === undefined) {
    // A new file, or the file a dangling link names: created there, the link kept.
    const target = followLinks(path);
    let dir = dirname(target);
    try {
      dir = realpathSync(dir);
    } catch {
      // The directory is missing: writing the temporary file says so.
    }
    return { kind: 'atomic', file, target, id: `new:${join(dir, basename(target))}` };
  }
  if (st.isDirectory()) throw errorAt('EISDIR', path, 'is a directory');
  // A FIFO, a terminal or another device is written into, never replaced by a file.
  if (!st.isFile()) return { kind: 'in-place', file, id: identity(st) };
  // A regular file (through its links) is replaced whole, keeping its mode.
  return { kind: 'atomic', file, target: realpathSync(path), mode: st.mode & 0o777, id: identity(st) };
}

/** The output to an open descriptor, chunk by chunk, each whole (a descriptor may take part of one at a time, or none: EAGAIN). */
function writeToDescriptor(fd: number, content: Output): void {
  for (const chunk of chunksOf(content)) {
    const bytes = Buffer.from(chunk, 'utf8');
    for (let off = 0; off < bytes.length;) {
      try {
        off += writeSync(fd, bytes, off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
  }
}

/** The output into an open file, which is then closed (fsynced first with `sync`: a temporary file about to replace its target). */
function writeAndClose(fd: number, content: Output, sync: boolean): void {
  try {
    writeToDescriptor(fd, content);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the files, all of them or none: every target is checked and every
 * regular file written to a temporary file beside it first (chunk by chunk,
 * never joined, then fsynced; chunks that throw are a failure too); only then are
 * FIFOs and devices written in place and the temporary files renamed over
 * their targets. A symbolic link (dangling too) is written through, to the
 * file it names; a regular file keeps its mode; a failed run leaves no
 * temporary file and no target changed. Two names of the same file (after
 * links, hard links included) are a usage error.
 */
export function writeFilesAtomic(files: readonly OutputFile[]): void {
  const plans = files.map(plan);
  plans.forEach((p, k) => {
    const same = plans.findIndex((q) => q.id === p.id);
    if (same < k) throw sameFile(plans[same]!.file, p.file);
  });
  const temporary = new Map<Plan, string>();
  const cleanUp = () => {
    for (const tmp of temporary.values()) rmSync(tmp, { force: true });
  };
  let current: OutputFile | undefined;
  try {
    for (const p of plans) {
      if (p.kind !== 'atomic') continue;
      current = p.file;
      const tmp = join(dirname(p.target), `.${basename(p.target)}.${randomBytes(6).toString('hex')}.tmp`);
      const fd = openSync(tmp, 'wx', p.mode ?? 0o666);
      // Ours from here: a failure half-way (a full disk, chunks that throw) removes it.
      temporary.set(p, tmp);
      writeAndClose(fd, p.file.content, true);
      if (p.mode !== undefined) chmodSync(tmp, p.mode);
    }
    for (const p of plans) {
      current = p.file;
      if (p.kind === 'in-place') writeAndClose(openSync(p.file.path, 'w'), p.file.content, false);
      else if (p.kind === 'descriptor') writeToDescriptor(p.fd, p.file.content);
    }
    for (const p of plans) {
      if (p.kind !== 'atomic') continue;
      current = p.file;
      renameSync(temporary.get(p)!, p.target);
      temporary.delete(p);
    }
  } catch (e) {
    cleanUp();
    // Name the file the user asked for, not the temporary one.
    throw Object.assign(e as Error, { path: current?.path ?? (e as { path?: string }).path });
  }
}

export function writeFileAtomic(path: string, content: Output): void {
  writeFilesAtomic([{ path, content }]);
}

/**
 * Chunks to process.stdout, one at a time: after each, the stream drains
 * (a pipe or terminal that holds what it could not write yet) or the event
 * loop turns, so that a reader who closed the pipe (lagrad … | head) is
 * heard (nodeIo's EPIPE handler marks stdout gone) before the next chunk is made, and writing stops.
 */
async function writeToStdout(chunks: Chunks): Promise<void> {
  const out = process.stdout;
  for (const chunk of chunks) {
    if (stdoutGone || out.destroyed) return;
    if (out.write(chunk)) await new Promise<void>((resolve) => setImmediate(resolve));
    else {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
    }
  }
}

/** The text of an output, joined (for a test's or a fuzzer's in-memory files). */
export const outputText = (content: Output): string => (typeof content === 'string' ? content : joinChunks(content));

/** The reader closed stdout (lagrad … | head): nothing more is written there. */
let stdoutGone = false;

export function nodeIo(): CliIo {
  // A reader that stops early (lagrad … | head) closes the pipe: that is not an error of ours. The
  // writing stops and the command ends as it would have, with its own exit code (a failed check is
  // still 1 under `set -o pipefail`): the process is not ended here, before that code is known.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      stdoutGone = true;
      return;
    }
    throw e;
  });
  return {
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true, writeChunks: (chunks) => writeToStdout(chunks) },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch (e) {
        throw Object.assign(e as Error, { path });
      }
    },
    writeFile: writeFileAtomic,
    writeFiles: writeFilesAtomic,
    ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
    ...(process.stdin.isTTY === true ? { terminal: { input: process.stdin, output: process.stdout } } : {}),
  };
}
