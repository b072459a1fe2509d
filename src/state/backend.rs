//! The backend the app talks to, provided once to every component.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::{Backend, BookingBackend, HttpBackend};

/// Contexts must be `Send + Sync`; the backend lives on the browser's one thread.
#[derive(Clone)]
struct BackendContext(SendWrapper<Rc<dyn Backend>>);

/// Where booking and tracking send their requests. It holds the backend, not yet its
/// `BookingBackend` trait object: that is made by [`BookingSource::backend`], which only the
/// split modules call, so booking's and tracking's code stays out of the main module.
#[derive(Clone)]
pub struct BookingSource(SendWrapper<Source>);

#[derive(Clone)]
enum Source {
    Http(Rc<HttpBackend>),
    Given(Rc<dyn BookingBackend>),
}

impl BookingSource {
    pub fn backend(&self) -> Rc<dyn BookingBackend> {
        match &*self.0 {
            Source::Http(http) => Rc::clone(http) as Rc<dyn BookingBackend>,
            Source::Given(given) => Rc::clone(given),
        }
    }
}

/// The app's own backend: HTTP to the server `config.json` names (read once, for both traits).
pub fn provide_backend() {
    let http = Rc::new(HttpBackend::from_runtime_config());
    provide_context(BackendContext(SendWrapper::new(Rc::clone(&http) as Rc<dyn Backend>)));
    provide_context(BookingSource(SendWrapper::new(Source::Http(http))));
}

/// Any backend: view tests mount real pages against one held in memory.
pub fn provide_backend_with<B: Backend + BookingBackend + 'static>(backend: Rc<B>) {
    provide_context(BackendContext(SendWrapper::new(Rc::clone(&backend) as Rc<dyn Backend>)));
    provide_context(BookingSource(SendWrapper::new(Source::Given(backend))));
}

pub fn use_backend() -> Rc<dyn Backend> {
    Rc::clone(&expect_context::<BackendContext>().0)
}

pub fn use_booking_source() -> BookingSource {
    expect_context::<BookingSource>()
}
