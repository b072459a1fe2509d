use leptos::prelude::*;
use leptos_meta::Title;

use super::StepContext;
use crate::components::form::{Choice, ErrorSummary, Radios, RequiredChoice};
use crate::domain::booking_draft::Step;
use crate::i18n::*;
use crate::state::directory::use_directory;
use crate::state::prefs::use_my_location;

/// Where: the citizen's own mall first, then the others offering the service.
#[component]
pub fn PlaceStep(ctx: StepContext) -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let mine = use_my_location();
    let lang = move || i18n.get_locale().as_str();
    // A place chosen on the prerendered page before the app started is kept.
    let answered = ctx.draft.get_untracked().and_then(|d| d.location_id).or_else(|| crate::state::shell::prerendered_choice("lokasi"));
    let choice = RequiredChoice::new(answered.unwrap_or_default(), "lokasi", move || t_string!(i18n, err_choose_place).to_string());
    let chosen = choice.chosen;
    // The remembered mall arrives from the device a moment later; it only pre-selects.
    Effect::new(move |_| {
        let m = mine.get();
        let offered = ctx.service.with_value(|s| s.location_ids.contains(&m));
        if offered && chosen.with_untracked(String::is_empty) {
            chosen.set(m);
        }
    });
    let choices = Signal::derive(move || {
        let ids = ctx.service.with_value(|s| s.location_ids.clone());
        let mut places: Vec<_> =
            dir.data.with(|d| d.as_ref().map(|d| ids.iter().filter_map(|id| d.location(id).cloned()).collect()).unwrap_or_default());
        let my = mine.get();
        places.sort_by_key(|l| (l.id != my, l.name.get(lang()).to_owned()));
        places
            .into_iter()
            .map(|l| Choice {
                value: l.id.clone(),
                label: l.name.get(lang()).to_owned(),
                hint: Some(format!("{} · {}", l.address, l.time_zone.label())),
                disabled: false,
            })
            .collect::<Vec<_>>()
    });
    let ctx2 = ctx.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = choice.answer() else { return };
        mine.set(id.clone());
        ctx2.update(|d| d.choose_location(id));
        ctx2.continue_from(Step::Location);
    };
    view! {
        <Title text=move || t_string!(i18n, step_place_title).to_string() />
        <ErrorSummary problems=choice.problems />
        <form novalidate on:submit=on_submit>
            <Radios name="lokasi" legend=Signal::derive(move || t_string!(i18n, step_place_title).to_string()) choices selected=chosen error=choice.error />
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}
