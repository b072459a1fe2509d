//! The backend the app talks to, provided once to every component.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::{Backend, HttpBackend};

/// Contexts must be `Send + Sync`; the backend lives on the browser's one thread.
#[derive(Clone)]
struct BackendContext(SendWrapper<Rc<dyn Backend>>);

/// The app's own backend: HTTP to the server `config.json` names.
pub fn provide_backend() {
    provide_backend_with(Rc::new(HttpBackend::from_runtime_config()));
}

/// Any backend: view tests mount real pages against one held in memory.
pub fn provide_backend_with(backend: Rc<dyn Backend>) {
    provide_context(BackendContext(SendWrapper::new(backend)));
}

pub fn use_backend() -> Rc<dyn Backend> {
    Rc::clone(&expect_context::<BackendContext>().0)
}
