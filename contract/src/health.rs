use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`: the server is up and its database answers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// Always `"ok"` in a 200 answer; a failing database gives a 503 problem instead.
    pub status: String,
    /// The server's version (crate version of the reference server).
    pub version: String,
    /// The database schema version: the number of migrations applied.
    pub schema_version: u32,
}
