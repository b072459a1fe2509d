use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

#[component]
pub fn Booking() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, booking_title).to_string() />
        <h1>{t!(i18n, booking_title)}</h1>
        <p class="notice">{t!(i18n, booking_coming)}</p>
    }
}
