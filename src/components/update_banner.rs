use leptos::prelude::*;

use crate::i18n::*;
use crate::state::app_update::use_app_update;

/// "A new version is available": the citizen chooses when to reload.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let update = use_app_update();
    view! {
        <Show when=move || update.available.get()>
            <div class="update-banner" role="status">
                <p>{t!(i18n, update_available)}</p>
                <button type="button" class="button" on:click=move |_| update.apply()>{t!(i18n, update_reload)}</button>
            </div>
        </Show>
    }
}
