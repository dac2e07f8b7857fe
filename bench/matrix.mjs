// Matrix networks in the benchmark (issue 3): layered programs
//   H_k = W_k*Z_{k−1} + b_k;  Z_k = tanh(H_k)   (Z_0 = X, the data)
// with a softmax cross-entropy or squared loss on H_L, at depths of 2, 8 and
// 32 layers. Two families:
//
//   matrix-check  narrow (width 16, batch 8; and width 1,000, batch 256 at
//                 depth 2): the whole pipeline, parse →
//                 derive → values → reverse sweep → check, timed stage by
//                 stage, per statement; and the CLI (`lagrad derive --file
//                 net.lag --values w.json`, text and JSON) for output bytes
//                 (not at width 1,000, where each CLI run would repeat the
//                 check).
//   matrix-sweep  wide (width 256, batch 128; and width 1,000, batch 256 at
//                 depth 2), check off: one forward evaluation of the
//                 statements against one reverse sweep of the derived
//                 equations (target: sweep ≤ 3× forward).
//
// The forward pass and the reverse sweep are not in the public library API,
// so the bench bundles a timing hook of its own (MATRIX_HOOK_SOURCE below:
// re-exports from src/, bundled by esbuild like scripts/build.mjs) into the
// bench's private snapshot; dist/ and src/ are untouched. Each case runs in
// its own process (bench/matrix-case.mjs). Imported by bench/run.mjs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The timing hook: the program pipeline's stages, one by one. */
export const MATRIX_HOOK_SOURCE = [
  "export { deriveProgram as analyzeProgram } from './src/program-pipeline.ts';",
  "export { parseProgram } from './src/tensor/program.ts';",
  "export { deriveMatrixForm as deriveProgram } from './src/tensor/derive.ts';",
  "export { chooseProgramPoint as choosePoint, forward } from './src/tensor/point.ts';",
  "export { sweepProgram as reverseSweep } from './src/tensor/sweep.ts';",
  "export { checkProgram } from './src/tensor/check.ts';",
  "export { valuesFromJson } from './src/tensor/values.ts';",
  '',
].join('\n');

export const MATRIX_FAMILIES = [
  {
    name: 'matrix-check',
    title: 'layered tanh network, softmax cross-entropy, width 16, batch 8 (and width 1,000, batch 256): parse → derive → values → sweep → check',
    loss: 'ce',
    check: true,
    cli: ['text', 'json'],
    cases: (quick, wideCheck) => [
      ...(quick ? [2, 8] : [2, 8, 32]).map((layers) => ({ layers, width: 16, batch: 8, classes: 10 })),
      // The check on 256k-entry matrices (and a 1M-entry W1): every sampled entry of W1 re-runs the
      // 1000×1000×256 product, so the check sizes its sample to a work budget of forward evaluations
      // (tensor/check.ts). No CLI runs here (each would repeat the whole check), and a time limit of
      // its own. Left out with --no-matrix-wide-check.
      ...(!wideCheck ? [] : [{ layers: 2, width: 1000, batch: 256, classes: 10, cli: [], timeoutMs: 420_000 }]),
    ],
  },
  {
    name: 'matrix-sweep',
    title: 'layered tanh network, squared loss, wide (check off): forward evaluation against reverse sweep',
    loss: 'sq',
    check: false,
    cli: ['text'],
    cases: (quick) => [
      ...(quick ? [2, 8] : [2, 8, 32]).map((layers) => ({ layers, width: 256, batch: 128 })),
      ...(quick ? [] : [{ layers: 2, width: 1000, batch: 256 }]),
    ],
  },
];

export const SWEEP_TARGET = 3;
const FLAT_TARGET = 2;
const CASE_TIMEOUT_MS = 180_000;

/**
 * The program text: L layers; every hidden layer `width` units; input X of
 * [width, batch]; output `classes` rows (cross-entropy) or `width` (squared).
 * Statements: H_1..H_L, Z_1..Z_{L−1}, loss, so 2L in all.
 */
export function networkProgram({ layers, width, batch, classes }, loss) {
  const out = loss === 'ce' ? classes : width;
  const lines = [`# ${layers} layers, width ${width}, batch ${batch}, ${loss === 'ce' ? 'softmax cross-entropy' : 'squared loss'}`];
  for (let k = 1; k <= layers; k++) lines.push(`param W${k}[${k === layers ? out : width},${width}]; param b${k}[${k === layers ? out : width}]`);
  lines.push(`data X[${width},${batch}]; data Y[${out},${batch}]`);
  for (let k = 1; k <= layers; k++) {
    lines.push(`H${k} = W${k}*${k === 1 ? 'X' : `Z${k - 1}`} + b${k}`);
    if (k < layers) lines.push(`Z${k} = tanh(H${k})`);
  }
  lines.push(loss === 'ce' ? `loss = sum(logsumexp(H${layers})) - sum(Y .* H${layers})` : `loss = sqnorm(H${layers} - Y)`);
  lines.push('minimize loss');
  return `${lines.join('\n')}\n`;
}

/**
 * Weights scaled by 1/√fan-in (uniform in ±1/√width, deterministic), as a
 * network would be initialised: with the default random point (entries in
 * [−1, 1]) a deep tanh stack saturates and its multipliers grow by orders of
 * magnitude, which tests the check's tolerance rather than the code. Nested
 * arrays, row-major, as `--values` takes them.
 */
export function networkValues({ layers, width, classes }, loss) {
  const out = loss === 'ce' ? classes : width;
  let s = 0x9e3779b9;
  const rand = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((s >>> 0) / 2 ** 32) * 2 - 1;
  };
  const values = {};
  for (let k = 1; k <= layers; k++) {
    const rows = k === layers ? out : width;
    const scale = 1 / Math.sqrt(width);
    values[`W${k}`] = Array.from({ length: rows }, () => Array.from({ length: width }, () => Number((scale * rand()).toPrecision(6))));
  }
  return values;
}

export async function buildMatrixHook(root, outfile) {
  const { build } = await import(pathToFileURL(join(root, 'node_modules/esbuild/lib/main.js')).href);
  await build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __lagradCreateRequire } from 'node:module'; const require = __lagradCreateRequire(import.meta.url);" },
    stdin: { contents: MATRIX_HOOK_SOURCE, resolveDir: root, sourcefile: 'bench-matrix-timing-hook.ts', loader: 'ts' },
    outfile,
  });
  return outfile;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

function runChild(here, hook, family, c) {
  const args = ['--expose-gc', join(here, 'matrix-case.mjs'), '--hook', hook, '--loss', family.loss,
    '--layers', String(c.layers), '--width', String(c.width), '--batch', String(c.batch), '--classes', String(c.classes ?? 10)];
  if (family.check) args.push('--check');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: c.timeoutMs ?? CASE_TIMEOUT_MS });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let res;
  try {
    res = JSON.parse((r.stdout ?? '').trim().split('\n').pop());
  } catch {
    res = { error: { phase: 'process', name: r.error?.code === 'ETIMEDOUT' ? 'Timeout' : 'Crash', message: `child exited with status ${r.status}${r.signal ? `, signal ${r.signal}` : ''}`, frames: (r.stderr ?? '').trim().split('\n').slice(-8) } };
  }
  res.wallMs = wallMs;
  return res;
}

/** `lagrad derive --file net.lag [--values w.json] --format F` from the snapshot: wall time, bytes, exit status. */
function runCli(snap, family, c, format, files) {
  const args = ['bin/lagrad.js', 'derive', '--file', files.program, '--format', format, '--values', files.values];
  if (!family.check) args.push('--no-check');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: snap, encoding: 'utf8', maxBuffer: 1024 * 2 ** 20, timeout: CASE_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { format, ms, bytes: Buffer.byteLength(r.stdout ?? ''), exit: r.status, stderr: r.status === 0 ? undefined : (r.stderr ?? '').slice(0, 500) };
}

/** Output bytes per statement of a successful CLI run, else null. */
function bytesPer(cli, format, statements) {
  const run = cli.find((x) => x.format === format);
  return run && run.exit === 0 ? run.bytes / statements : null;
}

/** Runs the matrix families; `log` prints progress. Returns the results for results.json. */
export async function runMatrixBench({ root, here, snap, quick, only, log, fmt, wideCheck = true }) {
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() || null;
  const measuredAt = { date: new Date().toISOString(), commit: git('rev-parse', '--short', 'HEAD'), srcDirty: (git('status', '--porcelain', '--', 'src') ?? '').length > 0 };
  const hook = await buildMatrixHook(root, join(snap, 'bench-matrix-timing-hook.js'));
  const families = [];
  for (const family of MATRIX_FAMILIES) {
    if (only && only !== 'matrix' && only !== family.name) continue;
    log(`${family.name}: ${family.title}`);
    const fam = { name: family.name, title: family.title, loss: family.loss, check: family.check, cases: [] };
    for (const c of family.cases(quick, wideCheck)) {
      const res = runChild(here, hook, family, c);
      Object.assign(res, { layers: c.layers, width: c.width, batch: c.batch });
      const tag = `L${c.layers}-w${c.width}-b${c.batch}`;
      const files = { program: `matrix-${tag}.lag`, values: `matrix-${tag}.values.json` };
      writeFileSync(join(snap, files.program), networkProgram(c, family.loss));
      writeFileSync(join(snap, files.values), JSON.stringify(networkValues(c, family.loss)));
      res.cli = (c.cli ?? family.cli).map((format) => runCli(snap, family, c, format, files));
      const S = res.statements;
      res.perStatement = S
        ? {
            parseDeriveUs: ((res.ms?.parse + res.ms?.derive) * 1000) / S,
            checkMs: res.ms?.check == null ? null : res.ms.check / S,
            textB: bytesPer(res.cli, 'text', S),
            jsonB: bytesPer(res.cli, 'json', S),
          }
        : {};
      fam.cases.push(res);
      const cli = res.cli.map((x) => `${x.format} ${fmt(x.bytes / 1024)} KiB in ${fmt(x.ms)} ms${x.exit ? ` EXIT ${x.exit}` : ''}`).join(', ');
      const err = res.error ? `  ERROR in ${res.error.phase}: ${res.error.name}: ${res.error.message}` : '';
      const chk = res.check ? `  check ${fmt(res.ms.check)} ms (${fmt(res.perStatement.checkMs)} ms/stmt, work ${fmt(res.check.workForwards)} forwards) ${res.check.ok ? 'ok' : 'FAILED'} ${res.check.coverage}` : '';
      log(`  ${tag}: ${S ?? '?'} statements, parse+derive ${fmt(res.ms?.parse + res.ms?.derive)} ms (${fmt(res.perStatement.parseDeriveUs)} µs/stmt)  forward ${fmt(res.ms?.forward)} ms  sweep ${fmt(res.ms?.sweep)} ms  sweep/forward ${fmt(res.sweepOverForward)} [${(res.sweepOverForwardSpread ?? []).map((x) => fmt(x)).join('–')}] (CPU ${fmt(res.sweepOverForwardCpu)}, ${res.reps ?? '?'} pairs)${chk}  ${cli}  [${fmt(res.wallMs / 1000)} s]${err}`);
    }
    const ok = fam.cases.filter((x) => x.statements && !x.error);
    // Flatness over depth at one width: per-statement figure at the deepest ÷ the shallowest.
    const byWidth = ok.filter((x) => x.width === ok[0]?.width);
    if (byWidth.length >= 2) {
      const a = byWidth[0];
      const z = byWidth[byWidth.length - 1];
      const r = (key) => (a.perStatement[key] && z.perStatement[key] ? z.perStatement[key] / a.perStatement[key] : null);
      fam.flatness = { from: a.statements, to: z.statements, parseDerive: r('parseDeriveUs'), check: r('checkMs'), textB: r('textB'), jsonB: r('jsonB') };
      const f = fam.flatness;
      const bad = ['parseDerive', 'check'].filter((k) => f[k] > FLAT_TARGET);
      log(`  per statement, ${f.from}→${f.to} statements: parse+derive ${fmt(f.parseDerive)}×${f.check != null ? `, check ${fmt(f.check)}×` : ''}, text bytes ${fmt(f.textB)}×${f.jsonB != null ? `, JSON bytes ${fmt(f.jsonB)}×` : ''}${bad.length ? `  SUPERLINEAR: ${bad.join(', ')}` : ''}`);
    }
    const worst = Math.max(...ok.map((x) => x.sweepOverForward ?? 0));
    fam.worstSweepOverForward = worst;
    families.push(fam);
  }
  return { schema: 'lagrad/bench-matrix@1', measuredAt, sweepTarget: SWEEP_TARGET, flatTarget: FLAT_TARGET, hook: 'bench/matrix.mjs MATRIX_HOOK_SOURCE, bundled from src/ into the snapshot', families };
}

/** The markdown section for bench/results.md. */
export function matrixMarkdown(matrix, fmt, fmtBytes) {
  const L = [];
  L.push('## 4. Matrix networks (programs)', '');
  const at = matrix.measuredAt;
  if (at) L.push(`Measured ${at.date.slice(0, 16).replace('T', ' ')} UTC at commit ${at.commit ?? '?'}${at.srcDirty ? ' plus uncommitted changes in src/' : ''} (the timing hook is bundled from src/ when this part starts).`, '');
  L.push('Layered programs `H_k = W_k*Z_{k−1} + b_k; Z_k = tanh(H_k)` (Z_0 = X, data of [width, batch]), with a softmax cross-entropy (`sum(logsumexp(H_L)) − sum(Y .* H_L)`, 10 classes) or squared loss (`sqnorm(H_L − Y)`) on the last layer: 2L statements for L layers. Weights are given (`--values`), uniform in ±1/√width; biases, X and Y are the seeded random values.');
  L.push('Each case runs in its own process (`node --expose-gc bench/matrix-case.mjs …`) on a timing hook bundled from src/ by the bench (bench/matrix.mjs: the program pipeline\'s stages re-exported, since the forward pass and the reverse sweep are not in the public API).');
  L.push('*parse*, *derive* (matrix form), *values* (seeded values plus one forward pass), *check* (`checkProgram` as it is at the measured commit) are single timed runs after a warm-up run of the whole pipeline on a small network of the same depth.');
  L.push('The *check* takes Richardson differences of every entry when there are at most 2,000 entries and that costs little; otherwise at most 64 variables, each with a sample of entries (a plain central difference each, Richardson-extrapolated only where it disagrees) sized to a work budget of about 32 forward evaluations — work counted from the shapes, not timed, so the check is deterministic — plus a random-direction test per checked variable; and a dot-product test per statement. *check work* is the work of all its evaluations in forward evaluations, as the check counts it.');
  L.push('*forward* (`forward` over all statements from the inputs) and *sweep* (`reverseSweep`: every μ and gradient from the derived equations) are warmed up on the measured program, then timed in interleaved pairs of samples (each sample repeats its run to last about 25 ms; 5 to 21 pairs); the times are the medians of the samples, **sweep/forward** is the median over the pairs of their ratio, with the 10th–90th percentile of the pairs\' ratios, and *(CPU)* the same in process CPU time. *CLI* is `node bin/lagrad.js derive --file net.lag --values w.json --format F` spawned from the snapshot (start-up included).', '');
  for (const fam of matrix.families) {
    L.push(`### ${fam.name}: ${fam.title}`, '');
    L.push('| layers | width | batch | statements | entries | parse ms | derive ms | parse+derive µs/stmt | values ms | forward ms | sweep ms | **sweep/forward** | pairs 10–90% | (CPU) | check ms | check ms/stmt | check work (forwards) | check | CLI text | text B/stmt | CLI JSON | JSON B/stmt | CLI ms | max RSS MiB |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const c of fam.cases) {
      const ms = c.ms ?? {};
      const p = c.perStatement ?? {};
      const text = c.cli?.find((x) => x.format === 'text');
      const json = c.cli?.find((x) => x.format === 'json');
      const ratio = c.sweepOverForward;
      const ratioCell = ratio == null ? '–' : ratio > matrix.sweepTarget ? `**${fmt(ratio)} ✗**` : fmt(ratio);
      const cov = c.check?.coverageDetail;
      const coverage = cov && cov !== 'all' ? `sampled ${fmt(cov.sampled)}/${fmt(cov.of)} entries in ${cov.variables}/${cov.ofVariables} variables, ${c.check.directions} direction tests` : c.check?.coverage;
      const checkCell = c.error ? `**${c.error.phase}: ${c.error.name}**` : c.check ? `${coverage}${c.check.ok ? ', pass' : `, **fail: ${c.check.failedRows} rows, ${c.check.failedDirections} directions, ${c.check.failedDot} dot**`}` : 'off';
      const cliMs = (c.cli ?? []).map((x) => `${x.format} ${fmt(x.ms)}${x.exit ? ` (exit ${x.exit})` : ''}`).join(', ');
      L.push(`| ${c.layers} | ${c.width} | ${c.batch} | ${c.statements ?? '–'} | ${fmt(c.entries)} | ${fmt(ms.parse)} | ${fmt(ms.derive)} | ${fmt(p.parseDeriveUs)} | ${fmt(ms.values)} | ${fmt(ms.forward)} | ${fmt(ms.sweep)} | ${ratioCell} | ${c.sweepOverForwardSpread ? c.sweepOverForwardSpread.map((x) => fmt(x)).join('–') : '–'} | ${fmt(c.sweepOverForwardCpu)} | ${fmt(ms.check)} | ${fmt(p.checkMs)} | ${fmt(c.check?.workForwards)} | ${checkCell} | ${fmtBytes(text?.bytes)} | ${fmt(p.textB)} | ${fmtBytes(json?.bytes)} | ${fmt(p.jsonB)} | ${cliMs} | ${fmt(c.maxRssMB)} |`);
    }
    L.push('');
    for (const c of fam.cases.filter((x) => x.error)) {
      L.push(`- **${c.layers} layers, width ${c.width}, batch ${c.batch}: ${c.error.phase} failed**: ${c.error.name}: ${c.error.message}.${(c.cli ?? []).filter((x) => x.exit).map((x) => ` The CLI (${x.format}) exits ${x.exit}: \`${(x.stderr ?? '').trim().split('\n')[0]}\`.`).join('')}`);
    }
    for (const c of fam.cases.filter((x) => x.check && x.width >= 1000)) {
      L.push(`Check of the ${c.layers}-layer network of width ${fmt(c.width)}, batch ${c.batch}: **${fmt(c.ms.check / 1000)} s** (CPU ${fmt(c.cpuMs.check / 1000)} s), ${fmt(c.check.workForwards)} forward evaluations of work as the check counts it (entry budget ${fmt(c.check.entryBudgetForwards)}), ${c.check.evaluations} evaluations of the objective; one forward evaluation took ${fmt(c.ms.forward)} ms; ${c.check.ok ? 'pass' : '**fail**'}.`, '');
    }
    const worst = fam.cases.filter((c) => c.check?.worstRow);
    if (worst.length) L.push(`Closest check row to its tolerance: ${worst.map((c) => `${c.layers} layers, width ${fmt(c.width)}: ${c.check.worstRow.variable}[${c.check.worstRow.index}] at ${fmt(c.check.worstRow.ofTolerance)} of the tolerance`).join('; ')}.`, '');
    const f = fam.flatness;
    if (f) {
      const cell = (x) => (x == null ? '–' : x > matrix.flatTarget ? `**${fmt(x)}** (superlinear)` : fmt(x));
      L.push(`Per statement, ${f.from} → ${f.to} statements (target within ${matrix.flatTarget}×): parse+derive ${cell(f.parseDerive)}${f.check != null ? `, check ${cell(f.check)}` : ''}, text bytes ${cell(f.textB)}${f.jsonB != null ? `, JSON bytes ${cell(f.jsonB)}` : ''}.`);
      if (f.check > matrix.flatTarget) L.push('The check\'s time per statement grows with depth here: see the check work column.');
    }
    if (fam.worstSweepOverForward) L.push(`Largest sweep/forward: ${fmt(fam.worstSweepOverForward)} (target ≤ ${matrix.sweepTarget}: ${fam.worstSweepOverForward <= matrix.sweepTarget ? 'met' : '**not met**'}).`);
    if (fam.check) L.push('The sweep computes no μ of data: the first layer costs it one large product (μ_H1·Xᵀ), as the forward pass (W1·X), and every further layer two (Wᵀ·μ and μ·Zᵀ) against the forward\'s one. A network whose work is in its first layer (width 1,000 into 10 classes) has a ratio near 1, deep ones near 2.');
    L.push('');
  }
  return L.join('\n');
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};

export { median, quantile };
