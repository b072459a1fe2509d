//! Bookings on PostgreSQL at READ COMMITTED: the database holds the invariants that several
//! servers must share. A slot's place is a conditional update (`taken < capacity`); the
//! idempotency key and "one open booking per person, service and day" are unique indexes, so
//! of two servers racing, one inserts and the other's transaction fails and is run again,
//! finding the first's booking. Every function here runs in the caller's transaction; an
//! `Err` outcome inside `Ok` means "roll back and answer it".

use loket_contract::booking::{Booking, BookingRequest, BookingStatus, ForWhom, Slot, SurveyRequest, WalkInTicket, SKM_ELEMENTS};
use loket_contract::{booking_code, FieldError, Instant, Phone, Text};
use tokio_postgres::{Error, GenericClient};

use super::{queue, slots, timeline};
use crate::rules::bookings::{as_booked, factor_matches, holds_place, releases_place, request_hash};
use crate::rules::slots::{open_for_booking, open_for_walk_in, queue_day};
use crate::store::{BookingError, SurveyError};
use crate::validate;

/// 45 random bits from the operating system for a booking code.
fn random_bits() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    u64::from_le_bytes(bytes) & ((1 << 45) - 1)
}

/// A fresh code in the shared booking/application code space (a clash the primary key still
/// catches, and the transaction is run again).
async fn new_code(c: &impl GenericClient) -> Result<String, Error> {
    loop {
        let code = booking_code::from_random(random_bits());
        let used: bool = c
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM bookings WHERE code = $1) OR EXISTS (SELECT 1 FROM applications WHERE code = $1)",
                &[&code],
            )
            .await?
            .get(0);
        if !used {
            return Ok(code);
        }
    }
}

/// What this key made before, if anything: the booking again (a replay), or `KeyReused` when
/// the key came with another request. Asked again before a refusal: at READ COMMITTED each
/// statement sees what committed before it, so the same request sent to another server at the
/// same moment, which has just booked, is answered as its replay rather than "slot full".
async fn earlier(c: &impl GenericClient, key: &str, hash: &str) -> Result<Option<Result<(Booking, bool), BookingError>>, Error> {
    let Some(row) = c.query_opt("SELECT code, request_hash FROM bookings WHERE idempotency_key = $1", &[&key]).await? else {
        return Ok(None);
    };
    let (code, earlier_hash): (String, String) = (row.get(0), row.get(1));
    if earlier_hash != hash {
        return Ok(Some(Err(BookingError::KeyReused)));
    }
    Ok(Some(load(c, &code).await?.map(|b| (b, true)).ok_or(BookingError::NotFound)))
}

pub async fn create(
    c: &impl GenericClient,
    key: &str,
    request: &BookingRequest,
    now: Instant,
) -> Result<Result<(Booking, bool), BookingError>, Error> {
    let hash = request_hash(request);
    if let Some(earlier) = earlier(c, key, &hash).await? {
        return Ok(earlier);
    }
    let Some((slot, service, location)) = slots::get(c, request.slot_id).await? else { return Ok(Err(BookingError::SlotUnavailable)) };
    if !open_for_booking(&slot, &service, now) {
        return Ok(Err(BookingError::SlotUnavailable));
    }
    let applicant = match validate::applicant(&request.applicant, request.health.as_ref(), &service) {
        Ok(a) => a,
        Err(errors) => return Ok(Err(BookingError::Invalid(errors))),
    };
    let day = queue_day(&slot).to_string();
    let existing = c
        .query_opt(
            "SELECT code FROM bookings WHERE nik = $1 AND service_id = $2 AND queue_day = $3 AND status IN ('booked', 'checked_in', 'called')",
            &[&applicant.nik.as_str(), &service.id, &day],
        )
        .await?;
    if let Some(row) = existing {
        return Ok(earlier(c, key, &hash).await?.unwrap_or(Err(BookingError::AlreadyBooked { code: row.get(0) })));
    }
    let code = new_code(c).await?;
    // The writes in one statement, so that the slot's and the day queue's row locks are held for
    // one round trip and the commit: take a place (none left, nothing written), draw the queue
    // number, insert the booking and its first timeline event.
    let written = c
        .query_opt(
            "WITH place AS (
                 UPDATE slots SET taken = taken + 1 WHERE id = $2 AND taken < capacity RETURNING taken
             ), number AS (
                 INSERT INTO queue_days (location_id, service_id, day, issued) SELECT $4, $3, $5, 1 FROM place
                 ON CONFLICT (location_id, service_id, day) DO UPDATE SET issued = queue_days.issued + 1
                 RETURNING issued
             ), booking AS (
                 INSERT INTO bookings (code, slot_id, service_id, location_id, status, queue_day, queue_number, name, nik,
                                       phone, email, for_whom, bpjs_number, referral_number, created_at, idempotency_key, request_hash)
                 SELECT $1, $2, $3, $4, 'booked', $5, issued, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 FROM number
                 RETURNING code, queue_number
             ), event AS (
                 INSERT INTO booking_events (booking_code, status, at) SELECT code, 'booked', $13 FROM booking
             )
             SELECT booking.queue_number, place.taken FROM booking, place",
            &[
                &code,
                &slot.id,
                &service.id,
                &location.id,
                &day,
                &applicant.name,
                &applicant.nik.as_str(),
                &applicant.phone.as_str(),
                &applicant.email,
                &request.applicant.for_whom.as_str(),
                &applicant.bpjs_number.as_ref().map(|b| b.as_str().to_owned()),
                &applicant.referral_number,
                &now.0,
                &key,
                &hash,
            ],
        )
        .await?;
    let Some(row) = written else {
        return Ok(earlier(c, key, &hash).await?.unwrap_or(Err(BookingError::SlotFull)));
    };
    let taken = row.get::<_, i32>(1).max(0) as u16;
    let slot = Slot { capacity_left: slot.capacity.saturating_sub(taken), ..slot };
    let queue_number = row.get::<_, i32>(0) as u32;
    let booking = as_booked(code, queue_number, slot, &service, &applicant, request.applicant.for_whom, now);
    Ok(Ok((booking, false)))
}

pub async fn add_event(c: &impl GenericClient, code: &str, status: BookingStatus, at: Instant, note: Option<&Text>) -> Result<(), Error> {
    timeline::add(c, timeline::Of::Booking(code), status.as_str(), at, note).await
}

/// The booking as its ticket shows it.
pub async fn load(c: &impl GenericClient, code: &str) -> Result<Option<Booking>, Error> {
    let Some(row) = c
        .query_opt("SELECT slot_id, status, queue_number, name, nik, phone, for_whom, created_at FROM bookings WHERE code = $1", &[&code])
        .await?
    else {
        return Ok(None);
    };
    let Some((slot, service, location)) = slots::get(c, row.get(0)).await? else { return Ok(None) };
    let nik: &str = row.get(4);
    let phone: &str = row.get(5);
    Ok(Some(Booking {
        code: code.to_owned(),
        status: BookingStatus::parse(row.get(1)).unwrap_or(BookingStatus::Booked),
        queue_number: row.get::<_, i32>(2) as u32,
        service_id: service.id.clone(),
        location_id: location.id.clone(),
        slot,
        applicant_name: row.get(3),
        for_whom: ForWhom::parse(row.get(6)).unwrap_or(ForWhom::Myself),
        nik_masked: loket_contract::nik::mask(nik),
        phone_masked: Phone::parse(phone).map(|p| p.masked()).unwrap_or_default(),
        what_to_bring: service.requirements.clone(),
        created_at: Instant(row.get(7)),
    }))
}

/// The code (normalised) if it is a booking and `factor` proves the caller is its applicant.
pub async fn verify(c: &impl GenericClient, code: &str, factor: &str) -> Result<Option<String>, Error> {
    let Some(code) = booking_code::normalise(code) else { return Ok(None) };
    let row = c.query_opt("SELECT nik, phone FROM bookings WHERE code = $1", &[&code]).await?;
    Ok(row.filter(|r| factor_matches(factor, r.get(0), r.get(1))).map(|_| code))
}

/// The booking's status and slot, its row locked until the transaction ends.
async fn status_and_slot(c: &impl GenericClient, code: &str) -> Result<Option<(BookingStatus, i64)>, Error> {
    let row = c.query_opt("SELECT status, slot_id FROM bookings WHERE code = $1 FOR UPDATE", &[&code]).await?;
    Ok(row.map(|r| (BookingStatus::parse(r.get(0)).unwrap_or(BookingStatus::Booked), r.get(1))))
}

pub async fn cancel(c: &impl GenericClient, code: &str, factor: &str, now: Instant) -> Result<Result<Booking, BookingError>, Error> {
    let Some(code) = verify(c, code, factor).await? else { return Ok(Err(BookingError::NotFound)) };
    let Some((status, slot_id)) = status_and_slot(c, &code).await? else { return Ok(Err(BookingError::NotFound)) };
    if !status.is_changeable() {
        return Ok(Err(BookingError::NotChangeable(status)));
    }
    slots::release(c, slot_id).await?;
    c.execute("UPDATE bookings SET status = 'cancelled' WHERE code = $1", &[&code]).await?;
    add_event(c, &code, BookingStatus::Cancelled, now, None).await?;
    Ok(load(c, &code).await?.ok_or(BookingError::NotFound))
}

/// Moves the booking to another slot of the same service, keeping its code: the new place is
/// taken before the old one is given back, both slot rows locked in id order first.
pub async fn reschedule(
    c: &impl GenericClient,
    code: &str,
    factor: &str,
    slot_id: i64,
    now: Instant,
) -> Result<Result<Booking, BookingError>, Error> {
    let Some(code) = verify(c, code, factor).await? else { return Ok(Err(BookingError::NotFound)) };
    let Some((status, old_slot)) = status_and_slot(c, &code).await? else { return Ok(Err(BookingError::NotFound)) };
    if !status.is_changeable() {
        return Ok(Err(BookingError::NotChangeable(status)));
    }
    let Some(current) = load(c, &code).await? else { return Ok(Err(BookingError::NotFound)) };
    if old_slot == slot_id {
        return Ok(Ok(current));
    }
    let Some((slot, service, location)) = slots::get(c, slot_id).await? else { return Ok(Err(BookingError::SlotUnavailable)) };
    if !open_for_booking(&slot, &service, now) || service.id != current.service_id {
        return Ok(Err(BookingError::SlotUnavailable));
    }
    slots::lock_in_order(c, vec![old_slot, slot.id]).await?;
    if !slots::take(c, slot.id).await? {
        return Ok(Err(BookingError::SlotFull));
    }
    slots::release(c, old_slot).await?;
    let day = queue_day(&slot).to_string();
    let queue_number = queue::issue_number(c, &location.id, &service.id, &day).await? as i32;
    c.execute(
        "UPDATE bookings SET slot_id = $2, location_id = $3, queue_day = $4, queue_number = $5 WHERE code = $1",
        &[&code, &slot.id, &location.id, &day, &queue_number],
    )
    .await?;
    add_event(c, &code, BookingStatus::Booked, now, Some(&Text::new("Jadwal diubah", "Rescheduled"))).await?;
    Ok(load(c, &code).await?.ok_or(BookingError::NotFound))
}

/// The counter moves a booking on; a cancel gives its place back.
pub async fn set_status(c: &impl GenericClient, code: &str, next: BookingStatus, now: Instant) -> Result<Result<(), BookingError>, Error> {
    let Some(code) = booking_code::normalise(code) else { return Ok(Err(BookingError::NotFound)) };
    let Some((current, slot_id)) = status_and_slot(c, &code).await? else { return Ok(Err(BookingError::NotFound)) };
    if !current.can_become(next) {
        return Ok(Err(BookingError::NotChangeable(current)));
    }
    if releases_place(current, next) {
        slots::release(c, slot_id).await?;
    }
    c.execute("UPDATE bookings SET status = $2 WHERE code = $1", &[&code, &next.as_str()]).await?;
    add_event(c, &code, next, now, None).await?;
    Ok(Ok(()))
}

/// Removes a booking the facility's own system refused (its time was taken there first): the
/// place goes back and the key is free again, as if the request had never been made.
pub async fn discard(c: &impl GenericClient, code: &str) -> Result<(), Error> {
    let Some((status, slot_id)) = status_and_slot(c, code).await? else { return Ok(()) };
    if holds_place(status) {
        slots::release(c, slot_id).await?;
    }
    c.execute("DELETE FROM booking_events WHERE booking_code = $1", &[&code]).await?;
    c.execute("DELETE FROM surveys WHERE booking_code = $1", &[&code]).await?;
    c.execute("DELETE FROM bookings WHERE code = $1", &[&code]).await?;
    Ok(())
}

/// Records the status the facility's own system gives the booking, at the time it gives: that
/// system is the authority, so any move is taken. False when the booking already has it.
pub async fn follow(c: &impl GenericClient, code: &str, status: BookingStatus, at: Instant) -> Result<bool, Error> {
    let Some((current, slot_id)) = status_and_slot(c, code).await? else { return Ok(false) };
    if current == status {
        return Ok(false);
    }
    if releases_place(current, status) {
        slots::release(c, slot_id).await?;
    } else if !holds_place(current) && holds_place(status) && !slots::take(c, slot_id).await? {
        // A cancellation the facility took back: its place is counted again even past capacity.
        c.execute("UPDATE slots SET capacity = capacity + 1, taken = taken + 1 WHERE id = $1", &[&slot_id]).await?;
    }
    c.execute("UPDATE bookings SET status = $2 WHERE code = $1", &[&code, &status.as_str()]).await?;
    add_event(c, code, status, at, None).await?;
    Ok(true)
}

/// A walk-in ticket: one place of the slot, the next queue number of its day.
pub async fn walk_in(c: &impl GenericClient, slot_id: i64, now: Instant) -> Result<Result<WalkInTicket, BookingError>, Error> {
    let Some((slot, service, location)) = slots::get(c, slot_id).await? else { return Ok(Err(BookingError::SlotUnavailable)) };
    if !open_for_walk_in(&slot, now) {
        return Ok(Err(BookingError::SlotUnavailable));
    }
    if !slots::take(c, slot.id).await? {
        return Ok(Err(BookingError::SlotFull));
    }
    let day = queue_day(&slot).to_string();
    let queue_number = queue::issue_number(c, &location.id, &service.id, &day).await?;
    c.execute(
        "INSERT INTO walk_ins (slot_id, queue_day, queue_number, created_at) VALUES ($1, $2, $3, $4)",
        &[&slot.id, &day, &(queue_number as i32), &now.0],
    )
    .await?;
    let Some((slot, _, _)) = slots::get(c, slot_id).await? else { return Ok(Err(BookingError::SlotUnavailable)) };
    Ok(Ok(WalkInTicket { queue_number, slot }))
}

/// The community satisfaction survey: once per booking, after it is fulfilled.
pub async fn survey(c: &impl GenericClient, code: &str, request: &SurveyRequest, now: Instant) -> Result<Result<(), SurveyError>, Error> {
    if request.answers.len() != SKM_ELEMENTS.len() || request.answers.iter().any(|a| !(1..=4).contains(a)) {
        return Ok(Err(SurveyError::Invalid(vec![FieldError {
            field: "answers".into(),
            code: "survey.answers".into(),
            message: format!("give {} answers, each from 1 to 4", SKM_ELEMENTS.len()),
        }])));
    }
    let Some(code) = verify(c, code, &request.factor).await? else { return Ok(Err(SurveyError::NotFound)) };
    let status: String = c.query_one("SELECT status FROM bookings WHERE code = $1", &[&code]).await?.get(0);
    if status != BookingStatus::Fulfilled.as_str() {
        return Ok(Err(SurveyError::NotFulfilled));
    }
    let answers = serde_json::to_string(&request.answers).expect("serialisable");
    let inserted = c
        .execute("INSERT INTO surveys (booking_code, answers, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", &[&code, &answers, &now.0])
        .await?;
    Ok(if inserted == 1 { Ok(()) } else { Err(SurveyError::AlreadySent) })
}
