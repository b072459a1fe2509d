//! Booking drafts (with the outbox), and the bookings and applications this device holds.
//!
//! The full NIK lives only in a draft. Confirming a booking stores the server's answer, which
//! carries the NIK masked, and deletes the draft in the same transaction: there is never a
//! moment with both, or with neither.

use idb::TransactionMode;
use loket_contract::booking::{Application, Booking, QueuePosition, TimelineEntry};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::{op_err, schema, Cache, CacheError};
use crate::domain::booking_draft::Draft;

/// A booking as kept on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredBooking {
    pub booking: Booking,
    /// The draft's idempotency key, so the page that sent it can find the result.
    #[serde(default)]
    pub draft_key: Option<String>,
    /// When the server last confirmed this copy, in ms since the epoch.
    pub as_of_ms: f64,
    /// The statuses so far, from the last look-up.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Today's queue position, from the last look-up on the day.
    #[serde(default)]
    pub queue: Option<QueuePosition>,
    #[serde(default)]
    pub survey: SurveyState,
}

impl StoredBooking {
    pub fn new(booking: Booking, draft_key: Option<String>, as_of_ms: f64) -> StoredBooking {
        StoredBooking { booking, draft_key, as_of_ms, timeline: Vec::new(), queue: None, survey: SurveyState::NotSent }
    }
}

/// The satisfaction survey of one visit: sent once, through the outbox when offline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyState {
    #[default]
    NotSent,
    Waiting {
        answers: Vec<u8>,
    },
    Sent,
}

/// An application (a passport, a certificate) looked up on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredApplication {
    pub application: Application,
    pub timeline: Vec<TimelineEntry>,
    /// What the citizen proved it with (last four NIK digits or the phone), to refresh it.
    pub factor: String,
    pub as_of_ms: f64,
}

/// A draft, a booking or an application ready to be kept: its store, its key and its JSON. It is
/// made where the value is (the split modules), so the writer that keeps it in order
/// (`state/device_writer.rs`, in the main module) carries no encoder of the booking types.
pub struct Record {
    store: &'static str,
    key: String,
    json: String,
}

impl Record {
    pub fn draft(draft: &Draft) -> Result<Record, CacheError> {
        Record::new(schema::DRAFTS, &draft.key, draft)
    }

    pub fn booking(stored: &StoredBooking) -> Result<Record, CacheError> {
        Record::new(schema::BOOKINGS, &stored.booking.code, stored)
    }

    pub fn application(stored: &StoredApplication) -> Result<Record, CacheError> {
        Record::new(schema::APPLICATIONS, &stored.application.code, stored)
    }

    fn new(store: &'static str, key: &str, value: &impl Serialize) -> Result<Record, CacheError> {
        let json = serde_json::to_string(value).map_err(|e| CacheError::Operation(e.to_string()))?;
        Ok(Record { store, key: key.to_owned(), json })
    }
}

impl Cache {
    pub async fn put_record(&self, record: &Record) -> Result<(), CacheError> {
        self.put_text(record.store, &record.key, &record.json).await
    }

    pub async fn save_draft(&self, draft: &Draft) -> Result<(), CacheError> {
        self.put_record(&Record::draft(draft)?).await
    }

    /// Every draft on the device; a record that cannot be read is skipped, never fatal.
    pub async fn drafts(&self) -> Result<Vec<Draft>, CacheError> {
        self.all(schema::DRAFTS).await
    }

    pub async fn delete_draft(&self, key: &str) -> Result<(), CacheError> {
        let tx = self.db.transaction(&[schema::DRAFTS], TransactionMode::ReadWrite).map_err(op_err)?;
        tx.object_store(schema::DRAFTS).map_err(op_err)?.delete(JsValue::from_str(key)).map_err(op_err)?.await.map_err(op_err)?;
        tx.commit().map_err(op_err)?.await.map_err(op_err)?;
        Ok(())
    }

    pub async fn save_booking(&self, stored: &StoredBooking) -> Result<(), CacheError> {
        self.put_record(&Record::booking(stored)?).await
    }

    /// Stores the booking a draft made and deletes the draft, in one transaction.
    pub async fn confirm_draft(&self, stored: &StoredBooking) -> Result<(), CacheError> {
        self.confirm(&Record::booking(stored)?, stored.draft_key.as_deref()).await
    }

    /// [`Cache::confirm_draft`] with the booking's record already made.
    pub async fn confirm(&self, booking: &Record, draft_key: Option<&str>) -> Result<(), CacheError> {
        let tx = self.db.transaction(&[schema::DRAFTS, schema::BOOKINGS], TransactionMode::ReadWrite).map_err(op_err)?;
        let bookings = tx.object_store(schema::BOOKINGS).map_err(op_err)?;
        bookings.put(&JsValue::from_str(&booking.json), Some(&JsValue::from_str(&booking.key))).map_err(op_err)?.await.map_err(op_err)?;
        if let Some(key) = draft_key {
            tx.object_store(schema::DRAFTS).map_err(op_err)?.delete(JsValue::from_str(key)).map_err(op_err)?.await.map_err(op_err)?;
        }
        tx.commit().map_err(op_err)?.await.map_err(op_err)?;
        Ok(())
    }

    pub async fn bookings(&self) -> Result<Vec<StoredBooking>, CacheError> {
        self.all(schema::BOOKINGS).await
    }

    pub async fn save_application(&self, stored: &StoredApplication) -> Result<(), CacheError> {
        self.put_record(&Record::application(stored)?).await
    }

    pub async fn applications(&self) -> Result<Vec<StoredApplication>, CacheError> {
        self.all(schema::APPLICATIONS).await
    }

    /// Whether the device holds any draft, booking or application: a count, so the app can tell
    /// without the code that reads them (a first visit holds none).
    pub async fn holds_bookings(&self) -> Result<bool, CacheError> {
        let stores = [schema::DRAFTS, schema::BOOKINGS, schema::APPLICATIONS];
        let tx = self.db.transaction(&stores, TransactionMode::ReadOnly).map_err(op_err)?;
        for name in stores {
            if tx.object_store(name).map_err(op_err)?.count(None).map_err(op_err)?.await.map_err(op_err)? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// "Forget this device's data": every store emptied in one transaction.
    pub async fn clear_all(&self) -> Result<(), CacheError> {
        let tx = self.db.transaction(&schema::ALL, TransactionMode::ReadWrite).map_err(op_err)?;
        for name in schema::ALL {
            tx.object_store(name).map_err(op_err)?.clear().map_err(op_err)?.await.map_err(op_err)?;
        }
        tx.commit().map_err(op_err)?.await.map_err(op_err)?;
        Ok(())
    }

    async fn all<T: for<'de> Deserialize<'de>>(&self, store_name: &str) -> Result<Vec<T>, CacheError> {
        let tx = self.db.transaction(&[store_name], TransactionMode::ReadOnly).map_err(op_err)?;
        let store = tx.object_store(store_name).map_err(op_err)?;
        let values = store.get_all(None, None).map_err(op_err)?.await.map_err(op_err)?;
        Ok(values.into_iter().filter_map(|v| v.as_string()).filter_map(|t| serde_json::from_str(&t).ok()).collect())
    }
}
