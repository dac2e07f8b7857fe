// One benchmark case in its own process, so that heap and RSS figures do not
// bleed between cases:
//   node --expose-gc bench/case.mjs <family> <nodes> [--reps N] [--no-warmup] [--no-stages] [--dist DIR]
// Prints one JSON object on stdout. Every phase is caught separately: a crash
// in one renderer still reports the others.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { familyByName } from './families.mjs';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : fallback;
};
const [familyName, nodesArg] = argv;
const nodes = Number(nodesArg);
const reps = Math.max(1, Number(flag('--reps', '1')));
const warmup = !argv.includes('--no-warmup');
const distDir = resolve(flag('--dist', new URL('../dist', import.meta.url).pathname));

const lib = await import(pathToFileURL(`${distDir}/index.js`).href);
const family = familyByName(familyName);

function errorInfo(e) {
  const frames = String(e?.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).map((l) => l.trim());
  return { name: e?.name ?? 'Error', message: String(e?.message ?? e).slice(0, 300), frames };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** One full run: build (Builder or text), analyze, render text, render JSON. */
function runOnce(size) {
  // Start each run on a collected heap, so that one run does not pay for the
  // previous run's garbage.
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const r = { phases: {}, cpu: {} };
  let t = performance.now();
  let c0 = process.cpuUsage();
  const cpuSince = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const problem = family.build(lib, size);
  r.phases.generate = performance.now() - t;
  r.describe = problem.describe;
  r.sourceBytes = problem.source === undefined ? null : Buffer.byteLength(problem.source);
  let analysis;
  try {
    t = performance.now();
    c0 = process.cpuUsage();
    analysis = family.kind === 'builder'
      ? lib.analyzeParsed(problem.parsed, problem.options)
      : lib.analyzeExpression(problem.source, problem.options);
    r.phases.analyze = performance.now() - t;
    r.cpu.analyze = cpuSince();
  } catch (e) {
    r.error = { phase: 'analyze', ...errorInfo(e) };
    return r;
  }
  const g = analysis.derivation.graph;
  r.m = g.m;
  r.d = g.d;
  const c = analysis.check;
  r.check = c
    ? {
        coverage: c.coverage === 'all' ? 'all' : `sample ${c.coverage.sampled}/${c.coverage.of}`,
        failed: c.rows.filter((row) => !row.ok).length,
        direction: c.direction ? { ok: c.direction.ok, predicted: c.direction.predicted, measured: c.direction.measured } : null,
        problem: c.problem ? `${c.problem.kind} at z${c.problem.node}: ${c.problem.why}` : null,
        kktResidual: c.kktResidual,
      }
    : null;
  for (const [key, render] of [['text', lib.renderText], ['json', lib.renderJson]]) {
    try {
      t = performance.now();
      c0 = process.cpuUsage();
      const out = render(analysis);
      r.phases[key] = performance.now() - t;
      r.cpu[key] = cpuSince();
      r[`${key}Bytes`] = Buffer.byteLength(out);
      if (key === 'json') {
        // A sanity check of the output, outside the timing.
        try {
          JSON.parse(out);
          r.jsonValid = true;
        } catch (e) {
          r.jsonValid = false;
          r.jsonError = String(e.message).slice(0, 200);
        }
      }
    } catch (e) {
      r.error = r.error ?? { phase: key, ...errorInfo(e) };
      r[`${key}Error`] = { phase: key, ...errorInfo(e) };
    }
  }
  // The live heap with the analysis still reachable: what holding one
  // analysis costs (garbage collected first when run with --expose-gc).
  if (typeof globalThis.gc === 'function') globalThis.gc();
  r.liveHeapMB = process.memoryUsage().heapUsed / 2 ** 20;
  r.keep = analysis.derivation.graph.m; // keeps `analysis` reachable up to here
  return r;
}

/**
 * Where analyze's time goes: the same stages as src/pipeline.ts analyzeParsed,
 * called one by one through the public API and timed separately. A separate
 * run; only its times are kept. If the API changes, the error is recorded and
 * the rest of the case still stands.
 */
function stages(size) {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const st = {};
  const problem = family.build(lib, size);
  const opts = problem.options;
  let t = performance.now();
  const parsed = family.kind === 'builder' ? problem.parsed : lib.parseExpression(problem.source, opts);
  st.parse = family.kind === 'builder' ? 0 : performance.now() - t;
  t = performance.now();
  const graph = lib.buildGraph(parsed.builder, parsed.root, parsed.inputs, parsed.constants);
  st.graph = performance.now() - t;
  t = performance.now();
  const der = lib.derive(graph);
  st.derive = performance.now() - t;
  t = performance.now();
  const point = lib.choosePoint(der, opts.at ?? new Map(), 0);
  const compiled = lib.compile(der, point.values);
  st.pointCompile = performance.now() - t;
  t = performance.now();
  lib.check(der, compiled, point, { seed: 0 });
  st.check = performance.now() - t;
  return st;
}

const result = { family: family.name, target: nodes, reps, warmup };
if (typeof globalThis.gc === 'function') globalThis.gc();
// The heap with the library loaded and nothing analyzed yet.
result.baselineHeapMB = process.memoryUsage().heapUsed / 2 ** 20;
try {
  if (warmup) {
    // JIT warm-up: one discarded run of the same family (at the same size up
    // to 10⁴ nodes), so that the small cases measure the code, not the compiler.
    runOnce(Math.min(10_000, nodes));
  }
  const runs = [];
  for (let k = 0; k < reps; k++) {
    const r = runOnce(nodes);
    runs.push(r);
    if (r.error) break;
  }
  const last = runs[runs.length - 1];
  Object.assign(result, {
    describe: last.describe,
    m: last.m ?? null,
    d: last.d ?? null,
    sourceBytes: last.sourceBytes,
    textBytes: last.textBytes ?? null,
    jsonBytes: last.jsonBytes ?? null,
    jsonValid: last.jsonValid ?? null,
    liveHeapMB: last.liveHeapMB ?? null,
    check: last.check ?? null,
    error: last.error ?? null,
    textError: last.textError ?? null,
    jsonError: last.jsonError ?? null,
    ms: {},
    msAll: {},
    cpuMs: {},
  });
  for (const phase of ['generate', 'analyze', 'text', 'json']) {
    const xs = runs.map((r) => r.phases[phase]).filter((x) => x !== undefined);
    if (xs.length) {
      result.ms[phase] = median(xs);
      result.msAll[phase] = xs;
    }
    const cs = runs.map((r) => r.cpu[phase]).filter((x) => x !== undefined);
    if (cs.length) result.cpuMs[phase] = median(cs);
  }
  if (!result.error && !argv.includes('--no-stages')) {
    try {
      result.stagesMs = stages(nodes);
    } catch (e) {
      result.stagesError = errorInfo(e);
    }
  }
} catch (e) {
  result.error = { phase: 'harness', ...errorInfo(e) };
}
const mem = process.memoryUsage();
result.heapUsedMB = mem.heapUsed / 2 ** 20;
result.maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(result)}\n`);
