// Seed data for the FHIR R4 test server (tests/fhir/server.mjs): two facilities in two time zones,
// their clinics (poli), one Schedule per clinic and one Slot per seat for the coming days.
// The content is written as an Indonesian facility would publish it; addresses, phone numbers,
// coordinates and registry numbers are illustrative, not the facilities' real data.
//
// seed(call) only speaks FHIR through `call(method, url, body, headers)`, which must resolve to
// `{ status, resource }` (HTTP status and response body), so the same seed works in-process and
// against a server over HTTP.

const KEMKES_ORG = 'http://sys-ids.kemkes.go.id/organization/1000000000';
const KEMKES_LOC = 'http://sys-ids.kemkes.go.id/location/1000000000';
const TIMEZONE_EXT = 'http://hl7.org/fhir/StructureDefinition/timezone';
// SATUSEHAT's address extension with Kemendagri's area codes (province, city, …).
const ADMINISTRATIVE_CODE_EXT = 'https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode';
const areaCodes = (province, city) => ({
  url: ADMINISTRATIVE_CODE_EXT,
  extension: [
    { url: 'province', valueCode: province },
    { url: 'city', valueCode: city },
  ],
});
const SERVICE_TYPE = 'http://terminology.hl7.org/CodeSystem/service-type';
const SNOMED = 'http://snomed.info/sct';
const ORG_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

/** Opening days of every clinic here; Sunday is closed. FHIR daysOfWeek codes. */
const OPEN_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIRST_SLOT_MINUTES = 8 * 60; // 08:00 local
const SLOT_MINUTES = 30;
const SLOTS_PER_DAY = 8; // 08:00 … 11:30, the last one ends at 12:00
const SEATS_PER_SLOT = 3;

const ref = (type, id, display) => ({ reference: `${type}/${id}`, ...(display ? { display } : {}) });
const phone = (value) => ({ system: 'phone', value, use: 'work' });
const email = (value) => ({ system: 'email', value, use: 'work' });
const concept = (system, code, display, text) => ({ coding: [{ system, code, display }], text });

const PUSKESMAS_POASIA = {
  zone: 'WITA',
  offset: '+08:00',
  timezone: 'Asia/Makassar',
  organization: {
    resourceType: 'Organization',
    id: 'pkm-poasia',
    identifier: [{ use: 'official', system: KEMKES_ORG, value: 'P7471040201' }],
    active: true,
    type: [concept(ORG_TYPE, 'prov', 'Healthcare Provider', 'Puskesmas')],
    name: 'UPTD Puskesmas Poasia',
    alias: ['Puskesmas Poasia'],
    telecom: [phone('(0401) 3196 210'), email('puskesmas.poasia@kendarikota.go.id')],
    address: [
      {
        use: 'work',
        type: 'physical',
        line: ['Jl. Made Sabara No. 17, Kelurahan Anduonohu'],
        city: 'Kota Kendari',
        district: 'Kecamatan Poasia',
        state: 'Sulawesi Tenggara',
        postalCode: '93232',
        country: 'ID',
      },
    ],
  },
  location: {
    resourceType: 'Location',
    id: 'pkm-poasia-gedung',
    identifier: [{ use: 'official', system: KEMKES_LOC, value: 'PKM-POASIA-GEDUNG-UTAMA' }],
    status: 'active',
    name: 'Gedung Pelayanan UPTD Puskesmas Poasia',
    description: 'Gedung utama pelayanan rawat jalan. Loket pendaftaran di lantai 1, dekat pintu masuk.',
    mode: 'instance',
    physicalType: concept(PHYSICAL_TYPE, 'bu', 'Building', 'Gedung'),
    telecom: [phone('(0401) 3196 210')],
    address: {
      use: 'work',
      type: 'physical',
      line: ['Jl. Made Sabara No. 17, Kelurahan Anduonohu'],
      city: 'Kota Kendari',
      district: 'Kecamatan Poasia',
      state: 'Sulawesi Tenggara',
      postalCode: '93232',
      country: 'ID',
      extension: [areaCodes('74', '7471')], // Kota Kendari, Sulawesi Tenggara
    },
    hoursOfOperation: [{ daysOfWeek: OPEN_DAYS, openingTime: '08:00:00', closingTime: '12:00:00' }],
    position: { latitude: -4.0125, longitude: 122.5268 }, // approximate
    managingOrganization: ref('Organization', 'pkm-poasia', 'UPTD Puskesmas Poasia'),
  },
  services: [
    {
      id: 'pkm-poasia-poli-umum',
      name: 'Poli Umum',
      type: concept(SERVICE_TYPE, '124', 'General Practice', 'Pemeriksaan umum'),
      specialty: concept(SNOMED, '394814009', 'General practice', 'Kedokteran umum'),
      comment:
        'Pemeriksaan dan pengobatan penyakit umum untuk semua usia oleh dokter umum, termasuk ' +
        'pemeriksaan tekanan darah, gula darah, dan surat keterangan sehat. Bawa KTP dan kartu BPJS Kesehatan.',
    },
    {
      id: 'pkm-poasia-poli-kia',
      name: 'Poli KIA (Kesehatan Ibu dan Anak)',
      type: concept(SERVICE_TYPE, '58', 'Maternal & Child Health', 'Kesehatan ibu dan anak'),
      comment:
        'Pemeriksaan kehamilan (ANC), pelayanan KB, imunisasi dasar, serta pemantauan tumbuh kembang ' +
        'bayi dan balita. Bawa buku KIA.',
    },
    {
      id: 'pkm-poasia-poli-gigi',
      name: 'Poli Gigi dan Mulut',
      type: concept(SERVICE_TYPE, '88', 'General Dental', 'Kesehatan gigi dan mulut'),
      specialty: concept(SNOMED, '408444009', 'Dental-General dental practice', 'Kedokteran gigi umum'),
      comment:
        'Pemeriksaan gigi, penambalan, pencabutan gigi, dan pembersihan karang gigi oleh dokter gigi. ' +
        'Anak di bawah 12 tahun didampingi orang tua.',
    },
  ],
};

const RSUD_JAYAPURA = {
  zone: 'WIT',
  offset: '+09:00',
  timezone: 'Asia/Jayapura',
  organization: {
    resourceType: 'Organization',
    id: 'rsud-jayapura',
    identifier: [{ use: 'official', system: KEMKES_ORG, value: '9171012' }],
    active: true,
    type: [concept(ORG_TYPE, 'prov', 'Healthcare Provider', 'Rumah Sakit Umum Daerah')],
    name: 'RSUD Jayapura',
    alias: ['Rumah Sakit Umum Daerah Jayapura'],
    telecom: [phone('(0967) 533 616'), email('rsud@jayapurakota.go.id')],
    address: [
      {
        use: 'work',
        type: 'physical',
        line: ['Jl. Kesehatan No. 1, Dok II'],
        city: 'Kota Jayapura',
        district: 'Kecamatan Jayapura Utara',
        state: 'Papua',
        postalCode: '99112',
        country: 'ID',
      },
    ],
  },
  location: {
    resourceType: 'Location',
    id: 'rsud-jayapura-rawat-jalan',
    identifier: [{ use: 'official', system: KEMKES_LOC, value: 'IRJ-LT1' }],
    status: 'active',
    name: 'Instalasi Rawat Jalan RSUD Jayapura',
    description: 'Instalasi Rawat Jalan, lantai 1. Pasien rujukan mendaftar di loket BPJS Kesehatan.',
    mode: 'instance',
    physicalType: concept(PHYSICAL_TYPE, 'wi', 'Wing', 'Instalasi'),
    telecom: [phone('(0967) 533 616')],
    address: {
      use: 'work',
      type: 'physical',
      line: ['Jl. Kesehatan No. 1, Dok II'],
      city: 'Kota Jayapura',
      district: 'Kecamatan Jayapura Utara',
      state: 'Papua',
      postalCode: '99112',
      country: 'ID',
      extension: [areaCodes('91', '9171')], // Kota Jayapura, Papua
    },
    hoursOfOperation: [{ daysOfWeek: OPEN_DAYS, openingTime: '08:00:00', closingTime: '12:00:00' }],
    position: { latitude: -2.5309, longitude: 140.7153 }, // approximate
    managingOrganization: ref('Organization', 'rsud-jayapura', 'RSUD Jayapura'),
  },
  services: [
    {
      id: 'rsud-jayapura-poli-penyakit-dalam',
      name: 'Poli Penyakit Dalam',
      specialty: concept(SNOMED, '419192003', 'Internal medicine', 'Penyakit dalam'),
      comment:
        'Pelayanan dokter spesialis penyakit dalam untuk diabetes, hipertensi, penyakit ginjal, dan ' +
        'gangguan pencernaan. Pasien BPJS Kesehatan wajib membawa surat rujukan dari FKTP.',
    },
    {
      id: 'rsud-jayapura-poli-anak',
      name: 'Poli Anak',
      type: concept(SERVICE_TYPE, '200', 'Paediatric Medicine', 'Kesehatan anak'),
      comment:
        'Pelayanan dokter spesialis anak untuk bayi, anak, dan remaja hingga usia 18 tahun, termasuk ' +
        'konsultasi gizi dan tumbuh kembang. Pasien BPJS Kesehatan wajib membawa surat rujukan dari FKTP.',
    },
  ],
};

const SOURCES = [PUSKESMAS_POASIA, RSUD_JAYAPURA];

/** The seeded ids, for tests that need to name them. */
export const FACILITIES = SOURCES.map((f) => ({
  organization: f.organization.id,
  location: f.location.id,
  zone: f.zone,
  offset: f.offset,
  timezone: f.timezone,
  services: f.services.map((s) => s.id),
}));

/**
 * Writes the facilities, their clinics, schedules and free slots through `call`.
 * Days are counted in each facility's own zone, starting with today there.
 * Returns how many resources of each type were written.
 */
export async function seed(call, { now = new Date(), days = 14 } = {}) {
  const counts = {};
  const put = async (resource) => {
    await expectStatus(call('PUT', `${resource.resourceType}/${resource.id}`, resource), [200, 201]);
    counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
  };
  for (const facility of SOURCES) {
    await put(facility.organization);
    await put({ ...facility.location, extension: [{ url: TIMEZONE_EXT, valueCode: facility.timezone }] });
    for (const service of facility.services) {
      const healthcareService = healthcareServiceOf(facility, service);
      await put(healthcareService);
      const calendar = openDays(now, facility.offset, days);
      const schedule = scheduleOf(facility, healthcareService, calendar);
      await put(schedule);
      counts.Slot = (counts.Slot ?? 0) + (await postSlots(call, slotsOf(facility, schedule, calendar)));
    }
  }
  return counts;
}

function healthcareServiceOf(facility, service) {
  const { id, name, type, specialty, comment } = service;
  return {
    resourceType: 'HealthcareService',
    id,
    active: true,
    providedBy: ref('Organization', facility.organization.id, facility.organization.name),
    ...(type ? { type: [type] } : {}),
    ...(specialty ? { specialty: [specialty] } : {}),
    location: [ref('Location', facility.location.id, facility.location.name)],
    name,
    comment,
    telecom: facility.location.telecom,
    appointmentRequired: true,
    availableTime: [
      { daysOfWeek: OPEN_DAYS, availableStartTime: '08:00:00', availableEndTime: '12:00:00' },
    ],
    availabilityExceptions: `Tutup pada hari Minggu. Jam pelayanan dalam ${facility.zone}.`,
  };
}

function scheduleOf(facility, service, calendar) {
  const last = calendar.allDays[calendar.allDays.length - 1];
  return {
    resourceType: 'Schedule',
    id: `${service.id}-jadwal`,
    active: true,
    ...(service.type ? { serviceType: service.type } : {}),
    ...(service.specialty ? { specialty: service.specialty } : {}),
    actor: [
      ref('Location', facility.location.id, facility.location.name),
      ref('HealthcareService', service.id, service.name),
    ],
    planningHorizon: {
      start: `${calendar.allDays[0]}T00:00:00${facility.offset}`,
      end: `${last}T23:59:59${facility.offset}`,
    },
    comment: `Jadwal ${service.name}, Senin sampai Sabtu pukul 08.00–12.00 ${facility.zone}.`,
  };
}

/**
 * The local calendar dates (YYYY-MM-DD) of the `days` days starting with today in the zone at
 * `offset`, and which of them are open. Fixed offsets are enough: Indonesia has no daylight saving.
 */
function openDays(now, offset, days) {
  const offsetMs = offsetMinutes(offset) * 60_000;
  const localMidnight = new Date(now.getTime() + offsetMs);
  localMidnight.setUTCHours(0, 0, 0, 0);
  const allDays = [];
  const open = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(localMidnight.getTime() + i * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    allDays.push(date);
    if (day.getUTCDay() !== 0) open.push(date); // getUTCDay of the shifted time is the local weekday
  }
  return { allDays, open };
}

function offsetMinutes(offset) {
  const [, sign, hours, minutes] = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** One Slot per seat: a seat is what one person books, so three seats are three Slots. */
function slotsOf(facility, schedule, calendar) {
  const slots = [];
  for (const date of calendar.open) {
    for (let n = 0; n < SLOTS_PER_DAY; n++) {
      const from = FIRST_SLOT_MINUTES + n * SLOT_MINUTES;
      const start = `${date}T${clock(from)}:00${facility.offset}`;
      const end = `${date}T${clock(from + SLOT_MINUTES)}:00${facility.offset}`;
      for (let seat = 0; seat < SEATS_PER_SLOT; seat++) {
        slots.push({
          resourceType: 'Slot',
          ...(schedule.serviceType ? { serviceType: schedule.serviceType } : {}),
          ...(schedule.specialty ? { specialty: schedule.specialty } : {}),
          schedule: ref('Schedule', schedule.id),
          status: 'free',
          start,
          end,
        });
      }
    }
  }
  return slots;
}

const clock = (minutes) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Creates the slots in one transaction Bundle (one request instead of hundreds over HTTP).
 * Every entry's own status is checked: a FHIR server may answer 200 for the Bundle while an
 * entry failed.
 */
async function postSlots(call, slots) {
  if (slots.length === 0) return 0;
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: slots.map((resource) => ({ resource, request: { method: 'POST', url: 'Slot' } })),
  };
  const response = await expectStatus(call('POST', '', bundle), [200]);
  const failed = (response.entry ?? []).filter((e) => !String(e.response?.status).startsWith('201'));
  if (failed.length > 0 || response.entry?.length !== slots.length) {
    throw new Error(`seed: ${failed.length} of ${slots.length} slots not created: ${JSON.stringify(failed[0])}`);
  }
  return slots.length;
}

async function expectStatus(pending, expected) {
  const { status, resource } = await pending;
  if (!expected.includes(status)) {
    throw new Error(`seed: FHIR answered ${status}: ${JSON.stringify(resource)}`);
  }
  return resource;
}
