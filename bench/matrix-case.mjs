// One matrix-network case in its own process (see bench/matrix.mjs):
//   node --expose-gc bench/matrix-case.mjs --hook FILE --loss ce|sq --layers L --width W --batch B [--classes C] [--check] [--reps N]
// Prints one JSON object on stdout: stage times (parse, derive, values,
// check), forward and reverse-sweep times (medians of interleaved runs, wall
// and CPU), sizes, and the check's verdict.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, networkProgram, networkValues } from './matrix.mjs';

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

  // Forward evaluation vs reverse sweep, interleaved so that load drift hits both.
  const work = result.entries * shape.width; // ~ multiply-adds of the matrix products
  const reps = work > 2e8 ? 2 : work > 2e7 ? 3 : 7;
  const fw = [];
  const sw = [];
  let sweep;
  phase = 'forward/sweep';
  for (let r = 0; r < reps; r++) {
    gc();
    const values = new Map(point.value.inputs);
    fw.push(timed(() => hook.forward(program, values)));
    gc();
    const s = timed(() => hook.reverseSweep(der, point.value));
    sweep = s.value;
    sw.push(s);
  }
  result.reps = reps;
  result.ms.forward = median(fw.map((x) => x.ms));
  result.ms.sweep = median(sw.map((x) => x.ms));
  result.cpuMs.forward = median(fw.map((x) => x.cpu));
  result.cpuMs.sweep = median(sw.map((x) => x.cpu));
  result.msAll = { forward: fw.map((x) => x.ms), sweep: sw.map((x) => x.ms) };
  result.sweepOverForward = result.ms.sweep / result.ms.forward;
  result.sweepOverForwardCpu = result.cpuMs.sweep / result.cpuMs.forward;

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
