// The registry this project installs from serves only some of the
// platform-specific optional packages (rollup's native builds for other
// systems answer 404), so npm leaves them out of package-lock.json, and then
// `npm ci` refuses the lock for naming dependencies it has no entry for.
// This drops those dangling optional edges. Run it after `npm install`
// changes the lock: `node scripts/prune-lock.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let removed = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  const deps = entry.optionalDependencies;
  if (!deps) continue;
  for (const name of Object.keys(deps)) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (!lock.packages[`node_modules/${name}`] && !lock.packages[nested]) {
      delete deps[name];
      removed++;
    }
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lock: removed ${removed} optional dependencies the registry does not serve`);
