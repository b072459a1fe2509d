//! What the counter staff do: check bookings in, move them on, hand out walk-in tickets from the
//! same slots citizens book.

use loket_contract::booking::{BookingStatus, WalkInTicket};
use loket_contract::{booking_code, Instant};
use rusqlite::{params, Connection, TransactionBehavior};

use super::{bookings, queue, slots};
use crate::rules::bookings::releases_place;
use crate::rules::slots::{open_for_walk_in, queue_day};
use crate::store::BookingError;

/// Moves a booking along the counter flow (`booked → checked_in → called → fulfilled`, or
/// `noshow`, or `cancelled`); a cancelled booking's place goes back to the slot.
pub fn set_status(conn: &mut Connection, code: &str, next: BookingStatus, now: Instant) -> Result<(), BookingError> {
    let code = booking_code::normalise(code).ok_or(BookingError::NotFound)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (current, slot_id) = bookings::status_and_slot(&tx, &code)?.ok_or(BookingError::NotFound)?;
    if !current.can_become(next) {
        return Err(BookingError::NotChangeable(current));
    }
    if releases_place(current, next) {
        slots::release(&tx, slot_id)?;
    }
    tx.execute("UPDATE bookings SET status = ?2 WHERE code = ?1", params![code, next.as_str()])?;
    bookings::add_event(&tx, &code, next, now, None)?;
    tx.commit()?;
    Ok(())
}

/// A walk-in ticket: one place of the slot, the next queue number of its day.
pub fn walk_in(conn: &mut Connection, slot_id: i64, now: Instant) -> Result<WalkInTicket, BookingError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (slot, service, location) = slots::get(&tx, slot_id)?.ok_or(BookingError::SlotUnavailable)?;
    if !open_for_walk_in(&slot, now) {
        return Err(BookingError::SlotUnavailable);
    }
    if !slots::take(&tx, slot.id)? {
        return Err(BookingError::SlotFull);
    }
    let day = queue_day(&slot).to_string();
    let queue_number = queue::issue_number(&tx, &location.id, &service.id, &day)?;
    tx.execute(
        "INSERT INTO walk_ins (slot_id, queue_day, queue_number, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![slot.id, day, queue_number, now.0],
    )?;
    let (slot, _, _) = slots::get(&tx, slot_id)?.ok_or(BookingError::SlotUnavailable)?;
    tx.commit()?;
    Ok(WalkInTicket { queue_number, slot })
}
