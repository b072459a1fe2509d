use loket_contract::Problem;

/// Every way a call to the backend can fail, as the citizen needs to tell them apart.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The browser says it has no network: nothing was sent.
    Offline,
    /// No answer within the time limit.
    Timeout,
    /// The request could not reach the server (DNS, refused, reset) while the browser was online.
    Unreachable(String),
    /// The server answered with an error status; `problem` when it sent RFC 9457 details.
    Http { status: u16, problem: Option<Problem> },
    /// 429: too many requests; the server's `Retry-After`, in seconds.
    RateLimited { retry_after_seconds: u64 },
    /// The server answered 2xx with a body that is not what the contract says.
    Decode(String),
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
            ApiError::Http { status, .. } => *status == 429 || *status >= 500,
            ApiError::Decode(_) => false,
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
        assert!(http(429).is_retriable());
        assert!(!http(409).is_retriable());
        assert!(!http(422).is_retriable());
        assert!(!ApiError::Decode("x".into()).is_retriable());
    }

    #[test]
    fn statuses_map_to_the_kinds_views_explain() {
        assert_eq!(http(404).kind(), ErrorKind::NotFound);
        assert_eq!(http(409).kind(), ErrorKind::Conflict);
        assert_eq!(http(429).kind(), ErrorKind::RateLimited);
        assert_eq!(http(422).kind(), ErrorKind::Invalid);
        assert_eq!(http(500).kind(), ErrorKind::Server);
    }
}
