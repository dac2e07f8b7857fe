// `npm run fuzz -- [--runs N | --short] [--seed S] [--only P[,Q]] [--replay I]
// [--timeout MS] [--heap MB] [--json FILE]`: the fuzzer from the command
// line. It runs main() from the sources in-process and `node bin/lagrad.js`
// (the build) for real processes; `npm run fuzz` builds first. Exit 0 when no
// property failed, 1 when one did, 2 on bad options.
import { writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';
import { DEFAULT_LIMITS } from './case.js';
import { formatReport, runFuzz } from './fuzz.js';
import { PROPERTIES } from './properties.js';

const USAGE = `usage: npm run fuzz -- [--runs N | --short] [--seed S] [--only P[,Q…]] [--replay I] [--timeout MS] [--heap MB] [--json FILE]
properties: ${PROPERTIES.map((p) => p.name).join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2).filter((a) => a !== '--');
let runs: number | 'short' = 2000;
let seed = 1;
let only: string[] | undefined;
let replay: number | undefined;
let json: string | undefined;
let timeoutMs = DEFAULT_LIMITS.timeoutMs;
let heapMb = DEFAULT_LIMITS.heapMb;
const int = (name: string, v: string | undefined): number => {
  if (v === undefined || !/^-?\d+$/.test(v)) fail(`${name} takes a whole number, got ${v === undefined ? 'nothing' : `'${v}'`}`);
  return Number(v);
};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  const eq = a.indexOf('=');
  const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
  const value = () => inline ?? argv[++i];
  if (flag === '--runs') runs = int('--runs', value());
  else if (flag === '--short') runs = 'short';
  else if (flag === '--seed') seed = int('--seed', value());
  else if (flag === '--only') only = (value() ?? fail('--only takes a property')).split(',').filter(Boolean);
  else if (flag === '--replay') replay = int('--replay', value());
  else if (flag === '--timeout') timeoutMs = int('--timeout', value());
  else if (flag === '--heap') heapMb = int('--heap', value());
  else if (flag === '--json') json = value() ?? fail('--json takes a file');
  else if (flag === '--help' || flag === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else fail(`unknown option '${a}'`);
}
if (only) for (const n of only) if (!PROPERTIES.some((p) => p.name === n)) fail(`--only: no property '${n}'`);
if (replay !== undefined && (!only || only.length !== 1)) fail('--replay needs --only with one property');

const t0 = performance.now();
const reports = await runFuzz({
  main, seed, runs, ...(only ? { only } : {}), ...(replay !== undefined ? { replay } : {}),
  limits: { timeoutMs, heapMb },
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${formatReport(reports, seed, runs)}\n\n${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
if (json) writeFileSync(json, JSON.stringify(reports.map((r) => ({ ...r, kinds: r.kinds.map((k) => ({ kind: k.kind, count: k.count, first: k.first, detail: k.shrunkDetail ?? k.detail, repro: k.repro, input: k.shrunk ?? k.original })) })), null, 2));
process.exit(reports.some((r) => r.failing > 0) ? 1 : 0);
