//! The applicant's details and their rules, in one place: the app checks them before a booking
//! is sent (so the citizen hears of a mistake at once, offline too), and the server checks them
//! again on receipt (for safety). Both read the same answers the same way: spaces collapsed in a
//! name, everything else trimmed, an empty optional field absent.

use serde::{Deserialize, Serialize};

use crate::booking::{Applicant, ForWhom, HealthDetails};
use crate::catalogue::HealthInfo;
use crate::{BpjsNumber, FieldError, Nik, Phone};

/// The longest name accepted, in characters, once its spaces are collapsed.
pub const NAME_MAX_CHARS: usize = 100;
/// The longest referral (rujukan) number accepted, in bytes (ASCII only).
pub const REFERRAL_MAX_LEN: usize = 40;
/// The longest email address (RFC 5321's path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// One field of the applicant's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Name,
    Nik,
    Phone,
    Email,
    BpjsNumber,
    ReferralNumber,
}

impl Field {
    /// In the order of the form.
    pub const ALL: [Field; 6] = [Field::Name, Field::Nik, Field::Phone, Field::Email, Field::BpjsNumber, Field::ReferralNumber];

    /// The field's name in the API's problem+json `errors`.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::Name => "applicant.name",
            Field::Nik => "applicant.nik",
            Field::Phone => "applicant.phone",
            Field::Email => "applicant.email",
            Field::BpjsNumber => "health.bpjsNumber",
            Field::ReferralNumber => "health.referralNumber",
        }
    }

    pub fn from_api(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.api_name() == name)
    }
}

/// The answers as given: typed into the form, or as they arrived in a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers<'a> {
    pub name: &'a str,
    pub nik: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub bpjs_number: &'a str,
    pub referral_number: &'a str,
}

impl<'a> Answers<'a> {
    /// The answers a booking request carries.
    pub fn of_request(applicant: &'a Applicant, health: Option<&'a HealthDetails>) -> Answers<'a> {
        let given = |v: Option<&'a String>| v.map_or("", String::as_str);
        Answers {
            name: &applicant.name,
            nik: &applicant.nik,
            phone: &applicant.phone,
            email: given(applicant.email.as_ref()),
            bpjs_number: given(health.and_then(|h| h.bpjs_number.as_ref())),
            referral_number: given(health.and_then(|h| h.referral_number.as_ref())),
        }
    }

    /// How the app sends these answers: the name's spaces collapsed, the rest trimmed, empty
    /// optional fields left out. The server reads them back with [`check`] as the app did.
    pub fn request(&self, for_whom: ForWhom) -> (Applicant, Option<HealthDetails>) {
        let applicant = Applicant {
            name: collapse_spaces(self.name),
            nik: self.nik.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            email: given(self.email),
            for_whom,
        };
        let health = match (given(self.bpjs_number), given(self.referral_number)) {
            (None, None) => None,
            (bpjs_number, referral_number) => Some(HealthDetails { bpjs_number, referral_number }),
        };
        (applicant, health)
    }
}

/// Answers that passed every rule, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub name: String,
    pub nik: Nik,
    pub phone: Phone,
    pub email: Option<String>,
    pub bpjs_number: Option<BpjsNumber>,
    pub referral_number: Option<String>,
}

/// One field's fault: a stable code (mapped to the citizen's language by the app) and an
/// English message for the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub field: Field,
    pub code: &'static str,
    pub message: String,
}

impl Fault {
    fn new(field: Field, code: &'static str, message: impl Into<String>) -> Fault {
        Fault { field, code, message: message.into() }
    }

    /// As an entry of a problem+json `errors` list.
    pub fn to_api(&self) -> FieldError {
        FieldError { field: self.field.api_name().to_owned(), code: self.code.to_owned(), message: self.message.clone() }
    }
}

/// Checks every field at once; faults come in the order of the form. `health` is the service's
/// health information: the BPJS and referral numbers count only for a health service.
pub fn check(answers: &Answers, health: Option<&HealthInfo>) -> Result<Valid, Vec<Fault>> {
    let mut faults = Vec::new();

    let name = collapse_spaces(answers.name);
    if name.is_empty() {
        faults.push(Fault::new(Field::Name, "name.required", "enter the full name as on the KTP"));
    } else if name.chars().count() > NAME_MAX_CHARS {
        faults.push(Fault::new(Field::Name, "name.too_long", format!("a name has at most {NAME_MAX_CHARS} characters")));
    } else if name.chars().any(|c| c.is_control() || matches!(c, '<' | '>')) {
        faults.push(Fault::new(Field::Name, "name.characters", "a name has letters, spaces and punctuation only"));
    }

    let nik = if answers.nik.trim().is_empty() {
        faults.push(Fault::new(Field::Nik, "nik.required", "enter the 16-digit NIK"));
        None
    } else {
        Nik::parse(answers.nik.trim()).map_err(|e| faults.push(Fault::new(Field::Nik, e.code(), e.to_string()))).ok()
    };

    let phone = if answers.phone.trim().is_empty() {
        faults.push(Fault::new(Field::Phone, "phone.required", "enter a mobile number"));
        None
    } else {
        Phone::parse(answers.phone.trim()).map_err(|e| faults.push(Fault::new(Field::Phone, e.code(), e.to_string()))).ok()
    };

    let email = given(answers.email);
    if email.as_deref().is_some_and(|e| !email_well_formed(e)) {
        faults.push(Fault::new(Field::Email, "email.invalid", "enter an email address like nama@contoh.id"));
    }

    let (mut bpjs_number, mut referral_number) = (None, None);
    if let Some(info) = health {
        if let Some(raw) = given(answers.bpjs_number) {
            match BpjsNumber::parse(&raw) {
                Ok(n) => bpjs_number = Some(n),
                Err(e) => faults.push(Fault::new(Field::BpjsNumber, e.code(), e.to_string())),
            }
        }
        match given(answers.referral_number) {
            Some(r) if !referral_well_formed(&r) => {
                faults.push(Fault::new(Field::ReferralNumber, "referral.invalid", "a referral number has letters, digits, - / and . only"))
            }
            Some(r) => referral_number = Some(r),
            None if info.referral_required => faults.push(Fault::new(
                Field::ReferralNumber,
                "referral.required",
                "this clinic needs the referral (rujukan) number from your first-level facility",
            )),
            None => {}
        }
    }

    match (nik, phone) {
        (Some(nik), Some(phone)) if faults.is_empty() => Ok(Valid { name, nik, phone, email, bpjs_number, referral_number }),
        _ => Err(faults),
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn given(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn email_well_formed(e: &str) -> bool {
    e.len() <= EMAIL_MAX_LEN
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
}

fn referral_well_formed(r: &str) -> bool {
    r.len() <= REFERRAL_MAX_LEN && r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers<'a>(name: &'a str, nik: &'a str, phone: &'a str) -> Answers<'a> {
        Answers { name, nik, phone, ..Answers::default() }
    }

    #[test]
    fn a_name_with_a_tab_or_long_runs_of_spaces_is_read_as_written() {
        let ok = check(&answers("Siti\tAminah   Rahma", "3174 0112 0890 0001", "0812-3456-7890"), None).unwrap();
        assert_eq!(ok.name, "Siti Aminah Rahma");
        // 100 characters once spaces are collapsed, although more as typed.
        let long = format!("{}  {}", "a".repeat(50), "b".repeat(49));
        assert!(check(&answers(&long, "3174011208900001", "081234567890"), None).is_ok());
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_the_order_of_the_form() {
        let a = Answers { email: "not-an-email", ..answers(" ", "123", "021555") };
        let faults = check(&a, None).unwrap_err();
        let fields: Vec<_> = faults.iter().map(|f| f.field).collect();
        assert_eq!(fields, [Field::Name, Field::Nik, Field::Phone, Field::Email]);
        assert_eq!(faults[0].to_api().field, "applicant.name");
        let empty = check(&Answers::default(), None).unwrap_err();
        assert_eq!(empty.iter().map(|f| f.code).collect::<Vec<_>>(), ["name.required", "nik.required", "phone.required"]);
    }

    #[test]
    fn health_numbers_count_for_a_health_service_only() {
        let clinic = HealthInfo {
            poli: crate::Text { id: "Poli Jantung".into(), en: "Cardiology".into() },
            bpjs_accepted: true,
            referral_required: true,
        };
        let a = answers("Made Wirawan", "3174011208900001", "081234567890");
        assert_eq!(check(&a, Some(&clinic)).unwrap_err()[0].code, "referral.required");
        let with = Answers { bpjs_number: " 0001234567890 ", referral_number: "0123R0011126B000123", ..a };
        let ok = check(&with, Some(&clinic)).unwrap();
        assert_eq!(ok.bpjs_number.unwrap().as_str(), "0001234567890");
        let bad = Answers { bpjs_number: "123", referral_number: "x y", ..a };
        assert_eq!(check(&bad, Some(&clinic)).unwrap_err().iter().map(|f| f.code).collect::<Vec<_>>(), ["bpjs.length", "referral.invalid"]);
        assert!(check(&bad, None).is_ok(), "not a health service: the numbers are not asked for");
    }

    #[test]
    fn field_names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_api(f.api_name()), Some(f));
        }
        assert_eq!(Field::from_api("slotId"), None);
    }
}
