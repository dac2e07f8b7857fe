// The command line against hostile and unusual use (issues 14 and 12): files
// written all or none and never turning a link or a FIFO into a file, control
// characters shown escaped, every error one line in lagrad's form, a leading
// minus read as an expression, a file named by the argument read, and an
// output extension with no format refused.
import { spawn, spawnSync } from 'node:child_process';
import {
  linkSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic, type CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const ROOT = join(import.meta.dirname, '..');
const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagrad-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The real file system, with the streams captured. */
function diskIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s) => void (out += s), isTTY: false },
    stderr: { write: (s) => void (err += s), isTTY: false },
    env: {},
    readStdin: async () => '',
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch (e) {
        throw Object.assign(e as Error, { path });
      }
    },
    writeFile: writeFileAtomic,
    writeFiles: writeFilesAtomic,
  };
  return { io, out: () => out, err: () => err };
}

const PROBLEMS = 'problems:\n  - expression: x^2\n    at: {x: 3}\n';

describe('issue 14: a handout and its key are written both or neither', () => {
  it('a --key in a missing directory leaves the handout as it was, and no temporary file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.yaml'), PROBLEMS);
    writeFileSync(join(dir, 'h.html'), 'old');
    const d = diskIo();
    const code = await main(['handout', join(dir, 'p.yaml'), '-o', join(dir, 'h.html'), '--edition', 'student', '--key', join(dir, 'missing', 'k.html')], d.io);
    expect(code).toBe(2);
    expect(d.err()).toMatch(/^lagrad: error: [^\n]*missing\/k\.html: no such file or directory\n$/);
    expect(readFileSync(join(dir, 'h.html'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['h.html', 'p.yaml']);
  });

  it('a --key that is the -o file through a symbolic link or a hard link is a usage error, and nothing is written', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.yaml'), PROBLEMS);
    writeFileSync(join(dir, 'h.html'), 'old');
    symlinkSync('h.html', join(dir, 'alias.html'));
    linkSync(join(dir, 'h.html'), join(dir, 'hard.html'));
    for (const key of ['alias.html', 'hard.html', './h.html', `../${dir.split('/').pop()}/h.html`]) {
      const d = diskIo();
      const code = await main(['handout', join(dir, 'p.yaml'), '-o', join(dir, 'h.html'), '--edition', 'student', '--key', `${dir}/${key}`], d.io);
      expect(code, key).toBe(2);
      expect(d.err(), key).toMatch(/^lagrad: error: --key \S+ names the same file as -o \S+: give --key another name\n$/);
      expect(readFileSync(join(dir, 'h.html'), 'utf8')).toBe('old');
    }
    expect(readdirSync(dir).sort()).toEqual(['alias.html', 'h.html', 'hard.html', 'p.yaml']);
  });

  it('both files are written when both can be', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.yaml'), PROBLEMS);
    const d = diskIo();
    expect(await main(['handout', join(dir, 'p.yaml'), '-o', join(dir, 'h.md'), '--edition', 'student'], d.io), d.err()).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['h-key.md', 'h.md', 'p.yaml']);
  });

  it('writeFilesAtomic changes no file when one of them cannot be written', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), 'old');
    expect(() => writeFilesAtomic([{ path: join(dir, 'a.txt'), content: 'new' }, { path: join(dir, 'no', 'b.txt'), content: 'new' }])).toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });
});

describe('issue 14: -o writes through links and into FIFOs and devices', () => {
  it('a dangling symbolic link: the file it names is created, the link kept', async () => {
    const dir = tmp();
    symlinkSync('sub/../target.json', join(dir, 'link'));
    const d = diskIo();
    expect(await main(['derive', 'x^2', '--at', 'x=3', '--format', 'json', '-o', join(dir, 'link')], d.io), d.err()).toBe(0);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link'))).toBe('sub/../target.json');
    expect(JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')).gradient.x.value).toBe(6);
  });

  it('a chain of links to an existing file: the file is replaced, every link kept', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.txt'), 'old');
    symlinkSync('real.txt', join(dir, 'one'));
    symlinkSync('one', join(dir, 'two'));
    const d = diskIo();
    expect(await main(['derive', 'x^2', '--at', 'x=3', '-o', join(dir, 'two')], d.io), d.err()).toBe(0);
    expect(lstatSync(join(dir, 'two')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'one')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.txt'), 'utf8')).toContain('∂f/∂x');
  });

  it('a symbolic link loop is an error naming the file, exit 2', async () => {
    const dir = tmp();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    const d = diskIo();
    expect(await main(['derive', 'x^2', '-o', join(dir, 'a')], d.io)).toBe(2);
    expect(d.err()).toMatch(/^lagrad: error: \S+\/a: too many symbolic links/);
  });

  it('a FIFO is written into, and stays a FIFO', async () => {
    const dir = tmp();
    const fifo = join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (c: Buffer) => void (got += c.toString('utf8')));
    const closed = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      const d = diskIo();
      expect(await main(['derive', 'x^2', '--at', 'x=3', '--format', 'json', '-o', fifo], d.io), d.err()).toBe(0);
      expect(statSync(fifo).isFIFO()).toBe(true);
      await closed;
      expect(JSON.parse(got).gradient.x.value).toBe(6);
    } finally {
      reader.kill();
    }
  });

  it('a directory is an error naming it, and nothing is left in it', async () => {
    const dir = tmp();
    const d = diskIo();
    expect(await main(['derive', 'x^2', '-o', dir], d.io)).toBe(2);
    expect(d.err()).toBe(`lagrad: error: ${dir}: is a directory\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  describe('the real binary', () => {
    let bin = '';
    beforeAll(async () => {
      const dir = tmp();
      await build({
        entryPoints: { cli: join(ROOT, 'src', 'cli', 'main.ts') }, outdir: join(dir, 'dist'), bundle: true, platform: 'node', format: 'esm',
        target: 'node20', logLevel: 'error', banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
      });
      bin = join(dir, 'bin.mjs');
      writeFileSync(bin, "import { main } from './dist/cli.js';\nprocess.exitCode = await main(process.argv.slice(2));\n");
    }, 120_000);

    it('-o /dev/stdout into a pipe writes to the pipe', () => {
      const r = spawnSync(process.execPath, [bin, 'derive', 'x^2', '--at', 'x=3', '--format', 'json', '-o', '/dev/stdout'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).gradient.x.value).toBe(6);
    });

    it('-o /dev/stdout through a shell pipe', () => {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" derive 'x^2' --at x=3 -o /dev/stdout | cat`], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('∂f/∂x');
    });
  });
});

describe('issue 14: control characters from the user are shown escaped, in output and in messages', () => {
  const ESC = '\u001b';
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('ids of a batch (CSV report)', async () => {
    const csv = `id,target,claim\n"a${ESC}]0;owned\u0007",x,2*x\nb\u202eq\u009b2J,x,3*x\n`;
    const f = fakeIo({ files: { 'b.csv': csv } });
    expect(await main(['check', 'x^2', '--batch', 'b.csv'], f.io)).toBe(1);
    expect(f.stdout()).not.toMatch(raw);
    expect(f.stdout()).toContain('a\\x1b]0;owned\\x07');
    expect(f.stdout()).toContain('b\\u202eq\\u009b2J');
  });

  it('ids of a batch, with colour on a terminal', async () => {
    const f = fakeIo({ files: { 'b.csv': `id,target,claim\n"${ESC}[1m${ESC}[2J",x,2*x\n` }, tty: true });
    await main(['check', 'x^2', '--batch', 'b.csv', '--color'], f.io);
    expect(f.stdout()).not.toContain(ESC);
    expect(f.stdout()).toContain('\\x1b[1m\\x1b[2J');
  });

  it('the colours of the theme still reach a terminal', async () => {
    const f = fakeIo({ tty: true });
    await main(['derive', 'x^2', '--at', 'x=3'], f.io);
    expect(f.stdout()).toContain(`${ESC}[1m`);
    expect(f.stdout()).not.toContain('\uE000');
  });

  it('a file name in a message', async () => {
    const f = fakeIo();
    expect(await main(['derive', '--file', `a${ESC}]0;owned\u0007${ESC}[2J.txt`], f.io)).toBe(2);
    expect(f.stderr()).toBe('lagrad: error: a\\x1b]0;owned\\x07\\x1b[2J.txt: no such file or directory\n');
  });

  it('a value of --at in a message, its newline too (one line)', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'x^2', '--at', `x=1${ESC}[2J\n3`], f.io)).toBe(2);
    expect(f.stderr()).toMatch(/^lagrad: error: --at value of 'x' is not a number: '1\\x1b\[2J\\n3' [^\n]*\n$/);
  });

  it('a claim and a target in a message', async () => {
    const f = fakeIo();
    expect(await main(['check', 'x^2', '--grad', `x\u202e=2*x`], f.io)).toBe(2);
    expect(f.stderr()).not.toMatch(raw);
    expect(f.stderr()).toContain('x\\u202e');
    expect(f.stderr().split('\n')).toHaveLength(2);
  });

  it('an unknown option, a bad choice and an unknown command', async () => {
    for (const args of [['derive', 'x', `--x${ESC}[2J`], ['derive', 'x', '--format', `${ESC}]0;t\u0007`], [`d${ESC}[2J`]]) {
      const f = fakeIo();
      expect(await main(args, f.io)).toBe(2);
      expect(f.stderr()).not.toMatch(raw);
      expect(f.stderr()).toContain('\\x1b');
    }
  });

  it('a title in a Markdown handout on stdout, a name in a file', async () => {
    const f = fakeIo({ files: { 'p.yaml': `title: "T${ESC}]0;x\\a ${'\u202e'}"\nproblems:\n  - expression: x^2\n` } });
    expect(await main(['handout', 'p.yaml', '--format', 'md'], f.io), f.stderr()).toBe(0);
    expect(f.stdout()).not.toMatch(raw);
    const g = fakeIo({ files: { 'p.yaml': `title: "T${ESC}[2J"\nproblems:\n  - expression: x^2\n` } });
    expect(await main(['handout', 'p.yaml', '-o', 'h.html'], g.io), g.stderr()).toBe(0);
    expect(g.files.get('h.html')).not.toMatch(raw);
    expect(g.files.get('h.html')).toContain('T\\x1b[2J');
  });
});

describe('issue 14: every error is one line in lagrad\'s form, exit 2, nothing on stdout', () => {
  const rows: [string[], string][] = [
    [['derive', 'x', '--forma', 'json'], "unknown option '--forma' (did you mean --format?)"],
    [['derve', 'x'], "unknown command 'derve' (did you mean derive?); the commands are derive, check, graph and handout"],
    [['derive', 'x', '--format', 'pdf'], "--format takes text, json, latex, html or md, got 'pdf'"],
    [['handout', 'p.yaml', '--edition', 'teacher'], "--edition takes full or student, got 'teacher'"],
    [['derive', 'x', '--seed'], '--seed needs a value: --seed <n>'],
    [['derive', 'x', '-o'], '--out needs a value: --out <file>'],
    [['derive', 'x', 'y'], 'lagrad derive takes 1 argument, got 2 (quote an expression that has spaces)'],
    [['handout'], 'missing the argument <problems>'],
    [[], 'missing command: give derive, check, graph or handout (lagrad --help lists them)'],
    [['--bogus'], "unknown option '--bogus'"],
  ];
  for (const [args, message] of rows) {
    it(args.join(' ') || '(no arguments)', async () => {
      const f = fakeIo();
      expect(await main(args, f.io)).toBe(2);
      expect(f.stdout()).toBe('');
      expect(f.stderr()).toBe(`lagrad: error: ${message}\n`);
    });
  }
});

describe('issue 14: a file name with a space, a colon or a quote is quoted in a message, so the position stays readable', () => {
  // Found by the fuzzer (usage-error-form, seed 11): `check --file '"><svg onload=alert(1)>.lag'` said
  // `"><svg onload=alert(1)>.lag: no such file or directory`, where the name's end could not be told.
  it('a file that is not there', async () => {
    const f = fakeIo();
    expect(await main(['check', '--file', '"><svg onload=alert(1)>.lag', '--grad', 'x=1'], f.io)).toBe(2);
    expect(f.stderr()).toBe('lagrad: error: \'"><svg onload=alert(1)>.lag\': no such file or directory\n');
    const g = fakeIo();
    expect(await main(['derive', "it's here.lag"], g.io)).toBe(2);
    expect(g.stderr()).toBe('lagrad: error: "it\'s here.lag": no such file (an argument ending in .lag is read as a file)\n');
  });
  it('a plain name stays as typed', async () => {
    const f = fakeIo();
    expect(await main(['derive', '--file', 'dir/f-1.txt'], f.io)).toBe(2);
    expect(f.stderr()).toBe('lagrad: error: dir/f-1.txt: no such file or directory\n');
  });
  it('a line and column in a problems file, a CSV and a network', async () => {
    const h = fakeIo({ files: { 'my p.yaml': 'problems:\n  - expression: sin(x\n' } });
    expect(await main(['handout', 'my p.yaml'], h.io)).toBe(2);
    expect(h.stderr()).toMatch(/^lagrad: error: 'my p\.yaml':2:\d+: problem 1: /);
    const b = fakeIo({ files: { 'a:b.csv': 'id,claim\n' } });
    expect(await main(['check', 'x^2', '--batch', 'a:b.csv'], b.io)).toBe(2);
    expect(b.stderr()).toBe("lagrad: error: 'a:b.csv':1: the header must be id,target,claim\n");
    const n = fakeIo({ files: { 'my net.yaml': 'input: 2\nlayers: [1]\n' } });
    expect(await main(['derive', 'my net.yaml'], n.io)).toBe(2);
    expect(n.stderr()).toMatch(/^lagrad: error: 'my net\.yaml': /);
  });
});

describe('issue 12: a leading minus is an expression, not an option', () => {
  it('derive "-x^2"', async () => {
    const f = fakeIo();
    expect(await main(['derive', '-x^2', '--at', 'x=-1', '--format', 'json'], f.io), f.stderr()).toBe(0);
    const doc = JSON.parse(f.stdout());
    expect(doc.source).toBe('-x^2');
    expect(doc.gradient.x.value).toBe(2);
  });

  it('check "-x^2" --grad x="-2*x", with the option first or last', async () => {
    for (const args of [['check', '-x^2', '--grad', 'x=-2*x'], ['check', '--grad', 'x=-2*x', '-x^2', '--at', 'x=-1']]) {
      const f = fakeIo();
      expect(await main(args, f.io), f.stderr()).toBe(0);
    }
    const wrong = fakeIo();
    expect(await main(['check', '-x^2', '--grad', 'x=2*x'], wrong.io)).toBe(1);
  });

  it('after --, and as -x, -5*x, -.5*x; graph too', async () => {
    for (const args of [['derive', '--', '-x^2'], ['derive', '-x'], ['derive', '-5*x'], ['derive', '-.5*x', '--no-check'], ['graph', '-x^2'], ['derive', '-o', 'out.txt', '-sin(x)']]) {
      const f = fakeIo();
      expect(await main(args, f.io), `${args.join(' ')}: ${f.stderr()}`).toBe(0);
    }
  });

  it('negative values of options stay values, and unknown long options stay errors', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'x^3', '--at', 'x=-1', '--format', 'json'], f.io)).toBe(0);
    expect(JSON.parse(f.stdout()).point.x).toBe(-1);
    const g = fakeIo();
    expect(await main(['derive', '-x^2', '--seed', '-1'], g.io)).toBe(2);
    expect(g.stderr()).toBe("lagrad: error: --seed takes a whole number from 0 to 4294967295, got -1\n");
    const h = fakeIo();
    expect(await main(['derive', '-x^2', '--bogus'], h.io)).toBe(2);
    expect(h.stderr()).toBe("lagrad: error: unknown option '--bogus'\n");
  });
});

describe('issue 12: an argument naming a file is read as that file', () => {
  const PROGRAM = 'param w[2]\nloss = sum(w .^ 2)\n';
  it('a .lag program and a .txt expression', async () => {
    const f = fakeIo({ files: { 'net.lag': PROGRAM, 'e.txt': '\uFEFFx^3\n\n' } });
    expect(await main(['derive', 'net.lag', '--format', 'json'], f.io), f.stderr()).toBe(0);
    expect(f.stdout()).toContain('"w"');
    const g = fakeIo({ files: { 'e.txt': 'x^3\n' } });
    expect(await main(['derive', 'e.txt', '--at', 'x=2', '--format', 'json'], g.io), g.stderr()).toBe(0);
    expect(JSON.parse(g.stdout()).gradient.x.value).toBe(12);
  });

  it('check and graph read it too', async () => {
    const f = fakeIo({ files: { 'e.lag': 'x^3' } });
    expect(await main(['check', 'e.lag', '--grad', 'x=3*x^2'], f.io), f.stderr()).toBe(0);
    const g = fakeIo({ files: { 'e.lag': 'x^3' } });
    expect(await main(['graph', 'e.lag', '--format', 'dot'], g.io), g.stderr()).toBe(0);
    expect(g.stdout()).toContain('digraph');
  });

  it('an existing file with another extension', async () => {
    const f = fakeIo({ files: { 'dir/e.expr': 'x^3' } });
    expect(await main(['derive', 'dir/e.expr', '--at', 'x=2', '--format', 'json'], f.io), f.stderr()).toBe(0);
    expect(JSON.parse(f.stdout()).source).toBe('x^3');
  });

  it('a missing .lag file is an error saying so; a missing other extension is an expression', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'net.lag'], f.io)).toBe(2);
    expect(f.stderr()).toBe('lagrad: error: net.lag: no such file (an argument ending in .lag is read as a file)\n');
    const g = fakeIo();
    expect(await main(['derive', 'a.b + 1'], g.io)).toBe(2);
    expect(g.stderr()).toContain('1:2: property access');
    const h = fakeIo();
    expect(await main(['derive', '1.e5*x', '--at', 'x=1', '--format', 'json'], h.io), h.stderr()).toBe(0);
  });
});

describe('issue 12: the extension of -o chooses the format, and one with no format is refused', () => {
  it('derive -o out.pdf and graph -o g.png: exit 2, naming the formats, nothing written', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'x^2', '-o', 'out.pdf'], f.io)).toBe(2);
    expect(f.stderr()).toBe('lagrad: error: -o out.pdf: no format writes .pdf files; use .json, .tex, .html, .htm, .md or .txt, or name the format with --format\n');
    expect(f.files.size).toBe(0);
    const g = fakeIo();
    expect(await main(['graph', 'x^2', '-o', 'g.png'], g.io)).toBe(2);
    expect(g.stderr()).toBe('lagrad: error: -o g.png: no format writes .png files; use .dot, .gv, .mmd, .mermaid, .svg or .txt, or name the format with --format\n');
    expect(g.files.size).toBe(0);
    const h = fakeIo();
    expect(await main(['derive', 'x^2', '-o', 'g.svg'], h.io)).toBe(2);
    const c = fakeIo();
    expect(await main(['check', 'x^2', '--grad', 'x=2*x', '-o', 'r.pdf'], c.io)).toBe(2);
  });

  it('each known extension selects its format', async () => {
    const cases: [string[], string, RegExp][] = [
      [['derive', 'x^2'], 'o.tex', /\\documentclass/],
      [['derive', 'x^2'], 'o.html', /^<!DOCTYPE html>/i],
      [['derive', 'x^2'], 'o.md', /^# /m],
      [['derive', 'x^2'], 'o.json', /"schema": "lagrad\/derivation@1"/],
      [['derive', 'x^2'], 'o.txt', /^f = x\^2/],
      [['derive', 'x^2'], 'noext', /^f = x\^2/],
      [['graph', 'x^2'], 'g.svg', /^<svg/],
      [['graph', 'x^2'], 'g.dot', /^digraph/],
      [['graph', 'x^2'], 'g.mmd', /^(flowchart|graph) /],
      [['graph', 'x^2'], 'g.txt', /z₁/],
    ];
    for (const [args, out, pattern] of cases) {
      const f = fakeIo();
      expect(await main([...args, '-o', out], f.io), `${out}: ${f.stderr()}`).toBe(0);
      expect(f.files.get(out), out).toMatch(pattern);
    }
  });

  it('--format wins over any extension; a batch report may be a .csv', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'x^2', '-o', 'out.pdf', '--format', 'latex'], f.io)).toBe(0);
    expect(f.files.get('out.pdf')).toMatch(/\\documentclass/);
    const g = fakeIo({ files: { 'b.csv': 'id,target,claim\ns1,x,2*x\n' } });
    expect(await main(['check', 'x^2', '--batch', 'b.csv', '-o', 'r.csv'], g.io), g.stderr()).toBe(0);
    expect(g.files.get('r.csv')).toMatch(/^id,target,ok/);
  });
});
