use leptos::prelude::*;
use leptos_router::components::A;
use loket_contract::booking::{Booking, BookingStatus};

use super::date_text::date_long;
use super::labels::{booking_status_label, for_whom_label};
use super::qr_code::QrCode;
use crate::domain::calendar::{data_url, ics, CalendarEvent};
use crate::domain::local_time::time_range_label;
use crate::i18n::*;
use crate::routes;
use crate::state::directory::use_directory;
use crate::state::shell::print_page;

/// The ticket shown at the counter: readable offline, printable, with its QR code and a
/// calendar entry at the place's own hour.
#[component]
pub fn Ticket(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let lang = move || i18n.get_locale().as_str();
    let b = StoredValue::new(booking);
    let service_name = move || b.with_value(|b| dir.service_name(&b.service_id, lang()).unwrap_or_else(|| b.service_id.clone()));
    let location = move || b.with_value(|b| dir.data.with(|d| d.as_ref().and_then(|d| d.location(&b.location_id).cloned())));
    let location_name =
        move || location().map(|l| l.name.get(lang()).to_owned()).unwrap_or_else(|| b.with_value(|b| b.location_id.clone()));
    let when_date = move || b.with_value(|b| date_long(i18n, b.slot.starts_at.local(b.slot.time_zone).0));
    let when_time = move || b.with_value(|b| time_range_label(b.slot.starts_at, b.slot.ends_at, b.slot.time_zone));
    let calendar = move || {
        b.with_value(|b| {
            let place = location().map(|l| format!("{}, {}", l.name.get(lang()), l.address)).unwrap_or_else(|| b.location_id.clone());
            let description =
                t_string!(i18n, ics_description, code = b.code.clone(), queue = b.queue_number, time = when_time()).to_string();
            let summary = format!("{} ({})", service_name(), b.code);
            let reminder = t_string!(i18n, ics_reminder).to_string();
            data_url(
                "text/calendar",
                &ics(&CalendarEvent {
                    uid: &format!("{}@loket", b.code),
                    summary: &summary,
                    location: &place,
                    description: &description,
                    starts_at: b.slot.starts_at,
                    ends_at: b.slot.ends_at,
                    zone: b.slot.time_zone,
                    stamp: b.created_at,
                    reminder: &reminder,
                }),
            )
        })
    };
    let code = b.with_value(|b| b.code.clone());
    let status = b.with_value(|b| b.status);
    let qr_label = move || t_string!(i18n, ticket_qr_label, code = b.with_value(|b| b.code.clone())).to_string();
    let map = move || location().map(|l| routes::map_link(l.latitude, l.longitude));
    view! {
        <article class="ticket" aria-labelledby="tiket-judul">
            <h2 id="tiket-judul" class="ticket__title">{t!(i18n, ticket_title)}</h2>
            <div class="ticket__top">
                <dl class="ticket__facts">
                    <dt>{t!(i18n, ticket_code)}</dt>
                    <dd class="ticket__code" data-testid="booking-code">{code.clone()}</dd>
                    <dt>{t!(i18n, ticket_queue)}</dt>
                    <dd class="ticket__queue">{b.with_value(|b| b.queue_number)}</dd>
                    <dt>{t!(i18n, ticket_status)}</dt>
                    <dd>{move || booking_status_label(i18n, status)}</dd>
                </dl>
                <QrCode text=code.clone() label=Signal::derive(qr_label) />
            </div>
            <dl class="facts">
                <dt>{t!(i18n, ticket_service)}</dt>
                <dd>{service_name}</dd>
                <dt>{t!(i18n, ticket_for)}</dt>
                <dd>{b.with_value(|b| b.applicant_name.clone())}" ("{move || b.with_value(|b| for_whom_label(i18n, b.for_whom))}")"</dd>
                <dt>{t!(i18n, ticket_when)}</dt>
                <dd data-testid="ticket-when">{when_date}", "{when_time}</dd>
                <dt>{t!(i18n, ticket_where)}</dt>
                <dd>
                    {location_name}
                    {move || location().map(|l| view! { <br />{l.address.clone()} })}
                    {move || map().map(|href| view! { <br /><a href=href rel="noopener" target="_blank" class="no-print">{t!(i18n, map_link)}</a> })}
                </dd>
                <dt>{t!(i18n, ticket_nik)}</dt>
                <dd>{b.with_value(|b| b.nik_masked.clone())}</dd>
            </dl>
            <h3>{t!(i18n, ticket_bring)}</h3>
            <ul class="ticket__bring">
                {b.with_value(|b| b.what_to_bring.clone()).into_iter().map(|r| {
                    let name = r.name.clone();
                    view! { <li>{move || name.get(lang()).to_owned()}</li> }
                }).collect::<Vec<_>>()}
            </ul>
            <p class="ticket__arrive">{t!(i18n, ticket_arrive)}</p>
            <div class="ticket__actions no-print">
                <a class="button button--secondary" href=calendar download=format!("loket-{code}.ics")>{t!(i18n, ticket_add_calendar)}</a>
                <button type="button" class="button button--secondary" on:click=move |_| print_page()>{t!(i18n, ticket_print)}</button>
            </div>
            {(status == BookingStatus::Booked).then(|| {
                let code = b.with_value(|b| b.code.clone());
                view! {
                    <p class="ticket__changes no-print">
                        <A href=routes::reschedule(&code)>{t!(i18n, ticket_reschedule)}</A>
                        " · "
                        <A href=routes::cancel(&code)>{t!(i18n, ticket_cancel)}</A>
                    </p>
                }
            })}
        </article>
    }
}
