//! The applicant's details as typed, and the checks made on them before sending: the contract's
//! own rules, so the phone and the server agree.

use loket_contract::applicant::{self, Answers};
use loket_contract::catalogue::HealthInfo;
use serde::{Deserialize, Serialize};

/// The fields of the details page, as the citizen typed them (not yet normalised).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub name: String,
    pub nik: String,
    pub phone: String,
    pub email: String,
    pub bpjs_number: String,
    pub referral_number: String,
}

/// The fields of the applicant's details, as the contract names them.
pub use loket_contract::applicant::Field;

impl Details {
    /// The answers as typed, for the contract's rules.
    pub fn answers(&self) -> Answers<'_> {
        Answers {
            name: &self.name,
            nik: &self.nik,
            phone: &self.phone,
            email: &self.email,
            bpjs_number: &self.bpjs_number,
            referral_number: &self.referral_number,
        }
    }
}

/// One field's fault, by the same stable codes the server uses (`nik.province_unknown`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldFault {
    pub field: Field,
    pub code: String,
}

pub(super) fn fault(field: Field, code: &str) -> FieldFault {
    FieldFault { field, code: code.to_owned() }
}

/// The server's own checks (`loket_contract::applicant`), made before sending so that the
/// citizen hears about a mistake at once. Faults come in the order of the fields on the page.
pub fn check_details(d: &Details, health: Option<&HealthInfo>) -> Vec<FieldFault> {
    match applicant::check(&d.answers(), health) {
        Ok(_) => Vec::new(),
        Err(faults) => faults.into_iter().map(|f| fault(f.field, f.code)).collect(),
    }
}
