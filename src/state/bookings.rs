//! Drafts, the outbox and the bookings kept on this device, for the whole app.
//!
//! Every change is written to IndexedDB by one writer, in the order it was made, so the last
//! answer typed is the one kept. The outbox is the drafts waiting to be sent: it is sent at app
//! start, when the browser comes back online, after each submit, and again on a backoff timer,
//! always with the draft's own idempotency key.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_contract::booking::{Booking, Slot};
use loket_contract::catalogue::HealthInfo;
use send_wrapper::SendWrapper;

use super::backend::use_backend;
use super::device_writer::{self, Write};
use crate::api::{ApiError, Backend, Refusal};
use crate::cache::{Cache, StoredApplication, StoredBooking, DB_NAME};
use crate::domain::booking_draft::{retry_delay_ms, Draft, Failure, Outcome, Submission};

#[derive(Clone, Copy)]
pub struct Bookings {
    /// Every draft on the device, the outbox among them.
    pub drafts: RwSignal<Vec<Draft>>,
    /// Bookings made (or looked up) on this device, newest first.
    pub bookings: RwSignal<Vec<StoredBooking>>,
    /// Applications looked up on this device.
    pub applications: RwSignal<Vec<StoredApplication>>,
    /// False until the device's copy has been read: views wait instead of starting afresh.
    pub loaded: RwSignal<bool>,
    /// True while the outbox is being sent.
    pub sending: RwSignal<bool>,
    pub(super) inner: StoredValue<SendWrapper<Inner>>,
}

pub(super) struct Inner {
    pub(super) backend: Rc<dyn Backend>,
    flushing: Cell<bool>,
    /// A refresh of every open item is under way (`refresh_all`).
    pub(super) refreshing: Cell<bool>,
    again: Cell<bool>,
    timer: Cell<Option<i32>>,
}

pub fn provide_bookings() {
    let state = Bookings {
        drafts: RwSignal::new(Vec::new()),
        bookings: RwSignal::new(Vec::new()),
        applications: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        sending: RwSignal::new(false),
        inner: StoredValue::new(SendWrapper::new(Inner {
            backend: use_backend(),
            flushing: Cell::new(false),
            refreshing: Cell::new(false),
            again: Cell::new(false),
            timer: Cell::new(None),
        })),
    };
    provide_context(state);
    spawn_local(async move {
        if let Ok(cache) = Cache::open(DB_NAME).await {
            let drafts = cache.drafts().await.unwrap_or_default();
            let mut bookings = cache.bookings().await.unwrap_or_default();
            let applications = cache.applications().await.unwrap_or_default();
            cache.close();
            state.applications.set(applications);
            sort_newest_first(&mut bookings);
            // Changes made while reading (a very quick first tap) win over the stored copy.
            state.drafts.update(|d| {
                for stored in drafts {
                    if !d.iter().any(|x| x.key == stored.key) {
                        d.push(stored);
                    }
                }
            });
            state.bookings.update(|b| {
                for stored in bookings {
                    if !b.iter().any(|x| x.booking.code == stored.booking.code) {
                        b.push(stored);
                    }
                }
            });
        }
        state.loaded.set(true);
        state.flush();
        state.refresh_all();
    });
    let _ = window_event_listener(ev::online, move |_| {
        state.flush();
        state.refresh_all();
    });
}

pub fn use_bookings() -> Bookings {
    expect_context::<Bookings>()
}

fn sort_newest_first(bookings: &mut [StoredBooking]) {
    bookings.sort_by_key(|b| std::cmp::Reverse(b.booking.created_at));
}

impl Bookings {
    /// The draft for `service_id`: the one already on the device, or a new one with a fresh
    /// idempotency key. Call once the device's copy is loaded.
    pub fn draft_for(&self, service_id: &str) -> Draft {
        if let Some(d) = self.drafts.with_untracked(|d| d.iter().find(|d| d.service_id == service_id).cloned()) {
            return d;
        }
        let draft = Draft::new(new_key(), service_id.to_owned(), js_sys::Date::now());
        self.drafts.update(|d| d.push(draft.clone()));
        device_writer::write(Write::Draft(draft.clone()));
        draft
    }

    pub fn draft(&self, key: &str) -> Option<Draft> {
        self.drafts.with(|d| d.iter().find(|d| d.key == key).cloned())
    }

    /// Changes a draft and keeps the change on the device.
    pub fn update_draft(&self, key: &str, change: impl FnOnce(&mut Draft)) {
        let mut changed = None;
        self.drafts.update(|drafts| {
            if let Some(d) = drafts.iter_mut().find(|d| d.key == key) {
                change(d);
                changed = Some(d.clone());
            }
        });
        if let Some(d) = changed {
            device_writer::write(Write::Draft(d));
        }
    }

    pub fn discard_draft(&self, key: &str) {
        self.drafts.update(|d| d.retain(|d| d.key != key));
        device_writer::write(Write::DeleteDraft(key.to_owned()));
    }

    /// Puts the draft in the outbox and starts sending. False when an answer is missing.
    pub fn submit(&self, key: &str, health: Option<&HealthInfo>) -> bool {
        let mut ok = false;
        self.update_draft(key, |d| ok = d.submit(health).is_some());
        if ok {
            self.flush();
        }
        ok
    }

    /// The booking a draft made, once it is made.
    pub fn booking_from_draft(&self, key: &str) -> Option<StoredBooking> {
        self.bookings.with(|b| b.iter().find(|b| b.draft_key.as_deref() == Some(key)).cloned())
    }

    pub fn booking(&self, code: &str) -> Option<StoredBooking> {
        self.bookings.with(|b| b.iter().find(|b| b.booking.code == code).cloned())
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
        let backend = self.inner.with_value(|i| Rc::clone(&i.backend));
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
                device_writer::write(Write::Confirm(stored));
            }
            None => {
                if let Some(d) = self.draft(&draft.key) {
                    device_writer::write(Write::Draft(d));
                }
            }
        }
    }

    /// Keeps a booking in memory and on the device.
    pub(super) fn store_booking(&self, stored: StoredBooking) {
        self.keep_booking(stored.clone());
        device_writer::write(Write::Booking(stored));
    }

    fn keep_booking(&self, stored: StoredBooking) {
        self.bookings.update(|b| {
            b.retain(|x| x.booking.code != stored.booking.code);
            b.push(stored);
            sort_newest_first(b);
        });
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

    /// Cancels a booking on the server, then on the device.
    pub async fn cancel(&self, code: &str) -> Result<(), ApiError> {
        let (backend, factor) = self.change_context(code)?;
        let booking = backend.cancel_booking(code, &factor).await?;
        self.replace(booking);
        Ok(())
    }

    /// Moves a booking to another slot; the code stays.
    pub async fn reschedule(&self, code: &str, slot: &Slot) -> Result<(), ApiError> {
        let (backend, factor) = self.change_context(code)?;
        let booking = backend.reschedule_booking(code, &factor, slot.id).await?;
        self.replace(booking);
        Ok(())
    }

    pub(super) fn change_context(&self, code: &str) -> Result<(Rc<dyn Backend>, String), ApiError> {
        let stored = self.booking(code).ok_or(ApiError::NotOnDevice)?;
        // The stored NIK is masked but for its last four digits: the verification factor.
        let factor = loket_contract::nik::last_four(&stored.booking.nik_masked).to_owned();
        Ok((self.inner.with_value(|i| Rc::clone(&i.backend)), factor))
    }

    /// A newer copy of a booking from the server; what the device knew besides stays.
    pub(super) fn replace(&self, booking: Booking) {
        let stored = match self.booking(&booking.code) {
            Some(mut known) => {
                known.booking = booking;
                known.as_of_ms = js_sys::Date::now();
                known
            }
            None => StoredBooking::new(booking, None, js_sys::Date::now()),
        };
        self.store_booking(stored);
    }

    /// "Forget this device's data": drafts, bookings, checklists, preferences and the offline
    /// catalogue.
    pub fn forget_device(&self) {
        self.drafts.set(Vec::new());
        self.bookings.set(Vec::new());
        self.applications.set(Vec::new());
        device_writer::write(Write::ClearAll);
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

/// A fresh idempotency key: random, so two devices never share one.
fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64))
}
