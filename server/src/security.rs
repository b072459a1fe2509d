//! Security headers on every answer. The Content-Security-Policy allows scripts and styles from
//! this origin only, plus the exact inline blocks the built `index.html` carries (Trunk's module
//! loader, the skeleton's style), by their SHA-256: no `unsafe-inline`, and a changed or
//! injected inline block does not run.

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers, computed once at start from the built app.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// `index_html` is the built entry page; `api_origin` the backend's origin when `config.json`
    /// points the app at another one.
    pub fn new(index_html: &str, api_origin: Option<&str>) -> SecurityHeaders {
        let policy = content_security_policy(index_html, api_origin);
        SecurityHeaders { csp: HeaderValue::from_str(&policy).expect("a policy is ASCII") }
    }

    pub fn apply(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
        );
        headers.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
        response
    }
}

pub fn content_security_policy(index_html: &str, api_origin: Option<&str>) -> String {
    let hashes = |tag: &str| inline_blocks(index_html, tag).iter().map(|b| format!(" 'sha256-{}'", sha256_base64(b))).collect::<String>();
    let connect = api_origin.map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data:; connect-src 'self'{connect}; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        scripts = hashes("script"),
        styles = hashes("style"),
    )
}

/// The bodies of inline `<tag>` blocks (those without `src`), exactly as the browser hashes them.
fn inline_blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut blocks = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // `<style>` or `<style media=…>`, not `<stylesheet…`.
        if !after.starts_with(['>', ' ', '\n', '\t']) {
            rest = after;
            continue;
        }
        let Some(tag_end) = after.find('>') else { break };
        let attributes = &after[..tag_end];
        let body_and_rest = &after[tag_end + 1..];
        let Some(body_end) = body_and_rest.find(&close) else { break };
        if !attributes.contains("src=") {
            blocks.push(&body_and_rest[..body_end]);
        }
        rest = &body_and_rest[body_end + close.len()..];
    }
    blocks
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// The origin (`https://api.example.go.id`) of an absolute base URL; `None` for a path.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><script type=\"module\">import init from '/a.js';</script>\
        <script src=\"/b.js\"></script><link rel=\"stylesheet\" href=\"/c.css\"><style>p{color:red}</style></head></html>";

    #[test]
    fn inline_blocks_are_found_and_src_scripts_are_not() {
        assert_eq!(inline_blocks(PAGE, "script"), ["import init from '/a.js';"]);
        assert_eq!(inline_blocks(PAGE, "style"), ["p{color:red}"]);
    }

    #[test]
    fn the_policy_names_each_inline_block_by_its_hash_and_never_unsafe_inline() {
        let policy = content_security_policy(PAGE, None);
        assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{}'", sha256_base64("import init from '/a.js';"))));
        assert!(policy.contains(&format!("style-src 'self' 'sha256-{}'", sha256_base64("p{color:red}"))));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("connect-src 'self';"));
        assert!(content_security_policy(PAGE, Some("https://api.example.go.id")).contains("connect-src 'self' https://api.example.go.id;"));
    }

    #[test]
    fn sha256_matches_the_browsers_csp_hash() {
        // `echo -n "alert(1)" | openssl dgst -sha256 -binary | base64`
        assert_eq!(sha256_base64("alert(1)"), "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
    }

    #[test]
    fn origins_of_absolute_urls_only() {
        assert_eq!(origin_of("https://api.example.go.id/api/v1").as_deref(), Some("https://api.example.go.id"));
        assert_eq!(origin_of("/api/v1"), None);
    }
}
