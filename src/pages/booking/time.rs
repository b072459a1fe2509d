use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use loket_contract::LocalDate;

use super::StepContext;
use crate::components::form::{ErrorSummary, Radios, RequiredChoice};
use crate::components::slot_choice::{day_choices, time_choices, SlotsStatus};
use crate::domain::booking_draft::{Step, Submission};
use crate::i18n::*;
use crate::routes;
use crate::state::slots::use_slots;

fn slots_of(ctx: &StepContext) -> crate::state::slots::Slots {
    let location = ctx.draft.get_untracked().and_then(|d| d.location_id).unwrap_or_default();
    use_slots(ctx.service_id(), location)
}

/// Which day: a plain list of the days with places left (no calendar grid to fight with).
#[component]
pub fn DateStep(ctx: StepContext) -> impl IntoView {
    let i18n = use_i18n();
    let slots = slots_of(&ctx);
    let choice = RequiredChoice::new(
        ctx.draft.get_untracked().and_then(|d| d.date).map(|d| d.to_string()).unwrap_or_default(),
        "tanggal",
        move || t_string!(i18n, err_choose_day).to_string(),
    );
    let choices = Signal::derive(move || match slots.result.get() {
        Some(Ok(list)) => day_choices(i18n, &list),
        _ => Vec::new(),
    });
    let none_left = move || matches!(slots.result.get(), Some(Ok(_))) && choices.with(Vec::is_empty);
    let ctx2 = ctx.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(date) = choice.answer().and_then(|d| LocalDate::parse(&d).ok()) else { return };
        ctx2.update(|d| d.choose_date(date));
        ctx2.continue_from(Step::Date);
    };
    let place_href = routes::booking_step(&ctx.service_id(), Step::Location);
    view! {
        <Title text=move || t_string!(i18n, step_day_title).to_string() />
        <ErrorSummary problems=choice.problems />
        <SlotsStatus slots />
        <Show when=move || !choices.with(Vec::is_empty)>
            <form novalidate on:submit=on_submit.clone()>
                <Radios name="tanggal" legend=Signal::derive(move || t_string!(i18n, step_day_title).to_string()) hint=Signal::derive(move || t_string!(i18n, step_day_hint).to_string()) choices selected=choice.chosen error=choice.error />
                <button type="submit" class="button">{t!(i18n, continue_button)}</button>
            </form>
        </Show>
        <Show when=none_left>
            <h1>{t!(i18n, step_day_title)}</h1>
            <p>{t!(i18n, no_days_left)}</p>
            <p><A href=place_href.clone()>{t!(i18n, choose_other_place)}</A></p>
        </Show>
    }
}

/// Which time: in the place's zone, labelled, with the places left.
#[component]
pub fn TimeStep(ctx: StepContext) -> impl IntoView {
    let i18n = use_i18n();
    let slots = slots_of(&ctx);
    let draft = ctx.draft.get_untracked();
    let date = draft.as_ref().and_then(|d| d.date);
    let taken = draft.as_ref().map(|d| d.submission.clone());
    let choice = RequiredChoice::new(
        draft.as_ref().and_then(|d| d.slot.as_ref()).map(|s| s.id.to_string()).unwrap_or_default(),
        "waktu",
        move || t_string!(i18n, err_choose_time).to_string(),
    );
    let zone = draft.as_ref().and_then(|d| d.slot.as_ref().map(|s| s.time_zone));
    let choices = Signal::derive(move || match (slots.result.get(), date) {
        (Some(Ok(list)), Some(date)) => time_choices(i18n, &list, date),
        _ => Vec::new(),
    });
    let zone_hint = move || {
        let zone = slots.result.get().and_then(|r| r.ok()).and_then(|l| l.first().map(|s| s.time_zone)).or(zone);
        zone.map(|z| t_string!(i18n, step_time_hint, zone = z.label()).to_string()).unwrap_or_default()
    };
    let ctx2 = ctx.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = choice.answer() else { return };
        let slot = slots
            .result
            .get_untracked()
            .and_then(|r| r.ok())
            .and_then(|l| l.into_iter().find(|s| s.id.to_string() == id && s.capacity_left > 0));
        let Some(slot) = slot else {
            // Filled meanwhile: ask again.
            choice.chosen.set(String::new());
            let _ = choice.answer();
            return;
        };
        ctx2.update(|d| d.choose_slot(slot));
        ctx2.continue_from(Step::Time);
    };
    let day_href = routes::booking_step(&ctx.service_id(), Step::Date);
    view! {
        <Title text=move || t_string!(i18n, step_time_title).to_string() />
        <ErrorSummary problems=choice.problems />
        {match taken {
            Some(Submission::SlotTaken) => Some(view! { <div class="notice notice--warning" role="alert"><p>{t!(i18n, slot_taken_notice)}</p></div> }.into_any()),
            Some(Submission::SlotGone) => Some(view! { <div class="notice notice--warning" role="alert"><p>{t!(i18n, slot_gone_notice)}</p></div> }.into_any()),
            _ => None,
        }}
        <SlotsStatus slots />
        <Show when=move || !choices.with(Vec::is_empty)>
            <form novalidate on:submit=on_submit.clone()>
                <Radios name="waktu" legend=Signal::derive(move || t_string!(i18n, step_time_title).to_string()) hint=Signal::derive(zone_hint) choices selected=choice.chosen error=choice.error />
                <button type="submit" class="button">{t!(i18n, continue_button)}</button>
            </form>
        </Show>
        <Show when=move || matches!(slots.result.get(), Some(Ok(_))) && choices.with(Vec::is_empty)>
            <h1>{t!(i18n, step_time_title)}</h1>
            <p>{t!(i18n, no_times_left)}</p>
            <p><A href=day_href.clone()>{t!(i18n, choose_other_day)}</A></p>
        </Show>
    }
}
