use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use loket_contract::catalogue::{Location, LocationKind};

use crate::components::data_status::DataStatus;
use crate::components::location_summary::LocationSummary;
use crate::components::open_status::{weekday_name, OpenStatus};
use crate::i18n::*;
use crate::routes;
use crate::state::directory::use_directory;

#[component]
pub fn Locations() -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let places = move || dir.data.with(|d| d.as_ref().map(|d| d.catalogue.locations.clone()).unwrap_or_default());
    view! {
        <Title text=move || t_string!(i18n, locations_title).to_string() />
        <h1>{t!(i18n, locations_title)}</h1>
        <p class="lead">{t!(i18n, locations_lead)}</p>
        <DataStatus />
        <ul class="place-list">
            {move || places().into_iter().map(|l| view! { <LocationSummary location=l top_level=true /> }).collect::<Vec<_>>()}
        </ul>
    }
}

#[component]
pub fn LocationDetail() -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let params = use_params::<routes::IdParam>();
    let id = move || routes::field(params, |p| p.id.clone()).unwrap_or_default();
    let place = move || dir.data.with(|d| d.as_ref().map(|d| d.location(&id()).cloned()));
    let title = move || match place() {
        Some(Some(l)) => l.name.get(i18n.get_locale().as_str()).to_owned(),
        _ => t_string!(i18n, locations_title).to_owned(),
    };
    view! {
        <Title text=title />
        {move || match place() {
            None => view! { <h1>{t!(i18n, locations_title)}</h1><DataStatus /> }.into_any(),
            Some(None) => view! {
                <h1>{t!(i18n, locations_title)}</h1>
                <p>{t!(i18n, location_not_found)}</p>
                <p><A href=routes::LOCATIONS>{t!(i18n, locations_title)}</A></p>
            }.into_any(),
            Some(Some(l)) => view! { <LocationView location=l /> }.into_any(),
        }}
    }
}

#[component]
fn LocationView(location: Location) -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let lang = move || i18n.get_locale().as_str();
    let zone = location.time_zone.label();
    let name = location.name.clone();
    let kind = location.kind;
    let map = routes::map_link(location.latitude, location.longitude);
    let hours = location.opening_hours.clone();
    let closures = location.closures.clone();
    let service_ids = location.service_ids.clone();
    let services = move || {
        dir.data.with(|d| {
            d.as_ref()
                .map(|d| {
                    service_ids
                        .iter()
                        .filter_map(|s| d.service(s))
                        .map(|s| (s.id.clone(), s.name.get(lang()).to_owned()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <h1>{move || name.get(lang()).to_owned()}</h1>
        <p class="service-agency">{move || match kind {
            LocationKind::Mpp => t_string!(i18n, kind_mpp),
            LocationKind::Puskesmas => t_string!(i18n, kind_puskesmas),
            LocationKind::Rsud => t_string!(i18n, kind_rsud),
        }}</p>
        <OpenStatus location=location.clone() />
        <p>{location.address.clone()}" · "<a href=map rel="noopener" target="_blank">{t!(i18n, map_link)}</a></p>

        <h2>{t!(i18n, hours_title)}" ("{zone}")"</h2>
        <table class="hours">
            <tbody>
                {(1..=7u8).map(|day| {
                    let spans: Vec<String> = hours.iter().filter(|h| h.weekday == day).map(|h| format!("{}–{}", h.opens.replace(':', "."), h.closes.replace(':', "."))).collect();
                    view! {
                        <tr>
                            <th scope="row">{move || weekday_name(i18n, day)}</th>
                            <td>{move || if spans.is_empty() { t_string!(i18n, closed).to_owned() } else { spans.join(", ") }}</td>
                        </tr>
                    }
                }).collect::<Vec<_>>()}
            </tbody>
        </table>

        {(!closures.is_empty()).then(|| view! {
            <h2>{t!(i18n, closures_title)}</h2>
            <ul>
                {closures.iter().cloned().map(|c| view! { <li><time datetime=c.date.clone()>{c.date.clone()}</time>": "{move || c.reason.get(lang()).to_owned()}</li> }).collect::<Vec<_>>()}
            </ul>
        })}

        <h2>{t!(i18n, services_here_title)}</h2>
        <ul class="link-list">
            {move || services().into_iter().map(|(id, name)| view! { <li><A href=routes::service(&id)>{name}</A></li> }).collect::<Vec<_>>()}
        </ul>
    }
}
