//! The offline copy of the catalogue: what the server sent, its ETag, and when it was fetched.

use loket_contract::catalogue::Catalogue;
use serde::{Deserialize, Serialize};

use super::{schema, Cache, CacheError};

const KEY: &str = "current";
/// A later confirmation of the copy (a 304), kept apart so that confirming a catalogue of
/// thousands of services writes a number, not the whole copy again.
const CONFIRMED_KEY: &str = "catalogue_confirmed_at";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCatalogue {
    pub etag: Option<String>,
    /// When the server last confirmed this copy (a 200 or a 304), in ms since the epoch.
    pub checked_at_ms: f64,
    pub catalogue: Catalogue,
}

impl Cache {
    /// The stored copy; `None` when there is none or it cannot be read (it is then simply
    /// fetched again, never shown half-read).
    pub async fn load_catalogue(&self) -> Result<Option<StoredCatalogue>, CacheError> {
        let text = self.get_json(schema::CATALOGUE, KEY).await?;
        crate::perf::mark("loket:catalogue-read-parse");
        // Parsed as text, like the network's answer: a second (byte-slice) instantiation of the
        // whole catalogue's decoder would add tens of KB to the wasm every visit downloads.
        let Some(mut stored) = text.and_then(|t| serde_json::from_str::<StoredCatalogue>(&t).ok()) else {
            return Ok(None);
        };
        // Through serde_json, whose number parser the wasm has anyway (core's `f64::from_str`
        // brings 10 KB of tables).
        let confirmed = self.get_meta(CONFIRMED_KEY).await?.and_then(|t| serde_json::from_str::<f64>(&t).ok());
        stored.checked_at_ms = stored.checked_at_ms.max(confirmed.unwrap_or(0.0));
        Ok(Some(stored))
    }

    /// Replaces the stored copy in one transaction.
    pub async fn save_catalogue(&self, stored: &StoredCatalogue) -> Result<(), CacheError> {
        self.save_catalogue_of(stored.etag.as_deref(), stored.checked_at_ms, &stored.catalogue).await
    }

    /// Like [`Cache::save_catalogue`], from a catalogue the app holds elsewhere (no copy made).
    pub async fn save_catalogue_of(&self, etag: Option<&str>, checked_at_ms: f64, catalogue: &Catalogue) -> Result<(), CacheError> {
        #[derive(Serialize)]
        struct Stored<'a> {
            etag: Option<&'a str>,
            checked_at_ms: f64,
            catalogue: &'a Catalogue,
        }
        let json = serde_json::to_vec(&Stored { etag, checked_at_ms, catalogue }).map_err(|e| CacheError::Operation(e.to_string()))?;
        self.put_bytes(schema::CATALOGUE, KEY, &json).await
    }

    /// The server confirmed the stored copy (a 304) at `at_ms`.
    pub async fn confirm_catalogue(&self, at_ms: f64) -> Result<(), CacheError> {
        self.put_meta(CONFIRMED_KEY, &serde_json::to_string(&at_ms).unwrap_or_default()).await
    }
}
