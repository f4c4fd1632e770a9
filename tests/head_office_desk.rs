//! What a desk shows of the pushes to the head office (issue 19 §3), at 80×24 in both
//! languages: the day's review says when the last push was and what is not yet pushed, and
//! the last failure plainly; a refusal is the warning every supervisor sees, and only they.
//! The state is noted as the push thread notes it; no head office is needed.

mod common;
mod demo_tabs;

use chrono::Duration;
use common::{now, one_line, press, screen, settings};
use frontdesk::demo;
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::Lang;
use frontdesk::store::chain::{self, CHAINS};
use frontdesk::store::head_office_push::{FailureKind, PushRefusal};
use frontdesk::store::{Bookkeeping, Store};
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

/// The demo office on a file with a head-office address, pushed 20 minutes ago all but the
/// last two visits, and a push 4 minutes ago that could not reach the head office; with
/// `refused`, the one before that was refused.
fn office(dir: &tempfile::TempDir, refused: bool) -> std::path::PathBuf {
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path).unwrap();
    demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let boss = supervisor(&store).id;
    let approval = store.approve(None, boss, demo::DEMO_PIN, now()).unwrap();
    let with_address = store
        .office_settings()
        .unwrap()
        .with_head_office("host=/nonexistent user=east dbname=group", "东区售楼处");
    store
        .set_office_settings(boss, approval, &with_address, now())
        .unwrap();
    let confirmed: Vec<(&str, i64)> = CHAINS
        .iter()
        .map(|c| {
            let n = store.chain_length(c).unwrap();
            (
                c.table,
                if c.table == chain::VISITS.table {
                    n - 2
                } else {
                    n
                },
            )
        })
        .collect();
    let book = Bookkeeping::open(&path).unwrap();
    book.note_pushed(now() - Duration::minutes(20), &confirmed)
        .unwrap();
    if refused {
        let at = now() - Duration::minutes(10);
        let refusal = PushRefusal {
            at,
            office: "东区售楼处".into(),
            chain: "visits".into(),
            pos: 7,
            row: 7,
            why: "differs".into(),
        };
        book.note_failed(at, FailureKind::Refused, "refused", Some(&refusal))
            .unwrap();
    }
    let detail = "cannot reach the head office: error connecting to server: No such file or directory (os error 2)";
    book.note_failed(
        now() - Duration::minutes(4),
        FailureKind::Connect,
        detail,
        None,
    )
    .unwrap();
    path
}

fn supervisor(store: &Store) -> frontdesk::domain::staff::Staff {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == demo::DEMO_SUPERVISOR)
        .unwrap()
}

/// A console on `path` with the demo's `who` signed in, at the fixed moment: the last push
/// was tried 4 minutes ago, so none is due.
fn desk(path: &std::path::Path, lang: Lang, who: &str) -> App {
    let store = Store::open(path).unwrap();
    let staff = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == who)
        .unwrap();
    let mut app = App::new(store, settings(lang), Box::new(FixedClock(now()))).unwrap();
    app.start_demo(staff, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    app.tick();
    app
}

/// The day's review, scrolled to its end where the backup and head-office lines are.
fn review(app: &mut App) -> String {
    press(app, KeyCode::Char(demo_tabs::HANDOVER));
    app.tick();
    press(app, KeyCode::Char('v'));
    press(app, KeyCode::Enter);
    app.tick();
    for _ in 0..80 {
        press(app, KeyCode::Down);
    }
    screen(app, 80, 24)
}

#[test]
fn issue_19_the_review_says_the_last_push_what_waits_and_why_the_last_one_failed_en() {
    let dir = tempfile::tempdir().unwrap();
    let path = office(&dir, false);
    let mut app = desk(&path, Lang::En, demo::DEMO_SUPERVISOR);
    let shown = review(&mut app);
    let line = one_line(&shown);
    assert!(
        line.contains("Head office: last push 11:10, 2 rows not yet pushed"),
        "{shown}"
    );
    assert!(
        line.contains("The push at 11:26 failed: the head office could not be reached"),
        "{shown}"
    );
    assert!(
        !line.contains("HEAD OFFICE REFUSED"),
        "no refusal, no warning"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn issue_19_the_review_says_the_last_push_what_waits_and_why_the_last_one_failed_zh() {
    let dir = tempfile::tempdir().unwrap();
    let path = office(&dir, false);
    let mut app = desk(&path, Lang::Zh, demo::DEMO_SUPERVISOR);
    let shown = review(&mut app);
    assert!(
        shown.contains("总部:最近推送 11:10,尚有 2 行未推送"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn issue_19_a_refusal_is_a_warning_every_supervisor_sees_at_80_by_24() {
    let dir = tempfile::tempdir().unwrap();
    let path = office(&dir, true);
    for (lang, said) in [
        (
            Lang::En,
            "HEAD OFFICE REFUSED this desk's file: office 东区售楼处, visitor register (visits), row 7",
        ),
        (Lang::Zh, "总部拒绝了本机文件"),
    ] {
        let app = desk(&path, lang, demo::DEMO_SUPERVISOR);
        let shown = screen(&app, 80, 24);
        assert!(one_line(&shown).contains(said), "{shown}");
        insta::assert_snapshot!(format!("refusal_warning_{lang:?}"), shown);
        // A clerk is not the one to act on it: not on the clerk's screen.
        let clerk = desk(&path, lang, demo::DEMO_CLERK);
        assert!(!one_line(&screen(&clerk, 80, 24)).contains(said));
    }
}

#[test]
fn issue_19_a_demo_office_without_an_address_says_not_set() {
    let mut app = common::demo_app(Lang::En);
    let shown = review(&mut app);
    assert!(
        one_line(&shown).contains("Head office: not set (office settings)"),
        "{shown}"
    );
}
