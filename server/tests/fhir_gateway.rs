//! The gateway (`fhir::gateway`) as the API uses it: Loket's own SQLite store with the demo
//! catalogue behind it, and UPTD Puskesmas Poasia (Kendari, WITA) served from a real FHIR engine
//! (`tests/fhir/server.mjs`). Catalogue sync, live slots, bookings that land in the facility's
//! own system once, statuses the facility records, cancel and reschedule, and a FHIR server that
//! fails mid-booking.

mod support;

use std::sync::Arc;
use std::time::Duration;

use loket_contract::booking::{Applicant, Booking, BookingRequest, BookingStatus, ForWhom, Slot, Tracked};
use loket_contract::catalogue::LocationKind;
use loket_contract::{Instant, Zone};
use loket_server::config::FhirSettings;
use loket_server::fhir::gateway::Gateway;
use loket_server::fhir::places::PlaceMapping;
use loket_server::fhir::scheduling::{BOOKING_CODE_SYSTEM, NIK_SYSTEM};
use loket_server::sqlite::{db::Db, SqliteStore};
use loket_server::store::{BookingError, Store};
use reqwest::Method;
use serde_json::{json, Value};
use support::fhir::FhirServer;

const PLACE: &str = "puskesmas-poasia";
const POLI_UMUM: &str = "pkm-poli-umum";

fn now() -> Instant {
    Instant(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

struct Setup {
    gateway: Gateway,
    fhir: FhirServer,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let fhir = FhirServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::new(Db::open(&dir.path().join("loket.sqlite3")).unwrap());
    assert!(store.seed_catalogue(&loket_server::demo::catalogue().unwrap()).await.unwrap());
    let settings = FhirSettings {
        base_url: fhir.fhir_base.clone(),
        token_url: fhir.credentials.token_url.clone(),
        client_id: fhir.credentials.client_id.clone(),
        client_secret: fhir.credentials.client_secret.clone(),
        places: vec![PlaceMapping {
            id: PLACE.into(),
            fhir_location: "pkm-poasia-gedung".into(),
            kind: LocationKind::Puskesmas,
            agency_ids: vec!["puskesmas".into()],
            services: vec![
                ("pkm-poasia-poli-umum".into(), POLI_UMUM.into()),
                ("pkm-poasia-poli-kia".into(), "pkm-kia-anc".into()),
                ("pkm-poasia-poli-gigi".into(), "pkm-poli-gigi".into()),
            ],
        }],
        sync_interval: Duration::from_secs(300),
        timeout: Duration::from_secs(3),
    };
    let gateway = Gateway::new(Arc::new(store), &settings).unwrap();
    gateway.sync().await.unwrap().expect("the first sync writes the place");
    Setup { gateway, fhir, _dir: dir }
}

fn request(slot: &Slot, n: u32) -> BookingRequest {
    BookingRequest {
        slot_id: slot.id,
        applicant: Applicant {
            name: format!("Wa Ode Warga {n}"),
            nik: format!("74710152089{n:05}"),
            phone: "0812-3456-7890".into(),
            email: None,
            for_whom: ForWhom::Myself,
        },
        health: None,
    }
}

/// The poli's slots as the app lists them, and the first one starting an hour from now or later
/// with every seat free.
async fn a_free_slot(s: &Setup) -> Slot {
    let slots = s.gateway.slots(POLI_UMUM, PLACE, None, None, now()).await.unwrap().expect("the place offers the poli");
    slots.into_iter().find(|t| t.starts_at.0 > now().0 + 3600 && t.capacity_left == t.capacity).expect("a free time in the fortnight")
}

async fn left(s: &Setup, slot: &Slot) -> u16 {
    let slots = s.gateway.slots(POLI_UMUM, PLACE, None, None, now()).await.unwrap().unwrap();
    slots.iter().find(|t| t.id == slot.id).expect("still listed, under the same id").capacity_left
}

async fn search(s: &Setup, query: &str) -> Vec<Value> {
    let (status, bundle) = s.fhir.direct(Method::GET, query, None, &[]).await;
    assert_eq!(status, 200, "{query}");
    bundle["entry"].as_array().cloned().unwrap_or_default().into_iter().map(|e| e["resource"].clone()).collect()
}

async fn appointments(s: &Setup, code: &str) -> Vec<Value> {
    search(s, &format!("Appointment?identifier={BOOKING_CODE_SYSTEM}|{code}")).await
}

/// The facility's own system sets the Appointment's status, as its counter would.
async fn counter_sets(s: &Setup, code: &str, status: &str) {
    let mut appointment = appointments(s, code).await.remove(0);
    let if_match = format!("W/\"{}\"", appointment["meta"]["versionId"].as_str().unwrap());
    appointment["status"] = json!(status);
    let path = format!("Appointment/{}", appointment["id"].as_str().unwrap());
    assert_eq!(s.fhir.direct(Method::PUT, &path, Some(&appointment), &[("If-Match", &if_match)]).await.0, 200);
}

async fn seat_statuses(s: &Setup, appointment: &Value) -> Vec<String> {
    let mut statuses = Vec::new();
    for slot in appointment["slot"].as_array().unwrap() {
        let (_, seat) = s.fhir.direct(Method::GET, slot["reference"].as_str().unwrap(), None, &[]).await;
        statuses.push(seat["status"].as_str().unwrap().to_owned());
    }
    statuses
}

async fn tracked(s: &Setup, booking: &Booking) -> (Booking, Vec<String>) {
    match s.gateway.track(&booking.code, "0812-3456-7890", now()).await.unwrap() {
        Some(Tracked::Booking { booking, timeline, .. }) => (booking, timeline.into_iter().map(|e| e.status).collect()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_facilitys_place_joins_the_catalogue_and_a_change_there_bumps_its_version() {
    let s = setup().await;
    let place = s.gateway.location(PLACE).await.unwrap().expect("synced into the catalogue");
    assert_eq!((place.time_zone, place.regency_code.as_str()), (Zone::Wita, "74.71"));
    let mut offered = place.service_ids.clone();
    offered.sort();
    assert_eq!(offered, ["pkm-kia-anc", "pkm-poli-gigi", "pkm-poli-umum"]);
    let poli = s.gateway.service(POLI_UMUM).await.unwrap().unwrap();
    assert!(poli.location_ids.iter().any(|l| l == PLACE), "the service lists the place: {:?}", poli.location_ids);
    let version = s.gateway.catalogue_version().await.unwrap();
    assert_eq!(s.gateway.sync().await.unwrap(), None, "nothing changed, no new version");

    // The facility renames its building: the next sync carries it, at a new version.
    let (_, mut location) = s.fhir.direct(Method::GET, "Location/pkm-poasia-gedung", None, &[]).await;
    location["name"] = json!("UPTD Puskesmas Poasia (Gedung Baru)");
    assert_eq!(s.fhir.direct(Method::PUT, "Location/pkm-poasia-gedung", Some(&location), &[]).await.0, 200);
    let newer = s.gateway.sync().await.unwrap().expect("a new version");
    assert!(newer > version);
    let changes = s.gateway.catalogue(Some(version)).await.unwrap();
    assert_eq!(changes.locations.len(), 1, "only the place changed: {changes:?}");
    assert_eq!(changes.locations[0].name.id, "UPTD Puskesmas Poasia (Gedung Baru)");
}

#[tokio::test]
async fn a_booking_lands_once_in_the_facilitys_system_and_its_statuses_come_back() {
    let s = setup().await;
    let slot = a_free_slot(&s).await;
    assert_eq!((slot.capacity, slot.time_zone), (3, Zone::Wita), "the seats of the facility's own schedule");
    let request = request(&slot, 1);
    let (booking, replayed) = s.gateway.create_booking("key-1", &request, now()).await.unwrap();
    assert!(!replayed);
    assert_eq!(left(&s, &slot).await, 2, "the seat is taken in FHIR, and the listing shows it");

    let made = appointments(&s, &booking.code).await;
    assert_eq!(made.len(), 1);
    assert_eq!(made[0]["status"], "booked");
    assert_eq!(seat_statuses(&s, &made[0]).await, ["busy"]);
    let patient = made[0]["participant"][0]["actor"]["reference"].as_str().unwrap().to_owned();
    let (_, patient) = s.fhir.direct(Method::GET, &patient, None, &[]).await;
    assert_eq!(patient["identifier"][0]["system"], NIK_SYSTEM);
    assert_eq!(patient["identifier"][0]["value"], "7471015208900001");

    // The same request again (an answer lost on the way): the same booking, no second Appointment.
    let (again, replayed) = s.gateway.create_booking("key-1", &request, now()).await.unwrap();
    assert!(replayed);
    assert_eq!(again.code, booking.code);
    assert_eq!(appointments(&s, &booking.code).await.len(), 1);
    assert_eq!(left(&s, &slot).await, 2);
    let other = self::request(&slot, 2);
    assert!(matches!(s.gateway.create_booking("key-1", &other, now()).await, Err(BookingError::KeyReused)));

    // The facility's counter records the visit; the citizen's ticket and timeline follow.
    counter_sets(&s, &booking.code, "arrived").await;
    let (seen, timeline) = tracked(&s, &booking).await;
    assert_eq!(seen.status, BookingStatus::CheckedIn);
    assert_eq!(timeline, ["booked", "checked_in"]);
    counter_sets(&s, &booking.code, "fulfilled").await;
    let (seen, timeline) = tracked(&s, &booking).await;
    assert_eq!(seen.status, BookingStatus::Fulfilled);
    assert_eq!(timeline, ["booked", "checked_in", "fulfilled"]);
    let refused = s.gateway.cancel_booking(&booking.code, "0812-3456-7890", now()).await;
    assert!(matches!(refused, Err(BookingError::NotChangeable(BookingStatus::Fulfilled))), "{refused:?}");
}

#[tokio::test]
async fn cancel_and_reschedule_change_the_appointment_and_free_its_seat() {
    let s = setup().await;
    let slot = a_free_slot(&s).await;
    let (booking, _) = s.gateway.create_booking("key-m", &request(&slot, 3), now()).await.unwrap();
    let slots = s.gateway.slots(POLI_UMUM, PLACE, None, None, now()).await.unwrap().unwrap();
    let later = slots.iter().find(|t| t.starts_at > slot.starts_at && t.capacity_left == t.capacity).unwrap().clone();

    let moved = s.gateway.reschedule_booking(&booking.code, "0003", later.id, now()).await.unwrap();
    assert_eq!((moved.code.as_str(), moved.slot.starts_at), (booking.code.as_str(), later.starts_at));
    let appointment = appointments(&s, &booking.code).await.remove(0);
    assert_eq!(Instant::parse(appointment["start"].as_str().unwrap()).unwrap(), later.starts_at);
    assert_eq!(seat_statuses(&s, &appointment).await, ["busy"]);
    assert_eq!((left(&s, &slot).await, left(&s, &later).await), (3, 2), "the old seat is free, the new one taken");

    let cancelled = s.gateway.cancel_booking(&booking.code, "0003", now()).await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let appointment = appointments(&s, &booking.code).await.remove(0);
    assert_eq!(appointment["status"], "cancelled");
    assert_eq!(seat_statuses(&s, &appointment).await, ["free"]);
    assert_eq!(left(&s, &later).await, 3);
}

#[tokio::test]
async fn a_time_taken_in_the_facilitys_system_meanwhile_is_full_and_leaves_nothing_behind() {
    let s = setup().await;
    let slot = a_free_slot(&s).await;
    // The counter books every seat of that time directly in FHIR after the citizen saw it free.
    let start = slot.starts_at.to_string();
    let seats = search(&s, "Slot?schedule=Schedule/pkm-poasia-poli-umum-jadwal&_count=500").await;
    for mut seat in seats.into_iter().filter(|x| Instant::parse(x["start"].as_str().unwrap()).unwrap() == slot.starts_at) {
        seat["status"] = json!("busy");
        let path = format!("Slot/{}", seat["id"].as_str().unwrap());
        assert_eq!(s.fhir.direct(Method::PUT, &path, Some(&seat), &[]).await.0, 200, "{start}");
    }
    let full = s.gateway.create_booking("key-f", &request(&slot, 4), now()).await;
    assert!(matches!(full, Err(BookingError::SlotFull)), "{full:?}");
    assert!(s.gateway.track("XXXXX-XXXXX", "0812-3456-7890", now()).await.unwrap().is_none());
    // Nothing of it stays in Loket: the same person books another time with the same key.
    let slots = s.gateway.slots(POLI_UMUM, PLACE, None, None, now()).await.unwrap().unwrap();
    let other = slots.iter().find(|t| t.starts_at > slot.starts_at && t.capacity_left > 0).unwrap();
    let (booking, replayed) = s.gateway.create_booking("key-f2", &request(other, 4), now()).await.unwrap();
    assert!(!replayed && booking.status == BookingStatus::Booked, "not held back as already booked that day");
}

#[tokio::test]
async fn a_fhir_server_that_fails_mid_booking_gives_503_and_the_retry_books_once() {
    // (An answer lost after FHIR made the Appointment is found again by the same request, and
    // never reaches the citizen as a failure: `fhir.rs` tests that part of `scheduling::book`.)
    let s = setup().await;
    let slot = a_free_slot(&s).await;
    let request = request(&slot, 5);
    for fault in [json!({"mode": "down"}), json!({"mode": "unavailable", "only": "POST Appointment"})] {
        s.fhir.control(Method::POST, "fault", Some(fault.clone())).await;
        let key = format!("key-{}", fault["mode"].as_str().unwrap());
        let failed = s.gateway.create_booking(&key, &request, now()).await;
        assert!(matches!(failed, Err(BookingError::Storage(_))), "{fault}: {failed:?}");
        s.fhir.control(Method::POST, "fault", Some(json!({"mode": "none"}))).await;
        // The app's outbox sends the same request again with the same key.
        let (booking, _) = s.gateway.create_booking(&key, &request, now()).await.unwrap();
        assert_eq!(appointments(&s, &booking.code).await.len(), 1, "{fault}");
        s.gateway.cancel_booking(&booking.code, "0005", now()).await.unwrap();
    }
    assert_eq!(left(&s, &slot).await, 3, "every seat free again: none held by a request that failed");
}
