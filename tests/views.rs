//! Real pages mounted against a backend held in memory, in headless Chromium with real IndexedDB:
//! the views and the state under them, one test per page family, without a server. The
//! Playwright suites against the real server stay the proof of the whole.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use async_trait::async_trait;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use loket::api::{ApiError, Backend, BookingBackend, Fetched};
use loket::i18n::I18nContextProvider;
use loket::pages::{booking::Booking, home::Home, service_detail::ServiceDetail, ticket::TicketPage, track::Track};
use loket_contract::booking::{Booking as Booked, BookingRequest, Slot, SurveyRequest, Tracked};
use loket_contract::catalogue::Catalogue;
use loket_contract::Health;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A code as the server makes them (with its check symbol).
fn code() -> String {
    loket_contract::booking_code::from_random(0x5eed_c0de)
}
const FACTOR: &str = "0001";

/// A small catalogue in the shape the server sends: a passport service at a mall, and a
/// bookable clinic at a puskesmas in WITA.
fn catalogue() -> Catalogue {
    let text = |id: &str, en: &str| json!({ "id": id, "en": en });
    let hours = (1..=5).map(|weekday| json!({ "weekday": weekday, "opens": "08:00", "closes": "15:00" })).collect::<Vec<_>>();
    serde_json::from_value(json!({
        "version": 3,
        "categories": [{ "id": "kesehatan", "name": text("Kesehatan", "Health") }, { "id": "keimigrasian", "name": text("Keimigrasian", "Immigration") }],
        "agencies": [
            { "id": "imigrasi", "shortName": "Imigrasi", "name": text("Kantor Imigrasi", "Immigration Office"), "categoryId": "keimigrasian" },
            { "id": "dinkes", "shortName": "Dinkes", "name": text("Dinas Kesehatan", "Health Office"), "categoryId": "kesehatan" }
        ],
        "services": [{
            "id": "paspor-baru", "agencyId": "imigrasi", "categoryId": "keimigrasian",
            "name": text("Paspor Baru", "New passport"), "summary": text("Paspor elektronik 10 tahun", "A 10-year e-passport"),
            "keywords": ["paspor", "passport"],
            "requirements": [{ "name": text("KTP-el asli", "Original KTP-el") }, { "name": text("Kartu Keluarga", "Family card") }],
            "fees": [{ "label": text("Paspor elektronik", "E-passport"), "amountIdr": 650000, "legalBasis": text("PP 28 Tahun 2019", "Government Regulation 28/2019") }],
            "processingTime": text("4 hari kerja", "4 working days"), "processingDaysMax": 4,
            "channels": ["in_person"], "bookable": false, "offeredAt": ["mpp"], "locationIds": ["mpp-kota-makassar"],
            "durationMinutes": 20, "slotCapacity": 2
        }, {
            "id": "poli-umum", "agencyId": "dinkes", "categoryId": "kesehatan",
            "name": text("Poli Umum", "General clinic"), "summary": text("Pemeriksaan umum", "General check-up"),
            "keywords": ["dokter"], "requirements": [], "fees": [],
            "processingTime": text("Hari itu juga", "Same day"), "processingDaysMax": 0,
            "channels": ["in_person"], "bookable": true, "offeredAt": ["puskesmas"], "locationIds": ["pkm-mamajang"],
            "durationMinutes": 15, "slotCapacity": 4,
            "health": { "poli": text("Poli Umum", "General clinic"), "bpjsAccepted": true, "referralRequired": false }
        }],
        "locations": [{
            "id": "mpp-kota-makassar", "kind": "mpp", "name": text("MPP Kota Makassar", "Makassar City Public Service Mall"),
            "address": "Jl. Ahmad Yani No. 2, Makassar", "regencyCode": "73.71", "latitude": -5.13, "longitude": 119.41,
            "timeZone": "Asia/Makassar", "phone": "0411-123456", "openingHours": hours,
            "agencyIds": ["imigrasi"], "serviceIds": ["paspor-baru"]
        }, {
            "id": "pkm-mamajang", "kind": "puskesmas", "name": text("Puskesmas Mamajang", "Mamajang Health Centre"),
            "address": "Jl. Baji Minasa No. 10, Makassar", "regencyCode": "73.71", "latitude": -5.16, "longitude": 119.41,
            "timeZone": "Asia/Makassar", "phone": "0411-654321", "openingHours": hours,
            "agencyIds": ["dinkes"], "serviceIds": ["poli-umum"]
        }]
    }))
    .expect("the fixture is a catalogue")
}

fn tracked() -> Tracked {
    serde_json::from_value(json!({
        "kind": "booking",
        "booking": {
            "code": code(), "status": "booked", "queueNumber": 7,
            "slot": {
                "id": 41, "serviceId": "poli-umum", "locationId": "pkm-mamajang",
                "startsAt": "2026-12-07T01:00:00Z", "endsAt": "2026-12-07T01:15:00Z",
                "timeZone": "Asia/Makassar", "capacity": 4, "capacityLeft": 2
            },
            "serviceId": "poli-umum", "locationId": "pkm-mamajang", "applicantName": "Andi Makkasau", "forWhom": "self",
            "nikMasked": "************0001", "phoneMasked": "********7890", "whatToBring": [], "createdAt": "2026-12-01T02:00:00Z"
        },
        "timeline": [{ "status": "booked", "at": "2026-12-01T02:00:00Z" }]
    }))
    .expect("the fixture is a tracked booking")
}

/// The backend in memory: the catalogue, and one booking that tracking finds with its proof.
struct Memory;

#[async_trait(?Send)]
impl Backend for Memory {
    async fn health(&self) -> Result<Health, ApiError> {
        Ok(Health { status: "ok".into(), version: "test".into(), schema_version: 1 })
    }

    async fn catalogue(&self, _if_none_match: Option<&str>) -> Result<Fetched<Catalogue>, ApiError> {
        Ok(Fetched::Fresh { value: catalogue(), etag: Some("\"v3\"".into()) })
    }
}

#[async_trait(?Send)]
impl BookingBackend for Memory {
    async fn slots(&self, _service_id: &str, _location_id: &str) -> Result<Vec<Slot>, ApiError> {
        Ok(Vec::new())
    }

    async fn create_booking(&self, _key: &str, _request: &BookingRequest) -> Result<Booked, ApiError> {
        Err(ApiError::Http { status: 501, problem: None })
    }

    async fn cancel_booking(&self, _code: &str, _factor: &str) -> Result<Booked, ApiError> {
        Err(ApiError::Http { status: 501, problem: None })
    }

    async fn reschedule_booking(&self, _code: &str, _factor: &str, _slot_id: i64) -> Result<Booked, ApiError> {
        Err(ApiError::Http { status: 501, problem: None })
    }

    async fn track(&self, code: &str, factor: &str) -> Result<Tracked, ApiError> {
        if code == self::code() && factor == FACTOR {
            Ok(tracked())
        } else {
            Err(ApiError::Http { status: 404, problem: None })
        }
    }

    async fn submit_survey(&self, _code: &str, _survey: &SurveyRequest) -> Result<(), ApiError> {
        Err(ApiError::Http { status: 501, problem: None })
    }
}

/// The pages under test, with the app's own state over the backend in memory.
#[component]
fn Pages() -> impl IntoView {
    leptos_meta::provide_meta_context();
    loket::app::provide_state_with(Rc::new(Memory));
    view! {
        <Router>
            <Routes fallback=|| "no such page">
                <Route path=path!("/") view=Home />
                <Route path=path!("/layanan/:id") view=ServiceDetail />
                <Route path=path!("/pesan") view=Booking />
                <Route path=path!("/lacak") view=Track />
                <Route path=path!("/pesanan-saya/:code") view=TicketPage />
            </Routes>
        </Router>
    }
}

/// Mounts the pages at `path` in a container of their own; dropping the handle unmounts them.
fn mount_at(path: &str) -> (web_sys::HtmlElement, impl Drop) {
    let window = web_sys::window().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
    let document = window.document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || view! { <I18nContextProvider><Pages /></I18nContextProvider> });
    (root, handle)
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to 10 s for `ready`, then fails naming `what` and what the page says.
async fn until(root: &web_sys::HtmlElement, what: &str, ready: impl Fn(&web_sys::HtmlElement) -> bool) {
    for _ in 0..400 {
        if ready(root) {
            return;
        }
        sleep(25).await;
    }
    panic!("timed out waiting for {what}; the page says: {}", root.text_content().unwrap_or_default());
}

fn text(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn input(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlInputElement {
    root.query_selector(&format!("#{id}")).unwrap().unwrap_or_else(|| panic!("no #{id}")).unchecked_into()
}

fn type_into(root: &web_sys::HtmlElement, id: &str, value: &str) {
    let field = input(root, id);
    field.set_value(value);
    // As typing does: a bubbling `input` event (Leptos listens for it on the document).
    let event = web_sys::window().unwrap().document().unwrap().create_event("Event").unwrap();
    event.init_event_with_bubbles("input", true);
    field.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_directory_lists_what_the_backend_sends_and_finds_by_keyword() {
    let (root, _mounted) = mount_at("/");
    until(&root, "both services listed", |r| count(r, ".service-card") == 2).await;
    type_into(&root, "cari", "passport");
    until(&root, "only the passport service", |r| count(r, ".service-card") == 1 && text(r).contains("Paspor Baru")).await;
    assert!(!text(&root).contains("Poli Umum"));
}

#[wasm_bindgen_test]
async fn a_service_page_shows_requirements_to_tick_and_fees_with_their_legal_basis() {
    let (root, _mounted) = mount_at("/layanan/paspor-baru");
    until(&root, "the passport page", |r| {
        r.query_selector("h1").unwrap().is_some_and(|h| h.text_content().unwrap_or_default() == "Paspor Baru")
    })
    .await;
    until(&root, "its requirements and fee", |r| count(r, "input[type=checkbox]") == 2 && text(r).contains("PP 28 Tahun 2019")).await;
    assert!(text(&root).contains("KTP-el asli"));
}

#[wasm_bindgen_test]
async fn booking_starts_by_asking_where_among_the_places_that_offer_the_service() {
    let (root, _mounted) = mount_at("/pesan?layanan=poli-umum");
    until(&root, "the place question", |r| count(r, "input[type=radio]") == 1).await;
    assert!(text(&root).contains("Puskesmas Mamajang"));
    assert!(!text(&root).contains("MPP Kota Makassar"), "only places that offer the service");
}

#[wasm_bindgen_test]
async fn tracking_a_code_with_its_proof_opens_its_ticket_and_a_wrong_proof_says_so() {
    let (root, _mounted) = mount_at("/lacak");
    until(&root, "the tracking form", |r| r.query_selector("#kode").unwrap().is_some()).await;
    let submit = |root: &web_sys::HtmlElement| {
        root.query_selector("button[type=submit]").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click()
    };

    type_into(&root, "kode", &code());
    type_into(&root, "verifikasi", "9999");
    submit(&root);
    until(&root, "the not-found message", |r| text(r).contains("Tidak ada pesanan atau permohonan yang cocok")).await;

    type_into(&root, "verifikasi", FACTOR);
    submit(&root);
    until(&root, "the ticket", |r| text(r).contains(&code()) && text(r).contains("Poli Umum")).await;
    assert!(web_sys::window().unwrap().location().pathname().unwrap().ends_with(&code()));
}
