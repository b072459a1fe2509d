// The promises about personal data and hostile content: the server's security headers, a strict
// Content-Security-Policy the whole app works under, and catalogue text shown as text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locales, startServer, useApp, waitForApp } from './support/harness.mjs';

const { id } = locales;

const app = useApp();

/** A page that records every CSP violation the browser reports. */
async function watchedPage() {
  const opened = await app.newPhonePage();
  await opened.page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return opened;
}

const violations = (page) => page.evaluate(() => window.__cspViolations);

describe('security', () => {
  test('every answer carries the security headers, and the policy has no unsafe-inline', async () => {
    for (const path of ['/', '/pesan?layanan=pkm-poli-umum', '/api/v1/health', '/api/v1/catalogue']) {
      const response = await fetch(`${app.url}${path}`);
      const csp = response.headers.get('content-security-policy');
      assert.ok(csp, `CSP on ${path}`);
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.match(response.headers.get('permissions-policy'), /camera=\(\)/);
    }
  });

  test('the app works under the policy on every page, with no violation', async () => {
    const { context, page, problems } = await watchedPage();
    for (const path of ['/', '/layanan/paspor-baru', '/lokasi', '/lokasi/puskesmas-kassi-kassi', '/lacak', '/pesanan-saya', '/pesan?layanan=pkm-poli-umum']) {
      await page.goto(`${app.url}${path}`);
      await waitForApp(page);
    }
    // Through the booking flow to the ticket, which draws its QR code and calendar link.
    await page.getByLabel('Puskesmas Kassi-Kassi').check();
    await page.getByRole('button', { name: id.continue_button }).click();
    await page.locator('input[type=radio]').first().check();
    await page.getByRole('button', { name: id.continue_button }).click();
    await page.locator('input[type=radio]:not([disabled])').first().check();
    await page.getByRole('button', { name: id.continue_button }).click();
    await page.getByLabel(id.for_self, { exact: true }).check();
    await page.getByRole('button', { name: id.continue_button }).click();
    await page.locator('#nama').fill('Andi Wijaya');
    await page.locator('#nik').fill('7371011208900007');
    await page.locator('#telepon').fill('081234567890');
    await page.getByRole('button', { name: id.continue_button }).click();
    await page.getByRole('button', { name: id.confirm_booking }).click();
    await page.getByTestId('booking-code').waitFor();
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('catalogue text with markup is shown as text and runs nothing', async () => {
    const hostile = '<img src=x onerror="window.__xss=1">Paspor <script>window.__xss=2</script>';
    const catalogue = await (await fetch(`${app.url}/api/v1/catalogue`)).json();
    catalogue.services.find((s) => s.id === 'paspor-baru').name.id = hostile;
    const dir = mkdtempSync(join(tmpdir(), 'loket-hostile-'));
    const file = join(dir, 'catalogue.json');
    writeFileSync(file, JSON.stringify(catalogue));
    const hostileServer = await startServer({ LOKET_SEED_CATALOGUE: file });
    try {
      const { context, page } = await watchedPage();
      await page.goto(`${hostileServer.url}/layanan/paspor-baru`);
      await waitForApp(page);
      await page.getByRole('heading', { level: 1, name: hostile }).waitFor();
      await page.goto(`${hostileServer.url}/`);
      await waitForApp(page);
      await page.getByLabel(id.search_label).fill('Paspor');
      await page.locator('.service-card__name').filter({ hasText: hostile }).first().waitFor();
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await page.locator('main img').count(), 0, 'no element was made from the text');
      await context.close();
    } finally {
      await hostileServer.stop();
    }
  });
});
