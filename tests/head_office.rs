//! The group's head office on a real PostgreSQL (issue 19 §3, §4): the administrator sets it
//! up once and gives each office its own login; offices push their chains with `frontdesk
//! sync`, each only its own and reading only its own; a push repeated or cut off midway
//! stores nothing twice, and a desk file rewritten with every link recomputed is refused by
//! the head office, naming the row.
//! Needs PostgreSQL's server programs (`tests/outside`: skipped with the reason where they
//! are missing, a failure on CI).

#[macro_use]
mod outside;
#[path = "common/cli.rs"]
mod cli;
#[path = "common/head_office.rs"]
mod head_office;
#[path = "common/office.rs"]
mod office;
#[path = "common/visits.rs"]
mod visits;

use std::path::Path;

use cli::{frontdesk, refused_in_one_line, stderr, stdout};
use frontdesk::store::Store;
use frontdesk::store::chain::{self, CHAINS};
use frontdesk::store::head_office::OutgoingRow;
use frontdesk::sync::insert_batch;
use head_office::{
    UNREACHABLE, administer, chain_rows, head_office_db, logged_in_as, office_login, sync, synced,
};
use outside::postgres::Cluster;
use postgres::{Client, GenericClient, NoTls};
use visits::{forge_visit, nth_visit, office_with_visits, visit};

fn main() {
    outside::run(
        tests![outside::POSTGRES =>
            two_offices_push_to_one_head_office_and_both_are_there,
            a_push_repeated_or_cut_off_midway_stores_nothing_twice,
            a_desk_file_with_a_forged_row_and_recomputed_links_is_refused_naming_the_row,
            a_desk_file_with_rows_deleted_from_the_end_is_refused,
            without_office_the_office_pushes_under_the_name_from_its_setup,
            a_desk_without_an_office_name_is_told_how_to_give_one,
            sync_against_a_head_office_not_set_up_says_so_and_creates_nothing,
            setup_upgrades_an_older_schema_and_refuses_a_newer_one,
            an_office_pushes_with_its_own_login_and_is_witnessed_under_it,
            an_offices_login_cannot_push_as_another_office_nor_read_its_rows,
            a_reader_reads_every_office_and_pushes_nothing,
            a_batch_is_one_statement_taken_whole_or_not_at_all,
            an_offices_password_logs_it_in_and_no_other_does,
            a_second_push_of_an_office_while_one_runs_is_told_to_wait_and_refuses_nothing,
        ]
        .into_iter()
        .chain(tests![a_desk_that_cannot_reach_the_head_office_says_why]),
    )
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
    let url = head_office_db(&cluster, "group_two_offices");
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
    let url = head_office_db(&cluster, "group_repeat");
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

fn a_desk_file_with_a_forged_row_and_recomputed_links_is_refused_naming_the_row() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_forged");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 6);
    synced(&db, &url, "北区");
    let before = held(&url, "北区");
    let third = nth_visit(&db, 2);
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
    let url = head_office_db(&cluster, "group_shorter");
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
    let url = head_office_db(&cluster, "group_default_name");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 2);
    let out = frontdesk(&db, "en", &["sync", "--to", &url], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(held(&url, "测试售楼处"), on_desk(&db));
}

fn a_desk_without_an_office_name_is_told_how_to_give_one() {
    let cluster = Cluster::start();
    // The administrator's login is no office's: the name comes from --office or the setup.
    let url = head_office_db(&cluster, "group_no_name");
    let dir = tempfile::tempdir().unwrap();
    let db = office::never_set_up(dir.path());
    for (lang, said) in [("en", "add --office NAME"), ("zh", "请加 --office 名称")] {
        let out = frontdesk(&db, lang, &["sync", "--to", &url], "");
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
}

/// Checked without PostgreSQL: nothing answers there.
fn a_desk_that_cannot_reach_the_head_office_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 0);
    for (lang, said) in [
        ("en", "Cannot reach the head office's database"),
        ("zh", "连不上总部数据库"),
    ] {
        let out = frontdesk(&db, lang, &["sync", "--to", UNREACHABLE], "");
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
}

/// What the head office's database holds of frontdesk's: its tables and roles.
fn made_by_frontdesk(url: &str) -> Vec<String> {
    let mut client = Client::connect(url, NoTls).unwrap();
    client
        .query(
            "SELECT relname::text FROM pg_class
              WHERE relname IN ('evidence_rows', 'frontdesk_schema', 'offices')
             UNION ALL
             SELECT rolname::text FROM pg_roles WHERE rolname LIKE 'frontdesk%'
             ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn sync_against_a_head_office_not_set_up_says_so_and_creates_nothing() {
    let cluster = Cluster::start();
    let url = cluster.database("group_not_set_up");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 2);
    for (lang, said) in [
        (
            "en",
            "The head office's database is not set up: its administrator must first run frontdesk head-office setup",
        ),
        (
            "zh",
            "总部数据库还没有设置:请总部管理员先运行 frontdesk head-office setup",
        ),
    ] {
        let line = refused_in_one_line(&sync(&db, &url, "东区", lang));
        assert!(line.contains(said), "{lang}: {line}");
    }
    assert!(
        made_by_frontdesk(&url).is_empty(),
        "{:?}",
        made_by_frontdesk(&url)
    );

    let out = administer(&url, "en", &["setup"], "");
    assert!(
        stdout(&out).contains("The head office is set up (schema version 1)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        made_by_frontdesk(&url),
        [
            "evidence_rows",
            "frontdesk_group",
            "frontdesk_office",
            "frontdesk_schema",
            "offices"
        ]
    );
    // Again: nothing breaks, nothing is lost.
    synced(&db, &url, "东区");
    let out = administer(&url, "zh", &["setup"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已是结构版本 1"), "{}", stdout(&out));
    assert_eq!(held(&url, "东区"), on_desk(&db));
    synced(&db, &url, "东区");
}

fn setup_upgrades_an_older_schema_and_refuses_a_newer_one() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_versions");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    let mut admin = Client::connect(&url, NoTls).unwrap();
    // A head office set up by an older frontdesk: desks are sent to its administrator.
    admin
        .batch_execute("UPDATE frontdesk_schema SET version = 0")
        .unwrap();
    for (lang, said) in [
        (
            "en",
            "set up by an older frontdesk (schema version 0): its administrator must run frontdesk head-office setup",
        ),
        ("zh", "由旧版本的 frontdesk 设置(结构版本 0)"),
    ] {
        let out = sync(&db, &url, "东区", lang);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
    let out = administer(&url, "en", &["setup"], "");
    assert!(
        stdout(&out).contains("upgraded from version 0 to 1"),
        "{}",
        stdout(&out)
    );
    synced(&db, &url, "东区");
    // One whose first sync made its chains before versions and roles were kept: the same.
    admin.batch_execute("DROP TABLE frontdesk_schema").unwrap();
    let out = sync(&db, &url, "东区", "en");
    assert!(
        stderr(&out).contains("set up by an older frontdesk (schema version 0)"),
        "{}",
        stderr(&out)
    );
    let out = administer(&url, "en", &["setup"], "");
    assert!(
        stdout(&out).contains("upgraded from version 0 to 1"),
        "{}",
        stdout(&out)
    );
    synced(&db, &url, "东区");
    assert_eq!(held(&url, "东区"), on_desk(&db));
    // Its table made by an office's login, when the first sync created it: an owner is not
    // bound by the policies, so the setup takes the table and the witness back.
    let east = office_login(&url, "东区", "east");
    synced(&db, &url, "西区");
    admin
        .batch_execute(
            "ALTER TABLE evidence_rows OWNER TO east;
             ALTER FUNCTION evidence_rows_continue() OWNER TO east;",
        )
        .unwrap();
    let east_rows = seen(&url, "东区").1;
    assert_eq!(seen(&east, "西区"), (2 * east_rows, east_rows));
    let out = administer(&url, "en", &["setup"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(seen(&east, "西区"), (east_rows, 0));
    let owners: Vec<String> = admin
        .query(
            "SELECT tableowner::text FROM pg_tables WHERE tablename = 'evidence_rows'
             UNION ALL SELECT proowner::regrole::text FROM pg_proc
              WHERE proname = 'evidence_rows_continue'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(owners, ["postgres", "postgres"]);
    // One set up by a later frontdesk: this one's script does not take it back...
    admin
        .batch_execute("UPDATE frontdesk_schema SET version = 99")
        .unwrap();
    for (lang, said) in [
        ("en", "set up by a newer frontdesk (schema version 99)"),
        ("zh", "由更新版本的 frontdesk 设置(结构版本 99)"),
    ] {
        let out = administer(&url, lang, &["setup"], "");
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
    let version: i32 = admin
        .query_one("SELECT version FROM frontdesk_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 99);
    // ...and its desks still push: a later schema only adds.
    synced(&db, &url, "东区");
}

fn an_office_pushes_with_its_own_login_and_is_witnessed_under_it() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_own_login");
    let east = office_login(&url, "东区售楼处", "east");
    assert!(
        east.contains("user=east password=") && east.contains("dbname=group_own_login"),
        "{east}"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 6);
    // The desk's own name is 测试售楼处: with its login it pushes as the office recorded for it.
    let out = frontdesk(&db, "en", &["sync", "--to", &east], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(office 东区售楼处)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(held(&url, "东区售楼处"), on_desk(&db));
    // Naming the same office is fine; another is refused before anything is sent.
    let out = sync(&db, &east, "东区售楼处", "en");
    assert!(out.status.success(), "{}", stderr(&out));
    for (lang, said) in [
        (
            "en",
            "This login pushes as office 东区售楼处 at the head office, not as 测试售楼处",
        ),
        (
            "zh",
            "这个登录名在总部只能以办事处 东区售楼处 的身份推送,不能以 测试售楼处 的身份推送",
        ),
    ] {
        let out = sync(&db, &east, "测试售楼处", lang);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
    assert!(held(&url, "测试售楼处").is_empty());

    // The witness reads what it must under the office's policies: a forged row is refused,
    // named, with the office's own login.
    let third = nth_visit(&db, 2);
    forge_visit(&db, third);
    let before = held(&url, "东区售楼处");
    let out = frontdesk(&db, "en", &["sync", "--to", &east], "");
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!(
            "office 东区售楼处, visitor register (visits), row {third}"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(held(&url, "东区售楼处"), before);
}

/// Rows `login` sees, in all and under `office`.
fn seen(login: &str, office: &str) -> (i64, i64) {
    let mut client = Client::connect(login, NoTls).unwrap();
    let row = client
        .query_one(
            "SELECT count(*), count(*) FILTER (WHERE office = $1) FROM evidence_rows",
            &[&office],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

fn an_offices_login_cannot_push_as_another_office_nor_read_its_rows() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_apart");
    let east = office_login(&url, "东区", "east");
    let west = office_login(&url, "西区", "west");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (east_db, west_db) = (
        office_with_visits(a.path(), 2),
        office_with_visits(b.path(), 3),
    );
    for (db, login) in [(&east_db, &east), (&west_db, &west)] {
        let out = frontdesk(db, "en", &["sync", "--to", login], "");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let east_rows: i64 = on_desk(&east_db).iter().map(|c| c.1).sum();
    let west_rows: i64 = on_desk(&west_db).iter().map(|c| c.1).sum();
    // Each reads only its own; the administrator reads both.
    assert_eq!(seen(&east, "西区"), (east_rows, 0));
    assert_eq!(seen(&west, "东区"), (west_rows, 0));
    assert_eq!(seen(&url, "东区"), (east_rows + west_rows, east_rows));

    // East's login pushing a row under West's name, as a hand-made client would: refused by
    // the head office itself, naming the office.
    let store = Store::open(&east_db).unwrap();
    let rows = store.chain_rows_after(&chain::VISITS, 0, 10).unwrap();
    let mut client = Client::connect(&east, NoTls).unwrap();
    for office in ["西区", "北区"] {
        let refused = push_row(&mut client, office, &rows[0]).expect_err("pushed as another");
        let message = refused.as_db_error().map(|e| e.message().to_owned());
        assert!(
            message.is_some_and(|m| m.contains(&format!("office {office}")) && m.ends_with(": office")),
            "{refused}"
        );
    }
    // A temporary table named like the head office's own cannot make it another office.
    client
        .batch_execute(
            "CREATE TEMP TABLE offices (office text, role name);
             INSERT INTO offices VALUES ('西区', 'east');
             CREATE TEMP TABLE evidence_rows (office text, chain text, pos bigint, link bytea);",
        )
        .unwrap();
    let own: String = client
        .query_one("SELECT frontdesk_office()", &[])
        .unwrap()
        .get(0);
    assert_eq!(own, "东区");
    assert!(push_row(&mut client, "西区", &rows[0]).is_err());
    client.batch_execute("DISCARD TEMP").unwrap();
    // Nor is anything of the head office's own bookkeeping open to it.
    assert!(client.query("SELECT * FROM offices", &[]).is_err());
    assert!(client.execute("DELETE FROM evidence_rows", &[]).is_err());
    assert_eq!(seen(&url, "西区"), (east_rows + west_rows, west_rows));
    assert!(held(&url, "北区").is_empty());
}

fn a_reader_reads_every_office_and_pushes_nothing() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_reader");
    let east = office_login(&url, "东区", "east");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 2);
    let out = frontdesk(&db, "en", &["sync", "--to", &east], "");
    assert!(out.status.success(), "{}", stderr(&out));
    synced(&db, &url, "西区");
    let rows: i64 = on_desk(&db).iter().map(|c| c.1).sum();

    let out = administer(
        &url,
        "zh",
        &["add-reader", "auditor"],
        "a long enough password\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("登录名 auditor 可以读取所有办事处的记录"),
        "{}",
        stdout(&out)
    );
    assert!(
        !stdout(&out).contains("a long enough password"),
        "{}",
        stdout(&out)
    );
    let auditor = logged_in_as(&url, "auditor");
    assert_eq!(seen(&auditor, "东区"), (2 * rows, rows));
    let store = Store::open(&db).unwrap();
    let row = &store.chain_rows_after(&chain::VISITS, 0, 1).unwrap()[0];
    let mut client = Client::connect(&auditor, NoTls).unwrap();
    assert!(push_row(&mut client, "南区", row).is_err());

    // A second login for the same office, a taken role name, a bad one: refused, said.
    for (args, said) in [
        (
            vec!["add-office", "东区", "--role", "east2"],
            "Office 东区 already has a login",
        ),
        (
            vec!["add-office", "南区", "--role", "auditor"],
            "Role auditor already exists",
        ),
        (
            vec!["add-office", "南区", "--role", "南区"],
            "Role name 南区 cannot be used",
        ),
        (
            vec!["add-office", "南区", "--role", "south"],
            "too short: at least 12",
        ),
    ] {
        let stdin = if said.contains("short") {
            "short\n"
        } else {
            ""
        };
        let out = administer(&url, "en", &args, stdin);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
    }
    let mut admin = Client::connect(&url, NoTls).unwrap();
    let offices: i64 = admin
        .query_one("SELECT count(*) FROM offices", &[])
        .unwrap()
        .get(0);
    assert_eq!(offices, 1);
}

fn a_batch_is_one_statement_taken_whole_or_not_at_all() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_batches");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 7);
    let store = Store::open(&db).unwrap();
    let rows = store.chain_rows_after(&chain::VISITS, 0, 10).unwrap();
    let mut client = Client::connect(&url, NoTls).unwrap();
    // Rows 1–3 in one statement: each row's witness sees the one before it in the statement.
    assert_eq!(
        insert_batch(&mut client, "东区", "visits", &rows[..3]).unwrap(),
        3
    );
    // 4, 5 and 7: the gap is refused, naming row 7, and 4 and 5 are not kept either.
    let gap = [rows[3].clone(), rows[4].clone(), rows[6].clone()];
    let refused = insert_batch(&mut client, "东区", "visits", &gap).expect_err("a gap was taken");
    let message = refused.as_db_error().map(|e| e.message().to_owned());
    assert!(
        message.is_some_and(|m| m.contains(&format!("row {}", rows[6].row_id))),
        "{refused}"
    );
    assert_eq!(chain_rows(&url, "东区", &chain::VISITS), 3);
    // Out of order within one statement is refused too: the order is the chain's.
    let swapped = [rows[4].clone(), rows[3].clone()];
    assert!(insert_batch(&mut client, "东区", "visits", &swapped).is_err());
    drop(store);
    synced(&db, &url, "东区");
    assert_eq!(held(&url, "东区"), on_desk(&db));
}

fn an_offices_password_logs_it_in_and_no_other_does() {
    let cluster = Cluster::start();
    cluster.require_passwords();
    let url = head_office_db(&cluster, "group_passwords");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    // Generated and shown once: the connection string as printed logs in and pushes.
    let east = office_login(&url, "东区", "east");
    let out = frontdesk(&db, "en", &["sync", "--to", &east], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, password) = east.split_once("password=").unwrap();
    let wrong = east.replace(password, "not-the-password");
    let out = frontdesk(&db, "en", &["sync", "--to", &wrong], "");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Cannot reach the head office's database")
            && stderr(&out).contains("password authentication failed"),
        "{}",
        stderr(&out)
    );
    // Piped: taken from stdin, never printed.
    let given = "correct horse battery staple";
    let out = administer(
        &url,
        "en",
        &["add-office", "西区", "--role", "west"],
        &format!("{given}\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains(given), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("user=west password=…"),
        "{}",
        stdout(&out)
    );
    // The address for the console's settings, which refuse one holding a password.
    let address = stdout(&out)
        .lines()
        .find(|l| l.starts_with("The head office address for the office's settings"))
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(
        address.ends_with("dbname=group_passwords user=west"),
        "{}",
        stdout(&out)
    );
    let west = url.replace("user=postgres", &format!("user=west password='{given}'"));
    let out = frontdesk(&db, "en", &["sync", "--to", &west], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(held(&url, "西区"), on_desk(&db));
}

/// Desks on one file all see a sign-off and push at once: the second push of an office while
/// one runs waits its turn, saying so, instead of starting from the same last position and
/// having its first row refused as a forgery.
fn a_second_push_of_an_office_while_one_runs_is_told_to_wait_and_refuses_nothing() {
    let cluster = Cluster::start();
    let url = head_office_db(&cluster, "group_busy");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 2);
    // Another desk's push holds the office's lock, as `sync::push` takes it.
    let mut other = Client::connect(&url, NoTls).unwrap();
    other
        .execute(
            "SELECT pg_advisory_lock(hashtextextended($1, 0))",
            &[&"frontdesk push 东区"],
        )
        .unwrap();
    let out = sync(&db, &url, "东区", "en");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Another push of office 东区 is running"),
        "{}",
        stderr(&out)
    );
    assert_eq!(chain_rows(&url, "东区", &chain::VISITS), 0);
    // Another office is not held up by it.
    synced(&db, &url, "西区");
    // The other push ends: this one goes through, all of it, once.
    drop(other);
    synced(&db, &url, "东区");
    assert_eq!(held(&url, "东区"), on_desk(&db));
}
