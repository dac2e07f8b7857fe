// One fuzz case: a lagrad command line with its stdin and the files it reads,
// run in-process (main() with an in-memory CliIo, fast) or as a real process
// (`node bin/lagrad.js` in a fresh directory, with a time and memory bound),
// and printed back as a one-line shell command that reproduces it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { outputText, type CliIo, type OutputFile } from '../src/cli/io.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'lagrad.js');

/** What a real run prepares in its directory before the command: a target `-o` meets. */
export type Setup =
  | { readonly kind: 'file'; readonly path: string; readonly content: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | { readonly kind: 'fifo'; readonly path: string }
  | { readonly kind: 'dir'; readonly path: string };

export interface Case {
  /** The arguments after `lagrad`. */
  readonly args: readonly string[];
  readonly stdin?: string;
  /** Files the command reads, by their name relative to the working directory. */
  readonly files?: Readonly<Record<string, string>>;
  /** Real runs only: targets made before the command (existing files, links, FIFOs). */
  readonly setup?: readonly Setup[];
  /** Files too big for a command line, as a JavaScript expression that makes each (the reproducer runs it with node). */
  readonly make?: Readonly<Record<string, string>>;
  /** Where the case came from (a seed, a mutation, a generator), for the report. */
  readonly origin: string;
}

export interface Outcome {
  /** The exit code; null when the process was killed (see `signal`). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Files written by the command (in-process: through CliIo; real: read back by the property). */
  readonly written: ReadonlyMap<string, string>;
  readonly ms: number;
  /** In-process: main() threw instead of returning an exit code. */
  readonly threw?: string;
  /** Real runs: killed by the time bound, or by a signal (the heap limit aborts). */
  readonly timedOut?: boolean;
  readonly signal?: string | null;
}

export type MainFn = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Runs a case in-process with an in-memory CliIo (as test/helpers/fake-io.ts, with writeFiles all-or-none). */
export async function runInProcess(main: MainFn, c: Case): Promise<Outcome> {
  let out = '';
  let err = '';
  const files = new Map(Object.entries(c.files ?? {}));
  const written = new Map<string, string>();
  const io: CliIo = {
    stdout: { write: (s) => void (out += s), isTTY: false },
    stderr: { write: (s) => void (err += s), isTTY: false },
    env: {},
    readStdin: async () => c.stdin ?? '',
    readFile: (path) => {
      const content = files.get(path);
      if (content === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', path });
      return content;
    },
    writeFile: (path, content) => void written.set(path, outputText(content)),
    writeFiles: (fs: readonly OutputFile[]) => {
      for (const f of fs) if (fs.filter((g) => g.path === f.path).length > 1) throw Object.assign(new Error(`same file '${f.path}'`), { code: 'EEXIST', path: f.path });
      for (const f of fs) written.set(f.path, outputText(f.content));
    },
  };
  const t = performance.now();
  try {
    const code = await main(c.args, io);
    return { code, stdout: out, stderr: err, written, ms: performance.now() - t };
  } catch (e) {
    return { code: null, stdout: out, stderr: err, written, ms: performance.now() - t, threw: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

export interface ProcessLimits {
  readonly timeoutMs: number;
  readonly heapMb: number;
}

export const DEFAULT_LIMITS: ProcessLimits = { timeoutMs: 30_000, heapMb: 2048 };

/** A fresh directory holding the case's files and setup; `keep` leaves it for the property to inspect. */
export function prepareDir(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagrad-fuzz-'));
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/**
 * Runs `node bin/lagrad.js` in `dir` (made by prepareDir, the setup done by
 * the caller), killed after the time bound, with V8's heap limited.
 * A FIFO in the setup gets a reader, so that writing into it cannot block.
 */
export function runProcess(c: Case, dir: string, limits: ProcessLimits = DEFAULT_LIMITS): Promise<Outcome> {
  return new Promise((done) => {
    const t = performance.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMb}`, BIN, ...c.args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => void (out.length < 50e6 && (out += s)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => void (err.length < 1e6 && (err += s)));
    child.stdin.on('error', () => {});
    child.stdin.end(c.stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, limits.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout: out, stderr: err, written: new Map(), ms: performance.now() - t, timedOut });
    });
  });
}

export function removeDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

// ---- the reproducer ---------------------------------------------------------

/** A shell word: plain when safe, else '…' or $'…' (control characters, non-ASCII kept as escapes). */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./=,:@%+-]+$/.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069']/.test(s)) return `'${s}'`;
  let q = "$'";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') q += '\\\\';
    else if (ch === "'") q += "\\'";
    else if (ch === '\n') q += '\\n';
    else if (ch === '\t') q += '\\t';
    else if (ch === '\r') q += '\\r';
    else if (cp < 0x20 || cp === 0x7f) q += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) q += `\\u${cp.toString(16).padStart(4, '0')}`;
    else q += ch;
  }
  return `${q}'`;
}

/** Content too long for a command line is written by a node one-liner that builds it from a pattern. */
function writeContent(path: string, content: string): string {
  if (content.length <= 4000) return `printf '%s' ${shellQuote(content)} > ${shellQuote(path)}`;
  return `node -e ${shellQuote(`require('fs').writeFileSync(${JSON.stringify(path)}, ${compactLiteral(content)})`)}`;
}

/** A JS expression for a long string: repeated runs as .repeat(), the rest literal. */
function compactLiteral(s: string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < s.length) {
    let best: { unit: string; times: number } | undefined;
    for (let len = 1; len <= 64 && i + len <= s.length; len++) {
      const unit = s.slice(i, i + len);
      let times = 1;
      while (s.startsWith(unit, i + times * len)) times++;
      if (times * len >= 64 && (!best || times * len > best.times * best.unit.length)) best = { unit, times };
    }
    if (best) {
      parts.push(`${JSON.stringify(best.unit)}.repeat(${best.times})`);
      i += best.times * best.unit.length;
    } else {
      const last = parts[parts.length - 1];
      const ch = s[i]!;
      if (last !== undefined && last.startsWith('"') && !last.includes('.repeat(')) parts[parts.length - 1] = JSON.stringify(JSON.parse(last) + ch);
      else parts.push(JSON.stringify(ch));
      i++;
    }
  }
  return parts.join('+') || '""';
}

/** Long arguments are passed by a node one-liner too: `"$(node -e …)"`. */
function argWord(a: string): string {
  if (a.length <= 4000) return shellQuote(a);
  return `"$(node -e ${shellQuote(`process.stdout.write(${compactLiteral(a)})`)})"`;
}

/**
 * One shell line, run from the repository's root, that reproduces the case
 * with the real CLI in a fresh directory and prints its exit code.
 */
export function reproCommand(c: Case): string {
  const steps: string[] = ['R=$PWD', 'cd "$(mktemp -d)"'];
  for (const [name, content] of Object.entries(c.files ?? {})) {
    if (name.includes('/')) steps.push(`mkdir -p ${shellQuote(dirname(name))}`);
    const make = c.make?.[name];
    steps.push(make !== undefined && content.length > 4000 ? `node -e ${shellQuote(`require('fs').writeFileSync(${JSON.stringify(name)}, ${make})`)}` : writeContent(name, content));
  }
  let reader = '';
  for (const s of c.setup ?? []) {
    if (s.kind === 'file') steps.push(writeContent(s.path, s.content));
    else if (s.kind === 'symlink') steps.push(`ln -s ${shellQuote(s.target)} ${shellQuote(s.path)}`);
    else if (s.kind === 'dir') steps.push(`mkdir -p ${shellQuote(s.path)}`);
    else {
      steps.push(`mkfifo ${shellQuote(s.path)}`);
      reader = `(cat ${shellQuote(s.path)} > /dev/null &) ; `;
    }
  }
  const cmd = `node "$R/bin/lagrad.js" ${c.args.map(argWord).join(' ')}`.trimEnd();
  const stdin = c.stdin === undefined ? '' : c.stdin.length <= 4000 ? `printf '%s' ${shellQuote(c.stdin)} | ` : `node -e ${shellQuote(`process.stdout.write(${compactLiteral(c.stdin)})`)} | `;
  steps.push(`${reader}${stdin}${cmd}; echo "exit $?"; ls -la`);
  return `(${steps.join(' && ')})`;
}
