// The command line in-process: exit codes, streams, files, colour.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const EX = 'ln(x1) + x1*x2 - sin(x2)';

describe('derive: bad input exits 2 with one line naming the position, and writes nothing', () => {
  const rows: [string, string][] = [
    ['x1(x2+1)', "1:1: unknown function 'x1'; for a product write x1*(x2+1)"],
    ['sin x', "1:1: 'sin' is a function; write sin(x)"],
    ['2 + cos', "1:5: 'cos' is a function; write cos(…)"],
    ['foo(x) + 1', "1:1: unknown function 'foo'"],
    ['x + sin(x, y)', '1:5: sin takes 1 argument, got 2'],
    ['log()', '1:1: log takes 1 or 2 arguments, got 0'],
    ['x = 3', '1:1: the program has no param to differentiate'],
    ['f(x) = x^2', "1:1: 'f(x)' is not a name"],
    ['x + "s"', '1:5: strings are not allowed'],
    ['2*[1, 2]', '1:3: matrices and vectors are not allowed'],
    ['x + {a: 1}', '1:5: objects are not allowed'],
    ['a.b + 1', '1:2: property access'],
    ['x[1]', '1:2: property access and indexing'],
    ['x ? 1 : 2', '1:3: conditional expressions'],
    ['1:3', '1:2: ranges'],
    ['x mod 2', "1:3: operator 'mod' is not supported"],
    ['x < 2', "1:3: operator '<' is not supported"],
    ["x'", "1:2: transpose (')"],
    ['x .* y', "1:3: elementwise operator '.*'"],
    ['x!', '1:2: factorial'],
    ['1e400 * x', '1:1: the number 1e400 is not finite'],
    ['x + 2e308', '1:5: the number 2e308 is not finite'],
    ['x +', '1:4: unexpected end of expression'],
    ['(x + 1', '1:7: parenthesis ) expected'],
    ['x + 1)', '1:6: unexpected operator )'],
    ['', '1:1: empty expression'],
    ['x\u200b + 1', '1:2: invisible or bidirectional control character U+200B'],
    ['x + \u2066y', '1:5: invisible or bidirectional control character U+2066'],
    ['café', "1:4: character 'é' (U+00E9) is not allowed"],
    ['x $ y', "1:3: '$' is not a valid name"],
    ['x$1 + 2', "1:1: 'x$1' is not a valid name"],
    ['x\u0000', '1:2: control character U+0000'],
    ['a − b', "1:3: character '−' (U+2212) is not allowed"],
    ['Infinity * x', "1:1: the number Infinity is not finite"],
    ['i * x', "1:1: 'i' is reserved"],
    ['x; y', "1:1: expected a statement 'name = expression'"],
    ['x\n+ y +', '2:6: unexpected end of expression'],
    ['7', '1:1: the expression does not depend on any input'],
  ];
  for (const [input, message] of rows) {
    it(JSON.stringify(input), async () => {
      const f = fakeIo();
      expect(await main(['derive', input], f.io)).toBe(2);
      expect(f.stdout()).toBe('');
      expect(f.stderr()).toMatch(/^lagrad: error: [^\n]*\n$/);
      expect(f.stderr()).toContain(`lagrad: error: ${message}`);
    });
  }
});

describe('derive: usage errors exit 2', () => {
  const rows: [string[], string][] = [
    [['derive', 'x^2', '--at', 'y=1'], "--at names 'y'"],
    [['derive', 'x^2', '--at', 'x=1,x=2'], "--at names 'x' twice"],
    [['derive', 'x^2', '--at', 'x=abc'], "--at value of 'x' must be a number"],
    [['derive', 'x^2', '--at', 'x=1e999'], 'not a finite number'],
    [['derive', 'x^2', '--at', 'x'], '--at takes name=value pairs'],
    [['derive', 'x^2', '--wrt', 'q'], "--wrt names 'q'"],
    [['derive', 'x^2', '--const', 'q'], "--const names 'q'"],
    [['derive', 'x^2', '--seed', '1.5'], '--seed takes a whole number'],
    [['derive', 'x^2', '--format', 'pdf'], "lagrad: error: --format takes text, json, latex, html or md, got 'pdf'\n"],
    [['derive', 'x^2', '--bogus'], "unknown option '--bogus'"],
    [['derive'], 'missing input'],
    [['derive', 'x', '--file', 'f.txt'], 'either as an argument or with --file'],
    [['derive', '--file', 'missing.txt'], 'no such file'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ];
  for (const [args, message] of rows) {
    it(args.join(' '), async () => {
      const f = fakeIo();
      expect(await main(args, f.io)).toBe(2);
      expect(f.stdout()).toBe('');
      expect(f.stderr()).toContain(message);
    });
  }
});

describe('derive: results', () => {
  it('reproduces note 003: y = 11.652, ∂y/∂x1 = 5.5, ∂y/∂x2 = 2 − cos 5', async () => {
    const f = fakeIo();
    expect(await main(['derive', EX, '--at', 'x1=2,x2=5', '--format', 'json'], f.io)).toBe(0);
    const doc = JSON.parse(f.stdout());
    expect(doc.value).toBeCloseTo(Math.log(2) + 10 - Math.sin(5), 12);
    expect(doc.gradient.x1.value).toBeCloseTo(5.5, 12);
    expect(doc.gradient.x2.value).toBeCloseTo(2 - Math.cos(5), 12);
    expect(doc.check.ok).toBe(true);
    expect(doc.check.rows.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect(doc.backward.find((b: { node: string }) => b.node === 'z3').text).toBe('mu3 = mu5');
  });

  it('keeps the JSON keys in the contract order', async () => {
    const f = fakeIo();
    await main(['derive', EX, '--at', 'x1=2,x2=5', '--format', 'json'], f.io);
    const doc = JSON.parse(f.stdout());
    expect(Object.keys(doc)).toEqual([
      'schema', 'source', 'inputs', 'constants', 'point', 'value', 'nodes', 'output',
      'lagrangian', 'stationarity', 'forward', 'backward', 'gradient', 'check', 'cost',
    ]);
    // DESIGN.md's optional key for the cost, after the contract's keys (issue "the notes' other views").
    expect(doc.cost).toEqual({ forward: 5, backward: 8, nodes: 7, edges: 8 });
    expect(Object.keys(doc.nodes[2])).toEqual(['id', 'kind', 'op', 'args', 'text', 'latex', 'value']);
    expect(Object.keys(doc.check).slice(0, 3)).toEqual(['ok', 'method', 'rows']);
    expect(Object.keys(doc.check.rows[0])).toEqual(['node', 'mu', 'numeric', 'absError', 'relError', 'ok']);
  });

  it('writes non-finite numbers as strings, never null', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'log(x) * y', '--at', 'x=-1,y=2', '--format', 'json'], f.io)).toBe(1);
    const text = f.stdout();
    expect(text).not.toContain('null,');
    const doc = JSON.parse(text);
    expect(doc.value).toBe('NaN');
    expect(doc.check.ok).toBe(false);
    expect(doc.check.problem.kind).toBe('outside');
  });

  it('exits 1 on a kink and never reports a pass there', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'abs(x - 1) + x', '--at', 'x=1'], f.io)).toBe(1);
    expect(f.stdout()).toContain('is on a kink');
    expect(f.stdout()).not.toContain('all checks pass');
  });

  it('finds a random point inside every domain, the same for the same seed', async () => {
    const a = fakeIo();
    const b = fakeIo();
    expect(await main(['derive', 'log(-x) + sqrt(x + 5)', '--seed', '3', '--format', 'json'], a.io)).toBe(0);
    await main(['derive', 'log(-x) + sqrt(x + 5)', '--seed', '3', '--format', 'json'], b.io);
    expect(a.stdout()).toBe(b.stdout());
    const x = JSON.parse(a.stdout()).point.x;
    expect(x).toBeLessThan(0);
    expect(x).toBeGreaterThan(-5);
  });

  it('gives __proto__ as an ordinary name', async () => {
    const f = fakeIo();
    expect(await main(['derive', '__proto__ * constructor', '--at', '__proto__=2,constructor=3', '--format', 'json'], f.io)).toBe(0);
    const doc = JSON.parse(f.stdout());
    expect(doc.inputs).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyNames(doc.gradient)).toEqual(['__proto__', 'constructor']);
  });

  it('accepts constant expressions in --at', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'sin(x)', '--at', 'x=pi/2', '--format', 'json'], f.io)).toBe(0);
    expect(JSON.parse(f.stdout()).value).toBeCloseTo(1, 15);
  });

  it('reads the input from --file and from stdin', async () => {
    const f = fakeIo({ files: { 'e.txt': 'x^3\n' } });
    expect(await main(['derive', '--file', 'e.txt', '--at', 'x=2', '--format', 'json'], f.io)).toBe(0);
    expect(JSON.parse(f.stdout()).gradient.x.value).toBe(12);
    const g = fakeIo({ stdin: 'x^3' });
    expect(await main(['derive', '-', '--at', 'x=2', '--format', 'json'], g.io)).toBe(0);
    expect(JSON.parse(g.stdout()).gradient.x.value).toBe(12);
  });

  it('writes -o files, choosing the format by extension', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'x^2', '--at', 'x=3', '-o', 'out.json'], f.io)).toBe(0);
    expect(f.stdout()).toBe('');
    expect(JSON.parse(f.files.get('out.json')!).gradient.x.value).toBe(6);
  });

  it('colours only on a TTY and never with NO_COLOR', async () => {
    const tty = fakeIo({ tty: true });
    await main(['derive', 'x^2', '--at', 'x=3'], tty.io);
    expect(tty.stdout()).toContain('\u001b[');
    const noColor = fakeIo({ tty: true, env: { NO_COLOR: '1' } });
    await main(['derive', 'x^2', '--at', 'x=3'], noColor.io);
    expect(noColor.stdout()).not.toContain('\u001b[');
    const pipe = fakeIo();
    await main(['derive', 'x^2', '--at', 'x=3'], pipe.io);
    expect(pipe.stdout()).not.toContain('\u001b[');
  });

  it('prints help and version with exit 0', async () => {
    const f = fakeIo();
    expect(await main(['--version'], f.io)).toBe(0);
    expect(f.stdout().trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = fakeIo();
    expect(await main(['derive', '--help'], h.io)).toBe(0);
    expect(h.stdout()).toContain('--at <point>');
  });
});

describe('atomic writes', () => {
  it('replaces the target whole and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagrad-'));
    const target = join(dir, 'out.txt');
    writeFileSync(target, 'old');
    writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('keeps the old file when the write fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagrad-'));
    expect(() => writeFileAtomic(join(dir, 'missing-dir', 'out.txt'), 'x')).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('regressions from review', () => {
  const json = async (args: string[]) => {
    const f = fakeIo();
    const code = await main([...args, '--format', 'json'], f.io);
    return { code, doc: JSON.parse(f.stdout()) };
  };
  it('checks correct derivatives where central differences cannot resolve them', async () => {
    for (const [expr, at] of [['sin(x)', 'x=1e22'], ['x^65', 'x=-1.5'], ['1/x', 'x=1e-17'], ['sin(1e6*x)', 'x=1'], ['exp(x) - exp(x + 1e-9)', 'x=20'], ['relu(x - 10)', 'x=10.00002'], ['relu(x/1e6)', 'x=5']]) {
      const { code, doc } = await json(['derive', expr!, '--at', at!]);
      expect(code, `${expr} at ${at}`).toBe(0);
      expect(doc.check.ok).toBe(true);
    }
  });
  it('at a kink the gradient is NaN, not a one-sided value', async () => {
    const { code, doc } = await json(['derive', 'relu(x)', '--at', 'x=0']);
    expect(code).toBe(1);
    expect(doc.gradient.x.value).toBe('NaN');
  });
  it('never prints two minus signs in a row', async () => {
    const f = fakeIo();
    await main(['derive', 'x * -(-1/pi)', '--at', 'x=1'], f.io);
    expect(f.stdout()).not.toMatch(/[-−]{2}/);
  });
  it('splits --at at top-level commas only, and refuses values that underflow', async () => {
    const { doc } = await json(['derive', 'x^2', '--at', 'x=log(8, 2)']);
    expect(doc.point.x).toBeCloseTo(3, 12);
    const f = fakeIo();
    expect(await main(['derive', 'x^2', '--at', 'x=1e-400'], f.io)).toBe(2);
    expect(f.stderr()).toContain('underflows to 0');
  });
  it('names the contradiction of --wrt and --const', async () => {
    const f = fakeIo();
    expect(await main(['derive', 'x*y', '--wrt', 'x', '--const', 'x'], f.io)).toBe(2);
    expect(f.stderr()).toContain("--wrt and --const both name 'x'");
  });
  it('reads a file with a byte-order mark and trailing blank lines', async () => {
    const f = fakeIo({ files: { 'e.txt': '\uFEFFx^2\n\n  \n' } });
    expect(await main(['derive', '--file', 'e.txt', '--at', 'x=1'], f.io)).toBe(0);
  });
});

describe('atomic writes keep what the target was', () => {
  it('writes through a symbolic link and keeps the file mode', async () => {
    const { symlinkSync, chmodSync, statSync, lstatSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'lagrad-'));
    const real = join(dir, 'real.txt');
    writeFileSync(real, 'old');
    chmodSync(real, 0o600);
    symlinkSync(real, join(dir, 'link.txt'));
    writeFileAtomic(join(dir, 'link.txt'), 'new');
    expect(lstatSync(join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });
});
