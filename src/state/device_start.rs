//! What runs once the device's bookings are first needed (see `bookings::provide_bookings`): the
//! device's copy is read into the signals, the outbox is sent and open items are refreshed, then
//! both again whenever the browser comes back online.
//!
//! In the app this is a split module of its own (`device`), with the outbox and tracking code it
//! reaches: the directory's module never carries them. Tests without the build's split step run
//! it in place ([`run_in_place`]).

use std::future::Future;
use std::pin::Pin;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::wasm_split;

use super::bookings::{sort_newest_first, Bookings};
use crate::cache::{Cache, DB_NAME};
use crate::split::ModuleMissing;

type Loaded = Pin<Box<dyn Future<Output = Result<fn(Bookings), ModuleMissing>>>>;

/// The app's loader: fetches the `device` module.
pub fn load_split() -> Loaded {
    #[wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn entry() -> Result<fn(Bookings), ModuleMissing> {
        Ok(run)
    }
    Box::pin(entry())
}

/// For a build without the split step (the wasm view tests).
pub fn run_in_place() -> Loaded {
    Box::pin(async { Ok(run as fn(Bookings)) })
}

fn run(state: Bookings) {
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
