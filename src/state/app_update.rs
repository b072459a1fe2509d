//! The service worker: registered once the app runs, and a new version offered ("reload") rather
//! than switched in under the citizen's feet.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

#[derive(Clone, Copy)]
pub struct AppUpdate {
    pub available: RwSignal<bool>,
    registration: StoredValue<Option<SendWrapper<ServiceWorkerRegistration>>>,
}

impl AppUpdate {
    /// Lets the waiting version take over, then reloads into it.
    pub fn apply(&self) {
        let waiting = self.registration.with_value(|r| r.as_ref().and_then(|r| r.waiting()));
        let Some(waiting) = waiting else {
            reload();
            return;
        };
        if let Some(container) = container() {
            let once = Closure::once_into_js(reload);
            container.set_oncontrollerchange(Some(once.unchecked_ref()));
        }
        let _ = waiting.post_message(&"loket:activate-new-version".into());
    }
}

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Old browsers and some private modes have no service worker: the app still runs online.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into()).ok()?.then(|| navigator.service_worker())
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

pub fn provide_app_update() {
    let update = AppUpdate { available: RwSignal::new(false), registration: StoredValue::new(None) };
    provide_context(update);
    let Some(container) = container() else { return };
    let had_controller = container.controller().is_some();
    leptos::task::spawn_local(async move {
        let Ok(value) = JsFuture::from(container.register("/sw.js")).await else { return };
        let Ok(registration) = value.dyn_into::<ServiceWorkerRegistration>() else { return };
        // A version already waiting from an earlier visit.
        if had_controller && registration.waiting().is_some() {
            update.available.set(true);
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = watched.installing() else { return };
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                // Installed while an older version controls the page: a new version is ready.
                if worker.state() == ServiceWorkerState::Installed && had_controller {
                    update.available.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        update.registration.set_value(Some(SendWrapper::new(registration)));
    });
}

pub fn use_app_update() -> AppUpdate {
    expect_context::<AppUpdate>()
}
