use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, ErrorKind};
use crate::components::form::{focus_error_summary, ErrorSummary, Problem, TextField};
use crate::components::slot_choice::api_error_text;
use crate::i18n::*;
use crate::routes;
use crate::state::bookings::use_bookings;
use crate::state::shell::prerendered_input;

/// Track a booking or an application: its code and proof that it is yours. What is found is
/// kept on the device and opens offline afterwards.
#[component]
pub fn Track() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    // What the citizen typed on the prerendered page before the app started is kept.
    let code = RwSignal::new(prerendered_input("kode").unwrap_or_default());
    let factor = RwSignal::new(prerendered_input("verifikasi").unwrap_or_default());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let field_error =
        move |id: &'static str| Signal::derive(move || problems.with(|p| p.iter().find(|p| p.input_id == id).map(|p| p.message.clone())));
    let look_up = Action::new_local(move |(code, factor): &(String, String)| {
        let (code, factor) = (code.clone(), factor.clone());
        async move { store.track(&code, &factor).await }
    });
    let navigate = use_navigate();
    Effect::new(move |_| match look_up.value().get() {
        Some(Ok(found)) => navigate(&routes::ticket(&found), Default::default()),
        Some(Err(e)) => {
            let message = match &e {
                // A wrong pair and an unknown code read the same: nothing to learn by guessing.
                e if e.kind() == ErrorKind::NotFound => t_string!(i18n, track_not_found).to_string(),
                ApiError::RateLimited { retry_after_seconds } => {
                    t_string!(i18n, track_rate_limited, seconds = *retry_after_seconds).to_string()
                }
                e => api_error_text(i18n, e).to_string(),
            };
            problems.set(vec![Problem { input_id: "kode".into(), message }]);
            focus_error_summary();
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let normalised = loket_contract::booking_code::normalise(&code.get_untracked());
        if code.with_untracked(|c| c.trim().is_empty()) {
            found.push(Problem { input_id: "kode".into(), message: t_string!(i18n, err_code_required).to_string() });
        } else if normalised.is_none() {
            found.push(Problem { input_id: "kode".into(), message: t_string!(i18n, err_code_invalid).to_string() });
        }
        if factor.with_untracked(|f| f.trim().is_empty()) {
            found.push(Problem { input_id: "verifikasi".into(), message: t_string!(i18n, err_factor_required).to_string() });
        }
        problems.set(found.clone());
        match (found.is_empty(), normalised) {
            (true, Some(c)) => {
                look_up.dispatch((c, factor.get_untracked()));
            }
            _ => focus_error_summary(),
        }
    };
    view! {
        <Title text=move || t_string!(i18n, track_title).to_string() />
        <ErrorSummary problems=problems.into() />
        <h1>{t!(i18n, track_title)}</h1>
        <p class="lead">{t!(i18n, track_lead)}</p>
        <form novalidate on:submit=on_submit>
            <TextField id="kode" label=Signal::derive(move || t_string!(i18n, track_code_label).to_string()) hint=Signal::derive(move || t_string!(i18n, track_code_hint).to_string()) value=code error=field_error("kode") autocomplete="off" width="20" />
            <TextField id="verifikasi" label=Signal::derive(move || t_string!(i18n, track_factor_label).to_string()) hint=Signal::derive(move || t_string!(i18n, track_factor_hint).to_string()) value=factor error=field_error("verifikasi") autocomplete="off" width="20" />
            <button type="submit" class="button" disabled=move || look_up.pending().get()>
                {move || if look_up.pending().get() { t_string!(i18n, track_searching) } else { t_string!(i18n, track_button) }}
            </button>
        </form>
    }
}
