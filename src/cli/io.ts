// Everything the CLI reads or writes goes through CliIo, so tests run main()
// in-process with a fake. nodeIo() is the real one.
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

export interface OutStream {
  write(s: string): void;
  readonly isTTY?: boolean;
}

/** A file to write; `flag` names it in messages (`-o`, `--key`). */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  readonly flag?: string;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readStdin(): Promise<string>;
  readFile(path: string): string;
  /** Writes atomically: a temporary file beside the target, then a rename (see writeFilesAtomic). */
  writeFile(path: string, content: string): void;
  /** Writes several files, all or none (see writeFilesAtomic); without it, writeAll writes them one by one. */
  writeFiles?(files: readonly OutputFile[]): void;
  /** The terminal's width in columns, when stdout is a terminal (`lagrad graph` draws within it). */
  readonly columns?: number;
  /** The terminal, when stdin is one (`lagrad repl` reads it line by line, with a prompt). */
  readonly terminal?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

/** The files together: every one, or (on an error) none; two names of one file are a usage error. */
export function writeAll(io: CliIo, files: readonly OutputFile[]): void {
  if (io.writeFiles !== undefined) return io.writeFiles(files);
  files.forEach((f, k) => {
    const same = files.findIndex((g) => g.path === f.path);
    if (same < k) throw sameFile(files[same]!, f);
  });
  for (const f of files) io.writeFile(f.path, f.content);
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

function writeToDescriptor(fd: number, content: string): void {
  const bytes = Buffer.from(content, 'utf8');
  for (let off = 0; off < bytes.length;) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

/**
 * Writes the files, all of them or none: every target is checked and every
 * regular file written to a temporary file beside it first; only then are
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
      writeFileSync(tmp, p.file.content, { flag: 'wx', mode: p.mode });
      temporary.set(p, tmp);
      if (p.mode !== undefined) chmodSync(tmp, p.mode);
    }
    for (const p of plans) {
      current = p.file;
      if (p.kind === 'in-place') writeFileSync(p.file.path, p.file.content);
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

export function writeFileAtomic(path: string, content: string): void {
  writeFilesAtomic([{ path, content }]);
}

export function nodeIo(): CliIo {
  // A reader that stops early (lagrad … | head) closes the pipe: that is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true },
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
