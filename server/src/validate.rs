//! The server checks everything it receives again: the app's checks are for the citizen's
//! comfort, these are for safety. Every fault is reported at once, one entry per field.

use loket_contract::booking::{Applicant, HealthDetails};
use loket_contract::catalogue::Service;
use loket_contract::{BpjsNumber, FieldError, Nik, Phone};

/// An applicant whose every field passed.
#[derive(Debug, Clone)]
pub struct ValidApplicant {
    pub name: String,
    pub nik: Nik,
    pub phone: Phone,
    pub email: Option<String>,
    pub bpjs_number: Option<BpjsNumber>,
    pub referral_number: Option<String>,
}

fn error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into() }
}

pub fn applicant(a: &Applicant, health: Option<&HealthDetails>, service: &Service) -> Result<ValidApplicant, Vec<FieldError>> {
    let mut errors = Vec::new();

    let name = a.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push(error("applicant.name", "name.required", "enter the full name as on the KTP"));
    } else if name.chars().count() > 100 {
        errors.push(error("applicant.name", "name.too_long", "a name has at most 100 characters"));
    } else if name.chars().any(|c| c.is_control() || matches!(c, '<' | '>')) {
        errors.push(error("applicant.name", "name.characters", "a name has letters, spaces and punctuation only"));
    }

    let nik = Nik::parse(&a.nik).map_err(|e| errors.push(error("applicant.nik", e.code(), e.to_string()))).ok();
    let phone = Phone::parse(&a.phone).map_err(|e| errors.push(error("applicant.phone", e.code(), e.to_string()))).ok();

    let email = a.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned);
    if let Some(e) = &email {
        let well_formed = e.len() <= 254
            && e.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            })
            && !e.chars().any(char::is_whitespace);
        if !well_formed {
            errors.push(error("applicant.email", "email.invalid", "enter an email address like nama@contoh.id"));
        }
    }

    let mut bpjs_number = None;
    let mut referral_number = None;
    if let Some(info) = &service.health {
        let given = |v: Option<&String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(raw) = given(health.and_then(|h| h.bpjs_number.as_ref())) {
            match BpjsNumber::parse(&raw) {
                Ok(n) => bpjs_number = Some(n),
                Err(e) => errors.push(error("health.bpjsNumber", e.code(), e.to_string())),
            }
        }
        match given(health.and_then(|h| h.referral_number.as_ref())) {
            Some(r) if r.len() > 40 || !r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.')) => {
                errors.push(error("health.referralNumber", "referral.invalid", "a referral number has letters, digits, - / and . only"))
            }
            Some(r) => referral_number = Some(r),
            None if info.referral_required => errors.push(error(
                "health.referralNumber",
                "referral.required",
                "this clinic needs the referral (rujukan) number from your first-level facility",
            )),
            None => {}
        }
    }

    match (nik, phone) {
        (Some(nik), Some(phone)) if errors.is_empty() => Ok(ValidApplicant { name, nik, phone, email, bpjs_number, referral_number }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::booking::ForWhom;

    fn service(health: Option<serde_json::Value>) -> Service {
        serde_json::from_value(serde_json::json!({
            "id": "svc", "agencyId": "a", "categoryId": "c",
            "name": {"id": "x", "en": "x"}, "summary": {"id": "x", "en": "x"},
            "requirements": [], "fees": [], "processingTime": {"id": "x", "en": "x"},
            "processingDaysMax": 0, "channels": ["in_person"], "bookable": true,
            "offeredAt": ["rsud"], "durationMinutes": 15, "slotCapacity": 3, "health": health
        }))
        .unwrap()
    }

    fn applicant(nik: &str, phone: &str) -> Applicant {
        Applicant { name: "  Siti   Rahmawati ".into(), nik: nik.into(), phone: phone.into(), email: None, for_whom: ForWhom::Myself }
    }

    #[test]
    fn a_valid_applicant_is_normalised() {
        let ok = super::applicant(&applicant("3174 0112 0890 0001", "0812-3456-7890"), None, &service(None)).unwrap();
        assert_eq!(ok.name, "Siti Rahmawati");
        assert_eq!(ok.nik.as_str(), "3174011208900001");
        assert_eq!(ok.phone.as_str(), "+6281234567890");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut a = applicant("123", "021555");
        a.name = " ".into();
        a.email = Some("not-an-email".into());
        let errors = super::applicant(&a, None, &service(None)).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["applicant.name", "applicant.nik", "applicant.phone", "applicant.email"]);
    }

    #[test]
    fn a_specialist_clinic_needs_the_referral_number() {
        let rsud = service(Some(serde_json::json!({"poli": {"id": "Poli Jantung", "en": "Cardiology"}, "bpjsAccepted": true, "referralRequired": true})));
        let a = applicant("3174011208900001", "081234567890");
        let errors = super::applicant(&a, None, &rsud).unwrap_err();
        assert_eq!(errors[0].code, "referral.required");
        let health = HealthDetails { bpjs_number: Some("0001234567890".into()), referral_number: Some("0123R0011126B000123".into()) };
        let ok = super::applicant(&a, Some(&health), &rsud).unwrap();
        assert_eq!(ok.bpjs_number.unwrap().as_str(), "0001234567890");
        let bad = HealthDetails { bpjs_number: Some("123".into()), referral_number: Some("x".into()) };
        assert_eq!(super::applicant(&a, Some(&bad), &rsud).unwrap_err()[0].code, "bpjs.length");
    }
}
