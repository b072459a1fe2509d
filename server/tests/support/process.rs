//! The `loket-server` binary as a child process, on a port the kernel picks.
//!
//! It is ready once it logs "listening" with its address; the tests never poll a port for it.
//! A connect loop to a free port in the ephemeral range can connect to itself (TCP simultaneous
//! open) and report a server that is not there: CI once saw a "ready" server refuse the next
//! request that way.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

pub struct Process {
    pub child: Child,
    /// `http://127.0.0.1:PORT`, from the server's own "listening" line.
    pub url: String,
    /// Collects stderr to its end; joined by `wait`.
    reader: Option<JoinHandle<Vec<String>>>,
}

/// The binary with an empty environment but `PATH`; the caller adds its `LOKET_*` settings.
pub fn server_bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket-server"));
    cmd.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

/// Starts `cmd` (from `server_bin`) listening on an ephemeral port, logging JSON at `log`
/// (a `LOKET_LOG` filter that must let the binary's info line through), and returns once it
/// listens. Lines at warning level or above are echoed to the test's output as they come.
pub fn spawn(mut cmd: Command, log: &str) -> Process {
    let mut child = cmd
        .env("LOKET_ADDR", "127.0.0.1:0")
        .env("LOKET_LOG_FORMAT", "json")
        .env("LOKET_LOG", log)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (found, listening) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let entry: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if entry["fields"]["message"] == "listening" {
                let _ = found.send(entry["fields"]["url"].as_str().unwrap_or_default().trim_end_matches('/').to_owned());
            } else if matches!(entry["level"].as_str(), Some("WARN" | "ERROR")) || entry.is_null() {
                eprintln!("loket-server: {line}");
            }
            lines.push(line);
        }
        lines
    });
    match listening.recv_timeout(Duration::from_secs(60)) {
        Ok(url) => Process { child, url, reader: Some(reader) },
        Err(_) => {
            let _ = child.kill();
            let status = child.wait().unwrap();
            let logs = reader.join().unwrap().join("\n");
            panic!("the server did not start ({status}):\n{logs}");
        }
    }
}

impl Process {
    /// Waits for the process to exit; its status and everything it wrote to stderr.
    pub fn wait(mut self) -> (ExitStatus, String) {
        let status = self.child.wait().unwrap();
        let logs = self.reader.take().unwrap().join().unwrap().join("\n");
        (status, logs)
    }
}
