//! The backend the app talks to, provided once to every component.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::{Backend, HttpBackend};

/// Contexts must be `Send + Sync`; the backend lives on the browser's one thread.
#[derive(Clone)]
struct BackendContext(SendWrapper<Rc<dyn Backend>>);

pub fn provide_backend() {
    let backend: Rc<dyn Backend> = Rc::new(HttpBackend::from_runtime_config());
    provide_context(BackendContext(SendWrapper::new(backend)));
}

pub fn use_backend() -> Rc<dyn Backend> {
    Rc::clone(&expect_context::<BackendContext>().0)
}
