// Golden files: each case in golden/cases/<name>.json is a list of CLI
// arguments (and files it may read); its stdout, stderr and exit code are compared with
// golden/expected/<name>.{out,err}. Review changes to them like code
// (`npx vitest run test/golden.test.ts -u` rewrites them). A missing golden
// file fails everywhere, CI or not, and its message names that command.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';
import { expectGolden, GOLDEN_UPDATE_COMMAND, goldenExtension, goldenText, type GoldenCase } from './helpers/golden-output.js';

const dir = join(import.meta.dirname, 'golden');
const cases = readdirSync(join(dir, 'cases')).filter((f) => f.endsWith('.json')).sort();

describe('golden outputs', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(10));
  it('a missing golden file fails (outside update mode), names the update command, and is not written', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lagrad-golden-'));
    try {
      const path = join(tmp, 'deleted.out.txt');
      await expect(expectGolden('output\n', path, false)).rejects.toThrow(`golden file ${path} is missing: run \`${GOLDEN_UPDATE_COMMAND}\``);
      expect(existsSync(path)).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  for (const file of cases) {
    const name = file.replace(/\.json$/, '');
    it(name, async () => {
      const spec = JSON.parse(readFileSync(join(dir, 'cases', file), 'utf8')) as GoldenCase;
      const f = fakeIo({ stdin: spec.stdin, files: spec.files });
      const code = await main(spec.args, f.io);
      expect(code, f.stderr()).toBe(spec.exit);
      // The extension follows --format (.json, .tex, .html, .md, .dot, .mmd, .svg), else .txt.
      await expectGolden(goldenText(f.stdout(), spec.args), join(dir, 'expected', `${name}.out.${goldenExtension(spec.args)}`));
      await expectGolden(f.stderr(), join(dir, 'expected', `${name}.err.txt`));
      if (spec.exit === 2) {
        expect(f.stdout()).toBe('');
        expect(f.stderr()).toMatch(/^lagrad: error: [^\n]+\n$/);
      }
    });
  }
});
