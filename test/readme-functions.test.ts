// The README's table of functions is the one generated from the op table
// (src/ops/registry.ts), as `lagrad derive --help` prints it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CALLABLE, functionTableMarkdown } from '../src/ops/registry.js';
import { fakeIo } from './helpers/fake-io.js';

describe('the table of functions', () => {
  it('in the README is the generated one', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const m = /<!-- functions:start -->\n([\s\S]*?)\n<!-- functions:end -->/.exec(readme);
    expect(m, 'the README has the markers').not.toBeNull();
    expect(m![1]).toBe(functionTableMarkdown());
  });
  it('in --help names every function a user may call', async () => {
    const f = fakeIo({});
    await main(['derive', '--help'], f.io);
    for (const name of CALLABLE.keys()) expect(f.stdout(), name).toContain(`${name}(`);
  });
});
