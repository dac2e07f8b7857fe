// The README's pictures of a handout: builds docs/handout-example.yaml (or,
// with --derive, one input such as a network file) with the built CLI and
// photographs the top of the page in headless Chromium.
//   npm run build && node scripts/handout-screenshot.mjs [out.png]
//   node scripts/handout-screenshot.mjs docs/handout-network.png --derive docs/network-example.yaml
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? 'docs/handout.png';
const dir = mkdtempSync(join(tmpdir(), 'lagrad-shot-'));
const html = join(dir, 'handout.html');
const k = process.argv.indexOf('--derive');
const command = k > 0 ? ['derive', process.argv[k + 1]] : ['handout', 'docs/handout-example.yaml'];
execFileSync(process.execPath, ['bin/lagrad.js', ...command, '-o', html], { stdio: 'inherit' });
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: process.env.LAGRAD_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 880, height: 1240 },
  deviceScaleFactor: 1.5,
});
const page = await context.newPage();
await page.goto(`file://${html}`, { waitUntil: 'load' });
await page.evaluate(() => document.fonts.ready);
await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 880, height: 1240 } });
await context.close();
rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${out}`);
