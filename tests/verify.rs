//! `frontdesk verify` through the real binary, and the console's check at start (issue 8
//! §2): an untouched office verifies with its chain heads; an edit, a replace or a deletion
//! made behind the console's back is named in one line, in the user's language.

mod common;

use std::path::Path;
use std::process::Output;

use chrono::DateTime;
use common::*;
use frontdesk::domain::clock::FixedClock;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use ratatui::crossterm::event::KeyCode;

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

fn verify(db: &Path, lang: &str) -> Output {
    std::process::Command::new(BIN)
        .args(["verify", "--db"])
        .arg(db)
        .args(["--lang", lang])
        .env("HOME", db.parent().unwrap())
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A demo office on a file, closed.
fn office(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let (app, path) = demo_on_file(dir);
    drop(app);
    path
}

/// Runs `sql` on the file as another program would, with no trigger in its way that it
/// drops first.
fn behind_the_back(db: &Path, sql: &str) {
    let raw = rusqlite::Connection::open(db).unwrap();
    raw.execute_batch(sql).unwrap();
}

/// When a row says it was written, as `verify` tells it (the demo office is in Shanghai).
fn written(db: &Path, table: &str, id: i64) -> String {
    let raw = rusqlite::Connection::open(db).unwrap();
    let at: String = raw
        .query_row(
            &format!("SELECT at FROM {table} WHERE rowid = {id}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    DateTime::parse_from_rfc3339(&at)
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Exit 1, nothing on stdout and exactly one line on stderr, which it returns: a failure is
/// said where every subcommand says its failures.
fn one_tampered_line(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(stdout(out), "", "nothing on stdout");
    let text = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    text.trim_end().to_owned()
}

#[test]
fn reg_4_an_untouched_office_verifies_with_each_chains_length_and_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    let heads = Store::open(&db).unwrap().chain_heads().unwrap();
    let out = verify(&db, "en");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(text.starts_with("All evidence is intact"), "{text}");
    for head in &heads {
        // This office has no set-aside rows and nothing registered, logged or filed yet.
        let empty = [
            "rotation_set_aside",
            "visits",
            "calls",
            "register_corrections",
            "ownership_rulings",
            "customer_referrals",
            "employee_referrals",
            "employee_referral_confirmations",
            "redistributions",
            "redistribution_moves",
            "lobby_visits",
            "lobby_exits",
            "lobby_corrections",
            "parcel_corrections",
            "complaints",
            "complaint_events",
            "repair_orders",
            "repair_events",
            "shift_log",
            "handovers",
            "handover_events",
            "day_signoffs",
            "desk_unstaffed",
        ];
        assert!(head.length > 0 || empty.contains(&head.table));
        let line = format!(
            "({}): {} rows, head {}",
            head.table,
            head.length,
            head.short()
        );
        assert!(text.contains(&line), "{line} in {text}");
    }
    let text = stdout(&verify(&db, "zh"));
    assert!(text.starts_with("证据完好"), "{text}");
    assert!(text.contains("轮排记录(rotation_events)"), "{text}");
}

#[test]
fn reg_4_a_row_edited_behind_the_consoles_back_is_found_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    let when = written(&db, "audit", 3);
    behind_the_back(
        &db,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing happened' WHERE id = 3;",
    );
    let line = one_tampered_line(&verify(&db, "en"));
    assert_eq!(
        line,
        format!(
            "Evidence check FAILED: row 3 of the audit trail (audit), written {when}, was \
             changed after it was written: it no longer matches its hash"
        )
    );
    let line = one_tampered_line(&verify(&db, "zh"));
    assert_eq!(
        line,
        format!(
            "证据校验未通过:操作审计记录(audit)第 3 行(写于 {when})在写入后被改动过,与其哈希不符"
        )
    );
}

#[test]
fn reg_4_a_row_replaced_with_the_triggers_dropped_is_found_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    behind_the_back(
        &db,
        "DROP TRIGGER rotation_events_no_replace;
         INSERT OR REPLACE INTO rotation_events (id, business_day, at, operator_id, event)
         SELECT id, business_day, at, operator_id + 1, event FROM rotation_events WHERE id = 5;",
    );
    let when = written(&db, "rotation_events", 5);
    let line = one_tampered_line(&verify(&db, "en"));
    assert!(
        line.contains(&format!(
            "row 5 of the rotation log (rotation_events), written {when}, was changed"
        )),
        "{line}"
    );
}

#[test]
fn reg_4_a_row_deleted_from_the_middle_is_found_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    behind_the_back(
        &db,
        "DROP TRIGGER rotation_events_no_delete; DELETE FROM rotation_events WHERE id = 4;",
    );
    let line = one_tampered_line(&verify(&db, "en"));
    assert!(
        line.contains("row 4 of the rotation log (rotation_events) was deleted"),
        "{line}"
    );
}

#[test]
fn verify_refuses_a_missing_file_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let out = verify(&db, "en");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not exist"),
        "{out:?}"
    );
    assert!(!db.exists());
}

/// A console on `db` at the fixed test moment, its whole-file evidence check started (as
/// after the first frame) and waited for.
fn checked_console(db: &Path, lang: Lang) -> frontdesk::ui::App {
    let mut app = frontdesk::ui::App::new(
        Store::open(db).unwrap(),
        settings(lang),
        Box::new(FixedClock(now())),
    )
    .unwrap();
    app.start_evidence_check();
    app.wait_for_evidence_check();
    app
}

#[test]
fn reg_4_the_console_checks_the_whole_file_after_its_first_frame_and_an_older_row_edited_shows_the_banner()
 {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    let mut app = frontdesk::ui::App::new(
        Store::open(&db).unwrap(),
        settings(Lang::En),
        Box::new(FixedClock(now())),
    )
    .unwrap();
    app.start_evidence_check();
    // Until its result is taken the header says the check is running.
    let s = one_line(&screen(&app, 120, 30));
    assert!(s.contains("checking evidence…"), "{s}");
    app.wait_for_evidence_check();
    let s = one_line(&screen(&app, 120, 30));
    assert!(
        s.contains("evidence ✓") && !s.contains("EVIDENCE CHECK FAILED"),
        "{s}"
    );
    drop(app);
    // A row well before the verified point the first check left: only a whole check sees it.
    behind_the_back(
        &db,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE id = 3;",
    );
    let s = one_line(&screen(&checked_console(&db, Lang::En), 120, 30));
    assert!(
        s.contains(
            "EVIDENCE CHECK FAILED (shown until a supervisor acknowledges it: F4): row 3 of the \
             audit trail (audit)"
        ),
        "{s}"
    );
    let s = one_line(&screen(&checked_console(&db, Lang::Zh), 120, 30));
    assert!(s.contains("证据校验未通过"), "{s}");
}

#[test]
fn reg_4_the_evidence_banner_stays_through_sign_in_until_a_supervisor_acknowledges_it_with_a_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    behind_the_back(
        &db,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE id = 3;",
    );
    let banner = "acknowledges it: F4): row 3 of the audit trail (audit)";
    let mut app = checked_console(&db, Lang::En);
    assert!(
        one_line(&screen(&app, 80, 24)).contains(banner),
        "at the sign-in"
    );
    sign_in_first_listed(&mut app, frontdesk::demo::DEMO_CLERK_PIN);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("signed in") && s.contains(banner), "{s}");
    // Another tab, another key: still there.
    press(&mut app, KeyCode::Char('3'));
    assert!(one_line(&screen(&app, 80, 24)).contains(banner));
    // F4: the supervisor's PIN acknowledges it.
    press(&mut app, KeyCode::F(4));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Acknowledge the evidence failure"), "{s}");
    typed(&mut app, "0000");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(
        one_line(&s).contains("Wrong PIN"),
        "a wrong PIN is refused: {s}"
    );
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, frontdesk::demo::DEMO_PIN);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("1 evidence failure(s) acknowledged by supervisor 陈经理"),
        "{s}"
    );
    assert!(!s.contains(banner), "{s}");
    press(&mut app, KeyCode::F(4));
    assert!(
        one_line(&screen(&app, 80, 24)).contains("There is no evidence failure to acknowledge")
    );
    drop(app);
    // Audited, with what was acknowledged, and in the day's review.
    let store = Store::open(&db).unwrap();
    let ack = store
        .audit_trail()
        .unwrap()
        .into_iter()
        .find(|a| a.action == "evidence_acknowledged")
        .expect("audited");
    assert_eq!(ack.detail, "audit row 3: altered");
    assert!(ack.approver.is_some());
    let tz = chrono_tz::Asia::Shanghai;
    let today = now().with_timezone(&tz).date_naive();
    let review = store.day_review(today, tz).unwrap();
    assert_eq!(review.acknowledged.len(), 1);
    assert_eq!(review.acknowledged[0].what, "audit row 3: altered");
    drop(store);
    // The same failure found again stays quiet; a new, different one shows.
    let s = one_line(&screen(&checked_console(&db, Lang::En), 80, 24));
    assert!(!s.contains("EVIDENCE CHECK FAILED"), "{s}");
    behind_the_back(
        &db,
        "DROP TRIGGER rotation_events_no_update;
         UPDATE rotation_events SET event = '{}' WHERE id = 2;",
    );
    let s = one_line(&screen(&checked_console(&db, Lang::En), 80, 24));
    assert!(
        s.contains("F4): row 2 of the rotation log (rotation_events)"),
        "{s}"
    );
}

fn verified_point(db: &Path, table: &str) -> (i64, Vec<u8>, String) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT pos, hash, verified_at FROM chain_verified WHERE tbl = ?1",
            [table],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn reg_4_verify_names_a_chain_recomputed_over_its_verified_point_and_never_moves_the_point() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(&dir);
    assert_eq!(verify(&db, "en").status.code(), Some(0));
    let point = verified_point(&db, "audit");
    let verified_at = DateTime::parse_from_rfc3339(&point.2)
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    behind_the_back(
        &db,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing happened' WHERE id = 3;",
    );
    recompute_links(&db, &frontdesk::store::chain::AUDIT, 3);
    let line = one_tampered_line(&verify(&db, "en"));
    assert!(
        line.starts_with(&format!(
            "Evidence check FAILED: the hash chain of the audit trail (audit) was rewritten: \
             link {pos} (row {pos}) is no longer what was verified at {verified_at}",
            pos = point.0
        )),
        "{line}"
    );
    assert_eq!(verified_point(&db, "audit"), point, "the point stays");
    // Said again, and in Chinese.
    let line = one_tampered_line(&verify(&db, "zh"));
    assert!(
        line.contains("操作审计记录(audit)的哈希链被改写过"),
        "{line}"
    );
    assert_eq!(verified_point(&db, "audit"), point);
}
