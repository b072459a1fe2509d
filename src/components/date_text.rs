//! Dates as citizens read them: "Selasa, 1 Desember 2026" / "Tuesday, 1 December 2026".

use leptos_i18n::I18nContext;
use loket_contract::{Instant, LocalDate, Zone};

use super::open_status::weekday_name;
use crate::domain::local_time::time_label;
use crate::i18n::*;

pub fn month_name(i18n: I18nContext<Locale>, month: u8) -> &'static str {
    match month {
        1 => t_string!(i18n, month_1),
        2 => t_string!(i18n, month_2),
        3 => t_string!(i18n, month_3),
        4 => t_string!(i18n, month_4),
        5 => t_string!(i18n, month_5),
        6 => t_string!(i18n, month_6),
        7 => t_string!(i18n, month_7),
        8 => t_string!(i18n, month_8),
        9 => t_string!(i18n, month_9),
        10 => t_string!(i18n, month_10),
        11 => t_string!(i18n, month_11),
        _ => t_string!(i18n, month_12),
    }
}

pub fn date_long(i18n: I18nContext<Locale>, date: LocalDate) -> String {
    format!("{}, {} {} {}", weekday_name(i18n, date.weekday()), date.day, month_name(i18n, date.month), date.year)
}

/// "Selasa, 1 Desember 2026, 09.30 WITA": an instant as read at the place.
pub fn when_long(i18n: I18nContext<Locale>, at: Instant, zone: Zone) -> String {
    format!("{}, {}", date_long(i18n, at.local(zone).0), time_label(at, zone))
}
