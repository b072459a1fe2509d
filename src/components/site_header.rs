use leptos::prelude::*;
use leptos_router::components::A;

use super::connectivity_indicator::ConnectivityIndicator;
use super::language_switch::LanguageSwitch;
use crate::i18n::*;
use crate::routes;
use crate::state::shell::focus_element;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // The router takes over in-page links, so the focus is moved here: a skip link that
        // only scrolls leaves keyboard and screen-reader users at the top.
        <a
            class="skip-link"
            href="#konten"
            on:click=|ev| {
                ev.prevent_default();
                focus_element("konten");
            }
        >
            {t!(i18n, skip_to_content)}
        </a>
        <header class="site-header">
            <div class="site-header__bar">
                <A href=routes::HOME attr:class="site-header__brand">
                    <span class="site-header__name">{t!(i18n, app_name)}</span>
                    <span class="site-header__tagline">{t!(i18n, app_tagline)}</span>
                </A>
                <LanguageSwitch />
            </div>
            <nav class="site-nav" aria-label=move || t_string!(i18n, nav_label)>
                <ul>
                    <li><A href=routes::HOME exact=true>{t!(i18n, nav_directory)}</A></li>
                    <li><A href=routes::LOCATIONS>{t!(i18n, nav_locations)}</A></li>
                    <li><A href=routes::TRACK>{t!(i18n, nav_track)}</A></li>
                    <li><A href=routes::MY_BOOKINGS>{t!(i18n, nav_my_bookings)}</A></li>
                </ul>
            </nav>
            <ConnectivityIndicator />
        </header>
    }
}
