// The package installs quietly: every dependency's install script is reviewed
// in package.json's allowScripts (npm 11 warns on a fresh install otherwise).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const ls = spawnSync('npm', ['install-scripts', 'ls'], { cwd: root, encoding: 'utf8' });
const supported = ls.status === 0 || !/unknown command|Unknown command/i.test(`${ls.stdout}${ls.stderr}`);

describe('installing', () => {
  it.skipIf(!supported)('leaves no install script unreviewed, so a fresh install prints no warning', () => {
    expect(`${ls.stdout}${ls.stderr}`).toContain('No packages with unreviewed install scripts');
  });
  it('denies esbuild its postinstall: the platform binary comes as an optional dependency', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.allowScripts).toEqual({ esbuild: false });
  });
});
