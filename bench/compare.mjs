// Section 2 of the benchmark (the scaling families), for this checkout and a
// baseline commit side by side in one run: `npm run bench:compare -- <rev>`
// (default rev: the previous commit, HEAD~1) or `node bench/compare.mjs <rev>`
// on an existing dist/.
//
// The baseline is exported with `git archive` into bench/.baseline/<sha>/ and
// bundled there by its own scripts/build.mjs (with this checkout's
// node_modules). Every case runs in its own child process (bench/case.mjs
// --dist …), alternating baseline and current, so that drift in the machine's
// load hits both alike; the ratio is current/baseline of the medians, per node.
// Writes bench/compare.md and bench/compare.json.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILIES } from './families.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const argv = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
const rev = argv[0] ?? 'HEAD~1';
const SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const ROUNDS = { 1_000: 5, 10_000: 3, 100_000: 2 };
const TARGET = 1.2;

const log = (s = '') => process.stdout.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmt = (x, d = 3) => (Number.isFinite(x) ? Number(x.toPrecision(d)).toLocaleString('en') : '–');

function git(...args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** The baseline's bundle, built once per commit. */
function baselineDist(sha) {
  const dir = join(here, '.baseline', sha);
  if (existsSync(join(dir, 'dist', 'index.js'))) return join(dir, 'dist');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', sha], { cwd: root, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${sha} failed`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error('tar failed');
  // This checkout's node_modules serve when they hold every dependency the baseline had; otherwise (a library
  // since dropped, such as dagre) the baseline gets its own, from its own lockfile.
  const deps = (pkgDir) => Object.keys(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).dependencies ?? {});
  const missing = deps(dir).filter((d) => !existsSync(join(root, 'node_modules', d)));
  if (missing.length === 0) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  else {
    log(`baseline ${sha} needs ${missing.join(', ')}: npm ci in bench/.baseline/${sha}`);
    const ci = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
    if (ci.status !== 0) throw new Error(`npm ci for ${sha} failed: ${ci.stderr}`);
  }
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build of ${sha} failed: ${b.stderr}`);
  return join(dir, 'dist');
}

/** This checkout's bundle, copied so that a rebuild during the run does not disturb it. */
function currentDist() {
  const dir = join(here, '.baseline', 'current');
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  return join(dir, 'dist');
}

function runCase(family, size, dist) {
  const args = ['--expose-gc', join(here, 'case.mjs'), family.name, String(size), '--reps', '1', '--no-stages', '--dist', dist];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 300_000 });
  try {
    return JSON.parse((r.stdout ?? '').trim().split('\n').pop());
  } catch {
    return { error: { message: `child exited with status ${r.status}` }, ms: {} };
  }
}

const sha = git('rev-parse', '--short', rev);
const head = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'src').length > 0;
log(`baseline ${rev} = ${sha}; current ${head}${dirty ? ' + uncommitted src/' : ''}`);
const dists = { baseline: baselineDist(sha), current: currentDist() };
const PHASES = ['analyze', 'text', 'json'];
const rows = [];
for (const family of FAMILIES) {
  for (const size of SIZES) {
    const got = { baseline: [], current: [] };
    let m = null;
    for (let k = 0; k < ROUNDS[size]; k++) {
      for (const which of k % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline']) {
        const res = runCase(family, size, dists[which]);
        if (res.error) throw new Error(`${which} ${family.name} ${size}: ${res.error.message}`);
        m = res.m;
        got[which].push(res);
      }
    }
    const per = (runs, phase) => median(runs.map((r) => (r.ms[phase] * 1000) / r.m));
    const row = { family: family.name, size, m };
    for (const phase of [...PHASES, 'total']) {
      const f = phase === 'total' ? (runs) => median(runs.map((r) => (PHASES.reduce((s, p) => s + r.ms[p], 0) * 1000) / r.m)) : (runs) => per(runs, phase);
      row[phase] = { baseline: f(got.baseline), current: f(got.current) };
      row[phase].ratio = row[phase].current / row[phase].baseline;
    }
    row.rss = { baseline: median(got.baseline.map((r) => r.maxRssMB)), current: median(got.current.map((r) => r.maxRssMB)) };
    rows.push(row);
    log(`${family.name} m=${m}: total ${fmt(row.total.baseline)} → ${fmt(row.total.current)} µs/node (×${fmt(row.total.ratio)})`);
  }
}

const L = [
  '# Scaling, this checkout against a baseline, side by side',
  '',
  `Generated by \`npm run bench:compare -- ${rev}\` (\`node bench/compare.mjs\`) on ${new Date().toISOString().slice(0, 10)}: baseline ${sha}, current ${head}${dirty ? ' with uncommitted changes in src/' : ''}.`,
  `Machine: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}.`,
  '',
  'The cases of section 2 of `bench/results.md` (bench/families.mjs), each in its own child process, baseline and current alternating; per-node figures are the median over the rounds (5 at 10³ nodes, 3 at 10⁴, 2 at 10⁵), µs per graph node. *analyze* is parse, graph, derive, point and the numeric check; *text* and *JSON* the renderers. The ratio is current/baseline (below 1: faster).',
  `Target of the issue "One op table, one pipeline": every ratio ≤ ${TARGET}.`,
  '',
  '| family | m | analyze µs/node | text µs/node | JSON µs/node | total µs/node | total ratio | max RSS MiB |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const r of rows) {
  const cell = (p) => `${fmt(r[p].baseline)} → ${fmt(r[p].current)} (×${fmt(r[p].ratio)})`;
  L.push(`| ${r.family} | ${r.m.toLocaleString('en')} | ${cell('analyze')} | ${cell('text')} | ${cell('json')} | ${fmt(r.total.baseline)} → ${fmt(r.total.current)} | **${fmt(r.total.ratio)}** | ${fmt(r.rss.baseline)} → ${fmt(r.rss.current)} |`);
}
const worst = Math.max(...rows.map((r) => r.total.ratio));
L.push('', `Largest total ratio: **${fmt(worst)}** (target ≤ ${TARGET}: ${worst <= TARGET ? 'met' : 'not met'}).`, '');
writeFileSync(join(here, quick ? 'compare-quick.md' : 'compare.md'), `${L.join('\n')}\n`);
writeFileSync(join(here, quick ? 'compare-quick.json' : 'compare.json'), `${JSON.stringify({ baseline: sha, current: head, dirty, rows }, null, 1)}\n`);
log(L.join('\n'));
