use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params};
use loket_contract::booking::{BookingStatus, SKM_ELEMENTS};

use crate::cache::SurveyState;
use crate::components::back_link::BackLink;
use crate::components::form::{focus_error_summary, Choice, ErrorSummary, Problem, Radios};
use crate::components::labels::{skm_answer, skm_question};
use crate::i18n::*;
use crate::routes::{self, TicketNotice};
use crate::state::bookings::use_bookings;

const NAMES: [&str; 9] = ["skm-1", "skm-2", "skm-3", "skm-4", "skm-5", "skm-6", "skm-7", "skm-8", "skm-9"];

/// The satisfaction survey (SKM, PermenPANRB 14/2017): nine questions, four answers each,
/// offered once the visit is complete and sent once (through the outbox when offline).
#[component]
pub fn Survey() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let params = use_params::<routes::CodeParam>();
    let code = move || routes::field(params, |p| p.code.clone()).unwrap_or_default();
    let open = Memo::new(move |_| {
        store.booking(&code()).map(|b| b.booking.status == BookingStatus::Fulfilled && b.survey == SurveyState::NotSent)
    });
    let answers: [RwSignal<String>; 9] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let tried = RwSignal::new(false);
    let missing = move || answers.iter().zip(NAMES).filter(|(a, _)| a.with(String::is_empty)).map(|(_, n)| n).collect::<Vec<_>>();
    let problems = Signal::derive(move || {
        if !tried.get() {
            return Vec::new();
        }
        missing().into_iter().map(|n| Problem { input_id: n.to_owned(), message: t_string!(i18n, err_survey_answer).to_string() }).collect()
    });
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !missing().is_empty() {
            focus_error_summary();
            return;
        }
        let scores: Vec<u8> = answers.iter().map(|a| a.get_untracked().parse().unwrap_or(0)).collect();
        store.send_survey(&code(), scores);
        navigate(&routes::ticket_with(&code(), TicketNotice::SurveySent), Default::default());
    };
    let choices = Signal::derive(move || {
        (1..=4u8)
            .rev()
            .map(|s| Choice { value: s.to_string(), label: skm_answer(i18n, s).to_owned(), hint: None, disabled: false })
            .collect::<Vec<_>>()
    });
    view! {
        <Title text=move || t_string!(i18n, survey_title).to_string() />
        <BackLink href=Signal::derive(move || routes::ticket(&code())) />
        <ErrorSummary problems />
        {move || match open.get() {
            Some(true) => view! {
                <h1>{t!(i18n, survey_title)}</h1>
                <p>{t!(i18n, survey_lead)}</p>
                <form novalidate on:submit=on_submit.clone()>
                    {SKM_ELEMENTS.iter().zip(NAMES).zip(answers).map(|((element, name), selected)| {
                        let element = *element;
                        let error = Signal::derive(move || (tried.get() && selected.with(String::is_empty)).then(|| t_string!(i18n, err_survey_answer).to_string()));
                        view! { <Radios name legend=Signal::derive(move || skm_question(i18n, element).to_string()) choices selected error heading=false /> }
                    }).collect::<Vec<_>>()}
                    <button type="submit" class="button">{t!(i18n, survey_send)}</button>
                </form>
            }
            .into_any(),
            _ => view! { <h1>{t!(i18n, survey_title)}</h1><p>{t!(i18n, survey_not_open)}</p> }.into_any(),
        }}
    }
}
