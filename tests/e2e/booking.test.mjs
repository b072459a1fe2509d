// Booking an appointment as a citizen does: one question per page, in Indonesian, on a 360 px
// phone, against the real server; with the network failing in every way it does in the field.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertAccessible, locales, provoked, useApp, waitForApp } from './support/harness.mjs';

const { id, en } = locales;
const readSeed = (file) => JSON.parse(readFileSync(new URL(`../../server/seed/${file}`, import.meta.url), 'utf8'));
const catalogue = readSeed('catalogue.json');
const placesFile = readSeed('locations.json');
const places = Array.isArray(placesFile) ? placesFile : placesFile.locations;
const placeName = (placeId) => places.find((l) => l.id === placeId).name.id;
const serviceName = (serviceId) => catalogue.services.find((s) => s.id === serviceId).name.id;

// A puskesmas in Makassar (WITA, UTC+8) while the phone is set to Jakarta time (WIB, UTC+7).
const PUSKESMAS = 'puskesmas-kassi-kassi';
const POLI_UMUM = 'pkm-poli-umum';
// A hospital clinic that needs a referral (rujukan), in Denpasar (WITA).
const RSUD = 'rsud-wangaya';
const PENYAKIT_DALAM = 'rsud-penyakit-dalam';

let nikSerial = 100;
/** A valid NIK of Kota Makassar (73.71), a woman born 5 May 1965; each call a new person. */
const nextNik = () => `737101450565${String(nikSerial++).padStart(4, '0')}`;

const app = useApp();

async function api(path, init = {}) {
  const response = await fetch(`${app.url}/api/v1${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function slot(serviceId, placeId, slotId) {
  const { body } = await api(`/slots?serviceId=${serviceId}&locationId=${placeId}`);
  return body.find((s) => s.id === Number(slotId));
}

/** Other citizens book every place left in the slot, through the API. */
async function takeEveryPlaceLeft(serviceId, placeId, slotId) {
  const { capacityLeft } = await slot(serviceId, placeId, slotId);
  for (let i = 0; i < capacityLeft; i++) {
    const taken = await api('/bookings', {
      method: 'POST',
      headers: { 'idempotency-key': `other-citizen-${slotId}-${i}` },
      body: JSON.stringify({ slotId: Number(slotId), applicant: { name: 'Warga Lain', nik: nextNik(), phone: '081234567890', forWhom: 'self' } }),
    });
    assert.equal(taken.status, 201);
  }
}

const h1 = (page) => page.getByRole('heading', { level: 1 });
const next = (page) => page.getByRole('button', { name: id.continue_button }).click();

/** Place, first free day, first free time: returns the chosen slot's id. */
async function chooseSlot(page, serviceId, placeId, { axe = false } = {}) {
  await page.goto(`${app.url}/pesan?layanan=${serviceId}`);
  await waitForApp(page);
  await h1(page).filter({ hasText: id.step_place_title }).waitFor();
  if (axe) await assertAccessible(page, 'place');
  await page.getByLabel(placeName(placeId)).check();
  await next(page);
  await h1(page).filter({ hasText: id.step_day_title }).waitFor();
  await page.getByRole('radio').first().waitFor();
  if (axe) await assertAccessible(page, 'day');
  await page.getByRole('radio').first().check();
  await next(page);
  await h1(page).filter({ hasText: id.step_time_title }).waitFor();
  const free = page.locator('input[type=radio]:not([disabled])').first();
  await free.waitFor();
  if (axe) await assertAccessible(page, 'time');
  await free.check();
  const slotId = await free.getAttribute('value');
  await next(page);
  return slotId;
}

/** For whom, then the person's details. */
async function fillPerson(page, { who = id.for_parent, nik, phone = '0812-3456-7890', bpjs, referral, axe = false } = {}) {
  await h1(page).filter({ hasText: id.step_who_title }).waitFor();
  if (axe) await assertAccessible(page, 'who');
  await page.getByLabel(who, { exact: true }).check();
  await next(page);
  await page.locator('#nama').waitFor();
  if (axe) await assertAccessible(page, 'details');
  await page.locator('#nama').fill('Siti Aminah');
  await page.locator('#nik').fill(nik);
  await page.locator('#telepon').fill(phone);
  if (bpjs !== undefined) await page.locator('#bpjs').fill(bpjs);
  if (referral !== undefined) await page.locator('#rujukan').fill(referral);
  await next(page);
  await h1(page).filter({ hasText: id.step_check_title }).waitFor();
}

/** What the device holds in IndexedDB: drafts (with the outbox) and bookings. */
function deviceStores(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('loket');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['drafts', 'bookings', 'meta'], 'readonly');
      const drafts = tx.objectStore('drafts').getAll();
      const bookings = tx.objectStore('bookings').getAll();
      const meta = tx.objectStore('meta').getAllKeys();
      tx.oncomplete = () => {
        open.result.close();
        resolve({ drafts: drafts.result, bookings: bookings.result, meta: meta.result });
      };
    };
  }));
}

async function confirm(page) {
  await page.getByRole('button', { name: id.confirm_booking }).click();
}

async function bookingCode(page) {
  await h1(page).filter({ hasText: id.confirmed_title }).waitFor();
  return (await page.getByTestId('booking-code').textContent()).trim();
}

describe('booking an appointment', () => {
  test('"check your answers" follows a language switch made on it: labels, answers and links', async () => {
    const { context, page, problems } = await app.newPhonePage();
    await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik(), bpjs: '0001234567890' });
    await page.getByRole('button', { name: id.language_switch }).click();
    await h1(page).filter({ hasText: en.step_check_title }).waitFor();
    const rows = await page.locator('.summary-list__row').evaluateAll((rows) => rows.map((r) => [
      r.querySelector('dt').textContent.trim(),
      r.querySelector('.summary-list__value').textContent.trim(),
      r.querySelector('a').textContent.trim(),
    ]));
    const row = (label) => rows.find(([key]) => key === label);
    for (const label of [en.answer_place, en.answer_day, en.answer_time, en.answer_for, en.email_label, en.referral_label]) {
      assert.ok(row(label), `"${label}" in English: ${JSON.stringify(rows)}`);
      assert.equal(row(label)[2], `${en.change_link} ${label}`, 'its change link names it in English');
    }
    assert.equal(row(en.answer_for)[1], en.for_parent);
    assert.equal(row(en.email_label)[1], en.not_given);
    assert.match(row(en.answer_day)[1], /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a puskesmas visit for a mother, booked from a Jakarta phone for Makassar: WITA everywhere', async () => {
    const { context, page, problems } = await app.newPhonePage({ timezoneId: 'Asia/Jakarta', allowConsole: [provoked.network] });
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS, { axe: true });
    const before = await slot(POLI_UMUM, PUSKESMAS, slotId);
    const nik = nextNik();
    await fillPerson(page, { nik, bpjs: '0001234567890', axe: true });
    await assertAccessible(page, 'check your answers');
    // The time on the check page is the place's own, labelled.
    const start = new Date(Date.parse(before.startsAt) + 8 * 3600_000);
    const hhmm = `${String(start.getUTCHours()).padStart(2, '0')}.${String(start.getUTCMinutes()).padStart(2, '0')}`;
    assert.match(await page.getByTestId('jawaban-waktu').textContent(), new RegExp(`^${hhmm}–\\d\\d\\.\\d\\d WITA$`));
    assert.equal((await page.getByTestId('jawaban-nik').textContent()).trim(), nik);
    await confirm(page);
    const code = await bookingCode(page);
    assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await assertAccessible(page, 'confirmation');

    // The ticket: the hour in WITA, the place with a map, what to bring, a QR code.
    assert.match(await page.getByTestId('ticket-when').textContent(), new RegExp(`${hhmm}–\\d\\d\\.\\d\\d WITA`));
    await page.getByRole('img', { name: new RegExp(code) }).waitFor();
    await page.getByRole('heading', { name: id.ticket_bring }).waitFor();
    const ticketText = await page.locator('.ticket').textContent();
    assert.ok(ticketText.includes('************'), 'the NIK is masked on the ticket');
    assert.ok(!ticketText.includes(nik), 'the full NIK is not on the ticket');

    // The calendar entry: at the Makassar hour, in the Makassar zone.
    const href = await page.getByRole('link', { name: id.ticket_add_calendar }).getAttribute('href');
    const ics = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    const ymd = start.toISOString().slice(0, 10).replaceAll('-', '');
    assert.ok(ics.includes(`DTSTART;TZID=Asia/Makassar:${ymd}T${hhmm.replace('.', '')}00`), ics);
    assert.ok(ics.includes('TZNAME:WITA'));

    // Exactly one booking on the server, for the right person.
    const after = await slot(POLI_UMUM, PUSKESMAS, slotId);
    assert.equal(before.capacityLeft - after.capacityLeft, 1);
    const tracked = await api('/track', { method: 'POST', body: JSON.stringify({ code, factor: nik.slice(-4) }) });
    assert.equal(tracked.status, 200);
    assert.equal(tracked.body.booking.forWhom, 'parent');

    // The full NIK left the device with the draft; the stored booking has it masked.
    const stored = await deviceStores(page);
    assert.equal(JSON.stringify(stored).includes(nik), false, 'no full NIK stays on the device');
    assert.equal(stored.bookings.length, 1);

    // The ticket opens offline from "my bookings", and again after a reload with no network.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await page.getByRole('link', { name: id.see_my_bookings }).click();
    await page.getByRole('link', { name: serviceName(POLI_UMUM) }).click();
    await page.getByTestId('booking-code').filter({ hasText: code }).waitFor();
    await page.reload();
    await waitForApp(page);
    await page.getByTestId('booking-code').filter({ hasText: code }).waitFor();
    await assertAccessible(page, 'ticket offline');
    await context.close();
  });

  test('a hospital clinic asks for the referral number and keeps the BPJS number', async () => {
    const { context, page } = await app.newPhonePage();
    await chooseSlot(page, PENYAKIT_DALAM, RSUD);
    await h1(page).filter({ hasText: id.step_who_title }).waitFor();
    await page.getByLabel(id.for_self, { exact: true }).check();
    await next(page);
    await page.locator('#nama').fill('Made Wirawan');
    await page.locator('#nik').fill(nextNik());
    await page.locator('#telepon').fill('+62 812 3456 7890');
    await page.locator('#bpjs').fill('0001234567890');
    await next(page);
    await page.locator('#rujukan-kesalahan').filter({ hasText: id.err_referral_required }).waitFor();
    await assertAccessible(page, 'referral error');
    await page.getByLabel(id.referral_label_required, { exact: true }).fill('0301R0011226K000123');
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    assert.equal((await page.getByTestId('jawaban-bpjs').textContent()).trim(), '0001234567890');
    assert.equal((await page.getByTestId('jawaban-rujukan').textContent()).trim(), '0301R0011226K000123');
    await confirm(page);
    const code = await bookingCode(page);
    assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await context.close();
  });

  test('an invalid NIK and phone: errors next to the fields and in a summary that takes focus', async () => {
    const { context, page } = await app.newPhonePage();
    await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await page.getByLabel(id.for_self, { exact: true }).check();
    await next(page);
    await page.locator('#nama').fill('Budi Santoso');
    await page.locator('#nik').fill('9971011208900001');
    await page.locator('#telepon').fill('021-5550123');
    await next(page);
    const summary = page.getByRole('alert').filter({ hasText: id.error_summary_title });
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'ringkasan-kesalahan');
    assert.ok((await summary.textContent()).includes(id.err_nik_province));
    assert.ok((await summary.textContent()).includes(id.err_phone_prefix));
    await page.locator('#nik-kesalahan').filter({ hasText: id.err_nik_province }).waitFor();
    assert.equal(await page.locator('#nik').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#nik').getAttribute('aria-describedby'), /nik-kesalahan/);
    await assertAccessible(page, 'details with errors');
    await summary.getByRole('link', { name: id.err_nik_province }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'nik');
    // Fixing the fields clears the errors and moves on.
    await page.locator('#nik').fill(nextNik());
    await page.locator('#telepon').fill('081234567890');
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    await context.close();
  });

  test('a reload in the middle of the flow keeps every answer', async () => {
    const { context, page } = await app.newPhonePage();
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await page.getByLabel(id.for_child, { exact: true }).check();
    await next(page);
    const nik = nextNik();
    await page.locator('#nama').fill('Putri Aminah');
    await page.locator('#nik').fill(nik);
    // Kept on the device as typed, before any "continue".
    for (let i = 0; !JSON.stringify(await deviceStores(page)).includes(nik); i++) {
      assert.ok(i < 50, 'the typed NIK reaches IndexedDB');
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.locator('#nama').inputValue(), 'Putri Aminah');
    assert.equal(await page.locator('#nik').inputValue(), nik);
    await page.locator('#telepon').fill('0813-3700-1122');
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    await page.reload();
    await waitForApp(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    assert.equal((await page.getByTestId('jawaban-untuk').textContent()).trim(), id.for_child);
    assert.equal((await page.getByTestId('jawaban-telepon').textContent()).trim(), '0813-3700-1122');
    // Back goes one page back, with the answer there.
    await page.goBack();
    assert.equal(await page.locator('#telepon').inputValue(), '0813-3700-1122');
    // "Change" returns to the check page.
    await page.goForward();
    await page.getByRole('link', { name: `${id.change_link} ${id.answer_for}` }).click();
    assert.equal(await page.getByLabel(id.for_child, { exact: true }).isChecked(), true);
    await page.getByLabel(id.for_parent, { exact: true }).check();
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    assert.equal((await page.getByTestId('jawaban-untuk').textContent()).trim(), id.for_parent);
    assert.ok(slotId);
    await context.close();
  });

  test('offline at submit: the booking waits in the outbox and is sent once when back online', async () => {
    const { context, page } = await app.newPhonePage();
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    const before = await slot(POLI_UMUM, PUSKESMAS, slotId);
    await fillPerson(page, { nik: nextNik() });
    await context.setOffline(true);
    await confirm(page);
    await h1(page).filter({ hasText: id.waiting_title }).waitFor();
    await page.getByText(id.waiting_offline).waitFor();
    await assertAccessible(page, 'waiting to send');
    // It survives a closed app: the outbox is on the device.
    await page.getByRole('link', { name: id.nav_my_bookings }).first().click();
    await page.getByText(id.outbox_item).waitFor();
    await page.goBack();
    await h1(page).filter({ hasText: id.waiting_title }).waitFor();
    await context.setOffline(false);
    await h1(page).filter({ hasText: id.confirmed_title }).waitFor({ timeout: 20_000 });
    const after = await slot(POLI_UMUM, PUSKESMAS, slotId);
    assert.equal(before.capacityLeft - after.capacityLeft, 1, 'exactly one booking');
    await context.close();
  });

  test('a booking left in the outbox is sent when the app next opens', async () => {
    const { context, page } = await app.newPhonePage();
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    const before = await slot(POLI_UMUM, PUSKESMAS, slotId);
    await fillPerson(page, { nik: nextNik() });
    await context.setOffline(true);
    await confirm(page);
    await h1(page).filter({ hasText: id.waiting_title }).waitFor();
    await page.close();
    await context.setOffline(false);
    const later = await context.newPage();
    const sent = later.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST');
    // The directory alone sends it: no page that shows bookings has to be opened first.
    await later.goto(app.url);
    await waitForApp(later);
    assert.ok((await sent).ok(), 'the waiting booking was sent from the directory');
    await later.getByRole('navigation').getByRole('link', { name: id.nav_my_bookings, exact: true }).click();
    await later.locator('.booking-item').filter({ hasText: id.status_booked }).waitFor();
    assert.equal(await later.getByText(id.outbox_item).count(), 0, 'the outbox is empty');
    const after = await slot(POLI_UMUM, PUSKESMAS, slotId);
    assert.equal(before.capacityLeft - after.capacityLeft, 1, 'exactly one booking');
    await context.close();
  });

  test('a server error at submit says so, keeps the booking and sends it again by itself', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(503)] });
    await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik() });
    let failures = 0;
    await page.route('**/api/v1/bookings', (route) => {
      if (failures++ > 0) return route.continue();
      return route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }),
      });
    });
    await confirm(page);
    await page.getByText(id.waiting_server).waitFor();
    await page.getByText(id.waiting_no_double).waitFor();
    await h1(page).filter({ hasText: id.confirmed_title }).waitFor({ timeout: 20_000 });
    assert.equal(failures, 2);
    await context.close();
  });

  test('fields the server refuses land on their fields, with the summary', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(422)] });
    await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik() });
    await page.route('**/api/v1/bookings', (route) => route.fulfill({
      status: 422,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'https://loket.id/problems/validation',
        title: 'Unprocessable Content',
        status: 422,
        errors: [{ field: 'applicant.nik', code: 'nik.province_unknown', message: 'the first two digits are not a province code' }],
      }),
    }));
    await confirm(page);
    await page.locator('#nik-kesalahan').filter({ hasText: id.err_nik_province }).waitFor();
    await page.getByRole('alert').filter({ hasText: id.err_nik_province }).waitFor();
    assert.equal(await page.locator('#nama').inputValue(), 'Siti Aminah', 'nothing typed is lost');
    await assertAccessible(page, 'server field errors');
    await page.unroute('**/api/v1/bookings');
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    await confirm(page);
    await bookingCode(page);
    await context.close();
  });

  test("forgetting this device's data leaves nothing stored: bookings, drafts, ticks, the chosen place", async () => {
    const { context, page } = await app.newPhonePage();
    // A requirement ticked on the service's page: kept on the device like the rest.
    await page.goto(`${app.url}/layanan/${POLI_UMUM}`);
    await waitForApp(page);
    await page.getByRole('checkbox').first().check();
    // The write is asynchronous, and the next step loads another document: wait for the tick to
    // be kept, as a citizen who moves on after a moment would.
    for (let i = 0; !(await deviceStores(page)).meta.includes(`checklist:${POLI_UMUM}`); i++) {
      assert.ok(i < 50, 'the tick reaches IndexedDB');
      await new Promise((r) => setTimeout(r, 100));
    }
    await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik() });
    await confirm(page);
    await bookingCode(page);
    await page.getByRole('link', { name: id.see_my_bookings }).click();
    const kept = (await deviceStores(page)).meta;
    assert.ok(kept.includes(`checklist:${POLI_UMUM}`) && kept.includes('pref:my_location'), `kept before: ${kept}`);
    await page.getByRole('button', { name: id.forget_button }).click();
    await assertAccessible(page, 'forget confirmation');
    await page.getByRole('button', { name: id.forget_yes }).click();
    await page.getByText(id.forgotten_notice).waitFor();
    await page.getByText(id.my_bookings_empty).waitFor();
    for (let i = 0; ; i++) {
      const stored = await deviceStores(page);
      if (stored.drafts.length === 0 && stored.bookings.length === 0 && stored.meta.length === 0) break;
      assert.ok(i < 50, 'the device stores are emptied');
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.reload();
    await waitForApp(page);
    await page.getByText(id.my_bookings_empty).waitFor();
    await page.goto(`${app.url}/layanan/${POLI_UMUM}`);
    await waitForApp(page);
    await page.getByRole('checkbox').first().waitFor();
    assert.equal(await page.getByRole('checkbox').first().isChecked(), false, 'the tick is forgotten');
    await context.close();
  });

  test('the answer is lost after the server booked: the retry with the same key books nothing twice', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.network] });
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    const before = await slot(POLI_UMUM, PUSKESMAS, slotId);
    await fillPerson(page, { nik: nextNik() });
    const keys = [];
    let dropped = false;
    await page.route('**/api/v1/bookings', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (dropped) return route.continue();
      dropped = true;
      const response = await route.fetch();
      assert.equal(response.status(), 201, 'the server committed the booking');
      await route.abort('connectionreset');
    });
    await confirm(page);
    await h1(page).filter({ hasText: id.waiting_title }).waitFor();
    // Sent again by itself after a short wait.
    await h1(page).filter({ hasText: id.confirmed_title }).waitFor({ timeout: 20_000 });
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1], 'the retry carries the same idempotency key');
    const after = await slot(POLI_UMUM, PUSKESMAS, slotId);
    assert.equal(before.capacityLeft - after.capacityLeft, 1, 'exactly one booking');
    await context.close();
  });

  test('the slot fills between choosing and sending: another time, every other answer kept', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(409)] });
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik() });
    await takeEveryPlaceLeft(POLI_UMUM, PUSKESMAS, slotId);
    await confirm(page);
    await h1(page).filter({ hasText: id.slot_taken_title }).waitFor();
    await assertAccessible(page, 'slot taken');
    await page.getByRole('link', { name: id.choose_other_time }).click();
    await page.getByText(id.slot_taken_notice).waitFor();
    assert.equal(await page.locator(`input[value="${slotId}"]`).isDisabled(), true, 'the full time cannot be chosen');
    await page.locator('input[type=radio]:not([disabled])').first().check();
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    assert.equal((await page.getByTestId('jawaban-nama').textContent()).trim(), 'Siti Aminah');
    await confirm(page);
    await bookingCode(page);
    await context.close();
  });

  test('on a slow network the answer can come before the next page: the outcome is still shown', async () => {
    // Every page module arrives 2 s late, so the server answers while "check your answers" is
    // still on screen: first a full slot, then the booking.
    const { context, page } = await app.newPhonePage({ serviceWorkers: 'block', allowConsole: [provoked.status(409)] });
    const slotId = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik() });
    await page.route(/\/(split|chunk)_[^/]*\.wasm$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.continue();
    });
    await takeEveryPlaceLeft(POLI_UMUM, PUSKESMAS, slotId);
    await confirm(page);
    await h1(page).filter({ hasText: id.slot_taken_title }).waitFor();
    await page.getByRole('link', { name: id.choose_other_time }).click();
    await page.locator('input[type=radio]:not([disabled])').first().check();
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    await confirm(page);
    await bookingCode(page);
    assert.match(new URL(page.url()).pathname, /^\/pesan\/kirim\//);
    await context.close();
  });

  test('reschedule keeps the code; cancel asks first and gives the place back', async () => {
    const { context, page } = await app.newPhonePage();
    const firstSlot = await chooseSlot(page, POLI_UMUM, PUSKESMAS);
    await fillPerson(page, { nik: nextNik() });
    await confirm(page);
    const code = await bookingCode(page);

    await page.getByRole('link', { name: id.ticket_reschedule }).click();
    await h1(page).filter({ hasText: id.reschedule_title }).waitFor();
    await assertAccessible(page, 'reschedule day');
    await page.getByRole('radio').nth(1).check();
    await next(page);
    await h1(page).filter({ hasText: id.step_time_title }).waitFor();
    const newSlot = page.locator('input[type=radio]:not([disabled])').first();
    const newSlotId = await newSlot.getAttribute('value');
    assert.notEqual(newSlotId, firstSlot);
    await newSlot.check();
    await page.getByRole('button', { name: id.reschedule_confirm }).click();
    await page.getByText(id.rescheduled_notice).waitFor();
    await page.getByTestId('booking-code').filter({ hasText: code }).waitFor();
    const tracked = await api('/track', { method: 'POST', body: JSON.stringify({ code, factor: '081234567890' }) });
    assert.equal(tracked.body.booking.slot.id, Number(newSlotId));

    const before = await slot(POLI_UMUM, PUSKESMAS, newSlotId);
    await page.getByRole('link', { name: id.ticket_cancel }).click();
    await h1(page).filter({ hasText: id.cancel_title }).waitFor();
    await assertAccessible(page, 'cancel');
    await page.getByRole('button', { name: id.cancel_yes }).click();
    await page.getByText(id.cancelled_notice).waitFor();
    await page.locator('.ticket').getByText(id.status_cancelled).waitFor();
    const after = await slot(POLI_UMUM, PUSKESMAS, newSlotId);
    assert.equal(after.capacityLeft - before.capacityLeft, 1, 'the place went back to the slot');
    await context.close();
  });

  test('the whole booking with the keyboard alone', async () => {
    const { context, page } = await app.newPhonePage();
    await page.goto(`${app.url}/pesan?layanan=${POLI_UMUM}`);
    await waitForApp(page);
    /** Presses Tab until `selector` has focus: it must be reachable. */
    const tabTo = async (selector) => {
      for (let i = 0; i < 60; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
        await page.keyboard.press('Tab');
      }
      assert.fail(`${selector} is not reachable with Tab`);
    };
    const chooseFirstRadio = async () => {
      await page.locator('input[type=radio]:not([disabled])').first().waitFor();
      await tabTo('input[type=radio]');
      await page.keyboard.press('Space');
      await tabTo('button[type=submit]');
      await page.keyboard.press('Enter');
    };
    await h1(page).filter({ hasText: id.step_place_title }).waitFor();
    await chooseFirstRadio();
    await h1(page).filter({ hasText: id.step_day_title }).waitFor();
    await chooseFirstRadio();
    await h1(page).filter({ hasText: id.step_time_title }).waitFor();
    await chooseFirstRadio();
    await h1(page).filter({ hasText: id.step_who_title }).waitFor();
    await chooseFirstRadio();
    await page.locator('#nama').waitFor();
    await tabTo('#nama');
    await page.keyboard.type('Ani Lestari');
    await page.keyboard.press('Tab');
    await page.keyboard.type(nextNik());
    await page.keyboard.press('Tab');
    await page.keyboard.type('081298765432');
    await tabTo('button[type=submit]');
    await page.keyboard.press('Enter');
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    await tabTo('button[type=submit]');
    await page.keyboard.press('Enter');
    await bookingCode(page);
    await context.close();
  });
});
