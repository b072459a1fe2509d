use leptos::prelude::*;
use leptos_meta::Title;
use loket_contract::booking::ForWhom;

use super::StepContext;
use crate::components::fault_text::fault_text;
use crate::components::form::{focus_error_summary, ErrorSummary, Problem, TextField};
use crate::domain::booking_draft::{check_details, Details, Field, FieldFault, Step};
use crate::i18n::*;

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
        faults.with(|f| f.iter().map(|x| Problem { input_id: x.field.input_id().to_owned(), message: fault_text(i18n, x.field, &x.code).to_owned() }).collect())
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
    let label = move |self_key: &'static str, other_key: &'static str| {
        Signal::derive(move || if for_self { tr(i18n, self_key) } else { tr(i18n, other_key) }.to_string())
    };
    let text = move |key: &'static str| Signal::derive(move || tr(i18n, key).to_string());
    let referral_required = health.as_ref().is_some_and(|h| h.referral_required);
    view! {
        <Title text=move || t_string!(i18n, step_details_title).to_string() />
        <ErrorSummary problems />
        <h1>{move || if for_self { t_string!(i18n, step_details_title) } else { t_string!(i18n, step_details_title_other) }}</h1>
        <form novalidate on:submit=on_submit>
            <TextField id="nama" label=label("name_label", "name_label_other") hint=text("name_hint") value=name error=error(Field::Name) autocomplete=if for_self { "name" } else { "off" } />
            <TextField id="nik" label=label("nik_label", "nik_label_other") hint=text("nik_hint") value=nik error=error(Field::Nik) inputmode="numeric" autocomplete="off" width="20" />
            <TextField id="telepon" label=text("phone_label") hint=text("phone_hint") value=phone error=error(Field::Phone) input_type="tel" autocomplete="tel" width="20" />
            <TextField id="email" label=text("email_label") hint=text("email_hint") value=email error=error(Field::Email) input_type="email" autocomplete="email" />
            {health.is_some().then(|| view! {
                <TextField id="bpjs" label=text("bpjs_label") hint=text("bpjs_hint") value=bpjs error=error(Field::BpjsNumber) inputmode="numeric" autocomplete="off" width="20" />
                <TextField id="rujukan" label=if referral_required { text("referral_label_required") } else { text("referral_label") } hint=text("referral_hint") value=referral error=error(Field::ReferralNumber) autocomplete="off" width="20" />
            })}
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}

/// The labels of this page by key, so the "for me"/"for someone else" pairs stay short above.
fn tr(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> &'static str {
    match key {
        "name_label" => t_string!(i18n, name_label),
        "name_label_other" => t_string!(i18n, name_label_other),
        "name_hint" => t_string!(i18n, name_hint),
        "nik_label" => t_string!(i18n, nik_label),
        "nik_label_other" => t_string!(i18n, nik_label_other),
        "nik_hint" => t_string!(i18n, nik_hint),
        "phone_label" => t_string!(i18n, phone_label),
        "phone_hint" => t_string!(i18n, phone_hint),
        "email_label" => t_string!(i18n, email_label),
        "email_hint" => t_string!(i18n, email_hint),
        "bpjs_label" => t_string!(i18n, bpjs_label),
        "bpjs_hint" => t_string!(i18n, bpjs_hint),
        "referral_label" => t_string!(i18n, referral_label),
        "referral_label_required" => t_string!(i18n, referral_label_required),
        _ => t_string!(i18n, referral_hint),
    }
}
