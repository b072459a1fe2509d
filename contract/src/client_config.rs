use serde::{Deserialize, Serialize};

/// The runtime file `config.json` served beside the app: a deployment points the app at its
/// own backend by editing this file, without rebuilding.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientConfig {
    /// Base URL of the API, absolute (`https://mpp.example.go.id/api/v1`) or relative to the
    /// app's origin (`/api/v1`). No trailing slash.
    pub api_base_url: String,
}

impl ClientConfig {
    /// Joins the base URL and an endpoint path (`/health`) without doubling the slash.
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}/{}", self.api_base_url.trim_end_matches('/'), path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_file_shape() {
        let cfg: ClientConfig = serde_json::from_str(r#"{"apiBaseUrl":"/api/v1"}"#).unwrap();
        assert_eq!(cfg.endpoint("/health"), "/api/v1/health");
    }

    #[test]
    fn joins_without_double_slash() {
        let cfg = ClientConfig { api_base_url: "https://mpp.example.go.id/api/v1/".into() };
        assert_eq!(cfg.endpoint("health"), "https://mpp.example.go.id/api/v1/health");
    }

    #[test]
    fn rejects_a_misspelt_key_instead_of_silently_using_a_default() {
        assert!(serde_json::from_str::<ClientConfig>(r#"{"apiBaseURL":"/x"}"#).is_err());
    }
}
