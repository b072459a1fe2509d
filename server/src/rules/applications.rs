//! How an application moves through its service's steps.

use loket_contract::catalogue::{ApplicationStatus, Service};
use loket_contract::Text;

use crate::store::AdvanceError;

/// Steps of `service`, or the usual ones when it lists none.
pub fn steps(service: &Service) -> Vec<ApplicationStatus> {
    use ApplicationStatus::*;
    service.application_steps.clone().unwrap_or_else(|| vec![Submitted, Verified, Processing, ReadyForPickup, Completed])
}

/// An application may move to its service's next step, or be rejected before it is complete.
pub fn can_advance(steps: &[ApplicationStatus], from: ApplicationStatus, to: ApplicationStatus) -> bool {
    if matches!(from, ApplicationStatus::Completed | ApplicationStatus::Rejected) {
        return false;
    }
    if to == ApplicationStatus::Rejected {
        return true;
    }
    let at = steps.iter().position(|s| *s == from);
    at.is_some_and(|i| steps.get(i + 1) == Some(&to))
}

/// The operator's move from `from` to `to`: a step out of order is refused, and a rejection
/// needs its reason (in both languages).
pub fn check_advance(service: &Service, from: ApplicationStatus, to: ApplicationStatus, note: Option<&Text>) -> Result<(), AdvanceError> {
    if !can_advance(&steps(service), from, to) {
        return Err(AdvanceError::NotAllowed { from, to });
    }
    if to == ApplicationStatus::Rejected && note.is_none() {
        return Err(AdvanceError::ReasonRequired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    #[test]
    fn moves_only_to_the_next_step_or_to_rejected() {
        let steps = [Submitted, Verified, Processing, ReadyForPickup, Completed];
        assert!(can_advance(&steps, Submitted, Verified));
        assert!(!can_advance(&steps, Submitted, Processing));
        assert!(can_advance(&steps, Processing, Rejected));
        assert!(!can_advance(&steps, Completed, Rejected));
        assert!(!can_advance(&steps, Rejected, Verified));
        assert!(!can_advance(&steps, ReadyForPickup, Verified));
    }

    #[test]
    fn a_rejection_needs_its_reason_and_a_step_out_of_order_is_refused() {
        let service: Service = serde_json::from_value(serde_json::json!({
            "id": "svc", "agencyId": "a", "categoryId": "c",
            "name": {"id": "x", "en": "x"}, "summary": {"id": "x", "en": "x"},
            "requirements": [], "fees": [], "processingTime": {"id": "x", "en": "x"},
            "processingDaysMax": 0, "channels": ["in_person"], "bookable": false,
            "offeredAt": ["mpp"], "durationMinutes": 15, "slotCapacity": 1
        }))
        .unwrap();
        let reason = Text::new("Berkas tidak lengkap", "Documents incomplete");
        assert!(check_advance(&service, Submitted, Verified, None).is_ok());
        assert!(matches!(check_advance(&service, Submitted, Rejected, None), Err(AdvanceError::ReasonRequired)));
        assert!(check_advance(&service, Submitted, Rejected, Some(&reason)).is_ok());
        assert!(matches!(check_advance(&service, Submitted, Completed, None), Err(AdvanceError::NotAllowed { .. })));
    }
}
