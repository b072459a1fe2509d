//! When a catalogue from the network may replace the stored copy. Pure rules, tested natively.

use std::collections::HashSet;

use loket_contract::catalogue::Catalogue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// A change set (`partial`) where the whole catalogue was asked for.
    Partial,
    /// No services or no places: a truncated or broken answer.
    Empty,
    /// Services naming agencies or places the document does not contain.
    Dangling,
}

/// Checks a whole catalogue before it may replace a good copy: a malformed, partial or
/// inconsistent answer is refused and the copy kept.
pub fn accept(new: &Catalogue) -> Result<(), Rejected> {
    if new.partial {
        return Err(Rejected::Partial);
    }
    if new.services.is_empty() || new.locations.is_empty() {
        return Err(Rejected::Empty);
    }
    let agencies: HashSet<&str> = new.agencies.iter().map(|a| a.id.as_str()).collect();
    let places: HashSet<&str> = new.locations.iter().map(|l| l.id.as_str()).collect();
    let dangling = new
        .services
        .iter()
        .any(|s| !agencies.contains(s.agency_id.as_str()) || s.location_ids.iter().any(|l| !places.contains(l.as_str())));
    if dangling {
        return Err(Rejected::Dangling);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        serde_json::from_value(serde_json::json!({
            "version": 3,
            "categories": [{"id": "c", "name": {"id": "K", "en": "C"}}],
            "agencies": [{"id": "a", "shortName": "A", "name": {"id": "A", "en": "A"}, "categoryId": "c"}],
            "services": [{
                "id": "s", "agencyId": "a", "categoryId": "c", "name": {"id": "x", "en": "x"},
                "summary": {"id": "x", "en": "x"}, "requirements": [], "fees": [],
                "processingTime": {"id": "x", "en": "x"}, "processingDaysMax": 0, "channels": ["in_person"],
                "bookable": true, "offeredAt": ["mpp"], "locationIds": ["l"], "durationMinutes": 15, "slotCapacity": 2
            }],
            "locations": [{
                "id": "l", "kind": "mpp", "name": {"id": "L", "en": "L"}, "address": "x", "regencyCode": "31.71",
                "latitude": 0.0, "longitude": 0.0, "timeZone": "Asia/Jakarta", "phone": "1",
                "openingHours": [], "agencyIds": ["a"], "serviceIds": ["s"]
            }]
        }))
        .unwrap()
    }

    #[test]
    fn a_whole_consistent_catalogue_is_accepted() {
        assert_eq!(accept(&catalogue()), Ok(()));
    }

    #[test]
    fn partial_empty_or_dangling_answers_never_replace_a_copy() {
        let mut partial = catalogue();
        partial.partial = true;
        assert_eq!(accept(&partial), Err(Rejected::Partial));
        let mut empty = catalogue();
        empty.services.clear();
        assert_eq!(accept(&empty), Err(Rejected::Empty));
        let mut dangling = catalogue();
        dangling.services[0].location_ids.push("gone".into());
        assert_eq!(accept(&dangling), Err(Rejected::Dangling));
    }
}
