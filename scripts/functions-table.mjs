// Writes the table of functions, generated from the op table, into README.md
// between <!-- functions:start --> and <!-- functions:end -->
// (test/readme-functions.test.ts fails when the two differ).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/registry-for-readme.mjs';
await build({ entryPoints: ['src/ops/registry.ts'], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const { functionTableMarkdown } = await import(`../${out}`);
rmSync(out);
const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/<!-- functions:start -->\n[\s\S]*?<!-- functions:end -->/, () => `<!-- functions:start -->\n${functionTableMarkdown()}\n<!-- functions:end -->`);
if (next === readme) console.log('README.md: the table of functions is up to date');
else {
  writeFileSync('README.md', next);
  console.log('README.md: the table of functions rewritten');
}
