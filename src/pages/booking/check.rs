use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::StepContext;
use crate::components::date_text::date_long;
use crate::components::labels::for_whom_label;
use crate::domain::booking_draft::Step;
use crate::domain::local_time::time_range_label;
use crate::i18n::*;
use crate::routes;
use crate::state::bookings::use_bookings;
use crate::state::directory::use_directory;

/// "Check your answers": every answer with a link to change it, then one button that books.
#[component]
pub fn CheckStep(ctx: StepContext) -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let store = use_bookings();
    let lang = move || i18n.get_locale().as_str();
    let Some(d) = ctx.draft.get_untracked() else { return ().into_any() };
    let service_id = ctx.service_id();
    let health = ctx.service.with_value(|s| s.health.clone());
    let place = d.location_id.clone().unwrap_or_default();
    let place_name = move || dir.location_name(&place, lang()).unwrap_or_default();
    let slot = d.slot.clone();
    let date = slot.as_ref().map(|s| s.starts_at.local(s.time_zone).0);
    let time = slot.as_ref().map(|s| time_range_label(s.starts_at, s.ends_at, s.time_zone)).unwrap_or_default();
    let who = d.for_whom;
    let details = d.details.clone();
    // Labels and values are read in the chosen language each time it changes, like the rest of
    // the page: a switch on this page must not leave the answers in the other language.
    let row = move |label: fn(I18nContext<Locale>) -> String, value: Signal<String>, step: Step, id: &'static str| {
        let change = routes::booking_change(&service_id, step);
        let label = move || label(i18n);
        view! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{label}</dt>
                <dd class="summary-list__value" data-testid=id>{value}</dd>
                <dd class="summary-list__actions">
                    <A href=change>{t!(i18n, change_link)}<span class="visually-hidden">" "{label}</span></A>
                </dd>
            </div>
        }
    };
    let or_none = move |v: String| {
        Signal::derive(move || if v.trim().is_empty() { t_string!(i18n, not_given).to_owned() } else { v.trim().to_owned() })
    };
    let fixed = |v: &str| Signal::stored(v.trim().to_owned());
    let key = ctx.key.get_value();
    let sent = ctx.sent;
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set_value(true);
        if store.submit(&key, health.as_ref()) {
            navigate(&routes::booking_sending(&key), Default::default());
        } else {
            sent.set_value(false);
        }
    };
    let health_rows = ctx.service.with_value(|s| s.health.is_some()).then(|| {
        vec![
            row(|i18n| t_string!(i18n, bpjs_label).to_owned(), or_none(details.bpjs_number.clone()), Step::Details, "jawaban-bpjs"),
            row(
                |i18n| t_string!(i18n, referral_label).to_owned(),
                or_none(details.referral_number.clone()),
                Step::Details,
                "jawaban-rujukan",
            ),
        ]
    });
    let day = Signal::derive(move || date.map(|d| date_long(i18n, d)).unwrap_or_default());
    let whom = Signal::derive(move || who.map(|w| for_whom_label(i18n, w).to_owned()).unwrap_or_default());
    view! {
        <Title text=move || t_string!(i18n, step_check_title).to_string() />
        <h1>{t!(i18n, step_check_title)}</h1>
        <dl class="summary-list">
            {row(|i18n| t_string!(i18n, answer_place).to_owned(), Signal::derive(place_name), Step::Location, "jawaban-lokasi")}
            {row(|i18n| t_string!(i18n, answer_day).to_owned(), day, Step::Date, "jawaban-tanggal")}
            {row(|i18n| t_string!(i18n, answer_time).to_owned(), fixed(&time), Step::Time, "jawaban-waktu")}
            {row(|i18n| t_string!(i18n, answer_for).to_owned(), whom, Step::Who, "jawaban-untuk")}
            {row(|i18n| t_string!(i18n, name_label_other).to_owned(), fixed(&details.name), Step::Details, "jawaban-nama")}
            {row(|i18n| t_string!(i18n, nik_label_other).to_owned(), fixed(&details.nik), Step::Details, "jawaban-nik")}
            {row(|i18n| t_string!(i18n, phone_label).to_owned(), fixed(&details.phone), Step::Details, "jawaban-telepon")}
            {row(|i18n| t_string!(i18n, email_label).to_owned(), or_none(details.email.clone()), Step::Details, "jawaban-email")}
            {health_rows}
        </dl>
        <h2>{t!(i18n, check_send_title)}</h2>
        <p>{t!(i18n, check_send_body)}</p>
        <form novalidate on:submit=on_submit>
            <button type="submit" class="button">{t!(i18n, confirm_booking)}</button>
        </form>
    }
    .into_any()
}
