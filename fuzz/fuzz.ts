// The engine: runs each property over its share of the inputs with
// fast-check (seeded), counts every failure kind, then shrinks the first case
// of each kind (fast-check replays it by its path and shrinks it) and prints
// it with a one-line shell command that reproduces it.
import fc from 'fast-check';
import { DEFAULT_LIMITS, reproCommand, type Case, type MainFn, type ProcessLimits } from './case.js';
import type { Failure } from './checks.js';
import { Browser } from './documents.js';
import { PROPERTIES, type Context, type Property } from './properties.js';

export interface FuzzOptions {
  readonly main: MainFn;
  readonly seed: number;
  /** Total inputs, shared among the properties by their share (and caps); 'short' runs each property's shortRuns. */
  readonly runs: number | 'short';
  readonly only?: readonly string[];
  /** Replays one case (its index in the property's run) and shrinks it. */
  readonly replay?: number;
  readonly limits?: ProcessLimits;
  readonly inProcessBoundMs?: number;
  /** How many runs of the property a shrink may take. */
  readonly shrinkBudget?: number;
  readonly log?: (line: string) => void;
}

export interface KindReport {
  readonly kind: string;
  count: number;
  /** The index of its first case in the property's run. */
  readonly first: number;
  readonly detail: string;
  readonly original: Case;
  shrunk?: Case;
  shrunkDetail?: string;
  repro?: string;
}

export interface PropertyReport {
  readonly name: string;
  readonly runs: number;
  readonly skipped: number;
  readonly failing: number;
  readonly ms: number;
  readonly kinds: KindReport[];
  readonly unavailable?: string;
}

/** A distinct seed per property, so that their streams differ. */
function propertySeed(seed: number, name: string): number {
  let h = seed | 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

export function runsOf(p: Property, runs: number | 'short'): number {
  if (runs === 'short') return p.shortRuns;
  return Math.max(1, Math.min(p.cap ?? Infinity, Math.round(runs * p.share)));
}

export async function runFuzz(options: FuzzOptions): Promise<PropertyReport[]> {
  const log = options.log ?? (() => {});
  let browser: Browser | undefined;
  const ctx: Context = {
    main: options.main,
    limits: options.limits ?? DEFAULT_LIMITS,
    inProcessBoundMs: options.inProcessBoundMs ?? 10_000,
    browser: () => (browser ??= new Browser()),
  };
  const selected = options.only?.length ? PROPERTIES.filter((p) => options.only!.includes(p.name)) : PROPERTIES;
  const unknown = (options.only ?? []).filter((n) => !PROPERTIES.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`unknown property ${unknown.join(', ')}; the properties are ${PROPERTIES.map((p) => p.name).join(', ')}`);
  const reports: PropertyReport[] = [];
  try {
    for (const p of selected) {
      if (p.unavailable) {
        log(`${p.name}: skipped (${p.unavailable})`);
        reports.push({ name: p.name, runs: 0, skipped: 0, failing: 0, ms: 0, kinds: [], unavailable: p.unavailable });
        continue;
      }
      reports.push(await runProperty(p, options, ctx, log));
    }
  } finally {
    await browser?.close();
  }
  return reports;
}

async function runProperty(p: Property, options: FuzzOptions, ctx: Context, log: (line: string) => void): Promise<PropertyReport> {
  const seed = propertySeed(options.seed, p.name);
  const n = options.replay !== undefined ? options.replay + 1 : runsOf(p, options.runs);
  const kinds = new Map<string, KindReport>();
  let index = 0;
  let skipped = 0;
  let failing = 0;
  const t0 = performance.now();
  let lastLog = t0;
  const judge = async (c: Case): Promise<Failure[]> => {
    try {
      const r = await p.check(c, ctx);
      if (r.skipped) skipped++;
      return r.failures;
    } catch (e) {
      return [{ kind: 'harness-error', detail: e instanceof Error ? (e.stack ?? e.message).slice(0, 400) : String(e) }];
    }
  };
  const examples = (p.regressions ?? []).map((c): [Case] => [c]);
  const params = { seed, numRuns: n, examples, ...(options.replay !== undefined ? { path: String(options.replay) } : {}) };
  await fc.check(fc.asyncProperty(p.arbitrary, async (c) => {
    const i = index++;
    if (options.replay !== undefined && i > 0) return true;
    const failures = await judge(c);
    if (failures.length > 0) failing++;
    for (const f of failures) {
      const k = kinds.get(f.kind);
      if (k) k.count++;
      else {
        kinds.set(f.kind, { kind: f.kind, count: 1, first: options.replay ?? i, detail: f.detail, original: c });
        log(`${p.name}: new failure kind ${f.kind} at case ${options.replay ?? i}: ${f.detail.split('\n')[0]!.slice(0, 160)}`);
      }
    }
    const now = performance.now();
    if (now - lastLog > 15_000) {
      lastLog = now;
      log(`${p.name}: ${i + 1}/${n} cases, ${failing} failing, ${Math.round((now - t0) / 1000)} s`);
    }
    return true;
  }), params);
  const ran = options.replay !== undefined ? 1 : index;
  // Shrink the first case of each kind.
  for (const k of kinds.values()) {
    const budget = options.shrinkBudget ?? p.shrinkBudget ?? (p.cap !== undefined ? 40 : 400);
    let steps = 0;
    let best: { c: Case; detail: string } = { c: k.original, detail: k.detail };
    await fc.check(fc.asyncProperty(p.arbitrary, async (c) => {
      if (steps++ > budget) return true;
      const f = (await judge(c)).find((x) => x.kind === k.kind);
      if (f) best = { c, detail: f.detail };
      return f === undefined;
    }), { seed, numRuns: k.first + 1, examples, path: String(k.first) });
    k.shrunk = best.c;
    k.shrunkDetail = best.detail;
    k.repro = reproCommand(best.c);
  }
  const ms = performance.now() - t0;
  log(`${p.name}: ${ran} cases in ${(ms / 1000).toFixed(1)} s, ${failing} failing${skipped ? `, ${skipped} with nothing to judge` : ''}`);
  return { name: p.name, runs: ran, skipped, failing, ms, kinds: [...kinds.values()] };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** The shrunk input, readable: the arguments and the files, long ones clipped. */
export function describeCase(c: Case): string {
  const lines = [`  args:  ${JSON.stringify(c.args.map((a) => clip(a, 300)))}`];
  if (c.stdin !== undefined) lines.push(`  stdin: ${JSON.stringify(clip(c.stdin, 300))}`);
  for (const [name, content] of Object.entries(c.files ?? {})) lines.push(`  file ${name}: ${JSON.stringify(clip(content, 600))}`);
  for (const s of c.setup ?? []) lines.push(`  setup: ${JSON.stringify(s).slice(0, 200)}`);
  lines.push(`  from:  ${c.origin}`);
  return lines.join('\n');
}

/** The report: per property, runs and counts per failure kind; for each kind its shrunk input and reproducers. */
export function formatReport(reports: readonly PropertyReport[], seed: number, runs: number | 'short'): string {
  const out: string[] = [];
  const total = reports.reduce((s, r) => s + r.runs, 0);
  out.push(`lagrad fuzz: seed ${seed}, ${total} inputs (${runs === 'short' ? 'the short run' : `--runs ${runs}`})`);
  out.push('');
  out.push('property              inputs  failing  kinds');
  for (const r of reports) {
    const kinds = r.unavailable ? `skipped: ${r.unavailable}` : r.kinds.length === 0 ? '0 failures' : r.kinds.map((k) => `${k.kind} ×${k.count}`).join(', ');
    out.push(`${r.name.padEnd(20)}  ${String(r.runs).padStart(6)}  ${String(r.failing).padStart(7)}  ${kinds}`);
  }
  for (const r of reports) {
    for (const k of r.kinds) {
      out.push('');
      out.push(`✗ ${r.name} / ${k.kind} (×${k.count}, first at case ${k.first})`);
      out.push(`  ${clip((k.shrunkDetail ?? k.detail).replace(/\n/g, '⏎'), 400)}`);
      out.push('  shrunk input:');
      out.push(describeCase(k.shrunk ?? k.original).replace(/^/gm, '  '));
      out.push(`  reproduce: ${clip(k.repro ?? reproCommand(k.original), 2000)}`);
      out.push(`  replay:    npm run fuzz -- --only ${r.name} --seed ${seed} --replay ${k.first}`);
    }
  }
  return out.join('\n');
}
