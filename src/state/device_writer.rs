//! Every change to bookings, drafts, tracked items, checklists and preferences is written to
//! IndexedDB by this one writer, in the order it was made: a later save never loses to an
//! earlier one, and nothing written before "forget this device's data" lands after it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use leptos::task::spawn_local;

use crate::cache::{Cache, CacheError, Record, StoredBooking, DB_NAME};

pub enum Write {
    /// A draft, a booking or an application, made into its record by the caller ([`put`]).
    Put(Record),
    DeleteDraft(String),
    /// The booking a draft made, and the draft deleted, in one transaction.
    Confirm {
        booking: Record,
        draft_key: Option<String>,
    },
    /// A small record of the `meta` store (a checklist, a preference), as JSON.
    Meta {
        key: String,
        json: String,
    },
    ClearAll,
}

/// Keeps a draft, a booking or an application (`Record::draft`, `Record::booking`,
/// `Record::application`); one that could not be made into JSON is reported and not written.
pub fn put(record: Result<Record, CacheError>) {
    match record {
        Ok(record) => write(Write::Put(record)),
        Err(e) => not_kept(e),
    }
}

/// Keeps the booking a draft made and deletes the draft, in one transaction.
pub fn confirm(stored: &StoredBooking) {
    match Record::booking(stored) {
        Ok(booking) => write(Write::Confirm { booking, draft_key: stored.draft_key.clone() }),
        Err(e) => not_kept(e),
    }
}

fn not_kept(e: CacheError) {
    leptos::logging::warn!("could not keep a change on this device: {e}");
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
                Write::Put(record) => cache.put_record(record).await,
                Write::DeleteDraft(key) => cache.delete_draft(key).await,
                Write::Confirm { booking, draft_key } => cache.confirm(booking, draft_key.as_deref()).await,
                Write::Meta { key, json } => cache.put_meta(key, json).await,
                Write::ClearAll => cache.clear_all().await,
            };
            if let Err(e) = result {
                not_kept(e);
            }
        }
        if let Some(cache) = cache {
            cache.close();
        }
        RUNNING.with(|r| r.set(false));
    });
}
