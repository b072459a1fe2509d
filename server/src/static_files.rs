//! Serves the built app: exact files with their cache policy, and the page shell for any other
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
    match state.assets.get(path) {
        Some(asset) => respond(asset, &headers),
        // A path whose last segment has no extension is a page of the app, not a missing file.
        None if !last_segment(path).contains('.') => {
            let (own, asset) = state.assets.page(path, uri.query());
            let mut response = respond(asset, &headers);
            // Names the page's own first HTML, so the service worker does not keep one service's
            // page as the shell of every other path.
            if let Some(location) = own.and_then(|own| HeaderValue::from_str(&own).ok()) {
                response.headers_mut().insert(header::CONTENT_LOCATION, location);
            }
            response
        }
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn respond(asset: &Asset, request: &HeaderMap) -> Response {
    asset.body.respond(request, asset.content_type, asset.cache.header_value())
}
