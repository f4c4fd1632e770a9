//! The console's own push to the head office on a real PostgreSQL (issue 19 §3, offline
//! first): a desk with a head-office address pushes in the background and then has nothing
//! unpushed; with the head office gone a write waits, counted, the failure noted, and no key
//! waits for it; a file forged behind the console's back is refused by the head office, and
//! every supervisor is warned naming the office, the chain and the row. Needs PostgreSQL's
//! server programs (`tests/outside`: skipped with the reason where they are missing).

#[macro_use]
mod outside;
#[path = "common/cli.rs"]
mod cli;
mod common;
#[path = "common/head_office.rs"]
mod head_office;
#[path = "common/visits.rs"]
mod visits;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, SubsecRound, Utc};
use common::{office, one_line, press, screen, settings};
use frontdesk::domain::clock::Clock;
use frontdesk::domain::staff::StaffId;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::store::chain;
use frontdesk::store::head_office_push::FailureKind;
use frontdesk::ui::App;
use outside::postgres::Cluster;
use ratatui::crossterm::event::KeyCode;
use visits::{forge_visit, nth_visit, office_with_visits, visit};

fn main() {
    outside::run(tests![outside::POSTGRES =>
        the_console_pushes_in_the_background_counts_what_waits_and_warns_of_a_refusal,
        a_sync_run_by_hand_is_noted_as_the_consoles_push_is,
    ])
}

/// A clock the test moves on.
#[derive(Clone)]
struct MovingClock(Arc<Mutex<DateTime<Utc>>>);

impl Clock for MovingClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl MovingClock {
    fn later(&self, minutes: i64) {
        *self.0.lock().unwrap() += chrono::Duration::minutes(minutes);
    }
}

/// The visits the head office at `url` holds for the small office, under its own name.
fn held_visits(url: &str) -> i64 {
    head_office::chain_rows(url, "测试售楼处", &chain::VISITS)
}

/// The supervisor sets the head office's address (no password: trust on the socket).
fn set_head_office(desk: &mut Store, url: &str) {
    let approval = desk
        .approve(None, StaffId(1), office::PIN, Utc::now())
        .unwrap();
    let with_address = desk.office_settings().unwrap().with_head_office(url, "");
    desk.set_office_settings(StaffId(1), approval, &with_address, Utc::now())
        .unwrap();
}

fn the_console_pushes_in_the_background_counts_what_waits_and_warns_of_a_refusal() {
    let cluster = Cluster::start();
    let url = cluster.head_office("console_push");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 4);
    let mut desk = Store::open(&db).unwrap();
    set_head_office(&mut desk, &url);

    // Whole seconds, as the file notes times to the millisecond.
    let clock = MovingClock(Arc::new(Mutex::new(Utc::now().trunc_subsecs(0))));
    let store = Store::open(&db).unwrap();
    let boss = store.staff_member(StaffId(1)).unwrap().unwrap();
    let mut app = App::new(store, settings(Lang::En), Box::new(clock.clone())).unwrap();
    app.start_demo(boss, "陈经理", office::PIN);

    // The first tick starts a push; the desk goes on; the push ends with nothing unpushed.
    app.tick();
    app.wait_for_push();
    let state = desk.head_office_push().unwrap();
    assert_eq!(state.unpushed, 0, "{state:?}");
    assert!(
        state.pushed_at.is_some() && state.failure.is_none(),
        "{state:?}"
    );
    assert_eq!(held_visits(&url), 4, "under the office's own name");
    // Not again before five minutes.
    app.tick();
    app.wait_for_push();
    assert_eq!(desk.head_office_push().unwrap().tried_at, state.tried_at);
    // A supervisor's sign-off a minute later: the signed day goes at once, not in four minutes.
    clock.later(1);
    let signed_at = clock.now();
    let approval = desk
        .approve(None, StaffId(1), office::PIN, signed_at)
        .unwrap();
    let tz = desk.office_settings().unwrap().timezone();
    desk.sign_day(
        StaffId(1),
        approval,
        signed_at.with_timezone(&tz).date_naive(),
        "checked",
        &[],
        signed_at,
    )
    .unwrap();
    assert!(desk.unpushed_rows().unwrap() > 0, "the sign-off waits");
    app.tick();
    app.wait_for_push();
    let state = desk.head_office_push().unwrap();
    assert_eq!(state.tried_at, Some(signed_at), "{state:?}");
    assert_eq!(state.unpushed, 0, "{state:?}");

    // The head office goes away; the desk writes on.
    cluster.stop();
    let before = desk.unpushed_rows().unwrap();
    visit(&mut desk, "断网时来访");
    let waiting = desk.unpushed_rows().unwrap();
    assert!(
        waiting > before,
        "the new visit waits: {before} → {waiting}"
    );
    clock.later(5);
    let started = Instant::now();
    app.tick();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the tick waited {:?} for the head office",
        started.elapsed()
    );
    app.wait_for_push();
    let state = desk.head_office_push().unwrap();
    assert_eq!(state.unpushed, waiting, "{state:?}");
    let failure = state.failure.clone().expect("the failure is noted");
    assert_eq!(failure.kind, FailureKind::Connect, "{failure:?}");
    assert!(state.refusal.is_none());
    assert!(
        !one_line(&screen(&app, 80, 24)).contains("HEAD OFFICE"),
        "a network failure is no warning"
    );

    // The head office is back, and someone has rewritten a pushed visit in the file with
    // every link recomputed.
    cluster.start_again();
    let forged = nth_visit(&db, 1);
    forge_visit(&db, forged);
    clock.later(5);
    app.tick();
    app.wait_for_push();
    let state = desk.head_office_push().unwrap();
    let refusal = state.refusal.clone().expect("refused");
    assert_eq!(
        (refusal.office.as_str(), refusal.chain.as_str(), refusal.row),
        ("测试售楼处", "visits", forged),
        "{refusal:?}"
    );
    assert_eq!(held_visits(&url), 4, "nothing of the forged file is stored");
    // Every supervisor sees it, at 80×24, in either language.
    let en = one_line(&screen(&app, 80, 24));
    assert!(
        en.contains("HEAD OFFICE REFUSED this desk's file: office 测试售楼处, visitor register (visits), row")
            && en.contains(&format!("row {forged} no longer matches")),
        "{en}"
    );
    press(&mut app, KeyCode::F(2));
    let zh = one_line(&screen(&app, 80, 24));
    assert!(zh.contains("总部拒绝了本机文件"), "{zh}");
    // And it stays while the network fails again: only a push that succeeds clears it.
    cluster.stop();
    clock.later(5);
    app.tick();
    app.wait_for_push();
    assert!(desk.head_office_push().unwrap().refusal.is_some());
    assert!(one_line(&screen(&app, 80, 24)).contains("总部拒绝了本机文件"));
}

/// `frontdesk sync` run by hand (cron, a supervisor) is in the day's review as the console's
/// own push is, when the office has that head office set: nothing counted as waiting that
/// the head office holds.
fn a_sync_run_by_hand_is_noted_as_the_consoles_push_is() {
    let cluster = Cluster::start();
    let url = cluster.head_office("hand_sync");
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 1);
    let mut desk = Store::open(&db).unwrap();
    let sync =
        |desk_db: &std::path::Path| cli::frontdesk(desk_db, "en", &["sync", "--to", &url], "");
    // No address set: the sync pushes, and the file notes nothing (its review says "not set").
    assert!(sync(&db).status.success());
    assert_eq!(desk.head_office_push().unwrap().pushed_at, None);
    set_head_office(&mut desk, &url);
    visit(&mut desk, "客户乙");
    assert!(desk.unpushed_rows().unwrap() > 0);
    let pushed = sync(&db);
    assert!(pushed.status.success(), "{}", cli::stderr(&pushed));
    let state = desk.head_office_push().unwrap();
    assert!(state.pushed_at.is_some(), "{state:?}");
    assert_eq!(state.unpushed, 0, "{state:?}");
    // The head office gone: the failure is noted for the review, and the command says it too.
    cluster.stop();
    let failed = sync(&db);
    assert_eq!(failed.status.code(), Some(1));
    let state = desk.head_office_push().unwrap();
    assert_eq!(
        state.failure.as_ref().map(|f| f.kind),
        Some(FailureKind::Connect),
        "{state:?}"
    );
}
