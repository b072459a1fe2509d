use leptos::prelude::*;

use crate::i18n::*;
use crate::state::locale::choose_language;

/// One button naming the other language in that language, as citizens look for it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.get_locale() {
        Locale::id => Locale::en,
        Locale::en => Locale::id,
    };
    view! {
        <button
            type="button"
            class="language-switch"
            lang=move || other().as_str()
            on:click=move |_| choose_language(i18n, other())
        >
            {t!(i18n, language_switch)}
        </button>
    }
}
