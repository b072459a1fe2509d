//! The API over real HTTP against a real server, each test run twice: on a temporary SQLite
//! file and on a database of a throwaway PostgreSQL cluster. Catalogue, slots, bookings
//! (idempotency, validation, full slots, cancel, reschedule), tracking with verification and
//! rate limits, the operator side, walk-ins, the survey, and a restart.

mod support;

use loket_contract::booking::{Booking, QueueStatus, Slot, WalkInTicket};
use loket_contract::catalogue::{Catalogue, LocationKind, Service};
use loket_contract::{booking_code, Problem, Zone};
use serde_json::{json, Value};
use support::{client, start, Running, StoreKind, OPERATOR_TOKEN};

async fn catalogue(server: &Running) -> Catalogue {
    client().get(server.api("/catalogue")).send().await.unwrap().json().await.unwrap()
}

/// A bookable, non-health service and a place offering it, with its slots.
async fn bookable(server: &Running, health: bool) -> (Service, String, Vec<Slot>) {
    let cat = catalogue(server).await;
    for service in cat.services.iter().filter(|s| s.bookable && s.health.is_some() == health) {
        for location_id in &service.location_ids {
            let slots: Vec<Slot> = client()
                .get(server.api(&format!("/slots?serviceId={}&locationId={location_id}", service.id)))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if slots.len() >= 3 {
                return (service.clone(), location_id.clone(), slots);
            }
        }
    }
    panic!("no bookable service with slots");
}

/// A valid NIK per `n` (Jakarta Selatan, born 12 Aug 1990, serial n).
fn nik(n: u32) -> String {
    format!("3174011208{:02}{:04}", 90, n)
}

fn request(slot: i64, n: u32) -> Value {
    json!({
        "slotId": slot,
        "applicant": {"name": format!("Warga Uji {n}"), "nik": nik(n), "phone": "0812-3456-7890", "forWhom": "self"}
    })
}

async fn book(server: &Running, key: &str, body: &Value) -> reqwest::Response {
    client().post(server.api("/bookings")).header("Idempotency-Key", key).json(body).send().await.unwrap()
}

async fn problem(resp: reqwest::Response) -> Problem {
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    resp.json().await.unwrap()
}

async fn the_catalogue_is_whole_cacheable_and_patchable(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let resp = client().get(server.api("/catalogue")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-encoding"], "br");
    let etag = resp.headers()["etag"].to_str().unwrap().to_owned();

    let cat = catalogue(&server).await;
    assert!(cat.version >= 1);
    assert!(cat.agencies.len() >= 20, "{} agencies", cat.agencies.len());
    assert!(cat.services.len() >= 150, "{} services", cat.services.len());
    assert!(cat.services.iter().filter(|s| s.health.is_some()).count() >= 10);
    let malls = cat.locations.iter().filter(|l| l.kind == LocationKind::Mpp).count();
    assert!(malls >= 6, "{malls} malls");
    let health_places = cat.locations.iter().filter(|l| l.kind != LocationKind::Mpp).count();
    assert!(health_places >= 4, "{health_places} health facilities");
    for zone in [Zone::Wib, Zone::Wita, Zone::Wit] {
        assert!(cat.locations.iter().any(|l| l.time_zone == zone), "{zone:?}");
    }
    assert!(cat.locations.iter().any(|l| l.regency_code.starts_with("91.")), "one in Papua");
    for l in &cat.locations {
        assert!(loket_contract::area::regency(&l.regency_code).is_some(), "{}", l.id);
        assert!(!l.service_ids.is_empty(), "{} offers nothing", l.id);
    }

    let again = client().get(server.api("/catalogue")).header("accept-encoding", "br").header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    let changes: Catalogue =
        client().get(server.api(&format!("/catalogue?since={}", cat.version))).send().await.unwrap().json().await.unwrap();
    assert!(changes.partial);
    assert!(changes.services.is_empty() && changes.removed.is_empty());

    let bad = client().get(server.api("/catalogue?since=kemarin")).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    problem(bad).await;

    let service = &cat.services[0];
    let one: Service = client().get(server.api(&format!("/services/{}", service.id))).send().await.unwrap().json().await.unwrap();
    assert_eq!(&one, service);
    assert_eq!(client().get(server.api("/services/tidak-ada")).send().await.unwrap().status(), 404);
    assert_eq!(client().get(server.api("/locations/tidak-ada")).send().await.unwrap().status(), 404);
    server.stop().await;
}

async fn slots_come_from_opening_hours_in_the_place_zone(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (service, location_id, slots) = bookable(&server, false).await;
    let cat = catalogue(&server).await;
    let place = cat.locations.iter().find(|l| l.id == location_id).unwrap();
    for slot in &slots {
        assert_eq!(slot.time_zone, place.time_zone);
        assert_eq!(slot.capacity, service.slot_capacity);
        let (date, minute) = slot.starts_at.local(place.time_zone);
        let hours = place.opening_hours.iter().filter(|h| h.weekday == date.weekday());
        let inside = hours.into_iter().any(|h| {
            let opens = loket_contract::time::parse_hh_mm(&h.opens).unwrap();
            let closes = loket_contract::time::parse_hh_mm(&h.closes).unwrap();
            minute >= opens && minute + service.duration_minutes <= closes
        });
        assert!(inside, "{slot:?} outside opening hours");
        assert!(!place.closures.iter().any(|c| c.date == date.to_string()), "slot on a closure");
    }
    let nowhere = client().get(server.api(&format!("/slots?serviceId={}&locationId=tidak-ada", service.id))).send().await.unwrap();
    assert_eq!(nowhere.status(), 404);
    let bad =
        client().get(server.api(&format!("/slots?serviceId={}&locationId={location_id}&from=besok", service.id))).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    server.stop().await;
}

async fn a_booking_is_made_once_per_key(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (service, _, slots) = bookable(&server, false).await;
    let slot = &slots[0];
    let body = request(slot.id, 1);

    let first = book(&server, "draft-key-0001", &body).await;
    assert_eq!(first.status(), 201);
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let booking: Booking = first.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/bookings/{}", booking.code));
    assert_eq!(booking_code::normalise(&booking.code).as_deref(), Some(booking.code.as_str()));
    assert_eq!(booking.queue_number, 1);
    assert_eq!(booking.status.as_str(), "booked");
    assert_eq!(booking.nik_masked, "************0001");
    assert!(!serde_json::to_string(&booking).unwrap().contains(&nik(1)), "no full NIK in the answer");
    assert_eq!(booking.what_to_bring, service.requirements);
    assert_eq!(booking.slot.capacity_left, slot.capacity_left - 1);

    // The connection dropped and the app sends the same draft again: the same booking.
    let replay = book(&server, "draft-key-0001", &body).await;
    assert_eq!(replay.status(), 201);
    let again: Booking = replay.json().await.unwrap();
    assert_eq!(again.code, booking.code);
    assert_eq!(again.slot.capacity_left, slot.capacity_left - 1, "no second place taken");

    let reused = book(&server, "draft-key-0001", &request(slot.id, 2)).await;
    assert_eq!(reused.status(), 422);
    assert!(problem(reused).await.kind.ends_with("idempotency-key-reused"));

    let no_key = client().post(server.api("/bookings")).json(&body).send().await.unwrap();
    assert_eq!(no_key.status(), 400);
    server.stop().await;
}

async fn invalid_fields_are_all_named(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let body = json!({
        "slotId": slots[0].id,
        "applicant": {"name": "", "nik": "2034567890123456", "phone": "021-555-1234", "email": "bukan email", "forWhom": "child"}
    });
    let resp = book(&server, "draft-key-invalid", &body).await;
    assert_eq!(resp.status(), 422);
    let p = problem(resp).await;
    let fields: Vec<_> = p.errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(
        fields,
        [
            ("applicant.name", "name.required"),
            ("applicant.nik", "nik.province_unknown"),
            ("applicant.phone", "phone.prefix"),
            ("applicant.email", "email.invalid")
        ]
    );
    let junk = client().post(server.api("/bookings")).header("Idempotency-Key", "draft-key-junk").body("{not json").send().await.unwrap();
    assert_eq!(junk.status(), 400);
    problem(junk).await;
    let unknown_slot = book(&server, "draft-key-noslot", &request(987_654_321, 1)).await;
    assert_eq!(unknown_slot.status(), 422);
    assert_eq!(problem(unknown_slot).await.errors[0].field, "slotId");
    server.stop().await;
}

async fn a_health_booking_with_bpjs_and_referral(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let cat = catalogue(&server).await;
    let clinic = cat
        .services
        .iter()
        .find(|s| s.bookable && s.health.as_ref().is_some_and(|h| h.referral_required))
        .expect("a specialist clinic")
        .clone();
    let location_id = &clinic.location_ids[0];
    let slots: Vec<Slot> = client()
        .get(server.api(&format!("/slots?serviceId={}&locationId={location_id}", clinic.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut body = request(slots[0].id, 7);
    let without = book(&server, "draft-key-health-1", &body).await;
    assert_eq!(without.status(), 422);
    assert_eq!(problem(without).await.errors[0].code, "referral.required");
    body["health"] = json!({"bpjsNumber": "0001234567890", "referralNumber": "0123R0011126B000123"});
    let ok = book(&server, "draft-key-health-2", &body).await;
    assert_eq!(ok.status(), 201);
    server.stop().await;
}

async fn a_full_slot_answers_409_and_one_person_one_booking_a_day(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (service, _, slots) = bookable(&server, false).await;
    let slot = &slots[1];
    for n in 0..u32::from(slot.capacity_left) {
        assert_eq!(book(&server, &format!("fill-key-{n:04}"), &request(slot.id, 100 + n)).await.status(), 201);
    }
    let full = book(&server, "fill-key-late", &request(slot.id, 99)).await;
    assert_eq!(full.status(), 409);
    assert!(problem(full).await.kind.ends_with("slot-full"));

    // The same person again for the same service that day, in another slot.
    let twice = book(&server, "fill-key-twice", &request(slots[2].id, 100)).await;
    assert_eq!(twice.status(), 409, "{}", service.id);
    assert!(problem(twice).await.kind.ends_with("already-booked"));
    server.stop().await;
}

async fn cancel_and_reschedule_keep_counts_and_codes_right(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let booking: Booking = book(&server, "resched-key-01", &request(slots[0].id, 5)).await.json().await.unwrap();

    let wrong = client()
        .post(server.api(&format!("/bookings/{}/reschedule", booking.code)))
        .json(&json!({"factor": "9999", "slotId": slots[1].id}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);

    let moved: Booking = client()
        .post(server.api(&format!("/bookings/{}/reschedule", booking.code)))
        .json(&json!({"factor": "0005", "slotId": slots[1].id}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved.code, booking.code);
    assert_eq!(moved.slot.id, slots[1].id);
    assert_eq!(moved.slot.capacity_left, slots[1].capacity_left - 1);

    let listed = |slots: Vec<Slot>, id: i64| slots.into_iter().find(|s| s.id == id).unwrap().capacity_left;
    let url = server.api(&format!("/slots?serviceId={}&locationId={}", booking.service_id, booking.location_id));
    let now: Vec<Slot> = client().get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed(now, slots[0].id), slots[0].capacity_left, "the old place is free again");

    let cancelled: Booking = client()
        .post(server.api(&format!("/bookings/{}/cancel", booking.code)))
        .json(&json!({"factor": "081234567890"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled.status.as_str(), "cancelled");
    let now: Vec<Slot> = client().get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed(now, slots[1].id), slots[1].capacity_left);

    let twice =
        client().post(server.api(&format!("/bookings/{}/cancel", booking.code))).json(&json!({"factor": "0005"})).send().await.unwrap();
    assert_eq!(twice.status(), 409);
    server.stop().await;
}

async fn track(server: &Running, code: &str, factor: &str) -> reqwest::Response {
    client().post(server.api("/track")).json(&json!({"code": code, "factor": factor})).send().await.unwrap()
}

async fn tracking_needs_code_and_factor_and_says_nothing_more_to_a_wrong_pair(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let booking: Booking = book(&server, "track-key-0001", &request(slots[0].id, 11)).await.json().await.unwrap();

    let found: Value = track(&server, &booking.code, "0011").await.json().await.unwrap();
    assert_eq!(found["kind"], "booking");
    assert_eq!(found["booking"]["code"], booking.code.as_str());
    assert_eq!(found["timeline"][0]["status"], "booked");
    let by_phone = track(&server, &booking.code.to_lowercase().replace('-', " "), "+62 812 3456 7890").await;
    assert_eq!(by_phone.status(), 200);

    let wrong = track(&server, &booking.code, "0012").await;
    let unknown = track(&server, &booking_code::from_random(42), "0011").await;
    assert_eq!((wrong.status().as_u16(), unknown.status().as_u16()), (404, 404));
    let (w, u) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(w, u, "a wrong pair reads exactly like an unknown code");
    server.stop().await;
}

async fn tracking_is_rate_limited_per_code(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let code = booking_code::from_random(7);
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(track(&server, &code, "0000").await.status().as_u16());
    }
    assert_eq!(&statuses[..10], &[404; 10]);
    assert_eq!(statuses[10], 429);
    let limited = track(&server, &code, "0000").await;
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&wait));
    assert!(problem(limited).await.detail.unwrap().contains("seconds"));
    server.stop().await;
}

async fn seeded_applications_are_tracked_and_advanced_by_the_operator(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let demo = &loket_server::demo::demo_applications()[0];
    let code = booking_code::from_random(demo.code_bits);
    let factor = &demo.nik[12..];
    let before: Value = track(&server, &code, factor).await.json().await.unwrap();
    assert_eq!(before["kind"], "application");
    assert_eq!(before["application"]["status"], "submitted");

    let advance = |status: &'static str| {
        let url = server.api(&format!("/operator/applications/{code}/advance"));
        async move {
            client()
                .post(url)
                .bearer_auth(OPERATOR_TOKEN)
                .json(&json!({"status": status, "note": {"id": "Berkas lengkap", "en": "Documents complete"}}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(advance("processing").await, 409, "steps cannot be skipped");
    assert_eq!(advance("verified").await, 204);
    let after: Value = track(&server, &code, factor).await.json().await.unwrap();
    assert_eq!(after["application"]["status"], "verified");
    let last = after["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["status"], "verified");
    assert_eq!(last["note"]["id"], "Berkas lengkap");

    let anonymous = client()
        .post(server.api(&format!("/operator/applications/{code}/advance")))
        .json(&json!({"status": "processing"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    server.stop().await;
}

async fn the_counter_flow_the_queue_and_the_survey(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let booking: Booking = book(&server, "counter-key-01", &request(slots[0].id, 21)).await.json().await.unwrap();
    let op = |path: String, body: Value| {
        let url = server.api(&path);
        async move { client().post(url).bearer_auth(OPERATOR_TOKEN).json(&body).send().await.unwrap() }
    };
    let survey = |answers: Vec<u8>| {
        let url = server.api(&format!("/bookings/{}/survey", booking.code));
        async move { client().post(url).json(&json!({"factor": "0021", "answers": answers})).send().await.unwrap().status() }
    };
    assert_eq!(survey(vec![4; 9]).await, 409, "no survey before the visit");

    let status_path = format!("/operator/bookings/{}/status", booking.code);
    let jump = op(status_path.clone(), json!({"status": "fulfilled"})).await;
    assert_eq!(jump.status(), 409, "booked cannot jump to fulfilled");
    let problem: Value = jump.json().await.unwrap();
    assert!(problem["type"].as_str().is_some_and(|t| t.starts_with("https://loket.id/problems/")), "{problem}");
    // The spelling before every status word was snake_case is still accepted for one release.
    assert_eq!(op(status_path.clone(), json!({"status": "checked-in"})).await.status(), 204);
    assert_eq!(op(status_path.clone(), json!({"status": "called"})).await.status(), 204);
    assert_eq!(op(status_path.clone(), json!({"status": "fulfilled"})).await.status(), 204);

    assert_eq!(survey(vec![4, 4, 3]).await, 422);
    assert_eq!(survey(vec![4, 4, 3, 4, 4, 4, 4, 3, 5]).await, 422);
    assert_eq!(survey(vec![4, 4, 3, 4, 4, 4, 4, 3, 4]).await, 201);
    assert_eq!(survey(vec![4; 9]).await, 409, "once per booking");

    let timeline: Value = track(&server, &booking.code, "0021").await.json().await.unwrap();
    let statuses: Vec<_> = timeline["timeline"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap().to_owned()).collect();
    assert_eq!(statuses, ["booked", "checked_in", "called", "fulfilled"]);

    let queue: QueueStatus =
        op("/operator/queue/call-next".into(), json!({"locationId": booking.location_id, "serviceId": booking.service_id}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(queue.service_id, booking.service_id);
    server.stop().await;
}

async fn walk_ins_share_the_slot_capacity_with_bookings(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let slot = &slots[0];
    let capacity = u32::from(slot.capacity_left);
    for n in 0..capacity - 1 {
        let resp = client()
            .post(server.api("/operator/walk-ins"))
            .bearer_auth(OPERATOR_TOKEN)
            .json(&json!({"slotId": slot.id}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
        let ticket: WalkInTicket = resp.json().await.unwrap();
        assert_eq!(ticket.queue_number, n + 1);
    }
    let last: Booking = book(&server, "walkin-key-01", &request(slot.id, 31)).await.json().await.unwrap();
    assert_eq!(last.queue_number, capacity);
    assert_eq!(last.slot.capacity_left, 0);
    assert_eq!(book(&server, "walkin-key-02", &request(slot.id, 32)).await.status(), 409);
    let walk_in =
        client().post(server.api("/operator/walk-ins")).bearer_auth(OPERATOR_TOKEN).json(&json!({"slotId": slot.id})).send().await.unwrap();
    assert_eq!(walk_in.status(), 409);
    let problem: Value = walk_in.json().await.unwrap();
    assert_eq!(problem["type"], "https://loket.id/problems/slot-full", "the counter's 409 is named too");
    server.stop().await;
}

async fn a_cancel_at_the_counter_gives_the_place_back(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let slot = &slots[0];
    let booking: Booking = book(&server, "counter-cancel-01", &request(slot.id, 41)).await.json().await.unwrap();
    assert_eq!(booking.slot.capacity_left, slot.capacity_left - 1);

    let resp = client()
        .post(server.api(&format!("/operator/bookings/{}/status", booking.code)))
        .bearer_auth(OPERATOR_TOKEN)
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    let url = server.api(&format!("/slots?serviceId={}&locationId={}", booking.service_id, booking.location_id));
    let now: Vec<Slot> = client().get(&url).send().await.unwrap().json().await.unwrap();
    let left = now.iter().find(|s| s.id == slot.id).unwrap().capacity_left;
    assert_eq!(left, slot.capacity_left, "the place the counter cancelled is free again");

    // A no-show keeps its place: the slot has passed or is being served, nobody can take it.
    let other: Booking = book(&server, "counter-cancel-02", &request(slot.id, 42)).await.json().await.unwrap();
    let resp = client()
        .post(server.api(&format!("/operator/bookings/{}/status", other.code)))
        .bearer_auth(OPERATOR_TOKEN)
        .json(&json!({"status": "noshow"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    let now: Vec<Slot> = client().get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(now.iter().find(|s| s.id == slot.id).unwrap().capacity_left, slot.capacity_left - 1);
    server.stop().await;
}

async fn two_hundred_concurrent_attempts_never_overbook(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let slot = slots[0].clone();
    let attempts = (0..200u32).map(|n| {
        let url = server.api("/bookings");
        let body = request(slot.id, 1000 + n);
        tokio::spawn(async move {
            client().post(url).header("Idempotency-Key", format!("race-key-{n:05}")).json(&body).send().await.unwrap().status().as_u16()
        })
    });
    let mut statuses = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        statuses.push(attempt.await.unwrap());
    }
    let made = statuses.iter().filter(|s| **s == 201).count();
    let full = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!(made, usize::from(slot.capacity_left), "exactly the capacity");
    assert_eq!(made + full, 200, "the rest 409, none 5xx: {statuses:?}");
    println!("race: 200 attempts on a slot of capacity {} → {made} booked, {full} × 409", slot.capacity_left);
    server.stop().await;
}

async fn bookings_survive_a_restart(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    let booking: Booking = book(&server, "restart-key-01", &request(slots[0].id, 41)).await.json().await.unwrap();
    server.stop().await;
    let server = start(dir.path()).await;
    let found: Value = track(&server, &booking.code, "0041").await.json().await.unwrap();
    assert_eq!(found["booking"]["code"], booking.code.as_str());
    let cat = catalogue(&server).await;
    assert_eq!(cat.version, 1, "the demo catalogue is not written twice");
    server.stop().await;
}

async fn cors_answers_only_the_configured_origin(store: StoreKind) {
    let dir = support::root(store);
    let server = support::start_with(dir.path(), |c| c.cors_origins = vec!["https://loket.pemda.go.id".into()]).await;
    let preflight = |origin: &'static str| {
        let url = server.api("/bookings");
        async move {
            client()
                .request(reqwest::Method::OPTIONS, url)
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type,idempotency-key")
                .send()
                .await
                .unwrap()
        }
    };
    let allowed = preflight("https://loket.pemda.go.id").await;
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://loket.pemda.go.id");
    let allowed_headers = allowed.headers()["access-control-allow-headers"].to_str().unwrap().to_lowercase();
    assert!(allowed_headers.contains("idempotency-key"), "{allowed_headers}");
    let other = preflight("https://evil.example").await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
    server.stop().await;
}

async fn a_generated_large_catalogue_seeds_and_serves(store: StoreKind) {
    let dir = support::root(store);
    let seed = loket_server::demo::large_catalogue(10_000, 500).unwrap();
    assert_eq!((seed.services.len(), seed.locations.len()), (10_000, 500));
    let file = dir.path().join("large.json");
    let doc = json!({
        "version": 1, "categories": seed.categories, "agencies": seed.agencies,
        "services": seed.services, "locations": seed.locations
    });
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let server = support::start_with(dir.path(), |c| c.seed_catalogue = Some(file.clone())).await;
    let cat = catalogue(&server).await;
    assert_eq!(cat.services.len(), 10_000);
    assert_eq!(cat.locations.len(), 500);
    let zones: std::collections::HashSet<_> = cat.locations.iter().map(|l| l.time_zone).collect();
    assert_eq!(zones.len(), 3, "malls in all three zones");
    let service = &cat.services[4321];
    let slots: Vec<Slot> = client()
        .get(server.api(&format!("/slots?serviceId={}&locationId={}", service.id, service.location_ids[0])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!slots.is_empty() || !service.bookable);
    server.stop().await;
}

async fn locations_the_queue_and_the_openapi_document_are_served(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let places: Vec<loket_contract::catalogue::Location> =
        client().get(server.api("/locations")).send().await.unwrap().json().await.unwrap();
    assert_eq!(places.len(), catalogue(&server).await.locations.len());
    let place = &places[0];
    let one: loket_contract::catalogue::Location =
        client().get(server.api(&format!("/locations/{}", place.id))).send().await.unwrap().json().await.unwrap();
    assert_eq!(&one, place);

    let queue: QueueStatus = client()
        .get(server.api(&format!("/queue?locationId={}&serviceId={}", place.id, place.service_ids[0])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((queue.now_serving, queue.issued), (0, 0));
    assert_eq!(client().get(server.api("/queue?locationId=x")).send().await.unwrap().status(), 400);
    assert_eq!(client().get(server.api("/queue?locationId=x&serviceId=y")).send().await.unwrap().status(), 404);

    let doc: Value = client().get(server.api("/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["info"]["title"], "Loket API");
    server.stop().await;
}

#[tokio::test]
async fn a_database_that_went_away_answers_503_with_retry_after() {
    let cluster = support::pg::own();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("postgres-url"), cluster.create_database()).unwrap();
    let server = start(dir.path()).await;
    let (_, _, slots) = bookable(&server, false).await;
    drop(cluster);
    let resp = book(&server, "gone-key-01", &request(slots[0].id, 51)).await;
    assert_eq!(resp.status(), 503);
    assert_eq!(resp.headers()["retry-after"], "5");
    let problem = problem(resp).await;
    assert!(!problem.detail.as_deref().unwrap_or_default().contains("postgres"), "the cause stays in the log: {problem:?}");
    server.stop().await;
}

/// The per-client limit keys on `X-Forwarded-For` only when the connection comes from a listed
/// proxy: behind a load balancer clients are told apart, and a client cannot escape the limit by
/// sending the header itself. Store-independent, so run once.
#[tokio::test]
async fn the_per_client_limit_believes_forwarded_for_only_from_a_listed_proxy() {
    let look_up = |server: &Running, n: u32, forwarded: &str| {
        // A new code each time, so only the per-client limit can answer 429.
        let request = client()
            .post(server.api("/track"))
            .header("x-forwarded-for", forwarded)
            .json(&json!({"code": booking_code::from_random(1000 + u64::from(n)), "factor": "0000"}));
        async move { request.send().await.unwrap().status().as_u16() }
    };

    let dir = tempfile::tempdir().unwrap();
    let behind_lb = support::start_with(dir.path(), |c| {
        c.trusted_proxies = loket_server::client_addr::TrustedProxies::parse(&["127.0.0.0/8"]).unwrap()
    })
    .await;
    for n in 0..30 {
        assert_eq!(look_up(&behind_lb, n, "203.0.113.5").await, 404);
    }
    assert_eq!(look_up(&behind_lb, 30, "203.0.113.5").await, 429, "the forwarded client is limited");
    assert_eq!(look_up(&behind_lb, 31, "203.0.113.6").await, 404, "another client behind the same proxy is not");
    assert_eq!(look_up(&behind_lb, 32, "203.0.113.7, 203.0.113.5").await, 429, "what the client prepends is not believed");
    behind_lb.stop().await;

    let dir = tempfile::tempdir().unwrap();
    let direct = support::start(dir.path()).await;
    for n in 0..30 {
        assert_eq!(look_up(&direct, n, &format!("198.51.100.{n}")).await, 404);
    }
    assert_eq!(look_up(&direct, 30, "198.51.100.200").await, 429, "with no proxy listed the header changes nothing");
    direct.stop().await;
}

/// Text with a NUL character (which PostgreSQL's text cannot hold) is never a 503: an id is
/// simply unknown, a body is refused as bad input, on every store alike.
async fn a_nul_character_is_unknown_or_refused_never_a_server_error(store: StoreKind) {
    let dir = support::root(store);
    let server = start(dir.path()).await;
    let get = |path: &str| client().get(server.api(path)).send();
    assert_eq!(get("/services/pkm%00poli").await.unwrap().status(), 404);
    assert_eq!(get("/locations/mpp%00").await.unwrap().status(), 404);
    assert_eq!(get("/slots?serviceId=pkm-poli-umum&locationId=a%00b").await.unwrap().status(), 404);
    let call_next = client()
        .post(server.api("/operator/queue/call-next"))
        .bearer_auth(OPERATOR_TOKEN)
        .json(&json!({"serviceId": "a\u{0}", "locationId": "b"}))
        .send()
        .await
        .unwrap();
    assert_eq!(call_next.status(), 400);
    assert!(problem(call_next).await.detail.unwrap().contains("NUL"));
    server.stop().await;
}

/// Runs each test on every store, on a runtime with several threads (concurrency is tested).
macro_rules! on_every_store {
    ($($test:ident),* $(,)?) => {
        mod sqlite_store {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    super::$test(super::StoreKind::Sqlite).await;
                }
            )*
        }
        mod postgres_store {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    super::$test(super::StoreKind::Postgres).await;
                }
            )*
        }
    };
}

on_every_store!(
    a_nul_character_is_unknown_or_refused_never_a_server_error,
    the_catalogue_is_whole_cacheable_and_patchable,
    slots_come_from_opening_hours_in_the_place_zone,
    a_booking_is_made_once_per_key,
    invalid_fields_are_all_named,
    a_health_booking_with_bpjs_and_referral,
    a_full_slot_answers_409_and_one_person_one_booking_a_day,
    cancel_and_reschedule_keep_counts_and_codes_right,
    tracking_needs_code_and_factor_and_says_nothing_more_to_a_wrong_pair,
    tracking_is_rate_limited_per_code,
    seeded_applications_are_tracked_and_advanced_by_the_operator,
    the_counter_flow_the_queue_and_the_survey,
    walk_ins_share_the_slot_capacity_with_bookings,
    a_cancel_at_the_counter_gives_the_place_back,
    two_hundred_concurrent_attempts_never_overbook,
    bookings_survive_a_restart,
    cors_answers_only_the_configured_origin,
    a_generated_large_catalogue_seeds_and_serves,
    locations_the_queue_and_the_openapi_document_are_served,
);
