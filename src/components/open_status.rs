use leptos::prelude::*;
use loket_contract::catalogue::Location;

use crate::domain::opening::{clock, open_state, OpenState};
use crate::i18n::*;
use crate::state::clock::use_now;

/// "Open now, until 15.00 WIT" by the place's own clock and zone.
#[component]
pub fn OpenStatus(location: Location) -> impl IntoView {
    let i18n = use_i18n();
    let now = use_now();
    let zone = location.time_zone.label();
    let location = StoredValue::new(location);
    let state = move || location.with_value(|l| (open_state(l, now.get()), now.get().local(l.time_zone).0));
    let text = move || {
        let at = |minute: u16| format!("{} {zone}", clock(minute));
        match state() {
            (OpenState::Open { closes }, _) => t_string!(i18n, open_now_until, time = at(closes)).to_string(),
            (OpenState::OpensAt { date, opens }, today) if date == today => t_string!(i18n, opens_today_at, time = at(opens)).to_string(),
            (OpenState::OpensAt { date, opens }, _) => {
                let day = format!("{} {}", weekday_name(i18n, date.weekday()), date.day);
                t_string!(i18n, opens_on_at, day = day, time = at(opens)).to_string()
            }
            (OpenState::Closed, _) => t_string!(i18n, closed_long).to_string(),
        }
    };
    let open = move || matches!(state().0, OpenState::Open { .. });
    view! { <p class=move || if open() { "open-status open-status--open" } else { "open-status" }>{text}</p> }
}

pub fn weekday_name(i18n: leptos_i18n::I18nContext<Locale>, weekday: u8) -> &'static str {
    match weekday {
        1 => t_string!(i18n, weekday_1),
        2 => t_string!(i18n, weekday_2),
        3 => t_string!(i18n, weekday_3),
        4 => t_string!(i18n, weekday_4),
        5 => t_string!(i18n, weekday_5),
        6 => t_string!(i18n, weekday_6),
        _ => t_string!(i18n, weekday_7),
    }
}
