//! Wire types of the Loket REST API (`/api/v1`), shared by the app and the reference server so
//! that both sides agree on every field name at compile time.

pub mod client_config;
pub mod health;
pub mod problem;
pub mod zone;

pub use client_config::ClientConfig;
pub use health::Health;
pub use problem::{FieldError, Problem, PROBLEM_JSON};
pub use zone::Zone;

/// Path prefix of this version of the API.
pub const API_PREFIX: &str = "/api/v1";
