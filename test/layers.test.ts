// The pipeline's layering, enforced: each folder imports only from the layers
// before it, and mathjs, chalk, commander, katex, dagre and yaml stay in their one place.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const ALLOWED: Record<string, readonly string[]> = {
  ir: ['ir'],
  parse: ['parse', 'ir'],
  model: ['model', 'ir'],
  derive: ['derive', 'model', 'ir'],
  verify: ['verify', 'derive', 'model', 'ir'],
  tensor: ['tensor', 'verify', 'parse', 'ir'],
  claims: ['claims', 'tensor', 'verify', 'derive', 'model', 'ir', 'parse'],
  render: ['render', 'tensor', 'claims', 'verify', 'derive', 'model', 'ir'],
};
const PACKAGES: Record<string, RegExp> = {
  mathjs: /^parse\/(syntax\.ts|mathjs-factories\.d\.ts)$/,
  chalk: /^cli\//,
  commander: /^cli\//,
  katex: /^render\/html\.ts$/,
  '@dagrejs/dagre': /^render\/graph-layout\.ts$/,
  yaml: /^parse\/safe-yaml\.ts$/,
  'playwright-core': /^$/,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('layers', () => {
  for (const file of files(SRC)) {
    const rel = relative(SRC, file).replaceAll('\\', '/');
    it(rel, () => {
      const text = readFileSync(file, 'utf8');
      const layer = rel.includes('/') ? rel.split('/')[0]! : null;
      for (const m of text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
        const typeOnly = Boolean(m[1]);
        const spec = m[2] ?? m[3]!;
        if (spec.startsWith('.')) {
          const target = relative(SRC, join(file, '..', spec)).replaceAll('\\', '/');
          const targetLayer = target.includes('/') ? target.split('/')[0]! : 'top';
          if (!layer || !(layer in ALLOWED)) continue;
          // A renderer may name the pipeline's result type; it may not call the pipeline.
          if (layer === 'render' && (target === 'pipeline.js' || target === 'program-pipeline.js') && typeOnly) continue;
          expect(ALLOWED[layer], `${rel} imports ${spec}`).toContain(targetLayer);
        } else {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          const rule = PACKAGES[pkg];
          if (rule) expect(rel, `${rel} imports ${pkg}`).toMatch(rule);
        }
      }
    });
  }
});
