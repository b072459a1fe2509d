// The service directory as a citizen meets it: search and filters, a service's details, places
// with their own clocks, and all of it again with the network off after one visit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertAccessible, locales, provoked, useApp, waitForApp } from './support/harness.mjs';

const { id, en } = locales;
const seed = JSON.parse(readFileSync(new URL('../../server/seed/catalogue.json', import.meta.url), 'utf8'));
const seedService = (serviceId) => seed.services.find((s) => s.id === serviceId);
const serviceName = (serviceId) => seedService(serviceId).name.id;

const app = useApp();

const h1 = (page) => page.getByRole('heading', { level: 1 });
const results = (page) => page.locator('.service-card__name');

/** Opens the directory and waits until the catalogue is shown. */
async function openDirectory(page) {
  await page.goto(app.url);
  await waitForApp(page);
  await page.locator('.data-status__as-of').waitFor();
}

/** Waits until the service worker controls the page, so that a reload can come from it. */
async function waitForServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

describe('service directory', () => {
  test('finds services by the words citizens use, as they type', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await openDirectory(page);
    const search = page.getByLabel(id.search_label);
    await search.fill('e-KTP');
    await assert.doesNotReject(results(page).first().getByText(serviceName('ektp-baru')).waitFor());
    await search.fill('pasport');
    await results(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    await search.fill('zzzzqqq');
    await page.getByText(id.results_none).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('its results follow a language switch, each card whole, and switch back', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await openDirectory(page);
    await page.getByLabel(id.search_label).fill('paspor');
    const passport = seedService('paspor-baru');
    const card = page.locator('.service-card', { has: page.locator('a[href="/layanan/paspor-baru"]') });
    await card.getByRole('link', { name: passport.name.id }).waitFor();

    await page.getByRole('button', { name: id.language_switch }).click();
    await card.getByRole('link', { name: passport.name.en }).waitFor();
    assert.equal(await card.locator('dt').first().textContent(), en.fees_title);
    assert.equal(await card.locator('dd').nth(1).textContent(), passport.processingTime.en);
    assert.equal(await card.locator('.badge').textContent(), passport.bookable ? en.bookable : en.not_bookable);
    // Every card shown is in English, none left behind in Indonesian.
    const shown = await page.locator('.service-card').count();
    assert.equal(await page.locator('.service-card dt', { hasText: en.fees_title }).count(), shown);

    await page.getByRole('button', { name: en.language_switch }).click();
    await card.getByRole('link', { name: passport.name.id }).waitFor();
    assert.equal(await card.locator('dd').nth(1).textContent(), passport.processingTime.id);
    assert.equal(await page.locator('.service-card dt', { hasText: id.fees_title }).count(), shown);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('shows the first 20 services at once and the next ones on request', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await openDirectory(page);
    const total = seed.services.length;
    await page.getByText(id.results_count.replace('{{ count }}', total)).waitFor();
    assert.equal(await results(page).count(), 20);
    const more = page.getByRole('button', { name: id.results_more.replace('{{ count }}', 20) });
    await more.click();
    await results(page).nth(39).waitFor();
    assert.equal(await results(page).count(), 40);
    // A new search starts from its first page again.
    await page.getByLabel(id.search_label).fill('akta');
    await page.waitForFunction(() => document.querySelectorAll('.service-card').length <= 20);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('filters by health and by place', async () => {
    const { context, page } = await app.newPhonePage();
    await openDirectory(page);
    await page.getByLabel(id.filter_health).check();
    await results(page).first().waitFor();
    const healthNames = new Set(seed.services.filter((s) => s.health).map((s) => s.name.id));
    for (const name of await results(page).allTextContents()) {
      assert.ok(healthNames.has(name.trim()), `${name} is not a health service`);
    }
    await page.getByLabel(id.filter_health).uncheck();
    await page.getByLabel(id.filter_location).selectOption('puskesmas-kotaraja');
    await results(page).first().waitFor();
    const names = await results(page).allTextContents();
    assert.ok(names.length > 0 && names.length < 20, `${names.length} results at one puskesmas`);
    // "My mall" is remembered on this device.
    await page.waitForTimeout(300);
    await page.reload();
    await waitForApp(page);
    await page.locator('.data-status__as-of').waitFor();
    await page.waitForFunction(() => document.getElementById('lokasi').value === 'puskesmas-kotaraja');
    await context.close();
  });

  test('a service shows requirements to tick, fees with their legal basis, and where to go', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await openDirectory(page);
    await page.getByLabel(id.search_label).fill('paspor');
    await page.evaluate(() => { window.loketSameDocument = true; });
    await page.getByRole('link', { name: serviceName('paspor-baru') }).click();
    await h1(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    assert.equal(await page.evaluate(() => window.loketSameDocument), true, 'a result opens its page in the app, without loading a document');
    const paspor = seed.services.find((s) => s.id === 'paspor-baru');
    const first = page.getByRole('checkbox', { name: paspor.requirements[0].name.id });
    await first.check();
    await page.getByText(paspor.fees[0].legalBasis.id).waitFor();
    assert.ok(await page.getByRole('link', { name: id.book_button }).isVisible());
    // Ticks are kept on the device.
    await page.waitForTimeout(300);
    await page.reload();
    await waitForApp(page);
    await assert.doesNotReject(page.getByRole('checkbox', { name: paspor.requirements[0].name.id, checked: true }).waitFor());
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a place in Jayapura shows its own hours in WIT on a phone set to Jakarta time', async () => {
    const { context, page } = await app.newPhonePage({ timezoneId: 'Asia/Jakarta' });
    await page.goto(`${app.url}/lokasi/mpp-kota-jayapura`);
    await waitForApp(page);
    await page.getByRole('heading', { name: `${id.hours_title} (WIT)` }).waitFor();
    const status = await page.locator('.open-status').first().textContent();
    assert.match(status, /WIT/);
    assert.doesNotMatch(status, /WIB/);
    await context.close();
  });

  test('after one visit, it works with the network off: cold reload, search, details, places', async () => {
    const { context, page } = await app.newPhonePage();
    await openDirectory(page);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    await page.locator('.data-status__as-of').waitFor();
    await page.getByText(id.data_offline_copy).waitFor();
    await page.getByLabel(id.search_label).fill('paspor');
    await page.getByRole('link', { name: serviceName('paspor-baru') }).click();
    await h1(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    // The device keeps the directory's listing and the services' details apart: the page has both.
    const paspor = seed.services.find((s) => s.id === 'paspor-baru');
    await page.getByRole('checkbox', { name: paspor.requirements[0].name.id }).waitFor();
    await page.getByText(paspor.fees[0].legalBasis.id).waitFor();
    // Deep links opened cold while offline: a service page (its first HTML gives way to the app's
    // once the details are read back) and a place.
    await page.goto(`${app.url}/layanan/paspor-baru`);
    await waitForApp(page);
    await page.getByRole('checkbox', { name: paspor.requirements[paspor.requirements.length - 1].name.id }).waitFor();
    await page.getByText(paspor.fees[0].legalBasis.id).waitFor();
    await page.goto(`${app.url}/lokasi/mpp-kota-jayapura`);
    await waitForApp(page);
    await page.getByRole('heading', { name: `${id.hours_title} (WIT)` }).waitFor();
    await context.setOffline(false);
    await context.close();
  });

  test('the first visit loads only the directory; booking and tracking come when opened, offline too', async () => {
    const { context, page, problems } = await app.newPhonePage({ allowConsole: [provoked.network] });
    // What the page itself fetches (the service worker's own precaching is not the page's wait).
    const pageWasm = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm') && r.frame() === page.mainFrame()) pageWasm.push(new URL(r.url()).pathname);
    });
    await openDirectory(page);
    assert.equal(pageWasm.filter((p) => /^\/(split|chunk)_/.test(p)).length, 0, `no page module on the first load: ${pageWasm}`);
    await waitForServiceWorker(page);

    // The service worker kept every page's module: booking, tracking and "my bookings" open
    // with the network off, reached from the directory without a reload.
    await context.setOffline(true);
    await page.getByLabel(id.search_label).fill('paspor');
    await page.getByRole('link', { name: serviceName('paspor-baru') }).click();
    await h1(page).filter({ hasText: serviceName('paspor-baru') }).waitFor();
    await page.getByRole('link', { name: id.book_button }).first().click();
    await h1(page).filter({ hasText: id.step_place_title }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: id.nav_track, exact: true }).click();
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: id.nav_my_bookings, exact: true }).click();
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    assert.ok(pageWasm.some((p) => /^\/split_booking-/.test(p)), `the booking module was loaded when opened: ${pageWasm}`);
    await context.setOffline(false);
    await context.close();
  });

  test('a second visit with an unchanged catalogue transfers no catalogue body', async () => {
    const { context, page } = await app.newPhonePage();
    await openDirectory(page);
    const answers = [];
    page.on('response', (r) => { if (r.url().endsWith('/api/v1/catalogue')) answers.push(r.status()); });
    await page.reload();
    await waitForApp(page);
    await page.locator('.data-status__as-of').waitFor();
    await page.waitForResponse((r) => r.url().endsWith('/api/v1/catalogue')).catch(() => {});
    await page.waitForTimeout(200);
    assert.deepEqual(answers, [304]);
    await context.close();
  });

  test('a corrupt catalogue answer keeps the good copy and offers a retry', async () => {
    const { context, page } = await app.newPhonePage();
    await openDirectory(page);
    await page.route('**/api/v1/catalogue', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { etag: '"broken"' },
      body: '{"version": 99, "categories": [], "services": [{"id": "x"',
    }));
    await page.reload();
    await waitForApp(page);
    await page.getByText(id.data_rejected).waitFor();
    await page.getByLabel(id.search_label).fill('ktp');
    await results(page).first().getByText(serviceName('ektp-baru')).waitFor();
    await page.unroute('**/api/v1/catalogue');
    await page.getByRole('button', { name: id.retry }).click();
    await page.getByText(id.data_rejected).waitFor({ state: 'detached' });
    await assertAccessible(page, 'the filtered directory');
    await context.close();
  });

  test('the app is installable: a manifest with icons, a start URL and a scope', async () => {
    const res = await fetch(`${app.url}/manifest.webmanifest`);
    assert.equal(res.status, 200);
    const manifest = await res.json();
    assert.equal(manifest.short_name, 'Loket');
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.scope, '/');
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
    for (const icon of manifest.icons) {
      const png = await fetch(`${app.url}${icon.src}`);
      assert.equal(png.headers.get('content-type'), 'image/png', icon.src);
    }
    const sw = await (await fetch(`${app.url}/sw.js`)).text();
    assert.doesNotMatch(sw, /__LOKET_/, 'the build filled the precache list');
    assert.match(sw, /_bg\.wasm/);
  });
});
