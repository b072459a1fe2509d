use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use loket_contract::catalogue::{Channel, Service};

use crate::components::data_status::DataStatus;
use crate::components::location_summary::LocationSummary;
use crate::domain::money::rupiah;
use crate::i18n::*;
use crate::routes;
use crate::state::checklist::use_checklist;
use crate::state::directory::use_directory;
use crate::state::shell::{prerendered_checked, use_waiting};

/// A requirement's checkbox, the same in the prerendered page and the app.
fn box_id(item: usize) -> String {
    format!("syarat-{item}")
}

#[component]
pub fn ServiceDetail() -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let params = use_params::<routes::IdParam>();
    let id = move || routes::field(params, |p| p.id.clone()).unwrap_or_default();
    // A copy read back from the device is listed first and completed a moment later: the page
    // waits for its details (and keeps a prerendered page on screen meanwhile).
    let service = move || dir.data.with(|d| d.as_ref().filter(|d| d.complete).map(|d| d.service(&id()).cloned()));
    let details = use_waiting().hold();
    Effect::new(move |_| {
        if dir.data.with(|d| d.as_ref().is_some_and(|d| d.complete)) {
            details.release()
        }
    });
    let title = move || match service() {
        Some(Some(s)) => s.name.get(i18n.get_locale().as_str()).to_owned(),
        _ => t_string!(i18n, service_title).to_owned(),
    };
    view! {
        <Title text=title />
        {move || match service() {
            None => view! { <h1>{t!(i18n, service_title)}</h1><DataStatus /> }.into_any(),
            Some(None) => view! {
                <h1>{t!(i18n, service_title)}</h1>
                <p>{t!(i18n, service_not_found)}</p>
                <p><A href=routes::HOME attr:class="standalone-link">{t!(i18n, back_to_directory)}</A></p>
            }.into_any(),
            Some(Some(s)) => view! { <ServiceView service=s /> }.into_any(),
        }}
    }
}

#[component]
fn ServiceView(service: Service) -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let lang = move || i18n.get_locale().as_str();
    let s = StoredValue::new(service);
    let text = move |f: fn(&Service) -> &loket_contract::Text| move || s.with_value(|s| f(s).get(lang()).to_owned());
    let agency = move || {
        s.with_value(|s| {
            dir.data.with(|d| {
                d.as_ref().and_then(|d| d.catalogue.agencies.iter().find(|a| a.id == s.agency_id)).map(|a| a.name.get(lang()).to_owned())
            })
        })
        .unwrap_or_default()
    };
    // What the citizen ticked on the prerendered page before the app started is kept.
    let carried = (0..s.with_value(|s| s.requirements.len())).filter(|i| prerendered_checked(&box_id(*i))).collect();
    let checklist = use_checklist(s.with_value(|s| s.id.clone()), carried);
    let places = move || {
        s.with_value(|s| {
            dir.data.with(|d| {
                d.as_ref().map(|d| s.location_ids.iter().filter_map(|l| d.location(l).cloned()).collect::<Vec<_>>()).unwrap_or_default()
            })
        })
    };
    view! {
        <h1>{text(|s| &s.name)}</h1>
        <p class="service-agency">{agency}</p>
        <p class="lead">{text(|s| &s.summary)}</p>
        {s.with_value(|s| s.bookable).then(|| view! {
            <p><A href=routes::booking_for(&s.with_value(|s| s.id.clone())) attr:class="button">{t!(i18n, book_button)}</A></p>
        })}

        <h2 id="persyaratan">{t!(i18n, requirements_title)}</h2>
        <p class="field__hint">{t!(i18n, requirements_hint)}</p>
        <ul class="checklist" aria-labelledby="persyaratan">
            {s.with_value(|s| s.requirements.iter().cloned().enumerate().map(|(i, r)| {
                let box_id = box_id(i);
                let name = r.name.clone();
                let note = r.note.clone();
                view! {
                    <li class="checklist__item">
                        <input type="checkbox" id=box_id.clone() prop:checked=move || checklist.is_ticked(i) on:change=move |ev| checklist.set(i, event_target_checked(&ev)) />
                        <label for=box_id>
                            {move || name.get(lang()).to_owned()}
                            {note.clone().map(|n| view! { <span class="checklist__note">{move || format!(" ({})", n.get(lang()))}</span> })}
                        </label>
                    </li>
                }
            }).collect::<Vec<_>>())}
        </ul>

        <h2>{t!(i18n, fees_title)}</h2>
        <ul class="fees">
            {s.with_value(|s| s.fees.iter().map(|f| {
                let label = f.label.clone();
                let basis = f.legal_basis.clone();
                let amount = f.amount_idr;
                view! {
                    <li>
                        <strong>{move || label.get(lang()).to_owned()}</strong>": "
                        {move || rupiah(amount).unwrap_or_else(|| t_string!(i18n, fee_free).to_owned())}
                        <br /><span class="fees__basis">{t!(i18n, legal_basis)}": "{move || basis.get(lang()).to_owned()}</span>
                    </li>
                }
            }).collect::<Vec<_>>())}
        </ul>

        <h2>{t!(i18n, processing_title)}</h2>
        <p>{text(|s| &s.processing_time)}</p>

        <h2>{t!(i18n, channels_title)}</h2>
        <ul>
            {s.with_value(|s| s.channels.iter().map(|c| match c {
                Channel::InPerson => view! { <li>{t!(i18n, channel_in_person)}</li> }.into_any(),
                Channel::Online => view! { <li>{t!(i18n, channel_online)}</li> }.into_any(),
            }).collect::<Vec<_>>())}
        </ul>

        {s.with_value(|s| s.health.clone()).map(|h| {
            let poli = h.poli.clone();
            view! {
                <h2>{t!(i18n, health_title)}</h2>
                <ul>
                    <li>{t!(i18n, health_poli)}": "{move || poli.get(lang()).to_owned()}</li>
                    <li>{move || if h.bpjs_accepted { t_string!(i18n, health_bpjs_yes) } else { t_string!(i18n, health_bpjs_no) }}</li>
                    <li>{move || if h.referral_required { t_string!(i18n, health_referral_yes) } else { t_string!(i18n, health_referral_no) }}</li>
                </ul>
            }
        })}

        <h2>{t!(i18n, where_title)}</h2>
        <ul class="place-list">
            {move || places().into_iter().map(|l| view! { <LocationSummary location=l /> }).collect::<Vec<_>>()}
        </ul>
    }
}
