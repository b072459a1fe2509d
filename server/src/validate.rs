//! The server checks everything it receives again: the app's checks are for the citizen's
//! comfort, these are for safety. Every fault is reported at once, one entry per field.

use loket_contract::applicant::{self, Answers, Fault};
use loket_contract::booking::{Applicant, HealthDetails};
use loket_contract::catalogue::Service;
use loket_contract::FieldError;

/// An applicant whose every field passed, normalised.
pub use loket_contract::applicant::Valid as ValidApplicant;

/// The contract's applicant rules (the same the app checks before sending), every fault at once.
pub fn applicant(a: &Applicant, health: Option<&HealthDetails>, service: &Service) -> Result<ValidApplicant, Vec<FieldError>> {
    applicant::check(&Answers::of_request(a, health), service.health.as_ref()).map_err(|faults| faults.iter().map(Fault::to_api).collect())
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
        let rsud = service(Some(
            serde_json::json!({"poli": {"id": "Poli Jantung", "en": "Cardiology"}, "bpjsAccepted": true, "referralRequired": true}),
        ));
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
