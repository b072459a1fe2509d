//! The offline copy of the catalogue: what the server sent, its ETag, and when it was fetched.
//!
//! Kept as two records written in one transaction, so that a later visit reads back only what
//! the directory lists and searches before it shows it: `listing` holds every service without
//! its requirements, fees, channels and steps (about half the bytes, its rows without field
//! names), `details` holds those, read right after. A service page waits for the second.
//! What services repeat (the same national service at hundreds of malls) each record holds once.

use std::borrow::Cow;

use loket_contract::catalogue::{
    Agency, ApplicationStatus, Catalogue, Category, Channel, Fee, HealthInfo, Location, LocationKind, Requirement, Service,
};
use loket_contract::Text;
use serde::{Deserialize, Serialize};

use super::shared::Table;
use super::{schema, Cache, CacheError};

/// The whole copy in one record, as versions before the split kept it: still read, and
/// removed by the next save.
const WHOLE_KEY: &str = "current";
const LISTING_KEY: &str = "listing";
const DETAILS_KEY: &str = "details";
/// A later confirmation of the copy (a 304), kept apart so that confirming a catalogue of
/// thousands of services writes a number, not the whole copy again.
const CONFIRMED_KEY: &str = "catalogue_confirmed_at";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCatalogue {
    pub etag: Option<String>,
    /// When the server last confirmed this copy (a 200 or a 304), in ms since the epoch.
    pub checked_at_ms: f64,
    pub catalogue: Catalogue,
    /// Whether the services are whole or only listed (see [`Cache::load_listing`]).
    #[serde(skip)]
    pub part: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    Whole,
    /// Each service as the directory lists it: no requirements, channels or steps, and of its
    /// fees only the lowest amount (what a card shows). [`Cache::load_details`] completes it.
    Listing,
}

/// A service as the directory lists and searches it, a row without field names.
#[derive(Serialize, Deserialize)]
struct Listed<'a>(
    Cow<'a, str>,              // id
    Cow<'a, str>,              // agency_id
    Cow<'a, str>,              // category_id
    Cow<'a, Text>,             // name
    Option<Cow<'a, Text>>,     // summary, when not shared
    Option<Cow<'a, [String]>>, // keywords, when not shared
    Option<Cow<'a, Text>>,     // processing_time, when not shared
    u16,                       // processing_days_max
    Option<u64>,               // the lowest fee: what a card shows
    bool,                      // bookable
    Cow<'a, [LocationKind]>,   // offered_at
    Cow<'a, [String]>,         // location_ids
    u16,                       // duration_minutes
    u16,                       // slot_capacity
    Option<Cow<'a, HealthInfo>>,
    // Its number in `ListingRecord::shared`; rows written before there was one have none.
    #[serde(default)] Option<u32>,
);

/// The texts services repeat in their listing: the same national service at hundreds of malls
/// has the same summary, keywords and processing time.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Repeated<'a>(
    Cow<'a, Text>,     // summary
    Cow<'a, [String]>, // keywords
    Cow<'a, Text>,     // processing_time
);

/// What a service page adds to a listed service.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Details<'a>(
    Cow<'a, [Requirement]>,               // requirements
    Cow<'a, [Fee]>,                       // fees
    Cow<'a, [Channel]>,                   // channels
    Option<Cow<'a, [ApplicationStatus]>>, // application_steps
    Cow<'a, [Requirement]>,               // pickup_requirements
);

#[derive(Serialize, Deserialize)]
struct ListingRecord<'a> {
    etag: Option<Cow<'a, str>>,
    checked_at_ms: f64,
    version: u64,
    categories: Cow<'a, [Category]>,
    agencies: Cow<'a, [Agency]>,
    locations: Cow<'a, [Location]>,
    services: Vec<Listed<'a>>,
    /// Each distinct [`Repeated`] once: a later visit parses every byte before the directory
    /// shows, and a catalogue of 10,000 services is then a third of the size.
    #[serde(default)]
    shared: Vec<Repeated<'a>>,
}

#[derive(Serialize, Deserialize)]
struct DetailsRecord<'a> {
    /// The listing these belong to, checked on reading: a pair from two saves is never merged.
    version: u64,
    etag: Option<Cow<'a, str>>,
    /// In the listing's order: each service's number in `table`.
    #[serde(default)]
    rows: Vec<u32>,
    /// Each distinct [`Details`] once.
    #[serde(default)]
    table: Vec<Details<'a>>,
    /// In the listing's order, as versions before the table wrote them.
    #[serde(default)]
    services: Vec<Details<'a>>,
}

/// The listing record of `catalogue`.
fn listing_record<'a>(etag: Option<&'a str>, checked_at_ms: f64, catalogue: &'a Catalogue) -> ListingRecord<'a> {
    let mut shared = Table::new();
    let services = catalogue
        .services
        .iter()
        .map(|s| {
            let repeated = Repeated(Cow::Borrowed(&s.summary), Cow::Borrowed(&s.keywords), Cow::Borrowed(&s.processing_time));
            Listed(
                Cow::Borrowed(&s.id),
                Cow::Borrowed(&s.agency_id),
                Cow::Borrowed(&s.category_id),
                Cow::Borrowed(&s.name),
                None,
                None,
                None,
                s.processing_days_max,
                s.lowest_fee(),
                s.bookable,
                Cow::Borrowed(&s.offered_at),
                Cow::Borrowed(&s.location_ids),
                s.duration_minutes,
                s.slot_capacity,
                s.health.as_ref().map(Cow::Borrowed),
                Some(shared.number(repeated)),
            )
        })
        .collect();
    ListingRecord {
        etag: etag.map(Cow::Borrowed),
        checked_at_ms,
        version: catalogue.version,
        categories: Cow::Borrowed(&catalogue.categories),
        agencies: Cow::Borrowed(&catalogue.agencies),
        locations: Cow::Borrowed(&catalogue.locations),
        services,
        shared: shared.into_values(),
    }
}

/// The details record of `catalogue`.
fn details_record<'a>(etag: Option<&'a str>, catalogue: &'a Catalogue) -> DetailsRecord<'a> {
    let mut table = Table::new();
    let rows = catalogue
        .services
        .iter()
        .map(|s| {
            table.number(Details(
                Cow::Borrowed(&s.requirements),
                Cow::Borrowed(&s.fees),
                Cow::Borrowed(&s.channels),
                s.application_steps.as_deref().map(Cow::Borrowed),
                Cow::Borrowed(&s.pickup_requirements),
            ))
        })
        .collect();
    DetailsRecord { version: catalogue.version, etag: etag.map(Cow::Borrowed), rows, table: table.into_values(), services: Vec::new() }
}

/// The service a listing row holds; `None` when its texts are neither in it nor in `shared`
/// (a damaged record, which is then fetched again rather than shown wrong).
fn service_of(row: Listed<'_>, shared: &[Repeated<'_>]) -> Option<Service> {
    let Listed(
        id,
        agency_id,
        category_id,
        name,
        summary,
        keywords,
        processing_time,
        processing_days_max,
        lowest_fee,
        bookable,
        offered_at,
        location_ids,
        duration_minutes,
        slot_capacity,
        health,
        shared_at,
    ) = row;
    let (summary, keywords, processing_time) = match shared_at {
        Some(n) => {
            let Repeated(summary, keywords, processing_time) = shared.get(n as usize)?;
            (Text::clone(summary), keywords.to_vec(), Text::clone(processing_time))
        }
        None => (summary?.into_owned(), keywords?.into_owned(), processing_time?.into_owned()),
    };
    let no_text = || Text { id: String::new(), en: String::new() };
    Some(Service {
        id: id.into_owned(),
        agency_id: agency_id.into_owned(),
        category_id: category_id.into_owned(),
        name: name.into_owned(),
        summary,
        keywords,
        requirements: Vec::new(),
        fees: lowest_fee.map(|amount_idr| Fee { label: no_text(), amount_idr, legal_basis: no_text() }).into_iter().collect(),
        processing_time,
        processing_days_max,
        channels: Vec::new(),
        bookable,
        offered_at: offered_at.into_owned(),
        location_ids: location_ids.into_owned(),
        duration_minutes,
        slot_capacity,
        application_steps: None,
        pickup_requirements: Vec::new(),
        health: health.map(Cow::into_owned),
    })
}

/// The second record of a stored copy, read back by [`Cache::load_details`].
pub struct StoredDetails {
    version: u64,
    /// Each service's number in `table`, all within it.
    rows: Vec<u32>,
    table: Vec<Details<'static>>,
}

impl StoredDetails {
    /// Completes the listed `catalogue` these details were read for; false (and `catalogue` as
    /// it was) when they are not its own.
    pub fn complete(self, catalogue: &mut Catalogue) -> bool {
        if self.version != catalogue.version || self.rows.len() != catalogue.services.len() {
            return false;
        }
        for (s, &n) in catalogue.services.iter_mut().zip(&self.rows) {
            let Details(requirements, fees, channels, application_steps, pickup_requirements) = &self.table[n as usize];
            s.requirements = requirements.to_vec();
            s.fees = fees.to_vec();
            s.channels = channels.to_vec();
            s.application_steps = application_steps.as_deref().map(<[_]>::to_vec);
            s.pickup_requirements = pickup_requirements.to_vec();
        }
        true
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CacheError> {
    serde_json::to_vec(value).map_err(|e| CacheError::Operation(e.to_string()))
}

impl Cache {
    /// The stored copy as the directory needs it first: whole when an earlier version of the app
    /// kept it in one record, otherwise [`Part::Listing`]. `None` when there is none or it cannot
    /// be read (it is then simply fetched again, never shown half-read).
    pub async fn load_listing(&self) -> Result<Option<StoredCatalogue>, CacheError> {
        let Some(text) = self.get_json(schema::CATALOGUE, LISTING_KEY).await? else {
            return self.load_whole().await;
        };
        crate::perf::mark("loket:catalogue-read-parse");
        // Parsed as text, like the network's answer: a second (byte-slice) instantiation of the
        // decoders would add tens of KB to the wasm every visit downloads.
        let Ok(record) = serde_json::from_str::<ListingRecord<'static>>(&text) else { return Ok(None) };
        drop(text);
        let mut services = Vec::with_capacity(record.services.len());
        for row in record.services {
            let Some(service) = service_of(row, &record.shared) else { return Ok(None) };
            services.push(service);
        }
        let catalogue = Catalogue {
            version: record.version,
            partial: false,
            categories: record.categories.into_owned(),
            agencies: record.agencies.into_owned(),
            services,
            locations: record.locations.into_owned(),
            removed: Vec::new(),
        };
        let stored =
            StoredCatalogue { etag: record.etag.map(Cow::into_owned), checked_at_ms: record.checked_at_ms, catalogue, part: Part::Listing };
        Ok(Some(self.with_confirmation(stored).await?))
    }

    /// The details that complete `listing`, stored with `etag` (from [`Cache::load_listing`]);
    /// `None` when they are missing, unreadable or from another save.
    pub async fn load_details(&self, listing: &Catalogue, etag: Option<&str>) -> Result<Option<StoredDetails>, CacheError> {
        let Some(text) = self.get_json(schema::CATALOGUE, DETAILS_KEY).await? else { return Ok(None) };
        let Ok(record) = serde_json::from_str::<DetailsRecord<'static>>(&text) else { return Ok(None) };
        let (rows, table) = if record.table.is_empty() {
            // As versions before the table wrote them: a row for each service.
            ((0..record.services.len() as u32).collect(), record.services)
        } else {
            (record.rows, record.table)
        };
        let same = record.version == listing.version
            && record.etag.as_deref() == etag
            && rows.len() == listing.services.len()
            && rows.iter().all(|&n| (n as usize) < table.len());
        Ok(same.then_some(StoredDetails { version: record.version, rows, table }))
    }

    /// The whole stored copy: the listing completed with its details. `None` also when the
    /// details are missing.
    pub async fn load_catalogue(&self) -> Result<Option<StoredCatalogue>, CacheError> {
        let Some(mut stored) = self.load_listing().await? else { return Ok(None) };
        if stored.part == Part::Listing {
            let Some(details) = self.load_details(&stored.catalogue, stored.etag.as_deref()).await? else { return Ok(None) };
            if !details.complete(&mut stored.catalogue) {
                return Ok(None);
            }
            stored.part = Part::Whole;
        }
        Ok(Some(stored))
    }

    /// The copy as versions before the split kept it.
    async fn load_whole(&self) -> Result<Option<StoredCatalogue>, CacheError> {
        let text = self.get_json(schema::CATALOGUE, WHOLE_KEY).await?;
        crate::perf::mark("loket:catalogue-read-parse");
        let Some(stored) = text.and_then(|t| serde_json::from_str::<StoredCatalogue>(&t).ok()) else {
            return Ok(None);
        };
        Ok(Some(self.with_confirmation(stored).await?))
    }

    async fn with_confirmation(&self, mut stored: StoredCatalogue) -> Result<StoredCatalogue, CacheError> {
        // Through serde_json, whose number parser the wasm has anyway (core's `f64::from_str`
        // brings 10 KB of tables).
        let confirmed = self.get_meta(CONFIRMED_KEY).await?.and_then(|t| serde_json::from_str::<f64>(&t).ok());
        stored.checked_at_ms = stored.checked_at_ms.max(confirmed.unwrap_or(0.0));
        Ok(stored)
    }

    /// Replaces the stored copy in one transaction.
    pub async fn save_catalogue(&self, stored: &StoredCatalogue) -> Result<(), CacheError> {
        self.save_catalogue_of(stored.etag.as_deref(), stored.checked_at_ms, &stored.catalogue).await
    }

    /// Like [`Cache::save_catalogue`], from a whole catalogue the app holds elsewhere (no copy made).
    pub async fn save_catalogue_of(&self, etag: Option<&str>, checked_at_ms: f64, catalogue: &Catalogue) -> Result<(), CacheError> {
        // Each made in a task of its own: together they are one long task on a slow phone.
        let listing = encode(&listing_record(etag, checked_at_ms, catalogue))?;
        crate::next_task::next_task().await;
        let details = encode(&details_record(etag, catalogue))?;
        let bytes = |json: &[u8]| wasm_bindgen::JsValue::from(js_sys::Uint8Array::from(json));
        self.replace_values(schema::CATALOGUE, &[(LISTING_KEY, bytes(&listing)), (DETAILS_KEY, bytes(&details))], &[WHOLE_KEY]).await
    }

    /// The server confirmed the stored copy (a 304) at `at_ms`.
    pub async fn confirm_catalogue(&self, at_ms: f64) -> Result<(), CacheError> {
        self.put_meta(CONFIRMED_KEY, &serde_json::to_string(&at_ms).unwrap_or_default()).await
    }
}
