//! `frontdesk verify --against URL` on a real PostgreSQL (issue 19 §3): an auditor's own
//! binary compares a desk file row by row with the head office's copy of its chains. An
//! office pushed and unchanged agrees, rows written since are "not pushed yet", a row forged
//! with its chain recomputed is named with its chain, position and column, and a file put
//! back from an older backup is named for the rows it lacks. Needs PostgreSQL's server
//! programs (`tests/outside`: skipped with the reason where they are missing, a failure on
//! CI); the tests that need no server run everywhere.

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
use std::process::Output;

use cli::{frontdesk, refused_in_one_line, stderr, stdout};
use frontdesk::store::Store;
use frontdesk::sync::compare::PAGE;
use head_office::{UNREACHABLE, synced};
use outside::postgres::Cluster;
use visits::{forge_visit, many_visits, nth_visit, office_with_visits, visit};

fn main() {
    outside::run(
        tests![outside::POSTGRES =>
            an_office_pushed_and_unchanged_agrees_and_rows_written_since_are_not_pushed_yet,
            a_row_forged_with_its_chain_recomputed_is_named_with_its_chain_position_and_column,
            a_desk_file_put_back_from_an_older_backup_is_named_for_the_rows_it_lacks,
            a_database_no_office_synced_to_is_one_clear_line,
            an_office_the_head_office_holds_nothing_for_is_told_to_check_its_name,
            a_forged_row_past_the_first_page_is_named_at_its_position,
        ]
        .into_iter()
        .chain(tests![
            a_head_office_that_cannot_be_reached_is_one_clear_line_and_exit_1,
            a_desk_without_an_office_name_is_told_how_to_give_one,
            office_without_against_is_refused_by_the_command_line,
        ]),
    )
}

fn verify_against(db: &Path, url: &str, office: Option<&str>, lang: &str) -> Output {
    let mut args = vec!["verify", "--against", url];
    args.extend(office.iter().flat_map(|o| ["--office", o]));
    frontdesk(db, lang, &args, "")
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// The comparison's line about the visits chain, wherever it was said: the last one that
/// names it (the desk's own check names it first, with its head).
fn visits_line(out: &Output) -> String {
    let all = format!("{}{}", stdout(out), stderr(out));
    all.lines()
        .rev()
        .find(|l| l.contains("(visits)"))
        .unwrap_or_default()
        .to_owned()
}

fn an_office_pushed_and_unchanged_agrees_and_rows_written_since_are_not_pushed_yet() {
    let cluster = Cluster::start();
    let url = cluster.head_office("verify_agrees");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 4);
    // Under the office's name from its setup, as `sync` and `verify` both take it by default.
    let out = frontdesk(&db, "en", &["sync", "--to", &url], "");
    assert!(out.status.success(), "{}", stderr(&out));

    let out = verify_against(&db, &url, None, "en");
    assert_eq!(code(&out), Some(0), "{}{}", stdout(&out), stderr(&out));
    let said = stdout(&out);
    // The desk's own check first, then the head office's side.
    let own = said.find("All evidence is intact").expect(&said);
    let head = said
        .find("Compared with the head office (office 测试售楼处)")
        .expect(&said);
    assert!(own < head, "{said}");
    assert!(
        said.contains("visitor register (visits): agrees, 4 rows"),
        "{said}"
    );
    assert!(said.contains("Agrees with the head office"), "{said}");
    assert!(said.contains("0 rows not pushed yet"), "{said}");
    assert_eq!(stderr(&out), "");

    let mut store = Store::open(&db).unwrap();
    for i in 0..3 {
        visit(&mut store, &format!("后来{i}"));
    }
    drop(store);
    for (lang, said) in [
        (
            "en",
            "visitor register (visits): 4 rows agree, 3 not pushed yet",
        ),
        ("zh", "来访客户登记(visits):4 行一致,3 行尚未推送"),
    ] {
        let out = verify_against(&db, &url, Some("测试售楼处"), lang);
        assert_eq!(code(&out), Some(0), "{lang}: {}", stderr(&out));
        assert!(stdout(&out).contains(said), "{lang}: {}", stdout(&out));
    }
    // Pushed, they agree again.
    synced(&db, &url, "测试售楼处");
    let out = verify_against(&db, &url, None, "en");
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        visits_line(&out).contains("agrees, 7 rows"),
        "{}",
        stdout(&out)
    );
}

fn a_row_forged_with_its_chain_recomputed_is_named_with_its_chain_position_and_column() {
    let cluster = Cluster::start();
    let url = cluster.head_office("verify_forged");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 6);
    synced(&db, &url, "北区");
    let third = nth_visit(&db, 2);
    let pos = forge_visit(&db, third);
    for (lang, intact, said) in [
        (
            "en",
            "All evidence is intact",
            format!(
                "visitor register (visits): differs from the head office at link {pos}, row {third}: the link, the content (name, full_name)"
            ),
        ),
        (
            "zh",
            "证据完好",
            format!(
                "来访客户登记(visits):链位置 {pos}(第 {third} 行)与总部不同:链接、内容(name、full_name)"
            ),
        ),
    ] {
        let out = verify_against(&db, &url, Some("北区"), lang);
        assert_eq!(
            code(&out),
            Some(1),
            "{lang}: a forged row agreed: {}",
            stdout(&out)
        );
        // The forgery is consistent: the desk's own check finds nothing; the head office does.
        assert!(stdout(&out).contains(intact), "{lang}: {}", stdout(&out));
        assert!(stderr(&out).contains(&said), "{lang}: {}", stderr(&out));
    }
    let out = verify_against(&db, &url, Some("北区"), "en");
    assert!(
        stderr(&out).contains("DIFFERS from the head office: 1 of"),
        "{}",
        stderr(&out)
    );
    // The other chains still agree, each on its own line.
    assert!(
        stdout(&out).contains("audit trail (audit): agrees"),
        "{}",
        stdout(&out)
    );
}

fn a_desk_file_put_back_from_an_older_backup_is_named_for_the_rows_it_lacks() {
    let cluster = Cluster::start();
    let url = cluster.head_office("verify_older");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 3);
    let older = dir.path().join("older.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("VACUUM INTO ?1", [older.to_str().unwrap()])
        .unwrap();
    let mut store = Store::open(&db).unwrap();
    visit(&mut store, "后来甲");
    visit(&mut store, "后来乙");
    drop(store);
    synced(&db, &url, "中区");
    let fourth = nth_visit(&db, 3);
    std::fs::rename(&older, &db).unwrap();

    let out = verify_against(&db, &url, Some("中区"), "en");
    assert_eq!(code(&out), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!(
            "visitor register (visits): missing on the desk: the head office holds 2 rows from link 4 (row {fourth}) on that the desk lacks"
        )),
        "{}",
        stderr(&out)
    );
    let out = verify_against(&db, &url, Some("中区"), "zh");
    assert!(
        stderr(&out).contains(&format!(
            "来访客户登记(visits):本机缺少总部已有的 2 行,从链位置 4(第 {fourth} 行)起"
        )),
        "{}",
        stderr(&out)
    );
}

/// Both sides are read a page at a time: the head office's keyset query goes on from each
/// page's last position, and the difference is found on a later page.
fn a_forged_row_past_the_first_page_is_named_at_its_position() {
    let cluster = Cluster::start();
    let url = cluster.head_office("verify_pages");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    let rows = PAGE as usize * 2 + 10;
    many_visits(&db, rows - 1);
    synced(&db, &url, "西区");
    let out = verify_against(&db, &url, Some("西区"), "en");
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        visits_line(&out).contains(&format!("agrees, {rows} rows")),
        "{}",
        stdout(&out)
    );

    let pos = PAGE + 7;
    let row = nth_visit(&db, pos - 1);
    assert_eq!(forge_visit(&db, row), pos);
    let out = verify_against(&db, &url, Some("西区"), "en");
    assert_eq!(code(&out), Some(1), "{}", stdout(&out));
    assert!(
        visits_line(&out).contains(&format!(
            "differs from the head office at link {pos}, row {row}: the link, the content (name, full_name)"
        )),
        "{}",
        stderr(&out)
    );
}

fn a_database_no_office_synced_to_is_one_clear_line() {
    let cluster = Cluster::start();
    let url = cluster.database("verify_empty");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    let out = verify_against(&db, &url, None, "en");
    assert_eq!(code(&out), Some(1));
    assert_eq!(
        stderr(&out).trim(),
        "frontdesk: That database holds no head office (no evidence_rows table): no office has synced to it; is the URL right?"
    );
    // Read-only: nothing was created there.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE tablename = 'evidence_rows'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
}

fn an_office_the_head_office_holds_nothing_for_is_told_to_check_its_name() {
    let cluster = Cluster::start();
    let url = cluster.head_office("verify_other_name");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 2);
    synced(&db, &url, "东区");
    let out = verify_against(&db, &url, Some("东去"), "en");
    // Nothing differs: the office has pushed nothing under that name. But the auditor is told.
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "Note: the head office holds nothing for office 东去; check the office's name (--office)"
        ),
        "{}",
        stdout(&out)
    );
    assert!(
        visits_line(&out).contains("0 rows agree, 2 not pushed yet"),
        "{}",
        stdout(&out)
    );
}

/// Checked without a server: the connection fails.
fn a_head_office_that_cannot_be_reached_is_one_clear_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    for (lang, said) in [
        ("en", "frontdesk: Cannot reach the head office's database: "),
        ("zh", "frontdesk:连不上总部数据库:"),
    ] {
        let out = verify_against(&db, UNREACHABLE, None, lang);
        let err = refused_in_one_line(&out);
        assert!(err.starts_with(said), "{lang}: {err}");
        // The desk's own check was still made and said.
        assert!(
            stdout(&out).contains("(visits)"),
            "{lang}: {}",
            stdout(&out)
        );
    }
    refused_in_one_line(&verify_against(&db, "not a url at all ===", None, "en"));
}

fn a_desk_without_an_office_name_is_told_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = office::never_set_up(dir.path());
    for (lang, said) in [("en", "add --office NAME"), ("zh", "请加 --office 名称")] {
        let out = verify_against(&db, "host=/nonexistent user=nobody", None, lang);
        assert_eq!(code(&out), Some(1), "{lang}");
        assert!(stderr(&out).contains(said), "{lang}: {}", stderr(&out));
    }
}

fn office_without_against_is_refused_by_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    let out = frontdesk(&db, "en", &["verify", "--office", "东区"], "");
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--against"), "{}", stderr(&out));
}
