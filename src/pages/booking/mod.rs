//! The booking flow, one question per page: place → day → time → for whom → details → check
//! your answers → send. Every answer is kept in the draft on the device as it is given.

mod check;
mod details;
mod place;
mod sending;
mod time;
mod who;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_query};
use loket_contract::catalogue::Service;

pub use sending::Sending;

use crate::components::back_link::BackLink;
use crate::components::data_status::DataStatus;
use crate::domain::booking_draft::{Draft, Step};
use crate::i18n::*;
use crate::routes;
use crate::state::bookings::use_bookings;
use crate::state::directory::use_directory;

#[component]
pub fn Booking() -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let store = use_bookings();
    let query = use_query::<routes::BookingQuery>();
    let service_id = move || routes::field(query, |q| q.layanan.clone()).unwrap_or_default();
    let service = move || dir.data.with(|d| d.as_ref().map(|d| d.service(&service_id()).filter(|s| s.bookable).cloned()));
    move || match (service(), store.loaded.get()) {
        (Some(Some(service)), true) => {
            let key = store.draft_for(&service.id).key;
            view! { <Flow service key /> }.into_any()
        }
        (Some(None), _) => view! {
            <Title text=move || t_string!(i18n, booking_title).to_string() />
            <h1>{t!(i18n, booking_title)}</h1>
            <p>{t!(i18n, booking_choose_service)}</p>
            <p><A href=routes::HOME attr:class="standalone-link">{t!(i18n, back_to_directory)}</A></p>
        }
        .into_any(),
        _ => {
            // Until the device's drafts are read, a prerendered copy of the first question stays.
            let _waiting = crate::state::shell::use_waiting().hold();
            view! {
                <Title text=move || t_string!(i18n, booking_title).to_string() />
                <h1>{t!(i18n, booking_title)}</h1>
                <DataStatus />
            }
            .into_any()
        }
    }
}

/// What every step needs: the service, its draft, and where "continue" goes.
#[derive(Clone)]
pub(super) struct StepContext {
    pub service: StoredValue<Service>,
    pub key: StoredValue<String>,
    pub draft: Memo<Option<Draft>>,
    pub changing: Signal<bool>,
    /// Set when "check your answers" sends the draft. From then on the sending page shows what
    /// becomes of it, and this page (still on screen while that page's module loads) must not
    /// react to the outcome by going somewhere else.
    pub sent: StoredValue<bool>,
    /// The router's `navigate`, taken once when the flow is mounted.
    go: leptos::callback::UnsyncCallback<String>,
}

impl StepContext {
    pub fn service_id(&self) -> String {
        self.service.with_value(|s| s.id.clone())
    }

    /// Saves a change to the draft (on the device at once).
    pub fn update(&self, change: impl FnOnce(&mut Draft)) {
        use_bookings().update_draft(&self.key.get_value(), change);
    }

    /// After answering `step`: the next page, or back to "check your answers" when changing.
    pub fn continue_from(&self, step: Step) {
        let health = self.service.with_value(|s| s.health.clone());
        let missing = self.draft.get_untracked().map(|d| d.first_missing(health.as_ref())).unwrap_or(Step::Location);
        let next = if self.changing.get_untracked() { missing } else { step.next().unwrap_or(Step::Check).min(missing) };
        self.go.run(routes::booking_step(&self.service_id(), next));
    }

    pub fn back_href(&self, step: Step) -> String {
        match (self.changing.get_untracked(), step.previous()) {
            (true, _) => routes::booking_step(&self.service_id(), Step::Check),
            (false, Some(previous)) => routes::booking_step(&self.service_id(), previous),
            (false, None) => routes::service(&self.service_id()),
        }
    }
}

#[component]
fn Flow(service: Service, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_bookings();
    let query = use_query::<routes::BookingQuery>();
    let asked = move || routes::field(query, |q| q.langkah.as_deref().and_then(Step::from_slug)).unwrap_or(Step::Location);
    let health = service.health.clone();
    let ctx_key = key.clone();
    let ctx = StepContext {
        service: StoredValue::new(service),
        key: StoredValue::new(key.clone()),
        draft: Memo::new(move |_| store.draft(&key)),
        changing: Signal::derive(move || routes::field(query, |q| Some(q.ubah.is_some())).unwrap_or(false)),
        sent: StoredValue::new(false),
        go: leptos::callback::UnsyncCallback::new({
            let navigate = use_navigate();
            move |path: String| navigate(&path, Default::default())
        }),
    };
    let service_name = move || ctx.service.with_value(|s| s.name.get(i18n.get_locale().as_str()).to_owned());
    // Only where to go is tracked here: typing into the draft must not re-render the page.
    let sent = ctx.sent;
    let route = Memo::new(move |previous: Option<&Route>| {
        let now = match store.draft(&ctx_key) {
            // Booked meanwhile (the outbox at app start, another tab): its sending page shows it.
            None if store.booking_from_draft(&ctx_key).is_some() => Route::Sending(ctx_key.clone()),
            None => Route::Gone,
            Some(d) if d.is_waiting() => Route::Sending(d.key),
            Some(d) => {
                // No page is shown before the answers it depends on: a deep link or a stale
                // bookmark lands on the first question still open.
                let step = asked().min(d.first_missing(health.as_ref()));
                if step == asked() {
                    Route::Show(step)
                } else {
                    Route::Redirect(step)
                }
            }
        };
        match previous {
            // Sent from "check your answers": what becomes of the draft is the sending page's.
            Some(shown) if sent.get_value() => shown.clone(),
            _ => now,
        }
    });
    move || {
        let ctx = ctx.clone();
        match route.get() {
            // Discarded meanwhile (another tab): start again from the service.
            Route::Gone => view! { <Redirect path=routes::service(&ctx.service_id()) /> }.into_any(),
            Route::Sending(key) => view! { <Redirect path=routes::booking_sending(&key) /> }.into_any(),
            Route::Redirect(step) => view! { <Redirect path=routes::booking_step(&ctx.service_id(), step) /> }.into_any(),
            Route::Show(step) => {
                let back = ctx.back_href(step);
                view! {
                    <BackLink href=back />
                    <p class="caption">{service_name}</p>
                    {match step {
                        Step::Location => view! { <place::PlaceStep ctx=ctx.clone() /> }.into_any(),
                        Step::Date => view! { <time::DateStep ctx=ctx.clone() /> }.into_any(),
                        Step::Time => view! { <time::TimeStep ctx=ctx.clone() /> }.into_any(),
                        Step::Who => view! { <who::WhoStep ctx=ctx.clone() /> }.into_any(),
                        Step::Details => view! { <details::DetailsStep ctx=ctx.clone() /> }.into_any(),
                        Step::Check => view! { <check::CheckStep ctx=ctx.clone() /> }.into_any(),
                    }}
                }
                .into_any()
            }
        }
    }
}

#[derive(Clone, PartialEq)]
enum Route {
    Gone,
    Sending(String),
    Redirect(Step),
    Show(Step),
}
