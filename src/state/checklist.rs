//! Ticks on a service's requirement checklist, kept on the device (IndexedDB `meta` store).

use leptos::prelude::*;
use leptos::task::spawn_local;

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
        let (key, json) = (self.key.get_value(), serde_json::to_string(&self.ticked.get_untracked()).unwrap_or_default());
        spawn_local(async move {
            if let Ok(cache) = Cache::open(DB_NAME).await {
                let _ = cache.put_meta(&key, &json).await;
                cache.close();
            }
        });
    }
}

/// The checklist of one service, read from the device.
pub fn use_checklist(service_id: String) -> Checklist {
    let list = Checklist { ticked: RwSignal::new(Vec::new()), key: StoredValue::new(format!("checklist:{service_id}")) };
    let key = list.key.get_value();
    let ticked = list.ticked;
    spawn_local(async move {
        let Ok(cache) = Cache::open(DB_NAME).await else { return };
        if let Ok(Some(json)) = cache.get_meta(&key).await {
            if let Ok(saved) = serde_json::from_str::<Vec<usize>>(&json) {
                // The page may be gone by now.
                let _ = ticked.try_set(saved);
            }
        }
        cache.close();
    });
    list
}
