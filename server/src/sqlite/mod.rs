//! The reference [`Store`]: SQLite through one connection. Each module takes a `&Connection`
//! and runs one transaction per operation; this file maps them onto the trait.

pub mod applications;
pub mod booking_batch;
pub mod bookings;
pub mod catalogue;
pub mod counter;
pub mod db;
pub mod queue;
pub mod seed;
pub mod slots;
pub mod survey;
pub mod timeline;

use async_trait::async_trait;
use loket_contract::booking::{Booking, BookingRequest, BookingStatus, QueueStatus, Slot, SurveyRequest, Tracked, WalkInTicket};
use loket_contract::catalogue::{ApplicationStatus, Catalogue, ItemKind, Location, Service};
use loket_contract::{Instant, LocalDate, Text};

use crate::demo::CatalogueSeed;
use crate::rules;
use crate::store::{AdvanceError, BookingError, Store, StoreError, SurveyError};
use db::{Db, DbError};

pub struct SqliteStore {
    db: Db,
    bookings_waiting: std::sync::Arc<booking_batch::Waiting>,
}

impl SqliteStore {
    pub fn new(db: Db) -> Self {
        SqliteStore { db, bookings_waiting: Default::default() }
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> Self {
        StoreError(e.to_string())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("database error: {e}"))
    }
}

impl From<rusqlite::Error> for BookingError {
    fn from(e: rusqlite::Error) -> Self {
        BookingError::Storage(e.into())
    }
}

impl From<rusqlite::Error> for SurveyError {
    fn from(e: rusqlite::Error) -> Self {
        SurveyError::Storage(e.into())
    }
}

impl From<rusqlite::Error> for AdvanceError {
    fn from(e: rusqlite::Error) -> Self {
        AdvanceError::Storage(e.into())
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn seed_catalogue(&self, seed: &CatalogueSeed) -> Result<bool, String> {
        let seed = seed.clone();
        self.db.call(move |c| Ok(seed::ensure(c, &seed))).await.map_err(|e| e.to_string())?
    }

    async fn seed_demo_applications(&self, now: Instant) -> Result<Vec<String>, String> {
        self.db.call(move |c| Ok(applications::ensure_demo(c, now))).await.map_err(|e| e.to_string())?
    }

    async fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self.db.call(|c| c.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))).await?)
    }

    async fn catalogue_version(&self) -> Result<u64, StoreError> {
        Ok(self.db.call(|c| catalogue::version(c)).await?)
    }

    async fn catalogue(&self, since: Option<u64>) -> Result<Catalogue, StoreError> {
        Ok(self.db.call(move |c| catalogue::load(c, since)).await?)
    }

    async fn service(&self, id: &str) -> Result<Option<Service>, StoreError> {
        let id = id.to_owned();
        Ok(self.db.call(move |c| catalogue::get(c, ItemKind::Service, &id)).await?)
    }

    async fn location(&self, id: &str) -> Result<Option<Location>, StoreError> {
        let id = id.to_owned();
        Ok(self.db.call(move |c| catalogue::get(c, ItemKind::Location, &id)).await?)
    }

    async fn slots(
        &self,
        service_id: &str,
        location_id: &str,
        from: Option<LocalDate>,
        to: Option<LocalDate>,
        now: Instant,
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        let (service_id, location_id) = (service_id.to_owned(), location_id.to_owned());
        Ok(self
            .db
            .call(move |c| {
                let Some((service, location)) = slots::offering(c, &service_id, &location_id)? else { return Ok(None) };
                slots::list(c, &service, &location, from, to, now).map(Some)
            })
            .await?)
    }

    async fn slot(&self, id: i64) -> Result<Option<Slot>, StoreError> {
        Ok(self.db.call(move |c| Ok(slots::get(c, id)?.map(|(slot, _, _)| slot))).await?)
    }

    async fn put_catalogue_items(&self, locations: &[Location], services: &[Service]) -> Result<Option<u64>, StoreError> {
        let items = crate::store::item_docs(locations, services);
        Ok(self.db.call(move |c| catalogue::put_changed(c, &items)).await?)
    }

    async fn mirror_slots(
        &self,
        service_id: &str,
        location_id: &str,
        times: &[(Instant, Instant, u16)],
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        let (service_id, location_id, times) = (service_id.to_owned(), location_id.to_owned(), times.to_vec());
        Ok(self
            .db
            .call(move |c| {
                let Some((service, location)) = slots::offering(c, &service_id, &location_id)? else { return Ok(None) };
                slots::mirror(c, &service, &location, &times).map(Some)
            })
            .await?)
    }

    async fn discard_booking(&self, code: &str) -> Result<(), StoreError> {
        let code = code.to_owned();
        Ok(self.db.call(move |c| bookings::discard(c, &code)).await?)
    }

    async fn follow_booking_status(&self, code: &str, status: BookingStatus, at: Instant) -> Result<bool, StoreError> {
        let code = code.to_owned();
        Ok(self.db.call(move |c| bookings::follow(c, &code, status, at)).await?)
    }

    async fn create_booking(&self, key: &str, request: &BookingRequest, now: Instant) -> Result<(Booking, bool), BookingError> {
        // Made in a batch with the bookings waiting beside it (`booking_batch`): this call asks
        // for the connection, but whichever run gets it first may be the one that makes it.
        let answer = self.bookings_waiting.push(key.to_owned(), request.clone(), now);
        let waiting = self.bookings_waiting.clone();
        self.db
            .call(move |c| {
                booking_batch::run(c, &waiting);
                Ok(())
            })
            .await
            .map_err(storage)?;
        answer.await.map_err(|_| BookingError::Storage(StoreError("the booking was not answered".into())))?
    }

    async fn cancel_booking(&self, code: &str, factor: &str, now: Instant) -> Result<Booking, BookingError> {
        let (code, factor) = (code.to_owned(), factor.to_owned());
        self.db.call(move |c| Ok(bookings::cancel(c, &code, &factor, now))).await.map_err(storage)?
    }

    async fn reschedule_booking(&self, code: &str, factor: &str, slot_id: i64, now: Instant) -> Result<Booking, BookingError> {
        let (code, factor) = (code.to_owned(), factor.to_owned());
        self.db.call(move |c| Ok(bookings::reschedule(c, &code, &factor, slot_id, now))).await.map_err(storage)?
    }

    async fn submit_survey(&self, code: &str, request: &SurveyRequest, now: Instant) -> Result<(), SurveyError> {
        let (code, request) = (code.to_owned(), request.clone());
        self.db.call(move |c| Ok(survey::submit(c, &code, &request, now))).await.map_err(|e| SurveyError::Storage(e.into()))?
    }

    async fn track(&self, code: &str, factor: &str, now: Instant) -> Result<Option<Tracked>, StoreError> {
        let (code, factor) = (code.to_owned(), factor.to_owned());
        Ok(self
            .db
            .call(move |c| {
                if let Some(code) = bookings::verify(c, &code, &factor)? {
                    let Some(booking) = bookings::load(c, &code)? else { return Ok(None) };
                    let timeline = bookings::timeline(c, &code)?;
                    let service: Option<Service> = catalogue::get(c, ItemKind::Service, &booking.service_id)?;
                    let queue = match service {
                        Some(service) if rules::queue::shows_queue(&booking, now) => Some(queue::position(
                            c,
                            &booking.location_id,
                            &service,
                            &rules::slots::queue_day(&booking.slot).to_string(),
                            booking.queue_number,
                            booking.slot.starts_at,
                            now,
                        )?),
                        _ => None,
                    };
                    return Ok(Some(Tracked::Booking { booking, timeline, queue }));
                }
                Ok(applications::track(c, &code, &factor)?.map(|(application, timeline)| Tracked::Application { application, timeline }))
            })
            .await?)
    }

    async fn queue_today(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError> {
        let (service_id, location_id) = (service_id.to_owned(), location_id.to_owned());
        Ok(self
            .db
            .call(move |c| {
                let Some((service, location)) = slots::offering(c, &service_id, &location_id)? else { return Ok(None) };
                let day = now.local(location.time_zone).0.to_string();
                queue::status(c, &location.id, &service, &day).map(Some)
            })
            .await?)
    }

    async fn set_booking_status(&self, code: &str, status: BookingStatus, now: Instant) -> Result<(), BookingError> {
        let code = code.to_owned();
        self.db.call(move |c| Ok(counter::set_status(c, &code, status, now))).await.map_err(storage)?
    }

    async fn call_next(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError> {
        let (service_id, location_id) = (service_id.to_owned(), location_id.to_owned());
        Ok(self
            .db
            .call(move |c| {
                let Some((service, location)) = slots::offering(c, &service_id, &location_id)? else { return Ok(None) };
                let tx = c.transaction()?;
                let day = now.local(location.time_zone).0.to_string();
                let status = queue::call_next(&tx, &location.id, &service, &day, now)?;
                tx.commit()?;
                Ok(Some(status))
            })
            .await?)
    }

    async fn advance_application(
        &self,
        code: &str,
        status: ApplicationStatus,
        note: Option<&Text>,
        now: Instant,
    ) -> Result<(), AdvanceError> {
        let (code, note) = (code.to_owned(), note.cloned());
        self.db
            .call(move |c| {
                let tx = c.transaction()?;
                let result = applications::advance(&tx, &code, status, note.as_ref(), now);
                if result.is_ok() {
                    tx.commit()?;
                }
                Ok(result)
            })
            .await
            .map_err(|e| AdvanceError::Storage(e.into()))?
    }

    async fn walk_in(&self, slot_id: i64, now: Instant) -> Result<WalkInTicket, BookingError> {
        self.db.call(move |c| Ok(counter::walk_in(c, slot_id, now))).await.map_err(storage)?
    }
}

/// A history read by `sql` (status, at, note_id, note_en for one code, in order): bookings and
/// applications keep their events in tables of the same shape.
fn storage(e: DbError) -> BookingError {
    BookingError::Storage(e.into())
}
