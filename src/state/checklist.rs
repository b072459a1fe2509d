//! Ticks on a service's requirement checklist, kept on the device (IndexedDB `meta` store).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::device_writer::{self, Write};
use crate::cache::{Cache, DB_NAME};

#[derive(Clone, Copy)]
pub struct Checklist {
    ticked: RwSignal<Vec<usize>>,
    key: StoredValue<String>,
}

impl Checklist {
    pub fn is_ticked(&self, item: usize) -> bool {
        self.ticked.with(|t| t.contains(&item))
    }

    /// Ticks or unticks, and keeps the list on the device (best effort: without storage the
    /// ticks last for this visit).
    pub fn set(&self, item: usize, on: bool) {
        self.ticked.update(|t| {
            t.retain(|i| *i != item);
            if on {
                t.push(item);
                t.sort_unstable();
            }
        });
        self.keep();
    }

    /// Writes the ticks as they are now, in turn with every other change to the device.
    fn keep(&self) {
        self.ticked.with_untracked(|ticks| keep(self.key.get_value(), ticks));
    }
}

fn keep(key: String, ticks: &[usize]) {
    device_writer::write(Write::Meta { key, json: serde_json::to_string(ticks).unwrap_or_default() });
}

/// The checklist of one service, read from the device, with `carried` ticked as well (what the
/// citizen ticked on the prerendered page before the app started), which is then kept too.
pub fn use_checklist(service_id: String, carried: Vec<usize>) -> Checklist {
    let list = Checklist { ticked: RwSignal::new(carried), key: StoredValue::new(format!("checklist:{service_id}")) };
    let key = list.key.get_value();
    spawn_local(async move {
        let Ok(cache) = Cache::open(DB_NAME).await else { return };
        let saved = match cache.get_meta(&key).await {
            Ok(Some(json)) => serde_json::from_str::<Vec<usize>>(&json).unwrap_or_default(),
            _ => Vec::new(),
        };
        cache.close();
        // Merged into what is on screen now (a tick made while reading stays), and written back
        // only when the device lacked some of it. The page may be gone by now.
        let Some(shown) = list.ticked.try_get_untracked() else { return };
        let mut all = saved.clone();
        all.extend(shown.into_iter().filter(|i| !saved.contains(i)));
        all.sort_unstable();
        if all.len() > saved.len() {
            keep(key, &all);
        }
        let _ = list.ticked.try_set(all);
    });
    list
}
