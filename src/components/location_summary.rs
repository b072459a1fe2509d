use leptos::prelude::*;
use leptos_router::components::A;
use loket_contract::catalogue::Location;

use super::open_status::OpenStatus;
use crate::i18n::*;
use crate::routes;

/// A place in a list: name, open now by its own clock, address with a map, phone.
#[component]
pub fn LocationSummary(
    location: Location,
    /// On a page listing only places, each place's name is a second-level heading.
    #[prop(optional)]
    top_level: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale().as_str();
    let name = location.name.clone();
    let map = routes::map_link(location.latitude, location.longitude);
    let tel = format!("tel:{}", location.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
    let phone = location.phone.clone();
    view! {
        <li class="place">
            {
                let link = view! { <A href=routes::location(&location.id)>{move || name.get(lang()).to_owned()}</A> };
                if top_level {
                    view! { <h2 class="place__name">{link}</h2> }.into_any()
                } else {
                    view! { <h3 class="place__name">{link}</h3> }.into_any()
                }
            }
            <OpenStatus location=location.clone() />
            <p class="place__address">{location.address.clone()}" · "<a href=map rel="noopener" target="_blank">{t!(i18n, map_link)}</a></p>
            <p><a class="standalone-link" href=tel>{t!(i18n, call_link, phone = phone.clone())}</a></p>
        </li>
    }
}
