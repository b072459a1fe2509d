//! The offline copy of the catalogue: what the server sent, its ETag, and when it was fetched.

use loket_contract::catalogue::Catalogue;
use serde::{Deserialize, Serialize};

use super::{schema, Cache, CacheError};

const KEY: &str = "current";

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
        let text = self.get_text(schema::CATALOGUE, KEY).await?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Replaces the stored copy in one transaction.
    pub async fn save_catalogue(&self, stored: &StoredCatalogue) -> Result<(), CacheError> {
        let text = serde_json::to_string(stored).map_err(|e| CacheError::Operation(e.to_string()))?;
        self.put_text(schema::CATALOGUE, KEY, &text).await
    }
}
