//! `size-report DIST`: what a first visit to the built app downloads, per file and in total,
//! raw, gzip and brotli, compressed exactly as the reference server sends it.

use std::path::PathBuf;
use std::process::ExitCode;

use loket_server::assets::Assets;

/// The first-load budget (issue: quality gates), brotli bytes for HTML + JS + wasm + CSS.
const BUDGET_BROTLI: usize = 160 * 1000;

fn main() -> ExitCode {
    let dist = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".into()));
    let assets = match Assets::load(&dist) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("size-report: error: {e}");
            return ExitCode::from(2);
        }
    };
    let index = String::from_utf8_lossy(&assets.index().body.identity).into_owned();
    // What the first visit fetches: the page, what it references, and the runtime config.
    let mut first_load: Vec<String> = vec!["/index.html".into(), "/config.json".into()];
    first_load.extend(referenced_paths(&index).filter(|p| assets.get(p).is_some()));
    first_load.sort();
    first_load.dedup();

    println!("{:<46} {:>10} {:>10} {:>10}  first-load", "file", "raw", "gzip", "brotli");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for (path, asset) in assets.iter() {
        // What the server sends: the compressed copy where one is smaller, else the file itself.
        let r = asset.body.identity.len();
        let g = asset.body.gzip.as_ref().map_or(r, Vec::len);
        let b = asset.body.brotli.as_ref().map_or(r, Vec::len);
        let first = first_load.iter().any(|p| p == path);
        println!("{path:<46} {r:>10} {g:>10} {b:>10}  {}", if first { "yes" } else { "" });
        if first {
            raw += r;
            gz += g;
            br += b;
        }
    }
    println!("{:<46} {raw:>10} {gz:>10} {br:>10}", "TOTAL first load");
    println!(
        "first-load brotli {br} B of budget {BUDGET_BROTLI} B: ratio {:.3}",
        br as f64 / BUDGET_BROTLI as f64
    );
    ExitCode::SUCCESS
}

/// Absolute paths in `href="/…"` and `src="/…"` attributes (and Trunk's module import).
fn referenced_paths(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split(['"', '\''])
        .filter(|s| s.starts_with('/') && !s.starts_with("//") && s.len() > 1)
        .map(|s| s.split(['?', '#']).next().unwrap_or(s).to_owned())
}
