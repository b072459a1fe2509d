//! Every error answer of the API is an RFC 9457 problem document.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use loket_contract::{Problem, PROBLEM_JSON};

/// A [`Problem`] that axum can answer with.
#[derive(Debug)]
pub struct ApiProblem(pub Problem);

impl ApiProblem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        ApiProblem(Problem::new(status.as_u16(), title).with_detail(detail))
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl From<crate::store::StoreError> for ApiProblem {
    fn from(err: crate::store::StoreError) -> Self {
        // The cause goes to the log, not to the client: it may name files and tables.
        tracing::error!(error = %err, "database error");
        ApiProblem::new(StatusCode::SERVICE_UNAVAILABLE, "The database is not answering; try again shortly.")
    }
}
