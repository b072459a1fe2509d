//! Group commit for bookings. SQLite has one writer and a booking is answered only once its
//! commit is on disk (`synchronous = FULL`), so with one transaction per booking every booking
//! waits for every earlier one's fsync. Instead, a booking joins a queue and asks for the
//! connection; whoever gets it takes every booking waiting (up to `MOST`), runs each in its own
//! savepoint of one transaction, commits once, and only then answers each. A booking refused
//! (slot full, invalid, already booked) rolls back its savepoint alone; a failed commit answers
//! every booking of the batch with the storage error, so no booking is answered 201 unless it is
//! on disk.

use std::sync::Mutex;

use loket_contract::booking::{Booking, BookingRequest};
use loket_contract::Instant;
use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use super::bookings;
use crate::store::{BookingError, StoreError};

/// The most bookings in one transaction: a flood is committed in several, so the first of it
/// is not held back by the last.
const MOST: usize = 64;

pub type Outcome = Result<(Booking, bool), BookingError>;

struct Job {
    key: String,
    request: BookingRequest,
    now: Instant,
    reply: oneshot::Sender<Outcome>,
}

/// The bookings waiting for the connection.
#[derive(Default)]
pub struct Waiting(Mutex<Vec<Job>>);

impl Waiting {
    /// Queues a booking; its outcome arrives on the receiver once a `run` has committed it.
    pub fn push(&self, key: String, request: BookingRequest, now: Instant) -> oneshot::Receiver<Outcome> {
        let (reply, answer) = oneshot::channel();
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(Job { key, request, now, reply });
        answer
    }

    fn take(&self) -> Vec<Job> {
        let mut jobs = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let first = jobs.len().min(MOST);
        let rest = jobs.split_off(first);
        std::mem::replace(&mut *jobs, rest)
    }
}

/// Makes the bookings waiting (none, when an earlier run took them) in one transaction.
pub fn run(conn: &mut Connection, waiting: &Waiting) {
    let jobs = waiting.take();
    if jobs.is_empty() {
        return;
    }
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            let failed = StoreError::from(e);
            for job in jobs {
                let _ = job.reply.send(Err(BookingError::Storage(failed.clone())));
            }
            return;
        }
    };
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in &jobs {
        // Dropped without `commit` (a refusal), the savepoint rolls back this booking alone.
        let outcome = tx.savepoint().map_err(BookingError::from).and_then(|savepoint| {
            let made = bookings::create(&savepoint, &job.key, &job.request, job.now)?;
            savepoint.commit()?;
            Ok(made)
        });
        outcomes.push(outcome);
    }
    let committed = tx.commit().map_err(StoreError::from);
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        let outcome = match (&committed, outcome) {
            (Err(e), Ok(_)) => Err(BookingError::Storage(e.clone())),
            (_, outcome) => outcome,
        };
        // A receiver gone (the request was dropped) changes nothing: the key replays it.
        let _ = job.reply.send(outcome);
    }
}
