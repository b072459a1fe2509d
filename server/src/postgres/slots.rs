//! Appointment slots, written on demand for the days `rules::slots` allows and shared by
//! bookings and walk-ins through one `taken` counter per slot.

use loket_contract::booking::Slot;
use loket_contract::catalogue::{ItemKind, Location, Service};
use loket_contract::{Instant, LocalDate};
use tokio_postgres::{Error, GenericClient, Row};

use super::catalogue;
use crate::rules::slots::{day_slots, days, offers};
use crate::store::item_from_doc;

/// The place and service, if the place offers the service.
pub async fn offering(c: &impl GenericClient, service_id: &str, location_id: &str) -> Result<Option<(Service, Location)>, Error> {
    let service: Option<Service> = catalogue::get(c, ItemKind::Service, service_id).await?;
    let location: Option<Location> = catalogue::get(c, ItemKind::Location, location_id).await?;
    Ok(match (service, location) {
        (Some(s), Some(l)) if offers(&l, &s) => Some((s, l)),
        _ => None,
    })
}

/// Makes sure the slots of the days asked exist (idempotent, one statement), then lists those
/// that start after `now`, in time order.
pub async fn list(
    c: &impl GenericClient,
    service: &Service,
    location: &Location,
    from: Option<LocalDate>,
    to: Option<LocalDate>,
    now: Instant,
) -> Result<Vec<Slot>, Error> {
    let Some((first, last)) = days(service, now.local(location.time_zone).0, from, to) else { return Ok(Vec::new()) };
    let (mut starts, mut ends) = (Vec::new(), Vec::new());
    let mut date = first;
    while date <= last {
        for (start, end) in day_slots(location, service, date) {
            starts.push(start.0);
            ends.push(end.0);
        }
        date = date.add_days(1);
    }
    c.execute(
        "INSERT INTO slots (service_id, location_id, starts_at, ends_at, capacity)
         SELECT $1, $2, s, e, $5 FROM UNNEST($3::bigint[], $4::bigint[]) AS t (s, e)
         ON CONFLICT (service_id, location_id, starts_at) DO NOTHING",
        &[&service.id, &location.id, &starts, &ends, &i32::from(service.slot_capacity)],
    )
    .await?;
    let from_instant = first.at(0, location.time_zone);
    let window_end = last.add_days(1).at(0, location.time_zone);
    let rows = c
        .query(
            "SELECT id, starts_at, ends_at, capacity, taken FROM slots
             WHERE service_id = $1 AND location_id = $2 AND starts_at > $3 AND starts_at >= $4 AND starts_at < $5
             ORDER BY starts_at",
            &[&service.id, &location.id, &now.0, &from_instant.0, &window_end.0],
        )
        .await?;
    Ok(rows.iter().map(|r| row_to_slot(r, service, location)).collect())
}

/// The slots of a place whose times another system keeps (a FHIR-backed facility): each
/// `(start, end, capacity)` written once and kept in step, listed with its id in time order.
/// The capacity never drops below the places Loket's own bookings hold in it.
pub async fn mirror(
    c: &impl GenericClient,
    service: &Service,
    location: &Location,
    times: &[(Instant, Instant, u16)],
) -> Result<Vec<Slot>, Error> {
    let starts: Vec<i64> = times.iter().map(|t| t.0 .0).collect();
    let ends: Vec<i64> = times.iter().map(|t| t.1 .0).collect();
    let capacities: Vec<i32> = times.iter().map(|t| i32::from(t.2).max(1)).collect();
    c.execute(
        "INSERT INTO slots (service_id, location_id, starts_at, ends_at, capacity)
         SELECT $1, $2, s, e, n FROM UNNEST($3::bigint[], $4::bigint[], $5::int[]) AS t (s, e, n)
         ON CONFLICT (service_id, location_id, starts_at)
         DO UPDATE SET ends_at = excluded.ends_at, capacity = GREATEST(excluded.capacity, slots.taken, 1)",
        &[&service.id, &location.id, &starts, &ends, &capacities],
    )
    .await?;
    let rows = c
        .query(
            "SELECT id, starts_at, ends_at, capacity, taken FROM slots
             WHERE service_id = $1 AND location_id = $2 AND starts_at = ANY($3) ORDER BY starts_at",
            &[&service.id, &location.id, &starts],
        )
        .await?;
    Ok(rows.iter().map(|r| row_to_slot(r, service, location)).collect())
}

fn row_to_slot(r: &Row, service: &Service, location: &Location) -> Slot {
    let capacity = r.get::<_, i32>(3).max(0) as u16;
    let taken = r.get::<_, i32>(4).max(0) as u16;
    Slot {
        id: r.get(0),
        service_id: service.id.clone(),
        location_id: location.id.clone(),
        starts_at: Instant(r.get(1)),
        ends_at: Instant(r.get(2)),
        time_zone: location.time_zone,
        capacity,
        capacity_left: capacity.saturating_sub(taken),
    }
}

/// One slot with its service and place, in one round trip (a booking's first read).
pub async fn get(c: &impl GenericClient, slot_id: i64) -> Result<Option<(Slot, Service, Location)>, Error> {
    let Some(row) = c
        .query_opt(
            "SELECT s.id, s.starts_at, s.ends_at, s.capacity, s.taken, service.doc, place.doc
             FROM slots s
             JOIN catalogue_items service ON service.kind = 'service' AND service.id = s.service_id
             JOIN catalogue_items place ON place.kind = 'location' AND place.id = s.location_id
             WHERE s.id = $1",
            &[&slot_id],
        )
        .await?
    else {
        return Ok(None);
    };
    Ok(match (item_from_doc::<Service>(row.get(5)), item_from_doc::<Location>(row.get(6))) {
        (Some(service), Some(location)) if offers(&location, &service) => Some((row_to_slot(&row, &service, &location), service, location)),
        _ => None,
    })
}

/// Takes one place if one is left; false when the slot is full. At READ COMMITTED a concurrent
/// taker waits for this row and re-checks `taken < capacity` on the committed value.
pub async fn take(c: &impl GenericClient, slot_id: i64) -> Result<bool, Error> {
    Ok(c.execute("UPDATE slots SET taken = taken + 1 WHERE id = $1 AND taken < capacity", &[&slot_id]).await? == 1)
}

/// Gives a place back (a cancellation, the old slot of a reschedule).
pub async fn release(c: &impl GenericClient, slot_id: i64) -> Result<(), Error> {
    c.execute("UPDATE slots SET taken = taken - 1 WHERE id = $1 AND taken > 0", &[&slot_id]).await.map(|_| ())
}

/// Locks the slot rows in id order: a reschedule holding two slots never waits in a cycle with
/// another going the other way.
pub async fn lock_in_order(c: &impl GenericClient, mut ids: Vec<i64>) -> Result<(), Error> {
    ids.sort_unstable();
    c.query("SELECT id FROM slots WHERE id = ANY($1) ORDER BY id FOR UPDATE", &[&ids]).await.map(|_| ())
}
