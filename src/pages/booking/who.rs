use leptos::prelude::*;
use leptos_meta::Title;
use loket_contract::booking::ForWhom;

use super::StepContext;
use crate::components::form::{focus_error_summary, Choice, ErrorSummary, Problem, Radios};
use crate::components::labels::for_whom_label;
use crate::domain::booking_draft::Step;
use crate::i18n::*;

const ALL: [ForWhom; 5] = [ForWhom::Myself, ForWhom::Parent, ForWhom::Child, ForWhom::Spouse, ForWhom::OtherFamily];

fn value(who: ForWhom) -> String {
    format!("{}", ALL.iter().position(|w| *w == who).unwrap_or(0))
}

/// Who the appointment is for: citizens often book for a parent or a child.
#[component]
pub fn WhoStep(ctx: StepContext) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(ctx.draft.get_untracked().and_then(|d| d.for_whom).map(value).unwrap_or_default());
    let choices = Signal::derive(move || {
        ALL.iter().map(|w| Choice { value: value(*w), label: for_whom_label(i18n, *w).to_owned(), hint: None, disabled: false }).collect::<Vec<_>>()
    });
    let tried = RwSignal::new(false);
    let error = Signal::derive(move || (tried.get() && chosen.with(String::is_empty)).then(|| t_string!(i18n, err_choose_who).to_string()));
    let problems = Signal::derive(move || error.get().map(|message| vec![Problem { input_id: "untuk".into(), message }]).unwrap_or_default());
    let ctx2 = ctx.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let Some(who) = chosen.get_untracked().parse::<usize>().ok().and_then(|i| ALL.get(i).copied()) else {
            focus_error_summary();
            return;
        };
        ctx2.update(|d| d.for_whom = Some(who));
        ctx2.continue_from(Step::Who);
    };
    view! {
        <Title text=move || t_string!(i18n, step_who_title).to_string() />
        <ErrorSummary problems />
        <form novalidate on:submit=on_submit>
            <Radios name="untuk" legend=Signal::derive(move || t_string!(i18n, step_who_title).to_string()) choices selected=chosen error />
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}
