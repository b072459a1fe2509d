// Trunk post-build hook: puts the lazily loaded modules
// that scripts/wasm-split/wasm-bindgen split off next to the main module in the staged build.
//  - Each module is optimised like the main one (release) and named after its content, so it
//    can be cached for good and a page of one build never loads a module of another.
//  - The loader (`__wasm_split.js`, the name the main module imports) is pointed at those
//    names and at this build's hashed main script, and reports a failed load as a warning. It keeps its plain name: the main script,
//    whose integrity Trunk has already written into index.html, imports it by that name.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function fail(message) {
  console.error(`place-split: ${message}`);
  process.exit(1);
}

const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
if (!staging) fail('TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)');
const split = join('target', 'wasm-split', profile);
const loaderName = '__wasm_split.js';
if (!existsSync(join(split, loaderName))) fail(`${split}/${loaderName} is missing: was the build run with scripts/env.sh?`);

// A trunk run without scripts/env.sh skips the split and would ship the modules of an older
// build beside a main module they do not fit.
const linked = join('target', 'wasm32-unknown-unknown', profile, 'loket.wasm');
if (existsSync(linked) && statSync(linked).mtimeMs > statSync(join(split, loaderName)).mtimeMs) {
  fail(`${split} is older than ${linked}: build with scripts/env.sh sourced (scripts/build)`);
}

const mainScript = readdirSync(staging).find((f) => /^loket-[0-9a-f]{16}\.js$/.test(f));
if (!mainScript) fail('the main script loket-<hash>.js is not in the staged build');

// Optimised exactly as Trunk optimises the main module: index.html's level and parameters.
const rustLink = readFileSync('index.html', 'utf8').match(/<link data-trunk rel="rust"[^>]*>/)?.[0] ?? '';
const level = rustLink.match(/data-wasm-opt="([^"]+)"/)?.[1];
const params = rustLink.match(/data-wasm-opt-params="([^"]*)"/)?.[1].split(/\s+/).filter(Boolean) ?? [];
if (!level) fail('index.html names no data-wasm-opt level for the rust link');
const WASM_OPT = [`-O${level}`, ...params];

let loader = readFileSync(join(split, loaderName), 'utf8').replace('from "./loket.js"', `from "./${mainScript}"`);
// A module that cannot be fetched is handled by the app (the page says it needs a connection
// and retries), so the loader's report of it is a warning, not an error.
const report = 'console.error(e);';
if (!loader.includes(report)) fail(`the loader no longer reports a failed load with ${report}`);
loader = loader.replace(report, 'console.warn("Loket: page module not loaded yet", e);');
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
  if (!loader.includes(reference)) fail(`the loader does not name ${file}`);
  loader = loader.replaceAll(reference, `"./${hashed}"`);
}
writeFileSync(join(staging, loaderName), loader);
console.log(`place-split: ${modules.length} lazily loaded modules next to ${mainScript}`);
