//! Visits registered on the small office (`office.rs`), and one forged behind the console's
//! back with its chain recomputed, for the tests of what the head office sees.
#![allow(dead_code)] // each test file uses its part

use std::path::{Path, PathBuf};

use chrono::Utc;
use frontdesk::domain::register::{CustomerName, VisitRegistration};
use frontdesk::domain::staff::StaffId;
use frontdesk::store::Store;
use frontdesk::store::chain;

use super::office;

/// A small office in its own folder with `visits` visits registered.
pub fn office_with_visits(dir: &Path, visits: usize) -> PathBuf {
    let db = office::small_office(dir);
    let mut store = Store::open(&db).unwrap();
    for i in 0..visits {
        visit(&mut store, &format!("客户{i}"));
    }
    db
}

/// One visit registered by the supervisor (staff 1) for 王芳 (staff 2) of the small office.
pub fn visit(store: &mut Store, name: &str) {
    let visit = VisitRegistration {
        visited_at: Utc::now(),
        name: Some(CustomerName::parse(name).unwrap()),
        phone: None,
        work_unit: None,
        intent: None,
        source: None,
        salesperson: StaffId(2),
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    };
    store
        .register_visit(StaffId(1), &visit, None, Utc::now())
        .unwrap();
}

/// The id of the `n`th visit (from 0).
pub fn nth_visit(db: &Path, n: i64) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT id FROM visits ORDER BY id LIMIT 1 OFFSET ?1",
            [n],
            |r| r.get(0),
        )
        .unwrap()
}

/// Rewrites visit `row`'s name behind the console's back and recomputes every link from it,
/// as a forger with the file and the chain's documented format would. Its position.
pub fn forge_visit(db: &Path, row: i64) -> i64 {
    let raw = rusqlite::Connection::open(db).unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS visits_no_update;
         UPDATE visits SET full_name = '伪造', name = '伪造' WHERE id = {row};
         DROP TRIGGER IF EXISTS chain_no_delete;"
    ))
    .unwrap();
    let pos: i64 = raw
        .query_row(
            "SELECT pos FROM chain WHERE tbl = 'visits' AND row_id = ?1",
            [row],
            |r| r.get(0),
        )
        .unwrap();
    let rows: Vec<i64> = raw
        .prepare("SELECT row_id FROM chain WHERE tbl = 'visits' AND pos >= ?1 ORDER BY pos")
        .unwrap()
        .query_map([pos], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // One transaction: a long chain recomputed link by link in autocommit waits on a sync
    // per link.
    let tx = raw.unchecked_transaction().unwrap();
    tx.execute(
        "DELETE FROM chain WHERE tbl = 'visits' AND pos >= ?1",
        [pos],
    )
    .unwrap();
    for id in rows {
        chain::append(&tx, &chain::VISITS, id).unwrap();
    }
    tx.commit().unwrap();
    pos
}

/// Adds `n` copies of the first visit, each chained, in one transaction: many rows fast, for
/// what must cross a page. Not through the console (no audit row): as an import on another
/// desk's file would look to the chains.
pub fn many_visits(db: &Path, n: usize) {
    let mut raw = rusqlite::Connection::open(db).unwrap();
    let tx = raw.transaction().unwrap();
    let columns = chain::VISITS.columns.join(", ");
    let copy =
        format!("INSERT INTO visits ({columns}) SELECT {columns} FROM visits ORDER BY id LIMIT 1");
    for _ in 0..n {
        tx.execute(&copy, []).unwrap();
        chain::append(&tx, &chain::VISITS, tx.last_insert_rowid()).unwrap();
    }
    tx.commit().unwrap();
}
