use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

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

#[component]
fn Shell() -> impl IntoView {
    state::locale::apply_saved_language();
    let i18n = use_i18n();
    state::backend::provide_backend();
    state::connectivity::provide_connectivity();
    state::clock::provide_clock();
    state::directory::provide_directory();
    state::bookings::provide_bookings();
    state::app_update::provide_app_update();
    let suffix = move || t_string!(i18n, title_suffix);
    view! {
        <Title formatter=move |page: String| format!("{page} · {}", suffix()) />
        <Router>
            <SiteHeader />
            <UpdateBanner />
            <main id="konten" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/layanan/:id") view=ServiceDetail />
                    <Route path=path!("/pesan") view={Lazy::<BookingPage>::new()} />
                    <Route path=path!("/pesan/kirim/:key") view={Lazy::<SendingPage>::new()} />
                    <Route path=path!("/lacak") view={Lazy::<TrackPage>::new()} />
                    <Route path=path!("/pesanan-saya") view={Lazy::<MyBookingsPage>::new()} />
                    <Route path=path!("/pesanan-saya/:code") view={Lazy::<TicketRoute>::new()} />
                    <Route path=path!("/pesanan-saya/:code/ubah-jadwal") view={Lazy::<ReschedulePage>::new()} />
                    <Route path=path!("/pesanan-saya/:code/batalkan") view={Lazy::<CancelPage>::new()} />
                    <Route path=path!("/pesanan-saya/:code/survei") view={Lazy::<SurveyPage>::new()} />
                    <Route path=path!("/lokasi") view=Locations />
                    <Route path=path!("/lokasi/:id") view=LocationDetail />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
