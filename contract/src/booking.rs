//! Slots, bookings, tracking, the queue and the satisfaction survey: what crosses the wire.

use serde::{Deserialize, Serialize};

use crate::catalogue::{ApplicationStatus, Requirement};
use crate::{Instant, Text, Zone};

/// One appointment window of a service at a place. Bookings and walk-in tickets draw on the
/// same capacity.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub id: i64,
    pub service_id: String,
    pub location_id: String,
    pub starts_at: Instant,
    pub ends_at: Instant,
    /// The location's zone: show the times in it, labelled.
    pub time_zone: Zone,
    pub capacity: u16,
    pub capacity_left: u16,
}

/// Who the appointment is for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForWhom {
    #[serde(rename = "self")]
    Myself,
    Child,
    Spouse,
    Parent,
    OtherFamily,
}

impl ForWhom {
    pub const ALL: [ForWhom; 5] = [ForWhom::Myself, ForWhom::Child, ForWhom::Spouse, ForWhom::Parent, ForWhom::OtherFamily];

    /// As the wire spells it (and the server's stores keep it).
    pub fn as_str(self) -> &'static str {
        match self {
            ForWhom::Myself => "self",
            ForWhom::Child => "child",
            ForWhom::Spouse => "spouse",
            ForWhom::Parent => "parent",
            ForWhom::OtherFamily => "other_family",
        }
    }

    pub fn parse(s: &str) -> Option<ForWhom> {
        ForWhom::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// `POST /bookings`, sent with an `Idempotency-Key` header made when the draft started.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BookingRequest {
    pub slot_id: i64,
    pub applicant: Applicant,
    #[serde(default)]
    pub health: Option<HealthDetails>,
}

/// As typed by the citizen: the server validates and normalises every field again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Applicant {
    pub name: String,
    pub nik: String,
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
    pub for_whom: ForWhom,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HealthDetails {
    #[serde(default)]
    pub bpjs_number: Option<String>,
    #[serde(default)]
    pub referral_number: Option<String>,
}

/// FHIR R4 Appointment statuses a citizen meets (`checked_in` and `called` as the counter says),
/// spelt in snake_case like every other word on the wire: FHIR's `checked-in` is `checked_in`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    /// `checked-in`, the spelling before release 2026.12, is still read for one release: from
    /// clients that send it and from the copies phones keep.
    #[serde(alias = "checked-in")]
    CheckedIn,
    Called,
    Fulfilled,
    Cancelled,
    Noshow,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::CheckedIn => "checked_in",
            BookingStatus::Called => "called",
            BookingStatus::Fulfilled => "fulfilled",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Noshow => "noshow",
        }
    }

    /// A status as written by [`BookingStatus::as_str`], or in the spelling before it (one release).
    pub fn parse(s: &str) -> Option<BookingStatus> {
        let s = if s == "checked-in" { "checked_in" } else { s };
        [
            BookingStatus::Booked,
            BookingStatus::CheckedIn,
            BookingStatus::Called,
            BookingStatus::Fulfilled,
            BookingStatus::Cancelled,
            BookingStatus::Noshow,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// Still ahead or under way: worth asking the server about again.
    pub fn is_open(self) -> bool {
        matches!(self, BookingStatus::Booked | BookingStatus::CheckedIn | BookingStatus::Called)
    }

    /// Whether the citizen may still cancel or move it.
    pub fn is_changeable(self) -> bool {
        self == BookingStatus::Booked
    }

    /// The moves the counter may make; anything else is refused.
    pub fn can_become(self, next: BookingStatus) -> bool {
        use BookingStatus::*;
        matches!(
            (self, next),
            (Booked, CheckedIn) | (Booked, Cancelled) | (Booked, Noshow) | (CheckedIn, Called) | (Called, Fulfilled) | (Called, Noshow)
        )
    }
}

/// The answer to a booking: everything the ticket shows.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    /// `XXXXX-XXXXX`; see [`crate::booking_code`].
    pub code: String,
    pub status: BookingStatus,
    /// The number called at the counter on the day.
    pub queue_number: u32,
    pub slot: Slot,
    pub service_id: String,
    pub location_id: String,
    pub applicant_name: String,
    pub for_whom: ForWhom,
    pub nik_masked: String,
    pub phone_masked: String,
    /// The service's requirements: the checklist to bring.
    pub what_to_bring: Vec<Requirement>,
    pub created_at: Instant,
}

/// Proof that the caller is the applicant: the last four NIK digits or the phone number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Verification {
    pub code: String,
    pub factor: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RescheduleRequest {
    pub factor: String,
    pub slot_id: i64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CancelRequest {
    pub factor: String,
}

/// What tracking found: a booking or an application, its status and its history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Tracked {
    Booking {
        booking: Booking,
        timeline: Vec<TimelineEntry>,
        /// Present on the day of the appointment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        queue: Option<QueuePosition>,
    },
    Application {
        application: Application,
        timeline: Vec<TimelineEntry>,
    },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// A booking status (`booked`, `checked_in`…) or an application status (`verified`…).
    pub status: String,
    pub at: Instant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// An application for a service with a result to collect (a passport, a certificate).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub code: String,
    pub service_id: String,
    pub location_id: String,
    pub time_zone: Zone,
    pub status: ApplicationStatus,
    /// The service's own steps, in order, for a progress display.
    pub steps: Vec<ApplicationStatus>,
    /// Why it was rejected, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<Text>,
    /// What to bring for the next step (collecting the result).
    #[serde(default)]
    pub next_step_bring: Vec<Requirement>,
}

/// The queue of one service at one place today.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStatus {
    pub location_id: String,
    pub service_id: String,
    /// 0 before the first call of the day.
    pub now_serving: u32,
    /// Tickets issued today (bookings and walk-ins).
    pub issued: u32,
    pub average_minutes: u16,
}

/// Where one booking stands in today's queue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuePosition {
    pub queue_number: u32,
    pub now_serving: u32,
    pub people_ahead: u32,
    pub estimated_at: Instant,
}

/// A walk-in ticket from the counter, drawn from the same slot capacity as bookings.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalkInTicket {
    pub queue_number: u32,
    pub slot: Slot,
}

/// The community satisfaction survey (SKM, PermenPANRB 14/2017): nine elements, each 1–4.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurveyRequest {
    pub factor: String,
    pub answers: Vec<u8>,
}

/// The nine SKM elements, in the order of `SurveyRequest::answers`.
pub const SKM_ELEMENTS: [&str; 9] = [
    "requirements",
    "procedure",
    "service_time",
    "fee",
    "service_product",
    "staff_competence",
    "staff_behaviour",
    "complaint_handling",
    "facilities",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_snake_case_and_the_old_spelling_still_reads() {
        assert_eq!(serde_json::to_string(&BookingStatus::CheckedIn).unwrap(), "\"checked_in\"");
        for spelling in ["\"checked_in\"", "\"checked-in\""] {
            assert_eq!(serde_json::from_str::<BookingStatus>(spelling).unwrap(), BookingStatus::CheckedIn);
        }
        assert_eq!(BookingStatus::parse("checked-in"), Some(BookingStatus::CheckedIn));
        assert_eq!(BookingStatus::parse(BookingStatus::CheckedIn.as_str()), Some(BookingStatus::CheckedIn));
        assert_eq!(serde_json::to_string(&crate::catalogue::ApplicationStatus::ReadyForPickup).unwrap(), "\"ready_for_pickup\"");
    }

    #[test]
    fn statuses_keep_fhir_words_in_snake_case() {
        assert_eq!(serde_json::to_string(&BookingStatus::Noshow).unwrap(), "\"noshow\"");
        assert_eq!(serde_json::to_string(&ForWhom::Myself).unwrap(), "\"self\"");
    }

    #[test]
    fn only_the_counter_flow_moves_a_booking() {
        use BookingStatus::*;
        assert!(Booked.can_become(CheckedIn));
        assert!(CheckedIn.can_become(Called));
        assert!(Called.can_become(Fulfilled));
        assert!(!Booked.can_become(Fulfilled));
        assert!(!Cancelled.can_become(Booked));
        assert!(!Fulfilled.can_become(Cancelled));
        assert!(Booked.is_changeable() && !CheckedIn.is_changeable());
    }

    #[test]
    fn who_for_is_spelt_as_on_the_wire() {
        for f in ForWhom::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
            assert_eq!(ForWhom::parse(f.as_str()), Some(f));
        }
    }

    #[test]
    fn a_booking_request_refuses_unknown_fields() {
        let json = r#"{"slotId":1,"applicant":{"name":"A","nik":"1","phone":"1","forWhom":"self","admin":true}}"#;
        assert!(serde_json::from_str::<BookingRequest>(json).is_err());
    }
}
