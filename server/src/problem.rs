//! Every error answer of the API is an RFC 9457 problem document.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use loket_contract::{FieldError, Problem, ProblemKind, PROBLEM_JSON};

use crate::store::{AdvanceError, BookingError, SurveyError};

/// A [`Problem`] that axum can answer with.
#[derive(Debug)]
/// Boxed: every handler returns it as its error, and a large error would make each `Result` large.
pub struct ApiProblem(pub Box<Problem>);

impl ApiProblem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        ApiProblem(Box::new(Problem::new(status.as_u16(), title).with_detail(detail)))
    }

    /// A problem of a kind the contract names: its `type` URI and its status.
    pub fn of(kind: ProblemKind, detail: impl Into<String>) -> Self {
        let title = match kind.status() {
            // RFC 9110's name; the `http` crate still has the older "Unprocessable Entity".
            422 => "Unprocessable Content",
            status => StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error"),
        };
        ApiProblem(Box::new(Problem::of(kind, title, detail)))
    }

    /// 422 with each wrong field named.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let mut p = ApiProblem::of(ProblemKind::Validation, "Some fields need correcting.");
        p.0.errors = errors;
        p
    }
}

fn booking_not_found() -> ApiProblem {
    ApiProblem::new(StatusCode::NOT_FOUND, "No booking matches this code and verification.")
}

impl From<BookingError> for ApiProblem {
    fn from(e: BookingError) -> Self {
        match e {
            BookingError::NotFound => booking_not_found(),
            BookingError::SlotFull => ApiProblem::of(ProblemKind::SlotFull, "That time slot has just been taken. Choose another slot."),
            BookingError::SlotUnavailable => ApiProblem::invalid(vec![FieldError {
                field: "slotId".into(),
                code: "slot.unavailable".into(),
                message: "this slot does not exist, has started, or cannot be booked".into(),
            }]),
            BookingError::AlreadyBooked { code } => {
                let mut p = ApiProblem::of(ProblemKind::AlreadyBooked, "This person already has a booking for this service on that day.");
                p.0.instance = Some(loket_contract::problem::booking_instance(&code));
                p
            }
            BookingError::KeyReused => {
                ApiProblem::of(ProblemKind::IdempotencyKeyReused, "This Idempotency-Key was used for a different booking request.")
            }
            BookingError::Invalid(errors) => ApiProblem::invalid(errors),
            BookingError::NotChangeable(status) => {
                ApiProblem::of(ProblemKind::NotChangeable, format!("A booking that is {} can no longer be changed.", status.as_str()))
            }
            BookingError::Storage(e) => ApiProblem::from(e),
        }
    }
}

impl From<SurveyError> for ApiProblem {
    fn from(e: SurveyError) -> Self {
        match e {
            SurveyError::NotFound => booking_not_found(),
            SurveyError::NotFulfilled => ApiProblem::of(ProblemKind::NotFulfilled, "The survey opens after the visit is complete."),
            SurveyError::AlreadySent => ApiProblem::of(ProblemKind::SurveySent, "A survey was already sent for this booking."),
            SurveyError::Invalid(errors) => ApiProblem::invalid(errors),
            SurveyError::Storage(e) => ApiProblem::from(e),
        }
    }
}

impl From<AdvanceError> for ApiProblem {
    fn from(e: AdvanceError) -> Self {
        match e {
            AdvanceError::NotFound => ApiProblem::new(StatusCode::NOT_FOUND, "No application with this code."),
            AdvanceError::NotAllowed { from, to } => ApiProblem::of(
                ProblemKind::NotAllowedMove,
                format!("An application that is {} cannot become {}.", from.as_str(), to.as_str()),
            ),
            AdvanceError::ReasonRequired => ApiProblem::invalid(vec![FieldError {
                field: "note".into(),
                code: "note.required".into(),
                message: "a rejection needs its reason in Indonesian and English".into(),
            }]),
            AdvanceError::Storage(e) => ApiProblem::from(e),
        }
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        // A database that is not answering usually is again within seconds (a restart, a
        // fail-over, a pool that drains): the app's outbox waits this long before sending again.
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().entry(header::RETRY_AFTER).or_insert(HeaderValue::from_static("5"));
        }
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
