//! Timelines: the statuses each booking and application went through, in order, each with an
//! optional note. One writer and one reader for both kinds, which keep their events in tables
//! of their own.

use loket_contract::booking::TimelineEntry;
use loket_contract::time::Instant;
use loket_contract::Text;
use rusqlite::{params, Connection};

pub use crate::store::TimelineOf as Of;

/// Adds `status` (a status word as the wire spells it) at `at` to the end of a timeline.
pub fn add(conn: &Connection, of: Of, status: &str, at: Instant, note: Option<&Text>) -> rusqlite::Result<()> {
    let sql = match of {
        Of::Booking(_) => "INSERT INTO booking_events (booking_code, status, at, note_id, note_en) VALUES (?1, ?2, ?3, ?4, ?5)",
        Of::Application(_) => "INSERT INTO application_events (application_code, status, at, note_id, note_en) VALUES (?1, ?2, ?3, ?4, ?5)",
    };
    conn.prepare_cached(sql)?.execute(params![of.code(), status, at.0, note.map(|n| &n.id), note.map(|n| &n.en)])?;
    Ok(())
}

/// A whole timeline, oldest first.
pub fn read(conn: &Connection, of: Of) -> rusqlite::Result<Vec<TimelineEntry>> {
    let sql = match of {
        Of::Booking(_) => "SELECT status, at, note_id, note_en FROM booking_events WHERE booking_code = ?1 ORDER BY seq",
        Of::Application(_) => "SELECT status, at, note_id, note_en FROM application_events WHERE application_code = ?1 ORDER BY seq",
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([of.code()], |r| {
        let note = match (r.get::<_, Option<String>>(2)?, r.get::<_, Option<String>>(3)?) {
            (Some(id), Some(en)) => Some(Text { id, en }),
            _ => None,
        };
        Ok(TimelineEntry { status: r.get(0)?, at: Instant(r.get(1)?), note })
    })?;
    rows.collect()
}
