// Runs Lighthouse on a few pages of a running Loket and prints one line per page.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.env.NODE_PATH, 'x.js'));
const { default: lighthouse } = await import(require.resolve('lighthouse'));
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const base = process.argv[2];
const pages = [
  ['directory', '/'],
  ['service', '/layanan/paspor-baru'],
  ['booking start', '/pesan?layanan=pkm-poli-umum'],
];

const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] };

function line(name, lhr) {
  const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  // An audit Lighthouse could not measure says why instead of a number.
  const value = (a, show) => {
    const audit = lhr.audits[a];
    return audit?.numericValue === undefined ? `n/a (${audit?.errorMessage ?? 'not measured'})` : show(audit.numericValue);
  };
  const ms = (a) => value(a, (v) => `${Math.round(v)} ms`);
  const kb = (lhr.audits['total-byte-weight'].numericValue / 1000).toFixed(1);
  return [
    name.padEnd(22),
    `perf ${score('performance')}`,
    `a11y ${score('accessibility')}`,
    `best ${score('best-practices')}`,
    `FCP ${ms('first-contentful-paint')}`,
    `LCP ${ms('largest-contentful-paint')}`,
    `TBT ${ms('total-blocking-time')}`,
    `CLS ${value('cumulative-layout-shift', (v) => v.toFixed(3))}`,
    `transfer ${kb} kB`,
    failedA11y(lhr),
    lhr.runtimeError ? `runtime error: ${lhr.runtimeError.message}` : '',
  ].join('  ');
}

/** Accessibility audits that did not pass, so a score under 100 says why. */
function failedA11y(lhr) {
  const failed = lhr.categories.accessibility.auditRefs
    .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
    .map((r) => r.id);
  return failed.length ? `a11y failing: ${failed.join(', ')}` : '';
}

try {
  console.log(`Lighthouse ${(await import(require.resolve('lighthouse/package.json'), { with: { type: 'json' } })).default.version}, mobile emulation, simulated slow 4G and 4x CPU`);
  for (const [name, path] of pages) {
    const { lhr } = await lighthouse(`${base}${path}`, flags);
    console.log(line(name, lhr));
  }
  // The repeat visit: storage kept, so the service worker installed by the first visit answers.
  const { lhr } = await lighthouse(`${base}/`, { ...flags, disableStorageReset: true });
  console.log(line('directory, repeat', lhr));
} finally {
  await chrome.kill();
}
