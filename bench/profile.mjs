// Where the time goes in one benchmark case:
//   node bench/profile.mjs <family> <nodes> [--top N] [--clean]
//   node bench/profile.mjs cli <lagrad arguments…>   (the whole CLI process;
//     stdin is passed through, stdout discarded)
// Bundles the library again without minification into a temporary directory
// (dist/ is left alone), runs bench/case.mjs on it under `node --cpu-prof`,
// and prints the functions with the most self time, each with the source
// file it came from (read from esbuild's `// src/…` section comments).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : fallback;
};
const [family, nodes] = argv;
if (!family || !nodes) {
  console.error('usage: node bench/profile.mjs <family> <nodes> [--top N] | cli <lagrad arguments…>');
  process.exit(2);
}
const cli = family === 'cli';
const top = cli ? 30 : Number(flag('--top', '25'));

const work = mkdtempSync(join(os.tmpdir(), 'lagrad-prof-'));
const dist = join(work, 'dist');
const profDir = join(work, 'prof');

// The same bundle as scripts/build.mjs, but readable names.
const { build } = await import(pathToFileURL(join(root, 'node_modules/esbuild/lib/main.js')).href);
await build({
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __lagradCreateRequire } from 'node:module'; const require = __lagradCreateRequire(import.meta.url);" },
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', 'parse-worker': 'src/parse/worker.ts' },
  outdir: dist,
  minify: false,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

const profFlags = ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200'];
if (cli) {
  const t0 = process.hrtime.bigint();
  const shim = join(work, 'lagrad.mjs');
  writeFileSync(shim, "import { main } from './dist/cli.js';\nprocess.exitCode = await main(process.argv.slice(2));\n");
  const r = spawnSync(process.execPath, [...profFlags, shim, ...argv.slice(1)], {
    cwd: root,
    stdio: ['inherit', 'ignore', 'inherit'],
  });
  console.log(`lagrad ${argv.slice(1).join(' ')}: exit ${r.status}, ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms (profiled)`);
}
const r = cli
  ? { stdout: '' }
  : spawnSync(
      process.execPath,
      ['--expose-gc', ...profFlags, join(here, 'case.mjs'), family, nodes, '--no-warmup', '--no-stages', '--dist', dist],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
const line = (r.stdout ?? '').trim().split('\n').pop();
if (!cli) try {
  const res = JSON.parse(line);
  console.log(`case ${family} ${nodes}: m=${res.m} ms=${JSON.stringify(res.ms)}${res.error ? ` error=${JSON.stringify(res.error)}` : ''}`);
} catch {
  console.log(`case did not report (status ${r.status}, signal ${r.signal}); stderr:\n${(r.stderr ?? '').slice(-3000)}`);
}

// Section markers: which source file each line of each bundled file belongs to.
const sectionsCache = new Map();
function sourceOf(url, line) {
  if (!url.startsWith('file://')) return url || '(native)';
  const path = fileURLToPath(url);
  if (!path.startsWith(dist)) return path.replace(root + '/', '');
  if (!sectionsCache.has(path)) {
    const marks = [];
    readFileSync(path, 'utf8').split('\n').forEach((l, k) => {
      const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(l);
      if (m) marks.push([k, m[1].replace(/^node_modules\/([^/]+)\/.*$/, 'node_modules/$1')]);
    });
    sectionsCache.set(path, marks);
  }
  let file = path.replace(dist, 'bundle');
  for (const [k, name] of sectionsCache.get(path)) {
    if (k <= line) file = name;
    else break;
  }
  return file;
}

const profiles = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
for (const p of profiles) {
  const prof = JSON.parse(readFileSync(join(profDir, p), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  // timeDeltas[k] is the time before sample k.
  for (let k = 0; k < prof.samples.length; k++) {
    const id = prof.samples[k];
    dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[k + 1] ?? 0));
  }
  const agg = new Map();
  let total = 0;
  for (const [id, us] of dt) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anonymous)'}\t${sourceOf(cf.url, cf.lineNumber)}`;
    agg.set(key, (agg.get(key) ?? 0) + us);
    total += us;
  }
  console.log(`\n${p}: ${(total / 1000).toFixed(0)} ms sampled; top ${top} by self time`);
  const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) {
    const [fn, file] = key.split('\t');
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${fn.padEnd(36)} ${file}`);
  }
}
if (argv.includes('--clean')) rmSync(work, { recursive: true, force: true });
else console.log(`\nprofiles kept in ${profDir} (open in Chrome DevTools; --clean to delete)`);
