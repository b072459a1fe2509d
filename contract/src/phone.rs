//! Indonesian mobile numbers, as citizens write them (`0812-3456-7890`, `+62 812 3456 7890`,
//! `62812…`), normalised to E.164 (`+6281234567890`) so the same phone is always the same string.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Neither `08…`, `628…` nor `+628…`: not an Indonesian mobile number.
    Prefix,
    /// Something other than digits, spaces, dashes, dots, brackets or a leading `+`.
    Characters,
    /// Too short or too long for a mobile number (`08` plus 8 to 11 digits).
    Length,
}

impl PhoneError {
    pub fn code(self) -> &'static str {
        match self {
            PhoneError::Prefix => "phone.prefix",
            PhoneError::Characters => "phone.characters",
            PhoneError::Length => "phone.length",
        }
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PhoneError::Prefix => "an Indonesian mobile number starts with 08 or +628",
            PhoneError::Characters => "a phone number has digits only",
            PhoneError::Length => "an Indonesian mobile number has 10 to 13 digits starting with 08",
        })
    }
}

impl std::error::Error for PhoneError {}

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let trimmed = input.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if rest.chars().any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))) {
            return Err(PhoneError::Characters);
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        // The national significant number: what follows 0 or 62.
        let national = if plus {
            digits.strip_prefix("62").ok_or(PhoneError::Prefix)?
        } else if let Some(n) = digits.strip_prefix("62") {
            n
        } else if let Some(n) = digits.strip_prefix('0') {
            n
        } else {
            return Err(PhoneError::Prefix);
        };
        if !national.starts_with('8') {
            return Err(PhoneError::Prefix);
        }
        // 8xx plus 6 to 9 more digits: 9 to 12 digits after the 0.
        if !(9..=12).contains(&national.len()) {
            return Err(PhoneError::Length);
        }
        Ok(Phone(format!("+62{national}")))
    }

    /// E.164: `+6281234567890`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As Indonesians read it, for display: `0812-3456-7890`.
    pub fn national(&self) -> String {
        let n = &self.0[3..];
        format!("0{}-{}-{}", &n[..3], &n[3..7], &n[7..])
    }

    /// Only the last three digits show: `+62********890`.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        format!("+62{}{}", "*".repeat(n - 6), &self.0[n - 3..])
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_way_of_writing_one_number_normalises_alike() {
        for input in ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "62812 3456 7890", "(0812) 3456.7890", " +6281234567890 "] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), "+6281234567890", "{input}");
        }
    }

    #[test]
    fn displays_nationally_and_masks() {
        let p = Phone::parse("081234567890").unwrap();
        assert_eq!(p.national(), "0812-3456-7890");
        assert_eq!(p.masked(), "+62********890");
    }

    #[test]
    fn refuses_what_is_not_an_indonesian_mobile() {
        assert_eq!(Phone::parse("0215551234"), Err(PhoneError::Prefix)); // Jakarta landline
        assert_eq!(Phone::parse("+6581234567"), Err(PhoneError::Prefix)); // Singapore
        assert_eq!(Phone::parse("812345678"), Err(PhoneError::Prefix));
        assert_eq!(Phone::parse("0812abc4567"), Err(PhoneError::Characters));
        assert_eq!(Phone::parse("+62+812345678"), Err(PhoneError::Characters));
        assert_eq!(Phone::parse("0812345"), Err(PhoneError::Length));
        assert_eq!(Phone::parse("08123456789012"), Err(PhoneError::Length));
        assert_eq!(Phone::parse(""), Err(PhoneError::Prefix));
    }

    #[test]
    fn shortest_and_longest_mobile_numbers() {
        assert!(Phone::parse("0812345678").is_ok()); // 10 digits
        assert!(Phone::parse("0812345678901").is_ok()); // 13 digits
    }
}
