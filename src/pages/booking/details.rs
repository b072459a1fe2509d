use leptos::prelude::*;
use leptos_meta::Title;
use loket_contract::booking::ForWhom;

use super::StepContext;
use crate::components::fault_text::fault_text;
use crate::components::form::{focus_error_summary, ErrorSummary, Problem, TextField};
use crate::domain::booking_draft::{check_details, Details, Field, FieldFault, Step};
use crate::i18n::*;

/// A text of this page in the chosen language.
type Text = fn(leptos_i18n::I18nContext<Locale>) -> &'static str;

/// The person's details: checked when "continue" is pressed, each error next to its field and
/// in the summary. What is typed is kept on the device as it is typed.
#[component]
pub fn DetailsStep(ctx: StepContext) -> impl IntoView {
    let i18n = use_i18n();
    let draft = ctx.draft.get_untracked();
    let d = draft.as_ref().map(|d| d.details.clone()).unwrap_or_default();
    let for_self = draft.as_ref().and_then(|d| d.for_whom) == Some(ForWhom::Myself);
    let health = ctx.service.with_value(|s| s.health.clone());
    let (name, nik, phone, email, bpjs, referral) = (
        RwSignal::new(d.name),
        RwSignal::new(d.nik),
        RwSignal::new(d.phone),
        RwSignal::new(d.email),
        RwSignal::new(d.bpjs_number),
        RwSignal::new(d.referral_number),
    );
    let current = move || Details {
        name: name.get(),
        nik: nik.get(),
        phone: phone.get(),
        email: email.get(),
        bpjs_number: bpjs.get(),
        referral_number: referral.get(),
    };
    // Faults shown: the server's (after a refused submit) until "continue" checks again.
    let faults = RwSignal::new(draft.as_ref().map(|d| d.server_faults().to_vec()).unwrap_or_default());
    let ctx_save = ctx.clone();
    Effect::new(move |first: Option<()>| {
        let details = current();
        if first.is_some() {
            ctx_save.update(|d| d.details = details);
        }
    });
    let error = move |field: Field| {
        Signal::derive(move || faults.with(|f| f.iter().find(|x| x.field == field).map(|x| fault_text(i18n, x.field, &x.code).to_owned())))
    };
    let problems = Signal::derive(move || {
        faults.with(|f| {
            f.iter()
                .map(|x| Problem { input_id: input_id(x.field).to_owned(), message: fault_text(i18n, x.field, &x.code).to_owned() })
                .collect()
        })
    });
    let ctx2 = ctx.clone();
    let health_check = health.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let details = current();
        let found: Vec<FieldFault> = check_details(&details, health_check.as_ref());
        if !found.is_empty() {
            faults.set(found);
            focus_error_summary();
            return;
        }
        faults.set(Vec::new());
        ctx2.update(|d| d.set_details(details));
        ctx2.continue_from(Step::Details);
    };
    // Texts as functions of the language, not keys looked up at run time: a wrong name fails
    // the build instead of showing another field's text.
    let label = move |mine: Text, other: Text| Signal::derive(move || if for_self { mine(i18n) } else { other(i18n) }.to_string());
    let text = move |get: Text| Signal::derive(move || get(i18n).to_string());
    let referral_required = health.as_ref().is_some_and(|h| h.referral_required);
    view! {
        <Title text=move || t_string!(i18n, step_details_title).to_string() />
        <ErrorSummary problems />
        <h1>{move || if for_self { t_string!(i18n, step_details_title) } else { t_string!(i18n, step_details_title_other) }}</h1>
        <form novalidate on:submit=on_submit>
            <TextField id="nama" label=label(|i| t_string!(i, name_label), |i| t_string!(i, name_label_other)) hint=text(|i| t_string!(i, name_hint)) value=name error=error(Field::Name) autocomplete=if for_self { "name" } else { "off" } />
            <TextField id="nik" label=label(|i| t_string!(i, nik_label), |i| t_string!(i, nik_label_other)) hint=text(|i| t_string!(i, nik_hint)) value=nik error=error(Field::Nik) inputmode="numeric" autocomplete="off" width="20" />
            <TextField id="telepon" label=text(|i| t_string!(i, phone_label)) hint=text(|i| t_string!(i, phone_hint)) value=phone error=error(Field::Phone) input_type="tel" autocomplete="tel" width="20" />
            <TextField id="email" label=text(|i| t_string!(i, email_label)) hint=text(|i| t_string!(i, email_hint)) value=email error=error(Field::Email) input_type="email" autocomplete="email" />
            {health.is_some().then(|| view! {
                <TextField id="bpjs" label=text(|i| t_string!(i, bpjs_label)) hint=text(|i| t_string!(i, bpjs_hint)) value=bpjs error=error(Field::BpjsNumber) inputmode="numeric" autocomplete="off" width="20" />
                <TextField id="rujukan" label=if referral_required { text(|i| t_string!(i, referral_label_required)) } else { text(|i| t_string!(i, referral_label)) } hint=text(|i| t_string!(i, referral_hint)) value=referral error=error(Field::ReferralNumber) autocomplete="off" width="20" />
            })}
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}

/// The input of `field` on this page, which the error summary links to.
fn input_id(field: Field) -> &'static str {
    match field {
        Field::Name => "nama",
        Field::Nik => "nik",
        Field::Phone => "telepon",
        Field::Email => "email",
        Field::BpjsNumber => "bpjs",
        Field::ReferralNumber => "rujukan",
    }
}
