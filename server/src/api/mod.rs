//! `/api/v1`: the REST API.

mod bookings;
pub mod catalogue;
mod extract;
mod health;
pub mod openapi;
mod operator;
mod tracking;

use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::problem::ApiProblem;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::get))
        .route("/openapi.json", get(openapi::get))
        .route("/catalogue", get(catalogue::get))
        .route("/services/{id}", get(catalogue::service))
        .route("/locations", get(catalogue::locations))
        .route("/locations/{id}", get(catalogue::location))
        .route("/slots", get(bookings::list_slots))
        .route("/bookings", post(bookings::create))
        .route("/bookings/{code}/cancel", post(bookings::cancel))
        .route("/bookings/{code}/reschedule", post(bookings::reschedule))
        .route("/bookings/{code}/survey", post(bookings::submit_survey))
        .route("/track", post(tracking::track))
        .route("/queue", get(tracking::queue_today))
        .route("/operator/bookings/{code}/status", post(operator::set_booking_status))
        .route("/operator/queue/call-next", post(operator::call_next))
        .route("/operator/applications/{code}/advance", post(operator::advance_application))
        .route("/operator/walk-ins", post(operator::walk_in))
        .fallback(not_found)
        // No request of this API needs more than a few kilobytes.
        .layer(RequestBodyLimitLayer::new(16 * 1024))
}

/// Browsers on the configured origins may call the API; no origin configured, no CORS headers.
pub fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::IF_NONE_MATCH, HeaderName::from_static("idempotency-key")])
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
}

async fn not_found(OriginalUri(uri): OriginalUri) -> ApiProblem {
    let mut problem = ApiProblem::new(StatusCode::NOT_FOUND, "No such endpoint in this API version.");
    problem.0.instance = Some(uri.path().to_owned());
    problem
}
