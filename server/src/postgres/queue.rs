//! The queue on the day, per place and service: numbers issued in order to bookings and
//! walk-ins alike, called one by one by the counter.

use loket_contract::booking::{BookingStatus, QueuePosition, QueueStatus};
use loket_contract::catalogue::Service;
use loket_contract::Instant;
use tokio_postgres::{Error, GenericClient};

use super::timeline;
use crate::rules::queue as rules;

/// The next number of that day's queue.
pub async fn issue_number(c: &impl GenericClient, location_id: &str, service_id: &str, day: &str) -> Result<u32, Error> {
    let row = c
        .query_one(
            "INSERT INTO queue_days (location_id, service_id, day, issued) VALUES ($1, $2, $3, 1)
             ON CONFLICT (location_id, service_id, day) DO UPDATE SET issued = queue_days.issued + 1
             RETURNING issued",
            &[&location_id, &service_id, &day],
        )
        .await?;
    Ok(row.get::<_, i32>(0) as u32)
}

pub async fn status(c: &impl GenericClient, location_id: &str, service: &Service, day: &str) -> Result<QueueStatus, Error> {
    let row = c
        .query_opt(
            "SELECT issued, now_serving FROM queue_days WHERE location_id = $1 AND service_id = $2 AND day = $3",
            &[&location_id, &service.id, &day],
        )
        .await?;
    let (issued, now_serving) = row.map(|r| (r.get::<_, i32>(0) as u32, r.get::<_, i32>(1) as u32)).unwrap_or((0, 0));
    Ok(rules::status(location_id, service, issued, now_serving))
}

/// Calls the next number; the booking holding it, if checked in, becomes `called`.
pub async fn call_next(
    c: &impl GenericClient,
    location_id: &str,
    service: &Service,
    day: &str,
    now: Instant,
) -> Result<QueueStatus, Error> {
    c.execute(
        "UPDATE queue_days SET now_serving = now_serving + 1
         WHERE location_id = $1 AND service_id = $2 AND day = $3 AND now_serving < issued",
        &[&location_id, &service.id, &day],
    )
    .await?;
    let status = status(c, location_id, service, day).await?;
    let called = c
        .query_opt(
            "UPDATE bookings SET status = 'called'
             WHERE location_id = $1 AND service_id = $2 AND queue_day = $3 AND queue_number = $4 AND status = 'checked_in'
             RETURNING code",
            &[&location_id, &service.id, &day, &(status.now_serving as i32)],
        )
        .await?;
    if let Some(row) = called {
        timeline::add(c, timeline::Of::Booking(row.get(0)), BookingStatus::Called.as_str(), now, None).await?;
    }
    Ok(status)
}

/// Where a ticket stands: counts the tickets still waiting before it for `rules::queue::position`.
pub async fn position(
    c: &impl GenericClient,
    location_id: &str,
    service: &Service,
    day: &str,
    queue_number: u32,
    slot_start: Instant,
    now: Instant,
) -> Result<QueuePosition, Error> {
    let status = status(c, location_id, service, day).await?;
    let (serving, number) = (status.now_serving as i32, queue_number as i32);
    let row = c
        .query_one(
            "SELECT
               (SELECT COUNT(*) FROM bookings WHERE location_id = $1 AND service_id = $2 AND queue_day = $3
                  AND queue_number > $4 AND queue_number < $5 AND status IN ('booked', 'checked_in')),
               (SELECT COUNT(*) FROM walk_ins w JOIN slots s ON s.id = w.slot_id
                  WHERE s.location_id = $1 AND s.service_id = $2 AND w.queue_day = $3 AND w.queue_number > $4 AND w.queue_number < $5)",
            &[&location_id, &service.id, &day, &serving, &number],
        )
        .await?;
    let waiting = (row.get::<_, i64>(0) + row.get::<_, i64>(1)) as u32;
    Ok(rules::position(queue_number, status.now_serving, waiting, status.average_minutes, slot_start, now))
}
