// `lagrad graph --format dot|mermaid`: what a user typed (names, Greek, a
// transpose's quote, shapes in brackets) lands in labels only, escaped, and
// cannot break out of a label or add a statement. Every output is read back
// with a strict grammar of the lines lagrad writes (render/graph-formats.ts),
// each label decoded as Graphviz and Mermaid read it; then fast-check tries
// arbitrary names the parser accepts, in expressions and programs, with and
// without a point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { escapeDot, escapeMermaid } from '../src/render/escape.js';
import { fakeIo } from './helpers/fake-io.js';

interface Read {
  readonly nodes: Map<string, string>;
  readonly edges: { from: string; to: string; label: string }[];
}

/** A DOT quoted string's text as Graphviz reads it: \" and \\ are the characters, \n a line break. */
function dotText(s: string): string {
  return s.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch));
}

const DOT_STRING = String.raw`"((?:[^"\\\n]|\\[\\"n])*)"`;
const DOT_NODE = new RegExp(String.raw`^  (z\d+) \[label=${DOT_STRING}, fillcolor="#[0-9a-f]{6}"(?:, penwidth=2)?\];$`);
const DOT_EDGE = new RegExp(String.raw`^  (z\d+) -> (z\d+) \[label=${DOT_STRING}\];$`);
const DOT_HEAD = [
  'digraph lagrad {',
  '  rankdir=LR;',
  '  node [shape=box, style="rounded,filled", fontname="Times-Roman", fontsize=12];',
  '  edge [fontname="Times-Roman", fontsize=10, fontcolor="#8a3b12"];',
];

/** The DOT lagrad writes, line by line: its head, then nodes and edges of exactly one form each, then `}`. */
function readDot(out: string): Read {
  const lines = out.split('\n');
  expect(lines.slice(0, 4)).toEqual(DOT_HEAD);
  expect(lines.slice(-2)).toEqual(['}', '']);
  const r: Read = { nodes: new Map(), edges: [] };
  for (const line of lines.slice(4, -2)) {
    const n = DOT_NODE.exec(line);
    const e = DOT_EDGE.exec(line);
    if (n) r.nodes.set(n[1]!, dotText(n[2]!));
    else if (e) r.edges.push({ from: e[1]!, to: e[2]!, label: dotText(e[3]!) });
    else throw new Error(`a DOT line lagrad does not write: ${JSON.stringify(line)}`);
  }
  for (const e of r.edges) expect(r.nodes.has(e.from) && r.nodes.has(e.to), `edge ${e.from} -> ${e.to}`).toBe(true);
  return r;
}

/** A Mermaid label: no quote, no markup but lagrad's <br/>, # only in #code; entities, no backtick (a Markdown string). */
const MERMAID_LABEL = String.raw`"((?:[^"<>#&\x60\n]|<br/>|#\d+;)*)"`;
const MERMAID_NODE = new RegExp(String.raw`^  (z\d+)\[${MERMAID_LABEL}\]$`);
const MERMAID_EDGE = new RegExp(String.raw`^  (z\d+) -->\|${MERMAID_LABEL}\| (z\d+)$`);
const MERMAID_CLASS = /^ {2}(?:classDef input fill:#eaf2fb,stroke:#3b6ea5|classDef output fill:#fdf1e4,stroke:#b3641b,stroke-width:2px|class z\d+(?:,z\d+)* input|class z\d+ output)$/;

/** A Mermaid label's text as Mermaid shows it: #code; as its character, <br/> a line break. */
function mermaidText(s: string): string {
  return s.replace(/<br\/>/g, '\n').replace(/#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)));
}

function readMermaid(out: string): Read {
  const lines = out.split('\n');
  expect(lines[0]).toBe('flowchart LR');
  expect(lines[lines.length - 1]).toBe('');
  const r: Read = { nodes: new Map(), edges: [] };
  for (const line of lines.slice(1, -1)) {
    const n = MERMAID_NODE.exec(line);
    const e = MERMAID_EDGE.exec(line);
    if (n) r.nodes.set(n[1]!, mermaidText(n[2]!));
    else if (e) r.edges.push({ from: e[1]!, to: e[3]!, label: mermaidText(e[2]!) });
    else if (!MERMAID_CLASS.test(line)) throw new Error(`a Mermaid line lagrad does not write: ${JSON.stringify(line)}`);
  }
  for (const e of r.edges) expect(r.nodes.has(e.from) && r.nodes.has(e.to), `edge ${e.from} --> ${e.to}`).toBe(true);
  return r;
}

async function graph(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const f = fakeIo();
  const code = await main(['graph', ...args], f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

/** Both formats of one input, read back; the same nodes, edges and labels in each. */
async function both(input: string, ...options: string[]): Promise<Read> {
  const dot = await graph([input, '--format', 'dot', ...options]);
  const mermaid = await graph([input, '--format', 'mermaid', ...options]);
  expect(dot.code, dot.err).toBe(0);
  expect(mermaid.code, mermaid.err).toBe(0);
  const d = readDot(dot.out);
  const m = readMermaid(mermaid.out);
  expect(m.nodes).toEqual(d.nodes);
  expect(m.edges).toEqual(d.edges);
  return d;
}

/** What of a name a label shows as typed: its letters before a digit or _ (x1 prints as x₁, x_1 may be subscripted). */
const stem = (name: string): string => /^[^0-9_]*/u.exec(name)![0];

const labels = (r: Read): string => [...r.nodes.values(), ...r.edges.map((e) => e.label)].join('\n');

describe('graph labels: the escapes alone', () => {
  const HOSTILE = ['a"b', 'a\\b', '"]; x [label="pwned', '#', '#quot;', '#34;', ';', 'a; b', '-->', 'x --> y', '|', '|"x"|', '[', ']', '(', ')', '{', '}', '<b>x</b>', '<br/>', '&amp;', '`md`', '```', 'θ Σ ς', "W'", 'end', 'click z1 call alert(1)', 'a\nb', 'a\rb', '\u2028', '\\n', '\\"'];
  for (const s of HOSTILE) {
    it(`DOT ${JSON.stringify(s)}: one quoted string that reads back as typed`, () => {
      const q = `"${escapeDot(s)}"`;
      expect(q).toMatch(new RegExp(`^${DOT_STRING}$`));
      expect(dotText(q.slice(1, -1))).toBe(s.replace(/[\n\r\u2028]/g, ' '));
    });
    it(`Mermaid ${JSON.stringify(s)}: one label that reads back as typed`, () => {
      const q = `"${escapeMermaid(s)}"`;
      expect(q).toMatch(new RegExp(`^${MERMAID_LABEL}$`));
      expect(q).not.toContain('<br/>');
      expect(mermaidText(q.slice(1, -1))).toBe(s.replace(/[\n\r\u2028]/g, ' '));
    });
  }
});

describe('graph labels: what a user types, through lagrad graph', () => {
  it('Greek names, in both formats, with and without a point', async () => {
    for (const options of [[], ['--at', 'θ=0.5,Σ=2,ς=1']]) {
      const r = await both('sin(θ)*Σ + ς^2', ...options);
      expect(labels(r)).toContain('θ');
      expect(labels(r)).toContain('Σ');
      expect(labels(r)).toContain('ς');
      if (options.length) expect(labels(r)).toMatch(/μ\S* = /);
    }
  });
  it('a program: a transpose\'s quote, shapes in brackets, names of variables', async () => {
    const r = await both("param W[2,3]; data x[3]; data y[2]; yhat = W*x; loss = sum((y - yhat).^2); ");
    expect(labels(r)).toContain('yhat');
    expect(labels(r)).toContain('W');
    const t = await both("param w[3]; data x[3]; data y; yhat = w'*x; loss = (y - yhat)^2");
    expect(labels(t)).toContain('wᵀ'); // the quote the user typed, printed as a transpose
  });
  it('reserved and look-alike names (z1, mu, L, __proto__) stay inside their labels', async () => {
    await both('z1*mu + L^2 + __proto__');
    await both('z1*mu + L^2', '--at', 'z1=1,mu=2,L=3');
  });
  it('a claim-free network file', async () => {
    const f = fakeIo({ files: { 'net.yaml': 'input: 3\noutput: 2\nbatch: 2\nlayers:\n  - {units: 4, activation: tanh}\n  - {units: 2}\nloss: squared\n' } });
    expect(await main(['graph', 'net.yaml', '--format', 'mermaid'], f.io), f.stderr()).toBe(0);
    readMermaid(f.stdout());
    const g = fakeIo({ files: { 'net.yaml': 'input: 3\noutput: 2\nbatch: 2\nlayers:\n  - {units: 4, activation: tanh}\n  - {units: 2}\nloss: squared\n' } });
    expect(await main(['graph', 'net.yaml', '--format', 'dot'], g.io), g.stderr()).toBe(0);
    readDot(g.stdout());
  });
});

/** A name the lexer takes: an ASCII letter, _ or a Greek letter, then those or digits (src/parse/lexer.ts). */
const LETTER = '[A-Za-z_\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5]';
const nameArb = fc.stringMatching(new RegExp(`^${LETTER}(?:${LETTER}|[0-9]){0,11}$`, 'u'));

describe('graph labels: arbitrary names the parser accepts (fast-check)', () => {
  it('in expressions, with and without a point: DOT and Mermaid read back, the same labels, the names in them', async () => {
    let drawn = 0;
    await fc.assert(fc.asyncProperty(fc.uniqueArray(nameArb, { minLength: 2, maxLength: 2 }), fc.constantFrom('sin(A)*B + A^2', 'exp(A - B)/(1 + B^2)', 'max(A, B) + tanh(A*B)'), fc.boolean(), async ([a, b], template, at) => {
      const input = template.replace(/A/g, a!).replace(/B/g, b!);
      const options = at ? ['--at', `${a}=0.7,${b}=1.3`] : [];
      const dot = await graph([input, '--format', 'dot', ...options]);
      if (dot.code === 2) return; // a name that is a function or a constant (sin, e, pi): refused, one line
      expect(dot.code, `${input}: ${dot.err}`).toBeLessThan(2);
      const mermaid = await graph([input, '--format', 'mermaid', ...options]);
      expect(mermaid.code).toBe(dot.code);
      const d = readDot(dot.out);
      const m = readMermaid(mermaid.out);
      expect(m.nodes).toEqual(d.nodes);
      expect(m.edges).toEqual(d.edges);
      // Each name is in a label as typed, unless lagrad moved it off a letter of its own (z1 → nodes v).
      const text = labels(d);
      if (!/^(?:z|v|mu|μ|λ|β|L|ℒ)/.test(a!)) expect(text).toContain(stem(a!));
      drawn++;
    }), { seed: 14, numRuns: 150 });
    expect(drawn).toBeGreaterThan(50);
  }, 120_000);

  it('in programs (variable names), with and without a point', async () => {
    let drawn = 0;
    await fc.assert(fc.asyncProperty(fc.uniqueArray(nameArb, { minLength: 4, maxLength: 4 }), fc.boolean(), async ([w, x, h, l], at) => {
      const input = `param ${w}[2,2]; data ${x}[2]; ${h} = tanh(${w}*${x}); ${l} = sum(${h}.^2)`;
      const options = at ? ['--at', `${x}=0.5`] : [];
      const dot = await graph([input, '--format', 'dot', ...options]);
      if (dot.code === 2) return; // a reserved word (param, data), a function's or a constant's name
      expect(dot.code, `${input}: ${dot.err}`).toBeLessThan(2);
      const mermaid = await graph([input, '--format', 'mermaid', ...options]);
      expect(mermaid.code).toBe(dot.code);
      const d = readDot(dot.out);
      const m = readMermaid(mermaid.out);
      expect(m.nodes).toEqual(d.nodes);
      expect(m.edges).toEqual(d.edges);
      for (const n of [w, x, h, l]) expect(labels(d)).toContain(stem(n!));
      drawn++;
    }), { seed: 14, numRuns: 100 });
    expect(drawn).toBeGreaterThan(30);
  }, 120_000);
});
