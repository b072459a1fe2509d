//! Instants shown in the zone of the place they happen, labelled, whatever the phone's zone:
//! a 09.30 WITA slot in Makassar reads "09.30 WITA" on a phone set to Jakarta time.

use loket_contract::{Instant, Zone};

/// Indonesian style, a dot between hours and minutes: "09.30 WITA".
pub fn time_label(instant: Instant, zone: Zone) -> String {
    let (_, minute) = instant.local(zone);
    format!("{:02}.{:02} {}", minute / 60, minute % 60, zone.label())
}

/// A slot's time, the zone once after the range: "09.30–09.45 WITA".
pub fn time_range_label(start: Instant, end: Instant, zone: Zone) -> String {
    let (_, from) = start.local(zone);
    format!("{:02}.{:02}–{}", from / 60, from % 60, time_label(end, zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-01T01:30:00Z
    const INSTANT: Instant = Instant(1_796_088_600);

    #[test]
    fn one_instant_reads_differently_in_each_zone() {
        assert_eq!(time_label(INSTANT, Zone::Wib), "08.30 WIB");
        assert_eq!(time_label(INSTANT, Zone::Wita), "09.30 WITA");
        assert_eq!(time_label(INSTANT, Zone::Wit), "10.30 WIT");
    }

    #[test]
    fn a_range_names_its_zone_once() {
        assert_eq!(time_range_label(INSTANT, Instant(INSTANT.0 + 900), Zone::Wita), "09.30–09.45 WITA");
    }

    #[test]
    fn the_date_rolls_over_at_local_midnight_not_utc() {
        // 2026-11-30T15:30Z is still the 30th in Jakarta (22.30) but already 1 December in
        // Jayapura (00.30).
        let late = Instant(INSTANT.0 - 10 * 3600);
        assert_eq!(late.local(Zone::Wib).0.to_string(), "2026-11-30");
        assert_eq!(late.local(Zone::Wit).0.to_string(), "2026-12-01");
        assert_eq!(time_label(late, Zone::Wit), "00.30 WIT");
    }
}
