//! The community satisfaction survey (SKM): once per booking, after it is fulfilled.

use loket_contract::booking::{SurveyRequest, SKM_ELEMENTS};
use loket_contract::{FieldError, Instant};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::bookings;
use crate::store::SurveyError;

pub fn submit(conn: &mut Connection, code: &str, request: &SurveyRequest, now: Instant) -> Result<(), SurveyError> {
    if request.answers.len() != SKM_ELEMENTS.len() || request.answers.iter().any(|a| !(1..=4).contains(a)) {
        return Err(SurveyError::Invalid(vec![FieldError {
            field: "answers".into(),
            code: "survey.answers".into(),
            message: format!("give {} answers, each from 1 to 4", SKM_ELEMENTS.len()),
        }]));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let code = bookings::verify(&tx, code, &request.factor)?.ok_or(SurveyError::NotFound)?;
    let status: String = tx.query_row("SELECT status FROM bookings WHERE code = ?1", params![code], |r| r.get(0))?;
    if status != "fulfilled" {
        return Err(SurveyError::NotFulfilled);
    }
    let sent: Option<i64> = tx.query_row("SELECT 1 FROM surveys WHERE booking_code = ?1", params![code], |r| r.get(0)).optional()?;
    if sent.is_some() {
        return Err(SurveyError::AlreadySent);
    }
    let answers = serde_json::to_string(&request.answers).expect("serialisable");
    tx.execute("INSERT INTO surveys (booking_code, answers, at) VALUES (?1, ?2, ?3)", params![code, answers, now.0])?;
    tx.commit()?;
    Ok(())
}
