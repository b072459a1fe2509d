use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params;

use crate::components::ticket::Ticket;
use crate::domain::booking_draft::{Failure, Step, Submission};
use crate::i18n::*;
use crate::routes;
use crate::state::bookings::use_bookings;

#[derive(Clone, PartialEq)]
enum View {
    Loading,
    Unknown,
    Confirmed(String),
    Waiting { failure: Option<Failure> },
    SlotTaken(String),
    AlreadyBooked(Option<String>),
    BackTo(String),
}

/// A submitted booking: waiting in the outbox, confirmed, or sent back for another slot.
#[component]
pub fn Sending() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let params = use_params::<routes::KeyParam>();
    let key = move || routes::field(params, |p| p.key.clone()).unwrap_or_default();
    let state = Memo::new(move |_| {
        let key = key();
        if let Some(b) = store.booking_from_draft(&key) {
            return View::Confirmed(b.booking.code);
        }
        match store.draft(&key) {
            None if !store.loaded.get() => View::Loading,
            None => View::Unknown,
            Some(d) => match d.submission {
                Submission::Waiting { last_failure, .. } => View::Waiting { failure: last_failure },
                Submission::SlotTaken | Submission::SlotGone => View::SlotTaken(routes::booking_change(&d.service_id, Step::Time)),
                Submission::AlreadyBooked { code } => View::AlreadyBooked(code),
                Submission::Refused { .. } => View::BackTo(routes::booking_step(&d.service_id, Step::Details)),
                Submission::Editing => View::BackTo(routes::booking_step(&d.service_id, Step::Check)),
            },
        }
    });
    move || match state.get() {
        View::Loading => view! { <p role="status">{t!(i18n, loading)}</p> }.into_any(),
        View::Unknown => view! {
            <Title text=move || t_string!(i18n, sending_unknown_title).to_string() />
            <h1>{t!(i18n, sending_unknown_title)}</h1>
            <p><A href=routes::MY_BOOKINGS>{t!(i18n, nav_my_bookings)}</A></p>
        }
        .into_any(),
        View::BackTo(href) => view! { <Redirect path=href /> }.into_any(),
        View::Confirmed(code) => {
            let booking = store.booking(&code).map(|b| b.booking);
            view! {
                <Title text=move || t_string!(i18n, confirmed_title).to_string() />
                <div class="panel panel--success" role="status">
                    <h1 class="panel__title">{t!(i18n, confirmed_title)}</h1>
                    <p class="panel__body">{t!(i18n, confirmed_code)}<br /><strong>{code.clone()}</strong></p>
                </div>
                <p>{t!(i18n, confirmed_next)}</p>
                {booking.map(|b| view! { <Ticket booking=b /> })}
                <p><A href=routes::MY_BOOKINGS>{t!(i18n, see_my_bookings)}</A></p>
            }
            .into_any()
        }
        View::Waiting { failure } => {
            let why = move || match failure {
                None => t_string!(i18n, sending_now),
                Some(Failure::Offline) => t_string!(i18n, waiting_offline),
                Some(Failure::Network) => t_string!(i18n, waiting_network),
                Some(Failure::Busy) => t_string!(i18n, waiting_busy),
                Some(Failure::Server) => t_string!(i18n, waiting_server),
            };
            let discard_key = key();
            view! {
                <Title text=move || t_string!(i18n, waiting_title).to_string() />
                <h1>{t!(i18n, waiting_title)}</h1>
                <div class="notice" role="status" aria-live="polite">
                    <p><strong>{why}</strong></p>
                    <p>{move || if store.sending.get() { t_string!(i18n, sending_now) } else { t_string!(i18n, waiting_kept) }}</p>
                </div>
                <p>{t!(i18n, waiting_no_double)}</p>
                <button type="button" class="button" on:click=move |_| store.flush()>{t!(i18n, send_now)}</button>
                <details class="details">
                    <summary>{t!(i18n, discard_title)}</summary>
                    <p>{t!(i18n, discard_body)}</p>
                    <button type="button" class="button button--warning" on:click=move |_| store.discard_draft(&discard_key)>{t!(i18n, discard_button)}</button>
                </details>
            }
            .into_any()
        }
        View::SlotTaken(href) => view! {
            <Title text=move || t_string!(i18n, slot_taken_title).to_string() />
            <h1>{t!(i18n, slot_taken_title)}</h1>
            <p>{t!(i18n, slot_taken_notice)}</p>
            <p><A href=href attr:class="button">{t!(i18n, choose_other_time)}</A></p>
        }
        .into_any(),
        View::AlreadyBooked(code) => {
            let on_device = code.as_deref().and_then(|c| store.booking(c)).map(|b| b.booking.code);
            view! {
                <Title text=move || t_string!(i18n, already_booked_title).to_string() />
                <h1>{t!(i18n, already_booked_title)}</h1>
                <p>{t!(i18n, already_booked_body)}</p>
                {match on_device {
                    Some(c) => view! { <p><A href=routes::ticket(&c)>{t!(i18n, see_ticket)}</A></p> }.into_any(),
                    None => view! { <p><A href=routes::TRACK>{t!(i18n, nav_track)}</A></p> }.into_any(),
                }}
            }
            .into_any()
        }
    }
}
