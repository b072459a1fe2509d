//! Booking throughput and latency of the reference server over real HTTP at 1, 8 and 64
//! concurrent clients: on SQLite, on PostgreSQL with one server, and with two servers on one
//! PostgreSQL database (clients spread over both), each printed beside a raw loop of the same
//! writes on the same storage, so the ratio shows how close the server comes to its storage's
//! limit. Run by `bench/booking`, which starts the throwaway PostgreSQL cluster.

use std::sync::Arc;
use std::time::{Duration, Instant};

use loket_contract::booking::Slot;
use loket_contract::catalogue::Catalogue;
use loket_server::config::Database;
use loket_server::Config;
use rusqlite::{params, Connection};
use serde_json::json;
use tokio::net::TcpListener;

const ROUNDS: [(usize, usize); 3] = [(1, 300), (8, 1200), (64, 2400)];

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Loket</title>").unwrap();
    let client = reqwest::Client::builder().pool_max_idle_per_host(128).build().unwrap();

    let raw = raw_sqlite(dir.path(), 3000);
    let sqlite = Database::Sqlite(dir.path().join("bench.sqlite3"));
    report(
        &client,
        &dist,
        "SQLite, one server",
        &[sqlite],
        "raw SQLite (WAL, synchronous=FULL, one transaction per booking: slot update + insert)",
        raw,
    )
    .await;

    match std::env::var("LOKET_BENCH_POSTGRES") {
        Ok(url) => {
            let raw = raw_postgres(&fresh_database(&url, "bench_raw").await, 3000).await;
            let what = "raw PostgreSQL (one connection, one transaction per booking: slot update + insert)";
            let one = Database::Postgres(fresh_database(&url, "bench_one").await);
            report(&client, &dist, "PostgreSQL, one server", &[one], what, raw).await;
            let two = Database::Postgres(fresh_database(&url, "bench_two").await);
            report(&client, &dist, "PostgreSQL, two servers on one database", &[two.clone(), two], what, raw).await;
        }
        Err(_) => println!("\nPostgreSQL: not measured (bench/booking starts a throwaway cluster and sets LOKET_BENCH_POSTGRES)"),
    }
}

/// Starts `databases.len()` servers (one per entry), books through them round-robin at 1, 8
/// and 64 clients, and prints each round beside the raw loop's rate.
async fn report(client: &reqwest::Client, dist: &std::path::Path, title: &str, databases: &[Database], raw_what: &str, raw: f64) {
    let mut bases = Vec::new();
    for database in databases {
        let config = Config { database: database.clone(), dist: dist.to_owned(), ..Config::default() };
        let state = loket_server::prepare(&config).await.unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        bases.push(format!("http://{}/api/v1", listener.local_addr().unwrap()));
        tokio::spawn(loket_server::serve(state, listener, std::future::pending()));
    }
    let seats = seats(client, &bases[0], ROUNDS.iter().map(|r| r.1).sum()).await;
    println!("\nbench/booking, {title}: {} seats gathered from the demo catalogue", seats.len());
    println!("{:>8} {:>9} {:>12} {:>10} {:>10} {:>8}", "clients", "bookings", "per second", "p50 ms", "p99 ms", "errors");
    let mut offset = 0;
    let mut best = 0.0f64;
    for (clients, count) in ROUNDS {
        let batch: Arc<Vec<(i64, u32)>> = Arc::new(seats[offset..offset + count].to_vec());
        offset += count;
        let (rate, p50, p99, errors) = run(client, &bases, batch, clients).await;
        best = best.max(rate);
        println!("{clients:>8} {count:>9} {rate:>12.1} {p50:>10.2} {p99:>10.2} {errors:>8}");
    }
    println!("{raw_what}: {raw:.1} per second");
    println!("server best / raw: {:.3}", best / raw);
}

/// A new database of the cluster `url` names (the bench's own cluster), its URL.
async fn fresh_database(url: &str, name: &str) -> String {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let (head, query) = url.split_once('?').unwrap_or((url, ""));
    let base = head.rsplit_once('/').map_or(head, |(b, _)| b);
    format!("{base}/{name}?{query}")
}

/// The storage limit on PostgreSQL: the same two writes per booking on one connection.
async fn raw_postgres(url: &str, count: i64) -> f64 {
    let (mut client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "CREATE TABLE slots (id BIGINT PRIMARY KEY, capacity INTEGER, taken INTEGER);
             CREATE TABLE bookings (code TEXT PRIMARY KEY, slot_id BIGINT, nik TEXT, created_at BIGINT);",
        )
        .await
        .unwrap();
    client.execute("INSERT INTO slots SELECT g, 1, 0 FROM generate_series(0::bigint, $1::bigint - 1) AS g", &[&count]).await.unwrap();
    let started = Instant::now();
    for id in 0..count {
        let tx = client.transaction().await.unwrap();
        tx.execute("UPDATE slots SET taken = taken + 1 WHERE id = $1 AND taken < capacity", &[&id]).await.unwrap();
        tx.execute("INSERT INTO bookings VALUES ($1, $2, $3, 0)", &[&format!("C{id}"), &id, &nik(id as u32)]).await.unwrap();
        tx.commit().await.unwrap();
    }
    count as f64 / started.elapsed().as_secs_f64()
}

/// (slot id, person number) pairs: one per free place, each person booking once per service-day.
async fn seats(client: &reqwest::Client, base: &str, wanted: usize) -> Vec<(i64, u32)> {
    let catalogue: Catalogue = client.get(format!("{base}/catalogue")).send().await.unwrap().json().await.unwrap();
    let mut seats = Vec::new();
    let mut person = 0u32;
    'outer: for service in catalogue.services.iter().filter(|s| s.bookable) {
        for location in &service.location_ids {
            let slots: Vec<Slot> = client
                .get(format!("{base}/slots?serviceId={}&locationId={location}", service.id))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for slot in slots {
                for _ in 0..slot.capacity_left {
                    person += 1;
                    seats.push((slot.id, person));
                    if seats.len() == wanted {
                        break 'outer;
                    }
                }
            }
        }
    }
    assert_eq!(seats.len(), wanted, "not enough free places in the demo catalogue");
    seats
}

/// A distinct valid NIK per person: serial and birth day vary.
fn nik(person: u32) -> String {
    let day = 1 + person / 9999 % 28;
    let serial = 1 + person % 9999;
    format!("317401{day:02}0890{serial:04}")
}

async fn run(client: &reqwest::Client, bases: &[String], seats: Arc<Vec<(i64, u32)>>, clients: usize) -> (f64, f64, f64, usize) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|worker| {
            let base = &bases[worker % bases.len()];
            let (client, url, seats, next) = (client.clone(), format!("{base}/bookings"), seats.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&(slot, person)) = seats.get(i) else { break };
                    let body = json!({"slotId": slot, "applicant": {"name": "Warga Uji", "nik": nik(person), "phone": "081234567890", "forWhom": "self"}});
                    let t = Instant::now();
                    let resp = client.post(&url).header("Idempotency-Key", format!("bench-{person:08}")).json(&body).send().await;
                    latencies.push(t.elapsed());
                    if !resp.is_ok_and(|r| r.status() == 201) {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all: Vec<Duration> = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.await.unwrap();
        all.extend(l);
        errors += e;
    }
    let wall = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
    (all.len() as f64 / wall, pct(0.50), pct(0.99), errors)
}

/// The storage limit: the same two writes per booking, straight into SQLite, no HTTP, no JSON.
fn raw_sqlite(dir: &std::path::Path, count: i64) -> f64 {
    let conn = Connection::open(dir.join("raw.sqlite3")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE slots (id INTEGER PRIMARY KEY, capacity INTEGER, taken INTEGER);
         CREATE TABLE bookings (code TEXT PRIMARY KEY, slot_id INTEGER, nik TEXT, created_at INTEGER);",
    )
    .unwrap();
    for id in 0..count {
        conn.execute("INSERT INTO slots VALUES (?1, 1, 0)", params![id]).unwrap();
    }
    let started = Instant::now();
    for id in 0..count {
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        conn.execute("UPDATE slots SET taken = taken + 1 WHERE id = ?1 AND taken < capacity", params![id]).unwrap();
        conn.execute("INSERT INTO bookings VALUES (?1, ?2, ?3, 0)", params![format!("C{id}"), id, nik(id as u32)]).unwrap();
        conn.execute_batch("COMMIT").unwrap();
    }
    count as f64 / started.elapsed().as_secs_f64()
}
