//! Extractors that answer their own failures in problem+json.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::problem::ApiProblem;
use crate::AppState;

/// A JSON body; a malformed one is a 400 naming what is wrong.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = ApiProblem;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiProblem::new(e.status(), "The request body could not be read (too large?)."))?;
        // No text Loket keeps may hold the NUL character (PostgreSQL's text cannot), so a body
        // carrying one is refused here, the same on every store. (A literal backslash before
        // `u0000` is refused too: no real name, note or id has one.)
        if bytes.windows(6).any(|w| w == b"\\u0000") {
            return Err(ApiProblem::new(
                StatusCode::BAD_REQUEST,
                "The request body holds a NUL character (\\u0000), which no text may contain.",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(Body)
            .map_err(|e| ApiProblem::new(StatusCode::BAD_REQUEST, format!("The request body is not valid JSON for this endpoint: {e}")))
    }
}

/// The counter staff: `Authorization: Bearer <operator token from the server's config>`.
pub struct Operator;

impl FromRequestParts<AppState> for Operator {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(expected) = state.operator_token.as_deref() else {
            return Err(ApiProblem::new(StatusCode::FORBIDDEN, "Operator endpoints are disabled: no operator token is configured."));
        };
        let given = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if given.is_some_and(|g| constant_time_eq(g.as_bytes(), expected.as_bytes())) {
            Ok(Operator)
        } else {
            Err(ApiProblem::new(StatusCode::UNAUTHORIZED, "A valid operator bearer token is required."))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
