// An in-memory CliIo for running main() in-process.
import { outputText, type CliIo } from '../../src/cli/io.js';

export interface FakeIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
  readonly files: Map<string, string>;
  /** Each write to stdout, in order, and each file's chunks as they were handed over (a string is one chunk). */
  readonly writes: { readonly stdout: string[]; readonly files: Map<string, string[]> };
}

export function fakeIo(options: { stdin?: string; files?: Record<string, string>; env?: Record<string, string>; tty?: boolean } = {}): FakeIo {
  let out = '';
  let err = '';
  const files = new Map(Object.entries(options.files ?? {}));
  const writes = { stdout: [] as string[], files: new Map<string, string[]>() };
  const io: CliIo = {
    stdout: { write: (s) => { out += s; writes.stdout.push(s); }, isTTY: options.tty ?? false },
    stderr: { write: (s) => void (err += s), isTTY: false },
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
    readFile: (path) => {
      const content = files.get(path);
      if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT', path });
      return content;
    },
    writeFile: (path, content) => {
      const chunks = typeof content === 'string' ? [content] : [...content];
      writes.files.set(path, chunks);
      files.set(path, outputText(chunks));
    },
  };
  return { io, stdout: () => out, stderr: () => err, files, writes };
}
