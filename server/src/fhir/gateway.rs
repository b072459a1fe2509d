//! The gateway: a [`Store`] that serves the places a deployment marks as FHIR-backed from the
//! facility's own FHIR server, and everything else from Loket's own store behind it.
//!
//! What lives where, for a FHIR-backed place:
//! - the place itself (name, zone, hours…) is read from FHIR on every sync and written into
//!   Loket's catalogue at a new version, with the services mapped to it;
//! - its times are read live from FHIR's Slots on every listing, and mirrored into Loket's slot
//!   table only to give each time the id the app books it by;
//! - a booking is claimed in Loket's store first (its idempotency key, request hash, code,
//!   queue number, the "one per person, service and day" rule), then made in FHIR; a time FHIR
//!   says is full removes Loket's claim again. A FHIR server that does not answer leaves the
//!   claim, and the seat FHIR may hold under the key, for the app's outbox to send again;
//! - its status is FHIR's Appointment status, followed into Loket's timeline (with the times of
//!   FHIR's own history) whenever the citizen looks.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use loket_contract::booking::{Booking, BookingRequest, BookingStatus, QueueStatus, Slot, SurveyRequest, Tracked, WalkInTicket};
use loket_contract::catalogue::{ApplicationStatus, Catalogue, Location, Service};
use loket_contract::{Instant, LocalDate, Text};
use tokio::sync::RwLock;

use super::places::{read_place, PlaceMapping};
use super::scheduling::{self, BookError, CancelError, MoveError, NewAppointment, Patient};
use super::status::booking_status;
use super::token::Credentials;
use super::{FhirClient, FhirError};
use crate::config::FhirSettings;
use crate::demo::CatalogueSeed;
use crate::rules::slots::{days, offers, open_for_booking};
use crate::store::{AdvanceError, BookingError, Store, StoreError, SurveyError};

pub struct Gateway {
    inner: Arc<dyn Store>,
    fhir: FhirClient,
    places: Vec<PlaceMapping>,
    /// `(place id, Loket service id)` → the FHIR Schedule its times are in, found once.
    schedules: RwLock<HashMap<(String, String), String>>,
}

/// The FHIR server's failure as the store's: a 503 with `Retry-After` for the citizen.
fn unavailable(e: FhirError) -> StoreError {
    StoreError(format!("facility FHIR server: {e}"))
}

impl Gateway {
    pub fn new(inner: Arc<dyn Store>, settings: &FhirSettings) -> Result<Gateway, FhirError> {
        let credentials = Credentials {
            token_url: settings.token_url.clone(),
            client_id: settings.client_id.clone(),
            client_secret: settings.client_secret.clone(),
        };
        let fhir = FhirClient::new(&settings.base_url, credentials, settings.timeout)?;
        Ok(Gateway { inner, fhir, places: settings.places.clone(), schedules: RwLock::default() })
    }

    fn place(&self, location_id: &str) -> Option<&PlaceMapping> {
        self.places.iter().find(|p| p.id == location_id)
    }

    /// Reads every FHIR-backed place into the catalogue, with the services booked there, at a
    /// new catalogue version when something changed (the app's `If-None-Match` then sees it).
    /// A place FHIR cannot give now keeps what was last read; one it gives but Loket cannot show
    /// is logged with the reason. The new version, if any.
    pub async fn sync(&self) -> Result<Option<u64>, StoreError> {
        let mut locations = Vec::new();
        for mapping in &self.places {
            match read_place(&self.fhir, mapping).await {
                Ok(Ok(place)) => locations.push(place),
                Ok(Err(why)) => tracing::warn!(place = mapping.id, fhir_location = mapping.fhir_location, ?why, "FHIR place not shown"),
                Err(e) => tracing::warn!(place = mapping.id, %e, "FHIR place not read; the last copy stays"),
            }
        }
        let mut services: Vec<Service> = Vec::new();
        for place in &mut locations {
            let mut offered = Vec::new();
            for id in &place.service_ids {
                let service = match services.iter_mut().find(|s| &s.id == id) {
                    Some(s) => s,
                    None => match self.inner.service(id).await? {
                        Some(s) => {
                            services.push(s);
                            services.last_mut().expect("just pushed")
                        }
                        None => {
                            tracing::warn!(place = place.id, service = id, "a FHIR place maps to a service the catalogue does not have");
                            continue;
                        }
                    },
                };
                if !service.location_ids.contains(&place.id) {
                    service.location_ids.push(place.id.clone());
                }
                offered.push(id.clone());
            }
            place.service_ids = offered;
        }
        let version = self.inner.put_catalogue_items(&locations, &services).await?;
        if let Some(version) = version {
            tracing::info!(version, places = locations.len(), "FHIR places synced into the catalogue");
        }
        Ok(version)
    }

    /// Syncs now, then every `interval`, for as long as the server runs.
    pub fn keep_in_sync(self: Arc<Self>, interval: std::time::Duration) {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                if let Err(e) = self.sync().await {
                    tracing::warn!(%e, "FHIR catalogue sync failed; trying again on the next interval");
                }
            }
        });
    }

    /// The Schedule of a Loket service at a FHIR-backed place: the one whose actors are the
    /// mapped HealthcareService (and the place's Location, when it names one). `None` when the
    /// facility has no active schedule for it.
    async fn schedule(&self, place: &PlaceMapping, service_id: &str) -> Result<Option<String>, FhirError> {
        let key = (place.id.clone(), service_id.to_owned());
        if let Some(id) = self.schedules.read().await.get(&key) {
            return Ok(Some(id.clone()));
        }
        let Some((healthcare_service, _)) = place.services.iter().find(|(_, s)| s == service_id) else { return Ok(None) };
        let actor = format!("HealthcareService/{healthcare_service}");
        let location = format!("Location/{}", place.fhir_location);
        let found = self.fhir.search("Schedule", &[("actor", &actor)]).await?;
        let schedule = found.iter().find(|s| {
            let actors: Vec<&str> = s["actor"].as_array().into_iter().flatten().filter_map(|a| a["reference"].as_str()).collect();
            let at_place = !actors.iter().any(|a| a.starts_with("Location/")) || actors.contains(&location.as_str());
            s["active"].as_bool() != Some(false) && at_place
        });
        let Some(id) = schedule.and_then(|s| s["id"].as_str()).map(str::to_owned) else { return Ok(None) };
        self.schedules.write().await.insert(key, id.clone());
        Ok(Some(id))
    }

    /// The times of a FHIR-backed place, live from its Slots, with the ids Loket's mirror gives.
    async fn fhir_slots(
        &self,
        place: &PlaceMapping,
        service_id: &str,
        from: Option<LocalDate>,
        to: Option<LocalDate>,
        now: Instant,
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        let (Some(service), Some(location)) = (self.inner.service(service_id).await?, self.inner.location(&place.id).await?) else {
            return Ok(None);
        };
        if !offers(&location, &service) {
            return Ok(None);
        }
        let zone = location.time_zone;
        let Some((first, last)) = days(&service, now.local(zone).0, from, to) else { return Ok(Some(Vec::new())) };
        let Some(schedule) = self.schedule(place, service_id).await.map_err(unavailable)? else { return Ok(Some(Vec::new())) };
        let mut times =
            scheduling::times(&self.fhir, &schedule, first.at(0, zone), last.add_days(1).at(0, zone)).await.map_err(unavailable)?;
        // A time is booked by its start: two FHIR times starting together keep the first.
        times.retain(|t| t.start > now);
        times.dedup_by_key(|t| t.start);
        let wanted: Vec<(Instant, Instant, u16)> = times.iter().map(|t| (t.start, t.end, t.capacity() as u16)).collect();
        let Some(mirrored) = self.inner.mirror_slots(service_id, &place.id, &wanted).await? else { return Ok(None) };
        Ok(Some(
            mirrored
                .into_iter()
                .filter_map(|slot| {
                    let time = times.iter().find(|t| t.start == slot.starts_at)?;
                    Some(Slot { capacity: time.capacity() as u16, capacity_left: time.free().count() as u16, ..slot })
                })
                .collect(),
        ))
    }

    /// Makes in FHIR the booking Loket's store has just claimed (or replayed: making it again
    /// finds what the first request made).
    async fn book_in_fhir(
        &self,
        place: &PlaceMapping,
        key: &str,
        request: &BookingRequest,
        booking: &Booking,
        now: Instant,
    ) -> Result<(), BookingError> {
        let refused = |e: BookingError| async move {
            self.inner.discard_booking(&booking.code).await?;
            Err(e)
        };
        let Some(schedule) = self.schedule(place, &booking.service_id).await.map_err(|e| BookingError::Storage(unavailable(e)))? else {
            return refused(BookingError::SlotUnavailable).await;
        };
        // Loket's store has validated both already; these are their normal forms.
        let nik = loket_contract::nik::Nik::parse(&request.applicant.nik).map(|n| n.as_str().to_owned()).unwrap_or_default();
        let phone = loket_contract::Phone::parse(&request.applicant.phone).map(|p| p.as_str().to_owned()).unwrap_or_default();
        let new = NewAppointment {
            key,
            code: &booking.code,
            schedule_id: &schedule,
            start: booking.slot.starts_at,
            patient: Patient { nik: &nik, name: request.applicant.name.trim(), phone: &phone },
            now,
        };
        match scheduling::book(&self.fhir, &new).await {
            Ok(_) => Ok(()),
            Err(BookError::Full) => refused(BookingError::SlotFull).await,
            Err(BookError::NoSuchTime) => refused(BookingError::SlotUnavailable).await,
            // Refused outright: nothing was made in FHIR, so Loket's claim goes too and the
            // request may be sent again as it is.
            Err(BookError::Fhir(e @ (FhirError::Refused { .. } | FhirError::Auth(_) | FhirError::NotFound | FhirError::Malformed(_)))) => {
                tracing::error!(code = booking.code, %e, "the facility's FHIR server refused a booking");
                refused(BookingError::Storage(unavailable(e))).await
            }
            Err(BookError::Fhir(e)) => Err(BookingError::Storage(unavailable(e))),
        }
    }

    /// Follows into Loket's timeline what the facility recorded since Loket last looked: each
    /// status the Appointment went through, at the time its history gives. A FHIR server that
    /// does not answer leaves the last known status (the citizen still sees their booking).
    async fn follow(&self, booking: &Booking) -> Result<bool, StoreError> {
        let appointment = match scheduling::appointment_by_code(&self.fhir, &booking.code).await {
            Ok(Some(a)) => a,
            Ok(None) => return Ok(false),
            Err(e) => {
                tracing::warn!(code = booking.code, %e, "FHIR status not read; the last known one is shown");
                return Ok(false);
            }
        };
        let now = appointment.resource["status"].as_str().and_then(booking_status);
        if now.is_none_or(|s| s == booking.status) {
            return Ok(false);
        }
        let history = match self.fhir.history("Appointment", appointment.id()).await {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(code = booking.code, %e, "FHIR history not read; the current status alone is followed");
                vec![appointment.resource.clone()]
            }
        };
        let mut steps: Vec<(BookingStatus, Instant)> = Vec::new();
        for version in &history {
            let Some(status) = version["status"].as_str().and_then(booking_status) else { continue };
            let at = version["meta"]["lastUpdated"].as_str().and_then(|t| Instant::parse(t).ok()).unwrap_or(booking.created_at);
            if steps.last().is_none_or(|(s, _)| *s != status) {
                steps.push((status, at));
            }
        }
        // From where Loket's copy stands; a status FHIR never had (one set at Loket's own
        // counter) gives way to FHIR's latest.
        let from = steps.iter().rposition(|(s, _)| *s == booking.status).map_or(steps.len().saturating_sub(1), |i| i + 1);
        let mut changed = false;
        for (status, at) in &steps[from..] {
            changed |= self.inner.follow_booking_status(&booking.code, *status, *at).await?;
        }
        Ok(changed)
    }

    /// The booking behind a code and factor, and its FHIR-backed place, if it has one.
    async fn fhir_booking(&self, code: &str, factor: &str, now: Instant) -> Result<Option<(Booking, &PlaceMapping)>, StoreError> {
        Ok(match self.inner.track(code, factor, now).await? {
            Some(Tracked::Booking { booking, .. }) => self.place(&booking.location_id).map(|p| (booking, p)),
            _ => None,
        })
    }
}

#[async_trait]
impl Store for Gateway {
    async fn seed_catalogue(&self, seed: &CatalogueSeed) -> Result<bool, String> {
        self.inner.seed_catalogue(seed).await
    }

    async fn seed_demo_applications(&self, now: Instant) -> Result<Vec<String>, String> {
        self.inner.seed_demo_applications(now).await
    }

    async fn schema_version(&self) -> Result<u32, StoreError> {
        self.inner.schema_version().await
    }

    async fn catalogue_version(&self) -> Result<u64, StoreError> {
        self.inner.catalogue_version().await
    }

    async fn catalogue(&self, since: Option<u64>) -> Result<Catalogue, StoreError> {
        self.inner.catalogue(since).await
    }

    async fn service(&self, id: &str) -> Result<Option<Service>, StoreError> {
        self.inner.service(id).await
    }

    async fn location(&self, id: &str) -> Result<Option<Location>, StoreError> {
        self.inner.location(id).await
    }

    async fn slots(
        &self,
        service_id: &str,
        location_id: &str,
        from: Option<LocalDate>,
        to: Option<LocalDate>,
        now: Instant,
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        match self.place(location_id) {
            Some(place) => self.fhir_slots(place, service_id, from, to, now).await,
            None => self.inner.slots(service_id, location_id, from, to, now).await,
        }
    }

    async fn slot(&self, id: i64) -> Result<Option<Slot>, StoreError> {
        self.inner.slot(id).await
    }

    async fn put_catalogue_items(&self, locations: &[Location], services: &[Service]) -> Result<Option<u64>, StoreError> {
        self.inner.put_catalogue_items(locations, services).await
    }

    async fn mirror_slots(
        &self,
        service_id: &str,
        location_id: &str,
        times: &[(Instant, Instant, u16)],
    ) -> Result<Option<Vec<Slot>>, StoreError> {
        self.inner.mirror_slots(service_id, location_id, times).await
    }

    async fn discard_booking(&self, code: &str) -> Result<(), StoreError> {
        self.inner.discard_booking(code).await
    }

    async fn follow_booking_status(&self, code: &str, status: BookingStatus, at: Instant) -> Result<bool, StoreError> {
        self.inner.follow_booking_status(code, status, at).await
    }

    async fn create_booking(&self, key: &str, request: &BookingRequest, now: Instant) -> Result<(Booking, bool), BookingError> {
        let place = match self.inner.slot(request.slot_id).await? {
            Some(slot) => self.place(&slot.location_id),
            None => None,
        };
        let (booking, replayed) = self.inner.create_booking(key, request, now).await?;
        if let Some(place) = place {
            // A replay too: the first request's answer may never have come from FHIR.
            if booking.status == BookingStatus::Booked {
                self.book_in_fhir(place, key, request, &booking, now).await?;
            }
        }
        Ok((booking, replayed))
    }

    async fn cancel_booking(&self, code: &str, factor: &str, now: Instant) -> Result<Booking, BookingError> {
        let Some((booking, _)) = self.fhir_booking(code, factor, now).await? else {
            return self.inner.cancel_booking(code, factor, now).await;
        };
        match scheduling::cancel(&self.fhir, &booking.code).await {
            // No Appointment: a booking whose making in FHIR never answered; nothing to undo there.
            Ok(_) => self.inner.cancel_booking(code, factor, now).await,
            Err(CancelError::NotChangeable(status)) => {
                self.follow(&booking).await?;
                Err(BookingError::NotChangeable(booking_status(&status).unwrap_or(booking.status)))
            }
            Err(CancelError::Fhir(e)) => Err(BookingError::Storage(unavailable(e))),
        }
    }

    async fn reschedule_booking(&self, code: &str, factor: &str, slot_id: i64, now: Instant) -> Result<Booking, BookingError> {
        let new_slot = self.inner.slot(slot_id).await?;
        let new_place = new_slot.as_ref().and_then(|s| self.place(&s.location_id));
        let Some((booking, place)) = self.fhir_booking(code, factor, now).await? else {
            // A booking in Loket's store cannot move into a facility's own system, nor the other
            // way (below): the citizen cancels and books there instead.
            if new_place.is_some() {
                return Err(BookingError::SlotUnavailable);
            }
            return self.inner.reschedule_booking(code, factor, slot_id, now).await;
        };
        let Some(new_slot) = new_slot.filter(|s| s.location_id == place.id && s.service_id == booking.service_id) else {
            return Err(BookingError::SlotUnavailable);
        };
        if new_slot.id == booking.slot.id || !booking.status.is_changeable() {
            return self.inner.reschedule_booking(code, factor, slot_id, now).await;
        }
        let service = self.inner.service(&booking.service_id).await?.ok_or(BookingError::SlotUnavailable)?;
        if !open_for_booking(&new_slot, &service, now) {
            return Err(BookingError::SlotUnavailable);
        }
        let schedule = self.schedule(place, &booking.service_id).await.map_err(|e| BookingError::Storage(unavailable(e)))?;
        let schedule = schedule.ok_or(BookingError::SlotUnavailable)?;
        match scheduling::reschedule(&self.fhir, &booking.code, &schedule, new_slot.starts_at).await {
            Ok(_) => {}
            Err(MoveError::Full) => return Err(BookingError::SlotFull),
            Err(MoveError::NoSuchTime) => return Err(BookingError::SlotUnavailable),
            Err(MoveError::NotChangeable(status)) => {
                self.follow(&booking).await?;
                return Err(BookingError::NotChangeable(booking_status(&status).unwrap_or(booking.status)));
            }
            Err(MoveError::NotFound) => {
                return Err(BookingError::Storage(StoreError(format!("booking {} has no FHIR Appointment yet", booking.code))))
            }
            Err(MoveError::Fhir(e)) => return Err(BookingError::Storage(unavailable(e))),
        }
        match self.inner.reschedule_booking(code, factor, slot_id, now).await {
            Ok(moved) => Ok(moved),
            Err(e) => {
                // FHIR moved and Loket could not: FHIR is put back where Loket's copy stands.
                if let Err(back) = scheduling::reschedule(&self.fhir, &booking.code, &schedule, booking.slot.starts_at).await {
                    tracing::error!(code = booking.code, ?back, "a FHIR appointment moved that Loket's copy did not follow");
                }
                Err(e)
            }
        }
    }

    async fn submit_survey(&self, code: &str, request: &SurveyRequest, now: Instant) -> Result<(), SurveyError> {
        // The survey opens once the visit is fulfilled, which the facility's system says.
        if let Some((booking, _)) = self.fhir_booking(code, &request.factor, now).await? {
            self.follow(&booking).await?;
        }
        self.inner.submit_survey(code, request, now).await
    }

    async fn track(&self, code: &str, factor: &str, now: Instant) -> Result<Option<Tracked>, StoreError> {
        let tracked = self.inner.track(code, factor, now).await?;
        if let Some(Tracked::Booking { booking, .. }) = &tracked {
            if self.place(&booking.location_id).is_some() && self.follow(booking).await? {
                return self.inner.track(code, factor, now).await;
            }
        }
        Ok(tracked)
    }

    async fn queue_today(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError> {
        self.inner.queue_today(location_id, service_id, now).await
    }

    async fn set_booking_status(&self, code: &str, status: BookingStatus, now: Instant) -> Result<(), BookingError> {
        self.inner.set_booking_status(code, status, now).await
    }

    async fn call_next(&self, location_id: &str, service_id: &str, now: Instant) -> Result<Option<QueueStatus>, StoreError> {
        self.inner.call_next(location_id, service_id, now).await
    }

    async fn advance_application(
        &self,
        code: &str,
        status: ApplicationStatus,
        note: Option<&Text>,
        now: Instant,
    ) -> Result<(), AdvanceError> {
        self.inner.advance_application(code, status, note, now).await
    }

    async fn walk_in(&self, slot_id: i64, now: Instant) -> Result<WalkInTicket, BookingError> {
        // A facility with its own system hands out its walk-in numbers there: a Loket ticket
        // would take a seat FHIR does not know is gone.
        if let Some(slot) = self.inner.slot(slot_id).await? {
            if self.place(&slot.location_id).is_some() {
                return Err(BookingError::SlotUnavailable);
            }
        }
        self.inner.walk_in(slot_id, now).await
    }
}
