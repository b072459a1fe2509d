//! Rescheduling (a new day and time, the same code) and cancelling, each with its own pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params, use_query};
use loket_contract::booking::{Booking, Slot};
use loket_contract::LocalDate;

use crate::api::{ApiError, ErrorKind};
use crate::components::back_link::BackLink;
use crate::components::date_text::when_long;
use crate::components::form::{ErrorSummary, Radios, RequiredChoice};
use crate::components::slot_choice::{api_error_text, day_choices, time_choices, SlotsStatus};
use crate::i18n::*;
use crate::routes::{self, TicketNotice};
use crate::state::bookings::use_bookings;
use crate::state::slots::use_slots;

fn use_booking() -> Memo<Option<Booking>> {
    let store = use_bookings();
    let params = use_params::<routes::CodeParam>();
    Memo::new(move |_| routes::field(params, |p| p.code.clone()).and_then(|c| store.booking(&c)).map(|b| b.booking))
}

#[component]
pub fn Reschedule() -> impl IntoView {
    let i18n = use_i18n();
    let booking = use_booking();
    // Only whether it can be moved is tracked: the booking changing when it is moved must not
    // re-render the page (and drop the step that navigates to the ticket).
    let changeable = Memo::new(move |_| booking.with(|b| b.as_ref().map(|b| (b.code.clone(), b.status.is_changeable()))));
    move || match changeable.get() {
        Some((_, true)) => booking.get_untracked().map(|b| view! { <RescheduleFor booking=b /> }).into_any(),
        Some((code, false)) => view! {
            <h1>{t!(i18n, reschedule_title)}</h1>
            <p>{t!(i18n, not_changeable)}</p>
            <p><A href=routes::ticket(&code)>{t!(i18n, see_ticket)}</A></p>
        }
        .into_any(),
        None => view! { <h1>{t!(i18n, reschedule_title)}</h1><p role="status">{t!(i18n, ticket_not_on_device)}</p> }.into_any(),
    }
}

#[component]
fn RescheduleFor(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let query = use_query::<routes::RescheduleQuery>();
    let code = booking.code.clone();
    let slots = use_slots(booking.service_id.clone(), booking.location_id.clone());
    let date = move || routes::field(query, |q| q.tanggal.as_deref().and_then(|d| LocalDate::parse(d).ok()));
    let choice = RequiredChoice::new(String::new(), "jadwal", move || {
        if date().is_some() { t_string!(i18n, err_choose_time) } else { t_string!(i18n, err_choose_day) }.to_string()
    });
    let failure = RwSignal::new(None::<ApiError>);
    let current = when_long(i18n, booking.slot.starts_at, booking.slot.time_zone);
    let choices = Signal::derive(move || match (slots.result.get(), date()) {
        (Some(Ok(list)), None) => day_choices(i18n, &list),
        (Some(Ok(list)), Some(d)) => time_choices(i18n, &list, d),
        _ => Vec::new(),
    });
    let save = Action::new_local(move |slot: &Slot| {
        let (slot, code) = (slot.clone(), code.clone());
        async move { store.reschedule(&code, &slot).await }
    });
    let code_nav = booking.code.clone();
    let navigate = use_navigate();
    let go = navigate.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => go(&routes::ticket_with(&code_nav, TicketNotice::Rescheduled), Default::default()),
        Some(Err(e)) => {
            if e.kind() == ErrorKind::Conflict {
                slots.retry();
                choice.reset();
            }
            failure.set(Some(e));
        }
        None => {}
    });
    let code_href = booking.code.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let Some(value) = choice.answer() else { return };
        match date() {
            None => {
                choice.reset();
                navigate(&routes::reschedule_on(&code_href, &value), Default::default());
            }
            Some(_) => {
                if let Some(slot) =
                    slots.result.get_untracked().and_then(|r| r.ok()).and_then(|l| l.into_iter().find(|s| s.id.to_string() == value))
                {
                    save.dispatch(slot);
                }
            }
        }
    };
    let back = {
        let code = booking.code.clone();
        Signal::derive(move || if date().is_some() { routes::reschedule(&code) } else { routes::ticket(&code) })
    };
    let legend = Signal::derive(move || {
        if date().is_some() { t_string!(i18n, step_time_title) } else { t_string!(i18n, reschedule_title) }.to_string()
    });
    view! {
        <Title text=move || legend.get() />
        <BackLink href=back />
        <ErrorSummary problems=choice.problems />
        <p class="caption">{t!(i18n, reschedule_current, when = current.clone())}</p>
        {move || failure.get().map(|e| view! {
            <div class="notice notice--warning" role="alert"><p>{if e.kind() == ErrorKind::Conflict { t_string!(i18n, slot_taken_notice) } else { api_error_text(i18n, &e) }}</p></div>
        })}
        <SlotsStatus slots />
        <form novalidate on:submit=on_submit>
            <Radios name="jadwal" legend choices selected=choice.chosen error=choice.error />
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {move || if date().is_some() { t_string!(i18n, reschedule_confirm) } else { t_string!(i18n, continue_button) }}
            </button>
        </form>
    }
}

#[component]
pub fn Cancel() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let booking = use_booking();
    let cancel = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move { store.cancel(&code).await.map(|()| code) }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(code)) = cancel.value().get() {
            navigate(&routes::ticket_with(&code, TicketNotice::Cancelled), Default::default());
        }
    });
    move || match booking.get() {
        Some(b) if b.status.is_changeable() => {
            let code = b.code.clone();
            let when = when_long(i18n, b.slot.starts_at, b.slot.time_zone);
            view! {
                <Title text=move || t_string!(i18n, cancel_title).to_string() />
                <BackLink href=routes::ticket(&b.code) />
                <h1>{t!(i18n, cancel_title)}</h1>
                <p>{t!(i18n, cancel_body, code = b.code.clone(), when = when.clone())}</p>
                {move || cancel.value().get().and_then(|r| r.err()).map(|e| view! {
                    <div class="notice notice--warning" role="alert"><p>{api_error_text(i18n, &e)}</p></div>
                })}
                <button type="button" class="button button--warning" disabled=move || cancel.pending().get() on:click=move |_| { cancel.dispatch(code.clone()); }>{t!(i18n, cancel_yes)}</button>
                " "
                <A href=routes::ticket(&b.code) attr:class="button button--secondary">{t!(i18n, cancel_no)}</A>
            }
            .into_any()
        }
        Some(b) => view! {
            <h1>{t!(i18n, cancel_title)}</h1>
            <p>{t!(i18n, not_changeable)}</p>
            <p><A href=routes::ticket(&b.code)>{t!(i18n, see_ticket)}</A></p>
        }
        .into_any(),
        None => view! { <h1>{t!(i18n, cancel_title)}</h1><p role="status">{t!(i18n, ticket_not_on_device)}</p> }.into_any(),
    }
}
