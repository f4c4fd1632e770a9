//! `frontdesk board` through the real binary in a real terminal (issue 20 §5): it follows two
//! desks' writes within a second or two, shows no customer's name or phone though the
//! registers hold them, opens the demo running beside it, and never writes the file.

#[macro_use]
mod outside;
mod tmux;

use std::path::Path;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use chrono::Utc;
use frontdesk::demo;
use frontdesk::domain::clock::business_day;
use frontdesk::domain::rotation::Command;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::StaffId;
use frontdesk::store::Store;
use tmux::{BIN, Session, sh_quote};

fn main() {
    outside::run(
        tests![outside::TMUX =>
            the_board_shows_two_desks_writes_within_two_seconds_and_restores_the_terminal_on_q,
            no_customer_name_or_phone_reaches_the_board_though_the_registers_hold_them,
            the_board_opens_the_demo_running_beside_it_and_follows_its_walk_ins,
        ]
        .into_iter()
        .chain(tests![
            the_board_refuses_a_file_that_needs_an_upgrade_and_leaves_it_untouched,
            the_board_refuses_a_missing_file_and_creates_nothing,
        ]),
    )
}

/// A database with the demo's morning as of now, closed: desks and the board open it anew.
fn office(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("office.db");
    let mut store = Store::open(&db).unwrap();
    demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    db
}

fn staff(store: &Store, name: &str) -> StaffId {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .map(|s| s.id)
        .unwrap()
}

/// A desk's write, as the console makes it: the demo clerk runs `command` now.
fn desk_runs(db: &Path, command: Command) {
    let mut desk = Store::open(db).unwrap();
    let clerk = staff(&desk, demo::DEMO_CLERK);
    let now = Utc::now();
    let day = business_day(now, desk.office_settings().unwrap().timezone());
    desk.rotate(clerk, None, day, now, &command).unwrap();
}

fn board(db: &Path, width: u16, height: u16, lang: &str) -> Session {
    let db = sh_quote(&db.display().to_string());
    let command = format!("{BIN} board --db {db} --lang {lang}; echo \"exit=$?\"; sleep 60");
    Session::start(width, height, &command)
}

/// How long until the board shows `text`: a desk's write must reach the hall within a
/// second or two (the board looks every 250 ms).
fn seen_within(s: &Session, text: &str) -> Duration {
    let start = Instant::now();
    s.wait_for(text);
    start.elapsed()
}

const PROMPT: Duration = Duration::from_secs(2);

fn the_board_shows_two_desks_writes_within_two_seconds_and_restores_the_terminal_on_q() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let s = board(&db, 80, 24, "en");
    let screen = s.wait_for("Next up    王芳");
    assert!(screen.contains("Then       李娜   陈静"), "{screen}");
    assert!(!screen.contains("黄丽"), "{screen}");
    // One desk gives the next walk-in to 王芳 ...
    desk_runs(&db, Command::WalkIn);
    let took = seen_within(&s, "王芳 0 min");
    assert!(took < PROMPT, "the reception took {took:?} to show");
    let screen = s.wait_for("Next up    李娜");
    assert!(screen.contains("Receiving"), "{screen}");
    // ... and another checks 黄丽 in: she joins the end of who follows.
    let other = Store::open(&db).unwrap();
    let huang = staff(&other, "黄丽");
    drop(other);
    desk_runs(&db, Command::CheckIn(huang));
    let took = seen_within(&s, "陈静   黄丽");
    assert!(took < PROMPT, "the check-in took {took:?} to show");
    let screen = s.quit_with("q", "q");
    assert!(screen.contains("exit=0"), "{screen}");
    assert_eq!(
        s.pane_format("#{alternate_on}"),
        "0",
        "the terminal is restored"
    );
}

fn no_customer_name_or_phone_reaches_the_board_though_the_registers_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let salespeople: Vec<String> = conn
        .prepare("SELECT name FROM staff")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut customers: Vec<String> = Vec::new();
    for sql in [
        "SELECT full_name, phone FROM visits",
        "SELECT full_name, phone FROM calls",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                ))
            })
            .unwrap();
        for (name, phone) in rows.map(Result::unwrap) {
            customers.extend(name.into_iter().chain(phone).filter(|s| !s.is_empty()));
        }
    }
    drop(conn);
    // A customer who shares a salesperson's name is not theirs to find on the board.
    customers.retain(|c| !salespeople.iter().any(|p| p.contains(c.as_str())));
    assert!(
        customers.len() > 100,
        "the registers hold customers: {}",
        customers.len()
    );
    for (width, height, lang, ready) in [(80, 24, "zh", "下一位"), (40, 12, "en", "Next up")] {
        let s = board(&db, width, height, lang);
        let screen = s.wait_for(ready);
        let seen: Vec<&String> = customers
            .iter()
            .filter(|c| screen.contains(c.as_str()))
            .collect();
        assert!(
            seen.is_empty(),
            "customer data on the board: {seen:?}\n{screen}"
        );
        assert!(!screen.contains("****"), "{screen}");
    }
}

fn the_board_opens_the_demo_running_beside_it_and_follows_its_walk_ins() {
    let tmp = tempfile::tempdir().unwrap();
    let tmpdir = sh_quote(&tmp.path().display().to_string());
    let desk = Session::start(
        80,
        24,
        &format!("TMPDIR={tmpdir} {BIN} --demo --lang en; sleep 60"),
    );
    desk.wait_for("Next up: 王芳");
    let hall = Session::start(
        60,
        20,
        &format!("TMPDIR={tmpdir} {BIN} board --demo --lang zh; sleep 60"),
    );
    hall.wait_for("下一位  王芳");
    desk.keys(&["n"]);
    desk.wait_for("ROT-1: 王芳 receives the walk-in");
    hall.wait_for("下一位  李娜");
}

fn the_board_refuses_a_file_that_needs_an_upgrade_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let latest: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", latest - 1)
        .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    let out = Process::new(BIN)
        .args(["board", "--db", db.to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs an upgrade"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is as it was");
    assert_eq!(
        tmux::entries(dir.path()),
        [db],
        "no journal or WAL was made beside it"
    );
}

fn the_board_refuses_a_missing_file_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let out = Process::new(BIN)
        .args(["board", "--db", db.to_str().unwrap(), "--lang", "zh"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("不存在"), "{stderr}");
    assert!(tmux::entries(dir.path()).is_empty());
}
