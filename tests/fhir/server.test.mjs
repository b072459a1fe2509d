// The FHIR R4 test server, over real HTTP: OAuth2 client credentials, bearer checks, the FHIR
// behaviours the gateway leans on (conditional create, If-Match, token search), the seeded
// calendar in two time zones, and the /_test/ controls.   node --test tests/fhir/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFhirServer } from './server.mjs';
import { FACILITIES } from './seed.mjs';

// Saturday 23:30 in Kendari (WITA) is already Sunday 00:30 in Jayapura (WIT): the two facilities'
// "today" are different dates, so a seed that used one zone for both would show here.
const NOW = new Date('2026-12-05T15:30:00Z');
const DAYS = 14;
const CLIENT = { id: 'loket-gateway', secret: 'loket-gateway-secret' };
const NIK = 'https://fhir.kemkes.go.id/id/nik';
const BOOKING = 'https://loket.example.id/fhir/booking';

let server;
let token;

before(async () => {
  server = await startFhirServer({ now: NOW, days: DAYS });
  token = await newToken();
});
after(() => server?.stop());

// --- helpers -------------------------------------------------------------------------------------

function requestToken(form, headers = {}) {
  return fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

async function newToken() {
  const response = await requestToken({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

/** A FHIR request with the current token unless `auth` says otherwise; path is relative to the base. */
async function fhir(method, path, { body, headers = {}, auth = `Bearer ${token}` } = {}) {
  const response = await fetch(`${server.fhirBase}/${path}`, {
    method,
    headers: {
      accept: 'application/fhir+json',
      ...(auth ? { authorization: auth } : {}),
      ...(body ? { 'content-type': 'application/fhir+json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function control(path, body) {
  const response = await fetch(`${server.url}/_test/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `/_test/${path}`);
  return response.json();
}

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const query = (params) => new URLSearchParams(params).toString(); // encodes '|', ':' and '+'

/** The local dates open for booking, counted here from the calendar, not from the seed's code. */
function openDates(offsetHours) {
  const local = new Date(NOW.getTime() + offsetHours * 3_600_000);
  const dates = [];
  for (let i = 0; i < DAYS; i++) {
    const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + i));
    if (day.getUTCDay() !== 0) dates.push(day.toISOString().slice(0, 10)); // closed on Sunday
  }
  return dates;
}

async function freeSlots(scheduleId) {
  const { status, body } = await fhir('GET', `Slot?${query({ schedule: `Schedule/${scheduleId}`, status: 'free' })}`);
  assert.equal(status, 200);
  return body;
}

// --- token endpoint ------------------------------------------------------------------------------

describe('OAuth2 client credentials', () => {
  test('id and secret in the body give a bearer token', async () => {
    const response = await requestToken({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await response.json();
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.ok(body.access_token.length >= 32);
  });

  test('id and secret in HTTP Basic give a bearer token', async () => {
    const response = await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(CLIENT.id, CLIENT.secret) });
    assert.equal(response.status, 200);
    assert.equal((await response.json()).token_type, 'Bearer');
  });

  test('a wrong secret is invalid_client, in the body or in Basic', async () => {
    const inBody = await requestToken({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: 'salah' });
    assert.equal(inBody.status, 401);
    assert.deepEqual(await inBody.json(), { error: 'invalid_client', error_description: 'unknown client or wrong secret' });
    const inBasic = await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(CLIENT.id, 'salah') });
    assert.equal(inBasic.status, 401);
    assert.equal((await inBasic.json()).error, 'invalid_client');
    assert.match(inBasic.headers.get('www-authenticate'), /^Basic /);
  });

  test('another grant type is unsupported_grant_type', async () => {
    const response = await requestToken({ grant_type: 'password', client_id: CLIENT.id, client_secret: CLIENT.secret });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'unsupported_grant_type');
  });
});

// --- FHIR ----------------------------------------------------------------------------------------

describe('FHIR R4', () => {
  test('no token, or an unknown one, is 401 with a Bearer challenge', async () => {
    const none = await fhir('GET', 'Location/pkm-poasia-gedung', { auth: null });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal(none.body.resourceType, 'OperationOutcome');
    const unknown = await fhir('GET', 'Location/pkm-poasia-gedung', { auth: 'Bearer bukan-token' });
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get('www-authenticate'), /^Bearer error="invalid_token"/);
  });

  test('the puskesmas building carries its time zone and an ETag', async () => {
    const { status, headers, body } = await fhir('GET', 'Location/pkm-poasia-gedung');
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/fhir+json');
    assert.equal(headers.get('etag'), `W/"${body.meta.versionId}"`);
    assert.ok(headers.get('last-modified'));
    assert.deepEqual(
      body.extension.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/timezone'),
      { url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: 'Asia/Makassar' }
    );
    assert.equal(body.managingOrganization.reference, 'Organization/pkm-poasia');
    assert.equal(body.address.city, 'Kota Kendari');
  });

  test('metadata is an R4 CapabilityStatement', async () => {
    const { status, body } = await fhir('GET', 'metadata');
    assert.equal(status, 200);
    assert.equal(body.resourceType, 'CapabilityStatement');
    assert.equal(body.fhirVersion, '4.0.1');
  });

  test('every schedule has three free seats per half hour, Monday to Saturday, in its own zone', async () => {
    for (const facility of FACILITIES) {
      const dates = openDates(Number(facility.offset.slice(0, 3)));
      for (const service of facility.services) {
        const bundle = await freeSlots(`${service}-jadwal`);
        assert.equal(bundle.total, dates.length * 8 * 3, service);
        assert.equal(bundle.entry.length, bundle.total);
        assert.ok(bundle.entry.every((e) => e.fullUrl === `${server.fhirBase}/Slot/${e.resource.id}`));
        const starts = bundle.entry.map((e) => e.resource.start).sort();
        assert.equal(starts[0], `${dates[0]}T08:00:00${facility.offset}`, service);
        assert.equal(starts.at(-1), `${dates.at(-1)}T11:30:00${facility.offset}`, service);
        assert.equal(starts.filter((s) => s === starts[0]).length, 3, 'one Slot per seat');
      }
    }
    // the calendar above, spelt out for this NOW: WITA starts on Saturday, WIT on Monday
    assert.equal(openDates(8)[0], '2026-12-05');
    assert.equal(openDates(9)[0], '2026-12-07');
  });

  test('two concurrent conditional creates make one Appointment', async () => {
    const slot = (await freeSlots('pkm-poasia-poli-umum-jadwal')).entry[0].resource;
    const appointment = {
      resourceType: 'Appointment',
      status: 'booked',
      identifier: [{ system: BOOKING, value: 'LKT-7Q2M9' }],
      slot: [{ reference: `Slot/${slot.id}` }],
      start: slot.start,
      end: slot.end,
      participant: [{ actor: { reference: 'Location/pkm-poasia-gedung' }, status: 'accepted' }],
    };
    const create = () =>
      fhir('POST', 'Appointment', { body: appointment, headers: { 'if-none-exist': `identifier=${BOOKING}|LKT-7Q2M9` } });
    const [first, second] = await Promise.all([create(), create()]);
    assert.deepEqual([first.status, second.status].sort(), [200, 201]);
    assert.equal(first.body.id, second.body.id);
    const made = first.status === 201 ? first : second;
    assert.equal(made.headers.get('location'), `${server.fhirBase}/Appointment/${made.body.id}/_history/${made.body.meta.versionId}`);
    const found = await fhir('GET', `Appointment?${query({ identifier: `${BOOKING}|LKT-7Q2M9` })}`);
    assert.equal(found.body.total, 1);
  });

  test('PUT with the current If-Match succeeds, with a stale one is 412', async () => {
    const read = await fhir('GET', `Slot/${(await freeSlots('rsud-jayapura-poli-anak-jadwal')).entry[0].resource.id}`);
    const etag = read.headers.get('etag');
    const busy = { ...read.body, status: 'busy' };
    const updated = await fhir('PUT', `Slot/${busy.id}`, { body: busy, headers: { 'if-match': etag } });
    assert.equal(updated.status, 200);
    assert.notEqual(updated.headers.get('etag'), etag);
    const stale = await fhir('PUT', `Slot/${busy.id}`, { body: { ...busy, status: 'free' }, headers: { 'if-match': etag } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.resourceType, 'OperationOutcome');
    assert.equal((await fhir('GET', `Slot/${busy.id}`)).body.status, 'busy');
  });

  test('a Patient is found by NIK', async () => {
    // Kota Kendari (74.71), a woman born 5 May 1965; and her neighbour
    const nik = '7471044505650001';
    const patient = (value, name) => ({ resourceType: 'Patient', identifier: [{ system: NIK, value }], name: [{ text: name }] });
    const created = await fhir('POST', 'Patient', { body: patient(nik, 'Wa Ode Siti Nurhaliza') });
    assert.equal(created.status, 201);
    await fhir('POST', 'Patient', { body: patient('7471040101800002', 'La Ode Ahmad') });
    const { status, body } = await fhir('GET', `Patient?${query({ identifier: `${NIK}|${nik}` })}`);
    assert.equal(status, 200);
    assert.equal(body.total, 1);
    assert.equal(body.entry[0].resource.id, created.body.id);
  });
});

// --- test controls -------------------------------------------------------------------------------

describe('test controls', () => {
  test('expire-tokens makes the next FHIR call 401, and a new token works', async () => {
    assert.equal((await fhir('GET', 'Organization/rsud-jayapura')).status, 200);
    await control('expire-tokens', {});
    const expired = await fhir('GET', 'Organization/rsud-jayapura');
    assert.equal(expired.status, 401);
    assert.match(expired.headers.get('www-authenticate'), /invalid_token/);
    token = await newToken();
    assert.equal((await fhir('GET', 'Organization/rsud-jayapura')).status, 200);
  });

  test('fault modes: down, unavailable, slow, lost (for one kind of request), none; the token endpoint is spared', async () => {
    try {
      await control('fault', { mode: 'down' });
      await assert.rejects(fhir('GET', 'Organization/pkm-poasia'), TypeError); // fetch failed: socket closed
      assert.equal((await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(CLIENT.id, CLIENT.secret) })).status, 200);

      await control('fault', { mode: 'unavailable' });
      const unavailable = await fhir('GET', 'Organization/pkm-poasia');
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.headers.get('retry-after'), '5');
      assert.equal(unavailable.body.resourceType, 'OperationOutcome');

      await control('fault', { mode: 'slow', ms: 400 });
      const started = performance.now();
      assert.equal((await fhir('GET', 'Organization/pkm-poasia')).status, 200);
      assert.ok(performance.now() - started >= 400, 'slow waits before answering');

      // Lost: carried out, the answer never sent; and only the kind of request named.
      await control('fault', { mode: 'lost', only: 'PUT Organization' });
      const org = (await fhir('GET', 'Organization/pkm-poasia')).body;
      await assert.rejects(fhir('PUT', 'Organization/pkm-poasia', { body: { ...org, alias: ['Puskesmas Poasia Kendari'] } }), TypeError);
      assert.deepEqual((await fhir('GET', 'Organization/pkm-poasia')).body.alias, ['Puskesmas Poasia Kendari'], 'the update was made');
      const refused = await fetch(`${server.url}/_test/fault`, { method: 'POST', body: '{"mode":"lost","only":"everything"}' });
      assert.equal(refused.status, 400);
    } finally {
      await control('fault', { mode: 'none' });
    }
    const started = performance.now();
    assert.equal((await fhir('GET', 'Organization/pkm-poasia')).status, 200);
    assert.ok(performance.now() - started < 400);
  });

  test('stats count token requests, tokens, FHIR requests and refusals', async () => {
    const before = await control('stats');
    await requestToken({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: 'salah' });
    await fhir('GET', 'metadata', { auth: null });
    await fhir('GET', 'metadata');
    assert.deepEqual(await control('stats'), {
      tokenRequests: before.tokenRequests + 1,
      tokensIssued: before.tokensIssued,
      fhirRequests: before.fhirRequests + 2,
      unauthorized: before.unauthorized + 1,
    });
  });

  test('reset brings back the seeded data and zeroes the stats', async () => {
    const { seeded, ms } = await control('reset', {});
    assert.deepEqual(seeded, { Organization: 2, Location: 2, HealthcareService: 5, Schedule: 5, Slot: 5 * 12 * 8 * 3 });
    assert.ok(ms < 3000, `seeding took ${ms} ms`);
    assert.deepEqual(await control('stats'), { tokenRequests: 0, tokensIssued: 0, fhirRequests: 0, unauthorized: 0 });
    assert.equal((await fhir('GET', `Appointment?${query({ identifier: `${BOOKING}|LKT-7Q2M9` })}`)).body.total, 0);
    assert.equal((await fhir('GET', 'Patient')).body.total, 0);
    assert.equal((await freeSlots('rsud-jayapura-poli-anak-jadwal')).total, openDates(9).length * 8 * 3);
  });
});

// --- as a program --------------------------------------------------------------------------------

test('as a program it prints one JSON line, takes its client from the environment, stops on SIGTERM', { timeout: 15_000 }, async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url)), '--port', '0'], {
    env: { ...process.env, FHIR_CLIENT_ID: 'uji-klien', FHIR_CLIENT_SECRET: 'rahasia', FHIR_TOKEN_TTL: '60' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = await once(createInterface({ input: child.stdout }), 'line');
    const ready = JSON.parse(line);
    assert.deepEqual(Object.keys(ready), ['message', 'url', 'fhirBase', 'tokenUrl', 'clientId', 'clientSecret']);
    assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(ready, {
      message: 'listening',
      url: ready.url,
      fhirBase: `${ready.url}/fhir/R4`,
      tokenUrl: `${ready.url}/oauth2/token`,
      clientId: 'uji-klien',
      clientSecret: 'rahasia',
    });
    const response = await fetch(ready.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('uji-klien', 'rahasia') },
      body: 'grant_type=client_credentials',
    });
    assert.equal((await response.json()).expires_in, 60);
  } finally {
    child.kill('SIGTERM');
  }
  const [code, signal] = await once(child, 'exit');
  assert.deepEqual([code, signal], [0, null]);
});
