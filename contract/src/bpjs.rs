//! The BPJS Kesehatan card number (Nomor Kartu JKN-KIS): 13 digits.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BpjsNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BpjsError {
    Length,
    NotDigits,
}

impl BpjsError {
    pub fn code(self) -> &'static str {
        match self {
            BpjsError::Length => "bpjs.length",
            BpjsError::NotDigits => "bpjs.digits",
        }
    }
}

impl std::fmt::Display for BpjsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BpjsError::Length => "a BPJS Kesehatan card number has 13 digits",
            BpjsError::NotDigits => "a BPJS Kesehatan card number has digits only",
        })
    }
}

impl std::error::Error for BpjsError {}

impl BpjsNumber {
    pub fn parse(input: &str) -> Result<BpjsNumber, BpjsError> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}')).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(BpjsError::NotDigits);
        }
        if compact.len() != 13 {
            return Err(BpjsError::Length);
        }
        Ok(BpjsNumber(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        format!("{}{}", "*".repeat(9), &self.0[9..])
    }
}

impl TryFrom<String> for BpjsNumber {
    type Error = BpjsError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        BpjsNumber::parse(&value)
    }
}

impl From<BpjsNumber> for String {
    fn from(n: BpjsNumber) -> String {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_digits_with_or_without_spaces() {
        assert_eq!(BpjsNumber::parse("0001234567890").unwrap().as_str(), "0001234567890");
        assert_eq!(BpjsNumber::parse("0001 2345 67890").unwrap().masked(), "*********7890");
        assert_eq!(BpjsNumber::parse("000123456789"), Err(BpjsError::Length));
        assert_eq!(BpjsNumber::parse("000123456789X"), Err(BpjsError::NotDigits));
    }
}
