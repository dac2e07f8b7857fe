// A point without a derivative (on a kink, outside a domain) is reported and
// exits 1 whether or not the numeric check runs (issue 14): `--no-check` and a
// handout problem's `check: false` skip the check, never the report.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { analyzeExpression } from '../src/pipeline.js';
import { fakeIo } from './helpers/fake-io.js';

async function run(args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string; files: Map<string, string> }> {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

describe('a point without a derivative, with the check off', () => {
  for (const [expr, at, says] of [
    ['relu(x)', 'x=0', /on a kink of z₂ = relu\(z₁\)/],
    ['log(x)', 'x=-1', /outside the domain|not defined|log/],
    ['abs(x) + x^2', 'x=0', /on a kink/],
  ] as const) {
    it(`derive "${expr}" --at ${at} --no-check reports the point and exits 1`, async () => {
      const r = await run(['derive', expr, '--at', at, '--no-check']);
      expect(r.code, r.err).toBe(1);
      expect(r.out).toMatch(/✗ the point/);
      expect(r.out).toMatch(says);
    });
    it(`derive "${expr}" --at ${at} --no-check --format json says so and exits 1`, async () => {
      const r = await run(['derive', expr, '--at', at, '--no-check', '--format', 'json']);
      expect(r.code, r.err).toBe(1);
      const json = JSON.parse(r.out) as { check: { ok: boolean; problem?: { kind: string } } | null };
      expect(json.check?.ok).toBe(false);
      expect(json.check?.problem).toBeDefined();
    });
  }

  it('a point with a derivative still exits 0 with --no-check, and nothing is checked', async () => {
    const r = await run(['derive', 'relu(x)', '--at', 'x=0.5', '--no-check']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/skipped \(--no-check\)/);
  });

  it('the library reports the point with check: false, and computes no check rows there', () => {
    const a = analyzeExpression('relu(x)', { at: new Map([['x', 0]]), check: false });
    expect(a.point.problem).not.toBeNull();
    expect(a.check?.ok).toBe(false);
    expect(a.check?.rows).toEqual([]);
    expect(a.check?.problem).toEqual(a.point.problem);
  });

  it('a program at a kink with --no-check still exits 1 (as before)', async () => {
    const r = await run(['derive', 'param x; y = relu(x)', '--at', 'x=0', '--no-check']);
    expect(r.code, r.err).toBe(1);
  });

  for (const format of ['html', 'md', 'tex'] as const) {
    it(`a handout problem with check: false at a kink exits 1 and its document says so (${format})`, async () => {
      const yaml = [
        'title: T',
        'problems:',
        '  - title: fine',
        '    expression: x^2',
        '    at: {x: 1}',
        '  - title: kink',
        '    expression: relu(x)',
        '    at: {x: 0}',
        '    check: false',
        '',
      ].join('\n');
      const r = await run(['handout', 'p.yaml', '-o', `h.${format}`], { 'p.yaml': yaml });
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(/problem 2: /);
      expect(r.err).not.toMatch(/problem 1: /);
      expect(r.files.get(`h.${format}`)).toMatch(/The point is on a kink/);
    });
  }
});
