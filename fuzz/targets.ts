// `-o` and `--key` targets as real processes meet them: existing files,
// symbolic links (to a file, dangling), FIFOs, /dev/stdout into a pipe,
// directories, missing directories, the same file twice. After the run the
// directory is compared with what it held: nothing half-written, nothing
// destroyed on an error, no link or FIFO turned into a file.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, closeSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { prepareDir, removeDir, runProcess, type Case, type Outcome, type ProcessLimits, type Setup } from './case.js';
import type { Failure } from './checks.js';
import { HTML, LATEX } from './inputs.js';

const ORIGINAL = 'ORIGINAL CONTENT, must survive an error\n';
const GOOD_YAML = 'title: T\nproblems:\n  - expression: exp(sin(t))\n    at: {t: 0.5}\n  - expression: x1*x2 + sin(x1)\n';

interface Command {
  readonly args: (out: string) => string[];
  readonly files?: Record<string, string>;
  /** The extension of the output: a name for -o. */
  readonly ext: string;
  /** Writes a key beside the output (student edition). */
  readonly key?: boolean;
  readonly good: boolean;
}

const COMMANDS: Command[] = [
  { args: (o) => ['derive', 'exp(sin(t))', '-o', o], ext: 'html', good: true },
  { args: (o) => ['derive', 'ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5', '-o', o], ext: 'tex', good: true },
  { args: (o) => ['derive', 'exp(sin(t))', '-o', o], ext: 'md', good: true },
  { args: (o) => ['derive', 'exp(sin(t))', '-o', o], ext: 'json', good: true },
  { args: (o) => ['derive', 'sin(x', '-o', o], ext: 'html', good: false },
  { args: (o) => ['derive', 'x^2', '--at', 'y=1', '-o', o], ext: 'tex', good: false },
  { args: (o) => ['derive', 'relu(x)', '--at', 'x=0', '-o', o], ext: 'md', good: true },
  { args: (o) => ['graph', 'ln(x1) + x1*x2 - sin(x2)', '-o', o], ext: 'svg', good: true },
  { args: (o) => ['trace', 'exp(sin(t))', '--at', 't=0.5', '-o', o], ext: 'json', good: true },
  { args: (o) => ['check', 'sin(x^2)', '--batch', 'b.csv', '-o', o], files: { 'b.csv': 'id,target,claim\n=cmd,x,2*x*cos(x^2)\nb,x,cos(x)\n' }, ext: 'csv', good: true },
  { args: (o) => ['handout', 'p.yaml', '-o', o], files: { 'p.yaml': GOOD_YAML }, ext: 'html', good: true },
  { args: (o) => ['handout', 'p.yaml', '-o', o, '--edition', 'student'], files: { 'p.yaml': GOOD_YAML }, ext: 'tex', key: true, good: true },
  { args: (o) => ['handout', 'p.yaml', '-o', o, '--edition', 'student', '--key', '/nonexistent/k.html'], files: { 'p.yaml': GOOD_YAML }, ext: 'html', good: false },
  { args: (o) => ['handout', 'p.yaml', '-o', o, '--edition', 'student', '--key', o], files: { 'p.yaml': GOOD_YAML }, ext: 'html', good: false },
  { args: (o) => ['handout', 'p.yaml', '-o', o], files: { 'p.yaml': `title: ${JSON.stringify(LATEX[0] + HTML[0])}\nproblems:\n  - expression: sin(x\n` }, ext: 'tex', good: false },
];

/** What `-o` names. */
export type TargetKind = 'new' | 'existing' | 'symlink' | 'dangling' | 'fifo' | 'dev-stdout' | 'directory' | 'missing-dir' | 'key-link';

export interface TargetCase extends Case {
  readonly target: TargetKind;
  readonly out: string;
  readonly command: number;
}

export const targetCase: fc.Arbitrary<TargetCase> = fc.record({
  command: fc.nat({ max: COMMANDS.length - 1 }),
  target: fc.constantFrom<TargetKind>('new', 'existing', 'symlink', 'dangling', 'fifo', 'dev-stdout', 'directory', 'missing-dir', 'key-link'),
}).map(({ command, target }) => makeTargetCase(command, target));

/** The case of one command (an index of COMMANDS) writing to one kind of target. */
export function makeTargetCase(command: number, target: TargetKind): TargetCase {
  const cmd = COMMANDS[command]!;
  const out = target === 'dev-stdout' ? '/dev/stdout' : target === 'missing-dir' ? `nodir/out.${cmd.ext}` : target === 'directory' ? 'outdir' : `out.${cmd.ext}`;
  const setup: Setup[] = [];
  if (target === 'existing') setup.push({ kind: 'file', path: out, content: ORIGINAL });
  if (target === 'symlink') setup.push({ kind: 'file', path: `real.${cmd.ext}`, content: ORIGINAL }, { kind: 'symlink', path: out, target: `real.${cmd.ext}` });
  if (target === 'dangling') setup.push({ kind: 'symlink', path: out, target: `missing.${cmd.ext}` });
  if (target === 'fifo') setup.push({ kind: 'fifo', path: out });
  if (target === 'directory') setup.push({ kind: 'dir', path: out });
  if (target === 'key-link' && cmd.key) setup.push({ kind: 'symlink', path: `out-key.${cmd.ext}`, target: out }, { kind: 'file', path: out, content: ORIGINAL });
  if (target === 'key-link' && !cmd.key) setup.push({ kind: 'file', path: out, content: ORIGINAL });
  // Existing key too, when a student edition writes one.
  if (cmd.key && target === 'existing') setup.push({ kind: 'file', path: `out-key.${cmd.ext}`, content: ORIGINAL });
  return { args: cmd.args(out), files: cmd.files ?? {}, setup, origin: `target:${target}:${cmd.args('OUT').join(' ')}`, target, out, command };
}

/** The defects of -o and --key, always run first. */
export const TARGET_REGRESSIONS: readonly TargetCase[] = [
  makeTargetCase(12, 'existing'), // --key /nonexistent/k.html replaced h.html, then exit 2
  makeTargetCase(13, 'new'), // --key naming the -o file
  makeTargetCase(0, 'fifo'), // -o on a FIFO replaced it with a file
  makeTargetCase(0, 'dangling'), // -o on a dangling link replaced the link
  makeTargetCase(1, 'dev-stdout'), // -o /dev/stdout into a pipe: "no such file or directory"
];

function makeSetup(dir: string, setup: readonly Setup[]): void {
  for (const s of setup) {
    const p = join(dir, s.path);
    if (s.kind === 'file') writeFileSync(p, s.content);
    else if (s.kind === 'symlink') symlinkSync(s.target, p);
    else if (s.kind === 'dir') mkdirSync(p, { recursive: true });
    else spawnSync('mkfifo', [p]);
  }
}

interface Entry { readonly type: 'file' | 'link' | 'fifo' | 'dir' | 'other'; readonly content?: string; readonly link?: string }

function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(rel, { type: 'link', link: readlinkSync(p) });
      else if (st.isFIFO()) out.set(rel, { type: 'fifo' });
      else if (st.isDirectory()) {
        out.set(rel, { type: 'dir' });
        walk(p);
      } else if (st.isFile()) out.set(rel, { type: 'file', content: readFileSync(p, 'utf8') });
      else out.set(rel, { type: 'other' });
    }
  };
  walk(dir);
  return out;
}

/** A whole document of its extension. */
function complete(ext: string, s: string): boolean {
  if (s.length === 0) return false;
  if (ext === 'html') return /<\/html>\s*$/.test(s);
  if (ext === 'tex') return /\\end\{document\}\s*$/.test(s);
  if (ext === 'json') {
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  }
  if (ext === 'svg') return /<\/svg>\s*$/.test(s);
  return s.endsWith('\n');
}

/** Runs a target case and judges the directory afterwards. */
export async function runTarget(c: TargetCase, limits: ProcessLimits): Promise<{ outcome: Outcome; failures: Failure[] }> {
  const dir = prepareDir(c);
  try {
    makeSetup(dir, c.setup ?? []);
    const before = snapshot(dir);
    // A reader on the FIFO, so that writing into it never blocks; what it reads is kept.
    let reader: ReturnType<typeof spawn> | undefined;
    const captured = join(dir, '..', `${relative(join(dir, '..'), dir)}.fifo-read`);
    if (c.target === 'fifo') {
      const fd = openSync(captured, 'w');
      reader = spawn('cat', [join(dir, c.out)], { stdio: ['ignore', fd, 'ignore'] });
      closeSync(fd);
    }
    const outcome = await runProcess(c, dir, limits);
    if (reader) {
      // If lagrad never opened the FIFO, the reader still waits: open it for writing once to end it.
      await new Promise((r) => setTimeout(r, 50));
      if (reader.exitCode === null) {
        try {
          closeSync(openSync(join(dir, c.out), 'w'));
        } catch {
          reader.kill('SIGKILL');
        }
      }
      await new Promise((r) => (reader!.exitCode !== null ? r(null) : reader!.on('exit', r)));
    }
    const after = snapshot(dir);
    const failures: Failure[] = [];
    const cmd = COMMANDS[c.command]!;
    const ok = outcome.code === 0 || outcome.code === 1;
    // What a successful run may add: its output (through a link: the link's target) and a key beside it.
    for (const [path, was] of before) {
      const now = after.get(path);
      if (was.type === 'link' && now?.type !== 'link') failures.push({ kind: 'link-replaced', detail: `${path} was a link to ${was.link}, now ${now?.type ?? 'gone'}` });
      else if (was.type === 'fifo' && now?.type !== 'fifo') failures.push({ kind: 'fifo-replaced', detail: `${path} was a FIFO, now ${now?.type ?? 'gone'}` });
      else if (was.type === 'file' && now === undefined) failures.push({ kind: 'file-destroyed', detail: `${path} was removed` });
      else if (was.type === 'file' && now?.type !== 'file') failures.push({ kind: 'file-destroyed', detail: `${path} is now a ${now?.type}` });
      else if (was.type === 'file' && !ok && now?.content !== was.content) failures.push({ kind: 'file-destroyed', detail: `${path} changed on exit ${outcome.code}: ${JSON.stringify((now?.content ?? '').slice(0, 80))}` });
    }
    for (const [path, now] of after) {
      if (before.has(path)) continue;
      if (!ok) failures.push({ kind: 'file-on-error', detail: `exit ${outcome.code} left ${path} (${now.type})` });
      else if (!/^(?:out|real|missing|nodir\/out)(?:-key)?\.\w+$|^nodir$/.test(path)) failures.push({ kind: 'stray-file', detail: `${path} left beside the output` });
    }
    if (ok) {
      // Every regular file written is whole.
      for (const [path, now] of after) {
        const was = before.get(path);
        if (now.type === 'file' && now.content !== was?.content && !complete(cmd.ext, now.content ?? '')) failures.push({ kind: 'half-file', detail: `${path}: ${now.content?.length} chars, ends ${JSON.stringify(now.content?.slice(-60))}` });
      }
      if (c.target === 'fifo') {
        const got = readFileSync(captured, 'utf8');
        if (!complete(cmd.ext, got)) failures.push({ kind: 'fifo-half', detail: `the FIFO's reader got ${got.length} chars` });
      }
      if (c.target === 'dev-stdout' && !complete(cmd.args('OUT')[0] === 'handout' ? 'html' : 'txt', outcome.stdout)) failures.push({ kind: 'dev-stdout', detail: `stdout got ${outcome.stdout.length} chars` });
      // A key named as the output, or a link to it, is a usage error: else one file replaces the other.
      if ((c.target === 'key-link' && cmd.key) || cmd.args('OUT').filter((a) => a === 'OUT').length > 1) failures.push({ kind: 'key-over-output', detail: `exit ${outcome.code}: the key and the output are one file` });
      if (c.target === 'symlink' && (after.get(`real.${cmd.ext}`)?.content ?? ORIGINAL) === ORIGINAL && outcome.code === 0) failures.push({ kind: 'link-not-followed', detail: `the link's target real.${cmd.ext} was not written` });
    } else if (cmd.good && (c.target === 'new' || c.target === 'existing')) {
      failures.push({ kind: `exit-${outcome.code}-good-target`, detail: outcome.stderr.slice(0, 300) });
    }
    if (cmd.good && c.target === 'dev-stdout' && !ok) failures.push({ kind: 'dev-stdout', detail: outcome.stderr.slice(0, 300) });
    return { outcome, failures };
  } finally {
    removeDir(dir);
    removeDir(join(dir, '..', `${relative(join(dir, '..'), dir)}.fifo-read`));
  }
}
