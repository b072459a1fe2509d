//! The service directory's data: the stored copy from IndexedDB shown at once, then revalidated
//! with the server in the background (one 304 when unchanged). A bad answer or a failing network
//! never replaces the copy; a browser without IndexedDB runs online-only with a notice.

use std::sync::Arc;

use leptos::prelude::*;
use loket_contract::catalogue::{Catalogue, Location, Service};

use super::backend::use_backend;
use crate::api::{ErrorKind, Fetched};
use crate::cache::{policy, Cache, Part, StoredDetails, DB_NAME};
use crate::domain::search::SearchIndex;
use crate::next_task::next_task;

/// The catalogue with its search index, made once per version (its words in the background).
pub struct DirectoryData {
    pub catalogue: Catalogue,
    pub index: Arc<SearchIndex>,
    /// False while the services are only listed (read back from the device, their details
    /// still on their way): enough for the directory and booking, not for a service page.
    pub complete: bool,
}

impl DirectoryData {
    fn new(catalogue: Catalogue, complete: bool) -> Arc<DirectoryData> {
        let index = Arc::new(SearchIndex::build(&catalogue.services, &catalogue.agencies));
        Arc::new(DirectoryData { catalogue, index, complete })
    }

    /// This listing completed with its details, keeping its index (which holds nothing of them).
    fn completed(&self, details: StoredDetails) -> Option<Arc<DirectoryData>> {
        let mut catalogue = self.catalogue.clone();
        details.complete(&mut catalogue).then(|| Arc::new(DirectoryData { catalogue, index: self.index.clone(), complete: true }))
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.catalogue.services.iter().find(|s| s.id == id)
    }

    pub fn location(&self, id: &str) -> Option<&Location> {
        self.catalogue.locations.iter().find(|l| l.id == id)
    }

    pub fn agency_name(&self, id: &str) -> Option<&str> {
        self.catalogue.agencies.iter().find(|a| a.id == id).map(|a| a.short_name.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    Checking,
    UpToDate,
    /// The server could not be asked or answered with an error: the copy (if any) stays.
    Failed(ErrorKind),
    /// The server's answer was not a whole, consistent catalogue: the copy stays.
    Rejected,
}

#[derive(Clone, Copy)]
pub struct Directory {
    pub data: RwSignal<Option<Arc<DirectoryData>>>,
    /// When the server last confirmed the data shown, ms since the epoch.
    pub checked_at: RwSignal<Option<f64>>,
    pub sync: RwSignal<SyncState>,
    /// False when IndexedDB cannot be used: the app works online-only.
    pub storage_ok: RwSignal<bool>,
    attempt: RwSignal<u32>,
}

impl Directory {
    /// The name of service `id` in `lang`, tracked: `None` while there is no catalogue or when
    /// it lacks the service (a booking kept from before it was removed).
    pub fn service_name(&self, id: &str, lang: &str) -> Option<String> {
        self.data.with(|d| d.as_ref()?.service(id).map(|s| s.name.get(lang).to_owned()))
    }

    /// The name of place `id` in `lang`, tracked, like [`Directory::service_name`].
    pub fn location_name(&self, id: &str, lang: &str) -> Option<String> {
        self.data.with(|d| d.as_ref()?.location(id).map(|l| l.name.get(lang).to_owned()))
    }

    /// Asks the server again (the "retry" button).
    pub fn retry(&self) {
        self.attempt.update(|n| *n += 1);
    }
}

pub fn provide_directory() {
    let directory = Directory {
        data: RwSignal::new(None),
        checked_at: RwSignal::new(None),
        sync: RwSignal::new(SyncState::Checking),
        storage_ok: RwSignal::new(true),
        attempt: RwSignal::new(0),
    };
    provide_context(directory);
    let backend = use_backend();
    let task = LocalResource::new(move || {
        directory.attempt.track();
        let backend = backend.clone();
        async move { synchronise(directory, backend).await }
    });
    // The resource runs as soon as something reads it: the shell reads it once, here.
    Effect::new(move |_| {
        let _ = task.get();
    });
}

/// "29/11/2026 09.30" in the phone's own zone: when this phone last heard from the server.
pub fn as_of_label(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}/{:02}/{} {:02}.{:02}", d.get_date(), d.get_month() + 1, d.get_full_year(), d.get_hours(), d.get_minutes())
}

pub fn use_directory() -> Directory {
    expect_context::<Directory>()
}

async fn synchronise(dir: Directory, backend: std::rc::Rc<dyn crate::api::Backend>) {
    dir.sync.set(SyncState::Checking);
    let cache = match Cache::open(DB_NAME).await {
        Ok(cache) => Some(cache),
        Err(e) => {
            leptos::logging::warn!("{e}");
            dir.storage_ok.set(false);
            None
        }
    };
    // Only the ETag of the stored copy is kept: the catalogue itself moves into what is shown.
    let mut etag: Option<String> = None;
    if let Some(cache) = &cache {
        crate::perf::mark("loket:catalogue-read-start");
        let loaded = cache.load_listing().await;
        crate::perf::mark("loket:catalogue-read-end");
        match loaded {
            Ok(Some(stored)) if dir.data.get_untracked().is_none() => {
                let data = DirectoryData::new(stored.catalogue, stored.part == Part::Whole);
                dir.data.set(Some(data.clone()));
                dir.checked_at.set(Some(stored.checked_at_ms));
                index_words_soon(dir, data.clone());
                // A copy that cannot be completed is asked for whole (no ETag), so that service
                // pages get their details.
                etag = if data.complete { stored.etag } else { complete_soon(dir, cache, stored.etag, &data).await };
            }
            // Asked again ("retry") with a copy on screen: only its ETag is wanted, and only
            // when what is shown is whole.
            Ok(Some(stored)) => etag = stored.etag.filter(|_| dir.data.with_untracked(|d| d.as_ref().is_some_and(|d| d.complete))),
            Ok(None) => {}
            Err(e) => leptos::logging::warn!("{e}"),
        }
    }
    let now = js_sys::Date::now();
    match backend.catalogue(etag.as_deref()).await {
        Ok(Fetched::NotModified) => {
            dir.checked_at.set(Some(now));
            dir.sync.set(SyncState::UpToDate);
            if let Some(cache) = &cache {
                if let Err(e) = cache.confirm_catalogue(now).await {
                    leptos::logging::warn!("{e}");
                    dir.storage_ok.set(false);
                }
            }
        }
        Ok(Fetched::Fresh { value, etag }) => match policy::accept(&value) {
            Ok(()) => {
                // Indexed, then (after the browser has had a turn: two shorter tasks instead
                // of one long one) written to the device, then shown with its "as of" at once,
                // so that what is shown as current is also what the device keeps.
                let data = DirectoryData::new(value, true);
                if let Some(cache) = &cache {
                    next_task().await;
                    if let Err(e) = cache.save_catalogue_of(etag.as_deref(), now, &data.catalogue).await {
                        // A full quota or a failing write keeps the app working on what it
                        // shows; only the offline copy is behind, which the notice says.
                        leptos::logging::warn!("{e}");
                        dir.storage_ok.set(false);
                    }
                }
                dir.data.set(Some(data.clone()));
                dir.checked_at.set(Some(now));
                dir.sync.set(SyncState::UpToDate);
                index_words_soon(dir, data);
            }
            Err(why) => {
                leptos::logging::warn!("catalogue refused: {why:?}");
                dir.sync.set(SyncState::Rejected);
            }
        },
        Err(e) => {
            let kind = e.kind();
            // A body that is not a catalogue is the server's fault, like a refused one.
            dir.sync.set(if kind == ErrorKind::Decode { SyncState::Rejected } else { SyncState::Failed(kind) });
        }
    }
    if let Some(cache) = cache {
        cache.close();
    }
}

/// Reads the details of the listing just shown, after the browser has painted it, and shows the
/// completed copy; the listing's ETag when that worked.
async fn complete_soon(dir: Directory, cache: &Cache, etag: Option<String>, shown: &Arc<DirectoryData>) -> Option<String> {
    next_task().await;
    let details = match cache.load_details(&shown.catalogue, etag.as_deref()).await {
        Ok(Some(details)) => details,
        Ok(None) => return None,
        Err(e) => {
            leptos::logging::warn!("{e}");
            return None;
        }
    };
    let whole = shown.completed(details)?;
    crate::perf::mark("loket:catalogue-details-end");
    dir.data.set(Some(whole));
    etag
}

/// Indexes the words of the catalogue shown, a few milliseconds at a time in tasks of their own
/// once it is on screen, so that no task keeps a tap waiting and the first keystroke finds them
/// ready (if it comes sooner, the search finishes them itself). Stops when another copy is shown
/// or the directory is gone.
fn index_words_soon(dir: Directory, data: Arc<DirectoryData>) {
    leptos::task::spawn_local(async move {
        loop {
            next_task().await;
            // The completed copy shares the listing's index: its words go on being built. The
            // directory may also be gone (an unmounted app, as in view tests).
            let shown = dir.data.try_with_untracked(|shown| shown.as_ref().is_some_and(|shown| Arc::ptr_eq(&shown.index, &data.index)));
            if shown != Some(true) {
                return;
            }
            let until = js_sys::Date::now() + 8.0;
            loop {
                if data.index.build_words_step(&data.catalogue.services, 16) {
                    return;
                }
                if js_sys::Date::now() >= until {
                    break;
                }
            }
        }
    });
}
