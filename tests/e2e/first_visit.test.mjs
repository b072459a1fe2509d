// A citizen's first visit on a weak signal: the directory is in the first HTML before any wasm
// runs and the app takes it over without a flash or a shift; a page whose module cannot be
// fetched says so and leaves the app alive; and a first visit that lost its signal still opens
// offline next time.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAccessible, locales, provoked, startServer, useApp, waitForApp } from './support/harness.mjs';

const { id } = locales;
const seed = JSON.parse(readFileSync(new URL('../../server/seed/catalogue.json', import.meta.url), 'utf8'));
const places = JSON.parse(readFileSync(new URL('../../server/seed/locations.json', import.meta.url), 'utf8'));
const serviceName = (serviceId) => seed.services.find((s) => s.id === serviceId).name.id;

const app = useApp();

const h1 = (page) => page.getByRole('heading', { level: 1 });
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true });
const PAGE_MODULE = /\/(split|chunk)_[^/]*\.wasm$/;
const MAIN_WASM = /\/loket-[0-9a-f]+_bg\.wasm$/;

/** Holds the main wasm back until `release()`, so a test can look at the page before it runs. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route(MAIN_WASM, async (route) => { await gate; await route.continue(); });
  return release;
}

/** Sums the page's layout shifts (not those after input) into `window.__shift`. */
function watchLayoutShift(page) {
  return page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The directory's first screen as the citizen reads it: texts, links and where they stand. */
function firstScreen(page) {
  return page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]; };
    const cards = [...document.querySelectorAll('.service-card')].slice(0, 8);
    return {
      h1: document.querySelector('h1').textContent,
      lead: document.querySelector('.lead').textContent,
      search: document.querySelector('label[for="cari"]').textContent,
      cards: cards.map((c) => [c.querySelector('a').textContent, c.querySelector('a').getAttribute('href')]),
      boxes: [document.querySelector('h1'), document.querySelector('.lead'), document.getElementById('cari'), ...cards].map(box),
    };
  });
}

/** A service's page as the citizen reads it: texts, places, and where they stand. */
function servicePage(page) {
  return page.evaluate(() => {
    // Where on the page, not on the screen: ticking a box scrolls to it.
    const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)]; };
    const shown = [...document.querySelectorAll('h1, .lead, h2, .checklist label, .place__name, .open-status, .place__address')]
      .filter((el) => el.closest('#loket-app:not([hidden]), #loket-skeleton'));
    return {
      title: document.title,
      texts: shown.filter((el) => !el.matches('.open-status')).map((el) => el.textContent),
      statuses: shown.filter((el) => el.matches('.open-status')).map((el) => el.textContent.trim()),
      boxes: shown.map(box),
    };
  });
}

/** A form page as the citizen reads it (tracking, a booking's first question): texts, fields
 * and where they stand. */
function formPage(page) {
  return page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)]; };
    const shown = [...document.querySelectorAll('h1, .lead, .caption, .back-link, label, .hint, .radios__hint, input, button[type=submit]')]
      .filter((el) => el.closest('#loket-app:not([hidden]) #konten, #loket-skeleton #konten'));
    return {
      title: document.title,
      texts: shown.filter((el) => el.tagName !== 'INPUT').map((el) => el.textContent.trim()),
      boxes: shown.map(box),
    };
  });
}

describe('first visit', () => {
  test('the first HTML shows the directory before any wasm, and the app takes over without a flash or a shift', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await watchLayoutShift(page);
    const release = await holdWasm(page);
    await page.goto(app.url);
    // Before the wasm: real text and links, at a phone's width.
    await h1(page).filter({ hasText: id.home_title }).waitFor();
    const before = await firstScreen(page);
    assert.equal(before.h1, id.home_title);
    assert.equal(before.lead, id.home_lead);
    assert.equal(before.search, id.search_label);
    assert.equal(before.cards.length, 8, 'the first services are in the first HTML');
    assert.ok(before.cards.every(([name, href]) => name && href.startsWith('/layanan/')));
    assert.ok(await page.getByRole('link', { name: before.cards[0][0] }).isVisible());
    assert.equal(await page.locator('#loket-app').count(), 0, 'no app yet');

    release();
    await waitForApp(page);
    await page.locator('#loket-app .service-card').first().waitFor();
    const afterTakeover = await firstScreen(page);
    assert.deepEqual(afterTakeover, before, 'the app shows what the first HTML showed, where it showed it');
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.02, `layout shift ${shift}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('what a citizen types before the app starts is kept, and the focus stays in the box', async () => {
    const { context, page, problems } = await app.newPhonePage();
    const release = await holdWasm(page);
    await page.goto(app.url);
    const search = page.getByLabel(id.search_label);
    await search.fill('paspor');
    release();
    await waitForApp(page);
    await page.locator('.service-card__name').filter({ hasText: serviceName('paspor-baru') }).first().waitFor();
    assert.equal(await search.inputValue(), 'paspor');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cari');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a service\'s own page is in its first HTML; a tick made before the app starts is kept; the app takes over without a shift and adds "open now"', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await watchLayoutShift(page);
    const release = await holdWasm(page);
    await page.goto(`${app.url}/layanan/paspor-baru`);
    await h1(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    const before = await servicePage(page);
    assert.equal(await page.locator('#loket-app').count(), 0, 'no app yet');
    assert.ok(before.title.startsWith(serviceName('paspor-baru')), before.title);
    assert.ok(before.texts.includes(id.requirements_title));
    assert.ok(before.statuses.length > 0 && before.statuses.every((s) => s === ''), 'no "open now" from the hour of the build');
    await assertAccessible(page, 'the first HTML of a service');
    const first = page.getByRole('checkbox').first();
    await first.check();

    release();
    await waitForApp(page);
    const after = await servicePage(page);
    assert.deepEqual(after.texts, before.texts, 'the app shows what the first HTML showed');
    assert.deepEqual(after.boxes, before.boxes, 'where the first HTML showed it');
    assert.equal(after.title, before.title);
    assert.ok(after.statuses.every((s) => s.length > 0), `"open now" by the place's own clock: ${after.statuses}`);
    assert.ok(await first.isChecked(), 'the tick made before the app started');
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.02, `layout shift ${shift}`);

    // The tick was kept on the device, not only on screen.
    await page.reload();
    await waitForApp(page);
    await page.waitForFunction(() => document.querySelector('#loket-app input[type=checkbox]')?.checked);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a service\'s page seen online never becomes the page kept for other paths offline', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await page.goto(app.url);
    await waitForApp(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto(`${app.url}/layanan/paspor-baru`);
    await waitForApp(page);
    const kept = await page.evaluate(async () => (await caches.match('/shell.html'))?.text());
    assert.ok(kept, 'the shell is kept');
    assert.doesNotMatch(kept, /data-route=/, 'the kept shell is the shell, not a prerendered page');

    await context.setOffline(true);
    await page.goto(`${app.url}/lacak`);
    await waitForApp(page);
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    await page.goto(`${app.url}/layanan/ektp-baru`);
    await h1(page).filter({ hasText: serviceName('ektp-baru') }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('tracking opened cold from a link: the form is in the first HTML, what is typed before the app starts is kept and never sent away, and nothing moves', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await watchLayoutShift(page);
    const release = await holdWasm(page);
    await page.goto(`${app.url}/lacak`);
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    assert.equal(await page.locator('#loket-app').count(), 0, 'no app yet');
    const before = await formPage(page);
    assert.ok(before.title.startsWith(id.track_title), before.title);
    await assertAccessible(page, 'the first HTML of tracking');
    await page.getByLabel(id.track_code_label).fill('LKT-7Q4M-2X9P');
    await page.getByLabel(id.track_factor_label).fill('1234');
    // Enter before the app runs: the code and its proof stay on the page, out of the address.
    await page.getByLabel(id.track_factor_label).press('Enter');
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).search, '', 'nothing typed went into the address');

    release();
    await waitForApp(page);
    const after = await formPage(page);
    assert.deepEqual(after, before, 'the app shows what the first HTML showed, where it showed it');
    assert.equal(await page.getByLabel(id.track_code_label).inputValue(), 'LKT-7Q4M-2X9P');
    assert.equal(await page.getByLabel(id.track_factor_label).inputValue(), '1234');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'verifikasi', 'the focus stays in its field');
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.02, `layout shift ${shift}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a booking link opened cold: its first question is in the first HTML, a place chosen before the app starts is kept, and nothing moves', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await watchLayoutShift(page);
    const release = await holdWasm(page);
    await page.goto(`${app.url}/pesan?layanan=pkm-poli-umum`);
    await h1(page).filter({ hasText: id.step_place_title }).waitFor();
    assert.equal(await page.locator('#loket-app').count(), 0, 'no app yet');
    const before = await formPage(page);
    assert.ok(before.texts.includes(serviceName('pkm-poli-umum')), 'the service it books');
    await assertAccessible(page, 'the first HTML of a booking');
    const place = places.locations.find((l) => l.id === 'puskesmas-kotaraja').name.id;
    await page.getByRole('radio', { name: place }).check();

    release();
    await waitForApp(page);
    const after = await formPage(page);
    assert.deepEqual(after, before, 'the app shows what the first HTML showed, where it showed it');
    assert.ok(await page.getByRole('radio', { name: place }).isChecked(), 'the place chosen before the app started');
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.02, `layout shift ${shift}`);
    // The choice is the app's own: "continue" takes it to the next question.
    await page.getByRole('button', { name: id.continue_button }).click();
    await page.waitForURL(/langkah=/);
    assert.doesNotMatch(await h1(page).textContent(), new RegExp(id.step_place_title));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('tracking opened cold while its module cannot be had: the first HTML, then the clear message, not a page that waits forever', async () => {
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block', allowConsole: [provoked.status(404)] });
    await page.route(PAGE_MODULE, (route) => route.fulfill({ status: 404, body: 'not found\n' }));
    await page.goto(`${app.url}/lacak`);
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    await waitForApp(page);
    await page.unroute(PAGE_MODULE);
    await page.getByRole('button', { name: id.retry }).click();
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    await context.close();
  });

  test('any other page gets the shell, never the directory, before its wasm', async () => {
    for (const path of ['/pesan?layanan=pkm-poli-umum&langkah=tanggal', '/pesanan-saya', '/pesanan-saya/ABCDE-FGHJK']) {
      const html = await (await fetch(`${app.url}${path}`)).text();
      assert.doesNotMatch(html, /service-card|data-route=/, path);
      assert.match(html, /<nav/, `${path}: the real header`);
    }
    const { context, page } = await app.newPhonePage();
    const release = await holdWasm(page);
    await page.goto(`${app.url}/pesanan-saya`);
    await page.getByRole('navigation').waitFor();
    assert.equal(await page.locator('.service-card').count(), 0);
    release();
    await waitForApp(page);
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    await context.close();
  });

  test('a cold open asks for the app\'s config once, however many parts of the page need it at once', async () => {
    for (const path of ['/', '/pesanan-saya', '/lacak', '/pesan?layanan=pkm-poli-umum']) {
      const { context, page, problems } = await app.newPhonePage({ serviceWorkers: 'block' });
      const asked = [];
      // On a weak signal the file takes a while, and everything that starts meanwhile needs it.
      await page.route('**/config.json', async (route) => {
        asked.push(route.request().url());
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      await page.goto(`${app.url}${path}`);
      await waitForApp(page);
      await page.waitForLoadState('networkidle');
      assert.equal(asked.length, 1, `${path}: config.json asked ${asked.length} times`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  test('the shell stays until the app\'s page replaces it: no frame shows an empty page', async () => {
    const { context, page } = await app.newPhonePage();
    // The app starts over a few tasks; on a slow phone frames are painted between them.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.__emptyFrames = 0;
      // Frames before the parser reached the shell show the browser's blank page, as any page
      // does; counted are those after the shell was there.
      let shellSeen = false;
      const look = () => {
        const shell = document.getElementById('loket-skeleton');
        const root = document.getElementById('loket-app');
        shellSeen ||= Boolean(shell);
        if (shellSeen && !shell && !root?.textContent.trim()) window.__emptyFrames += 1;
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await page.goto(`${app.url}/pesanan-saya`);
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    assert.equal(await page.evaluate(() => window.__emptyFrames), 0);
    await context.close();
  });
});

describe('a page whose module cannot be had', () => {
  test('while a page\'s module is still on its way, the document keeps a title that says so', async () => {
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block' });
    await page.goto(app.url);
    await waitForApp(page);
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(PAGE_MODULE, async (route) => { await held; await route.continue(); });
    await nav(page, id.nav_track).click();
    await page.getByRole('status').filter({ hasText: id.page_opening }).waitFor();
    assert.ok((await page.title()).startsWith(id.page_opening), `title while opening: "${await page.title()}"`);
    await assertAccessible(page, 'a page opening');
    release();
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    assert.ok((await page.title()).startsWith(id.track_title));
    await context.close();
  });

  test('offline before its module arrived: a clear message, the rest keeps working, and it opens by itself when back online', async () => {
    // Without a service worker nothing was kept: the situation of a first visit that lost its signal.
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block', allowConsole: [provoked.network] });
    await page.goto(app.url);
    await waitForApp(page);
    await page.locator('.data-status__as-of').waitFor();
    await context.setOffline(true);

    await page.getByLabel(id.search_label).fill('paspor');
    await page.getByRole('link', { name: serviceName('paspor-baru') }).click();
    await h1(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    await page.getByRole('link', { name: id.book_button }).first().click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    await page.getByRole('button', { name: id.retry }).waitFor();

    // The app is alive: the directory still searches, other pages say the same.
    await nav(page, id.nav_directory).click();
    await h1(page).filter({ hasText: id.home_title }).waitFor();
    await page.getByLabel(id.search_label).fill('ktp');
    await page.locator('.service-card__name').filter({ hasText: serviceName('ektp-baru') }).first().waitFor();
    await nav(page, id.nav_track).click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    await nav(page, id.nav_my_bookings).click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();

    // Back online: the page opens without a touch.
    await context.setOffline(false);
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    await nav(page, id.nav_track).click();
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    await context.close();
  });

  test('a deploy removed this build\'s modules while the tab was open: the message, then "reload" opens the page', async () => {
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block', allowConsole: [provoked.status(404)] });
    await page.goto(app.url);
    await waitForApp(page);
    await page.route(PAGE_MODULE, (route) => route.fulfill({ status: 404, body: 'not found\n' }));
    await nav(page, id.nav_track).click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    await page.getByRole('button', { name: id.retry }).click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    // The new build is there: reloading gets it.
    await page.unroute(PAGE_MODULE);
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: id.page_missing_reload }).click();
    // The reloaded page's first HTML is tracking's own: the app takes it over.
    await reloaded;
    await waitForApp(page);
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/lacak');
    await context.close();
  });

  test('a truncated module: the message, and "try again" opens the page', async () => {
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block' });
    await page.goto(app.url);
    await waitForApp(page);
    await page.route(PAGE_MODULE, async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      await route.fulfill({ response, body: body.subarray(0, Math.floor(body.length / 2)) });
    });
    await nav(page, id.nav_my_bookings).click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    // The page's own module and the device's are fetched side by side: a handler may still be
    // truncating one of them, and must finish before the route goes.
    await page.unrouteAll({ behavior: 'wait' });
    await page.getByRole('button', { name: id.retry }).click();
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    await context.close();
  });
});

describe('a first visit that lost its signal', () => {
  // A server whose build lacks the page modules: the service worker's install cannot fetch them,
  // as on a first visit whose signal dropped before they came.
  const dist = mkdtempSync(join(tmpdir(), 'loket-dist-'));
  let server;
  after(async () => {
    await server?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  test('still opens the directory offline on the next cold start, from what the page had loaded', async () => {
    const built = process.env.LOKET_DIST ?? new URL('../../dist', import.meta.url).pathname;
    cpSync(built, dist, { recursive: true });
    for (const f of readdirSync(dist)) if (PAGE_MODULE.test(`/${f}`)) rmSync(join(dist, f));
    server = await startServer({ LOKET_DIST: dist });

    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.network, provoked.status(404)] });
    await page.goto(server.url);
    await waitForApp(page);
    await page.locator('.data-status__as-of').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);

    await page.reload();
    await waitForApp(page);
    await page.getByText(id.data_offline_copy).waitFor();
    await page.getByLabel(id.search_label).fill('paspor');
    await page.getByRole('link', { name: serviceName('paspor-baru') }).click();
    await h1(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    await page.getByRole('link', { name: id.book_button }).first().click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    await context.setOffline(false);
    await context.close();
  });
});
