//! When the outbox sends a waiting draft again.

/// Delay before the outbox tries a waiting draft again: quick at first, then every minute.
pub fn retry_delay_ms(attempts: u32) -> u32 {
    match attempts {
        0 | 1 => 3_000,
        2 => 10_000,
        3 => 30_000,
        _ => 60_000,
    }
}
