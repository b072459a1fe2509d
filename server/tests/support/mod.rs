//! A real server on an ephemeral port over a fresh store (a SQLite file, or a database of a
//! throwaway PostgreSQL cluster), for tests over real HTTP.
#![allow(dead_code)]

pub mod fhir;
pub mod pg;
pub mod process;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use loket_server::config::Database;
use loket_server::Config;
use tokio::net::TcpListener;

pub const OPERATOR_TOKEN: &str = "test-operator-token-0123456789";

pub struct Running {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    pub async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        self.task.await.unwrap().unwrap();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    Sqlite,
    Postgres,
}

/// A test's own folder and, for PostgreSQL, its own database (named in the folder, so a server
/// restarted on the same folder finds the same data). Holding it keeps the cluster up.
pub struct Root {
    dir: tempfile::TempDir,
    _cluster: Option<Arc<pg::Cluster>>,
}

impl Root {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

pub fn root(store: StoreKind) -> Root {
    let dir = tempfile::tempdir().unwrap();
    let cluster = (store == StoreKind::Postgres).then(|| {
        let cluster = pg::shared();
        std::fs::write(dir.path().join(POSTGRES_URL), cluster.create_database()).unwrap();
        cluster
    });
    Root { dir, _cluster: cluster }
}

/// The file in a test's folder that names its PostgreSQL database.
const POSTGRES_URL: &str = "postgres-url";

pub fn write_dist(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Loket</title>".repeat(20)).unwrap();
    std::fs::write(dir.join("config.json"), r#"{"apiBaseUrl":"/api/v1"}"#).unwrap();
    std::fs::write(dir.join("loket-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(dir.join("icon.png"), [0x89, b'P', b'N', b'G']).unwrap();
}

pub async fn start(root: &Path) -> Running {
    start_with(root, |_| {}).await
}

pub async fn start_with(root: &Path, adjust: impl FnOnce(&mut Config)) -> Running {
    let dist = root.join("dist");
    if !dist.exists() {
        write_dist(&dist);
    }
    let database = match std::fs::read_to_string(root.join(POSTGRES_URL)) {
        Ok(url) => Database::Postgres(url),
        Err(_) => Database::Sqlite(root.join("data/loket.sqlite3")),
    };
    let mut config = Config { database, dist, operator_token: Some(OPERATOR_TOKEN.to_owned()), ..Config::default() };
    adjust(&mut config);
    let state = loket_server::prepare(&config).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(loket_server::serve(state, listener, async {
        let _ = rx.await;
    }));
    Running { base, stop: Some(tx), task }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap()
}
