//! The FHIR gateway's client and scheduling rules against a real FHIR engine (npm
//! `@medplum/fhir-router` behind an OAuth2 token endpoint, `tests/fhir/server.mjs`), seeded with
//! UPTD Puskesmas Poasia (Kendari, WITA) and RSUD Jayapura (WIT): tokens, seats, appointments,
//! replays, races with the counter, and a FHIR server that is down or slow.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use loket_contract::booking::BookingStatus;
use loket_contract::catalogue::LocationKind;
use loket_contract::{Instant, Zone};
use loket_server::fhir::places::{self, PlaceMapping};
use loket_server::fhir::scheduling::{self, BookError, CancelError, NewAppointment, Patient, Time, BOOKING_CODE_SYSTEM, NIK_SYSTEM};
use loket_server::fhir::status::booking_status;
use loket_server::fhir::{Credentials, FhirClient, FhirError, Versioned};
use reqwest::Method;
use serde_json::{json, Value};
use support::fhir::FhirServer;

const POLI_UMUM: &str = "pkm-poasia-poli-umum-jadwal";
const POLI_ANAK_RSUD: &str = "rsud-jayapura-poli-anak-jadwal";

fn now() -> Instant {
    Instant(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

/// The first time of the schedule that starts at least an hour from now, all its seats free.
async fn a_free_time(fhir: &FhirClient, schedule: &str) -> Time {
    let from = Instant(now().0 + 3600);
    let times = scheduling::times(fhir, schedule, from, Instant(from.0 + 15 * 86_400)).await.unwrap();
    times.into_iter().find(|t| t.free().count() == t.capacity()).expect("a free time in the seeded fortnight")
}

fn request<'a>(key: &'a str, code: &'a str, schedule: &'a str, time: &Time, nik: &'a str) -> NewAppointment<'a> {
    NewAppointment {
        key,
        code,
        schedule_id: schedule,
        start: time.start,
        patient: Patient { nik, name: "Wa Ode Sitti Rahma", phone: "0812-3456-7890" },
        now: now(),
    }
}

/// A valid-looking NIK of Kota Kendari (74 71), one per person `n`.
fn nik(n: u32) -> String {
    format!("747101520890{n:04}")
}

async fn seats_of(server: &FhirServer, time: &Time) -> Vec<Value> {
    let mut seats = Vec::new();
    for seat in &time.seats {
        let (status, slot) = server.direct(Method::GET, &format!("Slot/{}", seat.id()), None, &[]).await;
        assert_eq!(status, 200);
        seats.push(slot);
    }
    seats
}

async fn busy_seats(server: &FhirServer, time: &Time) -> usize {
    seats_of(server, time).await.iter().filter(|s| s["status"] == "busy").count()
}

async fn appointments_with(server: &FhirServer, system: &str, value: &str) -> Vec<Value> {
    let search = format!("Appointment?identifier={}", urlencode(&format!("{system}|{value}")));
    let (status, bundle) = server.direct(Method::GET, &search, None, &[]).await;
    assert_eq!(status, 200);
    bundle["entry"].as_array().cloned().unwrap_or_default().into_iter().map(|e| e["resource"].clone()).collect()
}

/// The facility's own system changes a resource's status, as its counter would.
async fn set_status(server: &FhirServer, current: &Versioned, status: &str) {
    let mut changed = current.resource.clone();
    changed["status"] = json!(status);
    let path = format!("{}/{}", current.resource["resourceType"].as_str().unwrap(), current.id());
    let if_match = format!("W/\"{}\"", current.version);
    assert_eq!(server.direct(Method::PUT, &path, Some(&changed), &[("If-Match", &if_match)]).await.0, 200, "{path} {status}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn one_token_serves_many_calls_and_a_refused_one_is_replaced() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    for _ in 0..5 {
        fhir.read("Location", "pkm-poasia-gedung").await.unwrap();
    }
    assert_eq!(server.control(Method::GET, "stats", None).await["tokensIssued"], 1, "the token is cached");

    // The FHIR server forgets its tokens (revoked, restarted): the next call still succeeds.
    server.control(Method::POST, "expire-tokens", None).await;
    let location = fhir.read("Location", "pkm-poasia-gedung").await.unwrap();
    assert_eq!(location.resource["name"].as_str().map(|n| n.contains("Poasia")), Some(true));
    let stats = server.control(Method::GET, "stats", None).await;
    assert_eq!((stats["tokensIssued"].as_u64(), stats["unauthorized"].as_u64()), (Some(2), Some(1)), "{stats}");
}

#[tokio::test]
async fn refused_client_credentials_are_a_configuration_fault() {
    let server = FhirServer::start();
    let wrong = Credentials { client_secret: "not-the-secret".into(), ..server.credentials.clone() };
    let fhir = FhirClient::new(&server.fhir_base, wrong, Duration::from_secs(10)).unwrap();
    let err = fhir.read("Location", "pkm-poasia-gedung").await.unwrap_err();
    assert!(matches!(err, FhirError::Auth(_)), "{err:?}");
}

#[tokio::test]
async fn a_booking_takes_one_seat_and_its_replay_finds_the_same_appointment() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    assert_eq!(time.capacity(), 3, "three seats a time, as seeded");
    let nik = nik(1);
    let first = scheduling::book(&fhir, &request("key-1", "KDI23-ABCDE", POLI_UMUM, &time, &nik)).await.unwrap();
    assert!(first.created);
    // The answer was lost on the way; the outbox sends the same request again.
    let replay = scheduling::book(&fhir, &request("key-1", "KDI23-ABCDE", POLI_UMUM, &time, &nik)).await.unwrap();
    assert!(!replay.created);
    assert_eq!(replay.appointment.id(), first.appointment.id());

    let made = appointments_with(&server, BOOKING_CODE_SYSTEM, "KDI23-ABCDE").await;
    assert_eq!(made.len(), 1, "one Appointment");
    assert_eq!(made[0]["status"], "booked");
    assert_eq!(busy_seats(&server, &time).await, 1, "one seat taken");
    let seat = made[0]["slot"][0]["reference"].as_str().unwrap().to_owned();
    let (_, slot) = server.direct(Method::GET, &seat, None, &[]).await;
    assert_eq!(slot["status"], "busy", "the Appointment's own seat is the busy one");
    assert_eq!(made[0]["start"], slot["start"], "at the seat's time, in the facility's zone");
    assert!(made[0]["start"].as_str().unwrap().ends_with("+08:00"), "WITA");

    let patient = made[0]["participant"][0]["actor"]["reference"].as_str().unwrap().to_owned();
    let (_, patient) = server.direct(Method::GET, &patient, None, &[]).await;
    assert_eq!(patient["identifier"][0]["system"], NIK_SYSTEM);
    assert_eq!(patient["identifier"][0]["value"], nik.as_str());

    // The same citizen booking again (another key, another day) is the same Patient, not a second one.
    let later = scheduling::times(&fhir, POLI_UMUM, Instant(time.start.0 + 86_400), Instant(time.start.0 + 8 * 86_400)).await.unwrap();
    scheduling::book(&fhir, &request("key-2", "KDI23-FGHJK", POLI_UMUM, &later[0], &nik)).await.unwrap();
    let (_, patients) =
        server.direct(Method::GET, &format!("Patient?identifier={}", urlencode(&format!("{NIK_SYSTEM}|{nik}"))), None, &[]).await;
    assert_eq!(patients["entry"].as_array().map(Vec::len), Some(1), "one Patient per NIK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rush_never_takes_more_seats_than_there_are() {
    let server = FhirServer::start();
    let fhir = std::sync::Arc::new(server.client(Duration::from_secs(20)));
    let time = a_free_time(&fhir, POLI_ANAK_RSUD).await;
    let mut rush = Vec::new();
    for n in 0..7u32 {
        let (fhir, time) = (fhir.clone(), time.clone());
        rush.push(tokio::spawn(async move {
            let (key, code, nik) = (format!("rush-{n}"), format!("JYP{n:02}-RUSH"), nik(100 + n));
            scheduling::book(&fhir, &request(&key, &code, POLI_ANAK_RSUD, &time, &nik)).await
        }));
    }
    let mut booked = HashSet::new();
    let mut full = 0;
    for answer in rush {
        match answer.await.unwrap() {
            Ok(b) => assert!(booked.insert(b.appointment.resource["slot"][0]["reference"].as_str().unwrap().to_owned())),
            Err(BookError::Full) => full += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((booked.len(), full), (time.capacity(), 7 - time.capacity()), "each seat once, the rest told it is full");
    assert_eq!(busy_seats(&server, &time).await, time.capacity());
}

#[tokio::test]
async fn a_seat_taken_at_the_counter_is_never_given_to_the_citizen() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    // The counter books two seats of the time in its own system.
    for seat in &time.seats[..2] {
        set_status(&server, seat, "busy").await;
    }
    let booked = scheduling::book(&fhir, &request("k-a", "KDI77-AAAAA", POLI_UMUM, &time, &nik(7))).await.unwrap();
    assert_eq!(booked.appointment.resource["slot"][0]["reference"], format!("Slot/{}", time.seats[2].id()), "the one seat left");
    let full = scheduling::book(&fhir, &request("k-b", "KDI77-BBBBB", POLI_UMUM, &time, &nik(8))).await.unwrap_err();
    assert!(matches!(full, BookError::Full), "{full:?}");
    assert!(appointments_with(&server, BOOKING_CODE_SYSTEM, "KDI77-BBBBB").await.is_empty(), "nothing half made");
    let ghost = Time { start: Instant(time.start.0 + 60), ..time.clone() };
    let none = scheduling::book(&fhir, &request("k-c", "KDI77-CCCCC", POLI_UMUM, &ghost, &nik(9))).await.unwrap_err();
    assert!(matches!(none, BookError::NoSuchTime), "{none:?}");
}

#[tokio::test]
async fn the_counter_records_arrival_and_service_and_the_citizen_sees_both() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    scheduling::book(&fhir, &request("k-1", "KDI55-SSSSS", POLI_UMUM, &time, &nik(55))).await.unwrap();
    for (fhir_status, seen) in [("arrived", BookingStatus::CheckedIn), ("fulfilled", BookingStatus::Fulfilled)] {
        let current = scheduling::appointment_by_code(&fhir, "KDI55-SSSSS").await.unwrap().unwrap();
        set_status(&server, &current, fhir_status).await;
        let now = scheduling::appointment_by_code(&fhir, "KDI55-SSSSS").await.unwrap().unwrap();
        assert_eq!(booking_status(now.resource["status"].as_str().unwrap()), Some(seen));
    }
}

#[tokio::test]
async fn an_answer_lost_after_the_appointment_was_made_keeps_its_seat_and_the_retry_finds_both() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    server.control(Method::POST, "fault", Some(json!({"mode": "lost", "only": "POST Appointment"}))).await;
    let lost = scheduling::book(&fhir, &request("k-lost", "KDI44-LLLLL", POLI_UMUM, &time, &nik(44))).await;
    server.control(Method::POST, "fault", Some(json!({"mode": "none"}))).await;
    // Made, though the answer never came: its seat must not be given to anyone else.
    let made = appointments_with(&server, BOOKING_CODE_SYSTEM, "KDI44-LLLLL").await;
    assert_eq!(made.len(), 1, "{lost:?}");
    assert_eq!(busy_seats(&server, &time).await, 1, "the booked seat stays taken");
    let retry = scheduling::book(&fhir, &request("k-lost", "KDI44-LLLLL", POLI_UMUM, &time, &nik(44))).await.unwrap();
    assert_eq!(retry.appointment.id(), made[0]["id"].as_str().unwrap());
    assert_eq!(busy_seats(&server, &time).await, 1, "and the retry takes no second one");

    // A create whose connection drops: nobody can say whether it was made, so its seat stays
    // held under its key, and the retry, once the server works, books on that seat, once.
    server.control(Method::POST, "fault", Some(json!({"mode": "down", "only": "POST Appointment"}))).await;
    let down = scheduling::book(&fhir, &request("k-down", "KDI45-DDDDD", POLI_UMUM, &time, &nik(45))).await.unwrap_err();
    assert!(matches!(down, BookError::Fhir(FhirError::Unavailable { .. })), "{down:?}");
    server.control(Method::POST, "fault", Some(json!({"mode": "none"}))).await;
    assert_eq!(busy_seats(&server, &time).await, 2, "held for its retry: the server could not say whether it booked");
    scheduling::book(&fhir, &request("k-down", "KDI45-DDDDD", POLI_UMUM, &time, &nik(45))).await.unwrap();
    assert_eq!(busy_seats(&server, &time).await, 2, "the retry books on the seat it held");
    assert_eq!(appointments_with(&server, BOOKING_CODE_SYSTEM, "KDI45-DDDDD").await.len(), 1);
}

#[tokio::test]
async fn an_appointment_the_counter_has_moved_on_cannot_be_cancelled() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    scheduling::book(&fhir, &request("k-1", "KDI33-AAAAA", POLI_UMUM, &time, &nik(33))).await.unwrap();
    let booked = scheduling::appointment_by_code(&fhir, "KDI33-AAAAA").await.unwrap().unwrap();
    set_status(&server, &booked, "arrived").await;
    let refused = scheduling::cancel(&fhir, "KDI33-AAAAA").await.unwrap_err();
    assert!(matches!(&refused, CancelError::NotChangeable(s) if s == "arrived"), "{refused:?}");
    assert_eq!(busy_seats(&server, &time).await, 1, "the seat stays with the patient who came");
}

#[tokio::test]
async fn a_cancellation_frees_the_seat_and_a_second_one_changes_nothing() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    scheduling::book(&fhir, &request("k-1", "KDI66-CCCCC", POLI_UMUM, &time, &nik(66))).await.unwrap();
    assert_eq!(busy_seats(&server, &time).await, 1);
    let cancelled = scheduling::cancel(&fhir, "KDI66-CCCCC").await.unwrap().unwrap();
    assert_eq!(cancelled.resource["status"], "cancelled");
    assert_eq!(busy_seats(&server, &time).await, 0, "the seat is free again");
    let again = scheduling::cancel(&fhir, "KDI66-CCCCC").await.unwrap().unwrap();
    assert_eq!(again.version, cancelled.version, "nothing changed");
    assert!(scheduling::cancel(&fhir, "NO-SUCH-CODE").await.unwrap().is_none());
}

#[tokio::test]
async fn a_fhir_server_that_is_down_or_slow_is_unavailable_and_nothing_is_half_made() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(2));
    let time = a_free_time(&fhir, POLI_UMUM).await;
    let faults = [json!({"mode": "down"}), json!({"mode": "unavailable"}), json!({"mode": "slow", "ms": 4000})];
    for (n, fault) in faults.into_iter().enumerate() {
        server.control(Method::POST, "fault", Some(fault.clone())).await;
        let code = format!("KDI9{n}-DOWNN");
        let err = scheduling::book(&fhir, &request(&code, &code, POLI_UMUM, &time, &nik(90 + n as u32))).await.unwrap_err();
        assert!(matches!(err, BookError::Fhir(FhirError::Unavailable { .. })), "{fault}: {err:?}");
        server.control(Method::POST, "fault", Some(json!({"mode": "none"}))).await;
    }
    // Once the FHIR server is back, the outbox's retry of one of them books it, once.
    let retry = scheduling::book(&fhir, &request("KDI92-DOWNN", "KDI92-DOWNN", POLI_UMUM, &time, &nik(92))).await.unwrap();
    assert_eq!(appointments_with(&server, BOOKING_CODE_SYSTEM, "KDI92-DOWNN").await.len(), 1);
    assert_eq!(busy_seats(&server, &time).await, 1, "{retry:?}");
}

#[tokio::test]
async fn the_facilities_own_data_makes_the_places_in_their_own_zones() {
    let server = FhirServer::start();
    let fhir = server.client(Duration::from_secs(10));
    let poasia = PlaceMapping {
        id: "pkm-poasia".into(),
        fhir_location: "pkm-poasia-gedung".into(),
        kind: LocationKind::Puskesmas,
        agency_ids: vec!["dinkes-kota-kendari".into()],
        services: vec![("pkm-poasia-poli-umum".into(), "pkm-poli-umum".into()), ("pkm-poasia-poli-gigi".into(), "pkm-poli-gigi".into())],
    };
    let place = places::read_place(&fhir, &poasia).await.unwrap().unwrap();
    assert_eq!((place.time_zone, place.regency_code.as_str()), (Zone::Wita, "74.71"));
    assert!(place.name.id.contains("Poasia") && place.address.contains("Kota Kendari"), "{place:?}");
    assert_eq!(place.service_ids, ["pkm-poli-umum", "pkm-poli-gigi"]);
    assert_eq!(place.opening_hours.len(), 6, "Monday to Saturday");
    assert_eq!((place.opening_hours[0].opens.as_str(), place.opening_hours[0].closes.as_str()), ("08:00", "12:00"));
    assert!(!place.phone.is_empty());

    let jayapura = PlaceMapping {
        id: "rsud-jayapura".into(),
        fhir_location: "rsud-jayapura-rawat-jalan".into(),
        kind: LocationKind::Rsud,
        agency_ids: vec![],
        services: vec![("rsud-jayapura-poli-anak".into(), "rsud-poli-anak".into())],
    };
    let place = places::read_place(&fhir, &jayapura).await.unwrap().unwrap();
    assert_eq!((place.time_zone, place.regency_code.as_str()), (Zone::Wit, "91.71"));
    assert_eq!(place.service_ids, ["rsud-poli-anak"]);

    let missing = PlaceMapping { fhir_location: "no-such-place".into(), ..jayapura };
    assert!(matches!(places::read_place(&fhir, &missing).await, Err(FhirError::NotFound)));
}
