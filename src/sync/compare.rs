//! `frontdesk verify --against URL` (issue 19 §3), the comparison itself: the desk's chains
//! and the head office's copy of them (`evidence_rows`), row by row, for an auditor running
//! their own binary. Read-only on both sides.
//!
//! Both sides are read in position order, a page at a time (chains reach a million rows),
//! the head office's with a keyset query, inside one read-only snapshot so a push running
//! meanwhile cannot make the two sides disagree halfway. A chain's comparison stops at its
//! first difference: links chain, so every later link differs as well, and the first is the
//! row to look at.

use postgres::error::SqlState;
use postgres::{Client, IsolationLevel, Transaction};
use serde_json::Value;

use crate::store::Store;
use crate::store::chain::{CHAINS, Chained};
use crate::store::head_office::OutgoingRow;

use super::SyncError;

/// Why the comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The database has no `evidence_rows`: no office ever synced to it (a wrong URL, most
    /// likely). Nothing is created there: the comparison is read-only.
    #[error("the database holds no head office's evidence_rows")]
    NoHeadOffice,
    #[error("{0}")]
    Sync(#[from] SyncError),
}

impl From<postgres::Error> for CompareError {
    fn from(e: postgres::Error) -> CompareError {
        CompareError::Sync(e.into())
    }
}

impl From<crate::store::StoreError> for CompareError {
    fn from(e: crate::store::StoreError) -> CompareError {
        CompareError::Sync(e.into())
    }
}

/// Rows read per page on each side.
pub const PAGE: i64 = 2_000;

/// One row as the head office holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldRow {
    pub pos: i64,
    pub row_id: i64,
    pub prev: Vec<u8>,
    pub link: Vec<u8>,
    /// `None`: the head office holds no content (the desk pushed the link without its row).
    pub row: Option<Value>,
}

/// How the content of a row both sides hold differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentDiff {
    /// These columns differ (in the chain's column order, then any the chain does not know;
    /// empty when the content is not a row at all).
    Columns(Vec<String>),
    /// The desk's table no longer has the row; the head office has its content.
    GoneFromDesk,
    /// The head office holds no content for a row the desk has.
    NotHeld,
}

/// What differs in a row both sides hold at the same position.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parts {
    /// The head office's row id, when it is not the desk's.
    pub held_row_id: Option<i64>,
    pub link: bool,
    pub prev_link: bool,
    pub content: Option<ContentDiff>,
}

impl Parts {
    fn any(&self) -> bool {
        self.held_row_id.is_some() || self.link || self.prev_link || self.content.is_some()
    }
}

/// A chain's first difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Both sides hold link `pos`, and these parts of it differ. `row_id` is the desk's.
    Row { pos: i64, row_id: i64, parts: Parts },
    /// The head office holds `count` rows from link `pos` (its row `row_id`) that the desk
    /// lacks: rows deleted from the file, or an older file put in its place.
    MissingOnDesk { pos: i64, row_id: i64, count: i64 },
    /// The head office lacks link `pos` (the desk's row `row_id`) yet holds later ones.
    SkippedAtHeadOffice { pos: i64, row_id: i64 },
}

impl Difference {
    pub fn pos(&self) -> i64 {
        match self {
            Difference::Row { pos, .. }
            | Difference::MissingOnDesk { pos, .. }
            | Difference::SkippedAtHeadOffice { pos, .. } => *pos,
        }
    }
}

/// One chain compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCompared {
    pub chain: &'static Chained,
    /// Rows both sides hold alike (before the first difference, if any).
    pub agreed: i64,
    /// Rows the desk holds beyond what the head office holds: not a failure, the next sync
    /// pushes them. Zero when the chain differs.
    pub not_pushed: i64,
    pub difference: Option<Difference>,
}

/// Every chain the store declares compared, in [`CHAINS`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub chains: Vec<ChainCompared>,
    /// Whether the head office holds any row at all for the office: nothing held usually
    /// means a mistyped office name, which the auditor is told.
    pub anything_held: bool,
}

impl Compared {
    pub fn agrees(&self) -> bool {
        self.chains.iter().all(|c| c.difference.is_none())
    }
}

/// Compares every chain of `store` with what the head office holds for `office`.
pub fn compare(store: &Store, office: &str, client: &mut Client) -> Result<Compared, CompareError> {
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let anything_held = match tx.query_opt(
        "SELECT 1 FROM evidence_rows WHERE office = $1 LIMIT 1",
        &[&office],
    ) {
        Ok(row) => row.is_some(),
        Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => {
            return Err(CompareError::NoHeadOffice);
        }
        Err(e) => return Err(e.into()),
    };
    let mut chains = Vec::with_capacity(CHAINS.len());
    for chain in &CHAINS {
        chains.push(compare_chain(store, office, &mut tx, chain)?);
    }
    tx.commit()?;
    Ok(Compared {
        chains,
        anything_held,
    })
}

fn compare_chain(
    store: &Store,
    office: &str,
    tx: &mut Transaction<'_>,
    chain: &'static Chained,
) -> Result<ChainCompared, CompareError> {
    let held_page = tx.prepare(
        "SELECT pos, row_id, prev_link, link, row_json FROM evidence_rows
         WHERE office = $1 AND chain = $2 AND pos > $3 ORDER BY pos LIMIT $4",
    )?;
    let merged = {
        let mut desk = Pages::new(|after| Ok(store.chain_rows_after(chain, after, PAGE)?));
        let mut held = Pages::new(|after| {
            let rows = tx.query(&held_page, &[&office, &chain.table, &after, &PAGE])?;
            Ok(rows
                .iter()
                .map(|r| HeldRow {
                    pos: r.get(0),
                    row_id: r.get(1),
                    prev: r.get(2),
                    link: r.get(3),
                    row: r.get(4),
                })
                .collect())
        });
        merge(&mut desk, &mut held)?
    };
    let (agreed, difference) = match merged {
        Merged::Agreed(agreed) => (agreed, None),
        Merged::Differs(agreed, Difference::MissingOnDesk { pos, row_id, .. }) => {
            let count: i64 = tx
                .query_one(
                    "SELECT count(*) FROM evidence_rows
                     WHERE office = $1 AND chain = $2 AND pos >= $3",
                    &[&office, &chain.table, &pos],
                )?
                .get(0);
            let missing = Difference::MissingOnDesk { pos, row_id, count };
            (agreed, Some(missing))
        }
        Merged::Differs(agreed, mut difference) => {
            in_chain_order(&mut difference, chain);
            (agreed, Some(difference))
        }
    };
    // Rows the desk wrote while this ran count as not pushed yet, which they are.
    let not_pushed = match difference {
        None => (store.chain_length(chain)? - agreed).max(0),
        Some(_) => 0,
    };
    Ok(ChainCompared {
        chain,
        agreed,
        not_pushed,
        difference,
    })
}

/// A difference's columns in the order the chain declares them (its key first), as the
/// auditor reads the table; a column the chain does not know goes last.
fn in_chain_order(difference: &mut Difference, chain: &Chained) {
    if let Difference::Row {
        parts:
            Parts {
                content: Some(ContentDiff::Columns(columns)),
                ..
            },
        ..
    } = difference
    {
        let place = |c: &String| {
            std::iter::once(chain.key)
                .chain(chain.columns.iter().copied())
                .position(|known| known == c)
                .unwrap_or(usize::MAX)
        };
        columns.sort_by_key(place);
    }
}

/// A row with its place in its chain.
trait Positioned {
    fn pos(&self) -> i64;
}

impl Positioned for OutgoingRow {
    fn pos(&self) -> i64 {
        self.pos
    }
}

impl Positioned for HeldRow {
    fn pos(&self) -> i64 {
        self.pos
    }
}

/// One side of the comparison, read a page at a time after the last position seen: only a
/// page of each side is ever in memory.
struct Pages<T, F> {
    fetch: F,
    page: std::vec::IntoIter<T>,
    next: Option<T>,
    last: i64,
    done: bool,
}

impl<T: Positioned, F: FnMut(i64) -> Result<Vec<T>, CompareError>> Pages<T, F> {
    fn new(fetch: F) -> Self {
        Pages {
            fetch,
            page: Vec::new().into_iter(),
            next: None,
            last: 0,
            done: false,
        }
    }

    /// Reads the next row, unless one is already current.
    fn peek(&mut self) -> Result<(), CompareError> {
        if self.next.is_none() && !self.done {
            self.next = match self.page.next() {
                Some(row) => Some(row),
                None => {
                    let page = (self.fetch)(self.last)?;
                    self.done = page.is_empty();
                    self.page = page.into_iter();
                    self.page.next()
                }
            };
            if let Some(row) = &self.next {
                self.last = row.pos();
            }
        }
        Ok(())
    }

    /// The row [`Pages::peek`] found, if any.
    fn current(&self) -> Option<&T> {
        self.next.as_ref()
    }

    /// Moves past the current row.
    fn take(&mut self) {
        self.next = None;
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Merged {
    /// Every row the head office holds agrees; this many.
    Agreed(i64),
    /// This many rows agree, then this difference.
    Differs(i64, Difference),
}

/// Walks both sides in position order up to the first difference. The desk going on after
/// the head office stops is what has not been pushed yet, not a difference.
fn merge<D, H>(
    desk: &mut Pages<OutgoingRow, D>,
    held: &mut Pages<HeldRow, H>,
) -> Result<Merged, CompareError>
where
    D: FnMut(i64) -> Result<Vec<OutgoingRow>, CompareError>,
    H: FnMut(i64) -> Result<Vec<HeldRow>, CompareError>,
{
    let mut agreed = 0;
    loop {
        held.peek()?;
        if held.current().is_none() {
            // What the desk holds beyond is counted, not read.
            return Ok(Merged::Agreed(agreed));
        }
        desk.peek()?;
        let difference = match (desk.current(), held.current()) {
            (_, None) => return Ok(Merged::Agreed(agreed)),
            (None, Some(h)) => Difference::MissingOnDesk {
                pos: h.pos,
                row_id: h.row_id,
                count: 0,
            },
            (Some(d), Some(h)) if d.pos > h.pos => Difference::MissingOnDesk {
                pos: h.pos,
                row_id: h.row_id,
                count: 0,
            },
            (Some(d), Some(h)) if d.pos < h.pos => Difference::SkippedAtHeadOffice {
                pos: d.pos,
                row_id: d.row_id,
            },
            (Some(d), Some(h)) => {
                let parts = differing_parts(d, h);
                if parts.any() {
                    Difference::Row {
                        pos: d.pos,
                        row_id: d.row_id,
                        parts,
                    }
                } else {
                    agreed += 1;
                    desk.take();
                    held.take();
                    continue;
                }
            }
        };
        return Ok(Merged::Differs(agreed, difference));
    }
}

/// What differs between the desk's row and the head office's at the same position.
fn differing_parts(desk: &OutgoingRow, held: &HeldRow) -> Parts {
    Parts {
        held_row_id: (held.row_id != desk.row_id).then_some(held.row_id),
        link: held.link.as_slice() != desk.link.as_slice(),
        prev_link: held.prev.as_slice() != desk.prev.as_slice(),
        content: differing_content(&desk.row, held.row.as_ref().unwrap_or(&Value::Null)),
    }
}

/// How the desk's content of a row differs from the head office's, if it does. The desk's
/// `null` is a row its table no longer has ([`OutgoingRow::row`]).
fn differing_content(desk: &Value, held: &Value) -> Option<ContentDiff> {
    match (desk, held) {
        (Value::Object(d), Value::Object(h)) => {
            let mut columns: Vec<String> = d
                .iter()
                .filter(|(k, v)| h.get(*k) != Some(v))
                .map(|(k, _)| k.clone())
                .collect();
            // A column only the head office has (a desk file with a column dropped).
            columns.extend(h.keys().filter(|k| !d.contains_key(*k)).cloned());
            (!columns.is_empty()).then_some(ContentDiff::Columns(columns))
        }
        (Value::Null, Value::Null) => None,
        (Value::Null, _) => Some(ContentDiff::GoneFromDesk),
        (_, Value::Null) => Some(ContentDiff::NotHeld),
        (d, h) if d == h => None,
        _ => Some(ContentDiff::Columns(Vec::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hash(n: u8) -> [u8; 32] {
        [n; 32]
    }

    /// A chain of `n` rows on the desk: row ids from 100, link `pos`, content `{"name": pos}`.
    fn desk_chain(n: i64) -> Vec<OutgoingRow> {
        (1..=n)
            .map(|pos| OutgoingRow {
                pos,
                row_id: 100 + pos,
                prev: hash(pos as u8 - 1),
                link: hash(pos as u8),
                row: json!({ "id": 100 + pos, "name": format!("客户{pos}") }),
            })
            .collect()
    }

    /// What the head office holds after pushing `rows` as they are.
    fn pushed(rows: &[OutgoingRow]) -> Vec<HeldRow> {
        rows.iter()
            .map(|r| HeldRow {
                pos: r.pos,
                row_id: r.row_id,
                prev: r.prev.to_vec(),
                link: r.link.to_vec(),
                row: Some(r.row.clone()),
            })
            .collect()
    }

    /// A side read in pages of `page` rows after a position, as the store and the keyset
    /// query read theirs; counts the pages asked for.
    fn paged<'a, T: Clone + Positioned + 'a>(
        rows: Vec<T>,
        page: usize,
        asked: &'a std::cell::Cell<usize>,
    ) -> impl FnMut(i64) -> Result<Vec<T>, CompareError> + 'a {
        move |after| {
            asked.set(asked.get() + 1);
            Ok(rows
                .iter()
                .filter(|r| r.pos() > after)
                .take(page)
                .cloned()
                .collect())
        }
    }

    fn run(desk: Vec<OutgoingRow>, held: Vec<HeldRow>, page: usize) -> Merged {
        let (a, b) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        let mut desk = Pages::new(paged(desk, page, &a));
        let mut held = Pages::new(paged(held, page, &b));
        merge(&mut desk, &mut held).unwrap()
    }

    #[test]
    fn a_chain_pushed_as_it_is_agrees_across_page_boundaries() {
        let desk = desk_chain(7);
        let held = pushed(&desk);
        for page in [1, 2, 3, 7, 50] {
            assert_eq!(run(desk.clone(), held.clone(), page), Merged::Agreed(7));
        }
    }

    #[test]
    fn rows_beyond_what_the_head_office_holds_are_not_a_difference() {
        let desk = desk_chain(9);
        let held = pushed(&desk[..4]);
        assert_eq!(run(desk, held, 3), Merged::Agreed(4));
    }

    #[test]
    fn an_empty_chain_on_both_sides_agrees() {
        assert_eq!(run(Vec::new(), Vec::new(), 2), Merged::Agreed(0));
    }

    #[test]
    fn a_changed_column_is_named_at_its_position_with_the_link() {
        let desk = desk_chain(6);
        let held = pushed(&desk);
        let mut forged = desk.clone();
        forged[3].row["name"] = json!("伪造");
        forged[3].link = hash(0xee);
        let Merged::Differs(agreed, Difference::Row { pos, row_id, parts }) = run(forged, held, 2)
        else {
            panic!("the forged row was not found");
        };
        assert_eq!((agreed, pos, row_id), (3, 4, 104));
        assert!(parts.link && !parts.prev_link && parts.held_row_id.is_none());
        assert_eq!(
            parts.content,
            Some(ContentDiff::Columns(vec!["name".to_owned()]))
        );
    }

    #[test]
    fn a_changed_link_alone_is_a_difference_too() {
        let desk = desk_chain(3);
        let held = pushed(&desk);
        let mut relinked = desk.clone();
        relinked[2].link = hash(0xaa);
        let merged = run(relinked, held, 5);
        let Merged::Differs(2, Difference::Row { pos: 3, parts, .. }) = merged else {
            panic!("{merged:?}");
        };
        assert!(parts.link && parts.content.is_none());
    }

    #[test]
    fn rows_the_head_office_holds_past_the_desks_end_are_missing_on_the_desk() {
        let desk = desk_chain(5);
        let held = pushed(&desk);
        let merged = run(desk[..3].to_vec(), held, 2);
        assert_eq!(
            merged,
            Merged::Differs(
                3,
                Difference::MissingOnDesk {
                    pos: 4,
                    row_id: 104,
                    count: 0
                }
            )
        );
    }

    #[test]
    fn a_desk_row_taken_out_of_the_middle_is_missing_at_its_position() {
        let desk = desk_chain(5);
        let held = pushed(&desk);
        let mut gapped = desk.clone();
        gapped.remove(1);
        let merged = run(gapped, held, 2);
        assert!(
            matches!(
                merged,
                Merged::Differs(
                    1,
                    Difference::MissingOnDesk {
                        pos: 2,
                        row_id: 102,
                        ..
                    }
                )
            ),
            "{merged:?}"
        );
    }

    #[test]
    fn a_row_gone_from_the_desks_table_is_told_apart_from_a_changed_column() {
        assert_eq!(
            differing_content(&Value::Null, &json!({"id": 1})),
            Some(ContentDiff::GoneFromDesk)
        );
        assert_eq!(
            differing_content(&json!({"id": 1}), &Value::Null),
            Some(ContentDiff::NotHeld)
        );
        assert_eq!(
            differing_content(&json!({"id": 1, "a": 2}), &json!({"a": 2, "id": 1})),
            None,
            "the order of the keys is not content"
        );
        assert_eq!(
            differing_content(&json!({"id": 1}), &json!({"id": 1, "b": null})),
            Some(ContentDiff::Columns(vec!["b".to_owned()]))
        );
    }

    #[test]
    fn each_side_is_read_a_page_at_a_time() {
        let desk = desk_chain(10);
        let held = pushed(&desk);
        let (a, b) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        let mut d = Pages::new(paged(desk, 3, &a));
        let mut h = Pages::new(paged(held, 3, &b));
        assert_eq!(merge(&mut d, &mut h).unwrap(), Merged::Agreed(10));
        // 10 rows in pages of 3: four pages and the empty one that ends the side.
        assert_eq!((a.get(), b.get()), (4, 5));
    }

    #[test]
    fn differing_columns_are_named_in_the_order_the_chain_declares_them() {
        let mut difference = Difference::Row {
            pos: 1,
            row_id: 1,
            parts: Parts {
                content: Some(ContentDiff::Columns(
                    ["zzz_unknown", "full_name", "name", "id"]
                        .map(String::from)
                        .to_vec(),
                )),
                ..Parts::default()
            },
        };
        in_chain_order(&mut difference, &crate::store::chain::VISITS);
        let Difference::Row { parts, .. } = difference else {
            unreachable!()
        };
        assert_eq!(
            parts.content,
            Some(ContentDiff::Columns(
                ["id", "name", "full_name", "zzz_unknown"]
                    .map(String::from)
                    .to_vec()
            ))
        );
    }
}
