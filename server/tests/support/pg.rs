//! A throwaway PostgreSQL cluster for tests: `initdb` into a temporary folder (as the
//! `postgres` user through `runuser` when the tests run as root, which PostgreSQL refuses to
//! run as), the server a child process of the tests listening only on a socket in that folder,
//! with `fsync=off`. One cluster is shared
//! by the tests of a binary that run at the same time, each with databases of its own; the last
//! one to finish stops it and the folder is removed. Nothing outside the folder is touched.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    as_postgres: bool,
    /// The server, a child of the tests (not daemonised by `pg_ctl`), so that it is reaped.
    server: Option<Child>,
}

static SHARED: Mutex<Weak<Cluster>> = Mutex::new(Weak::new());
static DATABASES: AtomicU32 = AtomicU32::new(0);

/// A cluster of the caller's own, stopped when dropped (for tests that stop the database).
pub fn own() -> Cluster {
    Cluster::start()
}

/// The running shared cluster, started if none is.
pub fn shared() -> Arc<Cluster> {
    let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(cluster) = shared.upgrade() {
        return cluster;
    }
    let cluster = Arc::new(Cluster::start());
    *shared = Arc::downgrade(&cluster);
    cluster
}

/// The folder of PostgreSQL's server programs: `LOKET_PG_BIN`, or Debian's newest.
fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("LOKET_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok()));
    found.pop().expect("PostgreSQL's server programs are not installed (scripts/setup installs them from Debian's postgresql package)")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

impl Cluster {
    fn start() -> Cluster {
        let bin = bin_dir();
        let dir = tempfile::Builder::new().prefix("loket-pg-").tempdir().unwrap();
        let as_postgres = is_root();
        if as_postgres {
            // The postgres user must reach and own the folder.
            run(Command::new("chmod").arg("755").arg(dir.path()));
            run(Command::new("chown").arg("postgres:").arg(dir.path()));
        }
        let mut cluster = Cluster { bin, dir, as_postgres, server: None };
        let data = cluster.data();
        let socket = cluster.socket_dir().to_str().unwrap().to_owned();
        cluster.run_pg("initdb", &["-D", data.to_str().unwrap(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        let log = std::fs::File::create(cluster.dir.path().join("server.log")).unwrap();
        let settings = ["listen_addresses=", "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300"];
        let mut server = cluster.command("postgres");
        server.arg("-D").arg(&data).args(["-k", &socket]);
        for setting in settings {
            server.args(["-c", setting]);
        }
        cluster.server = Some(server.stdout(log.try_clone().unwrap()).stderr(log).stdin(Stdio::null()).spawn().unwrap());
        let deadline = Instant::now() + Duration::from_secs(60);
        while !cluster.command("pg_isready").args(["-q", "-h", &socket, "-U", "postgres"]).status().is_ok_and(|s| s.success()) {
            let log = std::fs::read_to_string(cluster.dir.path().join("server.log")).unwrap_or_default();
            assert!(Instant::now() < deadline, "PostgreSQL did not start within a minute: {log}");
            if let Some(status) = cluster.server.as_mut().unwrap().try_wait().unwrap() {
                panic!("PostgreSQL stopped at start ({status}): {log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// One of PostgreSQL's programs, run as the user that owns the cluster.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        command.current_dir(self.dir.path());
        command
    }

    fn run_pg(&self, program: &str, args: &[&str]) {
        run(self.command(program).args(args));
    }

    /// A new, empty database of this cluster; its URL.
    pub fn create_database(&self) -> String {
        let name = format!("loket_{}_{}", std::process::id(), DATABASES.fetch_add(1, Ordering::Relaxed));
        let host = self.socket_dir().to_str().unwrap().to_owned();
        self.run_pg("createdb", &["-h", &host, "-U", "postgres", &name]);
        format!("postgres://postgres@/{name}?host={host}")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // SIGINT to the postmaster (its pid is the first line of postmaster.pid; runuser does not
        // pass signals on) is PostgreSQL's fast shutdown; then the child is reaped.
        if let Some(mut server) = self.server.take() {
            let pid = std::fs::read_to_string(self.data().join("postmaster.pid")).ok().and_then(|s| s.lines().next().map(str::to_owned));
            let pid = pid.unwrap_or_else(|| server.id().to_string());
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            let _ = server.wait();
        }
    }
}

fn run(command: &mut Command) {
    let out = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(out.status.success(), "{command:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
