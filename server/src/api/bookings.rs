//! Slots and bookings: list availability, book once per idempotency key, cancel, reschedule,
//! and the satisfaction survey after the visit.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use loket_contract::booking::{Booking, BookingRequest, CancelRequest, RescheduleRequest, Slot, SurveyRequest};
use loket_contract::{LocalDate, Problem};

use super::extract::Body;
use crate::problem::ApiProblem;
use crate::{now, AppState};

fn bad_request(detail: &str) -> ApiProblem {
    ApiProblem::new(StatusCode::BAD_REQUEST, detail)
}

#[utoipa::path(get, path = "/api/v1/slots", tag = "bookings",
    params(
        ("serviceId" = String, Query, description = "Service id"),
        ("locationId" = String, Query, description = "Location id"),
        ("from" = Option<LocalDate>, Query, description = "First local date (default: today at the location)"),
        ("to" = Option<LocalDate>, Query, description = "Last local date (default and limit: 13 days after today)")
    ),
    responses(
        (status = 200, description = "Slots starting in the future, in time order", body = Vec<Slot>),
        (status = 400, description = "A parameter is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The location does not offer the service", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn list_slots(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Result<Json<Vec<Slot>>, ApiProblem> {
    let service_id = q.get("serviceId").cloned().ok_or_else(|| bad_request("`serviceId` is required."))?;
    let location_id = q.get("locationId").cloned().ok_or_else(|| bad_request("`locationId` is required."))?;
    let date = |key: &str| -> Result<Option<LocalDate>, ApiProblem> {
        q.get(key).map(|d| LocalDate::parse(d).map_err(|_| bad_request(&format!("`{key}` must be a date like 2026-12-01.")))).transpose()
    };
    let (from, to) = (date("from")?, date("to")?);
    let slots = state.store.slots(&service_id, &location_id, from, to, now()).await?;
    slots.map(Json).ok_or_else(|| ApiProblem::new(StatusCode::NOT_FOUND, "This location does not offer this service."))
}

#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings",
    params(("Idempotency-Key" = String, Header, description = "Made once per booking draft and sent again on every retry of it")),
    request_body = BookingRequest,
    responses(
        (status = 201, description = "Booked (or the booking this key already made)", body = Booking,
            headers(("Location" = String, description = "The booking's path"))),
        (status = 400, description = "No Idempotency-Key, or a body that is not a booking request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot is full, or this person already has this service booked that day", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (listed in `errors`), an unknown or past slot, or a reused key", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(request): Body<BookingRequest>,
) -> Result<Response, ApiProblem> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| (8..=200).contains(&k.len()))
        .ok_or_else(|| bad_request("An `Idempotency-Key` header of 8 to 200 characters is required, made once per booking draft."))?
        .to_owned();
    let (booking, replayed) = state.store.create_booking(&key, &request, now()).await?;
    if !replayed {
        tracing::info!(code = %booking.code, slot = booking.slot.id, "booking made");
    }
    Ok(created(booking))
}

fn created(booking: Booking) -> Response {
    let location = format!("{}/bookings/{}", loket_contract::API_PREFIX, booking.code);
    let mut response = (StatusCode::CREATED, Json(booking)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

#[utoipa::path(post, path = "/api/v1/bookings/{code}/cancel", tag = "bookings",
    params(("code" = String, Path, description = "Booking code")),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Cancelled; the place goes back to the slot", body = Booking),
        (status = 400, description = "A body that is not a cancel request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No booking matches this code and verification", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The booking can no longer be changed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Body(req): Body<CancelRequest>,
) -> Result<Json<Booking>, ApiProblem> {
    state.store.cancel_booking(&code, &req.factor, now()).await.map(Json).map_err(ApiProblem::from)
}

#[utoipa::path(post, path = "/api/v1/bookings/{code}/reschedule", tag = "bookings",
    params(("code" = String, Path, description = "Booking code")),
    request_body = RescheduleRequest,
    responses(
        (status = 200, description = "Moved; the code stays", body = Booking),
        (status = 400, description = "A body that is not a reschedule request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No booking matches this code and verification", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new slot is full, or the booking can no longer be changed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new slot is unknown, past, or of another service", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Body(req): Body<RescheduleRequest>,
) -> Result<Json<Booking>, ApiProblem> {
    state.store.reschedule_booking(&code, &req.factor, req.slot_id, now()).await.map(Json).map_err(ApiProblem::from)
}

#[utoipa::path(post, path = "/api/v1/bookings/{code}/survey", tag = "bookings",
    params(("code" = String, Path, description = "Booking code")),
    request_body = SurveyRequest,
    responses(
        (status = 201, description = "Thank you"),
        (status = 400, description = "A body that is not a survey", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No booking matches this code and verification", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not complete yet, or the survey was already sent", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not nine answers from 1 to 4", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn submit_survey(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Body(req): Body<SurveyRequest>,
) -> Result<StatusCode, ApiProblem> {
    state.store.submit_survey(&code, &req, now()).await?;
    Ok(StatusCode::CREATED)
}
