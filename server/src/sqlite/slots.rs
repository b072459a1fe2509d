//! Appointment slots: written on demand for the days asked (the rules in `rules::slots` say
//! which), and shared by bookings and walk-in tickets through one `taken` counter per slot.

use loket_contract::booking::Slot;
use loket_contract::catalogue::{ItemKind, Location, Service};
use loket_contract::{Instant, LocalDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::catalogue as store;
use crate::rules::slots::{day_slots, days, offers};

/// The place and service, if the place offers the service.
pub fn offering(conn: &Connection, service_id: &str, location_id: &str) -> rusqlite::Result<Option<(Service, Location)>> {
    let service: Option<Service> = store::get(conn, ItemKind::Service, service_id)?;
    let location: Option<Location> = store::get(conn, ItemKind::Location, location_id)?;
    Ok(match (service, location) {
        (Some(s), Some(l)) if offers(&l, &s) => Some((s, l)),
        _ => None,
    })
}

/// Makes sure the slots of the days asked exist (idempotent), then lists those that start
/// after `now`, in time order.
pub fn list(
    conn: &Connection,
    service: &Service,
    location: &Location,
    from: Option<LocalDate>,
    to: Option<LocalDate>,
    now: Instant,
) -> rusqlite::Result<Vec<Slot>> {
    let Some((first, last)) = days(service, now.local(location.time_zone).0, from, to) else { return Ok(Vec::new()) };
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO slots (service_id, location_id, starts_at, ends_at, capacity)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut date = first;
    while date <= last {
        for (start, end) in day_slots(location, service, date) {
            insert.execute(params![service.id, location.id, start.0, end.0, service.slot_capacity])?;
        }
        date = date.add_days(1);
    }
    let window_end = last.add_days(1).at(0, location.time_zone);
    let mut select = conn.prepare_cached(
        "SELECT id, starts_at, ends_at, capacity, taken FROM slots
         WHERE service_id = ?1 AND location_id = ?2 AND starts_at > ?3 AND starts_at >= ?4 AND starts_at < ?5
         ORDER BY starts_at",
    )?;
    let from_instant = first.at(0, location.time_zone);
    let rows = select
        .query_map(params![service.id, location.id, now.0, from_instant.0, window_end.0], |r| Ok(row_to_slot(r, service, location)))?;
    rows.collect()
}

/// The slots of a place whose times another system keeps (a FHIR-backed facility): each
/// `(start, end, capacity)` written once and kept in step, listed with its id in time order.
/// The capacity never drops below the places Loket's own bookings hold in it.
pub fn mirror(
    conn: &mut Connection,
    service: &Service,
    location: &Location,
    times: &[(Instant, Instant, u16)],
) -> rusqlite::Result<Vec<Slot>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut slots = Vec::with_capacity(times.len());
    for (start, end, capacity) in times {
        let slot = tx
            .prepare_cached(
                "INSERT INTO slots (service_id, location_id, starts_at, ends_at, capacity) VALUES (?1, ?2, ?3, ?4, MAX(?5, 1))
                 ON CONFLICT (service_id, location_id, starts_at)
                 DO UPDATE SET ends_at = excluded.ends_at, capacity = MAX(excluded.capacity, taken, 1)
                 RETURNING id, starts_at, ends_at, capacity, taken",
            )?
            .query_row(params![service.id, location.id, start.0, end.0, capacity], |r| Ok(row_to_slot(r, service, location)))?;
        slots.push(slot);
    }
    tx.commit()?;
    Ok(slots)
}

fn row_to_slot(r: &rusqlite::Row<'_>, service: &Service, location: &Location) -> Slot {
    let capacity: u16 = r.get(3).unwrap_or(0);
    let taken: u16 = r.get(4).unwrap_or(0);
    Slot {
        id: r.get(0).unwrap_or(0),
        service_id: service.id.clone(),
        location_id: location.id.clone(),
        starts_at: Instant(r.get(1).unwrap_or(0)),
        ends_at: Instant(r.get(2).unwrap_or(0)),
        time_zone: location.time_zone,
        capacity,
        capacity_left: capacity.saturating_sub(taken),
    }
}

/// One slot with its service and place.
pub fn get(conn: &Connection, slot_id: i64) -> rusqlite::Result<Option<(Slot, Service, Location)>> {
    let ids: Option<(String, String)> = conn
        .prepare_cached("SELECT service_id, location_id FROM slots WHERE id = ?1")?
        .query_row(params![slot_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((service_id, location_id)) = ids else { return Ok(None) };
    let Some((service, location)) = offering(conn, &service_id, &location_id)? else { return Ok(None) };
    let slot = conn
        .prepare_cached("SELECT id, starts_at, ends_at, capacity, taken FROM slots WHERE id = ?1")?
        .query_row(params![slot_id], |r| Ok(row_to_slot(r, &service, &location)))?;
    Ok(Some((slot, service, location)))
}

/// Takes one place in the slot if one is left; false when it is full. The `taken <= capacity`
/// check in the schema makes overbooking impossible even if this guard were wrong.
pub fn take(conn: &Connection, slot_id: i64) -> rusqlite::Result<bool> {
    let changed =
        conn.prepare_cached("UPDATE slots SET taken = taken + 1 WHERE id = ?1 AND taken < capacity")?.execute(params![slot_id])?;
    Ok(changed == 1)
}

/// Gives a place back (a cancellation, the old slot of a reschedule).
pub fn release(conn: &Connection, slot_id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE slots SET taken = taken - 1 WHERE id = ?1 AND taken > 0", params![slot_id])?;
    Ok(())
}
