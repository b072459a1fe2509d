//! The current instant as a signal, ticking each minute, for "open now".

use leptos::prelude::*;
use loket_contract::Instant;

#[derive(Clone, Copy)]
struct Now(RwSignal<Instant>);

fn read_clock() -> Instant {
    Instant((js_sys::Date::now() / 1000.0) as i64)
}

pub fn provide_clock() {
    let now = RwSignal::new(read_clock());
    // The interval lives as long as the app shell.
    let _ = set_interval_with_handle(move || now.set(read_clock()), std::time::Duration::from_secs(60));
    provide_context(Now(now));
}

pub fn use_now() -> Signal<Instant> {
    expect_context::<Now>().0.into()
}
