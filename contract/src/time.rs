//! Instants and calendar dates without a time-zone database: Indonesia's three zones have fixed
//! offsets (no daylight saving time), so [`Zone`] is all the conversion needs.

use serde::{Deserialize, Serialize};

use crate::Zone;

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z. On the wire it is an RFC 3339
/// UTC string (`2026-12-01T01:30:00Z`), readable by any backend team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Instant(pub i64);

/// A calendar day (`YYYY-MM-DD`), meaningful together with a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError(pub String);

impl std::fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a valid date or time: {:?}", self.0)
    }
}

impl std::error::Error for TimeParseError {}

impl Instant {
    /// The local date and minute of the day in `zone`.
    pub fn local(self, zone: Zone) -> (LocalDate, u16) {
        let local = self.0 + i64::from(zone.utc_offset_minutes()) * 60;
        let date = LocalDate::from_days(local.div_euclid(86_400));
        (date, (local.rem_euclid(86_400) / 60) as u16)
    }

    /// Parses RFC 3339 with `Z` or a numeric offset, e.g. `2026-12-01T09:30:00+08:00`.
    pub fn parse(s: &str) -> Result<Instant, TimeParseError> {
        let err = || TimeParseError(s.to_owned());
        let (date, rest) = s.split_once(['T', 't', ' ']).ok_or_else(err)?;
        let date = LocalDate::parse(date).map_err(|_| err())?;
        let (time, offset_minutes) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
            (t, 0)
        } else {
            let at = rest.rfind(['+', '-']).ok_or_else(err)?;
            let (t, off) = rest.split_at(at);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let (h, m) = off[1..].split_once(':').ok_or_else(err)?;
            let h: i64 = two_digits(h).ok_or_else(err)?;
            let m: i64 = two_digits(m).ok_or_else(err)?;
            if h > 23 || m > 59 {
                return Err(err());
            }
            (t, sign * (h * 60 + m))
        };
        let mut parts = time.split(':');
        let h: i64 = parts.next().and_then(two_digits).ok_or_else(err)?;
        let m: i64 = parts.next().and_then(two_digits).ok_or_else(err)?;
        let sec_part = parts.next().unwrap_or("00");
        let whole = sec_part.split('.').next().unwrap_or("");
        let sec: i64 = two_digits(whole).ok_or_else(err)?;
        if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
            return Err(err());
        }
        Ok(Instant(date.days() * 86_400 + h * 3600 + m * 60 + sec - offset_minutes * 60))
    }
}

fn two_digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let date = LocalDate::from_days(self.0.div_euclid(86_400));
        let s = self.0.rem_euclid(86_400);
        write!(f, "{date}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
    }
}

impl TryFrom<String> for Instant {
    type Error = TimeParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Instant::parse(&value)
    }
}

impl From<Instant> for String {
    fn from(i: Instant) -> String {
        i.to_string()
    }
}

impl LocalDate {
    pub fn new(year: i32, month: u8, day: u8) -> Option<LocalDate> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(LocalDate { year, month, day })
    }

    pub fn parse(s: &str) -> Result<LocalDate, TimeParseError> {
        let err = || TimeParseError(s.to_owned());
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        if parts.next().is_some() {
            return Err(err());
        }
        let y = y.filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).ok_or_else(err)?;
        let m = m.and_then(two_digits).ok_or_else(err)?;
        let d = d.and_then(two_digits).ok_or_else(err)?;
        LocalDate::new(y.parse().map_err(|_| err())?, m, d).ok_or_else(err)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`LocalDate::days`] (Howard Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> LocalDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        LocalDate { year, month, day }
    }

    pub fn add_days(self, n: i64) -> LocalDate {
        LocalDate::from_days(self.days() + n)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        ((self.days() + 3).rem_euclid(7) + 1) as u8
    }

    /// The instant at `minute_of_day` on this date in `zone`.
    pub fn at(self, minute_of_day: u16, zone: Zone) -> Instant {
        let local = self.days() * 86_400 + i64::from(minute_of_day) * 60;
        Instant(local - i64::from(zone.utc_offset_minutes()) * 60)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl std::fmt::Display for LocalDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for LocalDate {
    type Error = TimeParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        LocalDate::parse(&value)
    }
}

impl From<LocalDate> for String {
    fn from(d: LocalDate) -> String {
        d.to_string()
    }
}

#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
    use utoipa::openapi::{KnownFormat, RefOr};

    fn string(format: KnownFormat, example: &str) -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(format))).examples([example]).into()
    }

    impl utoipa::PartialSchema for super::Instant {
        fn schema() -> RefOr<Schema> {
            string(KnownFormat::DateTime, "2026-12-01T01:30:00Z")
        }
    }
    impl utoipa::ToSchema for super::Instant {}

    impl utoipa::PartialSchema for super::LocalDate {
        fn schema() -> RefOr<Schema> {
            string(KnownFormat::Date, "2026-12-01")
        }
    }
    impl utoipa::ToSchema for super::LocalDate {}
}

/// `HH:MM` to minutes after midnight.
pub fn parse_hh_mm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u16, u16) = (two_digits(h)?, two_digits(m)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_rfc3339() {
        let i = Instant(1_796_088_600);
        assert_eq!(i.to_string(), "2026-12-01T01:30:00Z");
        assert_eq!(Instant::parse("2026-12-01T01:30:00Z"), Ok(i));
        assert_eq!(Instant::parse("2026-12-01T09:30:00+08:00"), Ok(i));
        assert_eq!(Instant::parse("2026-11-30T22:30:00-03:00"), Ok(i));
        assert_eq!(Instant::parse("2026-12-01T01:30:00.250Z"), Ok(i));
        for bad in [
            "",
            "2026-12-01",
            "2026-13-01T00:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T01:30:00",
            "2026-12-01T1:30:00Z",
            "2026-02-30T00:00:00Z",
            "x026-12-01T01:30:00Z",
        ] {
            assert!(Instant::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip_across_centuries() {
        for days in [-800_000, -1, 0, 1, 10_957, 20_788, 2_932_896] {
            assert_eq!(LocalDate::from_days(days).days(), days);
        }
        assert_eq!(LocalDate::parse("2000-02-29").unwrap().add_days(1).to_string(), "2000-03-01");
        assert!(LocalDate::parse("1900-02-29").is_err());
    }

    #[test]
    fn weekdays() {
        assert_eq!(LocalDate::parse("2026-11-29").unwrap().weekday(), 7); // Sunday
        assert_eq!(LocalDate::parse("2026-11-30").unwrap().weekday(), 1); // Monday
        assert_eq!(LocalDate::parse("1970-01-01").unwrap().weekday(), 4); // Thursday
    }

    #[test]
    fn local_times_in_each_zone() {
        let date = LocalDate::parse("2026-12-01").unwrap();
        let nine_wita = date.at(9 * 60, Zone::Wita);
        assert_eq!(nine_wita.to_string(), "2026-12-01T01:00:00Z");
        assert_eq!(nine_wita.local(Zone::Wita), (date, 540));
        assert_eq!(nine_wita.local(Zone::Wib), (date, 480));
        // Midnight WIT is still the previous day in WIB.
        let midnight_wit = date.at(0, Zone::Wit);
        assert_eq!(midnight_wit.local(Zone::Wib).0.to_string(), "2026-11-30");
    }

    #[test]
    fn hh_mm() {
        assert_eq!(parse_hh_mm("08:30"), Some(510));
        assert_eq!(parse_hh_mm("24:00"), None);
        assert_eq!(parse_hh_mm("8:30"), None);
    }
}
