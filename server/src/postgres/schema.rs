//! The PostgreSQL schema: numbered steps applied at start, each in its own transaction under an
//! advisory lock, so several servers starting at once apply each step exactly once. A database
//! that a newer server has migrated is refused.

use deadpool_postgres::Object;

/// Schema steps in order; `loket_schema.version` counts how many have been applied. Never edit
/// a step that has shipped: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the whole schema of SQLite's steps 1 to 4, in PostgreSQL's types.
    "CREATE TABLE catalogue_items (
         kind    TEXT NOT NULL CHECK (kind IN ('category', 'agency', 'service', 'location')),
         id      TEXT NOT NULL,
         doc     TEXT,
         version BIGINT NOT NULL,
         PRIMARY KEY (kind, id)
     );
     CREATE INDEX catalogue_items_by_version ON catalogue_items (version);
     CREATE TABLE slots (
         id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         service_id  TEXT NOT NULL,
         location_id TEXT NOT NULL,
         starts_at   BIGINT NOT NULL,
         ends_at     BIGINT NOT NULL,
         capacity    INTEGER NOT NULL CHECK (capacity > 0),
         taken       INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
         UNIQUE (service_id, location_id, starts_at)
     );
     CREATE TABLE queue_days (
         location_id TEXT NOT NULL,
         service_id  TEXT NOT NULL,
         day         TEXT NOT NULL,
         issued      INTEGER NOT NULL DEFAULT 0,
         now_serving INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (location_id, service_id, day)
     );
     CREATE TABLE bookings (
         code            TEXT PRIMARY KEY,
         slot_id         BIGINT NOT NULL REFERENCES slots (id),
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
         created_at      BIGINT NOT NULL,
         idempotency_key TEXT NOT NULL,
         request_hash    TEXT NOT NULL,
         CONSTRAINT bookings_one_per_key UNIQUE (idempotency_key)
     );
     -- One open booking per person, service and day, held by the database itself: two servers
     -- checking at once cannot both insert.
     CREATE UNIQUE INDEX bookings_one_open_per_day ON bookings (nik, service_id, queue_day)
         WHERE status IN ('booked', 'checked_in', 'called');
     CREATE INDEX bookings_by_queue ON bookings (location_id, service_id, queue_day, queue_number);
     CREATE TABLE booking_events (
         seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         booking_code TEXT NOT NULL REFERENCES bookings (code),
         status       TEXT NOT NULL,
         at           BIGINT NOT NULL,
         note_id      TEXT,
         note_en      TEXT
     );
     CREATE INDEX booking_events_by_code ON booking_events (booking_code, seq);
     CREATE TABLE walk_ins (
         id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         slot_id      BIGINT NOT NULL REFERENCES slots (id),
         queue_day    TEXT NOT NULL,
         queue_number INTEGER NOT NULL,
         created_at   BIGINT NOT NULL
     );
     CREATE TABLE applications (
         code         TEXT PRIMARY KEY,
         service_id   TEXT NOT NULL,
         location_id  TEXT NOT NULL,
         nik          TEXT NOT NULL,
         phone        TEXT NOT NULL,
         status       TEXT NOT NULL,
         rejection_id TEXT,
         rejection_en TEXT,
         created_at   BIGINT NOT NULL
     );
     CREATE TABLE application_events (
         seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         application_code TEXT NOT NULL REFERENCES applications (code),
         status           TEXT NOT NULL,
         at               BIGINT NOT NULL,
         note_id          TEXT,
         note_en          TEXT
     );
     CREATE INDEX application_events_by_code ON application_events (application_code, seq);
     CREATE TABLE surveys (
         booking_code TEXT PRIMARY KEY REFERENCES bookings (code),
         answers      TEXT NOT NULL,
         at           BIGINT NOT NULL
     );",
];

/// The advisory lock that serialises migrations and seeding between servers (any constant that
/// no other application of the same database uses: "LOKET" in ASCII).
pub const LOCK: i64 = 0x4c4f4b4554;

#[derive(Debug)]
pub enum MigrateError {
    Step { step: usize, source: tokio_postgres::Error },
    TooNew { found: u32, known: u32 },
}

impl std::fmt::Display for MigrateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MigrateError::Step { step, source } => write!(f, "database migration {step} failed: {}", super::cause(source)),
            MigrateError::TooNew { found, known } => {
                write!(f, "database schema version {found} is newer than this server knows ({known}); upgrade the server")
            }
        }
    }
}

/// Applies the missing steps, each with its version bump in one transaction; returns the version.
pub async fn migrate(client: &mut Object) -> Result<u32, MigrateError> {
    let known = MIGRATIONS.len() as u32;
    let at = |step| move |source| MigrateError::Step { step, source };
    loop {
        let tx = client.transaction().await.map_err(at(0))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK]).await.map_err(at(0))?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS loket_schema (version INTEGER NOT NULL)").await.map_err(at(0))?;
        let current: Option<i32> = tx.query_opt("SELECT version FROM loket_schema", &[]).await.map_err(at(0))?.map(|r| r.get(0));
        let current = current.unwrap_or(0) as u32;
        if current > known {
            return Err(MigrateError::TooNew { found: current, known });
        }
        if current == known {
            tx.commit().await.map_err(at(0))?;
            return Ok(known);
        }
        let step = current as usize + 1;
        tx.batch_execute(MIGRATIONS[step - 1]).await.map_err(at(step))?;
        if current == 0 {
            tx.execute("INSERT INTO loket_schema (version) VALUES (1)", &[]).await.map_err(at(step))?;
        } else {
            tx.execute("UPDATE loket_schema SET version = $1", &[&(step as i32)]).await.map_err(at(step))?;
        }
        tx.commit().await.map_err(at(step))?;
    }
}

/// The version a database is at (0 before the first step).
pub async fn version(client: &Object) -> Result<u32, tokio_postgres::Error> {
    let row = client.query_opt("SELECT version FROM loket_schema", &[]).await?;
    Ok(row.map(|r| r.get::<_, i32>(0) as u32).unwrap_or(0))
}
