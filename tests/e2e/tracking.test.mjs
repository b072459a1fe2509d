// Tracking as a citizen meets it: an application moving at the counter, the queue on the day,
// the last known status with the network off, and the satisfaction survey after the visit. The
// operator endpoints drive the states; the server's clock is set to a Tuesday morning in Makassar
// so that "today" has open slots whatever the real hour.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, locales, provoked, useApp, waitForApp } from './support/harness.mjs';

const { id } = locales;
const OPERATOR_TOKEN = 'e2e-operator-token-0123456789';
// 08.15 WITA on Tuesday 1 December 2026.
const CLOCK_START = '2026-12-01T00:15:00Z';
const TODAY = '2026-12-01';
const PUSKESMAS = 'puskesmas-kassi-kassi';
// The demo passport application (README): NIK ending 0001.
const PASSPORT = { code: 'YAKRK-N830B', factor: '0001' };
// A well-formed code (its check symbol is right) that no booking or application has.
const UNKNOWN_CODE = '00000-00000';

let nikSerial = 500;
const nextNik = () => `737101450565${String(nikSerial++).padStart(4, '0')}`;

const app = useApp({ LOKET_OPERATOR_TOKEN: OPERATOR_TOKEN, LOKET_CLOCK_START: CLOCK_START });

async function api(path, { operator = false, ...init } = {}) {
  const response = await fetch(`${app.url}/api/v1${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(operator ? { authorization: `Bearer ${OPERATOR_TOKEN}` } : {}),
      ...(init.headers ?? {}),
    },
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

const post = (path, body, options = {}) => api(path, { method: 'POST', body: JSON.stringify(body), ...options });

/** Books today's first slot of `serviceId` at the puskesmas for a new person. */
async function bookToday(serviceId) {
  const slots = await api(`/slots?serviceId=${serviceId}&locationId=${PUSKESMAS}&from=${TODAY}&to=${TODAY}`);
  assert.equal(slots.status, 200);
  const nik = nextNik();
  const made = await post(
    '/bookings',
    { slotId: slots.body[0].id, applicant: { name: 'Rahmawati', nik, phone: '081234567890', forWhom: 'self' } },
    { headers: { 'idempotency-key': `tracking-e2e-${nik}` } },
  );
  assert.equal(made.status, 201);
  return { code: made.body.code, factor: nik.slice(-4), queueNumber: made.body.queueNumber };
}

const h1 = (page) => page.getByRole('heading', { level: 1 });

/** Waits up to 10 s for `done()` (a condition on what the test counted). */
async function expectSoon(done, what) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(done(), what);
}

async function track(page, { code, factor }) {
  await page.goto(`${app.url}/lacak`);
  await waitForApp(page);
  await page.getByLabel(id.track_code_label).fill(code);
  await page.getByLabel(id.track_factor_label).fill(factor);
  await page.getByRole('button', { name: id.track_button }).click();
}

describe('tracking', () => {
  test('app start and reconnections refresh the bookings on the device one request at a time', async () => {
    const { context, page, problems } = await app.newPhonePage();
    const booked = await bookToday('pkm-poli-umum');
    await track(page, booked);
    await h1(page).filter({ hasText: id.ticket_page_title }).waitFor();
    await page.goto(app.url);
    await waitForApp(page);

    // Every refresh is held at the server's door and counted.
    let asked = 0;
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/api/v1/track', async (route) => { asked += 1; await held; await route.continue(); });
    await page.reload();
    await waitForApp(page);
    await expectSoon(() => asked === 1, 'the app start refreshes the booking');
    // The signal comes and goes while that refresh is under way.
    await page.evaluate(() => { for (let i = 0; i < 3; i++) dispatchEvent(new Event('online')); });
    await page.waitForTimeout(500);
    assert.equal(asked, 1, 'no second refresh while one is under way');
    release();
    await page.waitForTimeout(500);
    assert.equal(asked, 1);
    // Once it is done, the next reconnection refreshes again.
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await expectSoon(() => asked === 2, 'a reconnection after it refreshes again');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('bookings on the device whose module cannot be fetched: a clear message, the directory works, and "try again" shows them', async () => {
    // No service worker: the module can only come from the network, which has lost it.
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block', allowConsole: [provoked.status(404)] });
    const booked = await bookToday('pkm-kia-anc');
    await track(page, booked);
    await h1(page).filter({ hasText: id.ticket_page_title }).waitFor();
    const DEVICE_MODULE = /\/split_device-[^/]*\.wasm$/;
    await page.route(DEVICE_MODULE, (route) => route.fulfill({ status: 404, body: 'not found\n' }));
    await page.goto(app.url);
    await waitForApp(page);
    await page.getByLabel(id.search_label).fill('ktp');
    await page.locator('.service-card__name').first().waitFor();
    const myBookings = page.getByRole('navigation').getByRole('link', { name: id.nav_my_bookings, exact: true });
    await myBookings.click();
    await h1(page).filter({ hasText: id.page_missing_title }).waitFor();
    await page.unroute(DEVICE_MODULE);
    await page.getByRole('button', { name: id.retry }).click();
    await h1(page).filter({ hasText: id.my_bookings_title }).waitFor();
    await page.locator('.booking-item').filter({ hasText: booked.code }).waitFor();
    await context.close();
  });

  test('a passport application from submitted to ready for pickup, then offline', async () => {
    const { context, page, problems } = await app.newPhonePage({ allowConsole: [provoked.network] });
    await track(page, PASSPORT);
    await h1(page).filter({ hasText: id.application_page_title }).waitFor();
    assert.equal((await page.getByTestId('application-status').textContent()).trim(), id.app_status_submitted);
    await page.locator('.timeline').getByText('Berkas diterima di loket Imigrasi').waitFor();
    await assertAccessible(page, 'application submitted');

    for (const [status, note] of [
      ['verified', 'Berkas lengkap, wawancara selesai'],
      ['processing', 'Paspor sedang dicetak'],
      ['ready_for_pickup', 'Paspor siap diambil di loket Imigrasi lantai 2'],
    ]) {
      const moved = await post(`/operator/applications/${PASSPORT.code}/advance`, { status, note: { id: note, en: note } }, { operator: true });
      assert.equal(moved.status, 204, `advance to ${status}`);
    }
    await page.getByRole('button', { name: id.refresh }).click();
    await page.getByTestId('application-status').filter({ hasText: id.app_status_ready_for_pickup }).waitFor();
    const timeline = page.locator('.timeline');
    for (const text of ['Paspor siap diambil di loket Imigrasi lantai 2', 'Paspor sedang dicetak', id.app_status_verified]) {
      await timeline.getByText(text).first().waitFor();
    }
    // Times are the place's own, labelled (the passport office is in Jakarta: WIB).
    assert.match(await timeline.locator('.timeline__when').first().textContent(), /\d\d\.\d\d WI(B|TA|T)$/);
    await assertAccessible(page, 'application ready for pickup');

    // With the network off the last known status still shows, with its "as of" time.
    await context.setOffline(true);
    await page.getByRole('link', { name: id.nav_my_bookings }).first().click();
    await page.locator('.booking-item').filter({ hasText: PASSPORT.code }).getByRole('link').click();
    await page.getByTestId('application-status').filter({ hasText: id.app_status_ready_for_pickup }).waitFor();
    await page.getByText(id.as_of.split('{{')[0].trim()).waitFor();
    await page.getByRole('button', { name: id.refresh }).click();
    await page.getByText(id.api_offline).waitFor();
    await assertAccessible(page, 'application offline');
    await context.close();
  });

  test('an application whose service is not in the phone\'s directory still has a heading that says what it is', async () => {
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block', allowConsole: [provoked.network] });
    // A first visit whose catalogue request failed: the directory on this phone is empty.
    await page.route('**/api/v1/catalogue*', (route) => route.abort());
    await track(page, PASSPORT);
    await h1(page).filter({ hasText: id.application_page_title }).waitFor();
    await page.getByTestId('application-status').waitFor();
    assert.equal((await page.locator('#status-judul').textContent()).trim(), id.application_service_unknown);
    await page.getByRole('region', { name: id.application_service_unknown }).waitFor();
    await context.close();
  });

  test('on the day: people ahead go down as the counter calls the next numbers', async () => {
    const { context, page } = await app.newPhonePage();
    await bookToday('pkm-poli-umum');
    await bookToday('pkm-poli-umum');
    const mine = await bookToday('pkm-poli-umum');
    await track(page, mine);
    await h1(page).filter({ hasText: id.ticket_page_title }).waitFor();
    await page.getByRole('heading', { name: id.queue_title }).waitFor();
    assert.equal(await page.getByTestId('queue-number').textContent(), String(mine.queueNumber));
    const aheadBefore = Number(await page.getByTestId('queue-ahead').textContent());
    assert.ok(aheadBefore >= 2, `at least the two booked before: ${aheadBefore}`);
    await assertAccessible(page, 'queue');

    const called = await post('/operator/queue/call-next', { locationId: PUSKESMAS, serviceId: 'pkm-poli-umum' }, { operator: true });
    assert.equal(called.status, 200);
    await page.getByRole('button', { name: id.refresh }).click();
    await page.getByTestId('queue-ahead').filter({ hasText: String(aheadBefore - 1) }).waitFor();
    assert.equal(await page.getByTestId('queue-now-serving').textContent(), String(called.body.nowServing));
    await context.close();
  });

  test('on the day the queue asks again by itself every 30 seconds while the page is in front', async () => {
    // Real time: Playwright's fake clock hands out timer ids above 2^31, which web-sys's i32
    // handles cannot clear, so it would fire timers the app has cancelled.
    const { context, page } = await app.newPhonePage();
    await bookToday('pkm-poli-umum');
    const mine = await bookToday('pkm-poli-umum');
    await track(page, mine);
    await page.getByRole('heading', { name: id.queue_title }).waitFor();
    const aheadBefore = Number(await page.getByTestId('queue-ahead').textContent());
    assert.ok(aheadBefore >= 1, `the one booked before: ${aheadBefore}`);

    const called = await post('/operator/queue/call-next', { locationId: PUSKESMAS, serviceId: 'pkm-poli-umum' }, { operator: true });
    assert.equal(called.status, 200);
    // Nobody touches the page.
    await page.getByTestId('queue-ahead').filter({ hasText: String(aheadBefore - 1) }).waitFor({ timeout: 40_000 });
    assert.equal(await page.getByTestId('queue-now-serving').textContent(), String(called.body.nowServing));
    await context.close();
  });

  test('the survey is offered only after the visit, waits offline, and is sent once', async () => {
    const { context, page } = await app.newPhonePage();
    const mine = await bookToday('pkm-poli-gigi');
    await track(page, mine);
    await h1(page).filter({ hasText: id.ticket_page_title }).waitFor();
    assert.equal(await page.getByRole('link', { name: id.survey_start }).count(), 0, 'no survey before the visit');

    // The counter: checked in, called, served.
    assert.equal((await post(`/operator/bookings/${mine.code}/status`, { status: 'checked_in' }, { operator: true })).status, 204);
    for (let n = 0; n < mine.queueNumber; n++) {
      await post('/operator/queue/call-next', { locationId: PUSKESMAS, serviceId: 'pkm-poli-gigi' }, { operator: true });
    }
    assert.equal((await post(`/operator/bookings/${mine.code}/status`, { status: 'fulfilled' }, { operator: true })).status, 204);

    await page.getByRole('button', { name: id.refresh }).click();
    await page.getByRole('link', { name: id.survey_start }).click();
    await h1(page).filter({ hasText: id.survey_title }).waitFor();
    await page.getByRole('button', { name: id.survey_send }).click();
    await page.getByRole('alert').filter({ hasText: id.error_summary_title }).waitFor();
    await assertAccessible(page, 'survey with errors');
    const groups = page.locator('fieldset');
    assert.equal(await groups.count(), 9);
    for (let i = 0; i < 9; i++) {
      await groups.nth(i).getByLabel(i % 2 ? id.skm_answer_3 : id.skm_answer_4, { exact: true }).check();
    }
    // Sent offline: it waits in the outbox and goes when the connection returns.
    await context.setOffline(true);
    await page.getByRole('button', { name: id.survey_send }).click();
    await page.getByText(id.survey_thanks).waitFor();
    await page.getByText(id.survey_waiting).waitFor();
    await assertAccessible(page, 'survey waiting');
    await context.setOffline(false);
    await page.getByText(id.survey_sent).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('link', { name: id.survey_start }).count(), 0, 'offered once');
    const again = await post(`/bookings/${mine.code}/survey`, { factor: mine.factor, answers: [4, 4, 4, 4, 4, 4, 4, 4, 4] });
    assert.equal(again.status, 409, 'the server has it already');
    await context.close();
  });

  test('a wrong factor and an unknown code read the same; too many tries say how long to wait', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(404), provoked.status(429)] });
    await track(page, { code: PASSPORT.code, factor: '9999' });
    const summary = page.getByRole('alert').filter({ hasText: id.error_summary_title });
    await summary.getByText(id.track_not_found).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'ringkasan-kesalahan');
    await assertAccessible(page, 'not found');
    await page.getByLabel(id.track_code_label).fill(UNKNOWN_CODE);
    await page.getByLabel(id.track_factor_label).fill('0001');
    await page.getByRole('button', { name: id.track_button }).click();
    await summary.getByText(id.track_not_found).waitFor();

    // A mistyped code is caught before asking the server.
    await page.getByLabel(id.track_code_label).fill('YAKRK-N830C');
    await page.getByRole('button', { name: id.track_button }).click();
    await summary.getByText(id.err_code_invalid).waitFor();

    // Someone guessing factors for one code is slowed down.
    for (let i = 0; i < 10; i++) await post('/track', { code: UNKNOWN_CODE, factor: String(1000 + i) });
    await page.getByLabel(id.track_code_label).fill(UNKNOWN_CODE);
    await page.getByRole('button', { name: id.track_button }).click();
    const wait = id.track_rate_limited.split('{{')[0].trim();
    await summary.getByText(wait).waitFor();
    assert.match(await summary.textContent(), /\d+ detik/);
    await context.close();
  });
});
