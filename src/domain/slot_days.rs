//! The date and time pages: slots grouped by day in the place's own zone.

use loket_contract::booking::Slot;
use loket_contract::LocalDate;

/// One day on the date page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: LocalDate,
    /// Places left over all of the day's times.
    pub places_left: u32,
    /// Times with at least one place left.
    pub open_times: usize,
}

/// Days with at least one place left, in date order. A day is a day at the place: a 07.30 WIT
/// slot is on the morning of its date even for a phone in Jakarta, where it is still 05.30.
pub fn days(slots: &[Slot]) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    for slot in slots.iter().filter(|s| s.capacity_left > 0) {
        let date = slot.starts_at.local(slot.time_zone).0;
        match days.iter_mut().find(|d| d.date == date) {
            Some(day) => {
                day.places_left += u32::from(slot.capacity_left);
                day.open_times += 1;
            }
            None => days.push(Day { date, places_left: u32::from(slot.capacity_left), open_times: 1 }),
        }
    }
    days.sort_by_key(|d| d.date);
    days
}

/// The times of one day, full ones included (shown as full), in time order.
pub fn times_on(slots: &[Slot], date: LocalDate) -> Vec<Slot> {
    let mut times: Vec<Slot> = slots.iter().filter(|s| s.starts_at.local(s.time_zone).0 == date).cloned().collect();
    times.sort_by_key(|s| s.starts_at);
    times
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::{Instant, Zone};

    fn slot(id: i64, starts_at: i64, zone: Zone, left: u16) -> Slot {
        Slot {
            id,
            service_id: "s".into(),
            location_id: "l".into(),
            starts_at: Instant(starts_at),
            ends_at: Instant(starts_at + 900),
            time_zone: zone,
            capacity: 4,
            capacity_left: left,
        }
    }

    // 2026-11-30T22:30:00Z: 07.30 WIT on 1 December, still 05.30 on 1 December in Jakarta and
    // 30 November 22.30 in UTC.
    const EARLY_WIT: i64 = 1_796_077_800;

    #[test]
    fn days_are_the_places_own_and_full_times_do_not_count() {
        let slots = [
            slot(3, EARLY_WIT + 86_400, Zone::Wit, 2),
            slot(1, EARLY_WIT, Zone::Wit, 1),
            slot(2, EARLY_WIT + 900, Zone::Wit, 3),
            slot(4, EARLY_WIT + 2 * 86_400, Zone::Wit, 0),
        ];
        let d = days(&slots);
        assert_eq!(d.len(), 2, "a day with every time full is not offered");
        assert_eq!(d[0], Day { date: LocalDate::new(2026, 12, 1).unwrap(), places_left: 4, open_times: 2 });
        assert_eq!(d[1].date, LocalDate::new(2026, 12, 2).unwrap());
    }

    #[test]
    fn times_of_a_day_are_in_order_including_full_ones() {
        let slots = [slot(2, EARLY_WIT + 900, Zone::Wit, 0), slot(1, EARLY_WIT, Zone::Wit, 1), slot(3, EARLY_WIT + 86_400, Zone::Wit, 2)];
        let ids: Vec<i64> = times_on(&slots, LocalDate::new(2026, 12, 1).unwrap()).iter().map(|s| s.id).collect();
        assert_eq!(ids, [1, 2]);
    }
}
