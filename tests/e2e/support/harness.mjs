// Shared fixtures of the end-to-end tests: the real reference server on an ephemeral port with a
// fresh SQLite file, Debian's Chromium driven by playwright-core, the locale files, and axe on
// every page a test opens.
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, startServer } from '../../../scripts/lib/server-and-browser.mjs';

export { launchBrowser, startServer };

const root = new URL('../../../', import.meta.url).pathname;

/** The UI strings, read from the same files the app is built from. */
export const locales = {
  id: JSON.parse(readFileSync(join(root, 'locales/id.json'), 'utf8')),
  en: JSON.parse(readFileSync(join(root, 'locales/en.json'), 'utf8')),
};

/**
 * The fixture of one test file: its own server (extra `LOKET_*` settings in `serverEnv`) and
 * browser, started before the first test and stopped after the last.
 *
 * Accessibility comes with it, so a new page or state is checked without anyone asking: every
 * page opened with `app.newPhonePage` gets axe (WCAG 2.0/2.1/2.2 A and AA, zero violations)
 * each time the app has loaded in it (`waitForApp`) and once more, in whatever state the test
 * left it, when its context is closed. Tests call `assertAccessible` for states in between
 * (errors shown, offline, waiting). A context a failed test left open is closed unchecked.
 *
 * Console errors and uncaught page errors are checked in the same place: closing the context
 * fails the test on any of them, except those the test names in `allowConsole` because it
 * provokes them on purpose.
 */
export function useApp(serverEnv = {}) {
  let server;
  let browser;
  const open = new Set();
  before(async () => {
    server = await startServer(serverEnv);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of open) await context.closeUnchecked();
    open.clear();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get url() { return server.url; },
    get browser() { return browser; },
    /** `allowConsole`: patterns of the console errors that the test provokes on purpose (a
     * fetch that fails offline, a module the server answers 404): any other fails the test. */
    async newPhonePage({ allowConsole = [], ...options } = {}) {
      const opened = await newPhonePage(browser, options);
      const { context, page, problems } = opened;
      checked.add(page);
      open.add(context);
      context.closeUnchecked = context.close.bind(context);
      context.close = async () => {
        open.delete(context);
        try {
          for (const p of context.pages()) await assertAccessible(p, `the last state of ${p.url()}`);
          const unexpected = problems.filter((p) => !allowConsole.some((allowed) => allowed.test(p)));
          assert.deepEqual(unexpected, [], 'no console error or page error the test did not provoke');
        } finally {
          await context.closeUnchecked();
        }
      };
      return opened;
    },
  };
}

/** What Chromium logs for a failed fetch that a test provokes on purpose, for `allowConsole`: an
 * answer with HTTP `status`, or a request the network did not carry (offline, reset, refused). */
export const provoked = {
  status: (status) => new RegExp(`^console: Failed to load resource: the server responded with a status of ${status} `),
  network: /^console: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED|CONNECTION_RESET)$/,
};

/** Pages of `useApp` that axe checks on every load. */
const checked = new WeakSet();

/**
 * A phone-sized page (360 px wide, as most citizens' phones) whose console errors and page
 * errors are collected: a test ends by asserting there were none.
 */
export async function newPhonePage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Asia/Jakarta',
    // 'block' when a test must see (and route) every request itself.
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return { context, page, problems };
}

/** Every page of the app, each with what shows that its data has arrived. */
export const PAGES = [
  ['/', '.service-card'],
  ['/layanan/ektp-baru', '.checklist'],
  ['/layanan/rsud-jantung', '.checklist'],
  ['/lokasi', '.place'],
  ['/lokasi/mpp-kota-jayapura', '.hours'],
  ['/pesan', 'main p'],
  ['/pesan?layanan=pkm-poli-umum', 'input[type=radio]'],
  ['/lacak', 'form'],
  ['/pesanan-saya', 'main h2'],
  ['/tidak-ada', 'main a'],
];

/** The app has started when the skeleton is gone and the page heading is there. */
export async function waitForApp(page) {
  await page.locator('#loket-skeleton').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (checked.has(page)) await assertAccessible(page, `the load of ${page.url()}`);
}

/** WCAG 2.0/2.1/2.2 A and AA rules: returns the violations (expected to be none). */
async function axeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Fails with axe's findings, naming the state, unless there are none. */
export async function assertAccessible(page, where) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}
