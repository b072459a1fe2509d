//! Applications: tracked by the citizen, moved on by the operator, seeded for the demo.

use loket_contract::booking::{Application, TimelineEntry};
use loket_contract::catalogue::{ApplicationStatus, ItemKind, Location, Service};
use loket_contract::{booking_code, Instant, Text};
use tokio_postgres::{Error, GenericClient};

use super::{catalogue, timeline};
use crate::rules::applications::{check_advance, steps, DemoRecord};
use crate::rules::bookings::factor_matches;
use crate::store::AdvanceError;

/// The application and its timeline, if `factor` proves the caller is its applicant.
pub async fn track(c: &impl GenericClient, code: &str, factor: &str) -> Result<Option<(Application, Vec<TimelineEntry>)>, Error> {
    let Some(code) = booking_code::normalise(code) else { return Ok(None) };
    let Some(row) = c
        .query_opt(
            "SELECT service_id, location_id, nik, phone, status, rejection_id, rejection_en FROM applications WHERE code = $1",
            &[&code],
        )
        .await?
    else {
        return Ok(None);
    };
    if !factor_matches(factor, row.get(2), row.get(3)) {
        return Ok(None);
    }
    let service: Option<Service> = catalogue::get(c, ItemKind::Service, row.get(0)).await?;
    let location: Option<Location> = catalogue::get(c, ItemKind::Location, row.get(1)).await?;
    let (Some(service), Some(location)) = (service, location) else { return Ok(None) };
    let status = ApplicationStatus::parse(row.get(4)).unwrap_or(ApplicationStatus::Submitted);
    let rejection = match (row.get::<_, Option<String>>(5), row.get::<_, Option<String>>(6)) {
        (Some(id), Some(en)) => Some(Text { id, en }),
        _ => None,
    };
    let application = Application {
        code: code.clone(),
        service_id: service.id.clone(),
        location_id: location.id.clone(),
        time_zone: location.time_zone,
        status,
        steps: steps(&service),
        rejection_reason: rejection,
        next_step_bring: if status == ApplicationStatus::ReadyForPickup { service.pickup_requirements.clone() } else { Vec::new() },
    };
    let timeline = timeline::read(c, timeline::Of::Application(&code)).await?;
    Ok(Some((application, timeline)))
}

/// The operator moves an application on (or rejects it, with a reason).
pub async fn advance(
    c: &impl GenericClient,
    code: &str,
    to: ApplicationStatus,
    note: Option<&Text>,
    now: Instant,
) -> Result<Result<(), AdvanceError>, Error> {
    let Some(code) = booking_code::normalise(code) else { return Ok(Err(AdvanceError::NotFound)) };
    let Some(row) = c.query_opt("SELECT service_id, status FROM applications WHERE code = $1 FOR UPDATE", &[&code]).await? else {
        return Ok(Err(AdvanceError::NotFound));
    };
    let Some(service) = catalogue::get::<Service>(c, ItemKind::Service, row.get(0)).await? else { return Ok(Err(AdvanceError::NotFound)) };
    let from = ApplicationStatus::parse(row.get(1)).unwrap_or(ApplicationStatus::Submitted);
    if let Err(e) = check_advance(&service, from, to, note) {
        return Ok(Err(e));
    }
    let rejection = note.filter(|_| to == ApplicationStatus::Rejected);
    c.execute(
        "UPDATE applications SET status = $2, rejection_id = COALESCE($3, rejection_id), rejection_en = COALESCE($4, rejection_en)
         WHERE code = $1",
        &[&code, &to.as_str(), &rejection.map(|t| &t.id), &rejection.map(|t| &t.en)],
    )
    .await?;
    timeline::add(c, timeline::Of::Application(&code), to.as_str(), now, note).await?;
    Ok(Ok(()))
}

/// Writes the demo applications into an empty table, in the caller's transaction.
pub async fn seed(c: &impl GenericClient, records: &[DemoRecord]) -> Result<bool, Error> {
    let existing: i64 = c.query_one("SELECT COUNT(*) FROM applications", &[]).await?.get(0);
    if existing > 0 {
        return Ok(false);
    }
    for r in records {
        c.execute(
            "INSERT INTO applications (code, service_id, location_id, nik, phone, status, rejection_id, rejection_en, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &r.code,
                &r.service_id,
                &r.location_id,
                &r.nik,
                &r.phone,
                &r.status.as_str(),
                &r.rejection.as_ref().map(|t| &t.id),
                &r.rejection.as_ref().map(|t| &t.en),
                &r.created_at.0,
            ],
        )
        .await?;
        for (status, at, note) in &r.events {
            timeline::add(c, timeline::Of::Application(&r.code), status.as_str(), *at, Some(note)).await?;
        }
    }
    Ok(true)
}
