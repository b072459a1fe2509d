use leptos::prelude::*;
use loket_contract::catalogue::Service;

use crate::domain::money::rupiah;
use crate::i18n::*;
use crate::routes;

/// One search result: what a citizen needs to choose. It copies only what it shows: a card is
/// made for each result at every keystroke, and a whole service (requirements, fees, places)
/// is many times that. For the same reason it is made in one language, `locale`, with nothing
/// reactive inside: the list makes its cards again when the language changes. Its link is a
/// plain `<a>`: the router takes over clicks on any link, and its `A` would add a resolved path
/// and an "active" check to every card.
#[component]
pub fn ServiceCard<'a>(service: &'a Service, agency: String, locale: Locale) -> impl IntoView {
    let lang = locale.as_str();
    let fee = rupiah(service.lowest_fee().unwrap_or(0)).unwrap_or_else(|| td_string!(locale, fee_free).to_owned());
    let (badge_class, badge) = if service.bookable {
        ("badge badge--bookable", td_string!(locale, bookable))
    } else {
        ("badge", td_string!(locale, not_bookable))
    };
    view! {
        <li class="service-card">
            <h2 class="service-card__name">
                <a href=routes::service(&service.id)>{service.name.get(lang).to_owned()}</a>
            </h2>
            <p class="service-card__agency">{agency}</p>
            <dl class="service-card__facts">
                <div><dt>{td_string!(locale, fees_title)}</dt><dd>{fee}</dd></div>
                <div><dt>{td_string!(locale, processing_title)}</dt><dd>{service.processing_time.get(lang).to_owned()}</dd></div>
            </dl>
            <p class=badge_class>{badge}</p>
        </li>
    }
}
