//! Server configuration: defaults, then an optional TOML file, then `LOKET_*` environment
//! variables, each overriding the one before.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use loket_contract::catalogue::LocationKind;
use serde::Deserialize;

use crate::client_addr::TrustedProxies;
use crate::fhir::places::PlaceMapping;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Where the data lives: a SQLite file (the default), or a PostgreSQL server.
    pub database: Database,
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// Write the demo catalogue into an empty database (off for a region's real deployment).
    pub seed_demo: bool,
    /// A catalogue document to seed instead of the demo one (benchmarks: `gen-catalogue`).
    pub seed_catalogue: Option<PathBuf>,
    /// Bearer token of the counter staff; no token, no operator endpoints.
    pub operator_token: Option<String>,
    /// Origins (`https://app.example.go.id`) allowed to call the API from a browser, for an app
    /// served from another origin than the API. Empty: same origin only.
    pub cors_origins: Vec<String>,
    /// Load balancers and proxies (addresses or networks) whose `X-Forwarded-For` names the
    /// client for the rate limits. Empty: the connection's own address is the client.
    pub trusted_proxies: TrustedProxies,
    /// For demos and tests only: the server's clock starts at this instant and runs on from
    /// there, so "a booking today, in opening hours" can be shown at any real hour.
    pub clock_start: Option<loket_contract::Instant>,
    /// The places whose health bookings live in a facility's own FHIR R4 server (issue 15).
    pub fhir: Option<FhirSettings>,
}

/// How to reach a facility's FHIR server, and which of its places Loket serves from it.
#[derive(Clone, PartialEq)]
pub struct FhirSettings {
    /// The FHIR base URL (`https://…/fhir-r4/v1`).
    pub base_url: String,
    /// OAuth2 client credentials: the token endpoint, and who Loket is to it.
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// The FHIR Locations served, each with what only Loket knows about it.
    pub places: Vec<PlaceMapping>,
    /// How often the places are read again into the catalogue.
    pub sync_interval: Duration,
    /// The longest one FHIR request may take before the citizen gets a 503.
    pub timeout: Duration,
}

/// The secret is never printed.
impl std::fmt::Debug for FhirSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FhirSettings")
            .field("base_url", &self.base_url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("places", &self.places)
            .field("sync_interval", &self.sync_interval)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// `[fhir]` in the TOML file; the URLs, credentials and times can also come from `LOKET_FHIR_*`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFhir {
    base_url: Option<String>,
    token_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    sync_interval_seconds: Option<u64>,
    timeout_seconds: Option<u64>,
    #[serde(default)]
    places: Vec<FilePlace>,
}

/// `[[fhir.places]]`: one FHIR Location as a place of the catalogue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePlace {
    /// The place's id in Loket's catalogue.
    id: String,
    /// The FHIR Location's id.
    location: String,
    kind: LocationKind,
    #[serde(default)]
    agencies: Vec<String>,
    /// HealthcareService id = Loket service id.
    services: std::collections::BTreeMap<String, String>,
}

const DEFAULT_FHIR_SYNC: Duration = Duration::from_secs(300);
const DEFAULT_FHIR_TIMEOUT: Duration = Duration::from_secs(10);

/// The store behind the API, chosen by the `database` setting: a URL `postgres://…` (or
/// `postgresql://…`) picks PostgreSQL, anything else is a SQLite file path. A setting that looks
/// like a URL of another scheme is refused rather than taken for a file name.
#[derive(Clone, PartialEq)]
pub enum Database {
    /// A SQLite file; its directory is created on first start.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL, as libpq reads it (`?host=/run/postgresql` for a socket).
    Postgres(String),
}

impl Database {
    pub fn parse(value: &str, source: &str) -> Result<Database, ConfigError> {
        let scheme = value.split_once("://").map(|(s, _)| s).filter(|s| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        match scheme {
            None => Ok(Database::Sqlite(PathBuf::from(value))),
            Some(s) if s.eq_ignore_ascii_case("postgres") || s.eq_ignore_ascii_case("postgresql") => {
                Ok(Database::Postgres(value.to_owned()))
            }
            Some(s) => Err(ConfigError(format!(
                "{source}: the scheme {s:?} is not a database Loket can use; give postgres://… for PostgreSQL or a file path for SQLite"
            ))),
        }
    }
}

/// The password of a URL is never printed.
impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string())
    }
}

impl std::fmt::Display for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            Database::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                match rest.split_once('@') {
                    Some((user, host)) => write!(f, "{scheme}://{}@{host}", user.split(':').next().unwrap_or_default()),
                    None => write!(f, "{scheme}://{rest}"),
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: Database::Sqlite(PathBuf::from("data/loket.sqlite3")),
            dist: PathBuf::from("dist"),
            log_format: LogFormat::Text,
            seed_demo: true,
            seed_catalogue: None,
            operator_token: None,
            cors_origins: Vec::new(),
            trusted_proxies: TrustedProxies::default(),
            clock_start: None,
            fhir: None,
        }
    }
}

/// The shape of the TOML file: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    addr: Option<String>,
    database: Option<String>,
    dist: Option<PathBuf>,
    log_format: Option<LogFormat>,
    seed_demo: Option<bool>,
    seed_catalogue: Option<PathBuf>,
    operator_token: Option<String>,
    cors_origins: Option<Vec<String>>,
    trusted_proxies: Option<Vec<String>>,
    fhir: Option<FileFhir>,
}

#[derive(Debug, PartialEq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Builds the configuration from command-line arguments (`--config FILE`) and a lookup of
    /// environment variables; `env` is a parameter so tests need not touch the real environment.
    pub fn from_sources(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let mut fhir = FileFhir::default();
        let file = match args {
            [] => env("LOKET_CONFIG").map(PathBuf::from),
            [flag, path] if flag == "--config" => Some(PathBuf::from(path)),
            _ => return Err(ConfigError(format!("unexpected arguments {args:?}; usage: loket-server [--config FILE]"))),
        };
        if let Some(path) = file {
            fhir = config.apply_file(&path)?.unwrap_or_default();
        }
        if let Some(addr) = env("LOKET_ADDR") {
            config.addr = parse_addr(&addr, "LOKET_ADDR")?;
        }
        if let Some(db) = env("LOKET_DATABASE") {
            config.database = Database::parse(&db, "LOKET_DATABASE")?;
        }
        if let Some(dist) = env("LOKET_DIST") {
            config.dist = PathBuf::from(dist);
        }
        if let Some(format) = env("LOKET_LOG_FORMAT") {
            config.log_format = match format.as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                other => return Err(ConfigError(format!("LOKET_LOG_FORMAT must be \"text\" or \"json\", not {other:?}"))),
            };
        }
        if let Some(token) = env("LOKET_OPERATOR_TOKEN") {
            if token.len() < 16 {
                return Err(ConfigError("LOKET_OPERATOR_TOKEN must have at least 16 characters".into()));
            }
            config.operator_token = Some(token);
        }
        if let Some(origins) = env("LOKET_CORS_ORIGINS") {
            config.cors_origins = origins.split(',').map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect();
        }
        if let Some(proxies) = env("LOKET_TRUSTED_PROXIES") {
            let entries: Vec<&str> = proxies.split(',').filter(|p| !p.trim().is_empty()).collect();
            config.trusted_proxies = TrustedProxies::parse(&entries).map_err(|e| ConfigError(format!("LOKET_TRUSTED_PROXIES: {e}")))?;
        }
        for origin in &config.cors_origins {
            let valid = (origin.starts_with("https://") || origin.starts_with("http://"))
                && !origin.trim_end_matches('/').contains(['?', '#', ' '])
                && origin.matches('/').count() == 2;
            if !valid {
                return Err(ConfigError(format!(
                    "CORS origins must look like https://app.example.go.id (scheme and host, no path), not {origin:?}"
                )));
            }
        }
        if let Some(start) = env("LOKET_CLOCK_START") {
            let start = loket_contract::Instant::parse(&start)
                .map_err(|_| ConfigError(format!("LOKET_CLOCK_START must be a time like 2026-12-01T01:00:00Z, not {start:?}")))?;
            config.clock_start = Some(start);
        }
        if let Some(path) = env("LOKET_SEED_CATALOGUE") {
            config.seed_catalogue = Some(PathBuf::from(path));
        }
        if let Some(seed) = env("LOKET_SEED_DEMO") {
            config.seed_demo = match seed.as_str() {
                "true" | "1" => true,
                "false" | "0" => false,
                other => return Err(ConfigError(format!("LOKET_SEED_DEMO must be \"true\" or \"false\", not {other:?}"))),
            };
        }
        config.fhir = fhir_settings(fhir, &env)?;
        Ok(config)
    }

    /// Applies the file's settings; its `[fhir]` table is handed back, for the environment to
    /// complete before it is checked.
    fn apply_file(&mut self, path: &Path) -> Result<Option<FileFhir>, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError(format!("cannot read config file {}: {e}", path.display())))?;
        let file: FileConfig = toml::from_str(&text).map_err(|e| {
            let msg = e.message().to_owned();
            ConfigError(format!("config file {} is invalid: {msg}", path.display()))
        })?;
        if let Some(addr) = file.addr {
            self.addr = parse_addr(&addr, &format!("addr in {}", path.display()))?;
        }
        if let Some(db) = file.database {
            self.database = Database::parse(&db, &format!("database in {}", path.display()))?;
        }
        if let Some(dist) = file.dist {
            self.dist = dist;
        }
        if let Some(format) = file.log_format {
            self.log_format = format;
        }
        if let Some(seed) = file.seed_demo {
            self.seed_demo = seed;
        }
        if let Some(path) = file.seed_catalogue {
            self.seed_catalogue = Some(path);
        }
        if let Some(token) = file.operator_token {
            self.operator_token = Some(token);
        }
        if let Some(origins) = file.cors_origins {
            self.cors_origins = origins;
        }
        if let Some(proxies) = file.trusted_proxies {
            self.trusted_proxies =
                TrustedProxies::parse(&proxies).map_err(|e| ConfigError(format!("trusted_proxies in {}: {e}", path.display())))?;
        }
        Ok(file.fhir)
    }
}

/// The FHIR settings from the file's `[fhir]` and `LOKET_FHIR_*` (which win); `None` when
/// neither names a FHIR server. Everything needed must then be there: a half-configured
/// gateway would fail on a citizen's booking instead of at start.
fn fhir_settings(mut file: FileFhir, env: &impl Fn(&str) -> Option<String>) -> Result<Option<FhirSettings>, ConfigError> {
    let text = |name: &str, value: &mut Option<String>| {
        if let Some(v) = env(name) {
            *value = Some(v);
        }
    };
    text("LOKET_FHIR_BASE_URL", &mut file.base_url);
    text("LOKET_FHIR_TOKEN_URL", &mut file.token_url);
    text("LOKET_FHIR_CLIENT_ID", &mut file.client_id);
    text("LOKET_FHIR_CLIENT_SECRET", &mut file.client_secret);
    let seconds = |name: &str, value: &mut Option<u64>| -> Result<(), ConfigError> {
        if let Some(v) = env(name) {
            *value = Some(v.parse().map_err(|_| ConfigError(format!("{name} must be a whole number of seconds, not {v:?}")))?);
        }
        Ok(())
    };
    seconds("LOKET_FHIR_SYNC_SECONDS", &mut file.sync_interval_seconds)?;
    seconds("LOKET_FHIR_TIMEOUT_SECONDS", &mut file.timeout_seconds)?;
    let Some(base_url) = file.base_url else {
        return if file.places.is_empty() {
            Ok(None)
        } else {
            Err(ConfigError("fhir.places are set but no FHIR server: give fhir.base_url or LOKET_FHIR_BASE_URL".into()))
        };
    };
    let need = |value: Option<String>, key: &str, var: &str| {
        value.filter(|v| !v.trim().is_empty()).ok_or_else(|| ConfigError(format!("a FHIR server needs fhir.{key} or {var}")))
    };
    let token_url = need(file.token_url, "token_url", "LOKET_FHIR_TOKEN_URL")?;
    for (what, url) in [("base_url", &base_url), ("token_url", &token_url)] {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(ConfigError(format!("fhir.{what} must be an http(s) URL, not {url:?}")));
        }
    }
    if file.places.is_empty() {
        return Err(ConfigError("a FHIR server needs at least one [[fhir.places]] to serve".into()));
    }
    let mut ids = std::collections::HashSet::new();
    let places = file
        .places
        .into_iter()
        .map(|p| {
            if !ids.insert(p.id.clone()) {
                return Err(ConfigError(format!("fhir.places: the place id {:?} is given twice", p.id)));
            }
            if p.services.is_empty() {
                return Err(ConfigError(format!("fhir.places: {:?} maps no HealthcareService to a Loket service", p.id)));
            }
            Ok(PlaceMapping {
                id: p.id,
                fhir_location: p.location,
                kind: p.kind,
                agency_ids: p.agencies,
                services: p.services.into_iter().collect(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let positive = |value: Option<u64>, default: Duration, key: &str| match value {
        Some(0) => Err(ConfigError(format!("fhir.{key} must be at least 1"))),
        Some(s) => Ok(Duration::from_secs(s)),
        None => Ok(default),
    };
    Ok(Some(FhirSettings {
        base_url,
        token_url,
        client_id: need(file.client_id, "client_id", "LOKET_FHIR_CLIENT_ID")?,
        client_secret: need(file.client_secret, "client_secret", "LOKET_FHIR_CLIENT_SECRET")?,
        places,
        sync_interval: positive(file.sync_interval_seconds, DEFAULT_FHIR_SYNC, "sync_interval_seconds")?,
        timeout: positive(file.timeout_seconds, DEFAULT_FHIR_TIMEOUT, "timeout_seconds")?,
    }))
}

fn parse_addr(value: &str, source: &str) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| ConfigError(format!("{source} must be an address with a port such as 127.0.0.1:8080, not {value:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_listen_on_loopback_8080() {
        let c = Config::from_sources(&[], env(&[])).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("loket.toml");
        std::fs::write(&file, "addr = \"0.0.0.0:9000\"\ndatabase = \"/srv/a.db\"\n").unwrap();
        let args = vec!["--config".to_owned(), file.display().to_string()];
        let c = Config::from_sources(&args, env(&[("LOKET_DATABASE", "/srv/b.db")])).unwrap();
        assert_eq!(c.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(c.database, Database::Sqlite(PathBuf::from("/srv/b.db")));
    }

    #[test]
    fn a_postgres_url_picks_postgresql_and_another_scheme_is_refused() {
        let c = Config::from_sources(&[], env(&[("LOKET_DATABASE", "postgres://loket:rahasia@db.internal/loket")])).unwrap();
        assert_eq!(c.database, Database::Postgres("postgres://loket:rahasia@db.internal/loket".into()));
        assert!(!format!("{:?} {}", c.database, c.database).contains("rahasia"), "the password is never printed");
        let c = Config::from_sources(&[], env(&[("LOKET_DATABASE", "postgresql:///loket?host=/run/postgresql")])).unwrap();
        assert!(matches!(c.database, Database::Postgres(_)));
        let err = Config::from_sources(&[], env(&[("LOKET_DATABASE", "mysql://db/loket")])).unwrap_err();
        assert!(err.0.contains("LOKET_DATABASE") && err.0.contains("mysql") && !err.0.contains('\n'), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("loket.toml");
        std::fs::write(&file, "database = \"redis://cache\"\n").unwrap();
        let err = Config::from_sources(&["--config".into(), file.display().to_string()], env(&[])).unwrap_err();
        assert!(err.0.contains("database in") && err.0.contains("redis"), "{err}");
        let c = Config::from_sources(&[], env(&[("LOKET_DATABASE", "data/c:/x.db")])).unwrap();
        assert_eq!(c.database, Database::Sqlite(PathBuf::from("data/c:/x.db")), "a path with a colon is still a path");
    }

    #[test]
    fn a_bad_address_names_its_source_and_the_expected_form() {
        let err = Config::from_sources(&[], env(&[("LOKET_ADDR", "localhost")])).unwrap_err();
        assert!(err.0.contains("LOKET_ADDR"), "{err}");
        assert!(err.0.contains("127.0.0.1:8080"), "{err}");
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("loket.toml");
        std::fs::write(&file, "adress = \"0.0.0.0:9000\"\n").unwrap();
        let args = vec!["--config".to_owned(), file.display().to_string()];
        let err = Config::from_sources(&args, env(&[])).unwrap_err();
        assert!(err.0.contains("adress"), "{err}");
        assert!(!err.0.contains('\n'), "one line: {err}");
    }

    #[test]
    fn cors_origins_are_listed_and_checked() {
        let c = Config::from_sources(&[], env(&[("LOKET_CORS_ORIGINS", "https://a.go.id, http://localhost:5173")])).unwrap();
        assert_eq!(c.cors_origins, ["https://a.go.id", "http://localhost:5173"]);
        let err = Config::from_sources(&[], env(&[("LOKET_CORS_ORIGINS", "https://a.go.id/app")])).unwrap_err();
        assert!(err.0.contains("CORS"), "{err}");
    }

    #[test]
    fn trusted_proxies_come_from_the_file_or_the_environment_and_a_bad_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("loket.toml");
        std::fs::write(&file, "trusted_proxies = [\"10.0.0.0/8\", \"192.168.1.7\"]\n").unwrap();
        let args = vec!["--config".to_owned(), file.display().to_string()];
        let c = Config::from_sources(&args, env(&[])).unwrap();
        assert_eq!(c.trusted_proxies, TrustedProxies::parse(&["10.0.0.0/8", "192.168.1.7"]).unwrap());
        let c = Config::from_sources(&args, env(&[("LOKET_TRUSTED_PROXIES", "172.16.0.0/12, ")])).unwrap();
        assert_eq!(c.trusted_proxies, TrustedProxies::parse(&["172.16.0.0/12"]).unwrap(), "the environment wins");
        let err = Config::from_sources(&[], env(&[("LOKET_TRUSTED_PROXIES", "10.0.0.0/8,lb.internal")])).unwrap_err();
        assert!(err.0.contains("LOKET_TRUSTED_PROXIES") && err.0.contains("lb.internal"), "{err}");
        std::fs::write(&file, "trusted_proxies = [\"everyone\"]\n").unwrap();
        let err = Config::from_sources(&args, env(&[])).unwrap_err();
        assert!(err.0.contains("trusted_proxies in") && err.0.contains("everyone"), "{err}");
        assert!(Config::from_sources(&[], env(&[])).unwrap().trusted_proxies.is_empty());
    }

    #[test]
    fn the_demo_clock_is_an_rfc3339_instant() {
        let c = Config::from_sources(&[], env(&[("LOKET_CLOCK_START", "2026-12-01T08:15:00+08:00")])).unwrap();
        assert_eq!(c.clock_start, Some(loket_contract::Instant::parse("2026-12-01T00:15:00Z").unwrap()));
        let err = Config::from_sources(&[], env(&[("LOKET_CLOCK_START", "tomorrow")])).unwrap_err();
        assert!(err.0.contains("LOKET_CLOCK_START"), "{err}");
        assert_eq!(Config::from_sources(&[], env(&[])).unwrap().clock_start, None);
    }

    #[test]
    fn a_fhir_server_comes_from_the_file_with_its_secret_from_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("loket.toml");
        std::fs::write(
            &file,
            r#"
[fhir]
base_url = "https://fhir.example.go.id/r4"
token_url = "https://fhir.example.go.id/oauth2/token"
client_id = "loket"
sync_interval_seconds = 60

[[fhir.places]]
id = "puskesmas-poasia"
location = "pkm-poasia-gedung"
kind = "puskesmas"
agencies = ["puskesmas"]
services = { "pkm-poasia-poli-umum" = "pkm-poli-umum" }
"#,
        )
        .unwrap();
        let args = vec!["--config".to_owned(), file.display().to_string()];
        let err = Config::from_sources(&args, env(&[])).unwrap_err();
        assert!(err.0.contains("LOKET_FHIR_CLIENT_SECRET"), "a missing secret is named: {err}");
        let c = Config::from_sources(&args, env(&[("LOKET_FHIR_CLIENT_SECRET", "rahasia-sekali"), ("LOKET_FHIR_TIMEOUT_SECONDS", "4")]))
            .unwrap();
        let fhir = c.fhir.clone().unwrap();
        assert_eq!(fhir.base_url, "https://fhir.example.go.id/r4");
        assert_eq!((fhir.sync_interval, fhir.timeout), (Duration::from_secs(60), Duration::from_secs(4)));
        assert_eq!(fhir.places[0].services, [("pkm-poasia-poli-umum".to_owned(), "pkm-poli-umum".to_owned())]);
        assert_eq!(fhir.places[0].kind, LocationKind::Puskesmas);
        assert!(!format!("{c:?}").contains("rahasia"), "the secret is never printed");
        assert_eq!(Config::from_sources(&[], env(&[])).unwrap().fhir, None, "no FHIR server unless one is named");
        let err = Config::from_sources(&[], env(&[("LOKET_FHIR_BASE_URL", "https://f/r4")])).unwrap_err();
        assert!(err.0.contains("LOKET_FHIR_TOKEN_URL"), "{err}");
        let err = Config::from_sources(&args, env(&[("LOKET_FHIR_CLIENT_SECRET", "x"), ("LOKET_FHIR_SYNC_SECONDS", "soon")])).unwrap_err();
        assert!(err.0.contains("LOKET_FHIR_SYNC_SECONDS"), "{err}");
    }

    #[test]
    fn stray_arguments_are_refused_with_usage() {
        let err = Config::from_sources(&["--port".into()], env(&[])).unwrap_err();
        assert!(err.0.contains("usage"), "{err}");
    }
}
