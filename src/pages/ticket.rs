use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::back_link::BackLink;
use crate::components::ticket::Ticket;
use crate::i18n::*;
use crate::routes;
use crate::state::bookings::use_bookings;

/// One booking's ticket, from the device: opens offline.
#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let booking = Memo::new(move |_| store.booking(&code()).map(|b| b.booking));
    let notice = move || match query.read().get("hasil").as_deref() {
        Some("diubah") => Some(t_string!(i18n, rescheduled_notice)),
        Some("dibatalkan") => Some(t_string!(i18n, cancelled_notice)),
        _ => None,
    };
    view! {
        <Title text=move || t_string!(i18n, ticket_page_title).to_string() />
        <BackLink href=routes::MY_BOOKINGS.to_owned() />
        <h1>{t!(i18n, ticket_page_title)}</h1>
        {move || notice().map(|n| view! { <div class="panel panel--success" role="status"><p class="panel__body">{n}</p></div> })}
        {move || match (booking.get(), store.loaded.get()) {
            (Some(b), _) => view! { <Ticket booking=b /> }.into_any(),
            (None, false) => view! { <p role="status">{t!(i18n, loading)}</p> }.into_any(),
            (None, true) => view! {
                <p>{t!(i18n, ticket_not_on_device)}</p>
                <p><A href=routes::TRACK>{t!(i18n, nav_track)}</A></p>
            }.into_any(),
        }}
    }
}
