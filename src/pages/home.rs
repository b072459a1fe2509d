use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, home_title).to_string() />
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_lead)}</p>
        <p class="notice">{t!(i18n, home_coming)}</p>
        <ul class="link-list">
            <li><A href=routes::service("e-ktp-baru")>{t!(i18n, home_example_service)}</A></li>
            <li><A href=routes::BOOKING>{t!(i18n, booking_title)}</A></li>
            <li><A href=routes::TRACK>{t!(i18n, track_title)}</A></li>
            <li><A href=routes::MY_BOOKINGS>{t!(i18n, my_bookings_title)}</A></li>
        </ul>
    }
}
