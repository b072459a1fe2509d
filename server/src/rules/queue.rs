//! The queue on the day: how long a person takes at the counter, who still waits, and when a
//! ticket's turn should come.

use loket_contract::booking::{Booking, QueuePosition, QueueStatus};
use loket_contract::catalogue::Service;
use loket_contract::Instant;

use super::bookings::OPEN;

/// Minutes one person takes at the counter, on average: a slot serves its capacity.
pub fn average_minutes(service: &Service) -> u16 {
    (service.duration_minutes / service.slot_capacity.max(1)).max(1)
}

/// Today's queue at a place as the API answers it, from the day's two counters.
pub fn status(location_id: &str, service: &Service, issued: u32, now_serving: u32) -> QueueStatus {
    QueueStatus {
        location_id: location_id.to_owned(),
        service_id: service.id.clone(),
        now_serving,
        issued,
        average_minutes: average_minutes(service),
    }
}

/// A booking shows the live queue on its day while it still waits for its turn.
pub fn shows_queue(booking: &Booking, now: Instant) -> bool {
    let zone = booking.slot.time_zone;
    OPEN.contains(&booking.status) && booking.slot.starts_at.local(zone).0 == now.local(zone).0
}

/// Where ticket `queue_number` stands when `now_serving` is at the counter and `waiting` tickets
/// between the two still wait (cancelled and missed ones not counted): its turn comes after
/// theirs, and never before its slot starts.
pub fn position(
    queue_number: u32,
    now_serving: u32,
    waiting: u32,
    average_minutes: u16,
    slot_start: Instant,
    now: Instant,
) -> QueuePosition {
    let people_ahead = if queue_number <= now_serving { 0 } else { waiting };
    let by_queue = Instant(now.0 + i64::from(people_ahead) * i64::from(average_minutes) * 60);
    QueuePosition { queue_number, now_serving, people_ahead, estimated_at: by_queue.max(slot_start) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_comes_after_those_waiting_and_never_before_the_slot() {
        let now = Instant(1_000_000);
        let early = position(7, 3, 2, 5, Instant(now.0 - 600), now);
        assert_eq!((early.people_ahead, early.estimated_at), (2, Instant(now.0 + 600)));
        let later_slot = position(7, 3, 2, 5, Instant(now.0 + 3600), now);
        assert_eq!(later_slot.estimated_at, Instant(now.0 + 3600));
        let served = position(3, 4, 9, 5, Instant(now.0 - 60), now);
        assert_eq!((served.people_ahead, served.estimated_at), (0, now));
    }
}
