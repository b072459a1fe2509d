//! Seats, patients and appointments in a facility's FHIR server.
//!
//! A Loket slot (a time with a number of places) is the group of FHIR Slots of one Schedule that
//! share a start and an end: **one Slot per seat**. R4's Slot has no capacity field, and a seat of
//! its own is what the counter's system also books, so the quota is shared by construction: a
//! seat taken at the counter is a seat the citizen no longer sees, and the other way round.
//!
//! Nothing is booked twice, through FHIR's own means:
//! - a seat is taken with a versioned update (`If-Match`); a 412 means someone else took that
//!   seat first, and the next free seat is tried, until none is left ([`BookError::Full`]);
//! - the seat taken carries the request's key (its SHA-256) as an identifier, so a retry whose
//!   first answer never came finds its own seat, and a seat is only ever freed by the request
//!   or the cancellation that holds it (never one the facility blocked or another booking took);
//! - an Appointment is created conditionally (`If-None-Exist`) on the same key, and looked up
//!   by it first, so a replayed request finds the Appointment the first one made;
//! - when a create gets no answer, the seat stays held: it is freed only on a definite refusal,
//!   since freeing the seat of an Appointment that was made would give it to a second citizen.
//!
//! Left to the gateway (it has Loket's own database): two copies of one request arriving at
//! once. `If-None-Exist` is only as atomic as the FHIR server makes it, so the gateway claims
//! the key in its own store first; it also checks the request's hash, as the other stores do.

use loket_contract::Instant;
use serde_json::{json, Value};

use super::status::seat_is_free;
use super::{FhirClient, FhirError, Versioned};

/// The citizen's NIK, as SATUSEHAT identifies a Patient.
pub const NIK_SYSTEM: &str = "https://fhir.kemkes.go.id/id/nik";
/// The booking code the citizen holds, on the Appointments Loket makes.
pub const BOOKING_CODE_SYSTEM: &str = "https://loket.go.id/fhir/sid/kode-pesanan";
/// The idempotency key of the request that made an Appointment.
pub const REQUEST_KEY_SYSTEM: &str = "https://loket.go.id/fhir/sid/kunci-permintaan";

/// Rounds of "read the seats, take a free one" before a busy time is reported full. Each lost
/// race means another booking won a seat, so a handful of rounds covers a rush.
const SEAT_ROUNDS: usize = 8;

/// One time of a schedule: its seats, taken or free.
#[derive(Debug, Clone)]
pub struct Time {
    pub start: Instant,
    pub end: Instant,
    pub seats: Vec<Versioned>,
}

impl Time {
    pub fn capacity(&self) -> usize {
        self.seats.len()
    }

    pub fn free(&self) -> impl Iterator<Item = &Versioned> {
        self.seats.iter().filter(|s| seat_is_free(s.resource["status"].as_str().unwrap_or_default()))
    }
}

#[derive(Debug)]
pub enum BookError {
    /// Every seat of that time is taken.
    Full,
    /// The schedule has no seat at that time at all.
    NoSuchTime,
    Fhir(FhirError),
}

impl From<FhirError> for BookError {
    fn from(e: FhirError) -> Self {
        BookError::Fhir(e)
    }
}

/// Who the appointment is for.
#[derive(Debug, Clone)]
pub struct Patient<'a> {
    pub nik: &'a str,
    pub name: &'a str,
    pub phone: &'a str,
}

#[derive(Debug, Clone)]
pub struct NewAppointment<'a> {
    /// The citizen's idempotency key: a replay of the same request finds the same Appointment.
    pub key: &'a str,
    /// The booking code given to the citizen.
    pub code: &'a str,
    pub schedule_id: &'a str,
    pub start: Instant,
    pub patient: Patient<'a>,
    pub now: Instant,
}

#[derive(Debug)]
pub struct Booked {
    pub appointment: Versioned,
    /// False when this request replayed one that had already booked.
    pub created: bool,
}

/// The times of a schedule that start in `[from, until)`, each with its seats, in time order.
pub async fn times(fhir: &FhirClient, schedule_id: &str, from: Instant, until: Instant) -> Result<Vec<Time>, FhirError> {
    let schedule = format!("Schedule/{schedule_id}");
    let (since, before) = (format!("ge{from}"), format!("lt{until}"));
    let slots = fhir.search("Slot", &[("schedule", &schedule), ("start", &since), ("start", &before)]).await?;
    let mut times: Vec<Time> = Vec::new();
    for slot in slots {
        let (Some(start), Some(end)) = (instant(&slot["start"]), instant(&slot["end"])) else { continue };
        if start < from || start >= until {
            continue;
        }
        let Some(seat) = Versioned::from_meta(slot) else { continue };
        match times.iter_mut().find(|t| t.start == start && t.end == end) {
            // Pages of a search can repeat a seat whose status changed between them.
            Some(time) if time.seats.iter().any(|s| s.id() == seat.id()) => {}
            Some(time) => time.seats.push(seat),
            None => times.push(Time { start, end, seats: vec![seat] }),
        }
    }
    times.sort_by_key(|t| (t.start, t.end));
    Ok(times)
}

/// Books a seat of the schedule's time at `start` for the patient; see the module's comment.
pub async fn book(fhir: &FhirClient, new: &NewAppointment<'_>) -> Result<Booked, BookError> {
    let key = key_id(new.key);
    if let Some(appointment) = by_identifier(fhir, REQUEST_KEY_SYSTEM, &key).await? {
        return Ok(Booked { appointment, created: false });
    }
    let schedule = fhir.read("Schedule", new.schedule_id).await?;
    let patient = patient(fhir, &new.patient).await?;
    let seat = take_seat(fhir, new.schedule_id, new.start, &key, &[]).await?;
    let appointment = appointment(new, &key, &schedule, &patient, &seat);
    let if_none_exist = format!("identifier={REQUEST_KEY_SYSTEM}|{key}");
    match fhir.create(&appointment, Some(&if_none_exist)).await {
        Ok((appointment, created)) => {
            // A replay that got there first on a seat of its own: this one's goes back.
            if !created && !slot_ids(&appointment.resource).iter().any(|s| s == seat.id()) {
                release_logged(fhir, seat.id(), &key).await;
            }
            Ok(Booked { appointment, created })
        }
        // Refused outright: nothing was made, and the seat goes back.
        Err(e @ (FhirError::Refused { .. } | FhirError::Auth(_) | FhirError::NotFound)) => {
            release_logged(fhir, seat.id(), &key).await;
            Err(e.into())
        }
        // No answer, or none that can be read: the create may have been carried out. Freeing the
        // seat then could give it to a second citizen, so it is freed only when the key has no
        // Appointment; otherwise it stays taken under the key, and the retry finds it again.
        Err(e) => match by_identifier(fhir, REQUEST_KEY_SYSTEM, &key).await {
            Ok(Some(appointment)) => Ok(Booked { appointment, created: true }),
            Ok(None) | Err(_) => {
                tracing::warn!(seat = seat.id(), %e, "a booking's outcome is unknown; its seat stays held for its retry");
                Err(e.into())
            }
        },
    }
}

/// Why an appointment cannot be cancelled.
#[derive(Debug)]
pub enum CancelError {
    /// The facility has moved it on (arrived, fulfilled, no-show): its record stands.
    NotChangeable(String),
    Fhir(FhirError),
}

impl From<FhirError> for CancelError {
    fn from(e: FhirError) -> Self {
        CancelError::Fhir(e)
    }
}

/// Cancels the appointment with this booking code and frees the seat it holds; cancelling a
/// cancelled appointment again changes nothing (but frees its seat if that was left held).
/// `None` when no appointment has the code.
pub async fn cancel(fhir: &FhirClient, code: &str) -> Result<Option<Versioned>, CancelError> {
    for _ in 0..SEAT_ROUNDS {
        let Some(current) = by_identifier(fhir, BOOKING_CODE_SYSTEM, code).await? else { return Ok(None) };
        let status = current.resource["status"].as_str().unwrap_or_default().to_owned();
        let cancelled = if status == "cancelled" {
            current
        } else if is_open(&status) {
            let mut cancelled = current.resource.clone();
            cancelled["status"] = json!("cancelled");
            match fhir.update(&cancelled, &current.version).await {
                Ok(cancelled) => cancelled,
                // The counter changed it meanwhile (checked in?): read it again and decide again.
                Err(FhirError::Changed) => continue,
                Err(e) => return Err(e.into()),
            }
        } else {
            return Err(CancelError::NotChangeable(status));
        };
        if let Some(key) = identifier(&cancelled.resource, REQUEST_KEY_SYSTEM) {
            for seat in slot_ids(&cancelled.resource) {
                release_seat(fhir, &seat, &key).await?;
            }
        }
        return Ok(Some(cancelled));
    }
    Err(FhirError::Changed.into())
}

/// Why an appointment cannot move.
#[derive(Debug)]
pub enum MoveError {
    /// No appointment has the code.
    NotFound,
    /// The facility has moved it on (arrived, fulfilled, cancelled…): its record stands.
    NotChangeable(String),
    /// Every seat of the new time is taken.
    Full,
    /// The schedule has no seat at the new time.
    NoSuchTime,
    Fhir(FhirError),
}

impl From<BookError> for MoveError {
    fn from(e: BookError) -> Self {
        match e {
            BookError::Full => MoveError::Full,
            BookError::NoSuchTime => MoveError::NoSuchTime,
            BookError::Fhir(e) => MoveError::Fhir(e),
        }
    }
}

impl From<FhirError> for MoveError {
    fn from(e: FhirError) -> Self {
        MoveError::Fhir(e)
    }
}

/// Moves the appointment with this booking code to a seat of the schedule's time at `start`:
/// the new seat is taken (under the appointment's key) before the appointment is updated with
/// `If-Match`, and its old seat is freed only after; never zero seats, and two only for a
/// moment. Moving to the time it has already changes nothing.
pub async fn reschedule(fhir: &FhirClient, code: &str, schedule_id: &str, start: Instant) -> Result<Versioned, MoveError> {
    for _ in 0..SEAT_ROUNDS {
        let current = by_identifier(fhir, BOOKING_CODE_SYSTEM, code).await?.ok_or(MoveError::NotFound)?;
        let status = current.resource["status"].as_str().unwrap_or_default();
        if !is_open(status) {
            return Err(MoveError::NotChangeable(status.to_owned()));
        }
        if instant(&current.resource["start"]) == Some(start) {
            return Ok(current);
        }
        let key = identifier(&current.resource, REQUEST_KEY_SYSTEM)
            .ok_or_else(|| FhirError::Malformed(format!("appointment {} has no request key", current.id())))?;
        let old_seats = slot_ids(&current.resource);
        let seat = take_seat(fhir, schedule_id, start, &key, &old_seats).await?;
        let mut moved = current.resource.clone();
        moved["slot"] = json!([{"reference": format!("Slot/{}", seat.id())}]);
        moved["start"] = seat.resource["start"].clone();
        moved["end"] = seat.resource["end"].clone();
        match fhir.update(&moved, &current.version).await {
            Ok(moved) => {
                for old in old_seats {
                    release_logged(fhir, &old, &key).await;
                }
                return Ok(moved);
            }
            // The counter changed the appointment meanwhile: the new seat goes back, and the
            // move is decided again on what the counter left.
            Err(FhirError::Changed) => release_logged(fhir, seat.id(), &key).await,
            Err(e @ (FhirError::Refused { .. } | FhirError::Auth(_) | FhirError::NotFound)) => {
                release_logged(fhir, seat.id(), &key).await;
                return Err(e.into());
            }
            // No answer: the new seat stays held under the key, and a retry finds it again.
            Err(e) => return Err(e.into()),
        }
    }
    Err(FhirError::Changed.into())
}

/// Statuses in which the citizen may still cancel or move an appointment.
fn is_open(status: &str) -> bool {
    matches!(status, "proposed" | "pending" | "booked" | "waitlist")
}

/// The appointment carrying this booking code, as the facility last recorded it.
pub async fn appointment_by_code(fhir: &FhirClient, code: &str) -> Result<Option<Versioned>, FhirError> {
    by_identifier(fhir, BOOKING_CODE_SYSTEM, code).await
}

async fn by_identifier(fhir: &FhirClient, system: &str, value: &str) -> Result<Option<Versioned>, FhirError> {
    let identifier = format!("{system}|{value}");
    let found = fhir.search("Appointment", &[("identifier", &identifier)]).await?;
    Ok(found.into_iter().find_map(Versioned::from_meta))
}

/// `Patient/<id>` of the patient with this NIK, made when the facility has none yet.
async fn patient(fhir: &FhirClient, patient: &Patient<'_>) -> Result<String, FhirError> {
    let resource = json!({
        "resourceType": "Patient",
        "identifier": [{"use": "official", "system": NIK_SYSTEM, "value": patient.nik}],
        "name": [{"use": "official", "text": patient.name}],
        "telecom": [{"system": "phone", "value": patient.phone, "use": "mobile"}],
    });
    let search = format!("identifier={NIK_SYSTEM}|{}", patient.nik);
    match fhir.create(&resource, Some(&search)).await {
        Ok((found, _)) => Ok(format!("Patient/{}", found.id())),
        // More than one Patient with this NIK (a facility's duplicate): take the first, as a
        // counter clerk would, rather than refuse the citizen.
        Err(FhirError::Changed) => {
            let found = fhir.search("Patient", &[("identifier", &format!("{NIK_SYSTEM}|{}", patient.nik))]).await?;
            let id = found.first().and_then(|p| p["id"].as_str()).ok_or(FhirError::NotFound)?;
            Ok(format!("Patient/{id}"))
        }
        Err(e) => Err(e),
    }
}

/// The seat this request holds already at that time (a retry after an answer that never came),
/// or else one free seat of the time marked busy under the request's key, with `If-Match` so
/// that a seat someone else took meanwhile is not taken twice. Seats in `except` (the ones a
/// moving appointment holds now) are never the answer.
async fn take_seat(fhir: &FhirClient, schedule_id: &str, start: Instant, key: &str, except: &[String]) -> Result<Versioned, BookError> {
    let held = fhir.search("Slot", &[("identifier", &format!("{REQUEST_KEY_SYSTEM}|{key}"))]).await?;
    let held = held
        .into_iter()
        .filter(|s| s["status"] == "busy" && instant(&s["start"]) == Some(start))
        .filter_map(Versioned::from_meta)
        .find(|s| !except.iter().any(|e| e == s.id()));
    if let Some(seat) = held {
        return Ok(seat);
    }
    for _ in 0..SEAT_ROUNDS {
        let until = Instant(start.0 + 1);
        let time = times(fhir, schedule_id, start, until).await?.into_iter().next().ok_or(BookError::NoSuchTime)?;
        let mut lost_a_race = false;
        for seat in time.free() {
            let mut busy = seat.resource.clone();
            busy["status"] = json!("busy");
            let mut identifiers = busy["identifier"].as_array().cloned().unwrap_or_default();
            identifiers.push(json!({"use": "secondary", "system": REQUEST_KEY_SYSTEM, "value": key}));
            busy["identifier"] = Value::Array(identifiers);
            match fhir.update(&busy, &seat.version).await {
                Ok(taken) => return Ok(taken),
                Err(FhirError::Changed) => lost_a_race = true,
                Err(e) => return Err(e.into()),
            }
        }
        if !lost_a_race {
            return Err(BookError::Full);
        }
    }
    Err(BookError::Full)
}

/// Frees a seat held under `key` (a cancellation, or a booking refused after its seat was
/// taken). A seat the facility blocked, or that another booking holds now, is left as it is.
async fn release_seat(fhir: &FhirClient, slot_id: &str, key: &str) -> Result<(), FhirError> {
    for _ in 0..SEAT_ROUNDS {
        let seat = fhir.read("Slot", slot_id).await?;
        if seat.resource["status"] != "busy" || identifier(&seat.resource, REQUEST_KEY_SYSTEM).as_deref() != Some(key) {
            return Ok(());
        }
        let mut free = seat.resource.clone();
        free["status"] = json!("free");
        let others: Vec<Value> =
            free["identifier"].as_array().into_iter().flatten().filter(|i| i["system"] != REQUEST_KEY_SYSTEM).cloned().collect();
        free["identifier"] = Value::Array(others);
        match fhir.update(&free, &seat.version).await {
            Ok(_) => return Ok(()),
            Err(FhirError::Changed) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(FhirError::Changed)
}

/// Frees the seat or, failing that, says so in the log: the booking's own answer stands.
async fn release_logged(fhir: &FhirClient, slot_id: &str, key: &str) {
    if let Err(e) = release_seat(fhir, slot_id, key).await {
        tracing::error!(seat = slot_id, %e, "a seat Loket took could not be freed");
    }
}

/// What stands for the citizen's idempotency key in FHIR: its SHA-256, in hex. A key may hold
/// characters (`+`, `&`, `,`, `|`) that change the meaning of the search `If-None-Exist` is.
pub fn key_id(key: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(key.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn identifier(resource: &Value, system: &str) -> Option<String> {
    let identifiers = resource["identifier"].as_array()?;
    identifiers.iter().find(|i| i["system"] == system).and_then(|i| i["value"].as_str()).map(str::to_owned)
}

fn appointment(new: &NewAppointment<'_>, key: &str, schedule: &Versioned, patient: &str, seat: &Versioned) -> Value {
    let mut participants = vec![json!({"actor": {"reference": patient}, "required": "required", "status": "accepted"})];
    // The schedule's actors (its Location, HealthcareService, practitioner) take part too.
    for actor in schedule.resource["actor"].as_array().into_iter().flatten() {
        participants.push(json!({"actor": actor, "required": "required", "status": "accepted"}));
    }
    json!({
        "resourceType": "Appointment",
        "status": "booked",
        "identifier": [
            {"use": "official", "system": BOOKING_CODE_SYSTEM, "value": new.code},
            {"use": "secondary", "system": REQUEST_KEY_SYSTEM, "value": key},
        ],
        "serviceType": seat.resource["serviceType"].clone(),
        "start": seat.resource["start"].clone(),
        "end": seat.resource["end"].clone(),
        "created": new.now.to_string(),
        "slot": [{"reference": format!("Slot/{}", seat.id())}],
        "description": format!("Pesanan Loket {}", new.code),
        "participant": participants,
    })
}

fn slot_ids(appointment: &Value) -> Vec<String> {
    let slots = appointment["slot"].as_array().map(Vec::as_slice).unwrap_or_default();
    slots.iter().filter_map(|s| s["reference"].as_str()?.strip_prefix("Slot/").map(str::to_owned)).collect()
}

fn instant(value: &Value) -> Option<Instant> {
    Instant::parse(value.as_str()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_appointment_names_its_code_key_seat_patient_and_the_schedules_actors() {
        let schedule = Versioned {
            resource: json!({"resourceType": "Schedule", "id": "s", "actor": [{"reference": "Location/l"}, {"reference": "HealthcareService/h"}]}),
            version: "1".into(),
        };
        let seat = Versioned {
            resource: json!({"resourceType": "Slot", "id": "seat-1", "start": "2026-12-07T08:00:00+08:00", "end": "2026-12-07T08:30:00+08:00"}),
            version: "1".into(),
        };
        let new = NewAppointment {
            key: "k-1",
            code: "ABCDE-FGHJK",
            schedule_id: "s",
            start: Instant::parse("2026-12-07T00:00:00Z").unwrap(),
            patient: Patient { nik: "7471011208900001", name: "Wa Ode Sitti", phone: "0812-3456-7890" },
            now: Instant::parse("2026-12-06T01:00:00Z").unwrap(),
        };
        let a = appointment(&new, &key_id("k-1"), &schedule, "Patient/p", &seat);
        assert_eq!(a["identifier"][0]["value"], "ABCDE-FGHJK");
        assert_eq!(a["identifier"][1]["value"], key_id("k-1"), "the key's hash, safe in a search");
        assert_eq!(a["start"], "2026-12-07T08:00:00+08:00", "the facility's own local time, as its seat has it");
        assert_eq!(slot_ids(&a), ["seat-1"]);
        let actors: Vec<&str> = a["participant"].as_array().unwrap().iter().map(|p| p["actor"]["reference"].as_str().unwrap()).collect();
        assert_eq!(actors, ["Patient/p", "Location/l", "HealthcareService/h"]);
    }
}
