//! The outbox: drafts submitted and surveys answered, waiting to be sent. It is sent at app
//! start, when the browser comes back online, after each submit, and again on a backoff timer,
//! a booking always with its draft's own idempotency key, one request at a time.

use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_contract::booking::{Booking, SurveyRequest};
use loket_contract::catalogue::HealthInfo;

use super::bookings::Bookings;
use super::device_writer;
use crate::api::{ApiError, Refusal};
use crate::cache::{Record, StoredBooking, SurveyState};
use crate::domain::booking_draft::{retry_delay_ms, Draft, Failure, Outcome, Submission};

impl Bookings {
    /// Puts the draft in the outbox and starts sending. False when an answer is missing.
    pub fn submit(&self, key: &str, health: Option<&HealthInfo>) -> bool {
        let mut ok = false;
        self.update_draft(key, |d| ok = d.submit(health).is_some());
        if ok {
            self.flush();
        }
        ok
    }

    /// Sends every waiting draft, one after another. A call while sending makes one more round.
    pub fn flush(&self) {
        let busy = self.inner.with_value(|i| {
            if let Some(timer) = i.timer.take() {
                if let Some(w) = web_sys::window() {
                    w.clear_timeout_with_handle(timer);
                }
            }
            i.again.set(true);
            i.flushing.replace(true)
        });
        if busy {
            return;
        }
        let this = *self;
        spawn_local(async move {
            this.sending.set(true);
            while this.inner.with_value(|i| i.again.replace(false)) {
                let waiting: Vec<Draft> = this.drafts.with_untracked(|d| d.iter().filter(|d| d.is_waiting()).cloned().collect());
                for draft in waiting {
                    this.send_one(draft).await;
                }
                this.send_surveys().await;
            }
            this.sending.set(false);
            this.inner.with_value(|i| i.flushing.set(false));
            this.schedule_retry();
        });
    }

    async fn send_one(&self, draft: Draft) {
        let Some(request) = draft.request() else { return };
        let backend = self.backend();
        let outcome = outcome(backend.create_booking(&draft.key, &request).await);
        let mut booked = None;
        self.drafts.update(|drafts| {
            if let Some(d) = drafts.iter_mut().find(|d| d.key == draft.key) {
                booked = d.record(outcome.clone());
            }
        });
        match booked {
            Some(booking) => {
                let stored = StoredBooking::new(booking, Some(draft.key.clone()), js_sys::Date::now());
                self.keep_booking(stored.clone());
                // The full NIK goes with the draft; the stored booking has it masked.
                self.drafts.update(|d| d.retain(|d| d.key != draft.key));
                device_writer::confirm(&stored);
            }
            None => {
                if let Some(d) = self.draft(&draft.key) {
                    device_writer::put(Record::draft(&d));
                }
            }
        }
    }

    /// While something waits, try again after a delay that grows with the attempts.
    fn schedule_retry(&self) {
        let drafts = self.drafts.with_untracked(|d| {
            d.iter()
                .filter_map(|d| match &d.submission {
                    Submission::Waiting { attempts, .. } => Some(*attempts),
                    _ => None,
                })
                .min()
        });
        // A waiting survey is retried at the slowest pace.
        let attempts = drafts.or_else(|| self.has_waiting_survey().then_some(u32::MAX));
        let Some(attempts) = attempts else { return };
        let timer = set_timeout(*self, retry_delay_ms(attempts));
        self.inner.with_value(|i| i.timer.set(timer));
    }

    /// Puts the survey in the outbox and sends it.
    pub fn send_survey(&self, code: &str, answers: Vec<u8>) {
        let Some(mut stored) = self.booking(code) else { return };
        if stored.survey == SurveyState::Sent {
            return;
        }
        stored.survey = SurveyState::Waiting { answers };
        self.store_booking(stored);
        self.flush();
    }

    pub(super) fn has_waiting_survey(&self) -> bool {
        self.bookings.with_untracked(|b| b.iter().any(|b| matches!(b.survey, SurveyState::Waiting { .. })))
    }

    /// Sends every waiting survey; "already sent" counts as sent.
    pub(super) async fn send_surveys(&self) {
        let waiting: Vec<StoredBooking> =
            self.bookings.with_untracked(|b| b.iter().filter(|b| matches!(b.survey, SurveyState::Waiting { .. })).cloned().collect());
        for stored in waiting {
            let SurveyState::Waiting { answers } = &stored.survey else { continue };
            let Ok((backend, factor)) = self.change_context(&stored.booking.code) else { continue };
            let result = backend.submit_survey(&stored.booking.code, &SurveyRequest { factor, answers: answers.clone() }).await;
            let sent = match result {
                Ok(()) => true,
                Err(ApiError::Refused(Refusal::SurveySent)) => true,
                Err(e) if e.is_retriable() => false,
                // Refused for good (not fulfilled after all, invalid): offer it again later.
                Err(e) => {
                    leptos::logging::warn!("survey refused: {e}");
                    self.set_survey(&stored.booking.code, SurveyState::NotSent);
                    continue;
                }
            };
            if sent {
                self.set_survey(&stored.booking.code, SurveyState::Sent);
            }
        }
    }
}

/// A browser timer whose id a later flush can clear.
fn set_timeout(this: Bookings, delay_ms: u32) -> Option<i32> {
    use wasm_bindgen::JsCast;
    let callback = wasm_bindgen::closure::Closure::once_into_js(move || this.flush());
    web_sys::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay_ms as i32).ok()
}

/// What one attempt's answer means for the draft.
fn outcome(result: Result<Booking, ApiError>) -> Outcome {
    let error = match result {
        Ok(b) => return Outcome::Booked(Box::new(b)),
        Err(e) => e,
    };
    match &error {
        ApiError::Offline => Outcome::Retry(Failure::Offline),
        ApiError::Timeout | ApiError::Unreachable(_) => Outcome::Retry(Failure::Network),
        ApiError::RateLimited { .. } => Outcome::Retry(Failure::Busy),
        ApiError::Refused(Refusal::SlotFull) => Outcome::SlotFull,
        ApiError::Refused(Refusal::AlreadyBooked { code }) => Outcome::AlreadyBooked(code.clone()),
        ApiError::Refused(Refusal::Invalid(errors)) if !errors.is_empty() => Outcome::Invalid(errors.clone()),
        // The server's trouble (5xx): the same request may pass later.
        e if e.is_retriable() => Outcome::Retry(Failure::Server),
        _ => {
            leptos::logging::warn!("booking answer kept for a retry: {error}");
            Outcome::Unexpected
        }
    }
}
