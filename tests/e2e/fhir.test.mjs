// A puskesmas whose schedule lives in its own FHIR R4 server (issue 15), as a citizen meets it:
// the unchanged app, offline cache and outbox included, books at UPTD Puskesmas Poasia (Kendari,
// WITA), which the reference server serves as a gateway to the FHIR test server (the real engine
// of npm @medplum/fhir-router, tests/fhir/server.mjs). The test then looks into FHIR as the
// facility's own system would, and acts there as its counter does.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFhirServer } from '../fhir/server.mjs';
import { assertAccessible, locales, provoked, useApp, waitForApp } from './support/harness.mjs';

const { id } = locales;
const PLACE = 'puskesmas-poasia';
const POLI_UMUM = 'pkm-poli-umum';
const SCHEDULE = 'Schedule/pkm-poasia-poli-umum-jadwal';
const NIK_SYSTEM = 'https://fhir.kemkes.go.id/id/nik';
const CODE_SYSTEM = 'https://loket.go.id/fhir/sid/kode-pesanan';
const CLIENT = { id: 'loket-gateway', secret: 'loket-gateway-secret' };

let nikSerial = 700;
/** A valid NIK of Kota Kendari (74.71), a woman born 5 May 1965; each call a new person. */
const nextNik = () => `747101450565${String(nikSerial++).padStart(4, '0')}`;

// The FHIR server starts first, as the file loads, and the reference server is pointed at it: the
// place mapping from tests/fhir/loket.toml, the rest from LOKET_FHIR_*.
const fhir = await startFhirServer({ clientId: CLIENT.id, clientSecret: CLIENT.secret });
after(() => fhir.stop());
const serverEnv = {
  LOKET_CONFIG: new URL('../fhir/loket.toml', import.meta.url).pathname,
  LOKET_FHIR_BASE_URL: fhir.fhirBase,
  LOKET_FHIR_TOKEN_URL: fhir.tokenUrl,
  LOKET_FHIR_CLIENT_ID: CLIENT.id,
  LOKET_FHIR_CLIENT_SECRET: CLIENT.secret,
};
const app = useApp(serverEnv);

/** The facility's side: the FHIR API with a token of its own. */
async function fhirApi(method, path, body, headers = {}) {
  const token = await fetch(fhir.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret }),
  }).then((r) => r.json());
  const response = await fetch(`${fhir.fhirBase}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token.access_token}`,
      accept: 'application/fhir+json',
      ...(body ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function fhirSearch(query) {
  const { status, body } = await fhirApi('GET', query);
  assert.equal(status, 200, query);
  return (body.entry ?? []).map((e) => e.resource);
}

const appointments = (code) => fhirSearch(`Appointment?identifier=${encodeURIComponent(`${CODE_SYSTEM}|${code}`)}`);

/** The facility's counter sets the Appointment's status in its own system. */
async function counterSets(code, status) {
  const [appointment] = await appointments(code);
  const changed = { ...appointment, status };
  const put = await fhirApi('PUT', `Appointment/${appointment.id}`, changed, { 'if-match': `W/"${appointment.meta.versionId}"` });
  assert.equal(put.status, 200, `${status}: ${JSON.stringify(put.body)}`);
}

async function seatsOf(appointment) {
  const seats = [];
  for (const { reference } of appointment.slot) seats.push((await fhirApi('GET', reference)).body);
  return seats;
}

/** The FHIR seats (Slots) of the time Loket lists under `slotId`. */
async function seatsAt(slotId) {
  const slots = await fetch(`${app.url}/api/v1/slots?serviceId=${POLI_UMUM}&locationId=${PLACE}`).then((r) => r.json());
  const chosen = slots.find((s) => s.id === Number(slotId));
  const seats = await fhirSearch(`Slot?schedule=${SCHEDULE}&_count=500`);
  return seats.filter((s) => Date.parse(s.start) === Date.parse(chosen.startsAt));
}

const h1 = (page) => page.getByRole('heading', { level: 1 });
const next = (page) => page.getByRole('button', { name: id.continue_button }).click();

let placeName;
async function nameOfPlace() {
  placeName ??= (await fetch(`${app.url}/api/v1/locations/${PLACE}`).then((r) => r.json())).name.id;
  return placeName;
}

/** Place, first free day, first free time: the chosen slot's id. */
async function chooseSlot(page) {
  await page.goto(`${app.url}/pesan?layanan=${POLI_UMUM}`);
  await waitForApp(page);
  await h1(page).filter({ hasText: id.step_place_title }).waitFor();
  await page.getByLabel(await nameOfPlace()).check();
  await next(page);
  await h1(page).filter({ hasText: id.step_day_title }).waitFor();
  await page.getByRole('radio').first().check();
  await next(page);
  await h1(page).filter({ hasText: id.step_time_title }).waitFor();
  const free = page.locator('input[type=radio]:not([disabled])').first();
  await free.waitFor();
  await free.check();
  const slotId = await free.getAttribute('value');
  await next(page);
  return slotId;
}

async function fillPerson(page, nik) {
  await h1(page).filter({ hasText: id.step_who_title }).waitFor();
  await page.getByLabel(id.for_parent, { exact: true }).check();
  await next(page);
  await page.locator('#nama').fill('Wa Ode Hasnah');
  await page.locator('#nik').fill(nik);
  await page.locator('#telepon').fill('0812-3456-7890');
  await next(page);
  await h1(page).filter({ hasText: id.step_check_title }).waitFor();
}

async function confirm(page) {
  await page.getByRole('button', { name: id.confirm_booking }).click();
}

async function bookingCode(page) {
  await h1(page).filter({ hasText: id.confirmed_title }).waitFor();
  return (await page.getByTestId('booking-code').textContent()).trim();
}

describe('a puskesmas whose schedule lives in its own FHIR server', () => {
  test('the booking is one Appointment there, with the code and NIK, on a seat marked busy', async () => {
    const { context, page } = await app.newPhonePage();
    const slotId = await chooseSlot(page);
    const nik = nextNik();
    await fillPerson(page, nik);
    await confirm(page);
    const code = await bookingCode(page);
    // The ticket shows the facility's own hour, in its zone.
    assert.match(await page.getByTestId('ticket-when').textContent(), /\d\d\.\d\d–\d\d\.\d\d WITA/);

    const made = await appointments(code);
    assert.equal(made.length, 1, 'one Appointment with the booking code');
    assert.equal(made[0].status, 'booked');
    const [seat] = await seatsOf(made[0]);
    assert.equal(seat.status, 'busy', 'its Slot is taken in the facility’s system');
    assert.ok((await seatsAt(slotId)).some((s) => s.id === seat.id), 'on a seat of the time the citizen chose');
    const patient = await fhirApi('GET', made[0].participant[0].actor.reference);
    assert.deepEqual(patient.body.identifier.map((i) => [i.system, i.value]), [[NIK_SYSTEM, nik]]);

    // The facility's counter records the visit; the citizen's ticket and timeline show both steps.
    await counterSets(code, 'arrived');
    await page.goto(`${app.url}/pesanan-saya/${code}`);
    await waitForApp(page);
    await h1(page).filter({ hasText: id.ticket_page_title }).waitFor();
    await page.getByRole('button', { name: id.refresh }).click();
    await page.locator('.ticket').getByText(id.status_checked_in).waitFor();
    await counterSets(code, 'fulfilled');
    await page.getByRole('button', { name: id.refresh }).click();
    await page.locator('.ticket').getByText(id.status_fulfilled).waitFor();
    const timeline = page.locator('.timeline');
    for (const status of [id.status_booked, id.status_checked_in, id.status_fulfilled]) {
      await timeline.getByText(status, { exact: true }).first().waitFor();
    }
    await assertAccessible(page, 'a FHIR booking fulfilled');
    await context.close();
  });

  test('cancelling in the app cancels the Appointment and frees its seat', async () => {
    const { context, page } = await app.newPhonePage();
    await chooseSlot(page);
    await fillPerson(page, nextNik());
    await confirm(page);
    const code = await bookingCode(page);
    await page.getByRole('link', { name: id.ticket_cancel }).click();
    await h1(page).filter({ hasText: id.cancel_title }).waitFor();
    await page.getByRole('button', { name: id.cancel_yes }).click();
    await page.getByText(id.cancelled_notice).waitFor();
    await page.locator('.ticket').getByText(id.status_cancelled).waitFor();
    const [appointment] = await appointments(code);
    assert.equal(appointment.status, 'cancelled');
    assert.deepEqual((await seatsOf(appointment)).map((s) => s.status), ['free'], 'the seat is free again');
    await context.close();
  });

  test('the answer is lost after the gateway booked: the retry makes no second Appointment', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.network] });
    const slotId = await chooseSlot(page);
    await fillPerson(page, nextNik());
    const busyBefore = (await seatsAt(slotId)).filter((s) => s.status === 'busy').length;
    const keys = [];
    let dropped = false;
    await page.route('**/api/v1/bookings', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (dropped) return route.continue();
      dropped = true;
      const response = await route.fetch();
      assert.equal(response.status(), 201, 'the gateway booked in FHIR');
      await route.abort('connectionreset');
    });
    await confirm(page);
    await h1(page).filter({ hasText: id.waiting_title }).waitFor();
    const code = await bookingCode(page);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1], 'the retry carries the same idempotency key');
    assert.equal((await appointments(code)).length, 1, 'exactly one Appointment');
    const busyAfter = (await seatsAt(slotId)).filter((s) => s.status === 'busy').length;
    assert.equal(busyAfter - busyBefore, 1, 'exactly one seat taken');
    await context.close();
  });

  test('the facility’s server down at submit: the booking waits in the outbox and is made once it is back', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(503)] });
    await chooseSlot(page);
    await fillPerson(page, nextNik());
    const fault = (body) => fetch(`${fhir.url}/_test/fault`, { method: 'POST', body: JSON.stringify(body) });
    await fault({ mode: 'unavailable', only: 'POST Appointment' });
    await confirm(page);
    await h1(page).filter({ hasText: id.waiting_title }).waitFor();
    await assertAccessible(page, 'waiting for the facility');
    await fault({ mode: 'none' });
    const code = await bookingCode(page);
    assert.equal((await appointments(code)).length, 1);
    await context.close();
  });

  test('a seat taken in the facility’s system between choosing and sending: another time, every answer kept', async () => {
    const { context, page } = await app.newPhonePage({ allowConsole: [provoked.status(409)] });
    const slotId = await chooseSlot(page);
    await fillPerson(page, nextNik());
    // The counter books the last seats of that time directly in its own system.
    for (const seat of (await seatsAt(slotId)).filter((s) => s.status === 'free')) {
      const put = await fhirApi('PUT', `Slot/${seat.id}`, { ...seat, status: 'busy' }, { 'if-match': `W/"${seat.meta.versionId}"` });
      assert.equal(put.status, 200);
    }
    await confirm(page);
    await h1(page).filter({ hasText: id.slot_taken_title }).waitFor();
    await assertAccessible(page, 'FHIR slot taken');
    await page.getByRole('link', { name: id.choose_other_time }).click();
    await page.getByText(id.slot_taken_notice).waitFor();
    assert.equal(await page.locator(`input[value="${slotId}"]`).isDisabled(), true, 'the full time cannot be chosen');
    await page.locator('input[type=radio]:not([disabled])').first().check();
    await next(page);
    await h1(page).filter({ hasText: id.step_check_title }).waitFor();
    assert.equal((await page.getByTestId('jawaban-nama').textContent()).trim(), 'Wa Ode Hasnah');
    await confirm(page);
    const code = await bookingCode(page);
    assert.equal((await appointments(code)).length, 1);
    await context.close();
  });
});
