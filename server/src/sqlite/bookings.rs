//! Bookings: made once per idempotency key, never beyond a slot's capacity, cancelled or moved
//! atomically. Every function here runs inside one SQLite transaction.

use loket_contract::booking::{Booking, BookingRequest, BookingStatus, ForWhom, Slot, TimelineEntry};
use loket_contract::{booking_code, Instant, Phone, Text};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{queue, slots};
use crate::rules::bookings::{as_booked, factor_matches, holds_place, releases_place, request_hash, OPEN};
use crate::rules::slots::{open_for_booking, queue_day};
use crate::store::BookingError;
use crate::validate;

/// 45 random bits from the operating system for a booking code.
fn random_bits() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    u64::from_le_bytes(bytes) & ((1 << 45) - 1)
}

/// A fresh, unused code in the shared booking/application code space.
pub fn new_code(conn: &Connection) -> rusqlite::Result<String> {
    loop {
        let code = booking_code::from_random(random_bits());
        let used: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM bookings WHERE code = ?1) OR EXISTS (SELECT 1 FROM applications WHERE code = ?1)",
            )?
            .query_row(params![code], |r| r.get(0))?;
        if !used {
            return Ok(code);
        }
    }
}

/// Makes a booking, or returns the one this key already made (`true` when replayed). Runs in
/// the caller's transaction (`booking_batch`: one savepoint per booking), which must roll back
/// on `Err`, and must commit before the booking is answered.
pub fn create(tx: &Connection, key: &str, request: &BookingRequest, now: Instant) -> Result<(Booking, bool), BookingError> {
    let hash = request_hash(request);
    // Statements are prepared once per connection (`prepare_cached`): the whole transaction
    // runs under the one connection's lock, so parsing SQL again for every booking would hold
    // every other booking back.
    let earlier: Option<(String, String)> = tx
        .prepare_cached("SELECT code, request_hash FROM bookings WHERE idempotency_key = ?1")?
        .query_row(params![key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((code, earlier_hash)) = earlier {
        return if earlier_hash == hash {
            Ok((load(tx, &code)?.ok_or(BookingError::NotFound)?, true))
        } else {
            Err(BookingError::KeyReused)
        };
    }

    let (slot, service, location) = slots::get(tx, request.slot_id)?.ok_or(BookingError::SlotUnavailable)?;
    if !open_for_booking(&slot, &service, now) {
        return Err(BookingError::SlotUnavailable);
    }
    let applicant = validate::applicant(&request.applicant, request.health.as_ref(), &service).map_err(BookingError::Invalid)?;
    let day = queue_day(&slot).to_string();
    let existing: Option<String> = tx
        .prepare_cached(&format!(
            "SELECT code FROM bookings WHERE nik = ?1 AND service_id = ?2 AND queue_day = ?3 AND status IN ({})",
            in_list(&OPEN)
        ))?
        .query_row(params![applicant.nik.as_str(), service.id, day], |r| r.get(0))
        .optional()?;
    if let Some(code) = existing {
        return Err(BookingError::AlreadyBooked { code });
    }
    if !slots::take(tx, slot.id)? {
        return Err(BookingError::SlotFull);
    }
    let queue_number = queue::issue_number(tx, &location.id, &service.id, &day)?;
    let code = new_code(tx)?;
    tx.prepare_cached(
        "INSERT INTO bookings (code, slot_id, service_id, location_id, status, queue_day, queue_number, name, nik,
                               phone, email, for_whom, bpjs_number, referral_number, created_at, idempotency_key, request_hash)
         VALUES (?1, ?2, ?3, ?4, 'booked', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        code,
        slot.id,
        service.id,
        location.id,
        day,
        queue_number,
        applicant.name,
        applicant.nik.as_str(),
        applicant.phone.as_str(),
        applicant.email,
        request.applicant.for_whom.as_str(),
        applicant.bpjs_number.as_ref().map(|b| b.as_str().to_owned()),
        applicant.referral_number,
        now.0,
        key,
        hash
    ])?;
    add_event(tx, &code, BookingStatus::Booked, now, None)?;
    // The place this booking took is counted in the slot it answers with, as a read-back would.
    let slot = Slot { capacity_left: slot.capacity_left.saturating_sub(1), ..slot };
    Ok((as_booked(code, queue_number, slot, &service, &applicant, request.applicant.for_whom, now), false))
}

/// `statuses` as an SQL list of string literals (they are fixed words, never input).
fn in_list(statuses: &[BookingStatus]) -> String {
    statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

/// Adds `status` to the booking's timeline.
pub fn add_event(conn: &Connection, code: &str, status: BookingStatus, at: Instant, note: Option<&Text>) -> rusqlite::Result<()> {
    super::timeline::add(conn, super::timeline::Of::Booking(code), status.as_str(), at, note)
}

/// The booking as its ticket shows it.
pub fn load(conn: &Connection, code: &str) -> rusqlite::Result<Option<Booking>> {
    let row = conn
        .query_row(
            "SELECT slot_id, status, queue_number, name, nik, phone, for_whom, created_at FROM bookings WHERE code = ?1",
            params![code],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((slot_id, status, queue_number, name, nik, phone, for_whom, created_at)) = row else { return Ok(None) };
    let Some((slot, service, location)) = slots::get(conn, slot_id)? else { return Ok(None) };
    Ok(Some(Booking {
        code: code.to_owned(),
        status: BookingStatus::parse(&status).unwrap_or(BookingStatus::Booked),
        queue_number,
        service_id: service.id.clone(),
        location_id: location.id.clone(),
        slot,
        applicant_name: name,
        for_whom: ForWhom::parse(&for_whom).unwrap_or(ForWhom::Myself),
        nik_masked: loket_contract::nik::mask(&nik),
        phone_masked: Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default(),
        what_to_bring: service.requirements.clone(),
        created_at: Instant(created_at),
    }))
}

/// The code (normalised) if it is a booking and `factor` proves the caller is its applicant.
pub fn verify(conn: &Connection, code: &str, factor: &str) -> rusqlite::Result<Option<String>> {
    let Some(code) = booking_code::normalise(code) else { return Ok(None) };
    let row: Option<(String, String)> =
        conn.query_row("SELECT nik, phone FROM bookings WHERE code = ?1", params![code], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(row.filter(|(nik, phone)| factor_matches(factor, nik, phone)).map(|_| code))
}

/// The booking's status and slot, if the code is a booking's.
pub fn status_and_slot(conn: &Connection, code: &str) -> rusqlite::Result<Option<(BookingStatus, i64)>> {
    conn.query_row("SELECT status, slot_id FROM bookings WHERE code = ?1", params![code], |r| {
        Ok((BookingStatus::parse(&r.get::<_, String>(0)?).unwrap_or(BookingStatus::Booked), r.get(1)?))
    })
    .optional()
}

pub fn cancel(conn: &mut Connection, code: &str, factor: &str, now: Instant) -> Result<Booking, BookingError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let code = verify(&tx, code, factor)?.ok_or(BookingError::NotFound)?;
    let (status, slot_id) = status_and_slot(&tx, &code)?.ok_or(BookingError::NotFound)?;
    if !status.is_changeable() {
        return Err(BookingError::NotChangeable(status));
    }
    slots::release(&tx, slot_id)?;
    tx.execute("UPDATE bookings SET status = 'cancelled' WHERE code = ?1", params![code])?;
    add_event(&tx, &code, BookingStatus::Cancelled, now, None)?;
    let booking = load(&tx, &code)?.ok_or(BookingError::NotFound)?;
    tx.commit()?;
    Ok(booking)
}

/// Moves the booking to another slot of the same service, keeping its code. The new place is
/// taken before the old one is given back, in one transaction: never zero, never two.
pub fn reschedule(conn: &mut Connection, code: &str, factor: &str, slot_id: i64, now: Instant) -> Result<Booking, BookingError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let code = verify(&tx, code, factor)?.ok_or(BookingError::NotFound)?;
    let (status, old_slot) = status_and_slot(&tx, &code)?.ok_or(BookingError::NotFound)?;
    if !status.is_changeable() {
        return Err(BookingError::NotChangeable(status));
    }
    let current = load(&tx, &code)?.ok_or(BookingError::NotFound)?;
    if old_slot == slot_id {
        return Ok(current);
    }
    let (slot, service, location): (Slot, _, _) = slots::get(&tx, slot_id)?.ok_or(BookingError::SlotUnavailable)?;
    if !open_for_booking(&slot, &service, now) || service.id != current.service_id {
        return Err(BookingError::SlotUnavailable);
    }
    if !slots::take(&tx, slot.id)? {
        return Err(BookingError::SlotFull);
    }
    slots::release(&tx, old_slot)?;
    let day = queue_day(&slot).to_string();
    let queue_number = queue::issue_number(&tx, &location.id, &service.id, &day)?;
    tx.execute(
        "UPDATE bookings SET slot_id = ?2, location_id = ?3, queue_day = ?4, queue_number = ?5 WHERE code = ?1",
        params![code, slot.id, location.id, day, queue_number],
    )?;
    let note = Text::new("Jadwal diubah", "Rescheduled");
    add_event(&tx, &code, BookingStatus::Booked, now, Some(&note))?;
    let booking = load(&tx, &code)?.ok_or(BookingError::NotFound)?;
    tx.commit()?;
    Ok(booking)
}

/// Removes a booking the facility's own system refused (its time was taken there first): the
/// place goes back and the key is free again, as if the request had never been made.
pub fn discard(conn: &mut Connection, code: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some((status, slot_id)) = status_and_slot(&tx, code)? {
        if holds_place(status) {
            slots::release(&tx, slot_id)?;
        }
        tx.execute("DELETE FROM booking_events WHERE booking_code = ?1", params![code])?;
        tx.execute("DELETE FROM surveys WHERE booking_code = ?1", params![code])?;
        tx.execute("DELETE FROM bookings WHERE code = ?1", params![code])?;
    }
    tx.commit()
}

/// Records the status the facility's own system gives the booking, at the time it gives: that
/// system is the authority, so any move is taken. False when the booking already has it.
pub fn follow(conn: &mut Connection, code: &str, status: BookingStatus, at: Instant) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((current, slot_id)) = status_and_slot(&tx, code)? else { return Ok(false) };
    if current == status {
        return Ok(false);
    }
    if releases_place(current, status) {
        slots::release(&tx, slot_id)?;
    } else if !holds_place(current) && holds_place(status) && !slots::take(&tx, slot_id)? {
        // A cancellation the facility took back: its place is counted again even past capacity.
        tx.execute("UPDATE slots SET capacity = capacity + 1, taken = taken + 1 WHERE id = ?1", params![slot_id])?;
    }
    tx.execute("UPDATE bookings SET status = ?2 WHERE code = ?1", params![code, status.as_str()])?;
    add_event(&tx, code, status, at, None)?;
    tx.commit()?;
    Ok(true)
}

pub fn timeline(conn: &Connection, code: &str) -> rusqlite::Result<Vec<TimelineEntry>> {
    super::timeline::read(conn, super::timeline::Of::Booking(code))
}
