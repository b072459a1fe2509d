// Last build step (scripts/build, after the prerender): writes into dist/sw.js the list of files
// this exact build produced (hashed names included) and a build id, so the service worker
// precaches the shell of this build and a new build is a new service worker.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const staging = process.argv[2];
if (!staging) {
  console.error('precache: usage: node scripts/precache.mjs DIST');
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const swPath = join(staging, 'sw.js');
const files = walk(staging)
  .map((p) => '/' + relative(staging, p).split('\\').join('/'))
  // The prerendered pages of single services and places are never kept: offline, the shell and
  // the stored catalogue make the same page.
  .filter((p) => p !== '/sw.js' && p !== '/config.json' && !p.startsWith('/pages/'))
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(staging, f)));
const build = hash.digest('hex').slice(0, 16);
const sw = readFileSync(swPath, 'utf8')
  .replace('__LOKET_BUILD__', build)
  .replace('/* __LOKET_PRECACHE__ */', files.map((f) => JSON.stringify(f)).join(', '));
if (sw.includes('__LOKET_')) {
  console.error('precache: sw.js placeholders not found');
  process.exit(1);
}
writeFileSync(swPath, sw);
console.log(`precache: build ${build}, ${files.length} files`);
