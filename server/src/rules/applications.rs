//! How an application moves through its service's steps.

use loket_contract::catalogue::{ApplicationStatus, Service};
use loket_contract::{booking_code, Instant, Text};

use crate::demo::demo_applications;
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

/// A demo application as every store writes it: its row and its whole timeline.
pub struct DemoRecord {
    pub code: String,
    pub service_id: String,
    pub location_id: String,
    pub nik: &'static str,
    pub phone: &'static str,
    pub status: ApplicationStatus,
    pub rejection: Option<Text>,
    pub created_at: Instant,
    pub events: Vec<(ApplicationStatus, Instant, Text)>,
}

/// The demo applications (`demo.rs`) at `now`: their histories end an hour ago, one step a
/// working day, and every step is checked as the operator's would be.
pub fn demo_records(service: impl Fn(&str) -> Option<Service>, now: Instant) -> Result<Vec<DemoRecord>, String> {
    let mut records = Vec::new();
    for demo in demo_applications() {
        let service = service(demo.service_id).ok_or_else(|| format!("demo application names unknown service {}", demo.service_id))?;
        let location_id = service.location_ids.first().ok_or_else(|| format!("no demo location offers {}", demo.service_id))?.clone();
        let code = booking_code::from_random(demo.code_bits);
        let started = Instant(now.0 - 3600 - (demo.history.len() as i64 - 1) * 86_400);
        let mut status = ApplicationStatus::Submitted;
        let mut rejection = None;
        let mut events = Vec::new();
        for (i, (step, id, en)) in demo.history.iter().enumerate() {
            let note = Text::new(*id, *en);
            if *step != ApplicationStatus::Submitted {
                check_advance(&service, status, *step, Some(&note)).map_err(|e| format!("demo application {code}: {e:?}"))?;
                status = *step;
            }
            if *step == ApplicationStatus::Rejected {
                rejection = Some(note.clone());
            }
            events.push((*step, Instant(started.0 + i as i64 * 86_400), note));
        }
        records.push(DemoRecord {
            code,
            service_id: service.id.clone(),
            location_id,
            nik: demo.nik,
            phone: demo.phone,
            status,
            rejection,
            created_at: started,
            events,
        });
    }
    Ok(records)
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
