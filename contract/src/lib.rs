//! Wire types of the Loket REST API (`/api/v1`), shared by the app and the reference server so
//! that both sides agree on every field name at compile time.

pub mod applicant;
pub mod area;
pub mod booking;
pub mod booking_code;
pub mod bpjs;
pub mod catalogue;
pub mod client_config;
pub mod health;
pub mod nik;
pub mod phone;
pub mod problem;
pub mod text;
pub mod time;
pub mod zone;

pub use bpjs::BpjsNumber;
pub use client_config::ClientConfig;
pub use health::Health;
pub use nik::Nik;
pub use phone::Phone;
pub use problem::{FieldError, Problem, ProblemKind, PROBLEM_JSON};
pub use text::Text;
pub use time::{Instant, LocalDate};
pub use zone::Zone;

/// Path prefix of this version of the API.
pub const API_PREFIX: &str = "/api/v1";
