use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::i18n::*;

#[component]
pub fn ServiceDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <Title text=move || t_string!(i18n, service_title).to_string() />
        <h1>{t!(i18n, service_title)}</h1>
        <dl class="facts">
            <dt>{t!(i18n, service_code)}</dt>
            <dd><code>{id}</code></dd>
        </dl>
        <p class="notice">{t!(i18n, service_coming)}</p>
    }
}
