//! `POST /track`: a booking or an application by code **and** verification factor, rate-limited
//! per client and per code. A wrong pair and an unknown code get the same answer.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use loket_contract::booking::{QueueStatus, Tracked, Verification};
use loket_contract::{booking_code, Problem, ProblemKind};
use std::collections::HashMap;

use super::extract::Body;
use crate::problem::ApiProblem;
use crate::{now, AppState};

#[utoipa::path(post, path = "/api/v1/track", tag = "tracking",
    request_body = Verification,
    responses(
        (status = 200, description = "The booking or application with its timeline", body = Tracked),
        (status = 400, description = "A body that is not a verification", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No booking or application matches this code and verification", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many look-ups", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn track(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Body(request): Body<Verification>,
) -> Result<Response, ApiProblem> {
    let clock = std::time::Instant::now();
    let client = state.trusted_proxies.client(peer.ip(), &headers);
    let code_key = booking_code::normalise(&request.code).unwrap_or_else(|| request.code.trim().to_uppercase());
    let limited = state.limits.per_client.check(&client.to_string(), clock).and_then(|()| state.limits.per_code.check(&code_key, clock));
    if let Err(wait) = limited {
        return Ok(too_many(wait.as_secs().max(1)));
    }
    let found = state.store.track(&request.code, &request.factor, now()).await?;
    match found {
        Some(tracked) => Ok(Json(tracked).into_response()),
        None => Err(ApiProblem::new(StatusCode::NOT_FOUND, "No booking or application matches this code and verification.")),
    }
}

fn too_many(seconds: u64) -> Response {
    let problem = ApiProblem::of(ProblemKind::RateLimited, format!("Too many look-ups. Try again in {seconds} seconds."));
    let mut response = problem.into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// `GET /queue?locationId=&serviceId=`: today's queue at the place.
#[utoipa::path(get, path = "/api/v1/queue", tag = "tracking",
    params(("locationId" = String, Query, description = "Location id"), ("serviceId" = String, Query, description = "Service id")),
    responses(
        (status = 200, description = "Today's queue", body = QueueStatus),
        (status = 400, description = "A parameter is missing", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The location does not offer the service", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn queue_today(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Result<Json<QueueStatus>, ApiProblem> {
    let (Some(location_id), Some(service_id)) = (q.get("locationId").cloned(), q.get("serviceId").cloned()) else {
        return Err(ApiProblem::new(StatusCode::BAD_REQUEST, "`locationId` and `serviceId` are required."));
    };
    let status = state.store.queue_today(&location_id, &service_id, now()).await?;
    status.map(Json).ok_or_else(|| ApiProblem::new(StatusCode::NOT_FOUND, "This location does not offer this service."))
}
