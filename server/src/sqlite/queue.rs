//! The queue on the day, per place and service: numbers are issued in order to bookings and
//! walk-ins alike, and the counter calls them one by one.

use loket_contract::booking::{BookingStatus, QueuePosition, QueueStatus};
use loket_contract::catalogue::Service;
use loket_contract::Instant;
use rusqlite::{params, Connection, OptionalExtension};

use crate::rules::queue as rules;

/// The next number of that day's queue.
pub fn issue_number(conn: &Connection, location_id: &str, service_id: &str, day: &str) -> rusqlite::Result<u32> {
    conn.prepare_cached(
        "INSERT INTO queue_days (location_id, service_id, day, issued) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (location_id, service_id, day) DO UPDATE SET issued = issued + 1
         RETURNING issued",
    )?
    .query_row(params![location_id, service_id, day], |r| r.get(0))
}

pub fn status(conn: &Connection, location_id: &str, service: &Service, day: &str) -> rusqlite::Result<QueueStatus> {
    let (issued, now_serving): (u32, u32) = conn
        .query_row(
            "SELECT issued, now_serving FROM queue_days WHERE location_id = ?1 AND service_id = ?2 AND day = ?3",
            params![location_id, service.id, day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, 0));
    Ok(rules::status(location_id, service, issued, now_serving))
}

/// Calls the next number; the booking holding it, if checked in, becomes `called`.
pub fn call_next(conn: &Connection, location_id: &str, service: &Service, day: &str, now: Instant) -> rusqlite::Result<QueueStatus> {
    conn.execute(
        "UPDATE queue_days SET now_serving = now_serving + 1
         WHERE location_id = ?1 AND service_id = ?2 AND day = ?3 AND now_serving < issued",
        params![location_id, service.id, day],
    )?;
    let status = status(conn, location_id, service, day)?;
    let called: Option<String> = conn
        .query_row(
            "UPDATE bookings SET status = 'called'
             WHERE location_id = ?1 AND service_id = ?2 AND queue_day = ?3 AND queue_number = ?4 AND status = 'checked_in'
             RETURNING code",
            params![location_id, service.id, day, status.now_serving],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(code) = called {
        super::timeline::add(conn, super::timeline::Of::Booking(&code), BookingStatus::Called.as_str(), now, None)?;
    }
    Ok(status)
}

/// Where a ticket stands: counts the tickets still waiting before it (cancelled and missed ones
/// do not count) for `rules::queue::position`.
pub fn position(
    conn: &Connection,
    location_id: &str,
    service: &Service,
    day: &str,
    queue_number: u32,
    slot_start: Instant,
    now: Instant,
) -> rusqlite::Result<QueuePosition> {
    let status = status(conn, location_id, service, day)?;
    let waiting_bookings: u32 = conn.query_row(
        "SELECT COUNT(*) FROM bookings WHERE location_id = ?1 AND service_id = ?2 AND queue_day = ?3
         AND queue_number > ?4 AND queue_number < ?5 AND status IN ('booked', 'checked_in')",
        params![location_id, service.id, day, status.now_serving, queue_number],
        |r| r.get(0),
    )?;
    let waiting_walk_ins: u32 = conn.query_row(
        "SELECT COUNT(*) FROM walk_ins w JOIN slots s ON s.id = w.slot_id
         WHERE s.location_id = ?1 AND s.service_id = ?2 AND w.queue_day = ?3 AND w.queue_number > ?4 AND w.queue_number < ?5",
        params![location_id, service.id, day, status.now_serving, queue_number],
        |r| r.get(0),
    )?;
    let waiting = waiting_bookings + waiting_walk_ins;
    Ok(rules::position(queue_number, status.now_serving, waiting, status.average_minutes, slot_start, now))
}
