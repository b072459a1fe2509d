//! Appointment slots: made on demand from a place's opening hours for the next 14 days, and
//! shared by bookings and walk-in tickets through one `taken` counter per slot.

use loket_contract::booking::Slot;
use loket_contract::catalogue::{ItemKind, Location, Service};
use loket_contract::time::parse_hh_mm;
use loket_contract::{Instant, LocalDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::catalogue as store;

/// How far ahead citizens can book, in days including today.
pub const BOOKING_WINDOW_DAYS: i64 = 14;

/// The (start, end) instants of the slots of `service` at `location` on `date`: from opening
/// to closing time, one every `duration_minutes`, none on a closure or a closed weekday.
pub fn day_slots(location: &Location, service: &Service, date: LocalDate) -> Vec<(Instant, Instant)> {
    if location.closures.iter().any(|c| c.date == date.to_string()) {
        return Vec::new();
    }
    let step = u16::max(service.duration_minutes, 5);
    let mut slots = Vec::new();
    for hours in location.opening_hours.iter().filter(|h| h.weekday == date.weekday()) {
        let (Some(opens), Some(closes)) = (parse_hh_mm(&hours.opens), parse_hh_mm(&hours.closes)) else {
            continue;
        };
        let mut start = opens;
        while start + step <= closes {
            slots.push((date.at(start, location.time_zone), date.at(start + step, location.time_zone)));
            start += step;
        }
    }
    slots
}

/// The place and service, if the place offers the service.
pub fn offering(conn: &Connection, service_id: &str, location_id: &str) -> rusqlite::Result<Option<(Service, Location)>> {
    let service: Option<Service> = store::get(conn, ItemKind::Service, service_id)?;
    let location: Option<Location> = store::get(conn, ItemKind::Location, location_id)?;
    Ok(match (service, location) {
        (Some(s), Some(l)) if l.service_ids.contains(&s.id) => Some((s, l)),
        _ => None,
    })
}

/// Makes sure the slots of the given days exist (idempotent), then lists those that start
/// after `now`, in time order.
pub fn list(
    conn: &Connection,
    service: &Service,
    location: &Location,
    from: LocalDate,
    to: LocalDate,
    now: Instant,
) -> rusqlite::Result<Vec<Slot>> {
    let today = now.local(location.time_zone).0;
    let first = from.max(today);
    let last = to.min(today.add_days(BOOKING_WINDOW_DAYS - 1));
    if !service.bookable || first > last {
        return Ok(Vec::new());
    }
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
        .query_row("SELECT service_id, location_id FROM slots WHERE id = ?1", params![slot_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((service_id, location_id)) = ids else { return Ok(None) };
    let Some((service, location)) = offering(conn, &service_id, &location_id)? else { return Ok(None) };
    let slot = conn.query_row("SELECT id, starts_at, ends_at, capacity, taken FROM slots WHERE id = ?1", params![slot_id], |r| {
        Ok(row_to_slot(r, &service, &location))
    })?;
    Ok(Some((slot, service, location)))
}

/// Takes one place in the slot if one is left; false when it is full. The `taken <= capacity`
/// check in the schema makes overbooking impossible even if this guard were wrong.
pub fn take(conn: &Connection, slot_id: i64) -> rusqlite::Result<bool> {
    let changed = conn.execute("UPDATE slots SET taken = taken + 1 WHERE id = ?1 AND taken < capacity", params![slot_id])?;
    Ok(changed == 1)
}

/// Gives a place back (a cancellation, the old slot of a reschedule).
pub fn release(conn: &Connection, slot_id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE slots SET taken = taken - 1 WHERE id = ?1 AND taken > 0", params![slot_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::catalogue::{Closure, LocationKind, OpeningHours};
    use loket_contract::{Text, Zone};

    fn place() -> Location {
        Location {
            id: "mpp-test".into(),
            kind: LocationKind::Mpp,
            name: Text::new("MPP Uji", "Test mall"),
            address: "Jl. Uji 1".into(),
            regency_code: "73.71".into(),
            latitude: 0.0,
            longitude: 0.0,
            time_zone: Zone::Wita,
            phone: "0411".into(),
            opening_hours: vec![
                OpeningHours { weekday: 1, opens: "08:00".into(), closes: "09:00".into() },
                OpeningHours { weekday: 5, opens: "08:00".into(), closes: "08:30".into() },
                OpeningHours { weekday: 5, opens: "13:00".into(), closes: "13:30".into() },
            ],
            closures: vec![Closure { date: "2026-12-07".into(), reason: Text::new("Libur", "Holiday") }],
            agency_ids: vec![],
            service_ids: vec![],
        }
    }

    fn service(minutes: u16) -> Service {
        serde_json::from_value(serde_json::json!({
            "id": "svc", "agencyId": "a", "categoryId": "c",
            "name": {"id": "x", "en": "x"}, "summary": {"id": "x", "en": "x"},
            "requirements": [], "fees": [], "processingTime": {"id": "x", "en": "x"},
            "processingDaysMax": 0, "channels": ["in_person"], "bookable": true,
            "offeredAt": ["mpp"], "durationMinutes": minutes, "slotCapacity": 3
        }))
        .unwrap()
    }

    #[test]
    fn slots_follow_opening_hours_in_the_place_zone() {
        let monday = LocalDate::parse("2026-11-30").unwrap();
        let slots = day_slots(&place(), &service(15), monday);
        assert_eq!(slots.len(), 4);
        // 08:00 WITA is 00:00 UTC.
        assert_eq!(slots[0].0.to_string(), "2026-11-30T00:00:00Z");
        assert_eq!(slots[3].1.to_string(), "2026-11-30T01:00:00Z");
    }

    #[test]
    fn a_split_day_gets_slots_in_both_parts_and_a_slot_never_runs_past_closing() {
        let friday = LocalDate::parse("2026-12-04").unwrap();
        let slots = day_slots(&place(), &service(20), friday);
        assert_eq!(slots.len(), 2, "08:00-08:20 and 13:00-13:20");
    }

    #[test]
    fn no_slots_on_closures_or_closed_days() {
        assert!(day_slots(&place(), &service(15), LocalDate::parse("2026-12-07").unwrap()).is_empty());
        assert!(day_slots(&place(), &service(15), LocalDate::parse("2026-12-06").unwrap()).is_empty());
    }
}
