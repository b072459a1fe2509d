//! Demo data: the catalogue in `server/seed/` (wire format, so it reads exactly as the API
//! serves it), a generator of large catalogues for benchmarks, and the sample applications the
//! README lists for the tracking demo.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use loket_contract::area;
use loket_contract::catalogue::{Agency, ApplicationStatus, Catalogue, Category, Location, LocationKind, OpeningHours, Service};
use loket_contract::Text;
use serde::Deserialize;

const CATALOGUE_JSON: &str = include_str!("../seed/catalogue.json");
const LOCATIONS_JSON: &str = include_str!("../seed/locations.json");

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
#[derive(Clone)]
pub struct CatalogueSeed {
    pub categories: Vec<Category>,
    pub agencies: Vec<Agency>,
    pub services: Vec<Service>,
    pub locations: Vec<Location>,
}

/// The demo catalogue: parses and checks the embedded files; every reference must resolve.
pub fn catalogue() -> Result<CatalogueSeed, String> {
    let file: CatalogueFile = serde_json::from_str(CATALOGUE_JSON).map_err(|e| format!("seed/catalogue.json: {e}"))?;
    let places: LocationsFile = serde_json::from_str(LOCATIONS_JSON).map_err(|e| format!("seed/locations.json: {e}"))?;
    let mut demo =
        CatalogueSeed { categories: file.categories, agencies: file.agencies, services: file.services, locations: places.locations };
    check_references(&demo)?;
    link_services_and_places(&mut demo);
    Ok(demo)
}

fn check_references(demo: &CatalogueSeed) -> Result<(), String> {
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
fn link_services_and_places(demo: &mut CatalogueSeed) {
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

/// A catalogue document (`GET /catalogue`'s format, e.g. from `gen-catalogue`) to seed from.
pub fn from_file(path: &Path) -> Result<CatalogueSeed, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let c: Catalogue = serde_json::from_str(&text).map_err(|e| format!("{} is not a catalogue: {e}", path.display()))?;
    let seed = CatalogueSeed { categories: c.categories, agencies: c.agencies, services: c.services, locations: c.locations };
    check_references(&seed)?;
    Ok(seed)
}

/// A large catalogue for benchmarks: `services` variations of the demo services spread over
/// `locations` malls, one in each of the first regencies and cities of Indonesia, each in its
/// province's zone. Each service is offered at two malls, so every mall offers a few dozen.
pub fn large_catalogue(services: usize, locations: usize) -> Result<CatalogueSeed, String> {
    let demo = catalogue()?;
    let regencies: Vec<_> = area::regencies().collect();
    if locations == 0 || locations > regencies.len() {
        return Err(format!("locations must be 1 to {}", regencies.len()));
    }
    let weekdays = |opens: &str, closes: &str| -> Vec<OpeningHours> {
        (1..=5).map(|weekday| OpeningHours { weekday, opens: opens.into(), closes: closes.into() }).collect()
    };
    let template = demo.locations.iter().find(|l| l.kind == LocationKind::Mpp).ok_or("no demo mall")?;
    let mut places: Vec<Location> = regencies[..locations]
        .iter()
        .map(|r| Location {
            id: format!("mpp-{}", r.code.replace('.', "-")),
            kind: LocationKind::Mpp,
            name: Text::new(format!("Mal Pelayanan Publik {}", r.name), format!("{} Public Service Mall", r.name)),
            address: format!("Jl. Pelayanan Publik No. 1, {}", r.name),
            regency_code: r.code.to_owned(),
            latitude: template.latitude,
            longitude: template.longitude,
            time_zone: area::province_zone(r.province_code).unwrap_or(template.time_zone),
            phone: template.phone.clone(),
            opening_hours: weekdays("08:00", "15:00"),
            closures: template.closures.clone(),
            agency_ids: demo.agencies.iter().map(|a| a.id.clone()).collect(),
            service_ids: Vec::new(),
        })
        .collect();
    let mut made = Vec::with_capacity(services);
    for i in 0..services {
        let base = &demo.services[i % demo.services.len()];
        let home = &regencies[i % locations];
        let mut s = base.clone();
        s.id = format!("{}-{i}", base.id);
        s.name = Text::new(format!("{} ({})", base.name.id, home.name), format!("{} ({})", base.name.en, home.name));
        s.location_ids = vec![places[i % locations].id.clone(), places[(i * 7 + 3) % locations].id.clone()];
        s.location_ids.dedup();
        made.push(s);
    }
    for s in &made {
        for l in &s.location_ids {
            if let Some(place) = places.iter_mut().find(|p| &p.id == l) {
                place.service_ids.push(s.id.clone());
            }
        }
    }
    let seed = CatalogueSeed { categories: demo.categories, agencies: demo.agencies, services: made, locations: places };
    check_references(&seed)?;
    Ok(seed)
}

/// A demo application: who applied, for what, where, and the steps it has passed.
pub struct DemoApplication {
    /// Random bits of its code: fixed, so the README can list the code.
    pub code_bits: u64,
    pub service_id: &'static str,
    pub nik: &'static str,
    pub phone: &'static str,
    pub history: &'static [(ApplicationStatus, &'static str, &'static str)],
}

/// Sample applications for the tracking demo (listed in the README with their factors).
/// Codes are fixed so the README and tests can name them.
pub fn demo_applications() -> Vec<DemoApplication> {
    use ApplicationStatus::*;
    vec![
        DemoApplication {
            code_bits: 0x1A2B3C4D5E,
            service_id: "paspor-baru",
            nik: "3174011208900001",
            phone: "+6281234567890",
            history: &[(Submitted, "Berkas diterima di loket Imigrasi", "Documents received at the Immigration counter")],
        },
        DemoApplication {
            code_bits: 0xF1E2D3C4B,
            service_id: "akta-kelahiran",
            nik: "7371024501010002",
            phone: "+6285298765432",
            history: &[
                (Submitted, "Berkas diterima", "Documents received"),
                (Verified, "Berkas lengkap dan sah", "Documents complete and valid"),
                (Processing, "Akta sedang dicetak", "The certificate is being printed"),
            ],
        },
        DemoApplication {
            code_bits: 0x123456789A,
            service_id: "kk-baru",
            nik: "5171015506950003",
            phone: "+6281337001122",
            history: &[
                (Submitted, "Berkas diterima", "Documents received"),
                (Verified, "Data diverifikasi", "Data verified"),
                (Processing, "Kartu Keluarga dicetak", "The Family Card is being printed"),
                (ReadyForPickup, "Silakan ambil di loket Disdukcapil", "Please collect it at the Disdukcapil counter"),
            ],
        },
        DemoApplication {
            code_bits: 0xABCDEF012,
            service_id: "skck-baru",
            nik: "9171011507880004",
            phone: "+6282199887766",
            history: &[
                (Submitted, "Berkas diterima", "Documents received"),
                (Rejected, "Pas foto tidak sesuai ketentuan (latar merah, 4x6)", "Photo does not meet the rules (red background, 4x6)"),
            ],
        },
    ]
}
