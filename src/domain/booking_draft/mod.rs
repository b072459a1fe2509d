//! A booking in progress: what the citizen has answered so far, which page comes next, and what
//! happens to it once submitted. Kept on the device at every step, so nothing typed is lost.
//!
//! `step.rs` the pages in order, `checks.rs` the details and their checks, `submission.rs` the
//! outbox's state machine, `retry.rs` when a waiting draft is sent again; the draft itself and
//! the answers it takes are here.

mod checks;
mod retry;
mod step;
mod submission;

pub use checks::{check_details, Details, Field, FieldFault};
pub use retry::retry_delay_ms;
pub use step::Step;
pub use submission::{Failure, Outcome, Submission};

use loket_contract::booking::{ForWhom, Slot};
use loket_contract::catalogue::HealthInfo;
use loket_contract::LocalDate;
use serde::{Deserialize, Serialize};

/// A booking draft: one per service being booked, keyed by its idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Made when the draft starts and sent with every attempt, so a retry never books twice.
    pub key: String,
    pub service_id: String,
    pub location_id: Option<String>,
    pub date: Option<LocalDate>,
    pub slot: Option<Slot>,
    pub for_whom: Option<ForWhom>,
    pub details: Details,
    pub submission: Submission,
    pub started_at_ms: f64,
}

impl Draft {
    pub fn new(key: String, service_id: String, started_at_ms: f64) -> Draft {
        Draft {
            key,
            service_id,
            location_id: None,
            date: None,
            slot: None,
            for_whom: None,
            details: Details::default(),
            submission: Submission::Editing,
            started_at_ms,
        }
    }

    /// The first page with an answer missing (or wrong): no later page may be shown before it.
    pub fn first_missing(&self, health: Option<&HealthInfo>) -> Step {
        if self.location_id.is_none() {
            Step::Location
        } else if self.date.is_none() {
            Step::Date
        } else if self.slot.is_none() {
            Step::Time
        } else if self.for_whom.is_none() {
            Step::Who
        } else if !check_details(&self.details, health).is_empty() || matches!(self.submission, Submission::Refused { .. }) {
            Step::Details
        } else {
            Step::Check
        }
    }

    /// A new place: the days and times chosen for the old one no longer apply.
    pub fn choose_location(&mut self, id: String) {
        if self.location_id.as_deref() != Some(id.as_str()) {
            self.location_id = Some(id);
            self.date = None;
            self.slot = None;
        }
    }

    pub fn choose_date(&mut self, date: LocalDate) {
        if self.date != Some(date) {
            self.date = Some(date);
            self.slot = None;
        }
    }

    pub fn choose_slot(&mut self, slot: Slot) {
        self.slot = Some(slot);
        if matches!(self.submission, Submission::SlotTaken | Submission::SlotGone) {
            self.submission = Submission::Editing;
        }
    }

    pub fn set_details(&mut self, details: Details) {
        if details != self.details {
            self.details = details;
        }
        if matches!(self.submission, Submission::Refused { .. }) {
            self.submission = Submission::Editing;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::FieldError;
    use loket_contract::{Instant, Text, Zone};

    const NIK: &str = "3174011208900001";

    fn slot(id: i64) -> Slot {
        Slot {
            id,
            service_id: "poli-umum".into(),
            location_id: "puskesmas-kotaraja".into(),
            starts_at: Instant(1_796_088_600),
            ends_at: Instant(1_796_089_500),
            time_zone: Zone::Wit,
            capacity: 4,
            capacity_left: 2,
        }
    }

    fn health(referral_required: bool) -> HealthInfo {
        HealthInfo { poli: Text { id: "Poli Umum".into(), en: "General".into() }, bpjs_accepted: true, referral_required }
    }

    fn complete() -> Draft {
        let mut d = Draft::new("k-123456789".into(), "poli-umum".into(), 0.0);
        d.choose_location("puskesmas-kotaraja".into());
        d.choose_date(LocalDate::new(2026, 12, 1).unwrap());
        d.choose_slot(slot(7));
        d.for_whom = Some(ForWhom::Parent);
        d.details = Details { name: " Siti  Aminah ".into(), nik: NIK.into(), phone: "0812-3456-7890".into(), ..Details::default() };
        d
    }

    fn codes(faults: &[FieldFault]) -> Vec<(Field, &str)> {
        faults.iter().map(|f| (f.field, f.code.as_str())).collect()
    }

    #[test]
    fn a_name_the_server_accepts_is_not_refused_on_the_phone() {
        // The app once refused a tab in a name, and a name over 100 characters before its
        // spaces were collapsed, where the server collapses the spaces first and accepts both.
        let mut d = complete();
        d.details.name = "Siti\tAminah".into();
        assert!(check_details(&d.details, None).is_empty());
        d.details.name = format!("{}    {}", "a".repeat(50), "b".repeat(49));
        assert!(check_details(&d.details, None).is_empty());
        assert_eq!(d.request().unwrap().applicant.name.chars().count(), 100);
    }

    #[test]
    fn steps_round_trip_their_slugs_and_order() {
        for s in Step::ALL {
            assert_eq!(Step::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Step::Location.previous(), None);
        assert_eq!(Step::Who.previous(), Some(Step::Time));
        assert_eq!(Step::Details.next(), Some(Step::Check));
        assert_eq!(Step::from_slug("../x"), None);
    }

    #[test]
    fn the_first_missing_answer_decides_the_page() {
        let mut d = Draft::new("k-123456789".into(), "s".into(), 0.0);
        assert_eq!(d.first_missing(None), Step::Location);
        d.choose_location("a".into());
        assert_eq!(d.first_missing(None), Step::Date);
        d.choose_date(LocalDate::new(2026, 12, 1).unwrap());
        assert_eq!(d.first_missing(None), Step::Time);
        d.choose_slot(slot(1));
        assert_eq!(d.first_missing(None), Step::Who);
        d.for_whom = Some(ForWhom::Myself);
        assert_eq!(d.first_missing(None), Step::Details);
        assert_eq!(complete().first_missing(None), Step::Check);
    }

    #[test]
    fn changing_the_place_or_day_drops_what_depended_on_it() {
        let mut d = complete();
        d.choose_location("puskesmas-kotaraja".into());
        assert!(d.slot.is_some(), "the same place keeps the slot");
        d.choose_date(LocalDate::new(2026, 12, 2).unwrap());
        assert!(d.slot.is_none());
        d.choose_slot(slot(9));
        d.choose_location("rsud-jayapura".into());
        assert_eq!((d.date, d.slot.as_ref()), (None, None));
        assert_eq!(d.details.nik, NIK, "the citizen's details stay");
    }

    #[test]
    fn details_are_checked_like_the_server_does() {
        let bad =
            Details { name: "".into(), nik: "3174011213900001".into(), phone: "021-555".into(), email: "x@".into(), ..Details::default() };
        assert_eq!(
            codes(&check_details(&bad, None)),
            [
                (Field::Name, "name.required"),
                (Field::Nik, "nik.birth_date_invalid"),
                (Field::Phone, "phone.prefix"),
                (Field::Email, "email.invalid")
            ]
        );
        let unknown_province = Details { nik: "9974011208900001".into(), ..complete().details };
        assert_eq!(codes(&check_details(&unknown_province, None)), [(Field::Nik, "nik.province_unknown")]);
        let empty = Details::default();
        assert_eq!(codes(&check_details(&empty, None))[1..], [(Field::Nik, "nik.required"), (Field::Phone, "phone.required")]);
        assert!(check_details(&complete().details, None).is_empty());
    }

    #[test]
    fn health_services_check_bpjs_and_referral() {
        let mut d = complete().details;
        assert_eq!(codes(&check_details(&d, Some(&health(true)))), [(Field::ReferralNumber, "referral.required")]);
        assert!(check_details(&d, Some(&health(false))).is_empty());
        d.bpjs_number = "000123".into();
        d.referral_number = "<script>".into();
        assert_eq!(
            codes(&check_details(&d, Some(&health(true)))),
            [(Field::BpjsNumber, "bpjs.length"), (Field::ReferralNumber, "referral.invalid")]
        );
        d.bpjs_number = "0001234567890".into();
        d.referral_number = "0301R0011226K000123".into();
        assert!(check_details(&d, Some(&health(true))).is_empty());
        // Outside health services the BPJS fields are not asked, so not checked.
        d.bpjs_number = "x".into();
        assert!(check_details(&d, None).is_empty());
    }

    #[test]
    fn the_request_is_trimmed_and_the_same_for_every_attempt() {
        let mut d = complete();
        d.details.bpjs_number = " 0001234567890 ".into();
        let first = d.submit(None).unwrap();
        assert_eq!(first.slot_id, 7);
        assert_eq!(first.applicant.name, "Siti Aminah");
        assert_eq!(first.applicant.for_whom, ForWhom::Parent);
        assert_eq!(first.health.as_ref().unwrap().bpjs_number.as_deref(), Some("0001234567890"));
        assert_eq!(first.health.as_ref().unwrap().referral_number, None);
        assert!(d.is_waiting());
        d.record(Outcome::Retry(Failure::Offline));
        assert_eq!(d.submit(None).unwrap(), first);
        assert_eq!(d.submission, Submission::Waiting { attempts: 1, last_failure: Some(Failure::Offline) });
    }

    #[test]
    fn an_incomplete_draft_cannot_be_submitted() {
        let mut d = complete();
        d.details.nik = "123".into();
        assert_eq!(d.submit(None), None);
        assert_eq!(d.submission, Submission::Editing);
    }

    #[test]
    fn a_full_slot_sends_the_citizen_back_to_the_times_with_every_other_answer_kept() {
        let mut d = complete();
        d.submit(None);
        assert_eq!(d.record(Outcome::SlotFull), None);
        assert_eq!(d.submission, Submission::SlotTaken);
        assert_eq!(d.first_missing(None), Step::Time);
        assert_eq!(d.details.nik, NIK);
        d.choose_slot(slot(8));
        assert_eq!(d.submission, Submission::Editing);
        assert_eq!(d.first_missing(None), Step::Check);
    }

    #[test]
    fn server_field_errors_land_on_their_fields_until_the_details_change() {
        let mut d = complete();
        d.submit(None);
        let err = |field: &str, code: &str| FieldError { field: field.into(), code: code.into(), message: String::new() };
        d.record(Outcome::Invalid(vec![err("applicant.nik", "nik.province_unknown"), err("other", "x")]));
        assert_eq!(codes(d.server_faults()), [(Field::Nik, "nik.province_unknown")]);
        assert_eq!(d.first_missing(None), Step::Details);
        d.set_details(d.details.clone());
        assert!(d.server_faults().is_empty());
        d.submit(None);
        d.record(Outcome::Invalid(vec![err("slotId", "slot.unavailable")]));
        assert_eq!((d.submission.clone(), d.slot.is_none()), (Submission::SlotGone, true));
    }

    #[test]
    fn a_booking_ends_the_draft_and_other_answers_keep_it_waiting() {
        let mut d = complete();
        d.submit(None);
        d.record(Outcome::Retry(Failure::Network));
        d.record(Outcome::Unexpected);
        assert_eq!(d.submission, Submission::Waiting { attempts: 2, last_failure: Some(Failure::Server) });
        d.record(Outcome::AlreadyBooked(Some("ABCDE-FGHJK".into())));
        assert_eq!(d.submission, Submission::AlreadyBooked { code: Some("ABCDE-FGHJK".into()) });
    }

    #[test]
    fn retries_back_off_to_once_a_minute() {
        assert!(retry_delay_ms(1) < retry_delay_ms(2));
        assert_eq!(retry_delay_ms(40), 60_000);
    }

    #[test]
    fn a_draft_survives_storage() {
        let mut d = complete();
        d.submit(Some(&health(false)));
        let back: Draft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}
