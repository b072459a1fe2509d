use leptos::prelude::*;
use loket_contract::catalogue::Service;

use crate::domain::money::rupiah;
use crate::i18n::*;
use crate::routes;

/// One search result: what a citizen needs to choose. It copies only what it shows: a card is
/// made for each result at every keystroke, and a whole service (requirements, fees, places)
/// is many times that. Its link is a plain `<a>`: the router takes over clicks on any link, and
/// its `A` would add a resolved path and an "active" check to every card.
#[component]
pub fn ServiceCard<'a>(service: &'a Service, agency: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale().as_str();
    let name = service.name.clone();
    let time = service.processing_time.clone();
    let lowest_fee = service.lowest_fee().unwrap_or(0);
    let fee = move || rupiah(lowest_fee).unwrap_or_else(|| t_string!(i18n, fee_free).to_owned());
    let bookable = service.bookable;
    view! {
        <li class="service-card">
            <h2 class="service-card__name">
                <a href=routes::service(&service.id)>{move || name.get(lang()).to_owned()}</a>
            </h2>
            <p class="service-card__agency">{agency}</p>
            <dl class="service-card__facts">
                <div><dt>{t!(i18n, fees_title)}</dt><dd>{fee}</dd></div>
                <div><dt>{t!(i18n, processing_title)}</dt><dd>{move || time.get(lang()).to_owned()}</dd></div>
            </dl>
            <p class=if bookable { "badge badge--bookable" } else { "badge" }>
                {move || if bookable { t_string!(i18n, bookable) } else { t_string!(i18n, not_bookable) }}
            </p>
        </li>
    }
}
