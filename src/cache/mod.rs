//! The offline copy in IndexedDB: one database, one versioned schema.
//!
//! Values are stored as JSON so that what the cache holds is exactly what the wire carried: as
//! text, or for the large catalogue as UTF-8 bytes, which reach the wasm with one copy instead
//! of a string conversion.

mod bookings;
mod catalogue;
pub mod policy;
mod schema;
mod shared;

use std::future::IntoFuture;

use futures::future::Either;
use idb::{Database, Factory, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

pub use bookings::{Record, StoredApplication, StoredBooking, SurveyState};
pub use catalogue::{Part, StoredCatalogue, StoredDetails};
pub use schema::{DB_NAME, SCHEMA_VERSION};

#[derive(Debug, Clone, PartialEq)]
pub enum CacheError {
    /// No IndexedDB (old browser, some private modes): the app runs online-only.
    Unavailable(String),
    /// The upgrade to this schema was blocked by another tab or failed.
    Upgrade(String),
    /// A read or write failed (quota full, transaction aborted).
    Operation(String),
}

impl std::fmt::Display for CacheError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheError::Unavailable(e) => write!(f, "offline storage unavailable: {e}"),
            CacheError::Upgrade(e) => write!(f, "offline storage upgrade failed: {e}"),
            CacheError::Operation(e) => write!(f, "offline storage error: {e}"),
        }
    }
}

impl std::error::Error for CacheError {}

fn op_err(e: idb::Error) -> CacheError {
    CacheError::Operation(e.to_string())
}

/// An open cache database. Dropping it does not close it; call [`Cache::close`] (after which
/// every operation fails cleanly).
pub struct Cache {
    db: Database,
}

impl Cache {
    /// Opens (creating or upgrading) the database `name`; the app uses [`DB_NAME`], tests their own.
    pub async fn open(name: &str) -> Result<Cache, CacheError> {
        let factory = Factory::new().map_err(|e| CacheError::Unavailable(e.to_string()))?;
        let mut request = factory.open(name, Some(SCHEMA_VERSION)).map_err(|e| CacheError::Unavailable(e.to_string()))?;
        request.on_upgrade_needed(schema::upgrade);
        // Another tab holding the old version blocks an upgrade until it closes: rather than
        // wait with a blank directory, this visit runs online-only.
        let (blocked_tx, blocked_rx) = futures::channel::oneshot::channel::<()>();
        request.on_blocked(move |_| {
            let _ = blocked_tx.send(());
        });
        let opened = std::pin::pin!(request.into_future());
        match futures::future::select(opened, blocked_rx).await {
            Either::Left((result, _)) => {
                let db = result.map_err(|e| CacheError::Upgrade(e.to_string()))?;
                Ok(Cache { db })
            }
            Either::Right(_) => Err(CacheError::Upgrade("blocked by another open tab of an older version".into())),
        }
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// Stores `json` under `key` in the `meta` store, replacing what was there.
    pub async fn put_meta(&self, key: &str, json: &str) -> Result<(), CacheError> {
        self.put_text(schema::META, key, json).await
    }

    pub async fn get_meta(&self, key: &str) -> Result<Option<String>, CacheError> {
        self.get_text(schema::META, key).await
    }

    /// One record written in one transaction: it is either all written or not at all, and a
    /// failed write leaves the previous record as it was.
    async fn put_text(&self, store_name: &str, key: &str, json: &str) -> Result<(), CacheError> {
        self.put_value(store_name, key, &JsValue::from_str(json)).await
    }

    async fn put_value(&self, store_name: &str, key: &str, value: &JsValue) -> Result<(), CacheError> {
        let tx = self.db.transaction(&[store_name], TransactionMode::ReadWrite).map_err(op_err)?;
        let store = tx.object_store(store_name).map_err(op_err)?;
        store.put(value, Some(&JsValue::from_str(key))).map_err(op_err)?.await.map_err(op_err)?;
        tx.commit().map_err(op_err)?.await.map_err(op_err)?;
        Ok(())
    }

    /// Several records of one store written, and others deleted, in one transaction: a reader
    /// never finds some of them new and others old.
    async fn replace_values(&self, store_name: &str, put: &[(&str, JsValue)], delete: &[&str]) -> Result<(), CacheError> {
        let tx = self.db.transaction(&[store_name], TransactionMode::ReadWrite).map_err(op_err)?;
        let store = tx.object_store(store_name).map_err(op_err)?;
        for (key, value) in put {
            store.put(value, Some(&JsValue::from_str(key))).map_err(op_err)?.await.map_err(op_err)?;
        }
        for key in delete {
            store.delete(JsValue::from_str(key)).map_err(op_err)?.await.map_err(op_err)?;
        }
        tx.commit().map_err(op_err)?.await.map_err(op_err)?;
        Ok(())
    }

    async fn get_text(&self, store_name: &str, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self.get_value(store_name, key).await?.and_then(|v| v.as_string()))
    }

    /// The JSON stored under `key`, whether it was kept as UTF-8 bytes or (by an older version of
    /// the app) as text; `None` also for bytes that are not UTF-8.
    async fn get_json(&self, store_name: &str, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self.get_value(store_name, key).await?.and_then(|v| match v.dyn_into::<js_sys::Uint8Array>() {
            Ok(bytes) => String::from_utf8(bytes.to_vec()).ok(),
            Err(v) => v.as_string(),
        }))
    }

    async fn get_value(&self, store_name: &str, key: &str) -> Result<Option<JsValue>, CacheError> {
        let tx = self.db.transaction(&[store_name], TransactionMode::ReadOnly).map_err(op_err)?;
        let store = tx.object_store(store_name).map_err(op_err)?;
        store.get(JsValue::from_str(key)).map_err(op_err)?.await.map_err(op_err)
    }
}

/// Deletes a whole cache database ("forget this device's data", tests).
pub async fn delete(name: &str) -> Result<(), CacheError> {
    let factory = Factory::new().map_err(|e| CacheError::Unavailable(e.to_string()))?;
    factory.delete(name).map_err(op_err)?.await.map_err(op_err)
}
