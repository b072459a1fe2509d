//! The reference backend of the Loket API, and the static server of the built app.
//!
//! `main.rs` only turns the process environment into a [`Config`] and calls [`serve`]; tests
//! call [`serve`] directly on an ephemeral port and talk real HTTP to it.

pub mod api;
pub mod assets;
pub mod config;
pub mod db;
pub mod encoded;
pub mod problem;
mod static_files;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use config::Config;

/// Everything a request handler may need, cloned cheaply into each one.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub assets: Arc<assets::Assets>,
}

/// A fatal start-up problem, worded for the person who started the server.
#[derive(Debug)]
pub enum StartError {
    Database(db::DbError),
    Assets(assets::AssetsError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Database(e) => write!(f, "{e}"),
            StartError::Assets(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Opens the database (creating and migrating it), loads the built app, and returns the state.
pub fn prepare(config: &Config) -> Result<AppState, StartError> {
    let db = db::Db::open(&config.database).map_err(StartError::Database)?;
    let assets = assets::Assets::load(&config.dist).map_err(StartError::Assets)?;
    tracing::info!(
        database = %config.database.display(),
        schema_version = db.schema_version(),
        dist = %config.dist.display(),
        files = assets.len(),
        "ready"
    );
    Ok(AppState { db, assets: Arc::new(assets) })
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .nest(loket_contract::API_PREFIX, api::router())
        .fallback(static_files::serve)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
