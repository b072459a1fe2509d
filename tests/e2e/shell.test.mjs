// The app shell as a citizen meets it: Indonesian first, pages by links and the back button,
// a language switch that holds across reloads, deep links opened cold, and the connectivity line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGES, assertAccessible, locales, provoked, useApp, waitForApp } from './support/harness.mjs';

const { id, en } = locales;

const app = useApp();

const h1 = (page) => page.getByRole('heading', { level: 1 });
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true });

describe('app shell', () => {
  test('opens in Bahasa Indonesia even on a phone set to English', async () => {
    const { context, page, problems } = await app.newPhonePage({ locale: 'en-US' });
    await page.goto(app.url);
    await waitForApp(page);
    assert.equal(await h1(page).textContent(), id.home_title);
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    assert.equal(await page.title(), `${id.home_title} · ${id.title_suffix}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('moves between pages by links and back with the browser button', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await page.goto(app.url);
    await waitForApp(page);

    await nav(page, id.nav_track).click();
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/lacak');
    assert.equal(await nav(page, id.nav_track).getAttribute('aria-current'), 'page');

    await nav(page, id.nav_my_bookings).click();
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/pesanan-saya');

    await page.goBack();
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    await page.goBack();
    await h1(page).filter({ hasText: id.home_title }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    await nav(page, id.nav_locations).click();
    await h1(page).filter({ hasText: id.locations_title }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/lokasi');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('switches to English, keeps it across a reload and on every page, and back', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await page.goto(`${app.url}/lacak`);
    await waitForApp(page);

    await page.getByRole('button', { name: id.language_switch }).click();
    await h1(page).filter({ hasText: en.track_title }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.ok(await nav(page, en.nav_directory).isVisible());

    await page.reload();
    await waitForApp(page);
    assert.equal(await h1(page).textContent(), en.track_title);

    await nav(page, en.nav_directory).click();
    await h1(page).filter({ hasText: en.home_title }).waitFor();
    await page.goto(`${app.url}/pesanan-saya`);
    await waitForApp(page);
    assert.equal(await h1(page).textContent(), en.my_bookings_title);

    await page.getByRole('button', { name: en.language_switch }).click();
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('deep links open cold, and an unknown address says so', async () => {
    const { context, page, problems } = await app.newPhonePage();
    const cases = [
      ['/layanan/tidak-ada', id.service_title],
      ['/pesan', id.booking_title],
      ['/lacak', id.track_title],
      ['/pesanan-saya', id.my_bookings_title],
      ['/tidak-ada/halaman-ini', id.not_found_title],
    ];
    for (const [path, heading] of cases) {
      await page.goto(`${app.url}${path}`);
      await waitForApp(page);
      assert.equal(await h1(page).textContent(), heading, path);
    }
    await page.goto(`${app.url}/layanan/tidak-ada`);
    await waitForApp(page);
    await page.getByText(id.service_not_found).waitFor();
    await page.goto(`${app.url}/tidak-ada`);
    await waitForApp(page);
    await page.getByRole('link', { name: id.back_to_directory }).click();
    await h1(page).filter({ hasText: id.home_title }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the connectivity line follows the browser going offline and online', async () => {
    const { context, page } = await app.newPhonePage();
    await page.goto(app.url);
    await waitForApp(page);
    const status = page.getByRole('status');
    await status.filter({ hasText: id.conn_online }).waitFor();

    await context.setOffline(true);
    await status.filter({ hasText: id.conn_offline }).waitFor();
    await context.setOffline(false);
    await status.filter({ hasText: id.conn_online }).waitFor();
    await context.close();
  });

  test('says when the server does not answer although the browser is online', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(503)] });
    await page.route('**/api/v1/health', (route) => route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }),
    }));
    await page.goto(app.url);
    await waitForApp(page);
    await page.getByRole('status').filter({ hasText: id.conn_server_unreachable }).waitFor();
    await context.close();
  });

  test('reads the backend address from config.json at run time', async () => {
    const { context, page } = await app.newPhonePage();
    const asked = [];
    await page.route('**/config.json', (route) => route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ apiBaseUrl: `${app.url}/region-backend/v1` }),
    }));
    await page.route('**/region-backend/v1/health', (route) => {
      asked.push(route.request().url());
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ status: 'ok', version: 'region', schemaVersion: 1 }),
      });
    });
    const healthAsked = page.waitForRequest('**/region-backend/v1/health');
    await page.goto(app.url);
    await waitForApp(page);
    await healthAsked;
    await page.getByRole('status').filter({ hasText: id.conn_online }).waitFor();
    assert.deepEqual(asked, [`${app.url}/region-backend/v1/health`]);
    await context.close();
  });

  test('the page is painted before the wasm starts', async () => {
    const res = await fetch(app.url, { headers: { 'accept-encoding': 'br' } });
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const html = await res.text();
    assert.match(html, /id="loket-skeleton"/);
    assert.match(html, /<html lang="id">/);
    // This build's hashed files are cached for good and sent compressed.
    const wasm = html.match(/\/loket-[0-9a-f]+_bg\.wasm/)[0];
    const asset = await fetch(`${app.url}${wasm}`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(asset.headers.get('content-encoding'), 'br');
  });

  test('every page passes axe (WCAG 2.2 A and AA) in both languages', async () => {
    const { context, page } = await app.newPhonePage();
    for (const lang of ['id', 'en']) {
      for (const [path, ready] of PAGES) {
        await page.goto(`${app.url}${path}`);
        await waitForApp(page);
        await page.locator(ready).first().waitFor();
        if (lang === 'en' && (await page.locator('html').getAttribute('lang')) !== 'en') {
          await page.getByRole('button', { name: id.language_switch }).click();
          await page.locator('html[lang="en"]').waitFor();
        }
        await assertAccessible(page, `${lang} ${path}`);
      }
    }
    await context.close();
  });
});
