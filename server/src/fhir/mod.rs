//! A facility's own FHIR R4 server as the source of its health schedule (issue 15).
//!
//! Puskesmas and hospitals keep their schedules and appointments in their own systems, which
//! speak FHIR R4 (SATUSEHAT, most SIMRS). For the places a deployment marks as FHIR-backed, the
//! server books into that system instead of Loket's own store, so the counter and the citizen see
//! one list. What is here so far:
//!
//! - [`token`]: OAuth2 client credentials, the token cached until shortly before it expires;
//! - [`client`]: FHIR's REST calls over HTTP with that token (read, search, conditional create,
//!   versioned update), every failure sorted into what the caller can do about it;
//! - [`scheduling`]: seats, patients and appointments: a Loket slot is the group of FHIR Slots
//!   of one Schedule that share a start and an end, one Slot per seat;
//! - [`status`]: Appointment statuses as the citizen's booking statuses;
//! - [`places`]: a Location with its Organization and HealthcareServices as a catalogue place,
//!   in the zone and regency the facility's own data gives;
//! - [`gateway`]: all of it behind the `Store` seam, for the places `[fhir]` in the settings
//!   names, with Loket's own store behind it for the rest; it also syncs those places into the
//!   catalogue on an interval.

pub mod client;
pub mod gateway;
pub mod places;
pub mod scheduling;
pub mod status;
pub mod token;

pub use client::{FhirClient, FhirError, Versioned};
pub use token::Credentials;
