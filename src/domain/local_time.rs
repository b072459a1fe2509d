//! Instants shown in the zone of the place they happen, labelled, whatever the phone's zone:
//! a 09.30 WITA slot in Makassar reads "09.30 WITA" on a phone set to Jakarta time.

use loket_contract::Zone;

/// A wall-clock date and time in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub zone: Zone,
}

impl LocalDateTime {
    /// The wall-clock time in `zone` at `unix_seconds` (seconds since 1970-01-01T00:00Z).
    pub fn at(unix_seconds: i64, zone: Zone) -> LocalDateTime {
        let local = unix_seconds + i64::from(zone.utc_offset_minutes()) * 60;
        let days = local.div_euclid(86_400);
        let second_of_day = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        LocalDateTime {
            year,
            month,
            day,
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day % 3600 / 60) as u8,
            zone,
        }
    }

    /// Indonesian style, a dot between hours and minutes: "09.30 WITA".
    pub fn time_label(&self) -> String {
        format!("{:02}.{:02} {}", self.hour, self.minute, self.zone.label())
    }

    /// ISO date, for machine-readable attributes (`<time datetime>`).
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-01T01:30:00Z
    const INSTANT: i64 = 1_796_088_600;

    #[test]
    fn one_instant_reads_differently_in_each_zone() {
        assert_eq!(LocalDateTime::at(INSTANT, Zone::Wib).time_label(), "08.30 WIB");
        assert_eq!(LocalDateTime::at(INSTANT, Zone::Wita).time_label(), "09.30 WITA");
        assert_eq!(LocalDateTime::at(INSTANT, Zone::Wit).time_label(), "10.30 WIT");
    }

    #[test]
    fn the_date_rolls_over_at_local_midnight_not_utc() {
        // 2026-11-30T15:30Z is still the 30th in Jakarta (22.30) but already 1 December in
        // Jayapura (00.30).
        let late = INSTANT - 10 * 3600;
        assert_eq!(LocalDateTime::at(late, Zone::Wib).iso_date(), "2026-11-30");
        assert_eq!(LocalDateTime::at(late, Zone::Wit).iso_date(), "2026-12-01");
        assert_eq!(LocalDateTime::at(late, Zone::Wit).time_label(), "00.30 WIT");
    }

    #[test]
    fn leap_days_and_the_epoch() {
        assert_eq!(LocalDateTime::at(0, Zone::Wib).iso_date(), "1970-01-01");
        // 2028-02-29T00:00 WIB = 2028-02-28T17:00Z
        assert_eq!(LocalDateTime::at(1_835_370_000, Zone::Wib).iso_date(), "2028-02-29");
        assert_eq!(LocalDateTime::at(-1, Zone::Wib).iso_date(), "1970-01-01");
        assert_eq!(LocalDateTime::at(-7 * 3600 - 1, Zone::Wib).iso_date(), "1969-12-31");
    }
}
