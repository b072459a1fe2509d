//! `/operator/…`: the counter's side, behind the operator bearer token. Enough to drive every
//! state a citizen can see.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use loket_contract::booking::{BookingStatus, QueueStatus, WalkInTicket};
use loket_contract::catalogue::ApplicationStatus;
use loket_contract::{Problem, Text};
use serde::Deserialize;

use super::extract::{Body, Operator};
use crate::problem::ApiProblem;
use crate::{now, AppState};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusChange {
    status: BookingStatus,
}

#[utoipa::path(post, path = "/api/v1/operator/bookings/{code}/status", tag = "operator",
    security(("operator" = [])),
    params(("code" = String, Path, description = "Booking code")),
    request_body = StatusChange,
    responses(
        (status = 204, description = "Moved"),
        (status = 400, description = "A body that is not a status change", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such booking", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move the counter flow allows", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid operator token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Operator endpoints are disabled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn set_booking_status(
    _: Operator,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Body(change): Body<StatusChange>,
) -> Result<StatusCode, ApiProblem> {
    state.store.set_booking_status(&code, change.status, now()).await.map(|()| StatusCode::NO_CONTENT).map_err(ApiProblem::from)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueueRef {
    location_id: String,
    service_id: String,
}

#[utoipa::path(post, path = "/api/v1/operator/queue/call-next", tag = "operator",
    security(("operator" = [])),
    request_body = QueueRef,
    responses(
        (status = 200, description = "The queue after the call", body = QueueStatus),
        (status = 400, description = "A body that is not a queue reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The location does not offer the service", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid operator token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Operator endpoints are disabled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn call_next(_: Operator, State(state): State<AppState>, Body(q): Body<QueueRef>) -> Result<Json<QueueStatus>, ApiProblem> {
    let status = state.store.call_next(&q.location_id, &q.service_id, now()).await?;
    status.map(Json).ok_or_else(|| ApiProblem::new(StatusCode::NOT_FOUND, "This location does not offer this service."))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Advance {
    status: ApplicationStatus,
    #[serde(default)]
    note: Option<Text>,
}

#[utoipa::path(post, path = "/api/v1/operator/applications/{code}/advance", tag = "operator",
    security(("operator" = [])),
    params(("code" = String, Path, description = "Application code")),
    request_body = Advance,
    responses(
        (status = 204, description = "Advanced"),
        (status = 400, description = "A body that is not an advance", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the next step of this application", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rejection without its reason", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid operator token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Operator endpoints are disabled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn advance_application(
    _: Operator,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Body(req): Body<Advance>,
) -> Result<StatusCode, ApiProblem> {
    let outcome = state.store.advance_application(&code, req.status, req.note.as_ref(), now()).await;
    outcome?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WalkIn {
    slot_id: i64,
}

#[utoipa::path(post, path = "/api/v1/operator/walk-ins", tag = "operator",
    security(("operator" = [])),
    request_body = WalkIn,
    responses(
        (status = 201, description = "A walk-in ticket from the slot's capacity", body = WalkInTicket),
        (status = 400, description = "A body that is not a walk-in request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot is full", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot is unknown or over", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid operator token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Operator endpoints are disabled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn walk_in(_: Operator, State(state): State<AppState>, Body(req): Body<WalkIn>) -> Result<Response, ApiProblem> {
    state
        .store
        .walk_in(req.slot_id, now())
        .await
        .map(|ticket| (StatusCode::CREATED, Json(ticket)).into_response())
        .map_err(ApiProblem::from)
}
