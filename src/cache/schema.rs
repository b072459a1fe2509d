//! The IndexedDB schema and its upgrade steps. Each version's step runs once, in order, inside
//! the browser's versionchange transaction, so a failed upgrade leaves the old version intact.

use idb::event::VersionChangeEvent;
use idb::{DatabaseEvent, ObjectStoreParams};

pub const DB_NAME: &str = "loket";
pub const SCHEMA_VERSION: u32 = 1;

/// Small records keyed by name (data versions, "as of" times, preferences).
pub const META: &str = "meta";

pub(super) fn upgrade(event: VersionChangeEvent) {
    let Ok(db) = event.database() else { return };
    let old = event.old_version().unwrap_or(0);
    if old < 1 {
        // A failure here aborts the versionchange transaction, and open() reports it.
        let _ = db.create_object_store(META, ObjectStoreParams::new());
    }
}
