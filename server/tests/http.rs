//! The reference server over real HTTP, on an ephemeral port, with a real SQLite file.

use std::path::Path;
use std::process::Command;

use loket_contract::{Health, Problem};

mod support;
use support::process::{self, server_bin};
use support::{client, start, write_dist};

#[tokio::test]
async fn health_reports_version_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let resp = client().get(format!("{}/api/v1/health", server.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let health: Health = resp.json().await.unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert!(health.schema_version >= 1);
    server.stop().await;
}

#[tokio::test]
async fn unknown_api_paths_answer_problem_json_not_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let resp = client().get(format!("{}/api/v1/no-such-thing", server.base)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let problem: Problem = resp.json().await.unwrap();
    assert_eq!(problem.status, 404);
    assert_eq!(problem.instance.as_deref(), Some("/api/v1/no-such-thing"));
    server.stop().await;
}

#[tokio::test]
async fn deep_links_get_the_app_and_missing_files_get_404() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client();
    for page in ["/", "/layanan/e-ktp-baru", "/lacak", "/en/anything/deep"] {
        let resp = c.get(format!("{}{page}", server.base)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{page}");
        assert_eq!(resp.headers()["cache-control"], "no-cache", "{page}");
        assert!(resp.text().await.unwrap().contains("<title>Loket</title>"), "{page}");
    }
    let resp = c.get(format!("{}/missing-0123456789abcdef.js", server.base)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let resp = c.post(format!("{}/index.html", server.base)).send().await.unwrap();
    assert_eq!(resp.status(), 405);
    server.stop().await;
}

#[tokio::test]
async fn the_directory_gets_its_prerendered_page_and_other_pages_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Direktori layanan</title>").unwrap();
    std::fs::write(dist.join("shell.html"), "<!doctype html><title>Loket shell</title>").unwrap();
    let server = start(dir.path()).await;
    let c = client();
    let body = |page: &'static str| {
        let c = c.clone();
        let base = server.base.clone();
        async move {
            let resp = c.get(format!("{base}{page}")).send().await.unwrap();
            assert_eq!(resp.headers()["cache-control"], "no-cache", "{page}");
            resp.text().await.unwrap()
        }
    };
    assert!(body("/").await.contains("Direktori layanan"));
    for page in ["/layanan/e-ktp-baru", "/pesan", "/pesanan-saya/ABC", "/shell.html"] {
        assert!(body(page).await.contains("Loket shell"), "{page}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_page_made_from_the_catalogue_gets_its_own_first_html_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    std::fs::write(dist.join("shell.html"), "<!doctype html><title>Loket shell</title>").unwrap();
    std::fs::create_dir_all(dist.join("pages/layanan")).unwrap();
    std::fs::write(dist.join("pages/layanan/paspor-baru.html"), "<!doctype html><title>Paspor baru</title>").unwrap();
    std::fs::write(dist.join("pages/lokasi.html"), "<!doctype html><title>Lokasi</title>").unwrap();
    std::fs::create_dir_all(dist.join("pages/pesan")).unwrap();
    std::fs::write(dist.join("pages/pesan/layanan=pkm-poli-umum.html"), "<!doctype html><title>Di mana</title>").unwrap();
    let server = start(dir.path()).await;
    let c = client();
    let get = |page: &'static str| c.get(format!("{}{page}", server.base)).send();

    let resp = get("/layanan/paspor-baru").await.unwrap();
    assert_eq!(resp.headers()["cache-control"], "no-cache");
    assert_eq!(resp.headers()["content-location"], "/pages/layanan/paspor-baru.html");
    assert!(resp.text().await.unwrap().contains("Paspor baru"));
    assert!(get("/lokasi").await.unwrap().text().await.unwrap().contains("Lokasi"));
    // A shared link's tags do not hide a page named by its path.
    let tagged = get("/layanan/paspor-baru?utm_source=wa").await.unwrap();
    assert_eq!(tagged.headers()["content-location"], "/pages/layanan/paspor-baru.html");

    // A page named by its query: only that query.
    let booking = get("/pesan?layanan=pkm-poli-umum").await.unwrap();
    assert_eq!(booking.headers()["content-location"], "/pages/pesan/layanan=pkm-poli-umum.html");
    assert!(booking.text().await.unwrap().contains("Di mana"));

    // A service the build did not know, a later step, and pages that depend on the device: the
    // shell, unnamed.
    for page in [
        "/layanan/layanan-baru",
        "/layanan",
        "/pesan",
        "/pesan?layanan=pkm-poli-umum&langkah=tanggal",
        "/pesan?layanan=lain",
        "/pesanan-saya",
    ] {
        let resp = get(page).await.unwrap();
        assert!(resp.headers().get("content-location").is_none(), "{page}");
        assert!(resp.text().await.unwrap().contains("Loket shell"), "{page}");
    }
    server.stop().await;
}

#[tokio::test]
async fn hashed_assets_are_immutable_compressed_and_revalidate_with_304() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path()).await;
    let c = client();
    let url = format!("{}/loket-0123456789abcdef_bg.wasm", server.base);

    let br = c.get(&url).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["content-type"], "application/wasm");
    assert_eq!(br.headers()["vary"], "Accept-Encoding");
    let etag = br.headers()["etag"].to_str().unwrap().to_owned();
    assert!(br.bytes().await.unwrap().len() < 4096);

    let gz = c.get(&url).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");

    let plain = c.get(&url).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().len(), 4096);

    let again = c.get(&url).header("accept-encoding", "br").header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    let icon = c.get(format!("{}/icon.png", server.base)).header("accept-encoding", "br").send().await.unwrap();
    assert!(icon.headers().get("content-encoding").is_none(), "images are not recompressed");
    assert_eq!(icon.headers()["cache-control"], "public, max-age=86400");
    server.stop().await;
}

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/loket.sqlite3");
    let server = start(dir.path()).await;
    let before = created_at(&db).await;
    server.stop().await;
    let server = start(dir.path()).await;
    let resp = client().get(format!("{}/api/v1/health", server.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(created_at(&db).await, before, "the first start's record is kept, not recreated");
    server.stop().await;
}

/// The database's creation stamp, read through the server's own storage layer.
async fn created_at(db: &Path) -> String {
    let store = loket_server::sqlite::db::Db::open(db).unwrap();
    store.call(|c| c.query_row("SELECT value FROM server_meta WHERE key = 'created_at'", [], |r| r.get(0))).await.unwrap()
}

// --- The binary, as an operator meets it.

fn one_line_error(output: std::process::Output) -> String {
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "exactly one line, got: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.starts_with("loket-server: error: "), "{stderr}");
    stderr
}

#[test]
fn a_bad_config_is_one_readable_line_and_exit_2() {
    let out = server_bin().env("LOKET_ADDR", "not-an-address").output().unwrap();
    let line = one_line_error(out);
    assert!(line.contains("LOKET_ADDR"), "{line}");
}

#[test]
fn an_unwritable_data_directory_is_one_readable_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = server_bin().env("LOKET_DATABASE", blocker.join("loket.sqlite3")).env("LOKET_DIST", dir.path()).output().unwrap();
    let line = one_line_error(out);
    assert!(line.contains("cannot create data directory"), "{line}");
}

/// SIGTERM sent the moment the server logs that it listens (right after the port opens), as an orchestrator's quick restart would: the
/// handlers must already be in place then. Before they were installed ahead of the listener,
/// CI once saw the process die of the signal instead of stopping; several rounds widen the net.
#[test]
fn sigterm_stops_the_server_cleanly() {
    for _ in 0..5 {
        sigterm_as_soon_as_the_port_answers();
    }
}

fn sigterm_as_soon_as_the_port_answers() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    let mut cmd = server_bin();
    cmd.env("LOKET_DATABASE", dir.path().join("db.sqlite3")).env("LOKET_DIST", &dist);
    let server = process::spawn(cmd, "info");
    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let (status, logs) = server.wait();
    assert!(status.success(), "exit {status:?}");
    for line in logs.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(entry.get("level").is_some(), "{line}");
    }
    assert!(logs.contains("shutdown requested"), "{logs}");
}
