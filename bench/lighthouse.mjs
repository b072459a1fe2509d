// Runs Lighthouse on a few pages of a running Loket and on the GOV.UK Frontend anchor page, each
// RUNS times, and prints one line per page (the median of each figure) and the side-by-side ratios.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.env.NODE_PATH, 'x.js'));
const { default: lighthouse } = await import(require.resolve('lighthouse'));
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const [base, anchorBase] = process.argv.slice(2);
const RUNS = Number(process.env.LOKET_LIGHTHOUSE_RUNS ?? 3);
const pages = [
  ['directory', '/'],
  ['service', '/layanan/paspor-baru'],
  ['booking, cold deep link', '/pesan?layanan=pkm-poli-umum'],
  ['tracking, cold deep link', '/lacak'],
];

const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] };

const median = (xs) => {
  const v = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : undefined;
};

/** The median of each figure over the runs of one page. */
function summarise(lhrs) {
  const figure = (a) => median(lhrs.map((l) => l.audits[a]?.numericValue));
  const why = (a) => lhrs.map((l) => l.audits[a]?.errorMessage).find(Boolean) ?? 'not measured';
  return {
    score: (c) => Math.round(median(lhrs.map((l) => (l.categories[c]?.score ?? 0) * 100))),
    figure,
    show: (a, fmt) => (figure(a) === undefined ? `n/a (${why(a)})` : fmt(figure(a))),
    last: lhrs[lhrs.length - 1],
  };
}

function line(name, lhrs) {
  const m = summarise(lhrs);
  const ms = (a) => m.show(a, (v) => `${Math.round(v)} ms`);
  return [
    name.padEnd(26),
    `perf ${m.score('performance')}`,
    `a11y ${m.score('accessibility')}`,
    `best ${m.score('best-practices')}`,
    `FCP ${ms('first-contentful-paint')}`,
    `LCP ${ms('largest-contentful-paint')}`,
    `TBT ${ms('total-blocking-time')}`,
    `CLS ${m.show('cumulative-layout-shift', (v) => v.toFixed(3))}`,
    `transfer ${m.show('total-byte-weight', (v) => `${(v / 1000).toFixed(1)} kB`)}`,
    `requests ${median(lhrs.map((l) => l.audits['network-requests']?.details?.items?.length)) ?? '?'}`,
    failedA11y(m.last),
    m.last.runtimeError ? `runtime error: ${m.last.runtimeError.message}` : '',
  ].join('  ');
}

/** Accessibility audits that did not pass, so a score under 100 says why. */
function failedA11y(lhr) {
  const failed = lhr.categories.accessibility.auditRefs
    .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
    .map((r) => r.id);
  return failed.length ? `a11y failing: ${failed.join(', ')}` : '';
}

async function measure(url, options = {}) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push((await lighthouse(url, { ...flags, ...options })).lhr);
  return runs;
}

try {
  console.log(`Lighthouse ${(await import(require.resolve('lighthouse/package.json'), { with: { type: 'json' } })).default.version}, mobile emulation, simulated slow 4G and 4x CPU, median of ${RUNS} runs`);
  const results = new Map();
  if (anchorBase) {
    results.set('anchor', await measure(`${anchorBase}/`));
    console.log(line('GOV.UK Frontend static page', results.get('anchor')));
  }
  for (const [name, path] of pages) {
    results.set(name, await measure(`${base}${path}`));
    console.log(line(name, results.get(name)));
  }
  // The repeat visit: storage kept, so the service worker installed by the first visit answers.
  const repeat = await measure(`${base}/`, { disableStorageReset: true });
  console.log(line('directory, repeat', repeat));
  if (anchorBase) {
    const a = summarise(results.get('anchor'));
    const d = summarise(results.get('directory'));
    const ratio = (key) => (d.figure(key) / a.figure(key)).toFixed(2);
    console.log(`directory against the GOV.UK page, same run: LCP ${ratio('largest-contentful-paint')}x, transfer ${ratio('total-byte-weight')}x, TBT ${Math.round(d.figure('total-blocking-time'))} ms against ${Math.round(a.figure('total-blocking-time'))} ms`);
  }
} finally {
  await chrome.kill();
}
