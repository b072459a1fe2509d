//! Writes a catalogue (the demo one, or a generated one) into an empty database.

use loket_contract::catalogue::ItemKind;
use rusqlite::Connection;

use super::catalogue as store;
use crate::demo::CatalogueSeed;

/// Writes `demo` at version 1 if the catalogue is empty; otherwise does nothing. One
/// transaction: a crash leaves either the whole catalogue or none of it.
pub fn ensure(conn: &mut Connection, demo: &CatalogueSeed) -> Result<bool, String> {
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
