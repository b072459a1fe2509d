//! GOV.UK form parts: a label, a hint, the error next to the field, and an error summary at the
//! top that takes focus and links to each field.

use leptos::prelude::*;

use crate::i18n::*;
use crate::state::shell::focus_element;

/// The id of the error summary, focused when a submit finds errors.
pub const ERROR_SUMMARY_ID: &str = "ringkasan-kesalahan";

/// One problem: the id of the input it is about, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub input_id: String,
    pub message: String,
}

#[component]
pub fn ErrorSummary(problems: Signal<Vec<Problem>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="error-summary" id=ERROR_SUMMARY_ID tabindex="-1" role="alert" aria-labelledby="ringkasan-kesalahan-judul">
                <h2 id="ringkasan-kesalahan-judul" class="error-summary__title">{t!(i18n, error_summary_title)}</h2>
                <ul class="error-summary__list">
                    {move || problems.get().into_iter().map(|p| {
                        let target = p.input_id.clone();
                        view! {
                            <li><a href=format!("#{}", p.input_id) on:click=move |ev| {
                                ev.prevent_default();
                                focus_element(&target);
                            }>{p.message}</a></li>
                        }
                    }).collect::<Vec<_>>()}
                </ul>
            </div>
        </Show>
    }
}

/// After a submit with errors: the summary takes focus so a screen reader reads it first.
pub fn focus_error_summary() {
    // The summary renders in the same tick as the errors; focus it on the next frame.
    request_animation_frame(|| focus_element(ERROR_SUMMARY_ID));
}

#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-petunjuk");
    let error_id = format!("{id}-kesalahan");
    let described_by = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    let class = move || if error.with(Option::is_some) { "field field--error" } else { "field" };
    let input_class = format!("field__input{}", width.map(|w| format!(" field__input--{w}")).unwrap_or_default());
    view! {
        <div class=class>
            <label class="field__label" for=id>{label}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h}</p> })}
            {move || error.get().map(|e| view! { <p class="field__error" id=error_id.clone()><span class="visually-hidden">{t!(use_i18n(), error_prefix)}</span>{e}</p> })}
            <input
                class=input_class
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-describedby=described_by
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// `aria-describedby` of a field: its hint, and its error while there is one.
fn described_by(hint_id: Option<String>, error_id: String, error: Signal<Option<String>>) -> impl Fn() -> Option<String> {
    move || {
        let ids: Vec<&str> = hint_id.iter().map(String::as_str).chain(error.with(Option::is_some).then_some(error_id.as_str())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A question with one required answer (a radio group): what is chosen, and the error shown
/// once the citizen pressed "continue" with nothing chosen.
#[derive(Clone, Copy)]
pub struct RequiredChoice {
    pub chosen: RwSignal<String>,
    tried: RwSignal<bool>,
    pub error: Signal<Option<String>>,
    pub problems: Signal<Vec<Problem>>,
}

impl RequiredChoice {
    /// `input_id` is the group's first radio (the summary's link target); `message` says what
    /// to choose.
    pub fn new(initial: String, input_id: &'static str, message: impl Fn() -> String + Send + Sync + 'static) -> RequiredChoice {
        let chosen = RwSignal::new(initial);
        let tried = RwSignal::new(false);
        let error = Signal::derive(move || (tried.get() && chosen.with(String::is_empty)).then(&message));
        let problems =
            Signal::derive(move || error.get().map(|message| vec![Problem { input_id: input_id.to_owned(), message }]).unwrap_or_default());
        RequiredChoice { chosen, tried, error, problems }
    }

    /// On "continue": the answer, or `None` with the error shown and the summary focused.
    pub fn answer(&self) -> Option<String> {
        self.tried.set(true);
        let value = self.chosen.get_untracked();
        if value.is_empty() {
            focus_error_summary();
            return None;
        }
        Some(value)
    }

    /// Starts over (the next question of a page that asks two in turn).
    pub fn reset(&self) {
        self.chosen.set(String::new());
        self.tried.set(false);
    }
}

/// One choice of a radio group.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    pub disabled: bool,
}

/// A radio group in a fieldset: the question is the legend (and the page's heading).
#[component]
pub fn Radios(
    name: &'static str,
    #[prop(into)] legend: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] choices: Signal<Vec<Choice>>,
    selected: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The question is the page's heading (one question per page); false on a page of several.
    #[prop(default = true)]
    heading: bool,
) -> impl IntoView {
    let hint_id = format!("{name}-petunjuk");
    let error_id = format!("{name}-kesalahan");
    let described_by = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    let class = move || if error.with(Option::is_some) { "field field--error" } else { "field" };
    view! {
        <div class=class>
            <fieldset class="radios" aria-describedby=described_by>
                <legend class="radios__legend">
                    {if heading {
                        view! { <h1 class="radios__heading">{legend}</h1> }.into_any()
                    } else {
                        view! { <span class="radios__question">{legend}</span> }.into_any()
                    }}
                </legend>
                {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h}</p> })}
                {move || error.get().map(|e| view! { <p class="field__error" id=error_id.clone()><span class="visually-hidden">{t!(use_i18n(), error_prefix)}</span>{e}</p> })}
                {move || choices.get().into_iter().enumerate().map(|(i, c)| {
                    // The first radio carries the group's id, so an error summary link lands on it.
                    let input_id = if i == 0 { name.to_owned() } else { format!("{name}-{i}") };
                    let choice_hint_id = format!("{input_id}-keterangan");
                    let value = c.value.clone();
                    let checked_value = c.value.clone();
                    view! {
                        <div class="radios__item">
                            <input
                                type="radio"
                                id=input_id.clone()
                                name=name
                                value=c.value.clone()
                                disabled=c.disabled
                                aria-describedby=c.hint.is_some().then(|| choice_hint_id.clone())
                                prop:checked=move || selected.with(|s| *s == checked_value)
                                on:change=move |_| selected.set(value.clone())
                            />
                            <label class="radios__label" for=input_id>{c.label}</label>
                            {c.hint.map(|h| view! { <p class="radios__hint" id=choice_hint_id>{h}</p> })}
                        </div>
                    }
                }).collect::<Vec<_>>()}
            </fieldset>
        </div>
    }
}
