//! Timelines of bookings and applications: one writer and one reader for both kinds.

use loket_contract::booking::TimelineEntry;
use loket_contract::{Instant, Text};
use tokio_postgres::{Error, GenericClient};

pub use crate::store::TimelineOf as Of;

/// Adds `status` (as the wire spells it) at `at` to the end of a timeline.
pub async fn add(c: &impl GenericClient, of: Of<'_>, status: &str, at: Instant, note: Option<&Text>) -> Result<(), Error> {
    let sql = match of {
        Of::Booking(_) => "INSERT INTO booking_events (booking_code, status, at, note_id, note_en) VALUES ($1, $2, $3, $4, $5)",
        Of::Application(_) => "INSERT INTO application_events (application_code, status, at, note_id, note_en) VALUES ($1, $2, $3, $4, $5)",
    };
    c.execute(sql, &[&of.code(), &status, &at.0, &note.map(|n| &n.id), &note.map(|n| &n.en)]).await.map(|_| ())
}

/// A whole timeline, oldest first.
pub async fn read(c: &impl GenericClient, of: Of<'_>) -> Result<Vec<TimelineEntry>, Error> {
    let sql = match of {
        Of::Booking(_) => "SELECT status, at, note_id, note_en FROM booking_events WHERE booking_code = $1 ORDER BY seq",
        Of::Application(_) => "SELECT status, at, note_id, note_en FROM application_events WHERE application_code = $1 ORDER BY seq",
    };
    let rows = c.query(sql, &[&of.code()]).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let note = match (r.get::<_, Option<String>>(2), r.get::<_, Option<String>>(3)) {
                (Some(id), Some(en)) => Some(Text { id, en }),
                _ => None,
            };
            TimelineEntry { status: r.get(0), at: Instant(r.get(1)), note }
        })
        .collect())
}
