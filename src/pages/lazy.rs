//! The pages a citizen reaches after the directory, in two pieces of wasm fetched when first
//! opened (and precached by the service worker after the first paint): `booking` (booking,
//! sending, reschedule, cancel) and `tracking` (tracking, my bookings, a ticket, the survey).
//! Two larger modules rather than one per page: a cold deep link pays for few requests, and
//! pages that a citizen opens one after the other arrive together.
//!
//! Leptos's own lazy routes panic when a module cannot be fetched, and with `panic = "abort"`
//! that stops the whole app. These routes are `fallible` splits instead: a module that does not
//! arrive (offline on a first visit, a 404 after a deploy, a truncated answer) shows a page that
//! says so, and the page opens by itself when the network comes back.
//!
//! The split itself is done at build time by `scripts/wasm-split/wasm-bindgen`; a build
//! without that step would not start.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use leptos_meta::Title;
use leptos_router::components::A;
use send_wrapper::SendWrapper;

use crate::i18n::*;
use crate::routes;
use crate::split::ModuleMissing;
use crate::state::app_update::use_app_update;
use crate::state::bookings::Bookings;
use crate::state::connectivity::{use_connectivity, Connectivity};
use crate::state::shell::use_waiting;

type PageLoad = Pin<Box<dyn Future<Output = Result<AnyView, ModuleMissing>>>>;

/// A page component whose code moves to the split module `$module`; `$route` is the route view.
macro_rules! split_page {
    ($route:ident, $module:ident, $component:path) => {
        #[allow(non_snake_case)]
        pub fn $route() -> impl IntoView {
            #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn render() -> Result<AnyView, ModuleMissing> {
                Ok(view! { <$component /> }.into_any())
            }
            view! { <SplitPage load=|| Box::pin(render()) as PageLoad /> }
        }
    };
}

split_page!(BookingPage, booking, super::booking::Booking);
split_page!(SendingPage, booking, super::booking::Sending);
split_page!(ReschedulePage, booking, super::change_booking::Reschedule);
split_page!(CancelPage, booking, super::change_booking::Cancel);
split_page!(TrackPage, tracking, super::track::Track);
split_page!(MyBookingsPage, tracking, super::my_bookings::MyBookings);
split_page!(TicketRoute, tracking, super::ticket::TicketPage);
split_page!(SurveyPage, tracking, super::survey::Survey);

/// Renders a split page once its module and the device's bookings module (`state/device_start.rs`)
/// are in; until then a short "opening" line, and when either cannot be had, a page that says why and tries again by itself when the browser is back
/// online (or at the citizen's "try again").
#[component]
fn SplitPage(load: fn() -> PageLoad) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let missing = RwSignal::new(false);
    let connectivity = use_connectivity();
    let bookings = expect_context::<Bookings>();
    // A prerendered copy of this page stays on screen until the module is in (or known missing).
    let opening = use_waiting().hold();
    Effect::new(move |_| {
        if connectivity.get() != Connectivity::Offline && missing.get_untracked() {
            attempt.update(|n| *n += 1);
        }
    });
    view! {
        <Suspense fallback=PageOpening>
            {move || {
                attempt.track();
                let opening = opening.clone();
                Suspend::new(SendWrapper::new(async move {
                    // Every one of these pages shows or sends the device's bookings: their
                    // module is as much the page's as its own.
                    let (loaded, device) = futures::future::join(load(), bookings.ready()).await;
                    opening.release();
                    match device.and(loaded) {
                        Ok(page) => {
                            missing.set(false);
                            page
                        }
                        Err(ModuleMissing) => {
                            missing.set(true);
                            view! { <PageNeedsConnection retry=move || attempt.update(|n| *n += 1) /> }.into_any()
                        }
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn PageOpening() -> impl IntoView {
    let i18n = use_i18n();
    // Its own title: the page before it takes its title away when it goes, and a document
    // without one leaves a screen reader nothing to announce.
    view! {
        <Title text=move || t_string!(i18n, page_opening).to_string() />
        <p class="page-opening" role="status">{t!(i18n, page_opening)}</p>
    }
}

/// What a citizen sees where a page's module is missing: what happened, that the rest of Loket
/// still works, and two ways on. "Reload" also takes a new version that is waiting.
#[component]
fn PageNeedsConnection(retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let update = use_app_update();
    view! {
        <Title text=move || t_string!(i18n, page_missing_title).to_string() />
        <h1>{t!(i18n, page_missing_title)}</h1>
        <p>{t!(i18n, page_missing_body)}</p>
        <p>{t!(i18n, page_missing_updated)}</p>
        <div class="button-group">
            <button type="button" class="button" on:click=move |_| retry()>{t!(i18n, retry)}</button>
            <button type="button" class="button button--secondary" on:click=move |_| update.apply()>{t!(i18n, page_missing_reload)}</button>
        </div>
        <p><A href=routes::HOME attr:class="standalone-link">{t!(i18n, back_to_directory)}</A></p>
    }
}
