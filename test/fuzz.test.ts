// The fuzzer's short seeded run (fuzz/, `npm run fuzz` for the long one):
// every property over a few hundred inputs in-process and a sample of real
// processes, documents compiled and opened. A failure prints the shrunk
// input, a shell line that reproduces it, and the fuzzer's replay command.
// Real processes run bin/lagrad.js, so this needs the build (`npm test` builds first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { formatReport, runFuzz } from '../fuzz/fuzz.js';
import { PROPERTIES } from '../fuzz/properties.js';
import { replFailures } from '../fuzz/repl.js';
import { hasPosition } from '../fuzz/checks.js';

const SEED = 1;
const BUILT = existsSync(join(import.meta.dirname, '..', 'dist', 'cli.js'));
const SLOW: Record<string, number> = { bounded: 240_000, 'out-target': 180_000, 'cli-process': 120_000, 'latex-compiles': 180_000, 'html-opens': 180_000 };

describe('fuzz: the short seeded run of every property', () => {
  it('dist/ is built (the real processes run bin/lagrad.js)', () => {
    expect(BUILT, 'run npm run build first').toBe(true);
  });
  for (const p of PROPERTIES) {
    it(`${p.name}: ${p.description}`, async () => {
      const [report] = await runFuzz({ main, seed: SEED, runs: 'short', only: [p.name] });
      if (report!.unavailable && process.env.CI === 'true') throw new Error(`CI=true but ${p.name} cannot run: ${report!.unavailable}`);
      expect(report!.failing, formatReport([report!], SEED, 'short')).toBe(0);
    }, SLOW[p.name] ?? 120_000);
  }
});

describe('fuzz: the REPL property can fail', () => {
  const o = (code: number | null, stderr: string) => ({ code, stdout: '', stderr, written: new Map<string, string>(), ms: 1 });
  it('passes one-line errors and exit 0 or 1', () => {
    expect(replFailures(o(0, 'lagrad: error: 1:5: parenthesis ) expected\nlagrad: error: unknown command :x: :help lists them\n'))).toEqual([]);
    expect(replFailures(o(1, ''))).toEqual([]);
  });
  it('sees an exit other than 0 or 1, an internal error, a line not of lagrad, an unterminated line', () => {
    const kinds = (code: number | null, stderr: string) => replFailures(o(code, stderr)).map((f) => f.kind);
    expect(kinds(2, 'lagrad: error: x\n')).toEqual(['repl-exit-2']);
    expect(kinds(0, 'lagrad: internal error: boom (run with --verbose for details)\n')).toEqual(['repl-internal-error']);
    expect(kinds(0, 'lagrad: error: two\nlines\n')).toEqual(['repl-error-lines']);
    expect(kinds(0, 'lagrad: error: no newline')).toEqual(['repl-error-unterminated']);
  });
});

describe('fuzz: the position check reads a quoted claim target', () => {
  it('accepts claim for "a:b": (a colon inside the quotes), and still refuses a message without a position', () => {
    // Found by npm run fuzz -- --runs 105000 --seed 2026 (usage-error-form, case 3752): a target with a colon
    // was written bare, so the position could not be told from the message.
    expect(hasPosition('claim for "x[x](javascript:alert(1))": unknown target')).toBe(true);
    expect(hasPosition('claim for x1: unknown target')).toBe(true);
    expect(hasPosition('unknown target somewhere')).toBe(false);
  });
});
