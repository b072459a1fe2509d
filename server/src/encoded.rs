//! A response body held in memory with its brotli and gzip copies made once, served to each
//! client in the best encoding it accepts, with a strong validator per encoding.

use std::io::Write;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub struct Encoded {
    pub identity: Vec<u8>,
    pub brotli: Option<Vec<u8>>,
    pub gzip: Option<Vec<u8>>,
    /// Strong validator of the uncompressed bytes, without quotes.
    pub etag: String,
}

impl Encoded {
    /// Keeps compressed copies only where they are smaller (images are already compressed).
    pub fn new(identity: Vec<u8>, compress: bool) -> Encoded {
        let quality = compress.then(|| brotli_quality(identity.len()));
        Encoded::with_brotli_quality(identity, quality)
    }

    /// One of many small pages (the prerendered pages, one per service): brotli's quick level.
    /// At its best level each takes 30 times as long (about 56 ms in a debug build, so 205 pages
    /// added 11 s to every server start) to save about 300 B, 10%, of a 3 KB page.
    pub fn new_page(identity: Vec<u8>) -> Encoded {
        Encoded::with_brotli_quality(identity, Some(QUICK))
    }

    fn with_brotli_quality(identity: Vec<u8>, quality: Option<i32>) -> Encoded {
        let (brotli, gzip) = match quality {
            Some(quality) => (
                Some(brotli_compress_at(&identity, quality)).filter(|c| c.len() < identity.len()),
                Some(gzip_compress(&identity)).filter(|c| c.len() < identity.len()),
            ),
            None => (None, None),
        };
        let digest = Sha256::digest(&identity);
        let etag = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Encoded { identity, brotli, gzip, etag }
    }

    /// 200 with the body in the chosen encoding, or 304 when `If-None-Match` names it.
    pub fn respond(&self, request: &HeaderMap, content_type: &'static str, cache_control: &'static str) -> Response {
        let accepted = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        let (coding, suffix, body) = match (&self.brotli, &self.gzip) {
            (Some(br), _) if accepts(accepted, "br") => (Some("br"), "-br", br),
            (_, Some(gz)) if accepts(accepted, "gzip") => (Some("gzip"), "-gz", gz),
            _ => (None, "", &self.identity),
        };
        // Each encoding is its own representation, so each gets its own strong validator.
        let etag = format!("\"{}{suffix}\"", self.etag);
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
        headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex etag"));
        if self.brotli.is_some() || self.gzip.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        }
        if if_none_match(request, &etag) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        (headers, body.clone()).into_response()
    }
}

/// Whether `If-None-Match` lists `etag` (or `*`).
pub fn if_none_match(request: &HeaderMap, etag: &str) -> bool {
    request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"))
}

/// Bodies above this get a faster compression level: the best level on a multi-megabyte
/// catalogue would hold its first request for a minute. The app's main wasm (about 1 MB) must
/// stay below it with room to grow: at 1 MiB it crossed over and every first visit paid 45 KB
/// more for it.
const LARGE: usize = 2 << 20;

/// Brotli's quick level: about 10% larger than the best on a prerendered page, 30 times faster.
const QUICK: i32 = 5;

/// Brotli's quality for a body of `len` bytes.
fn brotli_quality(len: usize) -> i32 {
    if len > LARGE {
        QUICK
    } else {
        11
    }
}

fn brotli_compress_at(data: &[u8], quality: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    let params = brotli::enc::BrotliEncoderParams { quality, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in-memory brotli cannot fail");
    out
}

pub fn gzip_compress(data: &[u8]) -> Vec<u8> {
    let level = if data.len() > LARGE { flate2::Compression::default() } else { flate2::Compression::best() };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(data).expect("in-memory gzip cannot fail");
    encoder.finish().expect("in-memory gzip cannot fail")
}

/// Whether `Accept-Encoding` lists `coding` without refusing it (`;q=0`).
fn accepts(header_value: &str, coding: &str) -> bool {
    header_value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_accept_encoding_with_q_values() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("brotli", "br"));
    }

    #[test]
    fn the_apps_wasm_gets_the_best_compression_and_only_huge_bodies_a_faster_one() {
        assert_eq!(brotli_quality(1_050_301), 11, "the main wasm of a release build");
        assert_eq!(brotli_quality(1_600_000), 11, "room to grow");
        assert_eq!(brotli_quality(22_115_919), 5, "a 10,000-service catalogue");
    }

    #[test]
    fn a_prerendered_page_is_compressed_quickly_and_decodes_to_itself() {
        let page = "<li class=\"service-card\"><a href=\"/layanan/paspor-baru\">Paspor</a></li>".repeat(100).into_bytes();
        let encoded = Encoded::new_page(page.clone());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &encoded.brotli.expect("smaller than the page")[..], &mut decoded).unwrap();
        assert_eq!(decoded, page);
        assert!(encoded.gzip.is_some());
    }

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let text = "Mal Pelayanan Publik ".repeat(200).into_bytes();
        let body = Encoded::new(text.clone(), true);
        let br = body.brotli.as_ref().expect("brotli copy");
        assert!(br.len() < text.len() / 10);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text);
        assert!(Encoded::new(text, false).brotli.is_none());
    }
}
