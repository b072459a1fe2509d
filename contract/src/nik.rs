//! NIK (Nomor Induk Kependudukan), the 16-digit national identity number:
//! `PP RR DD` (province, regency, district of registration) `DDMMYY` (birth date; women add 40
//! to the day) `SSSS` (serial, never 0000).

use serde::{Deserialize, Serialize};

use crate::area;

/// A NIK that passed every structural check. The full number lives only where it must (the
/// active draft, the server's booking row); everything else keeps [`Nik::masked`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

/// The last four digits of a NIK as stored or as masked (`************3456`): the verification
/// factor that tracking and changes ask for. The only part of a NIK that every copy keeps.
pub fn last_four(nik_or_masked: &str) -> &str {
    nik_or_masked.get(nik_or_masked.len().saturating_sub(4)..).unwrap_or("")
}

/// How a NIK is shown and sent back once booked: all but the last four digits hidden.
pub fn mask(nik: &str) -> String {
    format!("{}{}", "*".repeat(12), last_four(nik))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikError {
    /// Not 16 characters once spaces are removed.
    Length,
    /// Something other than a digit.
    NotDigits,
    /// The first two digits are no province of Indonesia.
    UnknownProvince,
    /// Digits 7–12 are no real date (day 1–31 or 41–71, month 1–12).
    InvalidBirthDate,
    /// The last four digits are 0000.
    ZeroSerial,
}

impl NikError {
    /// Stable machine code, used in problem+json field errors and mapped to locale text.
    pub fn code(self) -> &'static str {
        match self {
            NikError::Length => "nik.length",
            NikError::NotDigits => "nik.digits",
            NikError::UnknownProvince => "nik.province_unknown",
            NikError::InvalidBirthDate => "nik.birth_date_invalid",
            NikError::ZeroSerial => "nik.serial_zero",
        }
    }
}

impl std::fmt::Display for NikError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NikError::Length => "a NIK has 16 digits",
            NikError::NotDigits => "a NIK has digits only",
            NikError::UnknownProvince => "the first two digits are not a province code",
            NikError::InvalidBirthDate => "digits 7 to 12 are not a valid birth date",
            NikError::ZeroSerial => "the last four digits cannot be 0000",
        })
    }
}

impl std::error::Error for NikError {}

/// Sex as encoded in the NIK's birth day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodedSex {
    Male,
    Female,
}

impl Nik {
    /// Accepts what a citizen types: spaces, dots and dashes between digit groups are ignored.
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if compact.len() != 16 {
            return Err(NikError::Length);
        }
        if !area::province_exists(&compact[0..2]) {
            return Err(NikError::UnknownProvince);
        }
        birth_date(&compact).ok_or(NikError::InvalidBirthDate)?;
        if &compact[12..16] == "0000" {
            return Err(NikError::ZeroSerial);
        }
        Ok(Nik(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Only the last four digits show: `************3456`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// The last four digits: the verification factor for tracking.
    pub fn last_four(&self) -> &str {
        last_four(&self.0)
    }

    pub fn province_code(&self) -> &str {
        &self.0[0..2]
    }

    pub fn encoded_sex(&self) -> EncodedSex {
        if self.0[6..8].parse::<u8>().unwrap_or(0) > 40 {
            EncodedSex::Female
        } else {
            EncodedSex::Male
        }
    }
}

/// Day, month and two-digit year, if they form a date in 19YY or 20YY.
fn birth_date(nik: &str) -> Option<(u8, u8, u8)> {
    let num = |range: std::ops::Range<usize>| nik[range].parse::<u8>().ok();
    let raw_day = num(6..8)?;
    let month = num(8..10)?;
    let year = num(10..12)?;
    let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    // The century is not encoded: a 29 February is valid if either 19YY or 20YY was a leap year.
    let leap = |y: u32| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let feb = if leap(1900 + u32::from(year)) || leap(2000 + u32::from(year)) { 29 } else { 28 };
    let days_in_month = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][usize::from(month - 1)];
    (day <= days_in_month).then_some((day, month, year))
}

impl TryFrom<String> for Nik {
    type Error = NikError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Nik::parse(&value)
    }
}

impl From<Nik> for String {
    fn from(nik: Nik) -> String {
        nik.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Jakarta Selatan (31.74), born 12 Aug 1990, serial 0001.
    const MALE: &str = "3174011208900001";
    // Kota Makassar (73.71), woman born 5 Jan 2001 (day 05 + 40 = 45).
    const FEMALE: &str = "7371024501010002";

    #[test]
    fn accepts_valid_niks_and_reads_their_parts() {
        let nik = Nik::parse(MALE).unwrap();
        assert_eq!(nik.province_code(), "31");
        assert_eq!(nik.encoded_sex(), EncodedSex::Male);
        assert_eq!(Nik::parse(FEMALE).unwrap().encoded_sex(), EncodedSex::Female);
    }

    #[test]
    fn ignores_the_separators_people_type() {
        assert_eq!(Nik::parse("3174 0112 0890 0001").unwrap().as_str(), MALE);
        assert_eq!(Nik::parse("3174.0112.0890.0001").unwrap().as_str(), MALE);
    }

    #[test]
    fn each_fault_has_its_own_error() {
        assert_eq!(Nik::parse("317401120890000"), Err(NikError::Length));
        assert_eq!(Nik::parse("31740112089000011"), Err(NikError::Length));
        assert_eq!(Nik::parse("3174O11208900001"), Err(NikError::NotDigits));
        assert_eq!(Nik::parse("2074011208900001"), Err(NikError::UnknownProvince));
        assert_eq!(Nik::parse("3174013208900001"), Err(NikError::InvalidBirthDate)); // day 32
        assert_eq!(Nik::parse("3174017208900001"), Err(NikError::InvalidBirthDate)); // day 72
        assert_eq!(Nik::parse("3174011213900001"), Err(NikError::InvalidBirthDate)); // month 13
        assert_eq!(Nik::parse("3174010008900001"), Err(NikError::InvalidBirthDate)); // day 00
        assert_eq!(Nik::parse("3174011208900000"), Err(NikError::ZeroSerial));
        assert_eq!(Nik::parse(""), Err(NikError::Length));
    }

    #[test]
    fn february_29_depends_on_the_year() {
        assert!(Nik::parse("3174012902000001").is_ok()); // 2000 leap
        assert!(Nik::parse("3174016902040001").is_ok()); // woman, 2004 leap
        assert_eq!(Nik::parse("3174012902030001"), Err(NikError::InvalidBirthDate));
        assert_eq!(Nik::parse("3174013104900001"), Err(NikError::InvalidBirthDate));
        // 31 April
    }

    #[test]
    fn masks_all_but_the_last_four() {
        let nik = Nik::parse(MALE).unwrap();
        assert_eq!(nik.masked(), "************0001");
        assert_eq!(nik.last_four(), "0001");
        assert!(!nik.masked().contains("3174"));
        // The factor reads the same from the masked copy that the app keeps.
        assert_eq!(last_four(&nik.masked()), nik.last_four());
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Nik>(&format!("\"{MALE}\"")).is_ok());
        assert!(serde_json::from_str::<Nik>("\"1234\"").is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["", "٣١٧٤٠١١٢٠٨٩٠٠٠٠١", "3174011208900001\u{0}", "🙂🙂🙂🙂", "................"] {
            let _ = Nik::parse(s);
        }
    }
}
