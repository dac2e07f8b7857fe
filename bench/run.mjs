// The lagrad benchmark: `npm run bench` (builds first), or `node bench/run.mjs`
// on an existing dist/.
//
//   1. Cold start of the CLI against `node -e 0` (median of spawned runs).
//   2. Scaling families (deep chain, wide sum, unrolled MLP) at about 10³, 10⁴
//      and 10⁵ graph nodes, one child process per case (bench/case.mjs), with
//      per-node time, output bytes per node, memory, and the flatness ratio
//      10⁵ / 10³ of the per-node figures.
//   3. Matrix networks (programs of layered tanh networks, 2 to 32 layers,
//      widths up to 1,000, batch up to 256; bench/matrix.mjs): parse → derive
//      → check per statement, output bytes per statement, and the reverse
//      sweep against one forward evaluation.
//
// Writes bench/results.json (raw figures) and bench/results.md (tables).
// Options: --quick (sizes 10³ and 10⁴ only, fewer runs; results go to
// bench/results-quick.*), --only <family> (a scalar family, `matrix` for both
// matrix families, or matrix-check / matrix-sweep), --cold-runs N,
// --no-matrix-wide-check (leaves out the check of a width-1,000, batch-256
// network, about a minute; --quick leaves it out unless --matrix-wide-check).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILIES } from './families.mjs';
import { matrixMarkdown, runMatrixBench, SWEEP_TARGET } from './matrix.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : fallback;
};
const quick = argv.includes('--quick');
const only = flag('--only', null);
const coldRuns = Number(flag('--cold-runs', quick ? '8' : '20'));
const SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const REPS = { 1_000: 5, 10_000: 3, 100_000: 1 };
const CASE_TIMEOUT_MS = 240_000;
const COLD_TARGET = 3;
const FLAT_TARGET = 2;

const log = (s = '') => process.stdout.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};
const round = (x, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? x ?? null : Number(x.toPrecision(digits)));

function git(...args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function machine() {
  const cpus = os.cpus();
  const dirty = git('status', '--porcelain', '--', 'src', 'package.json', 'scripts');
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memGB: round(os.totalmem() / 2 ** 30, 3),
    loadavgAtStart: os.loadavg().map((x) => round(x, 3)),
    commit: git('rev-parse', '--short', 'HEAD'),
    srcDirty: dirty === null ? null : dirty.length > 0,
  };
}

// ------------------------------------------------------------------ snapshot

// Other people rebuild dist/ while the bench runs (scripts/build.mjs starts
// by deleting it). The bench therefore runs on a private copy of bin/ and the
// bundle, taken once and checked by a smoke run; the bundle only imports
// node: modules and its own chunks, so the copy is self-contained.
const SNAP = join(here, '.snapshot');

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

function takeSnapshot() {
  for (let attempt = 1; attempt <= 15; attempt++) {
    rmSync(SNAP, { recursive: true, force: true });
    try {
      mkdirSync(SNAP, { recursive: true });
      cpSync(join(root, 'bin'), join(SNAP, 'bin'), { recursive: true });
      cpSync(join(root, 'dist'), join(SNAP, 'dist'), { recursive: true });
      if (existsSync(join(root, 'templates'))) cpSync(join(root, 'templates'), join(SNAP, 'templates'), { recursive: true });
      writeFileSync(join(SNAP, 'package.json'), '{"type":"module"}\n');
      const smoke = spawnSync(process.execPath, ['bin/lagrad.js', 'derive', 'x*y + sin(x)', '--at', 'x=1,y=2'], { cwd: SNAP, encoding: 'utf8' });
      const lib = spawnSync(process.execPath, ['--input-type=module', '-e', "const l = await import('./dist/index.js'); if (typeof l.analyzeExpression !== 'function') process.exit(3);"], { cwd: SNAP, encoding: 'utf8' });
      if (smoke.status === 0 && /all checks pass/.test(smoke.stdout) && lib.status === 0) {
        const h = createHash('sha256');
        for (const f of filesUnder(join(SNAP, 'dist'))) h.update(readFileSync(f));
        return { dir: SNAP, attempts: attempt, distSha256: h.digest('hex').slice(0, 16) };
      }
    } catch {
      // dist/ changed under the copy: try again.
    }
    spawnSync('sleep', ['2']);
  }
  throw new Error('could not take a working copy of dist/ (is it being rebuilt continuously? run `npm run build` first)');
}

// ---------------------------------------------------------------- cold start

const COLD_ARGS = ['bin/lagrad.js', 'derive', 'ln(x1) + x1*x2 - sin(x2)', '--at', 'x1=2,x2=5'];
const BASE_ARGS = ['-e', '0'];

function timeSpawn(args, input) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: SNAP, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, NO_COLOR: '1' }, ...(input === undefined ? {} : { input }) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function coldStart() {
  // Two untimed runs of each to fill the file cache.
  for (let k = 0; k < 2; k++) {
    timeSpawn(BASE_ARGS);
    timeSpawn(COLD_ARGS);
  }
  const base = [];
  const cli = [];
  let sample = null;
  // Interleaved, so that drift in the machine's load hits both alike.
  for (let k = 0; k < coldRuns; k++) {
    base.push(timeSpawn(BASE_ARGS).ms);
    const r = timeSpawn(COLD_ARGS);
    cli.push(r.ms);
    if (r.status !== 0 || sample === null) sample = r;
  }
  const stats = (xs) => ({ median: round(median(xs), 4), min: round(Math.min(...xs), 4), p90: round(quantile(xs, 0.9), 4), runs: xs.map((x) => round(x, 4)) });
  const result = {
    command: `node ${COLD_ARGS.map((a) => (/[\s*(),]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
    baseline: 'node -e 0',
    runs: coldRuns,
    cliMs: stats(cli),
    nodeMs: stats(base),
    ratio: round(median(cli) / median(base), 3),
    overheadMs: round(median(cli) - median(base), 3),
    target: COLD_TARGET,
    exitStatus: sample.status,
    outputOk: sample.status === 0 && /all checks pass/.test(sample.stdout),
    outputBytes: Buffer.byteLength(sample.stdout),
  };
  if (!result.outputOk) result.stderr = sample.stderr.slice(0, 2000);
  return result;
}

// ------------------------------------------------------------- batch grading

/** `lagrad check … --batch` on 1,000 submissions, cycling through a right answer and the usual mistakes. */
function batchRun(name, inputArgs, target, claims, files = {}) {
  const rows = ['id,target,claim'];
  for (let k = 0; k < 1000; k++) rows.push(`s${k},${target},"${claims[k % claims.length]}"`);
  const csv = join(SNAP, `batch-${name}.csv`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(SNAP, file), text);
  const args = ['bin/lagrad.js', 'check', ...inputArgs, '--batch', csv];
  timeSpawn(args);
  const runs = [];
  let sample = null;
  for (let k = 0; k < 5; k++) {
    const r = timeSpawn(args);
    runs.push(r.ms);
    sample = r;
  }
  const lines = sample.stdout.trim().split('\n');
  return {
    command: `node bin/lagrad.js check ${inputArgs.map((a) => (/[ *()]/.test(a) ? `"${a}"` : a)).join(' ')} --batch ${basename(csv)}`,
    submissions: 1000,
    rightEvery: claims.length,
    medianMs: round(median(runs), 4),
    runs: runs.map((x) => round(x, 4)),
    exitStatus: sample.status,
    reportRows: lines.length - 1,
    correct: lines.filter((l) => /,true,/.test(l)).length,
  };
}

const NOTE001 = 'param V[4,3]\nparam W[2,4]\ndata x[3]\ndata y[2]\nz = sigmoid(V*x)\nyhat = W*z\nloss = sum((y - yhat).^2)\n';

function batchGrading() {
  return [
    batchRun('expression', ['sin(x^2)'], 'x', ['2*x*cos(x^2)', 'cos(x^2)', '-2*x*cos(x^2)', '4*x*cos(x^2)', 'x*cos(x^2) + x*cos(x^2)', '2*x*sin(x^2)']),
    // Note 001's ∂ℓ/∂V: right, σ' missing, σ for σ', W for Wᵀ, the 2 dropped, the whole answer transposed.
    batchRun('program', ['--file', 'net.lag'], 'V', [
      "((W'*mu_yhat) .* z .* (1 - z))*x'", "(W'*mu_yhat)*x'", "((W'*mu_yhat) .* z)*x'", "((W*mu_yhat) .* z .* (1 - z))*x'",
      "((W'*(yhat - y)) .* z .* (1 - z))*x'", "x*((W'*mu_yhat) .* z .* (1 - z))'",
    ], { 'net.lag': NOTE001 }),
  ];
}

// ------------------------------------------------------------- documents

/** A 1,000-node derivation as each document format (start-up included): seconds and bytes. */
function documents() {
  const wide = Array.from({ length: 333 }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');
  return ['html', 'latex', 'md'].map((format) => {
    const args = ['bin/lagrad.js', 'derive', wide, '--at', 'x=0.3,y=0.001', '--format', format];
    const runs = [];
    let sample = null;
    for (let k = 0; k < 3; k++) {
      const r = timeSpawn(args);
      runs.push(r.ms);
      sample = r;
    }
    return { format, nodes: 1000, medianMs: round(median(runs), 4), bytes: Buffer.byteLength(sample.stdout), exitStatus: sample.status };
  });
}

// ------------------------------------------------------------- drawings and limits

const CHAIN_1000 = (() => { let e = 'x'; for (let k = 1; k <= 499; k++) e = `sin(${e} + y)`; return e; })();
const WIDE_1000 = Array.from({ length: 333 }, (_, k) => `sin(x + ${k + 1}*y)`).join(' + ');

/** 1,000-node graphs drawn as SVG (`lagrad graph --format svg`, start-up included), and the chain's HTML handout. */
function drawings() {
  const cases = [
    { what: 'chain r ← sin(r + y), 1,000 nodes, SVG', args: ['bin/lagrad.js', 'graph', CHAIN_1000, '--format', 'svg'], count: /<g class="node /g },
    { what: 'wide sum Σ_k sin(x + k·y), 1,000 nodes, SVG', args: ['bin/lagrad.js', 'graph', WIDE_1000, '--format', 'svg'], count: /<g class="node /g },
    { what: 'chain, 1,000 nodes, HTML handout (`derive --format html`)', args: ['bin/lagrad.js', 'derive', CHAIN_1000, '--at', 'x=0.3,y=0.001', '--format', 'html'], count: /<g class="node /g },
  ];
  return cases.map((c) => {
    const runs = [];
    let sample = null;
    for (let k = 0; k < 3; k++) {
      const r = timeSpawn(c.args);
      runs.push(r.ms);
      sample = r;
    }
    return { what: c.what, medianMs: round(median(runs), 4), bytes: Buffer.byteLength(sample.stdout), drawn: (sample.stdout.match(c.count) ?? []).length, exitStatus: sample.status };
  });
}

/** `count` spawned runs of lagrad with `input` on stdin: their times, and the last run as a sample. */
function timeRuns(args, input, count = 3) {
  const runs = [];
  let sample = null;
  for (let k = 0; k < count; k++) {
    sample = timeSpawn(['bin/lagrad.js', ...args], input);
    runs.push(sample.ms);
  }
  return { runs, sample };
}

/** A sum of 10⁶ terms from stdin: accepted, or refused (exit 2) — never a crash. */
function hugeSum() {
  const text = Array.from({ length: 1e6 }, (_, k) => `x${k % 10}*${k + 1}`).join('+');
  const { runs, sample } = timeRuns(['derive', '-'], text);
  return { terms: 1e6, bytes: text.length, medianMs: round(median(runs), 4), exitStatus: sample.status, message: sample.stderr.trim().split('\n')[0] ?? '' };
}

/**
 * One-shot: Σ_k w_k·x_k²·exp(−x_k) over 10⁴ inputs x_k (and 10⁴ weights w_k), the whole process
 * (parse, derive, check, the text written to a pipe), against PyTorch's forward and backward of the same
 * function with its import, in the same run where PyTorch can be imported here.
 */
const ONE_SHOT_TERMS = 10_000;
const TORCH_SCRIPT = `
import time, sys
t0 = time.perf_counter()
import torch
n = ${ONE_SHOT_TERMS}
g = torch.Generator().manual_seed(1)
x = torch.rand(n, dtype=torch.float64, generator=g).requires_grad_()
w = torch.rand(n, dtype=torch.float64, generator=g).requires_grad_()
f = (w * x**2 * torch.exp(-x)).sum()
f.backward()
print(float(f), float(x.grad.sum()), float(w.grad.sum()))
`;
function oneShot() {
  const text = Array.from({ length: ONE_SHOT_TERMS }, (_, k) => `w${k + 1}*x${k + 1}^2*exp(-x${k + 1})`).join(' + ');
  const { runs, sample } = timeRuns(['derive', '-'], text);
  const torchRuns = [];
  let torch = null;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('python3', ['-c', TORCH_SCRIPT], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) {
      torch = { available: false, why: (r.error?.message ?? r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`).slice(0, 200) };
      break;
    }
    torchRuns.push(ms);
    torch = { available: true };
  }
  if (torch?.available) torch.medianMs = round(median(torchRuns), 4);
  return {
    terms: ONE_SHOT_TERMS, bytes: text.length, medianMs: round(median(runs), 4), minMs: round(Math.min(...runs), 4),
    outputBytes: Buffer.byteLength(sample.stdout), exitStatus: sample.status, passed: /all checks pass/.test(sample.stdout), torch,
  };
}

// ------------------------------------------------------------- scaling cases

function runCase(family, size) {
  const args = ['--expose-gc', join(here, 'case.mjs'), family.name, String(size), '--reps', String(REPS[size] ?? 1), '--dist', join(SNAP, 'dist')];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: CASE_TIMEOUT_MS });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const line = (r.stdout ?? '').trim().split('\n').pop();
  let res;
  try {
    res = JSON.parse(line);
  } catch {
    // The child died without reporting: out of memory, a signal, a timeout.
    res = {
      family: family.name,
      target: size,
      m: null,
      ms: {},
      error: {
        phase: 'process',
        name: r.error?.code === 'ETIMEDOUT' ? 'Timeout' : 'Crash',
        message: `child exited with status ${r.status}${r.signal ? `, signal ${r.signal}` : ''}${r.error ? ` (${r.error.message})` : ''}`,
        frames: (r.stderr ?? '').trim().split('\n').slice(-12),
      },
    };
  }
  res.wallMs = wallMs;
  return res;
}

function perNode(res) {
  const m = res.m;
  if (!m) return {};
  const us = (ms) => (ms === undefined ? null : (ms * 1000) / m);
  const total = ['analyze', 'text', 'json'].every((p) => res.ms[p] !== undefined) ? res.ms.analyze + res.ms.text + res.ms.json : undefined;
  const st = res.stagesMs;
  const noCheck = st ? st.parse + st.graph + st.derive + st.pointCompile : undefined;
  const cpu = res.cpuMs ?? {};
  const totalCpu = ['analyze', 'text', 'json'].every((p) => cpu[p] !== undefined) ? cpu.analyze + cpu.text + cpu.json : undefined;
  return {
    totalCpuUs: us(totalCpu),
    analyzeCpuUs: us(cpu.analyze),
    textCpuUs: us(cpu.text),
    jsonCpuUs: us(cpu.json),
    analyzeUs: us(res.ms.analyze),
    textUs: us(res.ms.text),
    jsonUs: us(res.ms.json),
    totalUs: us(total),
    noCheckUs: us(noCheck),
    checkUs: st ? us(st.check) : null,
    textB: res.textBytes ? res.textBytes / m : null,
    jsonB: res.jsonBytes ? res.jsonBytes / m : null,
    liveHeapKB: res.liveHeapMB != null && res.baselineHeapMB != null ? ((res.liveHeapMB - res.baselineHeapMB) * 1024) / m : null,
    rssKB: res.maxRssMB ? (res.maxRssMB * 1024) / m : null,
  };
}

const FLAT_KEYS = [
  ['analyzeUs', 'analyze'],
  ['analyzeCpuUs', 'analyze (CPU)'],
  ['noCheckUs', 'analyze without check'],
  ['textUs', 'text'],
  ['textCpuUs', 'text (CPU)'],
  ['jsonUs', 'JSON'],
  ['jsonCpuUs', 'JSON (CPU)'],
  ['totalUs', 'total'],
  ['totalCpuUs', 'total (CPU)'],
  ['textB', 'text bytes'],
  ['jsonB', 'JSON bytes'],
  ['liveHeapKB', 'live heap'],
];

function flatness(cases) {
  const ok = cases.filter((c) => c.m && !c.error);
  if (ok.length < 2) return null;
  const small = ok[0];
  const large = ok[ok.length - 1];
  const ratios = {};
  for (const [key] of FLAT_KEYS) {
    const a = small.perNode[key];
    const b = large.perNode[key];
    ratios[key] = a && b ? round(b / a, 3) : null;
  }
  return { from: small.m, to: large.m, ratios };
}

// ------------------------------------------------------------------- output

const fmt = (x, digits = 3) => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(digits)));
};
const fmtBytes = (b) => (b == null ? '–' : b >= 2 ** 20 ? `${fmt(b / 2 ** 20)} MiB` : b >= 1024 ? `${fmt(b / 1024)} KiB` : `${b} B`);

function checkCell(c) {
  if (c.error) return `**${c.error.phase}: ${c.error.name}**`;
  if (!c.check) return '–';
  const k = c.check;
  const bits = [k.coverage === 'all' ? 'all' : k.coverage.replace('sample ', 'sampled ')];
  if (k.failed) bits.push(`**${k.failed} ✗**`);
  if (k.direction && !k.direction.ok) bits.push('**direction ✗**');
  if (k.problem) bits.push(`problem: ${k.problem}`);
  return bits.join(', ');
}

function markdown(doc) {
  const { machine: mc, coldStart: cs, families } = doc;
  const L = [];
  L.push('# lagrad benchmark results', '');
  L.push(`Generated by \`npm run bench\` (\`node bench/run.mjs\` after the build) on ${mc.date.slice(0, 10)}.`, '');
  L.push(`Machine: ${mc.nproc} CPUs (nproc), ${mc.cpu}, ${mc.memGB} GiB RAM; Node ${mc.node} (V8 ${mc.v8}); ${mc.platform}.`);
  L.push(`Load average (1, 5, 15 min) at start ${mc.loadavgAtStart.join(', ')}, at end ${mc.loadavgAtEnd.join(', ')}: other work on the machine inflates wall times; *total CPU* (process user+sys time, which also counts V8's GC and compiler threads) is given as a second measure.`);
  L.push(`Code: commit ${mc.commit ?? '?'}${mc.srcDirty ? ' plus uncommitted changes in src/' : ''}, bundled by scripts/build.mjs (dist sha256 ${doc.snapshot?.distSha256 ?? '?'}; run from a private copy, so that a concurrent rebuild of dist/ does not disturb it).`);
  if (doc.quick) L.push('', '**Quick run (`--quick`): sizes 10³ and 10⁴ only.**');
  L.push('');
  L.push('## 1. Cold start', '');
  if (cs) {
    L.push(`\`${cs.command}\` against \`${cs.baseline}\`, ${cs.runs} interleaved spawned runs each (child_process.spawnSync, wall time by process.hrtime).`, '');
    L.push('| command | median ms | min ms | p90 ms |', '|---|---:|---:|---:|');
    L.push(`| \`${cs.baseline}\` | ${fmt(cs.nodeMs.median)} | ${fmt(cs.nodeMs.min)} | ${fmt(cs.nodeMs.p90)} |`);
    L.push(`| \`lagrad derive …\` | ${fmt(cs.cliMs.median)} | ${fmt(cs.cliMs.min)} | ${fmt(cs.cliMs.p90)} |`);
    L.push('');
    L.push(`Ratio of medians: **${fmt(cs.ratio)}** (target ≤ ${cs.target}: ${cs.ratio <= cs.target ? 'met' : '**not met**'}); lagrad adds ${fmt(cs.overheadMs)} ms over bare node. Output correct: ${cs.outputOk ? 'yes' : '**no**'}.`);
  } else {
    L.push('(skipped)');
  }
  L.push('');
  if (doc.batch) {
    L.push('## 1b. Batch grading', '');
    L.push('1,000 submissions (a CSV of id,target,claim cycling through six claims: right ones and the usual mistakes), median of 5 spawned runs, start-up included:', '');
    L.push('| command | median ms | report rows | graded right | exit |', '|---|---:|---:|---:|---:|');
    for (const b of doc.batch) L.push(`| \`${b.command}\` | **${fmt(b.medianMs)}** | ${b.reportRows} | ${b.correct} | ${b.exitStatus} |`);
    L.push('');
  }
  if (doc.documents) {
    L.push('## 1c. Documents of a 1,000-node derivation', '');
    L.push('`node bin/lagrad.js derive "sin(x + 1*y) + … + sin(x + 333*y)" --at x=0.3,y=0.001 --format F` (1,000 nodes; HTML draws the graph, LaTeX does not since a layer of 333 nodes is taller than a page at 7 pt, Markdown does not since Mermaid draws at most 500 edges), median of 3 spawned runs, start-up included:', '');
    L.push('| format | median ms | bytes | exit |', '|---|---:|---:|---:|');
    for (const d of doc.documents) L.push(`| ${d.format} | **${fmt(d.medianMs)}** | ${d.bytes.toLocaleString('en')} | ${d.exitStatus} |`);
    L.push('');
  }
  if (doc.drawings) {
    L.push('## 1d. Graph drawings of 1,000 nodes', '');
    L.push('Median of 3 spawned runs, start-up included; *drawn* counts the nodes in the SVG. Targets: a 1,000-node chain drawn as SVG in ≤ 1 s; a 1,000-node HTML handout ≤ 3 MB.', '');
    L.push('| what | median ms | bytes | drawn | exit |', '|---|---:|---:|---:|---:|');
    for (const d of doc.drawings) L.push(`| ${d.what} | **${fmt(d.medianMs)}** | ${d.bytes.toLocaleString('en')} | ${d.drawn} | ${d.exitStatus} |`);
    L.push('');
  }
  if (doc.hugeSum) {
    const h = doc.hugeSum;
    L.push('## 1e. A sum of 10⁶ terms from stdin', '');
    L.push(`\`x0*1+x1*2+…+x9*10+x0*11+…\` (${h.terms.toLocaleString('en')} terms, ${(h.bytes / 2 ** 20).toFixed(1)} MiB) piped to \`node bin/lagrad.js derive -\`, median of 3 spawned runs, start-up included: **${fmt(h.medianMs)} ms**, exit ${h.exitStatus} (target: exit 0, or a stated refusal with exit 2 within 1 s; never exit 3).`, '');
    if (h.message) L.push(`> ${h.message}`, '');
  }
  if (doc.oneShot) {
    const o = doc.oneShot;
    L.push('## 1f. One-shot: Σ_k w_k·x_k²·exp(−x_k) over 10⁴ inputs', '');
    L.push(`\`w1*x1^2*exp(-x1) + … + w${o.terms}*x${o.terms}^2*exp(-x${o.terms})\` (${o.terms.toLocaleString('en')} terms, ${(2 * o.terms).toLocaleString('en')} inputs, ${(o.bytes / 1024).toFixed(0)} KiB) piped to \`node bin/lagrad.js derive -\`: the whole process (parse, graph, derive, point, the sampled numeric check, ${(o.outputBytes / 2 ** 20).toFixed(1)} MiB of text read from a pipe), median of 3 spawned runs: **${fmt(o.medianMs)} ms** (fastest ${fmt(o.minMs)} ms), exit ${o.exitStatus}, ${o.passed ? 'all checks pass' : '**checks did not pass**'}.`, '');
    L.push(o.torch.available
      ? `PyTorch, forward and backward of the same function on float64 tensors with its import (\`python3 -c …\`), median of 3: **${fmt(o.torch.medianMs)} ms**; ratio lagrad/PyTorch **${fmt(o.medianMs / o.torch.medianMs)}** (target < 1).`
      : `PyTorch could not be run here (${o.torch.why}); the issue measured it at 3.3 s with its import on this machine class (target: lagrad below that).`, '');
  }
  L.push('## 2. Scaling', '');
  L.push('Each case runs in its own child process (`node --expose-gc bench/case.mjs <family> <nodes>`): one discarded warm-up run, then the median of 5 runs at 10³ nodes, 3 at 10⁴, 1 at 10⁵.');
  L.push('*analyze* is the whole library pipeline (`analyzeExpression` for text: parse, graph, derive, point, numeric check; `analyzeParsed` for the Builder chain, so no parse).');
  L.push('The check verifies every node up to 1,000 nodes and a sample of 64 above, so the 10³ cases do a full (quadratic) check; *no-check* is parse + graph + derive + point/compile timed stage by stage in a separate run.');
  L.push('*live heap* is heapUsed after a forced GC with the analysis still reachable, minus the heap with the library loaded; *max RSS* is the child\'s peak resident set.', '');
  for (const fam of families) {
    L.push(`### ${fam.title}`, '');
    L.push('| size | m | d | analyze ms | no-check ms | check ms | text ms | JSON ms | analyze µs/node | no-check µs/node | text µs/node | JSON µs/node | total µs/node | total CPU µs/node | text bytes | text B/node | JSON bytes | JSON B/node | live heap KB/node | max RSS MiB | check |');
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const c of fam.cases) {
      const p = c.perNode ?? {};
      const st = c.stagesMs;
      const noCheck = st ? st.parse + st.graph + st.derive + st.pointCompile : null;
      L.push(`| ${c.describe ?? c.target} | ${fmt(c.m)} | ${fmt(c.d)} | ${fmt(c.ms.analyze)} | ${fmt(noCheck)} | ${fmt(st?.check)} | ${fmt(c.ms.text)} | ${fmt(c.ms.json)} | ${fmt(p.analyzeUs)} | ${fmt(p.noCheckUs)} | ${fmt(p.textUs)} | ${fmt(p.jsonUs)} | ${fmt(p.totalUs)} | ${fmt(p.totalCpuUs)} | ${fmtBytes(c.textBytes)} | ${fmt(p.textB)} | ${fmtBytes(c.jsonBytes)} | ${fmt(p.jsonB)} | ${fmt(p.liveHeapKB)} | ${fmt(c.maxRssMB)} | ${checkCell(c)} |`);
    }
    L.push('');
    const stageRows = fam.cases.filter((c) => c.stagesMs);
    if (stageRows.length) {
      L.push('Stages (ms, separate run): ' + stageRows.map((c) => {
        const s = c.stagesMs;
        return `m=${fmt(c.m)}: parse ${fmt(s.parse)}, graph ${fmt(s.graph)}, derive ${fmt(s.derive)}, point+compile ${fmt(s.pointCompile)}, check ${fmt(s.check)}`;
      }).join('; ') + '.', '');
    }
    for (const c of fam.cases.filter((x) => x.error || x.textError || x.jsonError || x.stagesError)) {
      for (const e of [c.error, c.textError !== c.error ? c.textError : null, c.stagesError].filter(Boolean)) {
        L.push(`- **${c.describe ?? c.target}: ${e.phase ?? 'stages'} failed**: ${e.name}: ${e.message}${e.frames?.length ? ` (at ${e.frames[0]})` : ''}`);
      }
      L.push('');
    }
  }
  L.push('## 3. Flatness (per-node figure at the largest size ÷ at the smallest)', '');
  L.push(`Target: within ${FLAT_TARGET}× (a ratio above ${FLAT_TARGET}, in bold, means superlinear growth). Times are µs/node (wall, and process CPU time where marked), sizes bytes/node, heap KB/node. Wall times of a single 10⁵ run on a loaded machine can swing by 1.5×; a growth that shows in wall time but not in CPU time is load, not the code.`, '');
  L.push(`| family | m from → to | ${FLAT_KEYS.map(([, label]) => label).join(' | ')} |`);
  L.push(`|---|---|${FLAT_KEYS.map(() => '---:').join('|')}|`);
  for (const fam of families) {
    const f = fam.flatness;
    if (!f) {
      L.push(`| ${fam.name} | – | ${FLAT_KEYS.map(() => '–').join(' | ')} |`);
      continue;
    }
    const cells = FLAT_KEYS.map(([key]) => {
      const r = f.ratios[key];
      return r == null ? '–' : r > FLAT_TARGET ? `**${fmt(r)}**` : fmt(r);
    });
    L.push(`| ${fam.name} | ${fmt(f.from)} → ${fmt(f.to)} | ${cells.join(' | ')} |`);
  }
  L.push('');
  if (doc.matrix) L.push(matrixMarkdown(doc.matrix, fmt, fmtBytes));
  L.push(`Total benchmark wall time: ${fmt(doc.wallSeconds)} s. Raw figures: bench/results.json. Where the time of one case goes: \`node bench/profile.mjs <family> <nodes>\` (CPU profile of an unminified bundle, top functions by self time with their src/ file).`, '');
  return L.join('\n');
}

// --------------------------------------------------------------------- main

const t0 = process.hrtime.bigint();
const doc = { schema: 'lagrad/bench@1', quick, machine: machine(), coldStart: null, batch: null, documents: null, drawings: null, hugeSum: null, oneShot: null, families: [] };
log(`lagrad bench: ${doc.machine.nproc} CPUs, node ${doc.machine.node}, commit ${doc.machine.commit}${doc.machine.srcDirty ? ' (src modified)' : ''}`);

process.on('exit', () => rmSync(SNAP, { recursive: true, force: true }));
doc.snapshot = takeSnapshot();
log(`bundle copied to bench/.snapshot (dist sha256 ${doc.snapshot.distSha256}${doc.snapshot.attempts > 1 ? `, ${doc.snapshot.attempts} attempts` : ''})`);

if (!only) {
  log(`cold start: ${coldRuns} runs each …`);
  doc.coldStart = coldStart();
  const cs = doc.coldStart;
  log(`  node -e 0 ${fmt(cs.nodeMs.median)} ms, lagrad derive ${fmt(cs.cliMs.median)} ms: ratio ${fmt(cs.ratio)} (target ≤ ${COLD_TARGET}${cs.ratio <= COLD_TARGET ? ', met' : ', NOT met'})${cs.outputOk ? '' : '; OUTPUT WRONG'}`);
  doc.batch = batchGrading();
  for (const b of doc.batch) log(`batch grading: ${b.command}: ${b.submissions} submissions in ${fmt(b.medianMs)} ms (${b.reportRows} rows, ${b.correct} right)`);
  doc.documents = documents();
  for (const d of doc.documents) log(`document: 1,000 nodes as ${d.format} in ${fmt(d.medianMs)} ms, ${d.bytes} bytes`);
  doc.drawings = drawings();
  for (const d of doc.drawings) log(`drawing: ${d.what} in ${fmt(d.medianMs)} ms, ${d.bytes} bytes, ${d.drawn} nodes drawn`);
  doc.hugeSum = hugeSum();
  log(`10⁶-term sum: exit ${doc.hugeSum.exitStatus} in ${fmt(doc.hugeSum.medianMs)} ms`);
  doc.oneShot = oneShot();
  const os1 = doc.oneShot;
  log(`one-shot Σ w·x²·exp(−x), ${os1.terms} terms: lagrad ${fmt(os1.medianMs)} ms (exit ${os1.exitStatus}${os1.passed ? ', checks pass' : ', CHECK NOT PASSED'}); PyTorch ${os1.torch.available ? `${fmt(os1.torch.medianMs)} ms` : `not available (${os1.torch.why})`}`);
}

for (const family of FAMILIES) {
  if (only && family.name !== only) continue;
  const fam = { name: family.name, title: family.title, cases: [] };
  log(`${family.name}: ${family.title}`);
  for (const size of SIZES) {
    const c = runCase(family, size);
    c.perNode = perNode(c);
    fam.cases.push(c);
    const p = c.perNode;
    const err = c.error ? `  ERROR in ${c.error.phase}: ${c.error.name}: ${c.error.message}` : '';
    const chk = c.check && (c.check.failed || (c.check.direction && !c.check.direction.ok)) ? `  check: ${checkCell(c).replace(/\*/g, '')}` : '';
    log(`  m=${fmt(c.m)}  analyze ${fmt(c.ms.analyze)} ms (${fmt(p.analyzeUs)} µs/node)  text ${fmt(c.ms.text)} ms  json ${fmt(c.ms.json)} ms  total ${fmt(p.totalUs)} µs/node  ${fmt(p.textB)}+${fmt(p.jsonB)} B/node  rss ${fmt(c.maxRssMB)} MiB  [${fmt(c.wallMs / 1000)} s]${err}${chk}`);
  }
  fam.flatness = flatness(fam.cases);
  if (fam.flatness) {
    const r = fam.flatness.ratios;
    const bad = FLAT_KEYS.filter(([key]) => r[key] > FLAT_TARGET).map(([, label]) => label);
    log(`  flatness ${fmt(fam.flatness.from)}→${fmt(fam.flatness.to)}: analyze ${fmt(r.analyzeUs)}×, no-check ${fmt(r.noCheckUs)}×, text ${fmt(r.textUs)}×, json ${fmt(r.jsonUs)}×, total ${fmt(r.totalUs)}× (CPU ${fmt(r.totalCpuUs)}×), bytes ${fmt(r.textB)}×/${fmt(r.jsonB)}×${bad.length ? `  SUPERLINEAR: ${bad.join(', ')}` : ''}`);
  }
  doc.families.push(fam);
}

if (!only || only === 'matrix' || only.startsWith('matrix-')) {
  doc.matrix = await runMatrixBench({ root, here, snap: SNAP, quick, only, log, fmt, wideCheck: argv.includes('--matrix-wide-check') || (!quick && !argv.includes('--no-matrix-wide-check')) });
  const cases = doc.matrix.families.flatMap((f) => f.cases);
  const worst = Math.max(...cases.map((c) => c.sweepOverForward ?? 0));
  const errors = cases.filter((c) => c.error).map((c) => `L${c.layers} w${c.width} b${c.batch} ${c.error.phase}: ${c.error.message}`);
  const flat = doc.matrix.families.filter((f) => f.flatness).map((f) => `${f.name} parse+derive ${fmt(f.flatness.parseDerive)}×${f.flatness.check != null ? `, check ${fmt(f.flatness.check)}×` : ''}`);
  log(`matrix summary: largest sweep/forward ${fmt(worst)} (target ≤ ${SWEEP_TARGET}: ${worst <= SWEEP_TARGET ? 'met' : 'NOT met'}); per-statement growth ${flat.join('; ')}${errors.length ? `; ERRORS: ${errors.join(' | ')}` : ''}`);
}

doc.wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
doc.machine.loadavgAtEnd = os.loadavg().map((x) => round(x, 3));
const stem = quick || only ? 'results-quick' : 'results';
writeFileSync(join(here, `${stem}.json`), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(join(here, `${stem}.md`), `${markdown(doc)}\n`);
rmSync(SNAP, { recursive: true, force: true });
log(`wrote bench/${stem}.md and bench/${stem}.json (${fmt(doc.wallSeconds)} s)`);
