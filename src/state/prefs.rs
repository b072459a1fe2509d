//! Choices the citizen makes once and expects remembered on this device ("my mall").

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::device_writer::{self, Write};
use crate::cache::{Cache, DB_NAME};

const MY_LOCATION: &str = "pref:my_location";

/// The place the citizen last filtered by, loaded from the device, saved whenever it changes.
pub fn use_my_location() -> RwSignal<String> {
    let place = RwSignal::new(String::new());
    spawn_local(async move {
        let Ok(cache) = Cache::open(DB_NAME).await else { return };
        if let Ok(Some(json)) = cache.get_meta(MY_LOCATION).await {
            if let Ok(saved) = serde_json::from_str::<String>(&json) {
                // Only if the citizen has not chosen meanwhile, and the page is still there.
                if place.try_get_untracked().is_some_and(|p| p.is_empty()) {
                    let _ = place.try_set(saved);
                }
            }
        }
        cache.close();
    });
    Effect::new(move |previous: Option<String>| {
        let current = place.get();
        if previous.is_some_and(|p| p != current) {
            let json = serde_json::to_string(&current).unwrap_or_default();
            device_writer::write(Write::Meta { key: MY_LOCATION.to_owned(), json });
        }
        current
    });
    place
}
