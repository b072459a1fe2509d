//! Free times of a service at a place, asked from the server (they change by the minute, so
//! they are never served from the offline copy).

use leptos::prelude::*;
use loket_contract::booking::Slot;

use super::backend::use_booking_source;
use crate::api::ApiError;

#[derive(Clone, Copy)]
pub struct Slots {
    pub result: LocalResource<Result<Vec<Slot>, ApiError>>,
    attempt: RwSignal<u32>,
}

impl Slots {
    pub fn retry(&self) {
        self.attempt.update(|n| *n += 1);
    }
}

pub fn use_slots(service_id: String, location_id: String) -> Slots {
    let backend = use_booking_source().backend();
    let attempt = RwSignal::new(0u32);
    let result = LocalResource::new(move || {
        attempt.track();
        let (backend, service_id, location_id) = (backend.clone(), service_id.clone(), location_id.clone());
        async move { backend.slots(&service_id, &location_id).await }
    });
    Slots { result, attempt }
}
