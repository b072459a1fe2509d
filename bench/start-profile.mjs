// The CPU profile of one cold visit (bench/start-profile): sampled every 50 µs at 4x CPU
// slowdown from navigation until two seconds after the app took over; prints the functions with
// the most time including their callees, and with the most time of their own.
import { launchBrowser } from '../tests/e2e/support/harness.mjs';

const url = process.argv[2];
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Profiler.start');
  await page.goto(url);
  await page.locator('#loket-skeleton').waitFor({ state: 'detached' });
  await page.waitForTimeout(2000);
  const { profile } = await cdp.send('Profiler.stop');

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const name = (n) => `${(n.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}\b/g, '')}  [${n.callFrame.url.split('/').pop() || 'browser'}]`;
  const own = new Map();
  const inclusive = new Map();
  for (const [id, t] of sampled) {
    const n = byId.get(id);
    own.set(name(n), (own.get(name(n)) ?? 0) + t);
    // A recursive function counts once per sample.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at));
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
      seen.add(k);
    }
  }
  const idle = /^\((root|idle|program|garbage collector)\)/;
  const top = (m, k) => [...m].filter(([n]) => !idle.test(n)).sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([n, t]) => `${(t / 1000).toFixed(1).padStart(8)} ms  ${n.slice(0, 160)}`).join('\n');
  const of = (k) => ((own.get(k) ?? 0) / 1000).toFixed(0);
  console.log(`bench/start-profile: ${url}, 4x CPU slowdown`);
  console.log(`main thread: ${of('(program)  [browser]')} ms browser work (layout, style, compiling wasm on first call), ${of('(garbage collector)  [browser]')} ms GC`);
  console.log(`\nmost time including callees:\n${top(inclusive, Number(process.env.TOP ?? 40))}`);
  console.log(`\nmost time of their own:\n${top(own, 20)}`);
  await context.close();
} finally {
  await browser.close();
}
