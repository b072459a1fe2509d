//! What the connectivity indicator shows: the browser's own online/offline events, and whether
//! the backend answers when the browser thinks it is online.

use leptos::ev;
use leptos::prelude::*;

use super::backend::use_backend;
use crate::api::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    Online,
    Offline,
    /// Online, but the backend did not answer its health check.
    ServerUnreachable,
}

#[derive(Clone, Copy)]
struct ConnectivityContext(Signal<Connectivity>);

pub fn provide_connectivity() {
    let browser_online = RwSignal::new(navigator_online());
    // Listeners live as long as the app: the App component never unmounts.
    let _ = window_event_listener(ev::online, move |_| browser_online.set(true));
    let _ = window_event_listener(ev::offline, move |_| browser_online.set(false));

    let backend = use_backend();
    // Asked again whenever the browser comes back online.
    let server = LocalResource::new(move || {
        let online = browser_online.get();
        let backend = backend.clone();
        async move {
            if !online {
                return Err(ApiError::Offline);
            }
            backend.health().await.map(|_| ())
        }
    });

    let state = Signal::derive(move || {
        if !browser_online.get() {
            return Connectivity::Offline;
        }
        match server.get() {
            Some(Err(ApiError::Offline)) => Connectivity::Offline,
            Some(Err(_)) => Connectivity::ServerUnreachable,
            _ => Connectivity::Online,
        }
    });
    provide_context(ConnectivityContext(state));
}

pub fn use_connectivity() -> Signal<Connectivity> {
    expect_context::<ConnectivityContext>().0
}

fn navigator_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}
