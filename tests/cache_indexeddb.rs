//! The cache layer against the real IndexedDB of headless Chromium.
#![cfg(target_arch = "wasm32")]

use loket::cache::{self, Cache};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_write_survives_closing_and_reopening_the_database() {
    let name = "loket-test-reopen";
    let _ = cache::delete(name).await;

    let db = Cache::open(name).await.expect("open");
    db.put_meta("catalogue_version", r#"{"version":42}"#).await.expect("write");
    db.close();

    let db = Cache::open(name).await.expect("reopen");
    assert_eq!(
        db.get_meta("catalogue_version").await.expect("read").as_deref(),
        Some(r#"{"version":42}"#)
    );
    assert_eq!(db.get_meta("never-written").await.expect("read"), None);
    db.close();
    cache::delete(name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn a_second_write_replaces_the_first() {
    let name = "loket-test-replace";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.expect("open");
    db.put_meta("k", "\"one\"").await.unwrap();
    db.put_meta("k", "\"two\"").await.unwrap();
    assert_eq!(db.get_meta("k").await.unwrap().as_deref(), Some("\"two\""));
    db.close();
    cache::delete(name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn deleting_the_database_forgets_everything() {
    let name = "loket-test-forget";
    let db = Cache::open(name).await.expect("open");
    db.put_meta("k", "1").await.unwrap();
    db.close();
    cache::delete(name).await.expect("delete");
    let db = Cache::open(name).await.expect("open fresh");
    assert_eq!(db.get_meta("k").await.unwrap(), None);
    db.close();
    cache::delete(name).await.expect("delete");
}
