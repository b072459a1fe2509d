//! The reference backend of the Loket API, and the static server of the built app.
//!
//! `main.rs` only turns the process environment into a [`Config`] and calls [`serve`]; tests
//! call [`serve`] directly on an ephemeral port and talk real HTTP to it.

pub mod api;
pub mod assets;
pub mod client_addr;
pub mod config;
pub mod demo;
pub mod encoded;
pub mod fhir;
pub mod postgres;
pub mod problem;
pub mod rate_limit;
pub mod rules;
pub mod security;
pub mod sqlite;
mod static_files;
pub mod store;
pub mod validate;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use config::Config;

/// Everything a request handler may need, cloned cheaply into each one.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn store::Store>,
    pub assets: Arc<assets::Assets>,
    pub catalogue: Arc<api::catalogue::CatalogueCache>,
    /// `None` disables the operator endpoints.
    pub operator_token: Option<Arc<str>>,
    pub limits: Arc<Limits>,
    pub cors_origins: Arc<[String]>,
    pub trusted_proxies: Arc<client_addr::TrustedProxies>,
    pub security: security::SecurityHeaders,
}

/// Limits on tracking look-ups against enumeration.
pub struct Limits {
    pub per_client: rate_limit::RateLimiter,
    pub per_code: rate_limit::RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_client: rate_limit::RateLimiter::new(30, Duration::from_secs(60)),
            per_code: rate_limit::RateLimiter::new(10, Duration::from_secs(600)),
        }
    }
}

/// The current instant, in whole seconds.
pub fn now() -> loket_contract::Instant {
    loket_contract::Instant(system_seconds() + CLOCK_OFFSET.load(std::sync::atomic::Ordering::Relaxed))
}

/// Seconds added to the system clock (`LOKET_CLOCK_START`); zero in every real deployment.
static CLOCK_OFFSET: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn system_seconds() -> i64 {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    since_epoch.as_secs() as i64
}

/// A fatal start-up problem, worded for the person who started the server.
#[derive(Debug)]
pub enum StartError {
    Database(String),
    Assets(assets::AssetsError),
    Seed(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Database(e) => write!(f, "{e}"),
            StartError::Assets(e) => write!(f, "{e}"),
            StartError::Seed(e) => write!(f, "demo data: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Opens the store the configuration names (creating and migrating it).
pub async fn open_store(database: &config::Database) -> Result<Arc<dyn store::Store>, StartError> {
    Ok(match database {
        config::Database::Sqlite(path) => {
            let db = sqlite::db::Db::open(path).map_err(|e| StartError::Database(e.to_string()))?;
            Arc::new(sqlite::SqliteStore::new(db))
        }
        config::Database::Postgres(url) => {
            Arc::new(postgres::PgStore::connect(url).await.map_err(|e| StartError::Database(e.to_string()))?)
        }
    })
}

/// Opens the database (creating and migrating it), loads the built app, and returns the state.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    if let Some(start) = config.clock_start {
        CLOCK_OFFSET.store(start.0 - system_seconds(), std::sync::atomic::Ordering::Relaxed);
        tracing::warn!(start = %start, "the server clock is set by LOKET_CLOCK_START: for demos and tests only");
    }
    let store = open_store(&config.database).await?;
    if config.seed_demo {
        let seed = match &config.seed_catalogue {
            Some(path) => demo::from_file(path),
            None => demo::catalogue(),
        }
        .map_err(StartError::Seed)?;
        if store.seed_catalogue(&seed).await.map_err(StartError::Seed)? {
            tracing::info!(services = seed.services.len(), locations = seed.locations.len(), "catalogue written");
        }
        // The sample applications name demo services; a generated catalogue has none of them.
        if config.seed_catalogue.is_none() {
            let codes = store.seed_demo_applications(now()).await.map_err(StartError::Seed)?;
            if !codes.is_empty() {
                tracing::info!(codes = ?codes, "demo applications written");
            }
        }
    }
    let store = match &config.fhir {
        None => store,
        Some(settings) => {
            let gateway = fhir::gateway::Gateway::new(store, settings).map_err(|e| StartError::Database(e.to_string()))?;
            let gateway = Arc::new(gateway);
            // The first sync before the first citizen: a FHIR server down now is logged, and the
            // interval tries again.
            match gateway.sync().await {
                Ok(_) => tracing::info!(places = settings.places.len(), fhir = settings.base_url, "FHIR-backed places served"),
                Err(e) => tracing::warn!(%e, "FHIR places not synced at start"),
            }
            gateway.clone().keep_in_sync(settings.sync_interval);
            gateway as Arc<dyn store::Store>
        }
    };
    let assets = assets::Assets::load(&config.dist).map_err(StartError::Assets)?;
    let security = {
        let index = String::from_utf8_lossy(&assets.index().body.identity).into_owned();
        let api_base = assets
            .get("/config.json")
            .and_then(|c| serde_json::from_slice::<loket_contract::ClientConfig>(&c.body.identity).ok())
            .and_then(|c| security::origin_of(&c.api_base_url));
        security::SecurityHeaders::new(&index, api_base.as_deref())
    };
    tracing::info!(
        database = %config.database,
        schema_version = store.schema_version().await.map_err(|e| StartError::Database(e.to_string()))?,
        dist = %config.dist.display(),
        files = assets.len(),
        "ready"
    );
    Ok(AppState {
        store,
        assets: Arc::new(assets),
        catalogue: Arc::default(),
        operator_token: config.operator_token.as_deref().map(Arc::from),
        limits: Arc::default(),
        cors_origins: config.cors_origins.clone().into(),
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        security,
    })
}

pub fn router(state: AppState) -> Router {
    let security = state.security.clone();
    Router::new()
        .nest(loket_contract::API_PREFIX, api::router().layer(api::cors(&state.cors_origins)))
        .fallback(static_files::serve)
        .layer(axum::middleware::map_response(move |response: axum::response::Response| {
            let security = security.clone();
            async move { security.apply(response) }
        }))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(state: AppState, listener: TcpListener, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    tokio::spawn(api::catalogue::warm(state.clone()));
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown).await
}
