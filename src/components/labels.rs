//! Words for the contract's enums, in the citizen's language.

use leptos_i18n::I18nContext;
use loket_contract::booking::{BookingStatus, ForWhom};
use loket_contract::catalogue::ApplicationStatus;

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

pub fn application_status_label(i18n: I18nContext<Locale>, status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Submitted => t_string!(i18n, app_status_submitted),
        ApplicationStatus::Verified => t_string!(i18n, app_status_verified),
        ApplicationStatus::Processing => t_string!(i18n, app_status_processing),
        ApplicationStatus::ReadyForPickup => t_string!(i18n, app_status_ready_for_pickup),
        ApplicationStatus::Completed => t_string!(i18n, app_status_completed),
        ApplicationStatus::Rejected => t_string!(i18n, app_status_rejected),
    }
}

/// A timeline entry's status, which is a booking's or an application's wire word.
pub fn timeline_status_label(i18n: I18nContext<Locale>, status: &str) -> String {
    BookingStatus::parse(status)
        .map(|s| booking_status_label(i18n, s))
        .or_else(|| ApplicationStatus::parse(status).map(|s| application_status_label(i18n, s)))
        .map(str::to_owned)
        .unwrap_or_else(|| status.to_owned())
}

/// The nine elements of the satisfaction survey (PermenPANRB 14/2017), in the contract's order.
pub fn skm_question(i18n: I18nContext<Locale>, element: &str) -> &'static str {
    match element {
        "requirements" => t_string!(i18n, skm_requirements),
        "procedure" => t_string!(i18n, skm_procedure),
        "service_time" => t_string!(i18n, skm_service_time),
        "fee" => t_string!(i18n, skm_fee),
        "service_product" => t_string!(i18n, skm_service_product),
        "staff_competence" => t_string!(i18n, skm_staff_competence),
        "staff_behaviour" => t_string!(i18n, skm_staff_behaviour),
        "complaint_handling" => t_string!(i18n, skm_complaint_handling),
        _ => t_string!(i18n, skm_facilities),
    }
}

/// The four answers, 1 (worst) to 4 (best).
pub fn skm_answer(i18n: I18nContext<Locale>, score: u8) -> &'static str {
    match score {
        1 => t_string!(i18n, skm_answer_1),
        2 => t_string!(i18n, skm_answer_2),
        3 => t_string!(i18n, skm_answer_3),
        _ => t_string!(i18n, skm_answer_4),
    }
}
