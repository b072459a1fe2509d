//! [`Backend`] and [`BookingBackend`] over HTTP with gloo-net, at the address read from `config.json` (served
//! `no-cache`, so a deployment's edit reaches citizens on their next visit): checks the status (gloo-net answers `Ok` for a 500),
//! decodes problem+json, times out, and aborts the request when its future is dropped.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use async_trait::async_trait;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, Response};
use loket_contract::{ClientConfig, Health, Problem};
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{fallback_client_config, ApiError, Backend, BookingBackend, Fetched, CLIENT_CONFIG_PATH};
use crate::domain::percent;
use loket_contract::booking::{Booking, BookingRequest, CancelRequest, RescheduleRequest, Slot, SurveyRequest, Tracked, Verification};
use loket_contract::catalogue::Catalogue;
use serde::Serialize;

/// Long enough for a slow 3G round trip, short enough that a dead link is reported.
const TIMEOUT_MS: i32 = 15_000;

pub struct HttpBackend {
    /// Read from `config.json` by the first call, then kept for the life of the page. Calls made
    /// while it is on its way wait for that one request: a cold deep link asks for it at once
    /// from several places, and a weak signal should carry it once.
    config: RefCell<Option<Shared<LocalBoxFuture<'static, Option<ClientConfig>>>>>,
}

impl HttpBackend {
    /// A backend whose address comes from the runtime `config.json`.
    pub fn from_runtime_config() -> Self {
        HttpBackend { config: RefCell::new(None) }
    }

    async fn config(&self) -> ClientConfig {
        let asked = self.config.borrow().clone();
        let asked = asked.unwrap_or_else(|| {
            let asked = read_client_config().boxed_local().shared();
            *self.config.borrow_mut() = Some(asked.clone());
            asked
        });
        if let Some(config) = asked.clone().await {
            return config;
        }
        // Without a readable config (first visit offline, a broken deployment file) the app
        // still works against the backend that served it; the next call tries the file again.
        let mut kept = self.config.borrow_mut();
        if kept.as_ref().is_some_and(|kept| kept.ptr_eq(&asked)) {
            *kept = None;
        }
        fallback_client_config()
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        get_json(&self.config().await.endpoint(path)).await
    }
}

#[async_trait(?Send)]
impl Backend for HttpBackend {
    async fn health(&self) -> Result<Health, ApiError> {
        self.get_json("/health").await
    }

    async fn catalogue(&self, if_none_match: Option<&str>) -> Result<Fetched<Catalogue>, ApiError> {
        let url = self.config().await.endpoint("/catalogue");
        fetch_json(&url, if_none_match).await
    }
}

#[async_trait(?Send)]
impl BookingBackend for HttpBackend {
    async fn slots(&self, service_id: &str, location_id: &str) -> Result<Vec<Slot>, ApiError> {
        let query = format!("/slots?serviceId={}&locationId={}", percent::encode(service_id), percent::encode(location_id));
        self.get_json(&query).await
    }

    async fn create_booking(&self, idempotency_key: &str, request: &BookingRequest) -> Result<Booking, ApiError> {
        self.post_json("/bookings", Some(idempotency_key), request).await
    }

    async fn cancel_booking(&self, code: &str, factor: &str) -> Result<Booking, ApiError> {
        let body = CancelRequest { factor: factor.to_owned() };
        self.post_json(&format!("/bookings/{}/cancel", percent::encode(code)), None, &body).await
    }

    async fn reschedule_booking(&self, code: &str, factor: &str, slot_id: i64) -> Result<Booking, ApiError> {
        let body = RescheduleRequest { factor: factor.to_owned(), slot_id };
        self.post_json(&format!("/bookings/{}/reschedule", percent::encode(code)), None, &body).await
    }

    async fn track(&self, code: &str, factor: &str) -> Result<Tracked, ApiError> {
        let body = Verification { code: code.to_owned(), factor: factor.to_owned() };
        self.post_json("/track", None, &body).await
    }

    async fn submit_survey(&self, code: &str, survey: &SurveyRequest) -> Result<(), ApiError> {
        self.post_json(&format!("/bookings/{}/survey", percent::encode(code)), None, survey).await
    }
}

impl HttpBackend {
    async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        idempotency_key: Option<&str>,
        body: &B,
    ) -> Result<T, ApiError> {
        let url = self.config().await.endpoint(path);
        let mut request = Request::post(&url).header("Accept", "application/json");
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let guard = AbortGuard::new();
        let request = request.abort_signal(guard.signal().as_ref()).json(body).map_err(|e| ApiError::Decode(e.to_string()))?;
        match send(request, &guard, false).await? {
            Fetched::Fresh { value, .. } => Ok(value),
            Fetched::NotModified => Err(ApiError::Decode("304 to a POST".into())),
        }
    }
}

async fn read_client_config() -> Option<ClientConfig> {
    get_json::<ClientConfig>(CLIENT_CONFIG_PATH)
        .await
        .inspect_err(|e| leptos::logging::warn!("config.json unreadable ({e}); using {}", fallback_client_config().api_base_url))
        .ok()
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    match fetch_json(url, None).await? {
        Fetched::Fresh { value, .. } => Ok(value),
        // Only a conditional request can be answered 304.
        Fetched::NotModified => Err(ApiError::Decode("304 to an unconditional request".into())),
    }
}

async fn fetch_json<T: DeserializeOwned>(url: &str, if_none_match: Option<&str>) -> Result<Fetched<T>, ApiError> {
    let guard = AbortGuard::new();
    let mut request = Request::get(url).header("Accept", "application/json");
    if let Some(etag) = if_none_match {
        request = request.header("If-None-Match", etag);
    }
    let request = request.abort_signal(guard.signal().as_ref()).build().map_err(|e| ApiError::Decode(e.to_string()))?;
    send(request, &guard, if_none_match.is_some()).await
}

/// Sends, checks the status and decodes the body (or the problem) of one request.
async fn send<T: DeserializeOwned>(request: Request, guard: &AbortGuard, conditional: bool) -> Result<Fetched<T>, ApiError> {
    if !browser_online() {
        return Err(ApiError::Offline);
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(_) if guard.timed_out() => return Err(ApiError::Timeout),
        Err(_) if !browser_online() => return Err(ApiError::Offline),
        Err(e) => return Err(ApiError::Unreachable(e.to_string())),
    };
    if response.status() == 304 && conditional {
        return Ok(Fetched::NotModified);
    }
    if !response.ok() {
        return Err(http_error(response).await);
    }
    let etag = response.headers().get("etag");
    // An answer with no body (`201 Created` to a survey) decodes as `null`, i.e. `()`.
    if response.status() == 204 || response.headers().get("content-length").as_deref() == Some("0") {
        let value = serde_json::from_str::<T>("null").map_err(|e| ApiError::Decode(e.to_string()))?;
        return Ok(Fetched::Fresh { value, etag });
    }
    let value =
        response.json::<T>().await.map_err(|e| if guard.timed_out() { ApiError::Timeout } else { ApiError::Decode(e.to_string()) })?;
    Ok(Fetched::Fresh { value, etag })
}

async fn http_error(response: Response) -> ApiError {
    let status = response.status();
    let retry_after_seconds = response.headers().get("retry-after").and_then(|s| s.trim().parse().ok());
    let is_problem = response.headers().get("content-type").is_some_and(|t| t.starts_with(loket_contract::PROBLEM_JSON));
    let problem = if is_problem { response.json::<Problem>().await.ok() } else { None };
    ApiError::from_answer(status, problem, retry_after_seconds)
}

fn browser_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Aborts the fetch when the time limit passes or when the future owning it is dropped (a
/// resource re-running, a page unmounting), so no stale answer lands later.
struct AbortGuard {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
    timed_out: Rc<Cell<bool>>,
    _on_timeout: Option<Closure<dyn FnMut()>>,
}

impl AbortGuard {
    fn new() -> Self {
        let controller = web_sys::AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let (timer, on_timeout) = match (web_sys::window(), &controller) {
            (Some(window), Some(controller)) => {
                let controller = controller.clone();
                let flag = timed_out.clone();
                let on_timeout = Closure::<dyn FnMut()>::new(move || {
                    flag.set(true);
                    controller.abort();
                });
                let timer =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), TIMEOUT_MS).ok();
                (timer, Some(on_timeout))
            }
            _ => (None, None),
        };
        AbortGuard { controller, timer, timed_out, _on_timeout: on_timeout }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    fn timed_out(&self) -> bool {
        self.timed_out.get()
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
        // Aborting a finished fetch is a no-op; aborting a pending one frees the connection.
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}
