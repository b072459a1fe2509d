//! The narrow interface between the API and its storage. Handlers speak only to [`Store`];
//! `sqlite/` is the reference implementation, and a PostgreSQL one can follow by implementing
//! the same trait (the outcomes below are the contract's, not a database's).

use async_trait::async_trait;
use loket_contract::booking::{Booking, BookingRequest, BookingStatus, QueueStatus, Slot, SurveyRequest, Tracked, WalkInTicket};
use loket_contract::catalogue::{ApplicationStatus, Catalogue, ItemKind, Location, Service};
use loket_contract::{FieldError, Instant, LocalDate, Text};

use crate::demo::CatalogueSeed;

/// A stored catalogue item (its wire JSON) read back; `None` when removed (a tombstone) or
/// unreadable. Both stores keep items as documents.
pub fn item_from_doc<T: serde::de::DeserializeOwned>(doc: Option<String>) -> Option<T> {
    doc.and_then(|doc| serde_json::from_str(&doc).ok())
}

/// Places and services as `(kind, id, document)` to store: the wire JSON both stores keep, so
/// an unchanged item writes the same document and a sync can tell it has not changed.
pub fn item_docs(locations: &[Location], services: &[Service]) -> Vec<(ItemKind, String, String)> {
    let mut items: Vec<(ItemKind, String, String)> =
        locations.iter().map(|l| (ItemKind::Location, l.id.clone(), serde_json::to_string(l).expect("wire types serialise"))).collect();
    items.extend(services.iter().map(|s| (ItemKind::Service, s.id.clone(), serde_json::to_string(s).expect("wire types serialise"))));
    items
}

/// Whose timeline, by code: bookings and applications keep their events apart.
#[derive(Debug, Clone, Copy)]
pub enum TimelineOf<'a> {
    Booking(&'a str),
    Application(&'a str),
}

impl<'a> TimelineOf<'a> {
    pub fn code(self) -> &'a str {
        match self {
            TimelineOf::Booking(code) | TimelineOf::Application(code) => code,
        }
    }
}

/// The storage failed or is unreachable: a 503 for the client, the cause for the log.
#[derive(Debug, Clone)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

#[derive(Debug)]
pub enum BookingError {
    /// Unknown code, or a verification factor that does not match: the same answer for both.
    NotFound,
    /// The slot has no place left.
    SlotFull,
    /// The slot does not exist, has started, or is not bookable.
    SlotUnavailable,
    /// This person already holds an active booking for this service that day.
    AlreadyBooked {
        code: String,
    },
    /// The idempotency key was used before with a different request.
    KeyReused,
    Invalid(Vec<FieldError>),
    /// The booking's status no longer allows this change.
    NotChangeable(BookingStatus),
    Storage(StoreError),
}

#[derive(Debug)]
pub enum SurveyError {
    NotFound,
    NotFulfilled,
    AlreadySent,
    Invalid(Vec<FieldError>),
    Storage(StoreError),
}

#[derive(Debug)]
pub enum AdvanceError {
    NotFound,
    /// Not the next step of this service, or the application is already finished.
    NotAllowed {
        from: ApplicationStatus,
        to: ApplicationStatus,
    },
    /// A rejection needs its reason, in both languages.
    ReasonRequired,
    Storage(StoreError),
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Writes `seed` as the catalogue's first version if the catalogue is empty, all or
    /// nothing; `false` when there was one already (also when another server wrote it first).
    async fn seed_catalogue(&self, seed: &CatalogueSeed) -> Result<bool, String>;
    /// Writes the demo applications (`rules::applications::demo_records`) into an empty table;
    /// the codes written.
    async fn seed_demo_applications(&self, now: Instant) -> Result<Vec<String>, String>;

    /// Number of schema migrations applied; also proves the storage answers.
    async fn schema_version(&self) -> Result<u32, StoreError>;

    async fn catalogue_version(&self) -> Result<u64, StoreError>;
    /// The whole catalogue, or what changed after `since` (with tombstones).
    async fn catalogue(&self, since: Option<u64>) -> Result<Catalogue, StoreError>;
    async fn service(&self, id: &str) -> Result<Option<Service>, StoreError>;
    async fn location(&self, id: &str) -> Result<Option<Location>, StoreError>;

    /// Future slots of the service at the place between two local dates (defaults: the booking
    /// window); `None` when the place does not offer the service.
    async fn slots(
        &self,
        service_id: &str,
        location_id: &str,
        from: Option<LocalDate>,
        to: Option<LocalDate>,
        now: Instant,
    ) -> Result<Option<Vec<Slot>>, StoreError>;

    /// One slot, with its place's zone; `None` for an unknown id.
    async fn slot(&self, id: i64) -> Result<Option<Slot>, StoreError>;

    /// Writes the places and services of a facility whose data another system keeps (a
    /// FHIR-backed place's sync), each where it differs from what is stored, all at one new
    /// catalogue version; the new version, or `None` when nothing changed.
    async fn put_catalogue_items(&self, locations: &[Location], services: &[Service]) -> Result<Option<u64>, StoreError>;
    /// The slots of a place whose times another system keeps: each `(start, end, capacity)`
    /// written once (kept in step after), answered with the id a booking names it by, in time
    /// order. `None` when the place does not offer the service.
    async fn mirror_slots(
        &self,
        service_id: &str,
        location_id: &str,
        times: &[(Instant, Instant, u16)],
    ) -> Result<Option<Vec<Slot>>, StoreError>;
    /// Removes a booking the facility's own system refused: its place back, its key free.
    async fn discard_booking(&self, code: &str) -> Result<(), StoreError>;
    /// Records the status the facility's own system gives a booking, at the time it gives (any
    /// move: that system is the authority); `false` when the booking has it already.
    async fn follow_booking_status(&self, code: &str, status: BookingStatus, at: Instant) -> Result<bool, StoreError>;

    /// Books, or returns the booking this key already made (`true` when replayed).
    async fn create_booking(&self, key: &str, request: &BookingRequest, now: Instant) -> Result<(Booking, bool), BookingError>;
    async fn cancel_booking(&self, code: &str, factor: &str, now: Instant) -> Result<Booking, BookingError>;
    async fn reschedule_booking(&self, code: &str, factor: &str, slot_id: i64, now: Instant) -> Result<Booking, BookingError>;
    async fn submit_survey(&self, code: &str, request: &SurveyRequest, now: Instant) -> Result<(), SurveyError>;

    /// A booking or application by code and verification factor; `None` for an unknown code and
    /// for a wrong factor alike.
    async fn track(&self, code: &str, factor: &str, now: Instant) -> Result<Option<Tracked>, StoreError>;
    async fn queue_today(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError>;

    async fn set_booking_status(&self, code: &str, status: BookingStatus, now: Instant) -> Result<(), BookingError>;
    async fn call_next(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError>;
    async fn advance_application(
        &self,
        code: &str,
        status: ApplicationStatus,
        note: Option<&Text>,
        now: Instant,
    ) -> Result<(), AdvanceError>;
    async fn walk_in(&self, slot_id: i64, now: Instant) -> Result<WalkInTicket, BookingError>;
}
