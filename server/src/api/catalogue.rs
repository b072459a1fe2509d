//! `GET /catalogue` (whole, with an ETag, or `?since=<version>`), and single items.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use loket_contract::catalogue::{Catalogue, Location, Service};
use loket_contract::Problem;

use crate::encoded::Encoded;
use crate::problem::ApiProblem;
use crate::AppState;

/// The serialised whole catalogue of one version, with its compressed copies, built once per
/// version: every phone asks for the same document.
#[derive(Default)]
pub struct CatalogueCache(std::sync::Mutex<Option<(u64, Arc<Encoded>)>>);

const JSON: &str = "application/json";

#[utoipa::path(get, path = "/api/v1/catalogue", tag = "catalogue",
    params(
        ("since" = Option<u64>, Query, description = "A version from an earlier answer: only what changed after it, with tombstones"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the copy held: 304 when unchanged")
    ),
    responses(
        (status = 200, description = "The whole catalogue, or the changes since `since`", body = Catalogue,
            headers(("ETag" = String, description = "Validator of this representation"))),
        (status = 304, description = "The copy held is current"),
        (status = 400, description = "`since` is not a version number", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let since = match query.get("since").map(|s| s.parse::<u64>()) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => {
            return Err(ApiProblem::new(
                StatusCode::BAD_REQUEST,
                "`since` must be a catalogue version: a whole number from an earlier answer.",
            ))
        }
    };
    let current = state.store.catalogue_version().await?;
    match since {
        // A version from the future (a reset database, another server) or none: the whole
        // catalogue, so the phone replaces its copy instead of patching it.
        Some(v) if v > 0 && v <= current => {
            let changes = state.store.catalogue(Some(v)).await?;
            let body = Encoded::new(serde_json::to_vec(&changes).expect("serialisable"), false);
            Ok(body.respond(&headers, JSON, "no-cache"))
        }
        _ => Ok(whole(&state).await?.respond(&headers, JSON, "no-cache")),
    }
}

/// Makes the whole catalogue's compressed copy at start, so that the first phone to ask after a
/// restart or deployment does not wait for brotli's best quality (most of a second for the demo
/// catalogue in a debug build).
pub async fn warm(state: AppState) {
    if let Err(e) = whole(&state).await {
        tracing::warn!(error = ?e, "catalogue not prepared at start; the first request will");
    }
}

async fn whole(state: &AppState) -> Result<Arc<Encoded>, ApiProblem> {
    let current = state.store.catalogue_version().await?;
    if let Some((version, body)) = state.catalogue.0.lock().expect("cache lock").as_ref() {
        if *version == current {
            return Ok(body.clone());
        }
    }
    let catalogue = state.store.catalogue(None).await?;
    let version = catalogue.version;
    // Compressing ~200 KB at brotli's best takes a moment; it runs once per catalogue version.
    let body = tokio::task::spawn_blocking(move || Arc::new(Encoded::new(serde_json::to_vec(&catalogue).expect("serialisable"), true)))
        .await
        .map_err(|e| ApiProblem::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    *state.catalogue.0.lock().expect("cache lock") = Some((version, body.clone()));
    Ok(body)
}

#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Service id")),
    responses((status = 200, description = "The service", body = Service), (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"), (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")))]
pub async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Service>, ApiProblem> {
    let found = state.store.service(&id).await?;
    found.map(Json).ok_or_else(|| ApiProblem::new(StatusCode::NOT_FOUND, "No service with this id."))
}

#[utoipa::path(get, path = "/api/v1/locations", tag = "catalogue",
    responses((status = 200, description = "Every mall and health facility", body = Vec<Location>), (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")))]
pub async fn locations(State(state): State<AppState>) -> Result<Json<Vec<Location>>, ApiProblem> {
    Ok(Json(state.store.catalogue(None).await?.locations))
}

#[utoipa::path(get, path = "/api/v1/locations/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Location id")),
    responses((status = 200, description = "The location", body = Location), (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"), (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")))]
pub async fn location(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Location>, ApiProblem> {
    let found = state.store.location(&id).await?;
    found.map(Json).ok_or_else(|| ApiProblem::new(StatusCode::NOT_FOUND, "No location with this id."))
}
