//! `size-report DIST`: what a first visit to the built app downloads, per file and in total,
//! raw, gzip and brotli, compressed exactly as the reference server sends it; and the whole
//! build, with the lazily loaded page modules that the first visit does not wait for.

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
    // The split loader is imported by the main script at start.
    let mut first_load: Vec<String> = vec!["/index.html".into(), "/config.json".into(), "/__wasm_split.js".into()];
    first_load.extend(referenced_paths(&index).filter(|p| assets.get(p).is_some()));
    first_load.sort();
    first_load.dedup();

    println!("{:<46} {:>10} {:>10} {:>10}  first-load", "file", "raw", "gzip", "brotli");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    let (mut split_files, mut split) = (0, [0; 3]);
    let (mut pages, mut page_sizes) = (0, [0; 3]);
    let mut all = [0; 3];
    for (path, asset) in assets.iter() {
        // What the server sends: the compressed copy where one is smaller, else the file itself.
        let r = asset.body.identity.len();
        let g = asset.body.gzip.as_ref().map_or(r, Vec::len);
        let b = asset.body.brotli.as_ref().map_or(r, Vec::len);
        // A prerendered page is the first HTML of its own path, in place of index.html; the
        // service worker does not keep them.
        if path.starts_with("/pages/") {
            pages += 1;
            page_sizes = [page_sizes[0] + r, page_sizes[1] + g, page_sizes[2] + b];
            continue;
        }
        all = [all[0] + r, all[1] + g, all[2] + b];
        if is_split_module(path) {
            split_files += 1;
            split = [split[0] + r, split[1] + g, split[2] + b];
            continue;
        }
        let first = first_load.iter().any(|p| p == path);
        println!("{path:<46} {r:>10} {g:>10} {b:>10}  {}", if first { "yes" } else { "" });
        if first {
            raw += r;
            gz += g;
            br += b;
        }
    }
    let [sr, sg, sb] = split;
    println!("{:<46} {sr:>10} {sg:>10} {sb:>10}", format!("lazily loaded page modules ({split_files} files)"));
    if pages > 0 {
        let [pr, pg, pb] = page_sizes;
        println!("{:<46} {pr:>10} {pg:>10} {pb:>10}", format!("prerendered pages ({pages} files)"));
        println!("{:<46} {:>10} {:>10} {:>10}", "  each, on average", pr / pages, pg / pages, pb / pages);
    }
    let [ar, ag, ab] = all;
    println!("{:<46} {ar:>10} {ag:>10} {ab:>10}", "TOTAL whole build (the service worker's copy)");
    println!("{:<46} {raw:>10} {gz:>10} {br:>10}", "TOTAL first load");
    println!("first-load brotli {br} B of budget {BUDGET_BROTLI} B: ratio {:.3}", br as f64 / BUDGET_BROTLI as f64);
    ExitCode::SUCCESS
}

/// A module split off at a lazy route (scripts/place-split.mjs), fetched when its page is.
fn is_split_module(path: &str) -> bool {
    (path.starts_with("/split_") || path.starts_with("/chunk_")) && path.ends_with(".wasm")
}

/// Absolute paths in `href="/…"` and `src="/…"` attributes (and Trunk's module import).
fn referenced_paths(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split(['"', '\''])
        .filter(|s| s.starts_with('/') && !s.starts_with("//") && s.len() > 1)
        .map(|s| s.split(['?', '#']).next().unwrap_or(s).to_owned())
}
