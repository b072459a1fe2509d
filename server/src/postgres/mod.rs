//! The `Store` on PostgreSQL, for running several stateless servers over one database server.
//!
//! Each operation is one transaction at READ COMMITTED on a pooled connection. The invariants
//! live in the database (see `bookings.rs`), so a transaction that loses a race fails with a
//! unique violation, a deadlock or a serialization failure and is run again from the start, a
//! bounded number of times. A pool that stays exhausted, a statement that runs too long, or a
//! database that went away ends as `StoreError`: a 503 with `Retry-After`, never a hang.

mod applications;
mod bookings;
mod catalogue;
mod queue;
pub mod schema;
mod slots;
mod timeline;

use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use loket_contract::booking::{Booking, BookingRequest, BookingStatus, QueueStatus, Slot, SurveyRequest, Tracked, WalkInTicket};
use loket_contract::catalogue::{ApplicationStatus, Catalogue, ItemKind, Location, Service};
use loket_contract::{Instant, LocalDate, Text};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Transaction};

use crate::demo::CatalogueSeed;
use crate::rules;
use crate::store::{AdvanceError, BookingError, Store, StoreError, SurveyError};

/// Connections per server: a few per core is what PostgreSQL serves best; more servers, more pools.
const POOL_SIZE: usize = 16;
/// How long a request waits for a free connection, or for a new one, before its 503.
const POOL_WAIT: Duration = Duration::from_secs(5);
/// The longest one statement may run (a lock held by a stuck transaction, a runaway query).
const STATEMENT_TIMEOUT_MS: u32 = 5000;
/// Runs of one transaction that lost a race before the request gives up with a 503.
const ATTEMPTS: u32 = 8;

pub struct PgStore {
    pool: Pool,
}

/// The cause of a database error, in one line (PostgreSQL's own message when there is one).
pub(crate) fn cause(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

/// Why the server cannot start on this database.
#[derive(Debug)]
pub struct ConnectError(String);

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

/// Whether a failed transaction lost a race and is worth running again: a unique index another
/// server's booking filled first, a deadlock, a serialization failure.
fn lost_race(e: &tokio_postgres::Error) -> bool {
    matches!(e.code(), Some(c) if *c == SqlState::UNIQUE_VIOLATION || *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE)
}

/// Outcomes that mean "roll back": an `Err` inside.
trait Outcome {
    fn keeps(&self) -> bool;
}

impl<T, E> Outcome for Result<T, E> {
    fn keeps(&self) -> bool {
        self.is_ok()
    }
}

impl PgStore {
    /// Connects (URL as libpq reads it), proves the database answers and migrates it.
    pub async fn connect(url: &str) -> Result<PgStore, ConnectError> {
        let shown = crate::config::Database::Postgres(url.to_owned()).to_string();
        let mut config: tokio_postgres::Config =
            url.parse().map_err(|e| ConnectError(format!("the PostgreSQL URL {shown} is invalid: {e}")))?;
        config.options(format!("-c statement_timeout={STATEMENT_TIMEOUT_MS}"));
        config.connect_timeout(POOL_WAIT);
        config.application_name("loket-server");
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(POOL_WAIT))
            .recycle_timeout(Some(POOL_WAIT))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| ConnectError(format!("cannot set up the PostgreSQL pool: {e}")))?;
        let mut client = pool.get().await.map_err(|e| ConnectError(format!("cannot reach PostgreSQL at {shown}: {}", pool_cause(&e))))?;
        schema::migrate(&mut client).await.map_err(|e| ConnectError(e.to_string()))?;
        Ok(PgStore { pool })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool.get().await.map_err(|e| StoreError(format!("database pool: {}", pool_cause(&e))))
    }
}

/// A short random pause before running a transaction again, so the losers of one race do not
/// meet again.
async fn pause(attempt: u32) {
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    tokio::time::sleep(Duration::from_millis(1 + u64::from(byte[0] % 8) * u64::from(attempt))).await;
}

/// Runs `$work` (a future over `$tx`, a `&Transaction`) in a transaction on a pooled connection,
/// again from the start after a lost race; commits only an outcome that keeps. Evaluates to
/// `Result<outcome, StoreError>`. A macro rather than a function taking a closure: the work
/// borrows the request's data and the transaction alike, which a closure over a transaction of
/// any lifetime cannot.
macro_rules! transact {
    ($store:expr, |$tx:ident| $work:expr) => {{
        let mut attempt = 1;
        loop {
            let mut client = $store.client().await?;
            let run = async {
                let guard = tokio_postgres::Client::transaction(&mut **client).await?;
                let $tx: &Transaction<'_> = &guard;
                let outcome = $work.await?;
                if Outcome::keeps(&outcome) {
                    guard.commit().await?;
                }
                Ok::<_, tokio_postgres::Error>(outcome)
            }
            .await;
            match run {
                Ok(outcome) => break Ok::<_, StoreError>(outcome),
                Err(e) if lost_race(&e) && attempt < ATTEMPTS => {
                    attempt += 1;
                    pause(attempt).await;
                }
                Err(e) => break Err(StoreError(format!("database error: {}", cause(&e)))),
            }
        }
    }};
}

/// `transact!` for work whose answer never rolls back (reads, idempotent writes).
macro_rules! read {
    ($store:expr, |$tx:ident| $work:expr) => {
        transact!($store, |$tx| async {
            let work: Result<_, tokio_postgres::Error> = $work.await;
            work.map(Ok::<_, std::convert::Infallible>)
        })
        .map(|outcome| outcome.unwrap_or_else(|never| match never {}))
    };
}

fn pool_cause(e: &deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(e) => cause(e),
        other => other.to_string(),
    }
}

/// Flattens "the database failed" into the operation's own error type.
fn flat<T, E: From<StoreError>>(r: Result<Result<T, E>, StoreError>) -> Result<T, E> {
    r.map_err(E::from)?
}

impl From<StoreError> for BookingError {
    fn from(e: StoreError) -> Self {
        BookingError::Storage(e)
    }
}

impl From<StoreError> for SurveyError {
    fn from(e: StoreError) -> Self {
        SurveyError::Storage(e)
    }
}

impl From<StoreError> for AdvanceError {
    fn from(e: StoreError) -> Self {
        AdvanceError::Storage(e)
    }
}

#[async_trait]
impl Store for PgStore {
    async fn seed_catalogue(&self, seed: &CatalogueSeed) -> Result<bool, String> {
        let write = async {
            read!(self, |tx| async {
                // Under the migrations' lock: two servers starting on an empty database write it once.
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::LOCK]).await?;
                catalogue::seed(tx, seed).await
            })
        };
        write.await.map_err(|e: StoreError| format!("writing the demo catalogue: {e}"))
    }

    async fn seed_demo_applications(&self, now: Instant) -> Result<Vec<String>, String> {
        let catalogue = self.catalogue(None).await.map_err(|e| e.to_string())?;
        let records = rules::applications::demo_records(|id| catalogue.services.iter().find(|s| s.id == id).cloned(), now)?;
        let write = async {
            read!(self, |tx| async {
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::LOCK]).await?;
                applications::seed(tx, &records).await
            })
        };
        let written = write.await.map_err(|e: StoreError| format!("writing the demo applications: {e}"))?;
        Ok(if written { records.into_iter().map(|r| r.code).collect() } else { Vec::new() })
    }

    async fn schema_version(&self) -> Result<u32, StoreError> {
        let client = self.client().await?;
        schema::version(&client).await.map_err(|e| StoreError(format!("database error: {}", cause(&e))))
    }

    async fn catalogue_version(&self) -> Result<u64, StoreError> {
        read!(self, |tx| catalogue::version(tx))
    }

    async fn catalogue(&self, since: Option<u64>) -> Result<Catalogue, StoreError> {
        read!(self, |tx| catalogue::load(tx, since))
    }

    async fn service(&self, id: &str) -> Result<Option<Service>, StoreError> {
        read!(self, |tx| catalogue::get(tx, ItemKind::Service, id))
    }

    async fn location(&self, id: &str) -> Result<Option<Location>, StoreError> {
        read!(self, |tx| catalogue::get(tx, ItemKind::Location, id))
    }

    async fn slots(
        &self,
        service_id: &str,
        location_id: &str,
        from: Option<LocalDate>,
        to: Option<LocalDate>,
        now: Instant,
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        read!(self, |tx| async {
            let Some((service, location)) = slots::offering(tx, service_id, location_id).await? else { return Ok(None) };
            slots::list(tx, &service, &location, from, to, now).await.map(Some)
        })
    }

    async fn slot(&self, id: i64) -> Result<Option<Slot>, StoreError> {
        read!(self, |tx| async { Ok(slots::get(tx, id).await?.map(|(slot, _, _)| slot)) })
    }

    async fn put_catalogue_items(&self, locations: &[Location], services: &[Service]) -> Result<Option<u64>, StoreError> {
        let items = crate::store::item_docs(locations, services);
        read!(self, |tx| async {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::LOCK]).await?;
            catalogue::put_changed(tx, &items).await
        })
    }

    async fn mirror_slots(
        &self,
        service_id: &str,
        location_id: &str,
        times: &[(Instant, Instant, u16)],
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        read!(self, |tx| async {
            let Some((service, location)) = slots::offering(tx, service_id, location_id).await? else { return Ok(None) };
            slots::mirror(tx, &service, &location, times).await.map(Some)
        })
    }

    async fn discard_booking(&self, code: &str) -> Result<(), StoreError> {
        read!(self, |tx| bookings::discard(tx, code))
    }

    async fn follow_booking_status(&self, code: &str, status: BookingStatus, at: Instant) -> Result<bool, StoreError> {
        read!(self, |tx| bookings::follow(tx, code, status, at))
    }

    async fn create_booking(&self, key: &str, request: &BookingRequest, now: Instant) -> Result<(Booking, bool), BookingError> {
        flat(transact!(self, |tx| bookings::create(tx, key, request, now)))
    }

    async fn cancel_booking(&self, code: &str, factor: &str, now: Instant) -> Result<Booking, BookingError> {
        flat(transact!(self, |tx| bookings::cancel(tx, code, factor, now)))
    }

    async fn reschedule_booking(&self, code: &str, factor: &str, slot_id: i64, now: Instant) -> Result<Booking, BookingError> {
        flat(transact!(self, |tx| bookings::reschedule(tx, code, factor, slot_id, now)))
    }

    async fn submit_survey(&self, code: &str, request: &SurveyRequest, now: Instant) -> Result<(), SurveyError> {
        flat(transact!(self, |tx| bookings::survey(tx, code, request, now)))
    }

    async fn track(&self, code: &str, factor: &str, now: Instant) -> Result<Option<Tracked>, StoreError> {
        read!(self, |tx| async {
            if let Some(code) = bookings::verify(tx, code, factor).await? {
                let Some(booking) = bookings::load(tx, &code).await? else { return Ok(None) };
                let timeline = timeline::read(tx, timeline::Of::Booking(&code)).await?;
                let service: Option<Service> = catalogue::get(tx, ItemKind::Service, &booking.service_id).await?;
                let queue = match service {
                    Some(service) if rules::queue::shows_queue(&booking, now) => Some(
                        queue::position(
                            tx,
                            &booking.location_id,
                            &service,
                            &rules::slots::queue_day(&booking.slot).to_string(),
                            booking.queue_number,
                            booking.slot.starts_at,
                            now,
                        )
                        .await?,
                    ),
                    _ => None,
                };
                return Ok(Some(Tracked::Booking { booking, timeline, queue }));
            }
            let application = applications::track(tx, code, factor).await?;
            Ok(application.map(|(application, timeline)| Tracked::Application { application, timeline }))
        })
    }

    async fn queue_today(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError> {
        read!(self, |tx| async {
            let Some((service, location)) = slots::offering(tx, service_id, location_id).await? else { return Ok(None) };
            let day = now.local(location.time_zone).0.to_string();
            queue::status(tx, &location.id, &service, &day).await.map(Some)
        })
    }

    async fn set_booking_status(&self, code: &str, status: BookingStatus, now: Instant) -> Result<(), BookingError> {
        flat(transact!(self, |tx| bookings::set_status(tx, code, status, now)))
    }

    async fn call_next(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError> {
        read!(self, |tx| async {
            let Some((service, location)) = slots::offering(tx, service_id, location_id).await? else { return Ok(None) };
            let day = now.local(location.time_zone).0.to_string();
            queue::call_next(tx, &location.id, &service, &day, now).await.map(Some)
        })
    }

    async fn advance_application(
        &self,
        code: &str,
        status: ApplicationStatus,
        note: Option<&Text>,
        now: Instant,
    ) -> Result<(), AdvanceError> {
        flat(transact!(self, |tx| applications::advance(tx, code, status, note, now)))
    }

    async fn walk_in(&self, slot_id: i64, now: Instant) -> Result<WalkInTicket, BookingError> {
        flat(transact!(self, |tx| bookings::walk_in(tx, slot_id, now)))
    }
}
