use serde::{Deserialize, Serialize};

/// Indonesia's three time zones. Every time the app shows is labelled with one of these, in the
/// zone of the place it happens, never in the phone's zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zone {
    /// Waktu Indonesia Barat, UTC+7: Sumatra, Java, West and Central Kalimantan.
    #[serde(rename = "Asia/Jakarta")]
    Wib,
    /// Waktu Indonesia Tengah, UTC+8: Bali, Nusa Tenggara, Sulawesi, South/East/North Kalimantan.
    #[serde(rename = "Asia/Makassar")]
    Wita,
    /// Waktu Indonesia Timur, UTC+9: Maluku and Papua.
    #[serde(rename = "Asia/Jayapura")]
    Wit,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Wib, Zone::Wita, Zone::Wit];

    /// The IANA name used on the wire.
    pub fn iana(self) -> &'static str {
        match self {
            Zone::Wib => "Asia/Jakarta",
            Zone::Wita => "Asia/Makassar",
            Zone::Wit => "Asia/Jayapura",
        }
    }

    /// Accepts the three canonical names and the other IANA names of the same offsets inside
    /// Indonesia still found in real data (Asia/Pontianak; the old link Asia/Ujung_Pandang).
    pub fn from_iana(name: &str) -> Option<Zone> {
        match name {
            "Asia/Jakarta" | "Asia/Pontianak" => Some(Zone::Wib),
            "Asia/Makassar" | "Asia/Ujung_Pandang" => Some(Zone::Wita),
            "Asia/Jayapura" => Some(Zone::Wit),
            _ => None,
        }
    }

    /// The label Indonesians read after a time: "09.30 WITA".
    pub fn label(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    /// Offset from UTC in minutes. Indonesia keeps no daylight saving time, so it is fixed.
    pub fn utc_offset_minutes(self) -> i32 {
        match self {
            Zone::Wib => 7 * 60,
            Zone::Wita => 8 * 60,
            Zone::Wit => 9 * 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_zone_through_its_iana_name() {
        for zone in Zone::ALL {
            assert_eq!(Zone::from_iana(zone.iana()), Some(zone));
            let json = serde_json::to_string(&zone).unwrap();
            assert_eq!(json, format!("\"{}\"", zone.iana()));
            assert_eq!(serde_json::from_str::<Zone>(&json).unwrap(), zone);
        }
    }

    #[test]
    fn labels_and_offsets_are_the_official_ones() {
        assert_eq!((Zone::Wib.label(), Zone::Wib.utc_offset_minutes()), ("WIB", 420));
        assert_eq!((Zone::Wita.label(), Zone::Wita.utc_offset_minutes()), ("WITA", 480));
        assert_eq!((Zone::Wit.label(), Zone::Wit.utc_offset_minutes()), ("WIT", 540));
    }

    #[test]
    fn foreign_zones_are_refused() {
        assert_eq!(Zone::from_iana("Asia/Singapore"), None);
        assert_eq!(Zone::from_iana(""), None);
    }
}
