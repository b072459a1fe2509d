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
    assert_eq!(db.get_meta("catalogue_version").await.expect("read").as_deref(), Some(r#"{"version":42}"#));
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

fn catalogue(version: u64) -> loket_contract::catalogue::Catalogue {
    let mut c: loket_contract::catalogue::Catalogue = serde_json::from_value(serde_json::json!({
        "version": version,
        "categories": [], "agencies": [], "locations": [],
        "services": [{
            "id": "ektp-baru", "agencyId": "disdukcapil", "categoryId": "kependudukan",
            "name": {"id": "KTP-el Baru", "en": "New KTP-el"}, "summary": {"id": "x", "en": "x"},
            "requirements": [{"name": {"id": "Fotokopi KK", "en": "Copy of the family card"}, "note": {"id": "asli dan fotokopi", "en": "original and copy"}}],
            "fees": [
                {"label": {"id": "Blangko", "en": "Card"}, "amountIdr": 30000, "legalBasis": {"id": "PP 1", "en": "Reg 1"}},
                {"label": {"id": "Layanan", "en": "Service"}, "amountIdr": 10000, "legalBasis": {"id": "PP 2", "en": "Reg 2"}}
            ],
            "processingTime": {"id": "1 hari", "en": "1 day"},
            "processingDaysMax": 1, "channels": ["in_person"], "bookable": true, "offeredAt": ["mpp"],
            "locationIds": ["mpp-74-71"], "durationMinutes": 15, "slotCapacity": 4,
            "applicationSteps": ["submitted", "ready_for_pickup"],
            "pickupRequirements": [{"name": {"id": "Tiket", "en": "Ticket"}}],
            "health": {"poli": {"id": "Poli Umum", "en": "General clinic"}, "bpjsAccepted": true, "referralRequired": false}
        }, {
            "id": "paspor-baru", "agencyId": "imigrasi", "categoryId": "keimigrasian",
            "name": {"id": "Paspor Baru", "en": "New passport"}, "summary": {"id": "y", "en": "y"},
            "requirements": [], "fees": [], "processingTime": {"id": "4 hari", "en": "4 days"},
            "processingDaysMax": 4, "channels": ["online"], "bookable": false, "offeredAt": ["mpp"],
            "durationMinutes": 20, "slotCapacity": 2
        }]
    }))
    .unwrap();
    // The same service at another mall: its texts and lists repeat, as a national service's do
    // across regencies, and the record writes them once.
    let mut copy = c.services[0].clone();
    copy.id = "ektp-baru-7371".into();
    copy.name.id.push_str(" (Kota Makassar)");
    copy.keywords = vec!["ktp".into(), "e-ktp".into()];
    c.services[0].keywords = copy.keywords.clone();
    c.services.push(copy);
    c
}

fn stored(version: u64) -> loket::cache::StoredCatalogue {
    loket::cache::StoredCatalogue {
        etag: Some(format!("\"v{version}\"")),
        checked_at_ms: 1.0e12,
        catalogue: catalogue(version),
        part: loket::cache::Part::Whole,
    }
}

/// Writes `values` into the catalogue store of database `name` as they are, past the cache's own
/// encoding: what an earlier version or another tab left there.
async fn put_raw_catalogue(name: &str, values: &[(&str, wasm_bindgen::JsValue)]) {
    use idb::{Factory, TransactionMode};
    let raw = Factory::new().unwrap().open(name, None).unwrap().await.unwrap();
    let tx = raw.transaction(&["catalogue"], TransactionMode::ReadWrite).unwrap();
    let store = tx.object_store("catalogue").unwrap();
    for (key, value) in values {
        store.put(value, Some(&wasm_bindgen::JsValue::from_str(key))).unwrap().await.unwrap();
    }
    tx.commit().unwrap().await.unwrap();
    raw.close();
}

/// A later visit reads back first what the directory lists and searches, then the details that
/// complete it to exactly what was saved.
#[wasm_bindgen_test]
async fn the_copy_reads_back_as_a_listing_then_its_details() {
    let name = "loket-test-catalogue-listing";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.unwrap();
    db.save_catalogue(&stored(5)).await.unwrap();
    db.close();
    let db = Cache::open(name).await.unwrap();
    let listing = db.load_listing().await.unwrap().expect("the listing");
    assert_eq!(listing.part, loket::cache::Part::Listing);
    assert_eq!(listing.etag, stored(5).etag);
    let (listed, whole) = (&listing.catalogue.services[0], &stored(5).catalogue.services[0]);
    // What a card, the search and booking use is all there.
    assert_eq!((&listed.id, &listed.name, &listed.summary, &listed.keywords), (&whole.id, &whole.name, &whole.summary, &whole.keywords));
    assert_eq!((&listed.location_ids, &listed.health, listed.slot_capacity), (&whole.location_ids, &whole.health, whole.slot_capacity));
    assert_eq!(listed.fees.iter().map(|f| f.amount_idr).collect::<Vec<_>>(), vec![10000], "the lowest fee, which the card shows");
    assert!(listed.requirements.is_empty() && listed.application_steps.is_none());
    assert!(listing.catalogue.services[1].fees.is_empty(), "a free service stays free");

    let mut completed = listing.catalogue.clone();
    let details = db.load_details(&listing.catalogue, listing.etag.as_deref()).await.unwrap().expect("the details");
    assert!(details.complete(&mut completed));
    assert_eq!(completed, stored(5).catalogue);
    assert_eq!(db.load_catalogue().await.unwrap(), Some(stored(5)));
    db.close();
    cache::delete(name).await.unwrap();
}

/// Details left by another save (a write from an older tab, a half-restored profile) are never
/// merged into a listing: the copy is then asked for whole again.
#[wasm_bindgen_test]
async fn details_of_another_save_are_not_merged() {
    use idb::{Factory, TransactionMode};

    let name = "loket-test-catalogue-mismatch";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.unwrap();
    db.save_catalogue(&stored(1)).await.unwrap();
    db.close();
    let raw = Factory::new().unwrap().open(name, None).unwrap().await.unwrap();
    let read = raw.transaction(&["catalogue"], TransactionMode::ReadOnly).unwrap();
    let old_details =
        read.object_store("catalogue").unwrap().get(wasm_bindgen::JsValue::from_str("details")).unwrap().await.unwrap().expect("details");
    raw.close();

    let db = Cache::open(name).await.unwrap();
    db.save_catalogue(&stored(2)).await.unwrap();
    db.close();
    put_raw_catalogue(name, &[("details", old_details)]).await;

    let db = Cache::open(name).await.unwrap();
    let listing = db.load_listing().await.unwrap().expect("the listing of the second save");
    assert_eq!(listing.catalogue.version, 2);
    assert!(db.load_details(&listing.catalogue, listing.etag.as_deref()).await.unwrap().is_none());
    assert_eq!(db.load_catalogue().await.unwrap(), None);
    db.close();
    cache::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_catalogue_copy_survives_reopening() {
    let name = "loket-test-catalogue";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.unwrap();
    assert_eq!(db.load_catalogue().await.unwrap(), None);
    db.save_catalogue(&stored(1)).await.unwrap();
    db.close();
    let db = Cache::open(name).await.unwrap();
    assert_eq!(db.load_catalogue().await.unwrap(), Some(stored(1)));
    db.close();
    cache::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_failed_write_leaves_the_good_copy() {
    let name = "loket-test-failed-write";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.unwrap();
    db.save_catalogue(&stored(1)).await.unwrap();
    db.close();
    // A write on a closed connection fails, as a full quota or an aborted transaction would.
    assert!(db.save_catalogue(&stored(2)).await.is_err());
    let db = Cache::open(name).await.unwrap();
    assert_eq!(db.load_catalogue().await.unwrap(), Some(stored(1)));
    db.close();
    cache::delete(name).await.unwrap();
}

/// A 304 moves the copy's "as of" forward without writing the catalogue again.
#[wasm_bindgen_test]
async fn confirming_the_copy_moves_its_time_and_keeps_it() {
    let name = "loket-test-catalogue-confirm";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.unwrap();
    db.save_catalogue(&stored(4)).await.unwrap();
    db.confirm_catalogue(2.0e12).await.unwrap();
    let loaded = db.load_catalogue().await.unwrap().expect("the copy");
    assert_eq!(loaded.checked_at_ms, 2.0e12);
    assert_eq!(loaded.catalogue, stored(4).catalogue);
    assert_eq!(loaded.etag, stored(4).etag);
    db.close();
    cache::delete(name).await.unwrap();
}

/// Earlier versions of the app kept the catalogue as JSON text; this one keeps bytes. A phone
/// updated between two visits still opens its directory offline from the old copy.
#[wasm_bindgen_test]
async fn a_catalogue_stored_as_text_by_an_earlier_version_is_still_read() {
    let name = "loket-test-catalogue-text";
    let _ = cache::delete(name).await;
    Cache::open(name).await.unwrap().close();
    let text = serde_json::to_string(&stored(7)).unwrap();
    put_raw_catalogue(name, &[("current", wasm_bindgen::JsValue::from_str(&text))]).await;

    let db = Cache::open(name).await.unwrap();
    assert_eq!(db.load_catalogue().await.unwrap(), Some(stored(7)));
    db.close();
    cache::delete(name).await.unwrap();
}

/// The listing and details as the version before shared tables wrote them, every value in its
/// row: a phone updated offline still opens its directory and service pages from them.
#[wasm_bindgen_test]
async fn a_listing_and_details_written_without_tables_are_still_read() {
    let name = "loket-test-catalogue-rows";
    let _ = cache::delete(name).await;
    Cache::open(name).await.unwrap().close();
    let s = &stored(8);
    let c = &s.catalogue;
    let listing = serde_json::json!({
        "etag": s.etag, "checked_at_ms": s.checked_at_ms, "version": c.version,
        "categories": c.categories, "agencies": c.agencies, "locations": c.locations,
        "services": c.services.iter().map(|v| serde_json::json!([
            v.id, v.agency_id, v.category_id, v.name, v.summary, v.keywords, v.processing_time,
            v.processing_days_max, v.lowest_fee(), v.bookable, v.offered_at, v.location_ids,
            v.duration_minutes, v.slot_capacity, v.health,
        ])).collect::<Vec<_>>(),
    });
    let details = serde_json::json!({
        "version": c.version, "etag": s.etag,
        "services": c.services.iter().map(|v| serde_json::json!([
            v.requirements, v.fees, v.channels, v.application_steps, v.pickup_requirements,
        ])).collect::<Vec<_>>(),
    });
    let bytes = |value: serde_json::Value| js_sys::Uint8Array::from(serde_json::to_vec(&value).unwrap().as_slice()).into();
    put_raw_catalogue(name, &[("listing", bytes(listing)), ("details", bytes(details))]).await;

    let db = Cache::open(name).await.unwrap();
    assert_eq!(db.load_catalogue().await.unwrap(), Some(stored(8)));
    db.close();
    cache::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn upgrading_from_schema_1_keeps_what_was_stored() {
    use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
    use wasm_bindgen::JsValue;

    let name = "loket-test-upgrade";
    let _ = cache::delete(name).await;
    // The database as the first release of the app left it: only the `meta` store.
    let factory = Factory::new().unwrap();
    let mut request = factory.open(name, Some(1)).unwrap();
    request.on_upgrade_needed(|event| {
        let db = event.database().unwrap();
        db.create_object_store("meta", ObjectStoreParams::new()).unwrap();
    });
    let old = request.await.unwrap();
    let tx = old.transaction(&["meta"], TransactionMode::ReadWrite).unwrap();
    let store = tx.object_store("meta").unwrap();
    store.put(&JsValue::from_str("[0,2]"), Some(&JsValue::from_str("checklist:ektp-baru"))).unwrap().await.unwrap();
    tx.commit().unwrap().await.unwrap();
    old.close();

    let db = Cache::open(name).await.expect("upgrade to the current schema");
    assert_eq!(db.get_meta("checklist:ektp-baru").await.unwrap().as_deref(), Some("[0,2]"));
    db.save_catalogue(&stored(3)).await.expect("the version 2 store exists");
    let draft = loket::domain::booking_draft::Draft::new("key-upgrade".into(), "ektp-baru".into(), 0.0);
    db.save_draft(&draft).await.expect("the version 3 stores exist");
    db.close();
    cache::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_store_already_there_is_kept_and_the_upgrade_makes_the_rest() {
    use idb::{DatabaseEvent, Factory, ObjectStoreParams};

    let name = "loket-test-partial";
    let _ = cache::delete(name).await;
    // Version 2 with one of version 3's stores already made (an interrupted or development build).
    let factory = Factory::new().unwrap();
    let mut request = factory.open(name, Some(2)).unwrap();
    request.on_upgrade_needed(|event| {
        let db = event.database().unwrap();
        for store in ["meta", "catalogue", "drafts"] {
            db.create_object_store(store, ObjectStoreParams::new()).unwrap();
        }
    });
    request.await.unwrap().close();

    let db = Cache::open(name).await.expect("the upgrade completes");
    let draft = loket::domain::booking_draft::Draft::new("key-partial".into(), "ektp-baru".into(), 0.0);
    db.save_draft(&draft).await.expect("the store that was there");
    db.save_booking(&loket::cache::StoredBooking::new(booking("ABCDE-FGHJK"), None, 0.0)).await.expect("a store the upgrade made");
    assert_eq!(db.drafts().await.unwrap().len(), 1);
    db.close();
    cache::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_another_tab_fails_instead_of_hanging() {
    use idb::{DatabaseEvent, Factory, ObjectStoreParams};

    let name = "loket-test-blocked";
    let _ = cache::delete(name).await;
    // "Another tab": a version-1 connection that stays open and ignores versionchange.
    let factory = Factory::new().unwrap();
    let mut request = factory.open(name, Some(1)).unwrap();
    request.on_upgrade_needed(|event| {
        event.database().unwrap().create_object_store("meta", ObjectStoreParams::new()).unwrap();
    });
    let other_tab = request.await.unwrap();
    match Cache::open(name).await {
        Err(cache::CacheError::Upgrade(why)) => assert!(why.contains("blocked"), "{why}"),
        other => panic!("expected a blocked upgrade, got {:?}", other.map(|_| "an open cache")),
    }
    other_tab.close();
    let _ = cache::delete(name).await;
}

fn booking(code: &str) -> loket_contract::booking::Booking {
    serde_json::from_value(serde_json::json!({
        "code": code, "status": "booked", "queueNumber": 7,
        "slot": {"id": 3, "serviceId": "pkm-poli-umum", "locationId": "puskesmas-kassi-kassi",
                 "startsAt": "2026-12-01T00:30:00Z", "endsAt": "2026-12-01T00:40:00Z",
                 "timeZone": "Asia/Makassar", "capacity": 6, "capacityLeft": 5},
        "serviceId": "pkm-poli-umum", "locationId": "puskesmas-kassi-kassi",
        "applicantName": "Siti Aminah", "forWhom": "parent",
        "nikMasked": "************0101", "phoneMasked": "0812****7890",
        "whatToBring": [], "createdAt": "2026-11-29T08:00:00Z"
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn confirming_a_draft_stores_the_booking_and_drops_the_full_nik_at_once() {
    use loket::cache::StoredBooking;
    use loket::domain::booking_draft::Draft;
    let name = "loket-test-confirm";
    let _ = cache::delete(name).await;
    let db = Cache::open(name).await.expect("open");
    let mut draft = Draft::new("key-confirm-1".into(), "pkm-poli-umum".into(), 0.0);
    draft.details.nik = "7371014505650101".into();
    db.save_draft(&draft).await.unwrap();
    db.save_draft(&Draft::new("key-other".into(), "pkm-poli-gigi".into(), 0.0)).await.unwrap();
    assert_eq!(db.drafts().await.unwrap().len(), 2);

    let stored = StoredBooking::new(booking("ABCDE-FGHJK"), Some("key-confirm-1".into()), 1.0);
    db.confirm_draft(&stored).await.unwrap();
    let drafts = db.drafts().await.unwrap();
    assert_eq!(drafts.iter().map(|d| d.key.as_str()).collect::<Vec<_>>(), ["key-other"]);
    assert_eq!(db.bookings().await.unwrap(), vec![stored]);

    // "Forget this device's data" empties every store in one go.
    db.put_meta("pref:my_location", "\"puskesmas-kassi-kassi\"").await.unwrap();
    db.clear_all().await.unwrap();
    assert!(db.drafts().await.unwrap().is_empty());
    assert!(db.bookings().await.unwrap().is_empty());
    assert_eq!(db.get_meta("pref:my_location").await.unwrap(), None);
    db.close();
    cache::delete(name).await.expect("delete");
}
