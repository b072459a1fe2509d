//! FHIR R4's REST calls over HTTP, with the bearer token of [`TokenSource`]. Every failure is
//! sorted into what the caller can do about it: try later ([`FhirError::Unavailable`], which the
//! API answers 503 with `Retry-After`), take another seat ([`FhirError::Changed`]), or log a
//! configuration or mapping fault.

use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

use super::token::{Credentials, TokenSource};

const FHIR_JSON: &str = "application/fhir+json";
/// Creates and updates ask for the resource back: its id and version are what comes next.
const RETURN_RESOURCE: &str = "return=representation";
/// Pages of a search followed at most: a schedule's seats over the booking window fit in a few.
const MAX_PAGES: usize = 50;

#[derive(Debug)]
pub enum FhirError {
    /// Down, too slow, or answering 5xx or 429: worth trying again later.
    Unavailable {
        retry_after_seconds: Option<u64>,
        reason: String,
    },
    /// The token endpoint refused the client credentials: a deployment's configuration fault.
    Auth(String),
    /// A versioned update found the resource changed since it was read (412, or 409).
    Changed,
    NotFound,
    /// A 4xx about the request itself: a mapping the FHIR server does not accept.
    Refused {
        status: u16,
        detail: String,
    },
    /// An answer that is not the FHIR JSON expected.
    Malformed(String),
}

impl FhirError {
    pub(crate) fn unavailable(reason: String) -> Self {
        FhirError::Unavailable { retry_after_seconds: None, reason }
    }
}

impl std::fmt::Display for FhirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FhirError::Unavailable { reason, .. } => write!(f, "FHIR server unavailable: {reason}"),
            FhirError::Auth(why) => write!(f, "FHIR credentials refused: {why}"),
            FhirError::Changed => f.write_str("FHIR resource changed since it was read"),
            FhirError::NotFound => f.write_str("FHIR resource not found"),
            FhirError::Refused { status, detail } => write!(f, "FHIR server refused the request ({status}): {detail}"),
            FhirError::Malformed(why) => write!(f, "FHIR answer not understood: {why}"),
        }
    }
}

impl std::error::Error for FhirError {}

/// When a version was written, to the nanosecond its `lastUpdated` gives (versions a counter
/// writes within one second keep their order); unreadable sorts first.
fn updated(value: &Value) -> Option<(i64, u32)> {
    let text = value.as_str()?;
    let seconds = loket_contract::Instant::parse(text).ok()?.0;
    let fraction = text.split_once('.').map(|(_, f)| f.chars().take_while(char::is_ascii_digit).collect::<String>()).unwrap_or_default();
    let nanos = format!("{fraction:0<9}").get(..9)?.parse().ok()?;
    Some((seconds, nanos))
}

/// A resource and the version it was read at (for `If-Match`).
#[derive(Debug, Clone)]
pub struct Versioned {
    pub resource: Value,
    pub version: String,
}

impl Versioned {
    /// A resource as a search gives it, at the version its `meta` names (none: not updatable).
    pub fn from_meta(resource: Value) -> Option<Versioned> {
        let version = resource["meta"]["versionId"].as_str()?.to_owned();
        Some(Versioned { resource, version })
    }

    pub fn id(&self) -> &str {
        self.resource["id"].as_str().unwrap_or_default()
    }
}

pub struct FhirClient {
    http: reqwest::Client,
    base: String,
    tokens: TokenSource,
}

impl FhirClient {
    /// `base` is the FHIR base URL (`https://…/fhir-r4/v1`); `timeout` bounds each request, so
    /// that a hanging FHIR server costs a citizen seconds, not minutes.
    pub fn new(base: &str, credentials: Credentials, timeout: Duration) -> Result<Self, FhirError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("loket-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| FhirError::Malformed(format!("HTTP client: {e}")))?;
        let tokens = TokenSource::new(http.clone(), credentials);
        Ok(FhirClient { http, base: base.trim_end_matches('/').to_owned(), tokens })
    }

    pub async fn read(&self, kind: &str, id: &str) -> Result<Versioned, FhirError> {
        let url = format!("{}/{kind}/{id}", self.base);
        let resp = self.send(|http| http.request(Method::GET, &url)).await?;
        versioned(resp).await
    }

    /// Every match of a search (`Slot?schedule=…`), following the Bundle's `next` links.
    pub async fn search(&self, kind: &str, params: &[(&str, &str)]) -> Result<Vec<Value>, FhirError> {
        let first = format!("{}/{kind}", self.base);
        let page = self.send(|http| http.get(&first).query(params).query(&[("_count", "500")])).await?;
        self.bundle(&format!("search {kind}"), page).await
    }

    /// Every version of a resource (`_history`), oldest first: what the facility recorded, when.
    pub async fn history(&self, kind: &str, id: &str) -> Result<Vec<Value>, FhirError> {
        let first = format!("{}/{kind}/{id}/_history", self.base);
        let page = self.send(|http| http.get(&first).query(&[("_count", "500")])).await?;
        let mut versions = self.bundle(&format!("history of {kind}/{id}"), page).await?;
        versions.sort_by_key(|v| updated(&v["meta"]["lastUpdated"]));
        Ok(versions)
    }

    /// The resources of a Bundle and of the pages its `next` links lead to.
    async fn bundle(&self, what: &str, mut page: Response) -> Result<Vec<Value>, FhirError> {
        let mut found = Vec::new();
        let mut total = None;
        for _ in 0..MAX_PAGES {
            let bundle: Value = page.json().await.map_err(|e| FhirError::Malformed(format!("{what}: {e}")))?;
            total = total.or(bundle["total"].as_u64());
            let entries = bundle["entry"].as_array().map(Vec::as_slice).unwrap_or_default();
            // A search may include other resources (`_include`, an OperationOutcome): only matches count.
            found.extend(
                entries
                    .iter()
                    .filter(|e| e["search"]["mode"].as_str().is_none_or(|m| m == "match") && e["resource"].is_object())
                    .map(|e| e["resource"].clone()),
            );
            let next = bundle["link"]
                .as_array()
                .and_then(|links| links.iter().find(|l| l["relation"] == "next").and_then(|l| l["url"].as_str()).map(str::to_owned));
            let Some(next) = next else {
                // A server that cuts a search short without a `next` link would hide seats.
                return match total {
                    Some(total) if total > found.len() as u64 => {
                        Err(FhirError::Malformed(format!("{what}: {total} matches, {} given and no next page", found.len())))
                    }
                    _ => Ok(found),
                };
            };
            // The token goes only to the FHIR server itself.
            if !same_origin(&next, &self.base) {
                return Err(FhirError::Malformed(format!("{what}: a next page on another server ({next})")));
            }
            page = self.send(|http| http.get(&next)).await?;
        }
        Err(FhirError::Malformed(format!("{what}: more than {MAX_PAGES} pages")))
    }

    /// Creates `resource`, or with `if_none_exist` (a search, `identifier=system|value`) finds
    /// the one that matches it instead: a replayed request finds what the first one made. The
    /// flag says whether this call created it.
    pub async fn create(&self, resource: &Value, if_none_exist: Option<&str>) -> Result<(Versioned, bool), FhirError> {
        let kind = resource["resourceType"].as_str().unwrap_or_default();
        let url = format!("{}/{kind}", self.base);
        let resp = self
            .send(|http| {
                let request = http.post(&url).header("Content-Type", FHIR_JSON).header("Prefer", RETURN_RESOURCE).json(resource);
                match if_none_exist {
                    Some(search) => request.header("If-None-Exist", search),
                    None => request,
                }
            })
            .await?;
        let created = resp.status() == StatusCode::CREATED;
        Ok((versioned(resp).await?, created))
    }

    /// Replaces the resource if it is still at `version`; [`FhirError::Changed`] when someone
    /// changed it since.
    pub async fn update(&self, resource: &Value, version: &str) -> Result<Versioned, FhirError> {
        let kind = resource["resourceType"].as_str().unwrap_or_default();
        let id = resource["id"].as_str().unwrap_or_default();
        let url = format!("{}/{kind}/{id}", self.base);
        let if_match = format!("W/\"{version}\"");
        let resp = self
            .send(|http| {
                http.put(&url)
                    .header("Content-Type", FHIR_JSON)
                    .header("Prefer", RETURN_RESOURCE)
                    .header("If-Match", &if_match)
                    .json(resource)
            })
            .await?;
        versioned(resp).await
    }

    /// Sends with the current token; a 401 means the token was refused, so it is fetched anew and
    /// the request sent once more. Statuses other than success become [`FhirError`]s.
    async fn send(&self, build: impl Fn(&reqwest::Client) -> RequestBuilder) -> Result<Response, FhirError> {
        let mut retried = false;
        loop {
            let token = self.tokens.bearer().await?;
            let request = build(&self.http).bearer_auth(&token).header("Accept", FHIR_JSON);
            let resp = request.send().await.map_err(|e| FhirError::unavailable(transport(&e)))?;
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED && !retried {
                self.tokens.refused(&token).await;
                retried = true;
                continue;
            }
            if status.is_success() {
                return Ok(resp);
            }
            return Err(failure(resp).await);
        }
    }
}

fn same_origin(url: &str, base: &str) -> bool {
    match (reqwest::Url::parse(url), reqwest::Url::parse(base)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    }
}

fn transport(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("no answer in time ({e})")
    } else {
        e.to_string()
    }
}

async fn failure(resp: Response) -> FhirError {
    let status = resp.status();
    let retry_after_seconds = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok());
    let detail = resp.text().await.map(|body| outcome_text(&body)).unwrap_or_default();
    match status {
        StatusCode::PRECONDITION_FAILED | StatusCode::CONFLICT => FhirError::Changed,
        StatusCode::NOT_FOUND | StatusCode::GONE => FhirError::NotFound,
        StatusCode::TOO_MANY_REQUESTS => FhirError::Unavailable { retry_after_seconds, reason: format!("{status}: {detail}") },
        s if s.is_server_error() => FhirError::Unavailable { retry_after_seconds, reason: format!("{status}: {detail}") },
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => FhirError::Auth(format!("{status}: {detail}")),
        _ => FhirError::Refused { status: status.as_u16(), detail },
    }
}

/// The first issue of an OperationOutcome, or the start of whatever else the body is.
fn outcome_text(body: &str) -> String {
    let outcome: Option<Value> = serde_json::from_str(body).ok();
    let issue = outcome.as_ref().and_then(|o| o["issue"].get(0));
    match issue {
        Some(issue) => issue["details"]["text"].as_str().or(issue["diagnostics"].as_str()).unwrap_or_default().to_owned(),
        None => body.chars().take(200).collect(),
    }
}

/// The resource of an answer with its version: the ETag (`W/"3"`) or else `meta.versionId`.
async fn versioned(resp: Response) -> Result<Versioned, FhirError> {
    let etag = resp.headers().get("etag").and_then(|v| v.to_str().ok()).map(version_of_etag);
    let resource: Value = resp.json().await.map_err(|e| FhirError::Malformed(e.to_string()))?;
    let version = etag.or_else(|| resource["meta"]["versionId"].as_str().map(str::to_owned));
    match version {
        Some(version) if resource["id"].is_string() => Ok(Versioned { resource, version }),
        _ => Err(FhirError::Malformed("a resource without an id or a version".into())),
    }
}

fn version_of_etag(etag: &str) -> String {
    etag.trim().trim_start_matches("W/").trim_matches('"').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_pages_are_followed_only_on_the_fhir_servers_own_origin() {
        let base = "https://api-satusehat.kemkes.go.id/fhir-r4/v1";
        assert!(same_origin("https://api-satusehat.kemkes.go.id/fhir-r4/v1/Slot?page=2", base));
        assert!(!same_origin("https://elsewhere.example/fhir/Slot?page=2", base));
        assert!(!same_origin("http://api-satusehat.kemkes.go.id/fhir-r4/v1/Slot?page=2", base), "not downgraded to http");
    }

    #[test]
    fn a_version_is_read_from_a_weak_or_strong_etag() {
        assert_eq!(version_of_etag("W/\"3\""), "3");
        assert_eq!(version_of_etag("\"7f0c\""), "7f0c");
    }

    #[test]
    fn an_operation_outcome_is_read_for_its_first_issue() {
        let body = r#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"conflict","details":{"text":"Precondition Failed"}}]}"#;
        assert_eq!(outcome_text(body), "Precondition Failed");
        assert_eq!(outcome_text("<html>Bad gateway</html>"), "<html>Bad gateway</html>");
    }
}
