//! Appointment slots: made from a place's opening hours, bookable within a window of days.

use loket_contract::booking::Slot;
use loket_contract::catalogue::{Location, Service};
use loket_contract::time::parse_hh_mm;
use loket_contract::{Instant, LocalDate};

/// How far ahead citizens can book, in days including today.
pub const BOOKING_WINDOW_DAYS: i64 = 14;

/// The (start, end) instants of the slots of `service` at `location` on `date`: from opening
/// to closing time, one every `duration_minutes`, none on a closure or a closed weekday.
pub fn day_slots(location: &Location, service: &Service, date: LocalDate) -> Vec<(Instant, Instant)> {
    if location.closures.iter().any(|c| c.date == date.to_string()) {
        return Vec::new();
    }
    let step = u16::max(service.duration_minutes, 5);
    let mut slots = Vec::new();
    for hours in location.opening_hours.iter().filter(|h| h.weekday == date.weekday()) {
        let (Some(opens), Some(closes)) = (parse_hh_mm(&hours.opens), parse_hh_mm(&hours.closes)) else {
            continue;
        };
        let mut start = opens;
        while start + step <= closes {
            slots.push((date.at(start, location.time_zone), date.at(start + step, location.time_zone)));
            start += step;
        }
    }
    slots
}

/// Whether the place offers the service (and so has slots for it).
pub fn offers(location: &Location, service: &Service) -> bool {
    location.service_ids.contains(&service.id)
}

/// The local days whose slots a request for `from..=to` may see at a place whose day is
/// `today`: the asked days (by default the whole window) cut to the booking window, or `None`
/// when nothing is left or the service is not booked by appointment.
pub fn days(service: &Service, today: LocalDate, from: Option<LocalDate>, to: Option<LocalDate>) -> Option<(LocalDate, LocalDate)> {
    let last_day = today.add_days(BOOKING_WINDOW_DAYS - 1);
    let first = from.unwrap_or(today).max(today);
    let last = to.unwrap_or(last_day).min(last_day);
    (service.bookable && first <= last).then_some((first, last))
}

/// A citizen may book or move to a slot that has not started, of a service booked by appointment.
pub fn open_for_booking(slot: &Slot, service: &Service, now: Instant) -> bool {
    slot.starts_at > now && service.bookable
}

/// The counter may hand out a walk-in ticket for a slot until it ends.
pub fn open_for_walk_in(slot: &Slot, now: Instant) -> bool {
    slot.ends_at > now
}

/// The local day whose queue a booking in this slot joins.
pub fn queue_day(slot: &Slot) -> LocalDate {
    slot.starts_at.local(slot.time_zone).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::catalogue::{Closure, LocationKind, OpeningHours};
    use loket_contract::{Text, Zone};

    fn place() -> Location {
        Location {
            id: "mpp-test".into(),
            kind: LocationKind::Mpp,
            name: Text::new("MPP Uji", "Test mall"),
            address: "Jl. Uji 1".into(),
            regency_code: "73.71".into(),
            latitude: 0.0,
            longitude: 0.0,
            time_zone: Zone::Wita,
            phone: "0411".into(),
            opening_hours: vec![
                OpeningHours { weekday: 1, opens: "08:00".into(), closes: "09:00".into() },
                OpeningHours { weekday: 5, opens: "08:00".into(), closes: "08:30".into() },
                OpeningHours { weekday: 5, opens: "13:00".into(), closes: "13:30".into() },
            ],
            closures: vec![Closure { date: "2026-12-07".into(), reason: Text::new("Libur", "Holiday") }],
            agency_ids: vec![],
            service_ids: vec!["svc".into()],
        }
    }

    fn service(minutes: u16) -> Service {
        serde_json::from_value(serde_json::json!({
            "id": "svc", "agencyId": "a", "categoryId": "c",
            "name": {"id": "x", "en": "x"}, "summary": {"id": "x", "en": "x"},
            "requirements": [], "fees": [], "processingTime": {"id": "x", "en": "x"},
            "processingDaysMax": 0, "channels": ["in_person"], "bookable": true,
            "offeredAt": ["mpp"], "durationMinutes": minutes, "slotCapacity": 3
        }))
        .unwrap()
    }

    fn date(s: &str) -> LocalDate {
        LocalDate::parse(s).unwrap()
    }

    #[test]
    fn slots_follow_opening_hours_in_the_place_zone() {
        let slots = day_slots(&place(), &service(15), date("2026-11-30"));
        assert_eq!(slots.len(), 4);
        // 08:00 WITA is 00:00 UTC.
        assert_eq!(slots[0].0.to_string(), "2026-11-30T00:00:00Z");
        assert_eq!(slots[3].1.to_string(), "2026-11-30T01:00:00Z");
    }

    #[test]
    fn a_split_day_gets_slots_in_both_parts_and_a_slot_never_runs_past_closing() {
        let slots = day_slots(&place(), &service(20), date("2026-12-04"));
        assert_eq!(slots.len(), 2, "08:00-08:20 and 13:00-13:20");
    }

    #[test]
    fn no_slots_on_closures_or_closed_days() {
        assert!(day_slots(&place(), &service(15), date("2026-12-07")).is_empty());
        assert!(day_slots(&place(), &service(15), date("2026-12-06")).is_empty());
    }

    #[test]
    fn the_days_asked_are_cut_to_the_booking_window() {
        let today = date("2026-12-03");
        let s = service(15);
        assert_eq!(days(&s, today, None, None), Some((today, date("2026-12-16"))));
        assert_eq!(days(&s, today, Some(date("2026-11-01")), Some(date("2027-01-01"))), Some((today, date("2026-12-16"))));
        assert_eq!(days(&s, today, Some(date("2026-12-10")), Some(date("2026-12-10"))), Some((date("2026-12-10"), date("2026-12-10"))));
        assert_eq!(days(&s, today, Some(date("2026-12-17")), None), None, "past the window");
        assert_eq!(days(&s, today, Some(date("2026-12-10")), Some(date("2026-12-09"))), None, "an empty range");
        let walk_in_only = Service { bookable: false, ..s };
        assert_eq!(days(&walk_in_only, today, None, None), None);
    }

    #[test]
    fn a_slot_is_booked_before_it_starts_and_walked_into_until_it_ends() {
        let (start, end) = day_slots(&place(), &service(15), date("2026-11-30"))[0];
        let slot = Slot {
            id: 1,
            service_id: "svc".into(),
            location_id: "mpp-test".into(),
            starts_at: start,
            ends_at: end,
            time_zone: Zone::Wita,
            capacity: 3,
            capacity_left: 3,
        };
        assert!(open_for_booking(&slot, &service(15), Instant(start.0 - 1)));
        assert!(!open_for_booking(&slot, &service(15), start));
        assert!(open_for_walk_in(&slot, start) && !open_for_walk_in(&slot, end));
        assert_eq!(queue_day(&slot), date("2026-11-30"));
    }
}
