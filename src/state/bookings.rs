//! Drafts and the bookings kept on this device, for the whole app (sending them is
//! `outbox.rs`; what tracking found, `tracking.rs`).
//!
//! Every change is written to IndexedDB by one writer, in the order it was made, so the last
//! answer typed is the one kept.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_contract::booking::{Booking, Slot};
use send_wrapper::SendWrapper;

use super::backend::{use_booking_source, BookingSource};
use super::device_writer::{self, Write};
use super::directory::{use_directory, SyncState};
use crate::api::{ApiError, BookingBackend};
use crate::cache::{Cache, Record, StoredApplication, StoredBooking, DB_NAME};
use crate::domain::booking_draft::Draft;
use crate::split::ModuleMissing;

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
    pub(super) source: BookingSource,
    /// Loads the code that reads the device's copy and keeps it in sync (`device_start.rs`).
    load: LoadDevice,
    phase: Cell<Phase>,
    pub(super) flushing: Cell<bool>,
    /// A refresh of every open item is under way (`refresh_all`).
    pub(super) refreshing: Cell<bool>,
    pub(super) again: Cell<bool>,
    pub(super) timer: Cell<Option<i32>>,
}

/// Fetches the split module that reads the device's copy, and gives its entry point.
pub type LoadDevice = fn() -> Pin<Box<dyn Future<Output = Result<fn(Bookings), ModuleMissing>>>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Loading,
    Running,
}

/// The device's bookings as signals. The reading, the outbox and the refreshes are in a module of
/// their own, fetched once the directory has its catalogue (or cannot have one) if the device
/// holds anything, or else when a page first asks for the bookings: the directory never waits
/// for them, and a first visit never fetches them for nothing.
pub fn provide_bookings(load: LoadDevice) {
    let state = Bookings {
        drafts: RwSignal::new(Vec::new()),
        bookings: RwSignal::new(Vec::new()),
        applications: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        sending: RwSignal::new(false),
        inner: StoredValue::new(SendWrapper::new(Inner {
            source: use_booking_source(),
            load,
            phase: Cell::new(Phase::Idle),
            flushing: Cell::new(false),
            refreshing: Cell::new(false),
            again: Cell::new(false),
            timer: Cell::new(None),
        })),
    };
    provide_context(state);
    let dir = use_directory();
    // Once: an effect that reads nothing after that stops running.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let settled = dir.data.with(Option::is_some) || matches!(dir.sync.get(), SyncState::Failed(_) | SyncState::Rejected);
        if settled {
            state.start_if_held();
        }
        settled
    });
    // A module that could not be fetched offline is tried again when the network is back.
    let _ = window_event_listener(ev::online, move |_| state.start_if_held());
}

/// The device's bookings, for a page; the first page to ask starts reading them if nothing has.
pub fn use_bookings() -> Bookings {
    let bookings = expect_context::<Bookings>();
    bookings.start();
    bookings
}

pub(super) fn sort_newest_first(bookings: &mut [StoredBooking]) {
    bookings.sort_by_key(|b| std::cmp::Reverse(b.booking.created_at));
}

impl Bookings {
    /// Loads and runs the device's module in the background, unless it is running or on its way.
    fn start(&self) {
        if self.inner.with_value(|i| i.phase.get() == Phase::Idle) {
            let this = *self;
            spawn_local(async move {
                let _ = this.ready().await;
            });
        }
    }

    /// Once the device's module is in and running: what a page that shows or sends bookings
    /// waits for with its own module (`pages/lazy.rs`). A load that failed (offline before the
    /// module was kept, a deploy that removed it) is tried again at the next call; concurrent
    /// calls share the loader's one fetch.
    pub async fn ready(&self) -> Result<(), ModuleMissing> {
        let load = self.inner.with_value(|i| {
            (i.phase.get() != Phase::Running).then(|| {
                i.phase.set(Phase::Loading);
                i.load
            })
        });
        let Some(load) = load else { return Ok(()) };
        let loaded = load().await;
        // Another call may have finished first: the module runs once.
        let first = self.inner.with_value(|i| {
            let first = i.phase.get() != Phase::Running;
            if first {
                i.phase.set(if loaded.is_ok() { Phase::Running } else { Phase::Idle });
            }
            first
        });
        let run = loaded?;
        if first {
            run(*self);
        }
        Ok(())
    }

    /// Starts when the device holds something to show, send or refresh; a first visit holds
    /// nothing, and its first page that needs the bookings starts them (`use_bookings`).
    fn start_if_held(&self) {
        if self.inner.with_value(|i| i.phase.get() != Phase::Idle) {
            return;
        }
        let this = *self;
        spawn_local(async move {
            let held = match Cache::open(DB_NAME).await {
                Ok(cache) => {
                    let held = cache.holds_bookings().await;
                    cache.close();
                    held.unwrap_or(true)
                }
                // Without IndexedDB there is nothing on the device; a page starts them if asked.
                Err(_) => false,
            };
            if held {
                this.start();
            }
        });
    }

    pub(super) fn backend(&self) -> Rc<dyn BookingBackend> {
        self.inner.with_value(|i| i.source.backend())
    }

    /// The draft for `service_id`: the one already on the device, or a new one with a fresh
    /// idempotency key. Call once the device's copy is loaded.
    pub fn draft_for(&self, service_id: &str) -> Draft {
        if let Some(d) = self.drafts.with_untracked(|d| d.iter().find(|d| d.service_id == service_id).cloned()) {
            return d;
        }
        let draft = Draft::new(new_key(), service_id.to_owned(), js_sys::Date::now());
        self.drafts.update(|d| d.push(draft.clone()));
        device_writer::put(Record::draft(&draft));
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
            device_writer::put(Record::draft(&d));
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
        device_writer::put(Record::booking(&stored));
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

    pub(super) fn change_context(&self, code: &str) -> Result<(Rc<dyn BookingBackend>, String), ApiError> {
        let stored = self.booking(code).ok_or(ApiError::NotOnDevice)?;
        // The stored NIK is masked but for its last four digits: the verification factor.
        let factor = loket_contract::nik::last_four(&stored.booking.nik_masked).to_owned();
        Ok((self.backend(), factor))
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
