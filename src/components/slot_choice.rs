//! The choices of the date and time pages, shared by booking and rescheduling.

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use loket_contract::booking::Slot;
use loket_contract::LocalDate;

use super::date_text::date_long;
use super::form::Choice;
use crate::api::{ApiError, ErrorKind};
use crate::domain::local_time::time_range_label;
use crate::domain::slot_days::{days, times_on};
use crate::i18n::*;
use crate::state::slots::Slots;

/// One radio per day with a place left, its value the date (`2026-12-01`).
pub fn day_choices(i18n: I18nContext<Locale>, slots: &[Slot]) -> Vec<Choice> {
    days(slots)
        .into_iter()
        .map(|d| Choice {
            value: d.date.to_string(),
            label: date_long(i18n, d.date),
            hint: Some(t_string!(i18n, places_left, count = d.places_left).to_string()),
            disabled: false,
        })
        .collect()
}

/// One radio per time of the day, full ones shown but not choosable; the value is the slot id.
pub fn time_choices(i18n: I18nContext<Locale>, slots: &[Slot], date: LocalDate) -> Vec<Choice> {
    times_on(slots, date)
        .into_iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: time_range_label(s.starts_at, s.ends_at, s.time_zone),
            hint: Some(if s.capacity_left == 0 {
                t_string!(i18n, slot_full).to_string()
            } else {
                t_string!(i18n, places_left, count = u32::from(s.capacity_left)).to_string()
            }),
            disabled: s.capacity_left == 0,
        })
        .collect()
}

/// While the times load, or why they could not: with a retry, and the reassurance that the
/// answers so far are kept.
#[component]
pub fn SlotsStatus(slots: Slots) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="status">
            {move || match slots.result.get() {
                None => Some(view! { <p>{t!(i18n, slots_loading)}</p> }.into_any()),
                Some(Err(e)) => Some(view! {
                    <div class="notice notice--warning">
                        <p>{api_error_text(i18n, &e)}</p>
                        <p>{t!(i18n, answers_kept)}</p>
                        <button type="button" class="button button--secondary" on:click=move |_| slots.retry()>{t!(i18n, retry)}</button>
                    </div>
                }.into_any()),
                Some(Ok(_)) => None,
            }}
        </div>
    }
}

/// What went wrong talking to the server, and what to do about it.
pub fn api_error_text(i18n: I18nContext<Locale>, e: &ApiError) -> &'static str {
    match e.kind() {
        ErrorKind::Offline => t_string!(i18n, api_offline),
        ErrorKind::Timeout | ErrorKind::Unreachable => t_string!(i18n, api_unreachable),
        ErrorKind::RateLimited => t_string!(i18n, api_rate_limited),
        ErrorKind::NotFound => t_string!(i18n, api_not_found),
        ErrorKind::Conflict => t_string!(i18n, api_conflict),
        ErrorKind::Invalid | ErrorKind::Decode | ErrorKind::Server => t_string!(i18n, api_server),
    }
}
