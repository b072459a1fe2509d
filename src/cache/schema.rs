//! The IndexedDB schema and its upgrade steps. Each version's step runs once, in order, inside
//! the browser's versionchange transaction, so a failed upgrade leaves the old version intact.

use idb::event::VersionChangeEvent;
use idb::{DatabaseEvent, ObjectStoreParams};

pub const DB_NAME: &str = "loket";
pub const SCHEMA_VERSION: u32 = 3;

/// Small records keyed by name (preferences, checklists).
pub const META: &str = "meta";
/// The offline catalogue: records `listing` and `details` (`current` before they were split;
/// the store was added in version 2).
pub const CATALOGUE: &str = "catalogue";
/// Booking drafts and the outbox, keyed by idempotency key (added in version 3).
pub const DRAFTS: &str = "drafts";
/// Bookings made or tracked on this device, keyed by booking code (added in version 3).
pub const BOOKINGS: &str = "bookings";

/// Applications looked up on this device, keyed by code (added in version 3).
pub const APPLICATIONS: &str = "applications";

pub const ALL: [&str; 5] = [META, CATALOGUE, DRAFTS, BOOKINGS, APPLICATIONS];

/// The stores each version added, in order.
const STEPS: [(u32, &[&str]); 3] = [(1, &[META]), (2, &[CATALOGUE]), (3, &[DRAFTS, BOOKINGS, APPLICATIONS])];

pub(super) fn upgrade(event: VersionChangeEvent) {
    use idb::event::Event;
    use idb::Request;
    let old = event.old_version().unwrap_or(0);
    let created = event.database().map_err(|e| e.to_string()).and_then(|db| {
        let present = db.store_names();
        for (_, stores) in STEPS.iter().filter(|(version, _)| old < *version) {
            // A store already there (left by an interrupted or development build) is kept.
            for name in stores.iter().filter(|name| !present.iter().any(|p| p == *name)) {
                db.create_object_store(name, ObjectStoreParams::new()).map_err(|e| format!("{name}: {e}"))?;
            }
        }
        Ok(())
    });
    // A store that cannot be made must not leave the database at the new version without it:
    // aborting the upgrade keeps the old version, and `Cache::open` reports the failure (the
    // app then runs from memory for this visit).
    if let Err(why) = created {
        leptos::logging::warn!("offline storage upgrade failed: {why}");
        if let Some(tx) = event.target().ok().and_then(|request| request.transaction()) {
            let _ = tx.abort();
        }
    }
}
