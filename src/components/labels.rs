//! Words for the contract's enums, in the citizen's language.

use leptos_i18n::I18nContext;
use loket_contract::booking::{BookingStatus, ForWhom};

use crate::i18n::*;

pub fn for_whom_label(i18n: I18nContext<Locale>, who: ForWhom) -> &'static str {
    match who {
        ForWhom::Myself => t_string!(i18n, for_self),
        ForWhom::Child => t_string!(i18n, for_child),
        ForWhom::Spouse => t_string!(i18n, for_spouse),
        ForWhom::Parent => t_string!(i18n, for_parent),
        ForWhom::OtherFamily => t_string!(i18n, for_other_family),
    }
}

pub fn booking_status_label(i18n: I18nContext<Locale>, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => t_string!(i18n, status_booked),
        BookingStatus::CheckedIn => t_string!(i18n, status_checked_in),
        BookingStatus::Called => t_string!(i18n, status_called),
        BookingStatus::Fulfilled => t_string!(i18n, status_fulfilled),
        BookingStatus::Cancelled => t_string!(i18n, status_cancelled),
        BookingStatus::Noshow => t_string!(i18n, status_noshow),
    }
}
