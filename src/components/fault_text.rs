//! Field errors in the citizen's language, from the stable codes the app and server share.

use leptos_i18n::I18nContext;

use crate::domain::booking_draft::Field;
use crate::i18n::*;

pub fn fault_text(i18n: I18nContext<Locale>, field: Field, code: &str) -> &'static str {
    match code {
        "name.required" => t_string!(i18n, err_name_required),
        "name.too_long" => t_string!(i18n, err_name_too_long),
        "name.characters" => t_string!(i18n, err_name_characters),
        "nik.required" => t_string!(i18n, err_nik_required),
        "nik.length" => t_string!(i18n, err_nik_length),
        "nik.digits" => t_string!(i18n, err_nik_digits),
        "nik.province_unknown" => t_string!(i18n, err_nik_province),
        "nik.birth_date_invalid" => t_string!(i18n, err_nik_birth_date),
        "nik.serial_zero" => t_string!(i18n, err_nik_serial),
        "phone.required" => t_string!(i18n, err_phone_required),
        "phone.prefix" => t_string!(i18n, err_phone_prefix),
        "phone.characters" => t_string!(i18n, err_phone_characters),
        "phone.length" => t_string!(i18n, err_phone_length),
        "email.invalid" => t_string!(i18n, err_email_invalid),
        "bpjs.length" | "bpjs.digits" => t_string!(i18n, err_bpjs),
        "referral.required" => t_string!(i18n, err_referral_required),
        "referral.invalid" => t_string!(i18n, err_referral_invalid),
        // A code this version does not know yet: still say which field to look at.
        _ => match field {
            Field::Name => t_string!(i18n, err_name_characters),
            Field::Nik => t_string!(i18n, err_nik_length),
            Field::Phone => t_string!(i18n, err_phone_prefix),
            Field::Email => t_string!(i18n, err_email_invalid),
            Field::BpjsNumber => t_string!(i18n, err_bpjs),
            Field::ReferralNumber => t_string!(i18n, err_referral_invalid),
        },
    }
}
