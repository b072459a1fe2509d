//! `api/openapi.json` is what the code generates: regenerate it with
//! `LOKET_UPDATE_OPENAPI=1 cargo test -p loket-server --test openapi` after changing the API.

use std::path::PathBuf;

#[test]
fn the_committed_openapi_document_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/openapi.json");
    let generated = loket_server::api::openapi::document();
    if std::env::var_os("LOKET_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == generated, "api/openapi.json is stale: run LOKET_UPDATE_OPENAPI=1 cargo test -p loket-server --test openapi");
}

#[test]
fn every_route_is_documented() {
    let doc: serde_json::Value = serde_json::from_str(&loket_server::api::openapi::document()).unwrap();
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    for expected in [
        "/api/v1/health",
        "/api/v1/catalogue",
        "/api/v1/slots",
        "/api/v1/bookings",
        "/api/v1/bookings/{code}/cancel",
        "/api/v1/bookings/{code}/reschedule",
        "/api/v1/bookings/{code}/survey",
        "/api/v1/track",
        "/api/v1/queue",
        "/api/v1/operator/walk-ins",
    ] {
        assert!(paths.contains(&expected), "{expected} missing from {paths:?}");
    }
}
