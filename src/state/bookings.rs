//! Drafts and the bookings kept on this device, for the whole app (sending them is
//! `outbox.rs`; what tracking found, `tracking.rs`).
//!
//! Every change is written to IndexedDB by one writer, in the order it was made, so the last
//! answer typed is the one kept.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_contract::booking::{Booking, Slot};
use send_wrapper::SendWrapper;

use super::backend::use_backend;
use super::device_writer::{self, Write};
use crate::api::{ApiError, Backend};
use crate::cache::{Cache, StoredApplication, StoredBooking, DB_NAME};
use crate::domain::booking_draft::Draft;

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
    pub(super) flushing: Cell<bool>,
    /// A refresh of every open item is under way (`refresh_all`).
    pub(super) refreshing: Cell<bool>,
    pub(super) again: Cell<bool>,
    pub(super) timer: Cell<Option<i32>>,
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

    /// The booking a draft made, once it is made.
    pub fn booking_from_draft(&self, key: &str) -> Option<StoredBooking> {
        self.bookings.with(|b| b.iter().find(|b| b.draft_key.as_deref() == Some(key)).cloned())
    }

    pub fn booking(&self, code: &str) -> Option<StoredBooking> {
        self.bookings.with(|b| b.iter().find(|b| b.booking.code == code).cloned())
    }

    /// Keeps a booking in memory and on the device.
    pub(super) fn store_booking(&self, stored: StoredBooking) {
        self.keep_booking(stored.clone());
        device_writer::write(Write::Booking(stored));
    }

    pub(super) fn keep_booking(&self, stored: StoredBooking) {
        self.bookings.update(|b| {
            b.retain(|x| x.booking.code != stored.booking.code);
            b.push(stored);
            sort_newest_first(b);
        });
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

/// A fresh idempotency key: random, so two devices never share one.
fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64))
}
