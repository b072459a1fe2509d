//! Indonesia's official province and regency codes (Kemendagri), from the npm package
//! `idn-area-data` (ODbL; see `data/idn-area/README.md`).

const PROVINCES_CSV: &str = include_str!("../../data/idn-area/provinces.csv");
const REGENCIES_CSV: &str = include_str!("../../data/idn-area/regencies.csv");

/// A province: two-digit code and official name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    pub name: &'static str,
}

/// A regency or city: code `PP.RR`, its province's code and official name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regency {
    pub code: &'static str,
    pub province_code: &'static str,
    pub name: &'static str,
}

/// Every province, in code order.
pub fn provinces() -> impl Iterator<Item = Province> {
    rows(PROVINCES_CSV).map(|mut cols| Province { code: cols.next().unwrap_or_default(), name: cols.next().unwrap_or_default() })
}

/// Every regency and city, in code order.
pub fn regencies() -> impl Iterator<Item = Regency> {
    rows(REGENCIES_CSV).map(|mut cols| Regency {
        code: cols.next().unwrap_or_default(),
        province_code: cols.next().unwrap_or_default(),
        name: cols.next().unwrap_or_default(),
    })
}

/// The time zone a province keeps (Perpres 41/1987; fixed offsets, no daylight saving).
pub fn province_zone(code: &str) -> Option<crate::Zone> {
    use crate::Zone::*;
    let zone = match code {
        // Sumatra, Java, West and Central Kalimantan.
        "11" | "12" | "13" | "14" | "15" | "16" | "17" | "18" | "19" | "21" | "31" | "32" | "33" | "34" | "35" | "36" | "61" | "62" => Wib,
        // Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi.
        "51" | "52" | "53" | "63" | "64" | "65" | "71" | "72" | "73" | "74" | "75" | "76" => Wita,
        // Maluku and Papua.
        "81" | "82" | "91" | "92" | "93" | "94" | "95" | "96" => Wit,
        _ => return None,
    };
    Some(zone)
}

pub fn province_exists(code: &str) -> bool {
    provinces().any(|p| p.code == code)
}

pub fn regency(code: &str) -> Option<Regency> {
    regencies().find(|r| r.code == code)
}

/// Data rows after the header, split on commas (no field of these files holds a comma).
fn rows(csv: &'static str) -> impl Iterator<Item = std::str::Split<'static, char>> {
    csv.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_eight_provinces_and_514_regencies() {
        assert_eq!(provinces().count(), 38);
        assert_eq!(regencies().count(), 514);
    }

    #[test]
    fn includes_the_2022_papua_provinces() {
        for code in ["93", "94", "95", "96"] {
            assert!(province_exists(code), "{code}");
        }
        assert!(!province_exists("20"));
        assert!(!province_exists("97"));
    }

    #[test]
    fn every_province_has_its_zone() {
        for p in provinces() {
            assert!(province_zone(p.code).is_some(), "{p:?}");
        }
        assert_eq!(province_zone("31"), Some(crate::Zone::Wib));
        assert_eq!(province_zone("73"), Some(crate::Zone::Wita));
        assert_eq!(province_zone("94"), Some(crate::Zone::Wit));
        assert_eq!(province_zone("20"), None);
    }

    #[test]
    fn every_regency_belongs_to_a_known_province() {
        for r in regencies() {
            assert!(province_exists(r.province_code), "{r:?}");
            assert!(r.code.starts_with(r.province_code), "{r:?}");
        }
        assert_eq!(regency("91.71").map(|r| r.name), Some("Kota Jayapura"));
    }
}
