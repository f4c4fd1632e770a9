//! What the desk hands the head office (issue 19 §3): a chain's rows after a position, each
//! with its link, and the link the desk holds at a position. Read-only; the push itself and
//! its SQL on PostgreSQL live in `crate::sync`.

use rusqlite::OptionalExtension;
use rusqlite::types::ValueRef;
use serde_json::{Map, Value};

use super::chain::{self, Chained, Hash, Link};
use super::{Result, Store};

/// One chained row as it leaves the desk: where it stands in its chain, its link and the
/// link before it, and its content as JSON (`null` when the table no longer has the row:
/// the head office then holds the link and the gap is visible there).
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingRow {
    pub pos: i64,
    pub row_id: i64,
    pub prev: Hash,
    pub link: Hash,
    pub row: Value,
}

/// A stored value as JSON: numbers and text as themselves, a BLOB as `{"blob": hex}` so it
/// cannot be mistaken for text.
fn json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({ "blob": hex })
        }
    }
}

fn hash(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Hash> {
    let bytes: Vec<u8> = row.get(i)?;
    // A stored link of the wrong length matches nothing the head office holds.
    Ok(bytes.try_into().unwrap_or([0xff; 32]))
}

impl Store {
    /// Up to `limit` rows of `chain` after position `after`, in chain order.
    pub fn chain_rows_after(
        &self,
        chain: &Chained,
        after: i64,
        limit: i64,
    ) -> Result<Vec<OutgoingRow>> {
        let columns: Vec<String> = std::iter::once(chain.key)
            .chain(chain.columns.iter().copied())
            .map(|c| format!("t.{c}"))
            .collect();
        let sql = format!(
            "SELECT c.pos, c.row_id, c.prev, c.hash, t.{key} IS NOT NULL, {columns}
             FROM chain c LEFT JOIN {table} t ON t.{key} = c.row_id
             WHERE c.tbl = ?1 AND c.pos > ?2 ORDER BY c.pos LIMIT ?3",
            key = chain.key,
            columns = columns.join(", "),
            table = chain.table,
        );
        let names: Vec<&str> = std::iter::once(chain.key)
            .chain(chain.columns.iter().copied())
            .collect();
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params![chain.table, after, limit], |r| {
            let present: bool = r.get(4)?;
            let row = match present {
                false => Value::Null,
                true => {
                    let mut object = Map::new();
                    for (i, name) in names.iter().enumerate() {
                        object.insert((*name).to_owned(), json(r.get_ref(5 + i)?));
                    }
                    Value::Object(object)
                }
            };
            Ok(OutgoingRow {
                pos: r.get(0)?,
                row_id: r.get(1)?,
                prev: hash(r, 2)?,
                link: hash(r, 3)?,
                row,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The desk's link at `pos` of `chain`, `None` when its chain is shorter.
    pub fn chain_link_at(&self, chain: &Chained, pos: i64) -> Result<Option<Link>> {
        Ok(self
            .conn
            .prepare_cached("SELECT row_id, hash FROM chain WHERE tbl = ?1 AND pos = ?2")?
            .query_row(rusqlite::params![chain.table, pos], |r| {
                Ok(Link {
                    pos,
                    row_id: r.get(0)?,
                    hash: hash(r, 1)?,
                })
            })
            .optional()?)
    }

    /// How many rows `chain` holds.
    pub fn chain_length(&self, chain: &Chained) -> Result<i64> {
        Ok(chain::head(&self.conn, chain)?.length)
    }
}
