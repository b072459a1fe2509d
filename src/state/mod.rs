//! The glue between views and the outside world: views read the signals and call the functions
//! defined here; only this layer, `api/` and `cache/` touch browser APIs.

pub mod app_update;
pub mod backend;
pub mod bookings;
pub mod checklist;
pub mod clock;
pub mod connectivity;
pub mod device_start;
pub mod device_writer;
pub mod directory;
pub mod locale;
pub mod outbox;
pub mod prefs;
pub mod shell;
pub mod slots;
pub mod tracking;
