use serde::{Deserialize, Serialize};

/// Media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem details object, the body of every error answer of the API.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Per-field validation errors (an extension member), so that a form can put each message
    /// next to its field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One invalid field of a request body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON pointer-like name of the field, e.g. `applicant.nik`.
    pub field: String,
    /// Stable machine code, e.g. `nik.province_unknown`; the app maps it to a localised message.
    pub code: String,
    /// English explanation for people reading the raw answer.
    pub message: String,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

impl Problem {
    pub fn new(status: u16, title: impl Into<String>) -> Self {
        Problem { kind: about_blank(), title: title.into(), status, detail: None, instance: None, errors: Vec::new() }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// Where the API's problem types live: `type` is this followed by the kind's slug.
pub const PROBLEM_TYPE_BASE: &str = "https://loket.id/problems/";

/// Every kind of problem the API names in `type` (RFC 9457), so that a client tells them apart
/// by this enum, never by the status or by matching strings. A problem of no kind here is
/// `about:blank`: its status says it all (404, 503, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// 422: fields of the request are wrong; `errors` names each.
    Validation,
    /// 409: the slot filled up before this booking reached it.
    SlotFull,
    /// 409: this person already has this service booked that day; `instance` names the booking.
    AlreadyBooked,
    /// 409: the booking's status no longer allows this change.
    NotChangeable,
    /// 409: the survey opens only after the visit.
    NotFulfilled,
    /// 409: a survey was already sent for this booking.
    SurveySent,
    /// 409: not a move the counter flow allows (operator API).
    NotAllowedMove,
    /// 422: the `Idempotency-Key` was used for a different request.
    IdempotencyKeyReused,
    /// 429: too many requests; `Retry-After` says when to try again.
    RateLimited,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 9] = [
        ProblemKind::Validation,
        ProblemKind::SlotFull,
        ProblemKind::AlreadyBooked,
        ProblemKind::NotChangeable,
        ProblemKind::NotFulfilled,
        ProblemKind::SurveySent,
        ProblemKind::NotAllowedMove,
        ProblemKind::IdempotencyKeyReused,
        ProblemKind::RateLimited,
    ];

    /// The last segment of the type URI.
    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::Validation => "validation",
            ProblemKind::SlotFull => "slot-full",
            ProblemKind::AlreadyBooked => "already-booked",
            ProblemKind::NotChangeable => "not-changeable",
            ProblemKind::NotFulfilled => "not-fulfilled",
            ProblemKind::SurveySent => "survey-sent",
            ProblemKind::NotAllowedMove => "not-allowed-move",
            ProblemKind::IdempotencyKeyReused => "idempotency-key-reused",
            ProblemKind::RateLimited => "rate-limited",
        }
    }

    /// The HTTP status that goes with the kind.
    pub fn status(self) -> u16 {
        match self {
            ProblemKind::Validation | ProblemKind::IdempotencyKeyReused => 422,
            ProblemKind::RateLimited => 429,
            _ => 409,
        }
    }

    /// The RFC 9457 `type` URI.
    pub fn uri(self) -> String {
        format!("{PROBLEM_TYPE_BASE}{}", self.slug())
    }

    pub fn from_uri(uri: &str) -> Option<ProblemKind> {
        let slug = uri.strip_prefix(PROBLEM_TYPE_BASE)?;
        ProblemKind::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

impl Problem {
    /// A problem of a named kind: its type, status and the status's title.
    pub fn of(kind: ProblemKind, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem { kind: kind.uri(), ..Problem::new(kind.status(), title).with_detail(detail) }
    }

    /// The named kind of this problem, if it has one.
    pub fn problem_kind(&self) -> Option<ProblemKind> {
        ProblemKind::from_uri(&self.kind)
    }
}

/// The `instance` of an "already booked" problem: the booking the person already has, as its
/// API path, which the app reads back with [`booking_of_instance`] to offer that booking.
pub fn booking_instance(code: &str) -> String {
    format!("{}/bookings/{code}", crate::API_PREFIX)
}

/// The booking code in an `instance` made by [`booking_instance`]; `None` for anything else.
pub fn booking_of_instance(instance: &str) -> Option<&str> {
    let code = instance.strip_prefix(crate::API_PREFIX)?.strip_prefix("/bookings/")?;
    (!code.is_empty() && !code.contains('/')).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_already_booked_instance_reads_back_its_code_and_nothing_else() {
        assert_eq!(booking_of_instance(&booking_instance("LKT-7K2M9Q")), Some("LKT-7K2M9Q"));
        assert_eq!(booking_of_instance("/elsewhere/bookings/LKT-7K2M9Q"), None);
        assert_eq!(booking_of_instance(&booking_instance("")), None);
        assert_eq!(booking_of_instance(&format!("{}/x", booking_instance("LKT-7K2M9Q"))), None);
    }

    #[test]
    fn every_kind_reads_back_from_its_uri() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::from_uri(&kind.uri()), Some(kind));
            assert_eq!(Problem::of(kind, "T", "d").problem_kind(), Some(kind));
        }
        assert_eq!(ProblemKind::from_uri("about:blank"), None);
        assert_eq!(ProblemKind::from_uri("https://example.org/problems/slot-full"), None);
    }

    #[test]
    fn serialises_type_under_its_rfc_name_and_omits_empty_members() {
        let json = serde_json::to_value(Problem::new(404, "Not Found")).unwrap();
        assert_eq!(json, serde_json::json!({"type": "about:blank", "title": "Not Found", "status": 404}));
    }

    #[test]
    fn a_problem_without_type_defaults_to_about_blank() {
        let p: Problem = serde_json::from_str(r#"{"title":"Conflict","status":409}"#).unwrap();
        assert_eq!(p.kind, "about:blank");
        assert!(p.errors.is_empty());
    }
}
