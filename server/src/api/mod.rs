//! `/api/v1`: the REST API.

mod health;

use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use crate::problem::ApiProblem;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::get))
        .fallback(not_found)
}

async fn not_found(OriginalUri(uri): OriginalUri) -> ApiProblem {
    let mut problem = ApiProblem::new(StatusCode::NOT_FOUND, "No such endpoint in this API version.");
    problem.0.instance = Some(uri.path().to_owned());
    problem
}
