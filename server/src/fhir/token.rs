//! OAuth2 client credentials (RFC 6749 §4.4), as SATUSEHAT and hospital FHIR servers ask of a
//! system client. A browser could not keep the secret; the server does, and holds one token for
//! all its requests: cached until shortly before it expires, fetched anew when the FHIR server
//! refuses it (revoked early, or the FHIR server restarted).

use std::time::{Duration, Instant};

use serde::Deserialize;

use super::FhirError;

/// Where and as whom to ask for a token.
#[derive(Clone)]
pub struct Credentials {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
}

/// The secret is never printed.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("token_url", &self.token_url).field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

pub struct TokenSource {
    http: reqwest::Client,
    credentials: Credentials,
    /// Behind an async lock so that callers arriving together wait for one token request.
    cached: tokio::sync::Mutex<Option<Token>>,
}

struct Token {
    value: String,
    renew_at: Instant,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    /// A number in RFC 6749; SATUSEHAT sends it as a string.
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenSource {
    pub fn new(http: reqwest::Client, credentials: Credentials) -> Self {
        TokenSource { http, credentials, cached: tokio::sync::Mutex::new(None) }
    }

    /// A token that was valid a moment ago.
    pub async fn bearer(&self) -> Result<String, FhirError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.value.clone());
        }
        let token = self.fetch().await?;
        let value = token.value.clone();
        *cached = Some(token);
        Ok(value)
    }

    /// The FHIR server refused `value`: the next call fetches another, unless a caller that was
    /// refused at the same time already did.
    pub async fn refused(&self, value: &str) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|t| t.value == value) {
            *cached = None;
        }
    }

    async fn fetch(&self) -> Result<Token, FhirError> {
        let Credentials { token_url, client_id, client_secret } = &self.credentials;
        let form = [("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", client_secret)];
        let asked = Instant::now();
        let resp =
            self.http.post(token_url).form(&form).send().await.map_err(|e| FhirError::unavailable(format!("token endpoint: {e}")))?;
        let status = resp.status();
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(FhirError::unavailable(format!("token endpoint answered {status}")));
        }
        if !status.is_success() {
            let body = resp.text().await.unwrap_or_default();
            return Err(FhirError::Auth(format!("token endpoint answered {status}: {}", body.chars().take(200).collect::<String>())));
        }
        let answer: TokenAnswer =
            resp.json().await.map_err(|e| FhirError::Malformed(format!("token endpoint: not a token answer ({e})")))?;
        let lifetime = answer.expires_in.as_ref().and_then(seconds).unwrap_or(300);
        Ok(Token { value: answer.access_token, renew_at: asked + renew_after(lifetime) })
    }
}

fn seconds(value: &serde_json::Value) -> Option<u64> {
    value.as_u64().or_else(|| value.as_str()?.trim().parse().ok())
}

/// A token is renewed a minute before it expires (a tenth of its life when that is shorter), so
/// that a request never leaves with a token about to lapse on the way.
fn renew_after(lifetime_seconds: u64) -> Duration {
    let margin = (lifetime_seconds / 10).min(60);
    Duration::from_secs(lifetime_seconds - margin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_renewed_before_it_expires() {
        assert_eq!(renew_after(3600), Duration::from_secs(3540));
        assert_eq!(renew_after(100), Duration::from_secs(90));
        assert_eq!(renew_after(0), Duration::ZERO);
    }

    #[test]
    fn expires_in_is_read_as_a_number_or_as_satusehat_writes_it() {
        assert_eq!(seconds(&serde_json::json!(3599)), Some(3599));
        assert_eq!(seconds(&serde_json::json!("3599")), Some(3599));
        assert_eq!(seconds(&serde_json::json!("soon")), None);
    }
}
