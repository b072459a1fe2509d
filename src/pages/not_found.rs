use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found_title).to_string() />
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_body)}</p>
        <p><A href=routes::HOME attr:class="standalone-link">{t!(i18n, back_to_directory)}</A></p>
    }
}
