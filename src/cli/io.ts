// Everything the CLI reads or writes goes through CliIo, so tests run main()
// in-process with a fake. nodeIo() is the real one.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface OutStream {
  write(s: string): void;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readStdin(): Promise<string>;
  readFile(path: string): string;
  /** Writes atomically: a temporary file beside the target, then a rename. */
  writeFile(path: string, content: string): void;
}

export function writeFileAtomic(path: string, content: string): void {
  // Write through a symbolic link to the file it names, and keep an existing file's mode.
  let target = path;
  let mode: number | undefined;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o777;
  } catch {
    // A new file: write it where asked, with the default mode.
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx', mode });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    // Name the file the user asked for, not the temporary one.
    throw Object.assign(e as Error, { path });
  }
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
  };
}
