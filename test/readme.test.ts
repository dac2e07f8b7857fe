// The README's examples are run by this test, and their real output is
// compared with what the README shows.
//
// An example is a fenced block that shows output, with its command either
//   - inside the block, as `$ lagrad …` lines, each followed by its output up
//     to the next `$ ` line (a few shell forms are implemented here, not by a
//     shell: `a; b`, `| head -N`, `< FILE` (stdin), and `$ cat FILE`, which defines FILE for the
//     examples instead of being run), or
//   - in the paragraph just before the block, which ends with a colon and
//     holds one command in backticks (`lagrad derive …`: or `lagrad …` exits 1:),
//     or only options (`--format latex`), which then replace the same options
//     of the previous example's command. Such a block is the whole output or
//     whole sections of it: its lines must appear contiguously in the real
//     output, beginning at its start or after a blank line and ending at its
//     end or before a blank line.
// A `$` block is the command's whole output. A line `…` in a block stands for
// lines left out, the rest must appear in order; a line ending in `…` stands
// for any line that begins with the text before it. What a command prints is
// its stdout (after `head`) followed by its stderr, as a terminal shows them;
// where a paragraph says `lagrad …` exits N, the exit code is checked too.
//
// Files the examples read come from the README where it shows them (`$ cat
// FILE`, or a yaml block after a paragraph whose command reads that file),
// else from examples/, where every file the README uses ships (those it shows
// too, byte for byte: `LAGRAD_README_FILES=1` writes them there). Every fenced block is accounted for: an example, a
// file, or a kind that shows no output (NOT_OUTPUT), so a new block of output
// without a command fails here instead of going unchecked.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const README = join(import.meta.dirname, '..', 'README.md');
const FIXTURES = join(import.meta.dirname, '..', 'examples');

/**
 * Examples not compared, keyed by their command text exactly as the README
 * writes it, each with the reason. Keep this short: the point is that the
 * examples are checked. (The Performance section's timings are quoted inline,
 * not as examples in blocks, so nothing of it is extracted; an example whose
 * output holds timings belongs here.) Every entry must match an example.
 */
const SKIP = new Map<string, string>([]);

/** Fenced blocks that show no output, by info string, and why. */
const NOT_OUTPUT = new Map<string, string>([
  ['sh', 'shell commands to install and test, not lagrad output'],
  ['js', 'library usage, not CLI output'],
  ['yaml', 'a file: read by the example that names it, else a format illustration'],
]);

interface Block {
  readonly info: string;
  /** 1-based README line of the first content line. */
  readonly line: number;
  readonly lines: readonly string[];
  /** The paragraph just before the block (joined), or '' if none. */
  readonly paragraph: string;
}

interface Example {
  /** The command as the README writes it. */
  readonly command: string;
  /** README line of the command (or of the block, for a command in prose). */
  readonly line: number;
  /** README line of the first expected line. */
  readonly firstLine: number;
  readonly expected: readonly string[];
  /** whole: the block is the whole output (`$` form); section: its lines appear contiguously. */
  readonly mode: 'whole' | 'section';
  readonly exit?: number;
  /** A file the command must write (a yaml file shown, then the command that writes a document of it). */
  readonly writes?: string;
}

function readBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    let j = i + 1;
    while (j < lines.length && lines[j].trimEnd() !== fence) j++;
    if (j === lines.length) throw new Error(`README.md:${i + 1}: unclosed code block`);
    // The paragraph before: the non-blank lines ending just above the fence (blank lines skipped).
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const end = k;
    while (k >= 0 && lines[k].trim() !== '' && !lines[k].startsWith('```')) k--;
    const paragraph = end >= 0 && !lines[end].startsWith('```') ? lines.slice(k + 1, end + 1).join(' ') : '';
    blocks.push({ info: open[2], line: i + 2, lines: lines.slice(i + 1, j), paragraph });
    i = j;
  }
  return blocks;
}

// ---- the few shell forms the examples use ----

type Token = { word: string } | { op: ';' | '|' | '<' };

/** Splits a command line into words (with "…" and '…' quoting) and the operators ; and |. */
function tokenize(command: string): Token[] {
  const tokens: Token[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === ' ' || c === '\t') {
      if (word !== undefined) tokens.push({ word });
      word = undefined;
    } else if (c === ';' || c === '|' || c === '<') {
      if (word !== undefined) tokens.push({ word });
      word = undefined;
      tokens.push({ op: c });
    } else if (c === '"') {
      word ??= '';
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === '\\' && /["\\$`]/.test(command[i + 1] ?? '')) i++;
        else if (command[i] === '$' || command[i] === '`') throw new Error(`unsupported shell form (expansion) in: ${command}`);
        word += command[i];
      }
      if (i === command.length) throw new Error(`unclosed " in: ${command}`);
    } else if (c === "'") {
      word ??= '';
      const close = command.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${command}`);
      word += command.slice(i + 1, close);
      i = close;
    } else if (/[>&$`\\]/.test(c)) {
      throw new Error(`unsupported shell form '${c}' in: ${command}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) tokens.push({ word });
  return tokens;
}

interface Step {
  readonly args: readonly string[];
  /** `| head -N`: keep the first N lines of stdout. */
  readonly head?: number;
  /** `< FILE`: stdin from a file the README shows or examples/ holds. */
  readonly stdin?: string;
}

/** `a; b | head -N`: a list of lagrad invocations, each optionally piped to head. */
function parseCommandLine(command: string): Step[] {
  const steps: Step[] = [];
  let words: string[] = [];
  let head: number | undefined;
  let stdin: string | undefined;
  let redirect = false;
  let afterPipe = false;
  const finish = () => {
    if (words.length === 0) throw new Error(`empty command in: ${command}`);
    if (afterPipe) {
      const m = words.length === 2 && words[0] === 'head' ? /^-(\d+)$/.exec(words[1]) : null;
      if (!m) throw new Error(`only '| head -N' is supported after a pipe, in: ${command}`);
      head = Number(m[1]);
    } else {
      steps.push({ args: words, ...(stdin === undefined ? {} : { stdin }) });
    }
    words = [];
    stdin = undefined;
  };
  for (const t of tokenize(command)) {
    if ('word' in t && redirect) {
      stdin = t.word;
      redirect = false;
    } else if ('word' in t) words.push(t.word);
    else if (t.op === '<') {
      if (afterPipe || stdin !== undefined) throw new Error(`'<' only before a pipe, once, in: ${command}`);
      redirect = true;
    } else if (t.op === '|') {
      if (afterPipe) throw new Error(`only one pipe is supported, in: ${command}`);
      finish();
      afterPipe = true;
    } else {
      finish();
      if (head !== undefined) steps[steps.length - 1] = { ...steps[steps.length - 1], head };
      head = undefined;
      afterPipe = false;
    }
  }
  finish();
  if (head !== undefined) steps[steps.length - 1] = { ...steps[steps.length - 1], head };
  for (const s of steps) {
    if (s.args[0] !== 'lagrad') throw new Error(`not a lagrad command: ${s.args.join(' ')} (in: ${command})`);
  }
  return steps.map((s) => ({ ...s, args: s.args.slice(1) }));
}

/** Replaces each option of `options` (`--format latex`) in `args`, or appends it. */
function withOptions(args: readonly string[], options: readonly string[]): string[] {
  const out = [...args];
  for (let i = 0; i < options.length; i++) {
    const name = options[i];
    const value = options[i + 1] !== undefined && !options[i + 1].startsWith('-') ? options[++i] : undefined;
    const at = out.indexOf(name);
    const replacement = value === undefined ? [name] : [name, value];
    if (at < 0) out.push(...replacement);
    else out.splice(at, value === undefined ? 1 : 2, ...replacement);
  }
  return out;
}

function quote(word: string): string {
  return /^[\w./=,+:-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

// ---- extraction ----

interface Extracted {
  readonly examples: Example[];
  readonly files: Map<string, string>;
  /** Blocks that look like output but have no command. */
  readonly orphans: { line: number; first: string }[];
}

function dropTrailingBlanks(lines: readonly string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  return out;
}

function extract(text: string): Extracted {
  const examples: Example[] = [];
  const files = new Map<string, string>();
  const orphans: Extracted['orphans'] = [];
  let previous: string[] | undefined; // the last example's words, for `--option` paragraphs
  const defineFile = (name: string, content: string, line: number) => {
    if (files.has(name) && files.get(name) !== content) throw new Error(`README.md:${line}: ${name} is shown twice, differently`);
    files.set(name, content);
  };
  for (const block of readBlocks(text)) {
    if (block.lines[0]?.startsWith('$ ')) {
      // `$ command` lines, each followed by its output.
      for (let i = 0; i < block.lines.length; ) {
        const command = block.lines[i].slice(2);
        const line = block.line + i;
        let j = i + 1;
        while (j < block.lines.length && !block.lines[j].startsWith('$ ')) j++;
        const output = dropTrailingBlanks(block.lines.slice(i + 1, j));
        const cat = /^cat (\S+)$/.exec(command);
        if (cat) defineFile(cat[1], output.map((l) => `${l}\n`).join(''), line);
        else {
          examples.push({ command, line, firstLine: line + 1, expected: output, mode: 'whole' });
          previous = ['lagrad', ...parseCommandLine(command)[0].args];
        }
        i = j;
      }
      continue;
    }
    const spans = [...block.paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const commands = spans.filter((s) => s.startsWith('lagrad '));
    const introduces = block.paragraph.trimEnd().endsWith(':');
    if (block.info === 'yaml') {
      // A file the paragraph's command reads (`lagrad handout problems.yaml -o handout.html`): run it.
      const reads = introduces && commands.length === 1 ? parseCommandLine(commands[0])[0].args.find((a) => /\.ya?ml$/.test(a)) : undefined;
      if (reads !== undefined) {
        defineFile(reads, block.lines.map((l) => `${l}\n`).join(''), block.line);
        const args = parseCommandLine(commands[0])[0].args;
        const o = args.findIndex((a) => a === '-o' || a === '--out');
        const out = o >= 0 ? args[o + 1] : undefined;
        examples.push({ command: commands[0], line: block.line - 1, firstLine: block.line, expected: [], mode: 'whole', exit: 0, writes: out });
      }
      continue; // else a format illustration (NOT_OUTPUT)
    }
    if (NOT_OUTPUT.has(block.info)) continue;
    const options = spans.filter((s) => s.startsWith('--'));
    let command: string | undefined;
    if (introduces && commands.length === 1) command = commands[0];
    else if (introduces && commands.length === 0 && options.length === 1 && previous) {
      command = withOptions(previous, parseCommandLine(`lagrad ${options[0]}`)[0].args).map(quote).join(' ');
    }
    if (command === undefined) {
      orphans.push({ line: block.line, first: block.lines[0] ?? '' });
      continue;
    }
    // `lagrad …` exits 1: the exit code is part of the example.
    const after = block.paragraph.slice(block.paragraph.indexOf(`\`${command}\``) + command.length + 2);
    const exits = /^\s*exits (\d)\b/.exec(after);
    examples.push({
      command,
      line: block.line - 1,
      firstLine: block.line,
      expected: dropTrailingBlanks(block.lines),
      mode: 'section',
      exit: exits ? Number(exits[1]) : undefined,
    });
    previous = ['lagrad', ...parseCommandLine(command)[0].args];
  }
  return { examples, files, orphans };
}

// ---- running and comparing ----

function fixtures(): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(FIXTURES)) return files;
  for (const name of readdirSync(FIXTURES).sort()) files.set(name, readFileSync(join(FIXTURES, name), 'utf8'));
  return files;
}

interface Run {
  readonly output: string[];
  readonly exit: number[];
  readonly stdout: string;
  readonly written: Map<string, string>;
}

async function run(command: string, files: Map<string, string>): Promise<Run> {
  let text = '';
  let stdoutAll = '';
  const exit: number[] = [];
  const written = new Map<string, string>();
  for (const step of parseCommandLine(command)) {
    if (step.stdin !== undefined && !files.has(step.stdin)) throw new Error(`< ${step.stdin}: no such file in the README or examples/`);
    const f = fakeIo({ files: Object.fromEntries(files), ...(step.stdin === undefined ? {} : { stdin: files.get(step.stdin)! }) });
    exit.push(await main(step.args, f.io));
    let out = f.stdout();
    if (step.head !== undefined) {
      const lines = out.split('\n');
      out = lines.slice(0, step.head).join('\n') + (lines.length > step.head ? '\n' : '');
    }
    stdoutAll += out;
    text += out + f.stderr();
    for (const [name, content] of f.files) if (files.get(name) !== content) written.set(name, content);
  }
  return { output: dropTrailingBlanks(text.split('\n')), exit, stdout: stdoutAll, written };
}

/** Splits expected lines at `…` lines into chunks. */
function chunks(expected: readonly string[]): { lines: string[]; offset: number }[] {
  const out: { lines: string[]; offset: number }[] = [];
  let current: { lines: string[]; offset: number } = { lines: [], offset: 0 };
  expected.forEach((l, i) => {
    if (l.trim() === '…') {
      if (current.lines.length > 0) out.push(current);
      current = { lines: [], offset: i + 1 };
    } else current.lines.push(l);
  });
  if (current.lines.length > 0) out.push(current);
  return out;
}

/** A README line matches the same line, or, ending in `…`, any line that begins with what comes before it. */
function lineMatches(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (expected === actual) return true;
  return expected.length > 1 && expected.endsWith('…') && actual.startsWith(expected.slice(0, -1));
}

function matchesAt(actual: readonly string[], lines: readonly string[], at: number): boolean {
  if (at + lines.length > actual.length) return false;
  return lines.every((l, k) => lineMatches(l, actual[at + k]));
}

/**
 * For the diff: the position from `from` where the most leading lines of
 * `lines` match, then the longest common beginning of the first line that differs.
 */
function bestAttempt(actual: readonly string[], lines: readonly string[], from: number): number {
  let best = from;
  let bestScore = [-1, -1];
  for (let at = from; at < Math.max(from + 1, actual.length); at++) {
    let n = 0;
    while (n < lines.length && lineMatches(lines[n], actual[at + n])) n++;
    const a = actual[at + n] ?? '';
    const b = lines[n] ?? '';
    let c = 0;
    while (c < a.length && a[c] === b[c]) c++;
    if (n > bestScore[0] || (n === bestScore[0] && c > bestScore[1])) [best, bestScore] = [at, [n, c]];
  }
  return best;
}

function show(s: string | undefined): string {
  return s === undefined ? '(end of output)' : JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"');
}

/**
 * undefined if the output matches, else a readable account of the first
 * difference. A `whole` block is the whole output (but for `…` at its start
 * or end); a `section` block is one or more whole sections of it: it begins
 * at the output's start or after a blank line, and ends at its end or before
 * a blank line.
 */
function compare(example: Example, actual: readonly string[]): string | undefined {
  const parts = chunks(example.expected);
  const section = example.mode === 'section';
  const elidedStart = example.expected[0]?.trim() === '…';
  const elidedEnd = example.expected[example.expected.length - 1]?.trim() === '…';
  if (parts.length === 0) return actual.length === 0 ? undefined : `expected no output, got:\n${actual.slice(0, 10).join('\n')}`;
  let from = 0;
  for (let c = 0; c < parts.length; c++) {
    const { lines, offset } = parts[c];
    const first = c === 0;
    const last = c === parts.length - 1;
    const startOk = (p: number) =>
      !first || elidedStart || (section ? p === 0 || actual[p - 1] === '' : p === 0);
    const endOk = (p: number) =>
      !last || elidedEnd || (section ? p + lines.length === actual.length || actual[p + lines.length] === '' : p + lines.length === actual.length);
    const anchored = first && !elidedStart && !section;
    const candidates: number[] = [];
    for (let p = anchored ? 0 : from; p < (anchored ? 1 : actual.length); p++) if (matchesAt(actual, lines, p)) candidates.push(p);
    const at = candidates.find((p) => startOk(p) && endOk(p));
    if (at !== undefined) {
      from = at + lines.length;
      continue;
    }
    if (candidates.length > 0) {
      const p = candidates[0];
      if (!startOk(p)) return `the README's block begins in the middle of the output (after output line ${p}: ${show(actual[p - 1])})`;
      const extra = actual.slice(p + lines.length, p + lines.length + 5);
      return `the README's block ends, but the output goes on at its line ${p + lines.length + 1}:\n${extra.map((l) => `  actual: ${show(l)}`).join('\n')}`;
    }
    const start = anchored ? 0 : bestAttempt(actual, lines, from);
    let k = 0;
    while (k < lines.length && lineMatches(lines[k], actual[start + k])) k++;
    const context = actual.slice(Math.max(0, start + k - 3), start + k + 4);
    return [
      `first difference at README.md:${example.firstLine + offset + k} (output line ${start + k + 1}${anchored ? '' : ', best match of this part'}):`,
      `  README: ${show(lines[k])}`,
      `  actual: ${show(actual[start + k])}`,
      `real output around it:`,
      ...context.map((l) => `  | ${l}`),
    ].join('\n');
  }
  return undefined;
}

// ---- the tests ----

const text = readFileSync(README, 'utf8');
const extracted = extract(text);
const readmeFiles = extracted.files;
const fixtureFiles = fixtures();
const files = new Map([...fixtureFiles, ...readmeFiles]);

describe('README examples', () => {
  it('are found, and every block of output has a command', () => {
    expect(extracted.examples.length).toBeGreaterThanOrEqual(20);
    expect(extracted.orphans, 'blocks that show output but name no command').toEqual([]);
    const skipped = new Set(extracted.examples.map((e) => e.command).filter((c) => SKIP.has(c)));
    expect([...SKIP.keys()].filter((c) => !skipped.has(c)), 'SKIP entries that match no example').toEqual([]);
  });

  it('use files that all ship in examples/, those the README shows as it shows them', () => {
    if (process.env.LAGRAD_README_FILES) for (const [name, content] of readmeFiles) writeFileSync(join(FIXTURES, name), content);
    const shown = [...readmeFiles].filter(([name, content]) => fixtures().get(name) !== content).map(([name]) => name);
    expect(shown, 'files the README shows that examples/ lacks or holds differently (LAGRAD_README_FILES=1 writes them)').toEqual([]);
  });

  for (const example of extracted.examples) {
    const title = `README.md:${example.line} ${example.command}`;
    const skip = SKIP.get(example.command);
    if (skip !== undefined) {
      it.skip(`${title} (${skip})`, () => {});
      continue;
    }
    it(title, async () => {
      const result = await run(example.command, files);
      const dump = process.env.LAGRAD_README_ACTUAL;
      if (dump) {
        // For regenerating the README: each example's real output, named by its README line.
        mkdirSync(dump, { recursive: true });
        writeFileSync(join(dump, `${example.line}.txt`), `$ ${example.command}\n${result.output.join('\n')}\n`);
      }
      const difference = compare(example, result.output);
      if (difference !== undefined) expect.fail(`README.md:${example.line}: \`${example.command}\`\n${difference}`);
      if (example.exit !== undefined) expect(result.exit.at(-1), 'exit code').toBe(example.exit);
      if (example.writes !== undefined) expect([...result.written.keys()], 'files written').toContain(example.writes);
      // An example that shows only errors: as the README says, exit 2 and nothing on stdout.
      if (example.expected.length > 0 && example.expected.every((l) => l.startsWith('lagrad: error: '))) {
        expect(result.stdout, 'stdout of an error').toBe('');
        expect(result.exit.every((c) => c === 2), `exit codes ${result.exit.join(', ')}`).toBe(true);
      }
    });
  }
});

describe('the shell forms the README uses', () => {
  it('splits on ; outside quotes and applies head', () => {
    expect(parseCommandLine(`lagrad derive "a; b"; lagrad graph x --format dot | head -7`)).toEqual([
      { args: ['derive', 'a; b'] },
      { args: ['graph', 'x', '--format', 'dot'], head: 7 },
    ]);
    expect(parseCommandLine(`lagrad check --grad W="2*(yhat - y)*z'" x`)).toEqual([{ args: ['check', '--grad', "W=2*(yhat - y)*z'", 'x'] }]);
    expect(() => parseCommandLine('lagrad derive x > out.txt')).toThrow(/unsupported/);
    expect(() => parseCommandLine('lagrad derive x | wc -l')).toThrow(/head/);
  });

  it('replaces an option of the previous command', () => {
    expect(withOptions(['lagrad', 'derive', 'x', '--format', 'md'], ['--format', 'latex'])).toEqual(['lagrad', 'derive', 'x', '--format', 'latex']);
  });

  it('compares whole blocks, sections and elisions, and reports the first difference', () => {
    const ex = (expected: string[], mode: Example['mode']): Example => ({ command: 'c', line: 1, firstLine: 2, expected, mode });
    expect(compare(ex(['a', 'b'], 'whole'), ['a', 'b'])).toBeUndefined();
    expect(compare(ex(['a', 'b'], 'whole'), ['a', 'b', 'c'])).toMatch(/goes on/);
    expect(compare(ex(['a', 'x'], 'whole'), ['a', 'b'])).toMatch(/README\.md:3[\s\S]*README: x[\s\S]*actual: b/);
    expect(compare(ex(['…', 'c', '…', 'e'], 'whole'), ['a', 'b', 'c', 'd', 'e'])).toBeUndefined();
    expect(compare(ex(['…', 'c', '…', 'd'], 'whole'), ['a', 'b', 'c', 'd', 'e'])).toMatch(/goes on/);
    expect(compare(ex(['b', 'c'], 'section'), ['a', '', 'b', 'c', '', 'd'])).toBeUndefined();
    expect(compare(ex(['b', 'd'], 'section'), ['a', '', 'b', 'c', '', 'd'])).toMatch(/README: d/);
    expect(compare(ex(['c', 'd'], 'section'), ['a', '', 'c', 'd', '', 'e'])).toBeUndefined();
    expect(compare(ex(['c'], 'section'), ['a', '', 'c', 'd'])).toMatch(/goes on/);
    expect(compare(ex(['d'], 'section'), ['a', '', 'c', 'd'])).toMatch(/middle/);
    expect(compare(ex(['x = [1, 2…'], 'whole'), ['x = [1, 2, 3]'])).toBeUndefined();
    expect(compare(ex(['x = [1, 3…'], 'whole'), ['x = [1, 2, 3]'])).toMatch(/README: x = \[1, 3…/);
  });
});
