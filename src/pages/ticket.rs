//! One booking or application held on the device: readable offline with the time it was last
//! confirmed; refreshed by hand, and every 30 seconds on the day of a booking while shown.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params, use_query};
use loket_contract::booking::{Application, BookingStatus};

use crate::cache::{StoredApplication, StoredBooking, SurveyState};
use crate::components::back_link::BackLink;
use crate::components::labels::application_status_label;
use crate::components::queue_card::QueueCard;
use crate::components::slot_choice::api_error_text;
use crate::components::ticket::Ticket;
use crate::components::timeline::Timeline;
use crate::i18n::*;
use crate::routes::{self, TicketNotice};
use crate::state::bookings::use_bookings;
use crate::state::directory::{as_of_label, use_directory};
use crate::state::shell::every_while_visible;

#[derive(Clone, PartialEq)]
enum Item {
    Booking(StoredBooking),
    Application(StoredApplication),
}

#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let params = use_params::<routes::CodeParam>();
    let query = use_query::<routes::TicketQuery>();
    let code = move || routes::field(params, |p| p.code.clone()).unwrap_or_default();
    let item = Memo::new(move |_| {
        let code = code();
        store.booking(&code).map(Item::Booking).or_else(|| store.application(&code).map(Item::Application))
    });
    let refresh = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move { store.refresh(&code).await }
    });
    // On the day the queue moves: ask again while the page is in front.
    every_while_visible(30, move || {
        let due = item.with_untracked(|i| matches!(i, Some(Item::Booking(b)) if b.queue.is_some() && b.booking.status.is_open()));
        if due && !refresh.pending().get_untracked() {
            refresh.dispatch(code());
        }
    });
    let notice = move || {
        routes::field(query, |q| q.hasil.as_deref().and_then(TicketNotice::from_word)).map(|notice| match notice {
            TicketNotice::Rescheduled => t_string!(i18n, rescheduled_notice),
            TicketNotice::Cancelled => t_string!(i18n, cancelled_notice),
            TicketNotice::SurveySent => t_string!(i18n, survey_thanks),
        })
    };
    let as_of = move || {
        item.with(|i| match i {
            Some(Item::Booking(b)) => Some(b.as_of_ms),
            Some(Item::Application(a)) => Some(a.as_of_ms),
            None => None,
        })
    };
    let title = move || match item.with(|i| matches!(i, Some(Item::Application(_)))) {
        true => t_string!(i18n, application_page_title),
        false => t_string!(i18n, ticket_page_title),
    };
    view! {
        <Title text=move || title().to_string() />
        <BackLink href=routes::MY_BOOKINGS.to_owned() />
        <h1>{title}</h1>
        {move || notice().map(|n| view! { <div class="panel panel--success" role="status"><p class="panel__body">{n}</p></div> })}
        {move || as_of().map(|ms| view! {
            <div class="as-of" role="status" aria-live="polite">
                <p class="data-status__as-of">{t!(i18n, as_of, time = as_of_label(ms))}</p>
                {move || refresh.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice--warning">{api_error_text(i18n, &e)}</p> })}
                <button type="button" class="button button--secondary" disabled=move || refresh.pending().get() on:click=move |_| { refresh.dispatch(code()); }>
                    {move || if refresh.pending().get() { t_string!(i18n, refreshing) } else { t_string!(i18n, refresh) }}
                </button>
            </div>
        })}
        {move || match (item.get(), store.loaded.get()) {
            (Some(Item::Booking(b)), _) => view! { <BookingView stored=b /> }.into_any(),
            (Some(Item::Application(a)), _) => view! { <ApplicationView stored=a /> }.into_any(),
            (None, false) => view! { <p role="status">{t!(i18n, loading)}</p> }.into_any(),
            (None, true) => view! {
                <p>{t!(i18n, ticket_not_on_device)}</p>
                <p><A href=routes::TRACK>{t!(i18n, nav_track)}</A></p>
            }
            .into_any(),
        }}
    }
}

#[component]
fn BookingView(stored: StoredBooking) -> impl IntoView {
    let i18n = use_i18n();
    let zone = stored.booking.slot.time_zone;
    let open = stored.booking.status.is_open();
    let survey = (stored.booking.status == BookingStatus::Fulfilled).then(|| match stored.survey {
        SurveyState::NotSent => view! {
            <div class="notice">
                <h2>{t!(i18n, survey_offer_title)}</h2>
                <p>{t!(i18n, survey_offer_body)}</p>
                <p><A href=routes::survey(&stored.booking.code) attr:class="button">{t!(i18n, survey_start)}</A></p>
            </div>
        }
        .into_any(),
        SurveyState::Waiting { .. } => view! { <p class="notice" role="status">{t!(i18n, survey_waiting)}</p> }.into_any(),
        SurveyState::Sent => view! { <p class="notice">{t!(i18n, survey_sent)}</p> }.into_any(),
    });
    view! {
        {stored.queue.clone().filter(|_| open).map(|q| view! { <QueueCard queue=q zone /> })}
        {survey}
        <Ticket booking=stored.booking.clone() />
        {(!stored.timeline.is_empty()).then(|| view! { <Timeline entries=stored.timeline.clone() zone /> })}
    }
}

#[component]
fn ApplicationView(stored: StoredApplication) -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let lang = move || i18n.get_locale().as_str();
    let a: Application = stored.application.clone();
    let service_id = a.service_id.clone();
    // Without the service in the directory on this device (not loaded, or since removed), the
    // card's heading still says what it is.
    let service = move || dir.service_name(&service_id, lang()).unwrap_or_else(|| t_string!(i18n, application_service_unknown).to_owned());
    let location_id = a.location_id.clone();
    let place = move || dir.location_name(&location_id, lang()).unwrap_or_default();
    let latest_note = stored.timeline.iter().max_by_key(|e| e.at).and_then(|e| e.note.clone());
    let status = a.status;
    let current = a.steps.iter().position(|s| *s == status);
    let reason = a.rejection_reason.clone();
    view! {
        <section class="status-card" aria-labelledby="status-judul">
            <h2 id="status-judul" class="status-card__title">{service}</h2>
            <p>{t!(i18n, ticket_code)}": "<strong>{a.code.clone()}</strong></p>
            <p>{place}</p>
            <p class="status-card__status" data-testid="application-status">{move || application_status_label(i18n, status)}</p>
            {latest_note.map(|n| view! { <p class="status-card__note">{move || n.get(lang()).to_owned()}</p> })}
            {reason.map(|r| view! { <p class="notice notice--warning">{t!(i18n, rejected_reason)}" "{move || r.get(lang()).to_owned()}</p> })}
        </section>
        <h2 id="langkah">{t!(i18n, steps_title)}</h2>
        <ol class="steps" aria-labelledby="langkah">
            {a.steps.iter().enumerate().map(|(i, s)| {
                let s = *s;
                let state = match current {
                    Some(c) if i < c => "steps__item steps__item--done",
                    Some(c) if i == c => "steps__item steps__item--current",
                    _ => "steps__item",
                };
                view! { <li class=state aria-current=(Some(i) == current).then_some("step")>{move || application_status_label(i18n, s)}</li> }
            }).collect::<Vec<_>>()}
        </ol>
        {(!a.next_step_bring.is_empty()).then(|| view! {
            <h2>{t!(i18n, next_step_bring)}</h2>
            <ul>
                {a.next_step_bring.iter().cloned().map(|r| view! { <li>{move || r.name.get(lang()).to_owned()}</li> }).collect::<Vec<_>>()}
            </ul>
        })}
        <Timeline entries=stored.timeline.clone() zone=a.time_zone />
    }
}
