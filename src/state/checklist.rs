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

/// The checklist of one service, read from the device, with `carried` ticked as well (what the
/// citizen ticked on the prerendered page before the app started), which is then kept too.
pub fn use_checklist(service_id: String, carried: Vec<usize>) -> Checklist {
    let list = Checklist { ticked: RwSignal::new(carried.clone()), key: StoredValue::new(format!("checklist:{service_id}")) };
    let key = list.key.get_value();
    spawn_local(async move {
        let Ok(cache) = Cache::open(DB_NAME).await else { return };
        let mut all = match cache.get_meta(&key).await {
            Ok(Some(json)) => serde_json::from_str::<Vec<usize>>(&json).unwrap_or_default(),
            _ => Vec::new(),
        };
        let saved = all.len();
        for i in carried {
            if !all.contains(&i) {
                all.push(i);
            }
        }
        all.sort_unstable();
        if all.len() > saved {
            let _ = cache.put_meta(&key, &serde_json::to_string(&all).unwrap_or_default()).await;
        }
        cache.close();
        // The page may be gone by now.
        let _ = list.ticked.try_set(all);
    });
    list
}
