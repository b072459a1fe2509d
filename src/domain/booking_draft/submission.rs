//! What happens to a draft once submitted: the outbox's state machine, from waiting to a booking
//! or to a reason the citizen must act on.

use loket_contract::booking::{Booking, BookingRequest};
use loket_contract::catalogue::HealthInfo;
use loket_contract::FieldError;
use serde::{Deserialize, Serialize};

use super::checks::fault;
use super::{Draft, Field, FieldFault, Step};

/// Where a submitted draft stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Submission {
    /// Still being filled in.
    Editing,
    /// In the outbox: sent (again) with the same idempotency key until the server answers.
    Waiting { attempts: u32, last_failure: Option<Failure> },
    /// The slot filled before the booking reached it: choose another, every other answer kept.
    SlotTaken,
    /// The slot no longer exists or has started.
    SlotGone,
    /// This person already has this service booked that day (the code, when the server told).
    AlreadyBooked { code: Option<String> },
    /// The server refused some fields: they show on the details page.
    Refused { faults: Vec<FieldFault> },
}

/// Why the last attempt did not reach a verdict; each has its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    Offline,
    Network,
    Busy,
    Server,
}

/// What an attempt to send brought back, as the outbox sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Booked(Box<Booking>),
    /// Worth sending again later with the same key.
    Retry(Failure),
    SlotFull,
    AlreadyBooked(Option<String>),
    Invalid(Vec<FieldError>),
    /// An answer that is no verdict and no reason to retry (a reused key, an unreadable body):
    /// kept in the outbox so the citizen can try again or start over.
    Unexpected,
}

impl Draft {
    pub fn is_waiting(&self) -> bool {
        matches!(self.submission, Submission::Waiting { .. })
    }

    /// Into the outbox. `None` when an answer is missing: the flow sends the citizen there.
    pub fn submit(&mut self, health: Option<&HealthInfo>) -> Option<BookingRequest> {
        if self.first_missing(health) != Step::Check {
            return None;
        }
        let request = self.request()?;
        if !self.is_waiting() {
            self.submission = Submission::Waiting { attempts: 0, last_failure: None };
        }
        Some(request)
    }

    /// What is sent: the same body for every attempt of this draft.
    pub fn request(&self) -> Option<BookingRequest> {
        let (applicant, health) = self.details.answers().request(self.for_whom?);
        Some(BookingRequest { slot_id: self.slot.as_ref()?.id, applicant, health })
    }

    /// Applies the answer to one attempt. Returns the booking when it is made: the caller then
    /// stores it and deletes this draft (with the full NIK) in one transaction.
    pub fn record(&mut self, outcome: Outcome) -> Option<Booking> {
        let attempts = match &self.submission {
            Submission::Waiting { attempts, .. } => attempts + 1,
            _ => 1,
        };
        match outcome {
            Outcome::Booked(b) => return Some(*b),
            Outcome::Retry(failure) => self.submission = Submission::Waiting { attempts, last_failure: Some(failure) },
            Outcome::Unexpected => self.submission = Submission::Waiting { attempts, last_failure: Some(Failure::Server) },
            Outcome::SlotFull => {
                self.slot = None;
                self.submission = Submission::SlotTaken;
            }
            Outcome::AlreadyBooked(code) => self.submission = Submission::AlreadyBooked { code },
            Outcome::Invalid(errors) => {
                let faults: Vec<FieldFault> = errors.iter().filter_map(|e| Field::from_api(&e.field).map(|f| fault(f, &e.code))).collect();
                if errors.iter().any(|e| e.field == "slotId") {
                    self.slot = None;
                    self.submission = Submission::SlotGone;
                } else {
                    self.submission = Submission::Refused { faults };
                }
            }
        }
        None
    }

    /// Field faults the server reported, shown on the details page until the field changes.
    pub fn server_faults(&self) -> &[FieldFault] {
        match &self.submission {
            Submission::Refused { faults } => faults,
            _ => &[],
        }
    }
}
