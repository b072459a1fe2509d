use std::rc::Rc;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::{Backend, BookingBackend};
use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::components::update_banner::UpdateBanner;
use crate::i18n::*;
use crate::pages::{
    home::Home,
    lazy::{BookingPage, CancelPage, MyBookingsPage, ReschedulePage, SendingPage, SurveyPage, TicketRoute, TrackPage},
    locations::{LocationDetail, Locations},
    not_found::NotFound,
    service_detail::ServiceDetail,
};
use crate::state;
use crate::state::directory::SyncState;

/// Providers (i18n, backend, connectivity) and the route tree. Route paths mirror `routes.rs`.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
}

/// What every page reads, provided once inside the i18n context, over the app's own HTTP backend.
pub fn provide_state() {
    provide_state_over(state::backend::provide_backend, state::device_start::load_split);
}

/// The same over `backend`, for a build without the split step: view tests mount real pages
/// against a backend held in memory.
pub fn provide_state_with<B: Backend + BookingBackend + 'static>(backend: Rc<B>) {
    provide_state_over(move || state::backend::provide_backend_with(backend), state::device_start::run_in_place);
}

fn provide_state_over(provide_backend: impl FnOnce(), load_device: state::bookings::LoadDevice) {
    state::locale::apply_saved_language();
    provide_backend();
    state::connectivity::provide_connectivity();
    state::clock::provide_clock();
    state::directory::provide_directory();
    state::bookings::provide_bookings(load_device);
    state::app_update::provide_app_update();
    state::shell::provide_waiting();
}

/// The app's start in three tasks, each short enough on a slow phone to let it paint and answer
/// a tap in between (one task would block it for 230-250 ms, Lighthouse counted): the i18n
/// context now, the state in the next task, the router and the page in the one after. The
/// prerendered page, or the skeleton, stays on screen meanwhile.
#[component]
fn Shell() -> impl IntoView {
    let started = true_next_task(None);
    view! { {move || started.get().then(|| view! { <Pages /> })} }
}

#[component]
fn Pages() -> impl IntoView {
    provide_state();
    let i18n = use_i18n();
    // The swap waits for the page like for a page's module.
    let page = true_next_task(Some(state::shell::use_waiting().hold()));
    Effect::new(move |_| {
        if page.get() {
            state::shell::drop_skeleton();
        }
    });
    reveal_when_ready();
    let suffix = move || t_string!(i18n, title_suffix);
    view! {
        <Title formatter=move |page: String| format!("{page} · {}", suffix()) />
        {move || page.get().then(|| view! {
            <Router>
                <SiteHeader />
                <UpdateBanner />
                <main id="konten" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/layanan/:id") view=ServiceDetail />
                        <Route path=path!("/pesan") view=BookingPage />
                        <Route path=path!("/pesan/kirim/:key") view=SendingPage />
                        <Route path=path!("/lacak") view=TrackPage />
                        <Route path=path!("/pesanan-saya") view=MyBookingsPage />
                        <Route path=path!("/pesanan-saya/:code") view=TicketRoute />
                        <Route path=path!("/pesanan-saya/:code/ubah-jadwal") view=ReschedulePage />
                        <Route path=path!("/pesanan-saya/:code/batalkan") view=CancelPage />
                        <Route path=path!("/pesanan-saya/:code/survei") view=SurveyPage />
                        <Route path=path!("/lokasi") view=Locations />
                        <Route path=path!("/lokasi/:id") view=LocationDetail />
                    </Routes>
                </main>
                <SiteFooter />
            </Router>
        })}
    }
}

/// False now, true in the next task; `hold` is released then.
fn true_next_task(hold: Option<state::shell::Hold>) -> ReadSignal<bool> {
    let (done, set_done) = signal(false);
    leptos::task::spawn_local(async move {
        crate::next_task::next_task().await;
        set_done.set(true);
        if let Some(hold) = hold {
            hold.release();
        }
    });
    done
}

/// The prerendered page (the directory, a service, a place, tracking, a booking's first question:
/// all made from the catalogue alone) stays on screen until the app has the catalogue and no view
/// is still waiting for its module or the device's data (or the catalogue cannot be had); then
/// the two swap before the next paint (see `state::shell::mount`).
fn reveal_when_ready() {
    if state::shell::prerendered_page().is_none() {
        return;
    }
    let dir = state::directory::use_directory();
    let waiting = state::shell::use_waiting();
    Effect::new(move |_| {
        let ready = dir.data.with(Option::is_some) && waiting.is_clear();
        let settled = ready || matches!(dir.sync.get(), SyncState::Failed(_) | SyncState::Rejected);
        if settled {
            request_animation_frame(state::shell::reveal);
        }
    });
}
