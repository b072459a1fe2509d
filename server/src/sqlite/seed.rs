//! The demo catalogue, written on first start into an empty database (idempotent): the files in
//! `server/seed/` are in the wire format, so they read exactly as the API serves them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use loket_contract::catalogue::{Agency, Category, ItemKind, Location, Service};
use rusqlite::Connection;
use serde::Deserialize;

use super::catalogue as store;

const CATALOGUE_JSON: &str = include_str!("../../seed/catalogue.json");
const LOCATIONS_JSON: &str = include_str!("../../seed/locations.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    categories: Vec<Category>,
    agencies: Vec<Agency>,
    services: Vec<Service>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationsFile {
    locations: Vec<Location>,
}

/// The demo items with the links between services and places filled in.
pub struct DemoCatalogue {
    pub categories: Vec<Category>,
    pub agencies: Vec<Agency>,
    pub services: Vec<Service>,
    pub locations: Vec<Location>,
}

/// Parses and checks the embedded files; every reference must resolve.
pub fn demo_catalogue() -> Result<DemoCatalogue, String> {
    let file: CatalogueFile =
        serde_json::from_str(CATALOGUE_JSON).map_err(|e| format!("seed/catalogue.json: {e}"))?;
    let places: LocationsFile =
        serde_json::from_str(LOCATIONS_JSON).map_err(|e| format!("seed/locations.json: {e}"))?;
    let mut demo = DemoCatalogue {
        categories: file.categories,
        agencies: file.agencies,
        services: file.services,
        locations: places.locations,
    };
    check_references(&demo)?;
    link_services_and_places(&mut demo);
    Ok(demo)
}

fn check_references(demo: &DemoCatalogue) -> Result<(), String> {
    let unique = |what: &str, ids: Vec<&str>| -> Result<HashSet<String>, String> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id.to_owned()) {
                return Err(format!("duplicate {what} id {id:?}"));
            }
        }
        Ok(seen)
    };
    let categories = unique("category", demo.categories.iter().map(|c| c.id.as_str()).collect())?;
    let agencies = unique("agency", demo.agencies.iter().map(|a| a.id.as_str()).collect())?;
    unique("service", demo.services.iter().map(|s| s.id.as_str()).collect())?;
    unique("location", demo.locations.iter().map(|l| l.id.as_str()).collect())?;
    for a in &demo.agencies {
        if !categories.contains(&a.category_id) {
            return Err(format!("agency {} names unknown category {}", a.id, a.category_id));
        }
    }
    for s in &demo.services {
        if !agencies.contains(&s.agency_id) || !categories.contains(&s.category_id) {
            return Err(format!("service {} names an unknown agency or category", s.id));
        }
    }
    for l in &demo.locations {
        if loket_contract::area::regency(&l.regency_code).is_none() {
            return Err(format!("location {} has unknown regency code {}", l.id, l.regency_code));
        }
        if let Some(a) = l.agency_ids.iter().find(|a| !agencies.contains(*a)) {
            return Err(format!("location {} names unknown agency {a}", l.id));
        }
    }
    Ok(())
}

/// A place offers a service when the service's agency has a counter there and the service is
/// offered at that kind of place.
fn link_services_and_places(demo: &mut DemoCatalogue) {
    let mut by_service: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for place in &mut demo.locations {
        place.service_ids = demo
            .services
            .iter()
            .filter(|s| place.agency_ids.contains(&s.agency_id) && s.offered_at.contains(&place.kind))
            .map(|s| s.id.clone())
            .collect();
        for s in &place.service_ids {
            by_service.entry(s.clone()).or_default().insert(place.id.clone());
        }
    }
    for service in &mut demo.services {
        service.location_ids = by_service.remove(&service.id).unwrap_or_default().into_iter().collect();
    }
}

/// Writes the demo catalogue at version 1 if the catalogue is empty; otherwise does nothing.
/// One transaction: a crash leaves either the whole demo catalogue or none of it.
pub fn ensure(conn: &mut Connection) -> Result<bool, String> {
    let demo = demo_catalogue()?;
    let db = |e: rusqlite::Error| format!("writing the demo catalogue: {e}");
    let tx = conn.transaction().map_err(db)?;
    if store::version(&tx).map_err(db)? > 0 {
        return Ok(false);
    }
    store::put(&tx, ItemKind::Category, &keyed(&demo.categories, |c| &c.id), 1).map_err(db)?;
    store::put(&tx, ItemKind::Agency, &keyed(&demo.agencies, |a| &a.id), 1).map_err(db)?;
    store::put(&tx, ItemKind::Service, &keyed(&demo.services, |s| &s.id), 1).map_err(db)?;
    store::put(&tx, ItemKind::Location, &keyed(&demo.locations, |l| &l.id), 1).map_err(db)?;
    tx.commit().map_err(db)?;
    Ok(true)
}

fn keyed<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<(String, &T)> {
    items.iter().map(|item| (id(item).clone(), item)).collect()
}
