//! Serves the built app: exact files with their cache policy, and `index.html` for any other
//! page path so that a deep link opened cold reaches the app's router.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::assets::Asset;
use crate::AppState;

pub async fn serve(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    let path = match uri.path() {
        "/" => "/index.html",
        p => p,
    };
    let asset = match state.assets.get(path) {
        Some(asset) => asset,
        // A path whose last segment has no extension is a page of the app, not a missing file.
        None if !last_segment(path).contains('.') => state.assets.index(),
        None => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
    };
    respond(asset, &headers)
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[derive(Clone, Copy)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

fn respond(asset: &Asset, request: &HeaderMap) -> Response {
    let accepted = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (encoding, body) = match (accepts(accepted, "br"), accepts(accepted, "gzip"), &asset.brotli, &asset.gzip) {
        (true, _, Some(br), _) => (Encoding::Brotli, br),
        (_, true, _, Some(gz)) => (Encoding::Gzip, gz),
        _ => (Encoding::Identity, &asset.identity),
    };
    // Each encoding is its own representation, so each gets its own strong validator.
    let etag = match encoding {
        Encoding::Brotli => format!("\"{}-br\"", asset.etag),
        Encoding::Gzip => format!("\"{}-gz\"", asset.etag),
        Encoding::Identity => format!("\"{}\"", asset.etag),
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(asset.cache.header_value()));
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex etag"));
    if asset.brotli.is_some() || asset.gzip.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    if not_modified {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    match encoding {
        Encoding::Brotli => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        Encoding::Gzip => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        Encoding::Identity => {}
    }
    (headers, body.clone()).into_response()
}

/// Whether `Accept-Encoding` lists `coding` without refusing it (`;q=0`).
fn accepts(header_value: &str, coding: &str) -> bool {
    header_value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn reads_accept_encoding_with_q_values() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("brotli", "br"));
    }
}
