//! Reads and writes of `catalogue_items`: each item as its wire JSON, versioned for `?since=`,
//! a removed item kept as a tombstone (NULL document).

use loket_contract::catalogue::{Catalogue, ItemKind, Tombstone};
use serde::de::DeserializeOwned;
use tokio_postgres::{Error, GenericClient};

use crate::demo::CatalogueSeed;
use crate::store::item_from_doc;

/// The newest version, 0 for an empty catalogue.
pub async fn version(c: &impl GenericClient) -> Result<u64, Error> {
    let row = c.query_one("SELECT COALESCE(MAX(version), 0) FROM catalogue_items", &[]).await?;
    Ok(row.get::<_, i64>(0) as u64)
}

/// One item's stored document, if it exists and is not removed.
pub async fn get<T: DeserializeOwned>(c: &impl GenericClient, kind: ItemKind, id: &str) -> Result<Option<T>, Error> {
    // PostgreSQL's text cannot hold NUL, so such an id (from a path or a query) names nothing;
    // asked for, the server would refuse the statement and the client would see a 503.
    if id.contains('\0') {
        return Ok(None);
    }
    let row = c.query_opt("SELECT doc FROM catalogue_items WHERE kind = $1 AND id = $2", &[&kind.as_str(), &id]).await?;
    Ok(row.and_then(|r| item_from_doc(r.get(0))))
}

/// The whole catalogue (`since = None`) or what changed after `since`.
pub async fn load(c: &impl GenericClient, since: Option<u64>) -> Result<Catalogue, Error> {
    let version = version(c).await?;
    let mut catalogue = Catalogue {
        version,
        partial: since.is_some(),
        categories: Vec::new(),
        agencies: Vec::new(),
        services: Vec::new(),
        locations: Vec::new(),
        removed: Vec::new(),
    };
    let since = since.unwrap_or(0) as i64;
    let rows = c.query("SELECT kind, id, doc FROM catalogue_items WHERE version > $1 ORDER BY kind, id", &[&since]).await?;
    for row in rows {
        let Some(kind) = ItemKind::parse(row.get(0)) else { continue };
        let Some(doc) = row.get::<_, Option<&str>>(2) else {
            if catalogue.partial {
                catalogue.removed.push(Tombstone { kind, id: row.get(1) });
            }
            continue;
        };
        // A document this server cannot read is left out rather than failing the whole list.
        let _ = match kind {
            ItemKind::Category => serde_json::from_str(doc).map(|i| catalogue.categories.push(i)),
            ItemKind::Agency => serde_json::from_str(doc).map(|i| catalogue.agencies.push(i)),
            ItemKind::Service => serde_json::from_str(doc).map(|i| catalogue.services.push(i)),
            ItemKind::Location => serde_json::from_str(doc).map(|i| catalogue.locations.push(i)),
        };
    }
    Ok(catalogue)
}

/// Writes the items whose document differs from the stored one, all at one new version, in the
/// caller's transaction (which holds the catalogue's lock, so two servers' syncs never share a
/// version); the new version, or `None` when nothing changed.
pub async fn put_changed(c: &impl GenericClient, items: &[(ItemKind, String, String)]) -> Result<Option<u64>, Error> {
    let next = version(c).await? as i64 + 1;
    let mut changed = false;
    for (kind, id, doc) in items {
        let written = c
            .execute(
                "INSERT INTO catalogue_items (kind, id, doc, version) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc, version = excluded.version
                 WHERE catalogue_items.doc IS DISTINCT FROM excluded.doc",
                &[&kind.as_str(), id, doc, &next],
            )
            .await?;
        changed |= written == 1;
    }
    Ok(changed.then_some(next as u64))
}

/// Writes `seed` at version 1 into an empty catalogue, in the caller's transaction.
pub async fn seed(c: &impl GenericClient, seed: &CatalogueSeed) -> Result<bool, Error> {
    if version(c).await? > 0 {
        return Ok(false);
    }
    let mut kinds = Vec::new();
    let mut ids = Vec::new();
    let mut docs = Vec::new();
    let mut add = |kind: ItemKind, id: &str, doc: String| {
        kinds.push(kind.as_str());
        ids.push(id.to_owned());
        docs.push(doc);
    };
    for i in &seed.categories {
        add(ItemKind::Category, &i.id, json(i));
    }
    for i in &seed.agencies {
        add(ItemKind::Agency, &i.id, json(i));
    }
    for i in &seed.services {
        add(ItemKind::Service, &i.id, json(i));
    }
    for i in &seed.locations {
        add(ItemKind::Location, &i.id, json(i));
    }
    c.execute(
        "INSERT INTO catalogue_items (kind, id, doc, version) SELECT k, i, d, 1 FROM UNNEST($1::text[], $2::text[], $3::text[]) AS t (k, i, d)",
        &[&kinds, &ids, &docs],
    )
    .await?;
    Ok(true)
}

fn json<T: serde::Serialize>(item: &T) -> String {
    serde_json::to_string(item).expect("wire types serialise")
}
