//! The server as separate processes, as a region runs it: two `loket-server` processes on one
//! PostgreSQL database sharing a slot, and a server killed with SIGKILL in the middle of a
//! booking load (on SQLite and on PostgreSQL) and started again.

mod support;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use loket_contract::booking::{Booking, Slot};
use loket_contract::catalogue::Catalogue;
use serde_json::{json, Value};
use support::{client, process};

/// A `loket-server` process on its own port.
struct Server {
    process: process::Process,
    base: String,
}

impl Server {
    fn start(database: &str, dir: &Path) -> Server {
        let dist = dir.join("dist");
        if !dist.exists() {
            support::write_dist(&dist);
        }
        let mut cmd = process::server_bin();
        cmd.env("LOKET_DATABASE", database).env("LOKET_DIST", &dist);
        let process = process::spawn(cmd, "warn,loket_server=info");
        let base = format!("{}/api/v1", process.url);
        Server { process, base }
    }

    fn kill(&mut self) {
        let child = &mut self.process.child;
        if child.try_wait().is_ok_and(|exited| exited.is_none()) {
            let _ = Command::new("kill").args(["-KILL", &child.id().to_string()]).status();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Bookable slots of one service at one place (at least `wanted`, over the booking window).
async fn slots(base: &str, wanted: usize) -> Vec<Slot> {
    let catalogue: Catalogue = client().get(format!("{base}/catalogue")).send().await.unwrap().json().await.unwrap();
    for service in catalogue.services.iter().filter(|s| s.bookable && s.health.is_none()) {
        for location in &service.location_ids {
            let url = format!("{base}/slots?serviceId={}&locationId={location}", service.id);
            let slots: Vec<Slot> = client().get(url).send().await.unwrap().json().await.unwrap();
            if slots.len() >= wanted {
                return slots;
            }
        }
    }
    panic!("no service with {wanted} slots");
}

async fn slot(base: &str, slot: &Slot) -> Slot {
    let url = format!("{base}/slots?serviceId={}&locationId={}", slot.service_id, slot.location_id);
    let slots: Vec<Slot> = client().get(url).send().await.unwrap().json().await.unwrap();
    slots.into_iter().find(|s| s.id == slot.id).expect("the slot is listed")
}

/// Person `n`'s request for `slot` (a valid NIK each, so one person books once per day).
fn request(slot: i64, n: u32) -> Value {
    json!({
        "slotId": slot,
        "applicant": {"name": format!("Warga Uji {n}"), "nik": format!("3174011208{:02}{:04}", 90, n), "phone": "0812-3456-7890", "forWhom": "self"}
    })
}

/// Sends a booking; the status and the code it names, or `None` when no answer came back.
async fn book(base: &str, key: &str, body: &Value) -> Option<(u16, Option<String>)> {
    let resp = client().post(format!("{base}/bookings")).header("Idempotency-Key", key).json(body).send().await.ok()?;
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.ok()?;
    Some((status, body["code"].as_str().map(str::to_owned)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_never_overbook_nor_double_a_key() {
    let cluster = support::pg::shared();
    let url = cluster.create_database();
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Both start on the empty database at once: the schema and the demo data are written once.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Server::start(&url, dirs.0.path()));
        let b = s.spawn(|| Server::start(&url, dirs.1.path()));
        (a.join().unwrap(), b.join().unwrap())
    });
    let target = slots(&a.base, 1).await.remove(0);
    let bases = [a.base.clone(), b.base.clone()];

    // 200 people, each sent to one server and replayed to the other with the same key at once.
    let mut sends = Vec::new();
    for n in 0..200u32 {
        let key = format!("two-servers-{n:04}");
        let body = request(target.id, 2000 + n);
        for base in [&bases[(n % 2) as usize], &bases[((n + 1) % 2) as usize]] {
            let (base, key, body) = (base.clone(), key.clone(), body.clone());
            sends.push(tokio::spawn(async move { (key.clone(), book(&base, &key, &body).await) }));
        }
    }
    let mut codes_by_key: HashMap<String, HashSet<String>> = HashMap::new();
    let mut statuses = Vec::new();
    let mut statuses_by_key: HashMap<String, Vec<u16>> = HashMap::new();
    for send in sends {
        let (key, answer) = send.await.unwrap();
        let (status, code) = answer.expect("every request is answered");
        statuses.push(status);
        statuses_by_key.entry(key.clone()).or_default().push(status);
        if let (201, Some(code)) = (status, code) {
            codes_by_key.entry(key).or_default().insert(code);
        }
    }
    for key in codes_by_key.keys() {
        assert_eq!(statuses_by_key[key], [201, 201], "{key} booked: its copy on the other server is answered as its replay");
    }
    assert!(statuses.iter().all(|s| matches!(s, 201 | 409)), "no 5xx, nothing unexpected: {statuses:?}");
    for (key, codes) in &codes_by_key {
        assert_eq!(codes.len(), 1, "key {key} made one booking, not {codes:?}");
    }
    let made: HashSet<&String> = codes_by_key.values().flatten().collect();
    assert_eq!(made.len(), usize::from(target.capacity), "bookings made equal the capacity");
    for base in &bases {
        assert_eq!(slot(base, &target).await.capacity_left, 0, "both servers see the slot full");
    }
    let answered_201 = statuses.iter().filter(|s| **s == 201).count();
    println!(
        "two servers: 400 requests (200 keys) on a slot of {} → {answered_201} × 201, {} distinct bookings",
        target.capacity,
        made.len()
    );
}

/// A booking load, a SIGKILL in its middle, a restart on the same data: every booking answered
/// 201 is still there with its code, every request left unanswered is either there (its key
/// replays it) or not made at all, and each slot's count equals the bookings it holds.
async fn killed_mid_load_loses_nothing(database: &str, dir: &Path) {
    let mut server = Server::start(database, dir);
    let targets = slots(&server.base, 30).await;
    let targets: Vec<Slot> = targets.into_iter().take(30).collect();
    let total = targets.iter().map(|s| usize::from(s.capacity_left)).sum::<usize>().min(120) as u32;
    let base = server.base.clone();
    let made = Arc::new(AtomicU32::new(0));
    let mut sends = Vec::new();
    for n in 0..total {
        let slot = &targets[n as usize % targets.len()];
        let (base, key, body, made) = (base.clone(), format!("kill-{n:04}"), request(slot.id, 3000 + n), made.clone());
        sends.push(tokio::spawn(async move {
            // Spread over time, so that the kill falls in the middle of the load.
            tokio::time::sleep(Duration::from_millis(u64::from(n) * 10)).await;
            let answer = book(&base, &key, &body).await;
            if matches!(answer, Some((201, _))) {
                made.fetch_add(1, Ordering::Relaxed);
            }
            (key, body, answer)
        }));
    }
    // The kill comes once a quarter of the load is answered, whatever this machine's speed.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while made.load(Ordering::Relaxed) < total / 4 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();
    let mut answered: HashMap<String, String> = HashMap::new();
    let mut unanswered = Vec::new();
    let mut bodies: HashMap<String, Value> = HashMap::new();
    for send in sends {
        match send.await.unwrap() {
            (key, body, Some((201, Some(code)))) => {
                bodies.insert(key.clone(), body);
                answered.insert(key, code);
            }
            (key, body, None) => unanswered.push((key, body)),
            (key, _, Some((status, _))) => panic!("{key}: {status} before the kill"),
        }
    }
    assert!(
        !answered.is_empty() && !unanswered.is_empty(),
        "the kill fell mid-load: {} answered, {} not",
        answered.len(),
        unanswered.len()
    );

    // Replaying a key reads back what it made: a key answered 201 must give the same booking;
    // a key left unanswered either gives the booking it made or makes it now.
    let server = Server::start(database, dir);
    let mut held: HashMap<i64, HashSet<String>> = HashMap::new();
    let mut replays: Vec<(String, Value, Option<String>)> =
        answered.iter().map(|(k, c)| (k.clone(), Value::Null, Some(c.clone()))).collect();
    replays.extend(unanswered.iter().map(|(k, body)| (k.clone(), body.clone(), None)));
    for (key, body, before) in replays {
        let body = if body.is_null() { bodies[&key].clone() } else { body };
        let resp = client().post(format!("{}/bookings", server.base)).header("Idempotency-Key", &key).json(&body).send().await.unwrap();
        let status = resp.status().as_u16();
        let booking: Booking = resp.json().await.unwrap();
        match before {
            // A replay answers as the first answer did: 201 and the same booking.
            Some(code) => assert_eq!((status, &booking.code), (201, &code), "{key}, answered 201 before the kill, is still there"),
            None => assert_eq!(status, 201, "{key} replays or books"),
        }
        held.entry(booking.slot.id).or_default().insert(booking.code);
    }
    for target in &targets {
        let now = slot(&server.base, target).await;
        let holding = held.get(&target.id).map_or(0, HashSet::len);
        assert_eq!(usize::from(now.capacity - now.capacity_left), holding, "slot {} counts exactly the bookings it holds", target.id);
    }
    println!("killed mid-load: {} answered before the kill, {} replayed after", answered.len(), unanswered.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_killed_mid_load_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("loket.sqlite3");
    killed_mid_load_loses_nothing(database.to_str().unwrap(), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_killed_mid_load_loses_nothing() {
    let cluster = support::pg::shared();
    let dir = tempfile::tempdir().unwrap();
    killed_mid_load_loses_nothing(&cluster.create_database(), dir.path()).await;
}
