use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;

/// "Back" to the previous page of a flow; the browser's back button does the same.
#[component]
pub fn BackLink(#[prop(into)] href: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! { <A href=move || href.get() attr:class="back-link">{t!(i18n, back)}</A> }
}
