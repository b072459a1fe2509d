//! The FHIR test server (`tests/fhir/server.mjs`: the real FHIR engine of npm
//! `@medplum/fhir-router`, in memory, behind an OAuth2 token endpoint) as a child process of the
//! test, on a port the kernel picks, seeded with a puskesmas in WITA and an RSUD in WIT.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use loket_server::fhir::{Credentials, FhirClient};
use serde_json::Value;

pub struct FhirServer {
    child: Child,
    pub url: String,
    pub fhir_base: String,
    pub credentials: Credentials,
}

impl FhirServer {
    pub fn start() -> FhirServer {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fhir/server.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs (scripts/setup installs the test tools)");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (said, first_line) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = stdout.read_line(&mut line);
            let _ = said.send(line);
            // Drained to its end: a closed pipe would fail the server's next write.
            stdout.lines().map_while(Result::ok).for_each(drop);
        });
        let line = first_line.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        let started: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        if started["message"] != "listening" {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the FHIR test server did not start: {line:?}");
        }
        let text = |k: &str| started[k].as_str().unwrap().to_owned();
        FhirServer {
            url: text("url"),
            fhir_base: text("fhirBase"),
            credentials: Credentials { token_url: text("tokenUrl"), client_id: text("clientId"), client_secret: text("clientSecret") },
            child,
        }
    }

    /// A client as the gateway makes it, giving up on a request after `timeout`.
    pub fn client(&self, timeout: Duration) -> FhirClient {
        FhirClient::new(&self.fhir_base, self.credentials.clone(), timeout).unwrap()
    }

    /// The facility's own system, or the test itself: the FHIR API with a token of its own.
    pub async fn direct(&self, method: reqwest::Method, path: &str, body: Option<&Value>, headers: &[(&str, &str)]) -> (u16, Value) {
        let http = reqwest::Client::new();
        let token: Value = http
            .post(&self.credentials.token_url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &self.credentials.client_id),
                ("client_secret", &self.credentials.client_secret),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut request = http.request(method, format!("{}/{path}", self.fhir_base)).bearer_auth(token["access_token"].as_str().unwrap());
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        if let Some(body) = body {
            request = request.header("Content-Type", "application/fhir+json").body(body.to_string());
        }
        let resp = request.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// A test control (`/_test/…`): stats, expiring tokens, faults.
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = reqwest::Client::new().request(method, format!("{}/_test/{path}", self.url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let resp = request.send().await.unwrap();
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.unwrap_or(Value::Null)
    }
}

impl Drop for FhirServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
