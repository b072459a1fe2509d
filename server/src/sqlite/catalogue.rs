//! Reads and writes of `catalogue_items`. Items are stored as their wire JSON so the served
//! document is exactly what was stored.

use loket_contract::catalogue::{Catalogue, ItemKind, Tombstone};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::store::item_from_doc;

/// The newest version, 0 for an empty catalogue.
pub fn version(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT COALESCE(MAX(version), 0) FROM catalogue_items", [], |r| r.get(0))
}

/// Writes (or replaces) items at `version`.
pub fn put<T: Serialize>(conn: &Connection, kind: ItemKind, items: &[(String, T)], version: u64) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO catalogue_items (kind, id, doc, version) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc, version = excluded.version",
    )?;
    for (id, item) in items {
        let doc = serde_json::to_string(item).expect("wire types serialise");
        stmt.execute(params![kind.as_str(), id, doc, version])?;
    }
    Ok(())
}

/// Marks an item removed at `version`, leaving its tombstone.
pub fn remove(conn: &Connection, kind: ItemKind, id: &str, version: u64) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE catalogue_items SET doc = NULL, version = ?3 WHERE kind = ?1 AND id = ?2 AND doc IS NOT NULL",
        params![kind.as_str(), id, version],
    )?;
    Ok(changed == 1)
}

/// Writes the items whose document differs from the stored one, all at one new version (a
/// FHIR-backed facility's sync); the new version, or `None` when nothing changed.
pub fn put_changed(conn: &mut Connection, items: &[(ItemKind, String, String)]) -> rusqlite::Result<Option<u64>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let next = version(&tx)? + 1;
    let mut changed = false;
    for (kind, id, doc) in items {
        let stored: Option<Option<String>> = tx
            .prepare_cached("SELECT doc FROM catalogue_items WHERE kind = ?1 AND id = ?2")?
            .query_row(params![kind.as_str(), id], |r| r.get(0))
            .optional()?;
        if stored.flatten().as_deref() == Some(doc.as_str()) {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO catalogue_items (kind, id, doc, version) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc, version = excluded.version",
        )?
        .execute(params![kind.as_str(), id, doc, next])?;
        changed = true;
    }
    tx.commit()?;
    Ok(changed.then_some(next))
}

/// The whole catalogue (`since = None`) or what changed after `since`.
pub fn load(conn: &Connection, since: Option<u64>) -> rusqlite::Result<Catalogue> {
    let version = version(conn)?;
    let mut catalogue = Catalogue {
        version,
        partial: since.is_some(),
        categories: Vec::new(),
        agencies: Vec::new(),
        services: Vec::new(),
        locations: Vec::new(),
        removed: Vec::new(),
    };
    let mut stmt = conn.prepare_cached("SELECT kind, id, doc FROM catalogue_items WHERE version > ?1 ORDER BY kind, id")?;
    let mut rows = stmt.query(params![since.unwrap_or(0)])?;
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        let id: String = row.get(1)?;
        let doc: Option<String> = row.get(2)?;
        let Some(kind) = ItemKind::parse(&kind) else { continue };
        let Some(doc) = doc else {
            if since.is_some() {
                catalogue.removed.push(Tombstone { kind, id });
            }
            continue;
        };
        let bad = |e: serde_json::Error| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e));
        match kind {
            ItemKind::Category => catalogue.categories.push(serde_json::from_str(&doc).map_err(bad)?),
            ItemKind::Agency => catalogue.agencies.push(serde_json::from_str(&doc).map_err(bad)?),
            ItemKind::Service => catalogue.services.push(serde_json::from_str(&doc).map_err(bad)?),
            ItemKind::Location => catalogue.locations.push(serde_json::from_str(&doc).map_err(bad)?),
        }
    }
    Ok(catalogue)
}

/// One item's stored document, if it exists and is not removed.
pub fn get<T: serde::de::DeserializeOwned>(conn: &Connection, kind: ItemKind, id: &str) -> rusqlite::Result<Option<T>> {
    let doc: Option<Option<String>> = conn
        .prepare_cached("SELECT doc FROM catalogue_items WHERE kind = ?1 AND id = ?2")?
        .query_row(params![kind.as_str(), id], |r| r.get(0))
        .optional()?;
    Ok(item_from_doc(doc.flatten()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_contract::catalogue::Category;
    use loket_contract::Text;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE catalogue_items (kind TEXT NOT NULL, id TEXT NOT NULL, doc TEXT, version INTEGER NOT NULL,
             PRIMARY KEY (kind, id)) STRICT;",
        )
        .unwrap();
        conn
    }

    fn category(id: &str, name: &str) -> (String, Category) {
        (id.to_owned(), Category { id: id.to_owned(), name: Text::new(name, name) })
    }

    #[test]
    fn changes_since_a_version_carry_updates_and_tombstones_only() {
        let conn = db();
        put(&conn, ItemKind::Category, &[category("a", "A"), category("b", "B"), category("c", "C")], 1).unwrap();
        put(&conn, ItemKind::Category, &[category("a", "A2")], 2).unwrap();
        assert!(remove(&conn, ItemKind::Category, "b", 3).unwrap());
        assert!(!remove(&conn, ItemKind::Category, "b", 4).unwrap(), "already removed");

        let whole = load(&conn, None).unwrap();
        assert_eq!(whole.version, 3);
        assert!(!whole.partial);
        let ids: Vec<_> = whole.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert!(whole.removed.is_empty(), "a whole catalogue needs no tombstones");

        let since_1 = load(&conn, Some(1)).unwrap();
        assert!(since_1.partial);
        assert_eq!(since_1.categories.len(), 1);
        assert_eq!(since_1.categories[0].name.id, "A2");
        assert_eq!(since_1.removed, [Tombstone { kind: ItemKind::Category, id: "b".into() }]);

        let since_3 = load(&conn, Some(3)).unwrap();
        assert!(since_3.categories.is_empty() && since_3.removed.is_empty());
    }
}
