//! Pure rules of the domain, no I/O: unit-tested natively with `cargo test`.

pub mod local_time;
pub mod money;
pub mod opening;
pub mod search;
pub mod text_norm;
