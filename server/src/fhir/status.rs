//! Appointment statuses (FHIR R4 `appointmentstatus`) as the statuses of the citizen's booking:
//! what the counter's own system records is what the ticket and its timeline show.

use loket_contract::booking::BookingStatus;

/// `None` for a status the citizen has no word for (none in R4 today; a later version may add).
pub fn booking_status(appointment_status: &str) -> Option<BookingStatus> {
    Some(match appointment_status {
        // Not yet confirmed by the facility, or waiting for a place: still the citizen's booking.
        "proposed" | "pending" | "booked" | "waitlist" => BookingStatus::Booked,
        "arrived" | "checked-in" => BookingStatus::CheckedIn,
        "fulfilled" => BookingStatus::Fulfilled,
        // A record made in error is withdrawn for the citizen like a cancellation.
        "cancelled" | "entered-in-error" => BookingStatus::Cancelled,
        "noshow" => BookingStatus::Noshow,
        _ => return None,
    })
}

/// Whether a Slot's status leaves its seat to be taken.
pub fn seat_is_free(slot_status: &str) -> bool {
    slot_status == "free"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_r4_appointment_status_has_a_citizen_status() {
        let r4 =
            ["proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error", "checked-in", "waitlist"];
        for status in r4 {
            assert!(booking_status(status).is_some(), "{status}");
        }
        assert_eq!(booking_status("arrived"), Some(BookingStatus::CheckedIn));
        assert_eq!(booking_status("checked-in"), Some(BookingStatus::CheckedIn));
        assert_eq!(booking_status("fulfilled"), Some(BookingStatus::Fulfilled));
        assert_eq!(booking_status("noshow"), Some(BookingStatus::Noshow));
        assert_eq!(booking_status("made-up"), None);
    }

    #[test]
    fn only_a_free_slot_is_a_free_seat() {
        assert!(seat_is_free("free"));
        for taken in ["busy", "busy-unavailable", "busy-tentative", "entered-in-error"] {
            assert!(!seat_is_free(taken), "{taken}");
        }
    }
}
