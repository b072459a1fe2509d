//! The backend the app talks to, built from the runtime `config.json`.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::{fallback_client_config, load_client_config, Backend, HttpBackend};

/// A handle views and state clone freely; awaiting it yields the backend once the config is read.
pub type BackendResource = LocalResource<SendWrapper<Rc<dyn Backend>>>;

/// Reads `config.json` once and provides the backend to every component below.
pub fn provide_backend() {
    let backend: BackendResource = LocalResource::new(|| async {
        // Without a readable config (first visit offline, a broken deployment file) the app
        // still works against the backend that served it.
        let config = load_client_config().await.unwrap_or_else(|e| {
            leptos::logging::warn!("config.json unreadable ({e}); using {}", fallback_client_config().api_base_url);
            fallback_client_config()
        });
        SendWrapper::new(Rc::new(HttpBackend::new(config)) as Rc<dyn Backend>)
    });
    provide_context(backend);
}

pub fn use_backend() -> BackendResource {
    expect_context::<BackendResource>()
}
