//! Who may see or change a booking, when a request is the same request again, and which
//! bookings hold a place in their slot.

use loket_contract::booking::{Booking, BookingRequest, BookingStatus, ForWhom, Slot};
use loket_contract::catalogue::Service;
use loket_contract::{Instant, Phone};
use sha2::{Digest, Sha256};

/// The fingerprint of a request, kept with its idempotency key: a replay with the same key
/// must carry the same request.
pub fn request_hash(request: &BookingRequest) -> String {
    let canonical = serde_json::to_vec(request).expect("serialisable");
    Sha256::digest(&canonical).iter().map(|b| format!("{b:02x}")).collect()
}

/// A booking as it is answered the moment it is made, from what its transaction wrote: `slot`
/// with the place it took already counted, so a store need not read the row back.
pub fn as_booked(
    code: String,
    queue_number: u32,
    slot: Slot,
    service: &Service,
    applicant: &crate::validate::ValidApplicant,
    for_whom: ForWhom,
    now: Instant,
) -> Booking {
    Booking {
        code,
        status: BookingStatus::Booked,
        queue_number,
        service_id: service.id.clone(),
        location_id: slot.location_id.clone(),
        slot,
        applicant_name: applicant.name.clone(),
        for_whom,
        nik_masked: loket_contract::nik::mask(applicant.nik.as_str()),
        phone_masked: applicant.phone.masked(),
        what_to_bring: service.requirements.clone(),
        created_at: now,
    }
}

/// Whether `factor` (last four NIK digits, or the phone number in any usual spelling) proves
/// the caller is the applicant of a booking or application with this NIK and phone.
pub fn factor_matches(factor: &str, nik: &str, phone: &str) -> bool {
    let f = factor.trim();
    if f.len() == 4 && f.bytes().all(|b| b.is_ascii_digit()) {
        return nik.ends_with(f);
    }
    Phone::parse(f).is_ok_and(|p| p.as_str() == phone)
}

/// The statuses of a booking still open: one per person, service and day.
pub const OPEN: [BookingStatus; 3] = [BookingStatus::Booked, BookingStatus::CheckedIn, BookingStatus::Called];

/// A booking holds its place in the slot unless it is cancelled. A no-show keeps it: by then
/// the slot has started and nobody else could book it.
pub fn holds_place(status: BookingStatus) -> bool {
    status != BookingStatus::Cancelled
}

/// Whether a move from `from` to `to` gives the slot's place back.
pub fn releases_place(from: BookingStatus, to: BookingStatus) -> bool {
    holds_place(from) && !holds_place(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factor_is_the_last_four_nik_digits_or_the_phone() {
        let (nik, phone) = ("3174011208900001", "+6281234567890");
        assert!(factor_matches("0001", nik, phone));
        assert!(factor_matches("0812-3456-7890", nik, phone));
        assert!(factor_matches("+62 812 3456 7890", nik, phone));
        assert!(!factor_matches("0002", nik, phone));
        assert!(!factor_matches("081234567891", nik, phone));
        assert!(!factor_matches("", nik, phone));
        assert!(!factor_matches("3174011208900001", nik, phone), "the whole NIK is not a factor");
    }

    #[test]
    fn the_same_request_hashes_alike() {
        let json = r#"{"slotId":3,"applicant":{"name":"A","nik":"1","phone":"2","forWhom":"self"}}"#;
        let a: BookingRequest = serde_json::from_str(json).unwrap();
        let mut b = a.clone();
        assert_eq!(request_hash(&a), request_hash(&b));
        b.applicant.name = "B".into();
        assert_ne!(request_hash(&a), request_hash(&b));
    }

    #[test]
    fn only_a_cancel_gives_the_place_back() {
        use BookingStatus::*;
        assert!(releases_place(Booked, Cancelled));
        assert!(!releases_place(Booked, Noshow) && !releases_place(Called, Noshow));
        assert!(!releases_place(Booked, CheckedIn) && !releases_place(Called, Fulfilled));
        assert!(!releases_place(Cancelled, Cancelled));
    }
}
