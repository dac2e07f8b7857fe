// One matrix-network case in its own process (see bench/matrix.mjs):
//   node --expose-gc bench/matrix-case.mjs --hook FILE --loss ce|sq --layers L --width W --batch B [--classes C] [--check]
// Prints one JSON object on stdout: stage times (parse, derive, values,
// check), forward and reverse-sweep times (after a warm-up, medians of
// interleaved samples, wall and CPU) and the median of their pairwise ratio,
// sizes, and the check's verdict and its work.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, networkProgram, networkValues, quantile } from './matrix.mjs';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : fallback;
};
const shape = { layers: Number(flag('--layers')), width: Number(flag('--width')), batch: Number(flag('--batch')), classes: Number(flag('--classes', '10')) };
const loss = flag('--loss', 'ce');
const doCheck = argv.includes('--check');
const hook = await import(pathToFileURL(resolve(flag('--hook'))).href);
const gc = () => globalThis.gc?.();
const cpuMs = (c) => (c.user + c.system) / 1000;
/** Forward and sweep are run untimed for this long first (and at least twice). */
const WARM_MS = 300;
/** A timed sample repeats its run until it lasts about this long. */
const SAMPLE_MS = 25;
/** Interleaved pairs of samples: as many as fit in about PAIRS_MS, within these bounds (odd). */
const PAIRS_MS = 6000;
const MIN_PAIRS = 5;
const MAX_PAIRS = 21;

function errorInfo(e) {
  const frames = String(e?.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).map((l) => l.trim());
  return { name: e?.name ?? 'Error', message: String(e?.message ?? e).slice(0, 300), frames };
}

function timed(f) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
}

const result = { loss, ...shape, check: null, ms: {}, cpuMs: {} };
let phase = 'setup';
try {
  const source = networkProgram(shape, loss);
  const valuesJson = networkValues(shape, loss);
  // The elements of the program's size that grow with the width: entries of
  // every declared variable and every statement.
  // Warm-up: the whole pipeline once on a small program of the same depth (JIT).
  phase = 'warm-up';
  hook.analyzeProgram(networkProgram({ ...shape, width: 4, batch: 3, classes: 3 }, loss), { check: doCheck });

  gc();
  phase = 'parse';
  const parsed = timed(() => hook.parseProgram(source));
  const program = parsed.value;
  phase = 'derive';
  const derived = timed(() => hook.deriveProgram(program));
  const der = derived.value;
  phase = 'values';
  const given = hook.valuesFromJson(valuesJson, program);
  const point = timed(() => hook.choosePoint(program, given, 0));
  result.statements = program.statements.length;
  result.declarations = program.declarations.length;
  result.entries = [...point.value.values.values()].reduce((s, t) => s + t.data.length, 0);
  Object.assign(result.ms, { parse: parsed.ms, derive: derived.ms, values: point.ms });
  Object.assign(result.cpuMs, { parse: parsed.cpu, derive: derived.cpu, values: point.cpu });

  // Forward evaluation vs reverse sweep. Both are warmed up on this program first (the JIT), then
  // timed in interleaved pairs, so that a drift in the machine's load hits both alike; a sample
  // repeats its run until it lasts about SAMPLE_MS (a width-16 forward takes well under a
  // millisecond, where one run's time is mostly noise). The ratio is the median over the pairs
  // of sweep/forward, with the spread of the pairs' ratios.
  phase = 'forward/sweep';
  const runForward = () => hook.forward(program, new Map(point.value.inputs));
  let sweep;
  const runSweep = () => (sweep = hook.reverseSweep(der, point.value));
  const warm = { forward: [], sweep: [] };
  const warmStart = performance.now();
  while (warm.forward.length < 2 || (warm.forward.length < 50 && performance.now() - warmStart < WARM_MS)) {
    warm.forward.push(timed(runForward).ms);
    warm.sweep.push(timed(runSweep).ms);
  }
  const repeat = (ms) => Math.max(1, Math.ceil(SAMPLE_MS / Math.max(ms, 1e-3)));
  const inner = { forward: repeat(median(warm.forward)), sweep: repeat(median(warm.sweep)) };
  const pairMs = inner.forward * median(warm.forward) + inner.sweep * median(warm.sweep);
  const pairs = Math.max(MIN_PAIRS, Math.min(MAX_PAIRS, Math.floor(PAIRS_MS / pairMs))) | 1;
  const sample = (f, n) => {
    gc();
    const x = timed(() => {
      for (let k = 0; k < n; k++) f();
    });
    return { ms: x.ms / n, cpu: x.cpu / n };
  };
  const fw = [];
  const sw = [];
  for (let r = 0; r < pairs; r++) {
    fw.push(sample(runForward, inner.forward));
    sw.push(sample(runSweep, inner.sweep));
  }
  const ratios = fw.map((f, k) => sw[k].ms / f.ms);
  const cpuRatios = fw.map((f, k) => (f.cpu > 0 ? sw[k].cpu / f.cpu : NaN)).filter(Number.isFinite);
  result.reps = pairs;
  result.inner = inner;
  result.ms.forward = median(fw.map((x) => x.ms));
  result.ms.sweep = median(sw.map((x) => x.ms));
  result.cpuMs.forward = median(fw.map((x) => x.cpu));
  result.cpuMs.sweep = median(sw.map((x) => x.cpu));
  result.msAll = { forward: fw.map((x) => x.ms), sweep: sw.map((x) => x.ms) };
  result.sweepOverForward = median(ratios);
  result.sweepOverForwardSpread = [quantile(ratios, 0.1), quantile(ratios, 0.9)];
  result.sweepOverForwardCpu = cpuRatios.length ? median(cpuRatios) : null;

  if (doCheck) {
    phase = 'check';
    gc();
    const chk = timed(() => hook.checkProgram(der, point.value, sweep, { seed: 0 }));
    const c = chk.value;
    const scale = Math.max(1, Math.abs(point.value.values.get(program.objective).data[0]));
    result.ms.check = chk.ms;
    result.cpuMs.check = chk.cpu;
    result.check = {
      ok: c.ok,
      coverage: c.coverage === 'all' ? 'all' : `sampled ${c.coverage.sampled}/${c.coverage.of}`,
      coverageDetail: c.coverage,
      // The check's work counted from shapes (tensor/check.ts), in forward evaluations, and the
      // objective evaluations it made for entries and direction tests.
      workForwards: c.work ? c.work.spent / c.work.forward : null,
      entryBudgetForwards: c.work?.entryBudget == null ? null : c.work.entryBudget / c.work.forward,
      evaluations: c.work?.evaluations ?? null,
      directions: c.directions.length,
      method: c.method,
      rows: c.rows.length,
      failedRows: c.rows.filter((x) => !x.ok).length,
      failedDirections: c.directions.filter((x) => !x.ok).length,
      failedDot: c.dot.filter((x) => !x.ok).length,
      // The row closest to failing: its error as a fraction of the check's
      // tolerance (1e-5·|numeric| + 1e-6·max(1, |objective|); above 1 fails).
      worstRow: c.rows.reduce((w, x) => {
        const tol = 1e-5 * Math.abs(x.numeric) + 1e-6 * scale;
        return w === null || x.absError / tol > w.ofTolerance ? { variable: x.variable, index: x.index, derived: x.derived, numeric: x.numeric, ofTolerance: x.absError / tol } : w;
      }, null),
    };
  }
} catch (e) {
  result.error = { phase, ...errorInfo(e) };
}
result.maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(result)}\n`);
