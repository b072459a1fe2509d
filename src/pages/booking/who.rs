use leptos::prelude::*;
use leptos_meta::Title;
use loket_contract::booking::ForWhom;

use super::StepContext;
use crate::components::form::{Choice, ErrorSummary, Radios, RequiredChoice};
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
    let choice =
        RequiredChoice::new(ctx.draft.get_untracked().and_then(|d| d.for_whom).map(value).unwrap_or_default(), "untuk", move || {
            t_string!(i18n, err_choose_who).to_string()
        });
    let choices = Signal::derive(move || {
        ALL.iter()
            .map(|w| Choice { value: value(*w), label: for_whom_label(i18n, *w).to_owned(), hint: None, disabled: false })
            .collect::<Vec<_>>()
    });
    let ctx2 = ctx.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(who) = choice.answer().and_then(|v| v.parse::<usize>().ok()).and_then(|i| ALL.get(i).copied()) else { return };
        ctx2.update(|d| d.for_whom = Some(who));
        ctx2.continue_from(Step::Who);
    };
    view! {
        <Title text=move || t_string!(i18n, step_who_title).to_string() />
        <ErrorSummary problems=choice.problems />
        <form novalidate on:submit=on_submit>
            <Radios name="untuk" legend=Signal::derive(move || t_string!(i18n, step_who_title).to_string()) choices selected=choice.chosen error=choice.error />
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}
