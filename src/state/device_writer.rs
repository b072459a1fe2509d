//! Every change to bookings, drafts, tracked items, checklists and preferences is written to
//! IndexedDB by this one writer, in the order it was made: a later save never loses to an
//! earlier one, and nothing written before "forget this device's data" lands after it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use leptos::task::spawn_local;

use crate::cache::{Cache, StoredApplication, StoredBooking, DB_NAME};
use crate::domain::booking_draft::Draft;

pub enum Write {
    Draft(Draft),
    DeleteDraft(String),
    /// The booking a draft made, and the draft deleted, in one transaction.
    Confirm(StoredBooking),
    Booking(StoredBooking),
    Application(StoredApplication),
    /// A small record of the `meta` store (a checklist, a preference), as JSON.
    Meta {
        key: String,
        json: String,
    },
    ClearAll,
}

thread_local! {
    static QUEUE: RefCell<VecDeque<Write>> = const { RefCell::new(VecDeque::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

pub fn write(write: Write) {
    QUEUE.with(|q| q.borrow_mut().push_back(write));
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    spawn_local(async move {
        // Without IndexedDB the app still works for this visit, from memory.
        let cache = Cache::open(DB_NAME).await.ok();
        while let Some(write) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            let Some(cache) = &cache else { continue };
            let result = match &write {
                Write::Draft(d) => cache.save_draft(d).await,
                Write::DeleteDraft(key) => cache.delete_draft(key).await,
                Write::Confirm(b) => cache.confirm_draft(b).await,
                Write::Booking(b) => cache.save_booking(b).await,
                Write::Application(a) => cache.save_application(a).await,
                Write::Meta { key, json } => cache.put_meta(key, json).await,
                Write::ClearAll => cache.clear_all().await,
            };
            if let Err(e) = result {
                leptos::logging::warn!("could not keep a change on this device: {e}");
            }
        }
        if let Some(cache) = cache {
            cache.close();
        }
        RUNNING.with(|r| r.set(false));
    });
}
