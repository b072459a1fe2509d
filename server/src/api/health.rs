use axum::extract::State;
use axum::Json;
use loket_contract::{Health, Problem};

use crate::problem::ApiProblem;
use crate::AppState;

/// Up, and the database answers a query (not merely "the process is alive").
#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, description = "Up, and the database answers", body = Health), (status = 503, description = "The database is not answering", body = Problem, content_type = "application/problem+json")))]
pub async fn get(State(state): State<AppState>) -> Result<Json<Health>, ApiProblem> {
    let schema_version = state.store.schema_version().await?;
    Ok(Json(Health { status: "ok".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned(), schema_version }))
}
