//! The IndexedDB schema and its upgrade steps. Each version's step runs once, in order, inside
//! the browser's versionchange transaction, so a failed upgrade leaves the old version intact.

use idb::event::VersionChangeEvent;
use idb::{DatabaseEvent, ObjectStoreParams};

pub const DB_NAME: &str = "loket";
pub const SCHEMA_VERSION: u32 = 2;

/// Small records keyed by name (preferences, checklists).
pub const META: &str = "meta";
/// The offline catalogue: one record, `current` (added in version 2).
pub const CATALOGUE: &str = "catalogue";

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
}
