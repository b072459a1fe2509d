//! All network I/O of the app sits behind [`Backend`] and [`BookingBackend`]: views and state never
//! build a request.

mod error;
mod http;

use async_trait::async_trait;
use loket_contract::booking::{Booking, BookingRequest, Slot, SurveyRequest, Tracked};
use loket_contract::catalogue::Catalogue;
use loket_contract::{ClientConfig, Health};

pub use error::{ApiError, ErrorKind, Refusal};
pub use http::HttpBackend;

/// The API a Loket backend offers (see `api/openapi.json`), in two traits. The reference server
/// implements both; so can a region's own backend, or another adapter of these traits.
///
/// `Backend` is what the directory needs, and its trait object is made at app start.
/// [`BookingBackend`] is made only by code in the pages' split modules
/// (`state::backend::BookingSource::backend`): a trait object brings every method it holds into
/// the module that makes it, so one trait for all would put booking's and tracking's requests
/// and answers into the module the first page waits for.
#[async_trait(?Send)]
pub trait Backend {
    /// `GET /health`: the backend is up and its storage answers.
    async fn health(&self) -> Result<Health, ApiError>;

    /// `GET /catalogue`, conditional on the ETag of the copy held: an unchanged catalogue costs
    /// one 304 and no body.
    async fn catalogue(&self, if_none_match: Option<&str>) -> Result<Fetched<Catalogue>, ApiError>;
}

/// Booking, changing a booking and tracking.
#[async_trait(?Send)]
pub trait BookingBackend {
    /// `GET /slots`: the next two weeks of times of a service at a place.
    async fn slots(&self, service_id: &str, location_id: &str) -> Result<Vec<Slot>, ApiError>;

    /// `POST /bookings`. The same `idempotency_key` on a retry returns the booking the first
    /// attempt made, so a lost answer never books twice.
    async fn create_booking(&self, idempotency_key: &str, request: &BookingRequest) -> Result<Booking, ApiError>;

    /// `POST /bookings/{code}/cancel`, proven by the last four NIK digits or the phone number.
    async fn cancel_booking(&self, code: &str, factor: &str) -> Result<Booking, ApiError>;

    /// `POST /bookings/{code}/reschedule`: a new slot, the same code.
    async fn reschedule_booking(&self, code: &str, factor: &str, slot_id: i64) -> Result<Booking, ApiError>;

    /// `POST /track`: a booking or an application, its timeline and (on the day) the queue.
    /// A wrong factor and an unknown code are the same 404.
    async fn track(&self, code: &str, factor: &str) -> Result<Tracked, ApiError>;

    /// `POST /bookings/{code}/survey`: the satisfaction survey (SKM) after the visit.
    async fn submit_survey(&self, code: &str, survey: &SurveyRequest) -> Result<(), ApiError>;
}

/// The answer to a conditional GET.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched<T> {
    NotModified,
    Fresh { value: T, etag: Option<String> },
}

/// Where the runtime config lives, relative to the app's own origin.
pub const CLIENT_CONFIG_PATH: &str = "/config.json";

/// The config used when `config.json` cannot be read: the backend served with the app.
pub fn fallback_client_config() -> ClientConfig {
    ClientConfig { api_base_url: loket_contract::API_PREFIX.to_owned() }
}
