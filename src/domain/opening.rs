//! "Open now" and "opens at", computed in the place's own zone whatever the phone's zone: a mall
//! in Jayapura opens at 08.00 WIT even for a citizen whose phone is set to Jakarta time.

use loket_contract::catalogue::Location;
use loket_contract::time::parse_hh_mm;
use loket_contract::{Instant, LocalDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenState {
    /// Open now, until `closes` (minutes after local midnight).
    Open { closes: u16 },
    /// Closed now; opens next on `date` at `opens` (local).
    OpensAt { date: LocalDate, opens: u16 },
    /// No opening hours in the next two weeks.
    Closed,
}

/// How far ahead "opens at" looks.
const LOOK_AHEAD_DAYS: i64 = 14;

/// The opening intervals of `date`, in minutes, sorted; none on a closure.
pub fn intervals(location: &Location, date: LocalDate) -> Vec<(u16, u16)> {
    if location.closures.iter().any(|c| c.date == date.to_string()) {
        return Vec::new();
    }
    let mut list: Vec<(u16, u16)> = location
        .opening_hours
        .iter()
        .filter(|h| h.weekday == date.weekday())
        .filter_map(|h| Some((parse_hh_mm(&h.opens)?, parse_hh_mm(&h.closes)?)))
        .filter(|(o, c)| o < c)
        .collect();
    list.sort_unstable();
    list
}

pub fn open_state(location: &Location, now: Instant) -> OpenState {
    let (today, minute) = now.local(location.time_zone);
    for (opens, closes) in intervals(location, today) {
        if (opens..closes).contains(&minute) {
            return OpenState::Open { closes };
        }
        if opens > minute {
            return OpenState::OpensAt { date: today, opens };
        }
    }
    (1..=LOOK_AHEAD_DAYS)
        .map(|d| today.add_days(d))
        .find_map(|date| intervals(location, date).first().map(|(opens, _)| OpenState::OpensAt { date, opens: *opens }))
        .unwrap_or(OpenState::Closed)
}

/// `HH.MM` as Indonesians write times.
pub fn clock(minute: u16) -> String {
    format!("{:02}.{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::catalogue::{Closure, LocationKind, OpeningHours};
    use loket_contract::{Text, Zone};

    fn jayapura() -> Location {
        let hours = |weekday, opens: &str, closes: &str| OpeningHours { weekday, opens: opens.into(), closes: closes.into() };
        Location {
            id: "mpp-kota-jayapura".into(),
            kind: LocationKind::Mpp,
            name: Text::new("MPP Kota Jayapura", "Jayapura City Public Service Mall"),
            address: "Jayapura".into(),
            regency_code: "91.71".into(),
            latitude: -2.53,
            longitude: 140.71,
            time_zone: Zone::Wit,
            phone: "(0967) 1".into(),
            opening_hours: vec![
                hours(1, "08:00", "15:00"),
                hours(2, "08:00", "15:00"),
                hours(5, "08:00", "11:30"),
                hours(5, "13:30", "15:00"),
            ],
            closures: vec![Closure { date: "2026-12-01".into(), reason: Text::new("Libur", "Holiday") }],
            agency_ids: vec![],
            service_ids: vec![],
        }
    }

    /// The instant of a local wall-clock time in Jayapura.
    fn wit(date: &str, hh: u16, mm: u16) -> Instant {
        LocalDate::parse(date).unwrap().at(hh * 60 + mm, Zone::Wit)
    }

    #[test]
    fn open_by_the_place_clock_not_the_phone_clock() {
        // Monday 30 Nov 2026, 07.30 in Jakarta is already 09.30 in Jayapura.
        let monday_0730_wib = LocalDate::parse("2026-11-30").unwrap().at(7 * 60 + 30, Zone::Wib);
        assert_eq!(open_state(&jayapura(), monday_0730_wib), OpenState::Open { closes: 15 * 60 });
        // 14.00 WIB is 16.00 WIT: closed; Tuesday 1 Dec is a holiday and Wednesday and
        // Thursday have no hours, so Friday 08.00 is next.
        let monday_1400_wib = LocalDate::parse("2026-11-30").unwrap().at(14 * 60, Zone::Wib);
        assert_eq!(
            open_state(&jayapura(), monday_1400_wib),
            OpenState::OpensAt { date: LocalDate::parse("2026-12-04").unwrap(), opens: 8 * 60 }
        );
    }

    #[test]
    fn a_lunch_break_and_before_opening() {
        assert_eq!(
            open_state(&jayapura(), wit("2026-12-04", 12, 0)),
            OpenState::OpensAt { date: LocalDate::parse("2026-12-04").unwrap(), opens: 13 * 60 + 30 }
        );
        assert_eq!(
            open_state(&jayapura(), wit("2026-12-04", 7, 59)),
            OpenState::OpensAt { date: LocalDate::parse("2026-12-04").unwrap(), opens: 8 * 60 }
        );
        assert_eq!(open_state(&jayapura(), wit("2026-12-04", 14, 59)), OpenState::Open { closes: 15 * 60 });
    }

    #[test]
    fn across_midnight_the_next_day_is_the_place_next_day() {
        // Sunday 23.30 WIT: Monday 08.00 is next.
        assert_eq!(
            open_state(&jayapura(), wit("2026-12-06", 23, 30)),
            OpenState::OpensAt { date: LocalDate::parse("2026-12-07").unwrap(), opens: 8 * 60 }
        );
    }

    #[test]
    fn a_place_with_no_hours_is_closed() {
        let mut l = jayapura();
        l.opening_hours.clear();
        assert_eq!(open_state(&l, wit("2026-12-04", 9, 0)), OpenState::Closed);
        assert_eq!(clock(8 * 60 + 5), "08.05");
    }
}
