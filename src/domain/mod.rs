//! Pure rules of the domain, no I/O: unit-tested natively with `cargo test`.

pub mod local_time;
