use loket_contract::{FieldError, Problem, ProblemKind};

/// Every way a call to the backend can fail, as the citizen needs to tell them apart.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The browser says it has no network: nothing was sent.
    Offline,
    /// No answer within the time limit.
    Timeout,
    /// The request could not reach the server (DNS, refused, reset) while the browser was online.
    Unreachable(String),
    /// The server refused for a reason the contract names (decoded once, by the backend).
    Refused(Refusal),
    /// Any other error status (404, 5xx, …); `problem` when it sent RFC 9457 details.
    Http { status: u16, problem: Option<Box<Problem>> },
    /// 429: too many requests; the server's `Retry-After`, in seconds.
    RateLimited { retry_after_seconds: u64 },
    /// The server answered 2xx with a body that is not what the contract says.
    Decode(String),
    /// The booking or application is not held on this device: nothing could be asked.
    NotOnDevice,
}

/// The server's refusals that a page or the outbox acts on, each a [`ProblemKind`].
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The request's fields are wrong, each named.
    Invalid(Vec<FieldError>),
    SlotFull,
    /// This person already has this service booked that day; its code when the server said.
    AlreadyBooked {
        code: Option<String>,
    },
    NotChangeable,
    NotFulfilled,
    SurveySent,
    NotAllowedMove,
    IdempotencyKeyReused,
}

impl ApiError {
    /// The error an HTTP error answer stands for: a named refusal, the rate limit, or its status.
    pub fn from_answer(status: u16, problem: Option<Problem>, retry_after_seconds: Option<u64>) -> ApiError {
        let kind = problem.as_ref().and_then(Problem::problem_kind);
        let refusal = match kind {
            // A minute when the server does not say: long enough not to hammer it.
            _ if status == 429 => return ApiError::RateLimited { retry_after_seconds: retry_after_seconds.unwrap_or(60) },
            Some(ProblemKind::RateLimited) => return ApiError::RateLimited { retry_after_seconds: retry_after_seconds.unwrap_or(60) },
            Some(ProblemKind::Validation) => Refusal::Invalid(problem.map(|p| p.errors).unwrap_or_default()),
            Some(ProblemKind::SlotFull) => Refusal::SlotFull,
            Some(ProblemKind::AlreadyBooked) => Refusal::AlreadyBooked {
                code: problem.and_then(|p| p.instance).as_deref().and_then(loket_contract::problem::booking_of_instance).map(str::to_owned),
            },
            Some(ProblemKind::NotChangeable) => Refusal::NotChangeable,
            Some(ProblemKind::NotFulfilled) => Refusal::NotFulfilled,
            Some(ProblemKind::SurveySent) => Refusal::SurveySent,
            Some(ProblemKind::NotAllowedMove) => Refusal::NotAllowedMove,
            Some(ProblemKind::IdempotencyKeyReused) => Refusal::IdempotencyKeyReused,
            None => return ApiError::Http { status, problem: problem.map(Box::new) },
        };
        ApiError::Refused(refusal)
    }
}

/// The kinds a view distinguishes, each with its own message and next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Offline,
    Timeout,
    Unreachable,
    NotFound,
    Conflict,
    RateLimited,
    Invalid,
    Server,
    Decode,
}

impl ApiError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Offline => ErrorKind::Offline,
            ApiError::Timeout => ErrorKind::Timeout,
            ApiError::Unreachable(_) => ErrorKind::Unreachable,
            ApiError::Decode(_) => ErrorKind::Decode,
            ApiError::RateLimited { .. } => ErrorKind::RateLimited,
            ApiError::NotOnDevice => ErrorKind::NotFound,
            ApiError::Refused(Refusal::Invalid(_) | Refusal::IdempotencyKeyReused) => ErrorKind::Invalid,
            ApiError::Refused(_) => ErrorKind::Conflict,
            ApiError::Http { status, .. } => match status {
                404 | 410 => ErrorKind::NotFound,
                409 => ErrorKind::Conflict,
                429 => ErrorKind::RateLimited,
                400 | 422 => ErrorKind::Invalid,
                _ => ErrorKind::Server,
            },
        }
    }

    /// Whether sending the same request again later may succeed; writes are only retried with
    /// the same idempotency key.
    pub fn is_retriable(&self) -> bool {
        match self {
            ApiError::Offline | ApiError::Timeout | ApiError::Unreachable(_) | ApiError::RateLimited { .. } => true,
            ApiError::Http { status, .. } => *status >= 500,
            ApiError::Refused(_) | ApiError::Decode(_) | ApiError::NotOnDevice => false,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Offline => f.write_str("offline"),
            ApiError::Timeout => f.write_str("timed out"),
            ApiError::Unreachable(why) => write!(f, "unreachable: {why}"),
            ApiError::Http { status, problem: Some(p) } => write!(f, "HTTP {status}: {}", p.title),
            ApiError::Http { status, problem: None } => write!(f, "HTTP {status}"),
            ApiError::Decode(why) => write!(f, "unexpected answer: {why}"),
            ApiError::RateLimited { retry_after_seconds } => write!(f, "rate limited for {retry_after_seconds} s"),
            ApiError::Refused(refusal) => write!(f, "refused: {refusal:?}"),
            ApiError::NotOnDevice => f.write_str("not on this device"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> ApiError {
        ApiError::Http { status, problem: None }
    }

    #[test]
    fn network_trouble_and_overload_are_retriable_client_mistakes_are_not() {
        assert!(ApiError::Offline.is_retriable());
        assert!(ApiError::Timeout.is_retriable());
        assert!(http(503).is_retriable());
        assert!(ApiError::RateLimited { retry_after_seconds: 1 }.is_retriable());
        assert!(!http(409).is_retriable());
        assert!(!http(422).is_retriable());
        assert!(!ApiError::Decode("x".into()).is_retriable());
    }

    fn problem(kind: ProblemKind, instance: Option<&str>) -> Option<Problem> {
        let mut p = Problem::of(kind, "T", "d");
        p.instance = instance.map(str::to_owned);
        Some(p)
    }

    #[test]
    fn named_problems_decode_into_refusals_once() {
        assert_eq!(ApiError::from_answer(409, problem(ProblemKind::SlotFull, None), None), ApiError::Refused(Refusal::SlotFull));
        assert_eq!(
            ApiError::from_answer(409, problem(ProblemKind::AlreadyBooked, Some("/api/v1/bookings/ABCDE-FGHJK")), None),
            ApiError::Refused(Refusal::AlreadyBooked { code: Some("ABCDE-FGHJK".into()) })
        );
        assert_eq!(ApiError::from_answer(409, problem(ProblemKind::SurveySent, None), None).kind(), ErrorKind::Conflict);
        assert_eq!(
            ApiError::from_answer(429, problem(ProblemKind::RateLimited, None), Some(7)),
            ApiError::RateLimited { retry_after_seconds: 7 }
        );
        assert_eq!(ApiError::from_answer(429, None, None), ApiError::RateLimited { retry_after_seconds: 60 });
        let invalid = ApiError::from_answer(422, problem(ProblemKind::Validation, None), None);
        assert_eq!((invalid.kind(), invalid.is_retriable()), (ErrorKind::Invalid, false));
        // No named kind: the status says it all.
        assert_eq!(ApiError::from_answer(404, Some(Problem::new(404, "Not Found")), None).kind(), ErrorKind::NotFound);
        assert_eq!(ApiError::NotOnDevice.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn statuses_map_to_the_kinds_views_explain() {
        assert_eq!(http(404).kind(), ErrorKind::NotFound);
        assert_eq!(http(409).kind(), ErrorKind::Conflict);
        assert_eq!(http(422).kind(), ErrorKind::Invalid);
        assert_eq!(http(500).kind(), ErrorKind::Server);
    }
}
