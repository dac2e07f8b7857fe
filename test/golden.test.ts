// Golden files: each case in golden/cases/<name>.json is a list of CLI
// arguments (and files it may read); its stdout, stderr and exit code are compared with
// golden/expected/<name>.{out,err}. Review changes to them like code
// (`npx vitest run test/golden.test.ts -u` rewrites them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';
import { goldenExtension, goldenText, type GoldenCase } from './helpers/golden-output.js';

const dir = join(import.meta.dirname, 'golden');
const cases = readdirSync(join(dir, 'cases')).filter((f) => f.endsWith('.json')).sort();

describe('golden outputs', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(10));
  for (const file of cases) {
    const name = file.replace(/\.json$/, '');
    it(name, async () => {
      const spec = JSON.parse(readFileSync(join(dir, 'cases', file), 'utf8')) as GoldenCase;
      const f = fakeIo({ stdin: spec.stdin, files: spec.files });
      const code = await main(spec.args, f.io);
      expect(code, f.stderr()).toBe(spec.exit);
      // The extension follows --format (.json, .tex, .html, .md, .dot, .mmd, .svg), else .txt.
      await expect(goldenText(f.stdout(), spec.args)).toMatchFileSnapshot(join(dir, 'expected', `${name}.out.${goldenExtension(spec.args)}`));
      await expect(f.stderr()).toMatchFileSnapshot(join(dir, 'expected', `${name}.err.txt`));
      if (spec.exit === 2) {
        expect(f.stdout()).toBe('');
        expect(f.stderr()).toMatch(/^lagrad: error: [^\n]+\n$/);
      }
    });
  }
});
