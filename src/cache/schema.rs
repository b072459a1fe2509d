//! The IndexedDB schema and its upgrade steps. Each version's step runs once, in order, inside
//! the browser's versionchange transaction, so a failed upgrade leaves the old version intact.

use idb::event::VersionChangeEvent;
use idb::{DatabaseEvent, ObjectStoreParams};

pub const DB_NAME: &str = "loket";
pub const SCHEMA_VERSION: u32 = 3;

/// Small records keyed by name (preferences, checklists).
pub const META: &str = "meta";
/// The offline catalogue: one record, `current` (added in version 2).
pub const CATALOGUE: &str = "catalogue";
/// Booking drafts and the outbox, keyed by idempotency key (added in version 3).
pub const DRAFTS: &str = "drafts";
/// Bookings made or tracked on this device, keyed by booking code (added in version 3).
pub const BOOKINGS: &str = "bookings";

/// Applications looked up on this device, keyed by code (added in version 3).
pub const APPLICATIONS: &str = "applications";

pub const ALL: [&str; 5] = [META, CATALOGUE, DRAFTS, BOOKINGS, APPLICATIONS];

pub(super) fn upgrade(event: VersionChangeEvent) {
    let Ok(db) = event.database() else { return };
    let old = event.old_version().unwrap_or(0);
    // A failure here aborts the versionchange transaction, and open() reports it.
    if old < 1 {
        let _ = db.create_object_store(META, ObjectStoreParams::new());
    }
    if old < 2 {
        let _ = db.create_object_store(CATALOGUE, ObjectStoreParams::new());
    }
    if old < 3 {
        let _ = db.create_object_store(DRAFTS, ObjectStoreParams::new());
        let _ = db.create_object_store(BOOKINGS, ObjectStoreParams::new());
        let _ = db.create_object_store(APPLICATIONS, ObjectStoreParams::new());
    }
}
