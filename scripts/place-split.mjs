// Trunk post-build hook, before the precache list is written: puts the lazily loaded modules
// that scripts/wasm-split/wasm-bindgen split off next to the main module in the staged build.
//  - Each module is optimised like the main one (release) and named after its content, so it
//    can be cached for good and a page of one build never loads a module of another.
//  - The loader (`__wasm_split.js`, the name the main module imports) is pointed at those
//    names and at this build's hashed main script. It keeps its plain name: the main script,
//    whose integrity Trunk has already written into index.html, imports it by that name.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
if (!staging) {
  console.error('place-split: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)');
  process.exit(1);
}
const split = join('target', 'wasm-split', profile);
const loaderName = '__wasm_split.js';
if (!existsSync(join(split, loaderName))) {
  console.error(`place-split: ${split}/${loaderName} is missing: was the build run with scripts/env.sh?`);
  process.exit(1);
}

// A trunk run without scripts/env.sh skips the split and would ship the modules of an older
// build beside a main module they do not fit.
const linked = join('target', 'wasm32-unknown-unknown', profile, 'loket.wasm');
if (existsSync(linked) && statSync(linked).mtimeMs > statSync(join(split, loaderName)).mtimeMs) {
  console.error(`place-split: ${split} is older than ${linked}: build with scripts/env.sh sourced (scripts/build)`);
  process.exit(1);
}

const mainScript = readdirSync(staging).find((f) => /^loket-[0-9a-f]{16}\.js$/.test(f));
if (!mainScript) {
  console.error('place-split: the main script loket-<hash>.js is not in the staged build');
  process.exit(1);
}

// The same features the main module is optimised with (index.html, data-wasm-opt-params).
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

let loader = readFileSync(join(split, loaderName), 'utf8').replace('from "./loket.js"', `from "./${mainScript}"`);
const modules = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== 'loket.wasm');
for (const file of modules) {
  const from = join(split, file);
  const optimised = join(split, `${file}.opt`);
  if (profile === 'release') execFileSync('wasm-opt', [...WASM_OPT, from, '-o', optimised]);
  else copyFileSync(from, optimised);
  const bytes = readFileSync(optimised);
  const hashed = `${file.replace(/\.wasm$/, '')}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.wasm`;
  writeFileSync(join(staging, hashed), bytes);
  const reference = `"./${file}"`;
  if (!loader.includes(reference)) {
    console.error(`place-split: the loader does not name ${file}`);
    process.exit(1);
  }
  loader = loader.replaceAll(reference, `"./${hashed}"`);
}
writeFileSync(join(staging, loaderName), loader);
console.log(`place-split: ${modules.length} lazily loaded modules next to ${mainScript}`);
