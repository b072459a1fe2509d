//! A facility's FHIR Location, with its Organization and HealthcareServices, as a place of
//! Loket's catalogue. The FHIR server is the source of what the facility itself keeps: the
//! place's name, address, position, phone, opening hours and, above all, its zone. What only
//! Loket knows (the place's id in the catalogue, its kind, the agencies at it, which Loket
//! service each HealthcareService is) comes from the deployment's settings as a [`PlaceMapping`].
//! Opening hours keep each span apart (a lunch break is closed time); a span past midnight is
//! left out, as Loket's opening rules do not read one.

use loket_contract::area;
use loket_contract::catalogue::{Location, LocationKind, OpeningHours};
use loket_contract::{Text, Zone};
use serde_json::Value;

use super::{FhirClient, FhirError};

/// R4's core extension naming a resource's IANA time zone.
pub const TIMEZONE_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/timezone";
/// SATUSEHAT's address extension carrying Kemendagri's area codes (`province`, `city`, …).
pub const ADMINISTRATIVE_CODE_EXTENSION: &str = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode";

/// What Loket's catalogue holds about a FHIR-backed place that the FHIR server does not.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMapping {
    /// The place's id in Loket's catalogue.
    pub id: String,
    /// The FHIR Location's id.
    pub fhir_location: String,
    pub kind: LocationKind,
    pub agency_ids: Vec<String>,
    /// `(HealthcareService id, Loket service id)`: the services booked through this place.
    pub services: Vec<(String, String)>,
}

/// Why a Location cannot be shown as a place. Each would send a citizen wrong: at the wrong
/// hour (no zone), or to the wrong region's listing (no regency), so the place is left out and
/// the reason logged rather than guessed.
#[derive(Debug, PartialEq)]
pub enum PlaceError {
    /// The facility has closed the Location (`inactive`) or suspended it.
    NotActive,
    NoName,
    /// Neither the timezone extension nor a province code says which of WIB, WITA, WIT it keeps.
    NoZone,
    /// No Kemendagri city code, and no `address.city` that names a regency.
    NoRegency,
    NoPosition,
}

/// Reads the Location, its managing Organization and the HealthcareServices at it, and makes
/// the place. `Ok(Err(_))` is a Location the FHIR server has but Loket cannot show.
pub async fn read_place(fhir: &FhirClient, mapping: &PlaceMapping) -> Result<Result<Location, PlaceError>, FhirError> {
    let location = fhir.read("Location", &mapping.fhir_location).await?.resource;
    let organization = match location["managingOrganization"]["reference"].as_str().and_then(|r| r.strip_prefix("Organization/")) {
        Some(id) => Some(fhir.read("Organization", id).await?.resource),
        None => None,
    };
    let at = format!("Location/{}", mapping.fhir_location);
    let services = fhir.search("HealthcareService", &[("location", &at)]).await?;
    Ok(place(mapping, &location, organization.as_ref(), &services))
}

/// The place, from resources already read.
pub fn place(mapping: &PlaceMapping, location: &Value, organization: Option<&Value>, services: &[Value]) -> Result<Location, PlaceError> {
    if location["status"].as_str().is_some_and(|s| s != "active") {
        return Err(PlaceError::NotActive);
    }
    let name = location["name"].as_str().filter(|n| !n.trim().is_empty()).ok_or(PlaceError::NoName)?;
    let address = &location["address"];
    let codes = area_codes(address);
    let zone = extension(location, TIMEZONE_EXTENSION)
        .and_then(|e| e["valueCode"].as_str())
        .and_then(Zone::from_iana)
        .or_else(|| codes.province.as_deref().and_then(area::province_zone))
        .ok_or(PlaceError::NoZone)?;
    let regency_code = regency_code(&codes, address).ok_or(PlaceError::NoRegency)?;
    let (Some(latitude), Some(longitude)) = (location["position"]["latitude"].as_f64(), location["position"]["longitude"].as_f64()) else {
        return Err(PlaceError::NoPosition);
    };
    let offered: Vec<&Value> = services.iter().filter(|s| s["active"] != false).collect();
    let service_ids = mapping
        .services
        .iter()
        .filter(|(fhir_id, _)| offered.iter().any(|s| s["id"] == fhir_id.as_str()))
        .map(|(_, loket_id)| loket_id.clone())
        .collect();
    Ok(Location {
        id: mapping.id.clone(),
        kind: mapping.kind,
        // A proper name: the same in both languages.
        name: Text { id: name.to_owned(), en: name.to_owned() },
        address: one_line(address),
        regency_code,
        latitude,
        longitude,
        time_zone: zone,
        phone: phone(location).or_else(|| organization.and_then(phone)).unwrap_or_default(),
        opening_hours: opening_hours(location, &offered),
        closures: Vec::new(),
        agency_ids: mapping.agency_ids.clone(),
        service_ids,
    })
}

#[derive(Default)]
struct AreaCodes {
    province: Option<String>,
    city: Option<String>,
}

fn area_codes(address: &Value) -> AreaCodes {
    let Some(codes) = extension(address, ADMINISTRATIVE_CODE_EXTENSION) else { return AreaCodes::default() };
    let part = |name: &str| {
        let parts = codes["extension"].as_array()?;
        let part = parts.iter().find(|p| p["url"] == name)?;
        part["valueCode"].as_str().map(str::to_owned)
    };
    AreaCodes { province: part("province"), city: part("city") }
}

/// `PP.RR` from the city code (`7471`), or else from the regency's official name in
/// `address.city` (`Kota Kendari`); either must name a regency that exists.
fn regency_code(codes: &AreaCodes, address: &Value) -> Option<String> {
    let from_code =
        codes.city.as_deref().filter(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit())).map(|c| format!("{}.{}", &c[..2], &c[2..]));
    if let Some(regency) = from_code.as_deref().and_then(area::regency) {
        return Some(regency.code.to_owned());
    }
    let city = address["city"].as_str()?.trim();
    area::regencies().find(|r| r.name.eq_ignore_ascii_case(city)).map(|r| r.code.to_owned())
}

fn extension<'a>(resource: &'a Value, url: &str) -> Option<&'a Value> {
    resource["extension"].as_array()?.iter().find(|e| e["url"] == url)
}

fn one_line(address: &Value) -> String {
    if let Some(text) = address["text"].as_str() {
        return text.to_owned();
    }
    let lines = address["line"].as_array().into_iter().flatten().filter_map(Value::as_str);
    let rest = ["district", "city", "state", "postalCode"].into_iter().filter_map(|k| address[k].as_str());
    lines.chain(rest).filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(", ")
}

fn phone(resource: &Value) -> Option<String> {
    let telecom = resource["telecom"].as_array()?;
    telecom.iter().find(|t| t["system"] == "phone").and_then(|t| t["value"].as_str()).map(str::to_owned)
}

/// The Location's own hours (`hoursOfOperation`), or else the hours its services are available
/// (`availableTime`): every span of every weekday.
fn opening_hours(location: &Value, services: &[&Value]) -> Vec<OpeningHours> {
    let own: Vec<(&Value, &str, &str)> =
        location["hoursOfOperation"].as_array().into_iter().flatten().map(|h| (h, "openingTime", "closingTime")).collect();
    let spans = if own.is_empty() {
        services
            .iter()
            .flat_map(|s| s["availableTime"].as_array().into_iter().flatten())
            .map(|t| (t, "availableStartTime", "availableEndTime"))
            .collect()
    } else {
        own
    };
    let mut days: Vec<OpeningHours> = Vec::new();
    for (span, opens, closes) in spans {
        // The last minute, not 24:00, which no opening-hours rule of Loket reads as a time.
        let (opens, closes) =
            if span["allDay"] == true { (Some("00:00"), Some("23:59")) } else { (hh_mm(&span[opens]), hh_mm(&span[closes])) };
        // A span past midnight or with a time missing is not one Loket can show.
        let (Some(opens), Some(closes)) = (opens, closes) else { continue };
        if opens >= closes {
            continue;
        }
        for weekday in span["daysOfWeek"].as_array().into_iter().flatten().filter_map(|d| weekday(d.as_str()?)) {
            let hours = OpeningHours { weekday, opens: opens.to_owned(), closes: closes.to_owned() };
            if !days.contains(&hours) {
                days.push(hours);
            }
        }
    }
    // Several spans of one day stay apart: a lunch break is closed time.
    days.sort_by(|a, b| (a.weekday, &a.opens).cmp(&(b.weekday, &b.opens)));
    days
}

/// `08:00:00` → `08:00`; anything else is not a time.
fn hh_mm(time: &Value) -> Option<&str> {
    let time = time.as_str()?.get(..5)?;
    let b = time.as_bytes();
    let valid = b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
    valid.then_some(time)
}

fn weekday(day: &str) -> Option<u8> {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().position(|d| *d == day).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn mapping() -> PlaceMapping {
        PlaceMapping {
            id: "pkm-poasia".into(),
            fhir_location: "pkm-poasia-gedung".into(),
            kind: LocationKind::Puskesmas,
            agency_ids: vec!["dinkes-kendari".into()],
            services: vec![("hs-umum".into(), "pkm-poli-umum".into()), ("hs-gigi".into(), "pkm-poli-gigi".into())],
        }
    }

    fn location() -> Value {
        json!({
            "resourceType": "Location", "id": "pkm-poasia-gedung", "name": "Gedung Pelayanan UPTD Puskesmas Poasia",
            "address": {"line": ["Jl. Made Sabara No. 17"], "district": "Kecamatan Poasia", "city": "Kota Kendari", "state": "Sulawesi Tenggara", "postalCode": "93232",
                "extension": [{"url": ADMINISTRATIVE_CODE_EXTENSION, "extension": [{"url": "province", "valueCode": "74"}, {"url": "city", "valueCode": "7471"}]}]},
            "position": {"latitude": -4.0125, "longitude": 122.5268},
            "extension": [{"url": TIMEZONE_EXTENSION, "valueCode": "Asia/Makassar"}],
        })
    }

    fn service(id: &str, days: &[&str], opens: &str, closes: &str) -> Value {
        json!({"resourceType": "HealthcareService", "id": id, "availableTime": [{"daysOfWeek": days, "availableStartTime": opens, "availableEndTime": closes}]})
    }

    #[test]
    fn a_location_becomes_a_place_in_its_zone_and_regency_with_the_services_mapped() {
        let services = [service("hs-umum", &["mon", "tue"], "08:00:00", "12:00:00"), service("hs-other", &["wed"], "08:00:00", "10:00:00")];
        let org = json!({"resourceType": "Organization", "telecom": [{"system": "phone", "value": "(0401) 3196 210"}]});
        let place = place(&mapping(), &location(), Some(&org), &services).unwrap();
        assert_eq!(place.time_zone, Zone::Wita);
        assert_eq!(place.regency_code, "74.71");
        assert_eq!(place.address, "Jl. Made Sabara No. 17, Kecamatan Poasia, Kota Kendari, Sulawesi Tenggara, 93232");
        assert_eq!(place.phone, "(0401) 3196 210", "the organization's phone when the place has none");
        assert_eq!(place.service_ids, ["pkm-poli-umum"], "only mapped services offered here");
        let hours: Vec<(u8, &str, &str)> = place.opening_hours.iter().map(|h| (h.weekday, h.opens.as_str(), h.closes.as_str())).collect();
        assert_eq!(hours, [(1, "08:00", "12:00"), (2, "08:00", "12:00"), (3, "08:00", "10:00")]);
    }

    #[test]
    fn the_zone_falls_back_to_the_province_and_the_regency_to_the_city_name() {
        let mut loc = location();
        loc["extension"] = json!([]);
        loc["address"]["extension"] =
            json!([{"url": ADMINISTRATIVE_CODE_EXTENSION, "extension": [{"url": "province", "valueCode": "91"}]}]);
        loc["address"]["city"] = json!("Kota Jayapura");
        let place = place(&mapping(), &loc, None, &[]).unwrap();
        assert_eq!((place.time_zone, place.regency_code.as_str()), (Zone::Wit, "91.71"));
    }

    #[test]
    fn a_place_with_no_zone_no_regency_or_no_position_is_left_out_not_guessed() {
        let mut no_zone = location();
        no_zone["extension"] = json!([]);
        no_zone["address"]["extension"] = json!([]);
        assert_eq!(place(&mapping(), &no_zone, None, &[]), Err(PlaceError::NoZone));
        let mut no_regency = location();
        no_regency["address"]["extension"] = json!([]);
        no_regency["address"]["city"] = json!("Kendari Raya");
        assert_eq!(place(&mapping(), &no_regency, None, &[]), Err(PlaceError::NoRegency));
        let mut no_position = location();
        no_position["position"] = Value::Null;
        assert_eq!(place(&mapping(), &no_position, None, &[]), Err(PlaceError::NoPosition));
    }

    #[test]
    fn a_lunch_break_stays_closed_and_a_closed_or_suspended_location_is_left_out() {
        let services = [json!({"id": "hs-umum", "availableTime": [
            {"daysOfWeek": ["mon"], "availableStartTime": "08:00:00", "availableEndTime": "12:00:00"},
            {"daysOfWeek": ["mon"], "availableStartTime": "13:00:00", "availableEndTime": "15:00:00"},
            {"daysOfWeek": ["mon"], "availableStartTime": "22:00:00", "availableEndTime": "02:00:00"},
            {"daysOfWeek": ["tue"], "availableStartTime": "8 pagi", "availableEndTime": "12:00:00"}]})];
        let place = place(&mapping(), &location(), None, &services).unwrap();
        let hours: Vec<(u8, &str, &str)> = place.opening_hours.iter().map(|h| (h.weekday, h.opens.as_str(), h.closes.as_str())).collect();
        assert_eq!(hours, [(1, "08:00", "12:00"), (1, "13:00", "15:00")], "past midnight and unreadable spans are left out");
        for status in ["inactive", "suspended"] {
            let mut closed = location();
            closed["status"] = json!(status);
            assert_eq!(super::place(&mapping(), &closed, None, &[]), Err(PlaceError::NotActive));
        }
    }

    #[test]
    fn the_locations_own_hours_come_first_and_all_day_is_the_whole_day() {
        let mut loc = location();
        loc["hoursOfOperation"] = json!([{"daysOfWeek": ["sat"], "allDay": true}]);
        let services = [service("hs-umum", &["mon"], "08:00:00", "12:00:00")];
        let place = place(&mapping(), &loc, None, &services).unwrap();
        assert_eq!(place.opening_hours, [OpeningHours { weekday: 6, opens: "00:00".into(), closes: "23:59".into() }]);
        assert!(loket_contract::time::parse_hh_mm("23:59").is_some(), "a time Loket's opening rules read");
    }
}
