// Bundles the CLI, the library and the deep-parse worker with esbuild, so that
// start-up loads one file and only the parts of mathjs that `parse` needs.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: process.env.LAGRAD_SOURCEMAP === "1",
  legalComments: 'none',
  logLevel: 'warning',
  // mathjs and others are CommonJS-free ESM, but a few dependencies use require();
  // give the ESM bundle a require() of its own.
  banner: { js: "import { createRequire as __lagradCreateRequire } from 'node:module'; const require = __lagradCreateRequire(import.meta.url);" },
};

await build({
  ...common,
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    'parse-worker': 'src/parse/worker.ts',
  },
  outdir: 'dist',
  minify: process.env.LAGRAD_SOURCEMAP !== "1",
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
