//! The built app (Trunk's `dist/`), loaded into memory at start with brotli and gzip copies made
//! once, so every request is served without touching the disk or compressing again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::encoded::Encoded;

/// How long a browser may keep a file without asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// The name carries a content hash: a new build gets a new name, so keep it for a year.
    Immutable,
    /// The entry points (`index.html`, `config.json`, the service worker, the manifest): always
    /// revalidate, or a deployment could never reach its citizens.
    NoCache,
    /// Anything else (icons): a day.
    Short,
}

impl CachePolicy {
    pub fn header_value(self) -> &'static str {
        match self {
            CachePolicy::Immutable => "public, max-age=31536000, immutable",
            CachePolicy::NoCache => "no-cache",
            CachePolicy::Short => "public, max-age=86400",
        }
    }
}

pub struct Asset {
    pub body: Encoded,
    pub content_type: &'static str,
    pub cache: CachePolicy,
}

pub struct Assets {
    /// Keyed by URL path, e.g. `/index.html`.
    files: HashMap<String, Asset>,
}

#[derive(Debug)]
pub enum AssetsError {
    Missing(PathBuf),
    NoIndex(PathBuf),
    Read { path: PathBuf, source: std::io::Error },
}

impl std::fmt::Display for AssetsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssetsError::Missing(dir) => {
                write!(f, "app directory {} not found: build the app (scripts/build) or set LOKET_DIST", dir.display())
            }
            AssetsError::NoIndex(dir) => {
                write!(f, "app directory {} has no index.html: is it a Trunk dist?", dir.display())
            }
            AssetsError::Read { path, source } => write!(f, "cannot read {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for AssetsError {}

impl Assets {
    pub fn load(dir: &Path) -> Result<Assets, AssetsError> {
        if !dir.is_dir() {
            return Err(AssetsError::Missing(dir.to_owned()));
        }
        let mut files = HashMap::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(current) = pending.pop() {
            let read_err = |source| AssetsError::Read { path: current.clone(), source };
            for entry in std::fs::read_dir(&current).map_err(read_err)? {
                let path = entry.map_err(read_err)?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let bytes = std::fs::read(&path).map_err(|source| AssetsError::Read { path: path.clone(), source })?;
                let relative = path.strip_prefix(dir).expect("walked below dir");
                let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
                files.insert(url.clone(), Asset::new(&url, bytes));
            }
        }
        if !files.contains_key("/index.html") {
            return Err(AssetsError::NoIndex(dir.to_owned()));
        }
        Ok(Assets { files })
    }

    pub fn get(&self, url_path: &str) -> Option<&Asset> {
        self.files.get(url_path)
    }

    pub fn index(&self) -> &Asset {
        &self.files["/index.html"]
    }

    /// What a page gets: its own prerendered first HTML, else the prerendered shell, else
    /// `index.html` (a build without the prerender). `scripts/prerender.mjs` writes the pages made
    /// from the catalogue alone: `pages/<path>.html`, or `pages/<path>/<query>.html` for a page
    /// that its query names (a booking's first question); a page by path alone also answers that
    /// path with any other query (a shared link's tracking tags). The first of the pair is the
    /// file's URL path, for `Content-Location`.
    pub fn page(&self, path: &str, query: Option<&str>) -> (Option<String>, &Asset) {
        let path = path.trim_end_matches('/');
        let by_query = query.filter(|q| !q.is_empty()).map(|q| format!("/pages{path}/{q}.html"));
        let own = by_query
            .into_iter()
            .chain([format!("/pages{path}.html")])
            .filter(|_| !path.is_empty())
            .find_map(|own| self.files.get(&own).map(|asset| (own, asset)));
        match own {
            Some((own, asset)) => (Some(own), asset),
            None => (None, self.files.get("/shell.html").unwrap_or_else(|| self.index())),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file by URL path, sorted, for reports.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Asset)> {
        let mut all: Vec<_> = self.files.iter().map(|(k, v)| (k.as_str(), v)).collect();
        all.sort_by_key(|(k, _)| *k);
        all.into_iter()
    }
}

impl Asset {
    fn new(url: &str, bytes: Vec<u8>) -> Asset {
        let content_type = content_type(url);
        let body = if url.starts_with("/pages/") { Encoded::new_page(bytes) } else { Encoded::new(bytes, is_compressible(content_type)) };
        Asset { body, content_type, cache: cache_policy(url) }
    }
}

fn content_type(url: &str) -> &'static str {
    let ext = url.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(content_type, "application/wasm" | "application/json" | "application/manifest+json" | "image/svg+xml")
}

fn cache_policy(url: &str) -> CachePolicy {
    let name = url.rsplit('/').next().unwrap_or(url);
    // Every HTML page names this build's hashed script, so it is an entry point too.
    if name.ends_with(".html") || matches!(name, "config.json" | "sw.js" | "manifest.webmanifest" | "__wasm_split.js") {
        CachePolicy::NoCache
    } else if has_content_hash(name) {
        CachePolicy::Immutable
    } else {
        CachePolicy::Short
    }
}

/// Trunk names built files `stem-<hash>` followed by `_bg.wasm`, `.js` or `.css`, the hash a
/// 64-bit number in hex without leading zeros (so 13 to 16 digits in practice; 12 is the floor
/// that no ordinary name such as `icon-192.png` reaches).
fn has_content_hash(name: &str) -> bool {
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        (12..=16).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_immutable_and_entry_points_are_not() {
        assert_eq!(cache_policy("/loket-8c1d2a7f3b9e0a64_bg.wasm"), CachePolicy::Immutable);
        assert_eq!(cache_policy("/loket-8c1d2a7f3b9e0a64.js"), CachePolicy::Immutable);
        assert_eq!(cache_policy("/main-0123456789abcdef.css"), CachePolicy::Immutable);
        assert_eq!(cache_policy("/loket-c5460efe8ca044c.js"), CachePolicy::Immutable, "15 digits: a leading zero dropped");
        assert_eq!(cache_policy("/icons/icon-192.png"), CachePolicy::Short);
        assert_eq!(cache_policy("/index.html"), CachePolicy::NoCache);
        assert_eq!(cache_policy("/config.json"), CachePolicy::NoCache);
        assert_eq!(cache_policy("/pages/layanan/paspor-baru.html"), CachePolicy::NoCache);
        assert_eq!(cache_policy("/sw.js"), CachePolicy::NoCache);
        // The split loader keeps its name across builds (the main script imports it by name).
        assert_eq!(cache_policy("/__wasm_split.js"), CachePolicy::NoCache);
        assert_eq!(cache_policy("/split___track_page_view_1281866918154103-0123456789abcdef.wasm"), CachePolicy::Immutable);
        assert_eq!(cache_policy("/icons/icon-192.png"), CachePolicy::Short);
        assert_eq!(cache_policy("/mal-pelayanan-publik.css"), CachePolicy::Short);
    }

    #[test]
    fn compresses_text_and_wasm_but_not_images() {
        let text = "Mal Pelayanan Publik ".repeat(200).into_bytes();
        assert!(Asset::new("/index.html", text.clone()).body.brotli.is_some());
        assert!(Asset::new("/loket-0123456789abcdef_bg.wasm", text.clone()).body.brotli.is_some());
        assert!(Asset::new("/icon.png", text).body.brotli.is_none());
    }

    #[test]
    fn a_dist_without_index_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "x").unwrap();
        assert!(matches!(Assets::load(dir.path()), Err(AssetsError::NoIndex(_))));
        assert!(matches!(Assets::load(&dir.path().join("nope")), Err(AssetsError::Missing(_))));
    }
}
