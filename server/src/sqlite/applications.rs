//! Applications: services with a result to collect, moving through their service's steps as
//! the agency works on them. The demo seeds a few in different states for tracking.

use loket_contract::booking::{Application, TimelineEntry};
use loket_contract::catalogue::{ApplicationStatus, ItemKind, Location, Service};
use loket_contract::{booking_code, Instant, Text};
use rusqlite::{params, Connection, OptionalExtension};

use super::catalogue as store;
use crate::rules::applications::{check_advance, demo_records, steps};
use crate::rules::bookings::factor_matches;
use crate::store::AdvanceError;

type Row = (String, String, String, String, String, Option<String>, Option<String>);

fn row(conn: &Connection, code: &str) -> rusqlite::Result<Option<Row>> {
    conn.query_row(
        "SELECT service_id, location_id, nik, phone, status, rejection_id, rejection_en FROM applications WHERE code = ?1",
        params![code],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )
    .optional()
}

/// The application and its timeline, if `factor` proves the caller is its applicant.
pub fn track(conn: &Connection, code: &str, factor: &str) -> rusqlite::Result<Option<(Application, Vec<TimelineEntry>)>> {
    let Some(code) = booking_code::normalise(code) else { return Ok(None) };
    let Some((service_id, location_id, nik, phone, status, rej_id, rej_en)) = row(conn, &code)? else { return Ok(None) };
    if !factor_matches(factor, &nik, &phone) {
        return Ok(None);
    }
    let service: Option<Service> = store::get(conn, ItemKind::Service, &service_id)?;
    let location: Option<Location> = store::get(conn, ItemKind::Location, &location_id)?;
    let (Some(service), Some(location)) = (service, location) else { return Ok(None) };
    let status = ApplicationStatus::parse(&status).unwrap_or(ApplicationStatus::Submitted);
    let application = Application {
        code: code.clone(),
        service_id,
        location_id,
        time_zone: location.time_zone,
        status,
        steps: steps(&service),
        rejection_reason: rej_id.zip(rej_en).map(|(id, en)| Text { id, en }),
        next_step_bring: if status == ApplicationStatus::ReadyForPickup { service.pickup_requirements.clone() } else { Vec::new() },
    };
    Ok(Some((application, timeline(conn, &code)?)))
}

fn timeline(conn: &Connection, code: &str) -> rusqlite::Result<Vec<TimelineEntry>> {
    super::timeline::read(conn, super::timeline::Of::Application(code))
}

/// The operator moves an application on (or rejects it, with a reason).
pub fn advance(conn: &Connection, code: &str, to: ApplicationStatus, note: Option<&Text>, now: Instant) -> Result<(), AdvanceError> {
    let code = booking_code::normalise(code).ok_or(AdvanceError::NotFound)?;
    let (service_id, _, _, _, status, _, _) = row(conn, &code)?.ok_or(AdvanceError::NotFound)?;
    let service: Service = store::get(conn, ItemKind::Service, &service_id)?.ok_or(AdvanceError::NotFound)?;
    let from = ApplicationStatus::parse(&status).unwrap_or(ApplicationStatus::Submitted);
    check_advance(&service, from, to, note)?;
    if let (ApplicationStatus::Rejected, Some(reason)) = (to, note) {
        conn.execute(
            "UPDATE applications SET status = 'rejected', rejection_id = ?2, rejection_en = ?3 WHERE code = ?1",
            params![code, reason.id, reason.en],
        )?;
    } else {
        conn.execute("UPDATE applications SET status = ?2 WHERE code = ?1", params![code, to.as_str()])?;
    }
    add_event(conn, &code, to, now, note)?;
    Ok(())
}

fn add_event(conn: &Connection, code: &str, status: ApplicationStatus, at: Instant, note: Option<&Text>) -> rusqlite::Result<()> {
    super::timeline::add(conn, super::timeline::Of::Application(code), status.as_str(), at, note)
}

/// Writes the demo applications into an empty table. Returns the codes written.
pub fn ensure_demo(conn: &mut Connection, now: Instant) -> Result<Vec<String>, String> {
    let db = |e: rusqlite::Error| format!("writing the demo applications: {e}");
    let tx = conn.transaction().map_err(db)?;
    let existing: i64 = tx.query_row("SELECT COUNT(*) FROM applications", [], |r| r.get(0)).map_err(db)?;
    if existing > 0 {
        return Ok(Vec::new());
    }
    let records = demo_records(|id| store::get(&tx, ItemKind::Service, id).ok().flatten(), now)?;
    for r in &records {
        tx.execute(
            "INSERT INTO applications (code, service_id, location_id, nik, phone, status, rejection_id, rejection_en, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.code,
                r.service_id,
                r.location_id,
                r.nik,
                r.phone,
                r.status.as_str(),
                r.rejection.as_ref().map(|t| &t.id),
                r.rejection.as_ref().map(|t| &t.en),
                r.created_at.0
            ],
        )
        .map_err(db)?;
        for (status, at, note) in &r.events {
            add_event(&tx, &r.code, *status, *at, Some(note)).map_err(db)?;
        }
    }
    tx.commit().map_err(db)?;
    Ok(records.into_iter().map(|r| r.code).collect())
}
