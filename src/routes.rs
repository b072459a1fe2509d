//! Every path of the app, in one place: views build links with these, never with `format!`.
//! Paths are Indonesian: they are what citizens see, share and read aloud.

pub const HOME: &str = "/";
pub const BOOKING: &str = "/pesan";
pub const TRACK: &str = "/lacak";
pub const MY_BOOKINGS: &str = "/pesanan-saya";
pub const LOCATIONS: &str = "/lokasi";

/// The booking flow started for one service: `/pesan?layanan=<id>`.
pub fn booking_for(service_id: &str) -> String {
    format!("{BOOKING}?layanan={}", encode_segment(service_id))
}

/// A location's page: `/lokasi/<id>`.
pub fn location(id: &str) -> String {
    format!("{LOCATIONS}/{}", encode_segment(id))
}

/// OpenStreetMap at a point: works on any phone without an app or an API key.
pub fn map_link(latitude: f64, longitude: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=17/{latitude}/{longitude}")
}

/// The service detail page: `/layanan/<id>`.
pub fn service(id: &str) -> String {
    format!("/layanan/{}", encode_segment(id))
}

/// Percent-encodes a path segment so that an id can never change the route it lands on.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_links_keep_plain_ids_readable() {
        assert_eq!(service("e-ktp-baru"), "/layanan/e-ktp-baru");
    }

    #[test]
    fn location_booking_and_map_links() {
        assert_eq!(location("mpp-kota-jayapura"), "/lokasi/mpp-kota-jayapura");
        assert_eq!(booking_for("paspor baru"), "/pesan?layanan=paspor%20baru");
        assert_eq!(map_link(-2.5, 140.7), "https://www.openstreetmap.org/?mlat=-2.5&mlon=140.7#map=17/-2.5/140.7");
    }

    #[test]
    fn service_links_cannot_escape_their_segment() {
        assert_eq!(service("../lacak"), "/layanan/..%2Flacak");
        assert_eq!(service("a b?c#d"), "/layanan/a%20b%3Fc%23d");
        assert_eq!(service("kesehatan/poli"), "/layanan/kesehatan%2Fpoli");
    }
}
