//! The group's head office on a real PostgreSQL (issue 19 §3, §4): offices push their chains
//! with `frontdesk sync`, a push repeated or cut off midway stores nothing twice, and a desk
//! file rewritten with every link recomputed is refused by the head office, naming the row.
//! Needs PostgreSQL's server programs (`tests/outside`: skipped with the reason where they
//! are missing, a failure on CI).

#[macro_use]
mod outside;
#[path = "common/cli.rs"]
mod cli;
#[path = "common/office.rs"]
mod office;

use std::path::{Path, PathBuf};

use chrono::Utc;
use cli::{frontdesk, stderr, stdout};
use frontdesk::domain::register::{CustomerName, VisitRegistration};
use frontdesk::domain::staff::StaffId;
use frontdesk::store::Store;
use frontdesk::store::chain::{self, CHAINS, Chained};
use frontdesk::store::head_office::OutgoingRow;
use outside::postgres::Cluster;
use postgres::{Client, GenericClient, NoTls};

fn main() {
    outside::run(
        tests![outside::POSTGRES =>
            two_offices_push_to_one_head_office_and_both_are_there,
            a_push_repeated_or_cut_off_midway_stores_nothing_twice,
            a_desk_file_with_a_forged_row_and_recomputed_links_is_refused_naming_the_row,
            a_desk_file_with_rows_deleted_from_the_end_is_refused,
            without_office_the_office_pushes_under_the_name_from_its_setup,
        ]
        .into_iter()
        .chain(tests![
            a_desk_without_an_office_name_is_told_how_to_give_one
        ]),
    )
}

/// A small office in its own folder with `visits` visits registered.
fn office_with_visits(dir: &Path, visits: usize) -> PathBuf {
    let db = office::small_office(dir);
    let mut store = Store::open(&db).unwrap();
    for i in 0..visits {
        visit(&mut store, &format!("客户{i}"));
    }
    db
}

/// One visit registered by the supervisor (staff 1) for 王芳 (staff 2) of the small office.
fn visit(store: &mut Store, name: &str) {
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

fn sync(db: &Path, url: &str, office: &str, lang: &str) -> std::process::Output {
    frontdesk(db, lang, &["sync", "--to", url, "--office", office], "")
}

fn synced(db: &Path, url: &str, office: &str) {
    let out = sync(db, url, office, "en");
    assert!(out.status.success(), "sync failed: {}", stderr(&out));
}

/// Rows the head office holds per chain for `office`, with how many distinct positions.
fn held(url: &str, office: &str) -> Vec<(String, i64, i64)> {
    let mut client = Client::connect(url, NoTls).unwrap();
    client
        .query(
            "SELECT chain, count(*), count(DISTINCT pos) FROM evidence_rows
             WHERE office = $1 GROUP BY chain ORDER BY chain",
            &[&office],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

/// Rows the desk holds per non-empty chain, in the same form as [`held`].
fn on_desk(db: &Path) -> Vec<(String, i64, i64)> {
    let store = Store::open(db).unwrap();
    let mut chains: Vec<(String, i64, i64)> = CHAINS
        .iter()
        .map(|c| {
            let n = store.chain_length(c).unwrap();
            (c.table.to_owned(), n, n)
        })
        .filter(|(_, n, _)| *n > 0)
        .collect();
    chains.sort();
    chains
}

fn chain_rows(url: &str, office: &str, chain: &Chained) -> i64 {
    let mut client = Client::connect(url, NoTls).unwrap();
    client
        .query_one(
            "SELECT count(*) FROM evidence_rows WHERE office = $1 AND chain = $2",
            &[&office, &chain.table],
        )
        .unwrap()
        .get(0)
}

/// One visits row pushed by hand as `sync` pushes it, for the tests that cut a push short or
/// try what the head office must refuse.
fn push_row(
    client: &mut impl GenericClient,
    office: &str,
    row: &OutgoingRow,
) -> Result<u64, postgres::Error> {
    client.execute(
        "INSERT INTO evidence_rows (office, chain, pos, row_id, prev_link, link, row_json)
         VALUES ($1, 'visits', $2, $3, $4, $5, $6)",
        &[
            &office,
            &row.pos,
            &row.row_id,
            &row.prev.as_slice(),
            &row.link.as_slice(),
            &row.row,
        ],
    )
}

fn two_offices_push_to_one_head_office_and_both_are_there() {
    let cluster = Cluster::start();
    let url = cluster.database("group_two_offices");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (east, west) = (
        office_with_visits(a.path(), 3),
        office_with_visits(b.path(), 5),
    );
    let out = sync(&east, &url, "东区售楼处", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Pushed to the head office") && stdout(&out).contains("东区售楼处"),
        "{}",
        stdout(&out)
    );
    let out = sync(&west, &url, "西区售楼处", "zh");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已推送到总部"), "{}", stdout(&out));
    assert_eq!(held(&url, "东区售楼处"), on_desk(&east));
    assert_eq!(held(&url, "西区售楼处"), on_desk(&west));
    assert_eq!(chain_rows(&url, "东区售楼处", &chain::VISITS), 3);
    assert_eq!(chain_rows(&url, "西区售楼处", &chain::VISITS), 5);
    // The row itself travelled, not only its link.
    let mut client = Client::connect(&url, NoTls).unwrap();
    let names: i64 = client
        .query_one(
            "SELECT count(*) FROM evidence_rows WHERE office = '西区售楼处'
             AND chain = 'visits' AND row_json->>'full_name' LIKE '客户%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(names, 5);
}

fn a_push_repeated_or_cut_off_midway_stores_nothing_twice() {
    let cluster = Cluster::start();
    let url = cluster.database("group_repeat");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 4);
    synced(&db, &url, "南区");
    synced(&db, &url, "南区");
    assert_eq!(held(&url, "南区"), on_desk(&db));

    // More visits, then a push cut off midway: the connection drops inside its transaction,
    // after some rows went in and before the commit.
    let mut store = Store::open(&db).unwrap();
    for i in 0..3 {
        visit(&mut store, &format!("后来{i}"));
    }
    let rows = store.chain_rows_after(&chain::VISITS, 4, 10).unwrap();
    assert_eq!(rows.len(), 3);
    {
        let mut client = Client::connect(&url, NoTls).unwrap();
        let mut tx = client.transaction().unwrap();
        for row in &rows[..2] {
            push_row(&mut tx, "南区", row).unwrap();
        }
        // The network drops: the connection goes without a commit.
        drop(tx);
        drop(client);
    }
    assert_eq!(
        chain_rows(&url, "南区", &chain::VISITS),
        4,
        "nothing of a dropped push stays"
    );
    // A push that got its first row committed before the drop: the next sync goes on from it.
    {
        let mut client = Client::connect(&url, NoTls).unwrap();
        let row = &rows[0];
        push_row(&mut client, "南区", row).unwrap();
    }
    drop(store);
    synced(&db, &url, "南区");
    synced(&db, &url, "南区");
    assert_eq!(chain_rows(&url, "南区", &chain::VISITS), 7);
    assert_eq!(held(&url, "南区"), on_desk(&db), "every position once");

    // Pushing a row the head office already holds again is refused by PostgreSQL itself.
    let mut client = Client::connect(&url, NoTls).unwrap();
    let row = &rows[2];
    let again = push_row(&mut client, "南区", row);
    assert!(
        again.is_err(),
        "a second copy of row {} was stored",
        row.row_id
    );
    // And what it holds is append-only.
    assert!(client.execute("DELETE FROM evidence_rows", &[]).is_err());
    assert!(
        client
            .execute("UPDATE evidence_rows SET row_json = NULL", &[])
            .is_err()
    );
    assert_eq!(chain_rows(&url, "南区", &chain::VISITS), 7);
}

/// Rewrites visit `row` behind the console's back and recomputes every link from it, as a
/// forger with the file and the chain's documented format would.
fn forge_visit(db: &Path, row: i64) {
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
    raw.execute(
        "DELETE FROM chain WHERE tbl = 'visits' AND pos >= ?1",
        [pos],
    )
    .unwrap();
    for id in rows {
        chain::append(&raw, &chain::VISITS, id).unwrap();
    }
}

fn a_desk_file_with_a_forged_row_and_recomputed_links_is_refused_naming_the_row() {
    let cluster = Cluster::start();
    let url = cluster.database("group_forged");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 6);
    synced(&db, &url, "北区");
    let before = held(&url, "北区");
    let third: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT id FROM visits ORDER BY id LIMIT 1 OFFSET 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    forge_visit(&db, third);
    // The forgery is consistent: the desk's own chain walk finds nothing wrong with visits.
    {
        let raw = rusqlite::Connection::open(&db).unwrap();
        assert!(chain::walk(&raw, &chain::VISITS).unwrap().is_ok());
    }
    for (lang, said) in [
        (
            "en",
            format!("office 北区, visitor register (visits), row {third}"),
        ),
        (
            "zh",
            format!("办事处 北区 的来访客户登记(visits)第 {third} 行"),
        ),
    ] {
        let out = sync(&db, &url, "北区", lang);
        assert!(
            !out.status.success(),
            "a forged chain was taken: {}",
            stdout(&out)
        );
        assert!(stderr(&out).contains(&said), "{lang}: {}", stderr(&out));
    }
    assert_eq!(
        held(&url, "北区"),
        before,
        "nothing of a refused desk is stored"
    );

    // A new row on the forged chain is refused too: it does not continue what is held.
    let mut store = Store::open(&db).unwrap();
    visit(&mut store, "新来");
    let fresh = store.chain_rows_after(&chain::VISITS, 6, 10).unwrap();
    let mut client = Client::connect(&url, NoTls).unwrap();
    let row = &fresh[0];
    let pushed = push_row(&mut client, "北区", row);
    let refusal = pushed.expect_err("a row continuing a forged link was stored");
    let message = refusal
        .as_db_error()
        .map(|e| e.message().to_owned())
        .unwrap_or_default();
    assert!(
        message.contains(&format!("office 北区 chain visits row {}", row.row_id)),
        "{message}"
    );
}

fn a_desk_file_with_rows_deleted_from_the_end_is_refused() {
    let cluster = Cluster::start();
    let url = cluster.database("group_shorter");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 3);
    synced(&db, &url, "中区");
    let raw = rusqlite::Connection::open(&db).unwrap();
    let last: i64 = raw
        .query_row("SELECT max(id) FROM visits", [], |r| r.get(0))
        .unwrap();
    raw.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS visits_no_delete; DROP TRIGGER IF EXISTS chain_no_delete;
         DELETE FROM visits WHERE id = {last};
         DELETE FROM chain WHERE tbl = 'visits' AND row_id = {last};"
    ))
    .unwrap();
    drop(raw);
    let out = sync(&db, &url, "中区", "en");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("visitor register (visits) is shorter on the desk")
            && stderr(&out).contains(&format!("row {last}")),
        "{}",
        stderr(&out)
    );
}

fn without_office_the_office_pushes_under_the_name_from_its_setup() {
    let cluster = Cluster::start();
    let url = cluster.database("group_default_name");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 2);
    let out = frontdesk(&db, "en", &["sync", "--to", &url], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(held(&url, "测试售楼处"), on_desk(&db));
}

/// Checked before any connection: nothing is needed from outside.
fn a_desk_without_an_office_name_is_told_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    // A database never set up: no office name yet.
    let db = dir.path().join("new.db");
    drop(Store::open(&db).unwrap());
    let unreachable = "host=/nonexistent user=nobody dbname=none";
    for (lang, said) in [("en", "add --office NAME"), ("zh", "请加 --office 名称")] {
        let out = frontdesk(&db, lang, &["sync", "--to", unreachable], "");
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
    let out = frontdesk(
        &db,
        "en",
        &["sync", "--to", unreachable, "--office", "东区"],
        "",
    );
    assert!(
        stderr(&out).contains("Cannot reach the head office's database"),
        "{}",
        stderr(&out)
    );
}
