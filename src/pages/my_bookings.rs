use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::date_text::when_long;
use crate::components::labels::{application_status_label, booking_status_label};
use crate::domain::booking_draft::Step;
use crate::i18n::*;
use crate::routes;
use crate::state::bookings::use_bookings;
use crate::state::directory::use_directory;

/// Bookings made on this device, readable offline; the outbox; unfinished drafts; and
/// "forget this device's data".
#[component]
pub fn MyBookings() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let dir = use_directory();
    let lang = move || i18n.get_locale().as_str();
    let service_name = move |id: &str| dir.service_name(id, lang()).unwrap_or_else(|| id.to_owned());
    let waiting = move || {
        store.drafts.with(|d| {
            d.iter().filter(|d| !matches!(d.submission, crate::domain::booking_draft::Submission::Editing)).cloned().collect::<Vec<_>>()
        })
    };
    let unfinished = move || {
        store.drafts.with(|d| {
            d.iter().filter(|d| matches!(d.submission, crate::domain::booking_draft::Submission::Editing)).cloned().collect::<Vec<_>>()
        })
    };
    let confirm_forget = RwSignal::new(false);
    let forgotten = RwSignal::new(false);
    view! {
        <Title text=move || t_string!(i18n, my_bookings_title).to_string() />
        <h1>{t!(i18n, my_bookings_title)}</h1>
        <p class="lead">{t!(i18n, my_bookings_lead)}</p>
        <Show when=move || forgotten.get()>
            <div class="notice" role="status"><p>{t!(i18n, forgotten_notice)}</p></div>
        </Show>
        <Show when=move || !waiting().is_empty()>
            <h2>{t!(i18n, outbox_title)}</h2>
            <ul class="booking-list">
                {move || waiting().into_iter().map(|d| view! {
                    <li class="booking-item">
                        <A href=routes::booking_sending(&d.key)>{service_name(&d.service_id)}</A>
                        <p class="booking-item__status">{t!(i18n, outbox_item)}</p>
                    </li>
                }).collect::<Vec<_>>()}
            </ul>
        </Show>
        <h2>{t!(i18n, my_bookings_list_title)}</h2>
        <Show when=move || store.loaded.get() && store.bookings.with(Vec::is_empty) fallback=|| ()>
            <p>{t!(i18n, my_bookings_empty)}</p>
        </Show>
        <ul class="booking-list">
            {move || store.bookings.get().into_iter().map(|b| {
                let b = b.booking;
                let when = when_long(i18n, b.slot.starts_at, b.slot.time_zone);
                view! {
                    <li class="booking-item">
                        <A href=routes::ticket(&b.code)>{service_name(&b.service_id)}</A>
                        <p>{when}</p>
                        <p class="booking-item__status">{b.code.clone()}" · "{booking_status_label(i18n, b.status)}" · "{b.applicant_name.clone()}</p>
                    </li>
                }
            }).collect::<Vec<_>>()}
        </ul>
        <h2>{t!(i18n, applications_title)}</h2>
        <Show when=move || store.loaded.get() && store.applications.with(Vec::is_empty)>
            <p>{t!(i18n, applications_empty)}" "<A href=routes::TRACK>{t!(i18n, nav_track)}</A></p>
        </Show>
        <ul class="booking-list">
            {move || store.applications.get().into_iter().map(|a| {
                let a = a.application;
                view! {
                    <li class="booking-item">
                        <A href=routes::ticket(&a.code)>{service_name(&a.service_id)}</A>
                        <p class="booking-item__status">{a.code.clone()}" · "{application_status_label(i18n, a.status)}</p>
                    </li>
                }
            }).collect::<Vec<_>>()}
        </ul>
        <Show when=move || !unfinished().is_empty()>
            <h2>{t!(i18n, unfinished_title)}</h2>
            <ul class="booking-list">
                {move || unfinished().into_iter().map(|d| view! {
                    <li class="booking-item"><A href=routes::booking_step(&d.service_id, Step::Location)>{service_name(&d.service_id)}</A></li>
                }).collect::<Vec<_>>()}
            </ul>
        </Show>
        <h2>{t!(i18n, forget_title)}</h2>
        <p>{t!(i18n, forget_body)}</p>
        <Show when=move || confirm_forget.get() fallback=move || view! {
            <button type="button" class="button button--secondary" on:click=move |_| confirm_forget.set(true)>{t!(i18n, forget_button)}</button>
        }>
            <div class="notice notice--warning" role="alert">
                <p>{t!(i18n, forget_confirm)}</p>
                <button type="button" class="button button--warning" on:click=move |_| {
                    store.forget_device();
                    confirm_forget.set(false);
                    forgotten.set(true);
                }>{t!(i18n, forget_yes)}</button>
                " "
                <button type="button" class="button button--secondary" on:click=move |_| confirm_forget.set(false)>{t!(i18n, forget_no)}</button>
            </div>
        </Show>
    }
}
