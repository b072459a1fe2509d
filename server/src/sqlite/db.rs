//! SQLite storage: one file, WAL mode, migrations applied at start.
//!
//! Storage sits behind this narrow type so that a PostgreSQL implementation can follow; handlers
//! never see a `rusqlite` type.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// Schema steps in order; the database's `user_version` counts how many have been applied.
/// Never edit a step that has shipped: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: bookkeeping of the database itself.
    "CREATE TABLE server_meta (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;
     INSERT INTO server_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));",
    // 2: the catalogue, one JSON document per item (the wire type), versioned for `?since=`.
    // A removed item keeps its row with a NULL document: the tombstone a phone needs to drop it.
    "CREATE TABLE catalogue_items (
         kind    TEXT NOT NULL CHECK (kind IN ('category', 'agency', 'service', 'location')),
         id      TEXT NOT NULL,
         doc     TEXT,
         version INTEGER NOT NULL,
         PRIMARY KEY (kind, id)
     ) STRICT;
     CREATE INDEX catalogue_items_by_version ON catalogue_items (version);",
    // 3: slots, bookings with their timeline, the day's queues, walk-ins, applications, surveys.
    "CREATE TABLE slots (
         id          INTEGER PRIMARY KEY,
         service_id  TEXT NOT NULL,
         location_id TEXT NOT NULL,
         starts_at   INTEGER NOT NULL,
         ends_at     INTEGER NOT NULL,
         capacity    INTEGER NOT NULL CHECK (capacity > 0),
         taken       INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
         UNIQUE (service_id, location_id, starts_at)
     ) STRICT;
     CREATE TABLE queue_days (
         location_id TEXT NOT NULL,
         service_id  TEXT NOT NULL,
         day         TEXT NOT NULL,
         issued      INTEGER NOT NULL DEFAULT 0,
         now_serving INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (location_id, service_id, day)
     ) STRICT;
     CREATE TABLE bookings (
         code            TEXT PRIMARY KEY,
         slot_id         INTEGER NOT NULL REFERENCES slots (id),
         service_id      TEXT NOT NULL,
         location_id     TEXT NOT NULL,
         status          TEXT NOT NULL,
         queue_day       TEXT NOT NULL,
         queue_number    INTEGER NOT NULL,
         name            TEXT NOT NULL,
         nik             TEXT NOT NULL,
         phone           TEXT NOT NULL,
         email           TEXT,
         for_whom        TEXT NOT NULL,
         bpjs_number     TEXT,
         referral_number TEXT,
         created_at      INTEGER NOT NULL,
         idempotency_key TEXT NOT NULL UNIQUE,
         request_hash    TEXT NOT NULL
     ) STRICT;
     CREATE INDEX bookings_by_nik_day ON bookings (nik, service_id, queue_day);
     CREATE TABLE booking_events (
         seq          INTEGER PRIMARY KEY,
         booking_code TEXT NOT NULL REFERENCES bookings (code),
         status       TEXT NOT NULL,
         at           INTEGER NOT NULL,
         note_id      TEXT,
         note_en      TEXT
     ) STRICT;
     CREATE TABLE walk_ins (
         id           INTEGER PRIMARY KEY,
         slot_id      INTEGER NOT NULL REFERENCES slots (id),
         queue_day    TEXT NOT NULL,
         queue_number INTEGER NOT NULL,
         created_at   INTEGER NOT NULL
     ) STRICT;
     CREATE TABLE applications (
         code         TEXT PRIMARY KEY,
         service_id   TEXT NOT NULL,
         location_id  TEXT NOT NULL,
         nik          TEXT NOT NULL,
         phone        TEXT NOT NULL,
         status       TEXT NOT NULL,
         rejection_id TEXT,
         rejection_en TEXT,
         created_at   INTEGER NOT NULL
     ) STRICT;
     CREATE TABLE application_events (
         seq              INTEGER PRIMARY KEY,
         application_code TEXT NOT NULL REFERENCES applications (code),
         status           TEXT NOT NULL,
         at               INTEGER NOT NULL,
         note_id          TEXT,
         note_en          TEXT
     ) STRICT;
     CREATE TABLE surveys (
         booking_code TEXT PRIMARY KEY REFERENCES bookings (code),
         answers      TEXT NOT NULL,
         at           INTEGER NOT NULL
     ) STRICT;",
    // Every status word on the wire in snake_case: `checked-in` became `checked_in`.
    "UPDATE bookings SET status = 'checked_in' WHERE status = 'checked-in';
     UPDATE booking_events SET status = 'checked_in' WHERE status = 'checked-in';",
];

#[derive(Debug)]
pub enum DbError {
    CreateDir { dir: PathBuf, source: std::io::Error },
    Open { path: PathBuf, source: rusqlite::Error },
    Migrate { step: usize, source: rusqlite::Error },
    TooNew { found: u32, known: u32 },
    Query(rusqlite::Error),
    Unavailable(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::CreateDir { dir, source } => {
                write!(f, "cannot create data directory {}: {source}", dir.display())
            }
            DbError::Open { path, source } => {
                write!(f, "cannot open database {}: {source}", path.display())
            }
            DbError::Migrate { step, source } => write!(f, "database migration {step} failed: {source}"),
            DbError::TooNew { found, known } => {
                write!(f, "database schema version {found} is newer than this server knows ({known}); upgrade the server")
            }
            DbError::Query(e) => write!(f, "database error: {e}"),
            DbError::Unavailable(why) => write!(f, "database unavailable: {why}"),
        }
    }
}

impl std::error::Error for DbError {}

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    schema_version: u32,
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir { dir: dir.to_owned(), source })?;
        }
        let open_err = |source| DbError::Open { path: path.to_owned(), source };
        let mut conn = Connection::open(path).map_err(open_err)?;
        // journal_mode answers with a row, so it is read rather than executed; it is also the
        // first statement that touches the file, so an unwritable place fails here.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(DbError::Unavailable(format!("WAL mode refused (got {mode})")));
        }
        // FULL: a booking the citizen was told is confirmed survives a power cut, not only a
        // process crash (NORMAL in WAL mode may lose the last commits to an OS crash).
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;").map_err(open_err)?;
        let schema_version = migrate(&mut conn)?;
        // Room for every statement a booking runs and the reads around it (rusqlite keeps 16).
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Db { conn: Arc::new(Mutex::new(conn)), schema_version })
    }

    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    /// Runs `f` on the connection on this thread: for start-up work before serving.
    pub fn with_blocking<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }

    /// Runs `f` on the connection off the async runtime's worker threads.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| DbError::Unavailable("lock poisoned".into()))?;
            f(&mut guard).map_err(DbError::Query)
        })
        .await
        .map_err(|e| DbError::Unavailable(e.to_string()))?
    }
}

/// Applies the missing steps, each in its own transaction with its `user_version` bump, so a
/// crash mid-migration leaves the database at the last whole step.
fn migrate(conn: &mut Connection) -> Result<u32, DbError> {
    let known = MIGRATIONS.len() as u32;
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|source| DbError::Migrate { step: 0, source })?;
    if current > known {
        return Err(DbError::TooNew { found: current, known });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let step = index + 1;
        let fail = |source| DbError::Migrate { step, source };
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", step as u32).map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_directory_and_applies_every_migration_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/data/loket.sqlite3");
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version(), MIGRATIONS.len() as u32);
        drop(db);
        // Opening again must not re-run a step (it would fail on CREATE TABLE).
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version(), MIGRATIONS.len() as u32);
    }

    /// A database written before the status words were all snake_case reads back in the new
    /// spelling, its bookings and their timelines alike.
    #[test]
    fn the_status_spelling_step_rewrites_stored_statuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loket.sqlite3");
        let conn = Connection::open(&path).unwrap();
        let before = MIGRATIONS.len() - 1;
        conn.execute_batch(&MIGRATIONS[..before].join(";")).unwrap();
        conn.pragma_update(None, "user_version", before as u32).unwrap();
        conn.execute_batch(
            "INSERT INTO slots (id, service_id, location_id, starts_at, ends_at, capacity, taken) VALUES (1, 's', 'l', 0, 1, 4, 1);
             INSERT INTO bookings (code, slot_id, service_id, location_id, status, queue_day, queue_number, name, nik, phone,
                 for_whom, created_at, idempotency_key, request_hash)
             VALUES ('LKT-7K2M9Q', 1, 's', 'l', 'checked-in', '2026-12-01', 1, 'Made', '3174011208900001', '0812', 'self', 0, 'k', 'h');
             INSERT INTO booking_events (booking_code, status, at) VALUES ('LKT-7K2M9Q', 'booked', 0), ('LKT-7K2M9Q', 'checked-in', 1);",
        )
        .unwrap();
        drop(conn);
        Db::open(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        let status: String = conn.query_row("SELECT status FROM bookings", [], |r| r.get(0)).unwrap();
        let events: Vec<String> = conn
            .prepare("SELECT status FROM booking_events ORDER BY at")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!((status.as_str(), events), ("checked_in", vec!["booked".to_owned(), "checked_in".to_owned()]));
    }

    #[test]
    fn uses_wal_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loket.sqlite3");
        let _db = Db::open(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn refuses_a_database_from_a_newer_server() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loket.sqlite3");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
        let err = Db::open(&path).err().expect("must refuse");
        assert!(err.to_string().contains("newer than this server"), "{err}");
    }

    #[test]
    fn a_path_below_a_file_is_a_readable_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "x").unwrap();
        let err = Db::open(&file.join("loket.sqlite3")).err().expect("must fail");
        assert!(err.to_string().starts_with("cannot create data directory"), "{err}");
    }
}
