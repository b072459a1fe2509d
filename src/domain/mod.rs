//! Pure rules of the domain, no I/O: unit-tested natively with `cargo test`.

pub mod booking_draft;
pub mod calendar;
pub mod local_time;
pub mod money;
pub mod opening;
pub mod percent;
pub mod search;
pub mod slot_days;
pub mod text_norm;
