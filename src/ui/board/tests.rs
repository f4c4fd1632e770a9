//! The board as the hall sees it: what it says about the demo's morning, how it follows
//! another desk's writes, that it cannot write, and how it looks at the sizes a big font gives.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::Board;
use super::run::{open, running_demos};
use crate::demo;
use crate::domain::clock::business_day;
use crate::domain::rotation::{Availability, Command};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Staff, StaffId};
use crate::i18n::Lang;
use crate::store::desk_lock::DeskLock;
use crate::store::{Store, StoreError};

/// 11:30 in Shanghai.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
}

fn demo_store() -> (Store, Staff) {
    let mut store = Store::open_in_memory().unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    (store, clerk)
}

fn id_of(store: &Store, name: &str) -> StaffId {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .map(|s| s.id)
        .unwrap()
}

fn run(store: &mut Store, clerk: &Staff, command: Command) {
    let day = business_day(now(), chrono_tz::Asia::Shanghai);
    store.rotate(clerk.id, None, day, now(), &command).unwrap();
}

fn board_on(store: &Store, lang: Lang) -> Board {
    let mut board = Board::new(lang);
    board.refresh(store, now());
    board
}

/// The board as a terminal of `width`×`height` cells shows it, rows joined by newlines.
fn screen(board: &Board, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| board.render(f, now())).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut covered = 0;
        for x in 0..width {
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn the_board_shows_who_is_up_who_follows_make_ups_receptions_and_who_is_away() {
    let (store, _) = demo_store();
    let sight = board_on(&store, Lang::En).sight(now());
    assert_eq!(sight.next.as_deref(), Some("王芳"));
    assert_eq!(sight.follows, ["李娜", "陈静"]);
    assert_eq!(
        sight.make_ups,
        ["刘洋×1"],
        "刘洋's missed turn on assigned work"
    );
    let receiving = sight.receiving.join(" | ");
    assert!(
        receiving.contains("张伟 ") && receiving.contains("赵强 ") && receiving.contains(" min"),
        "{receiving}"
    );
    assert_eq!(sight.away, ["刘洋 (on assigned work)", "杨帆 (on break)"]);
    assert!(!sight.nobody_in);
}

#[test]
fn a_reception_says_for_how_many_minutes_it_has_run() {
    let (store, _) = demo_store();
    let board = board_on(&store, Lang::En);
    let later = board.sight(now() + chrono::Duration::minutes(25));
    let earlier = board.sight(now());
    let minutes = |s: &super::Sight| -> Vec<i64> {
        s.receiving
            .iter()
            .map(|r| r.split(' ').nth(1).unwrap().parse().unwrap())
            .collect()
    };
    let (before, after) = (minutes(&earlier), minutes(&later));
    assert!(
        before.iter().zip(&after).all(|(b, a)| a - b == 25),
        "{before:?} then {after:?}"
    );
}

#[test]
fn rot_5_a_make_up_holder_back_on_the_floor_is_next_up_and_the_board_says_it_is_a_make_up() {
    let (mut store, clerk) = demo_store();
    let liu = id_of(&store, "刘洋");
    run(
        &mut store,
        &clerk,
        Command::SetAvailability(liu, Availability::Available),
    );
    let sight = board_on(&store, Lang::En).sight(now());
    assert_eq!(sight.next.as_deref(), Some("刘洋 (make-up)"));
    assert_eq!(sight.follows[0], "王芳", "then the normal order");
    let zh = board_on(&store, Lang::Zh).sight(now());
    assert_eq!(zh.next.as_deref(), Some("刘洋(补接)"));
}

#[test]
fn a_day_nobody_has_checked_in_says_so_instead_of_empty_headings() {
    let store = Store::open_in_memory().unwrap();
    let board = board_on(&store, Lang::En);
    let shown = screen(&board, 80, 24);
    assert!(
        shown.contains("No salesperson has checked in yet today"),
        "{shown}"
    );
    assert!(!shown.contains("Next up"), "{shown}");
}

/// Another desk's write reaches the board on its next tick (`data_version`), through a
/// read-only handle on the same file.
#[test]
fn another_desks_check_in_and_reception_appear_on_the_boards_next_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut desk = Store::open(&path).unwrap();
    let clerk = demo::populate(&mut desk, &OfficeSettings::default(), now()).unwrap();
    let reader = open(&path, Lang::En).unwrap();
    let mut board = Board::new(Lang::En);
    board.refresh(&reader, now());
    assert!(!screen(&board, 80, 24).contains("黄丽"));
    let huang = id_of(&desk, "黄丽");
    run(&mut desk, &clerk, Command::CheckIn(huang));
    board.refresh(&reader, now());
    assert_eq!(
        board.sight(now()).follows.last().map(String::as_str),
        Some("黄丽")
    );
    run(&mut desk, &clerk, Command::WalkIn);
    board.refresh(&reader, now());
    let sight = board.sight(now());
    assert!(
        sight.receiving.iter().any(|r| r.starts_with("王芳 ")),
        "{sight:?}"
    );
    assert_eq!(sight.next.as_deref(), Some("李娜"));
}

#[test]
fn the_boards_store_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clerk = {
        let mut desk = Store::open(&path).unwrap();
        demo::populate(&mut desk, &OfficeSettings::default(), now()).unwrap()
    };
    let mut reader = open(&path, Lang::En).unwrap();
    assert!(reader.is_read_only());
    let day = business_day(now(), chrono_tz::Asia::Shanghai);
    let refused = reader.rotate(clerk.id, None, day, now(), &Command::WalkIn);
    assert!(matches!(refused, Err(StoreError::ReadOnly)), "{refused:?}");
    let log = reader.rotation_log(day).unwrap();
    let writer = Store::open(&path).unwrap();
    assert_eq!(
        writer.rotation_log(day).unwrap().len(),
        log.len(),
        "nothing written"
    );
}

#[test]
fn a_file_that_needs_an_upgrade_is_refused_and_left_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let latest: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", latest - 1)
        .unwrap();
    // Checkpointed and closed, so the bytes on disk are the whole file.
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let said = open(&path, Lang::En).err().unwrap();
    assert!(said.contains("needs an upgrade"), "{said}");
    assert!(said.contains("never changes the database"), "{said}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let zh = open(&path, Lang::Zh).err().unwrap();
    assert!(zh.contains("需要升级"), "{zh}");
}

#[test]
fn a_missing_file_is_said_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let said = open(&path, Lang::En).err().unwrap();
    assert!(said.contains("does not exist"), "{said}");
    assert!(!path.exists());
}

#[test]
fn the_board_opens_the_newest_demo_still_running_and_passes_over_ended_ones() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(running_demos(tmp.path()).is_empty());
    let make = |name: &str, age_s: u64| {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("demo.db");
        std::fs::write(&db, b"").unwrap();
        let at = std::time::SystemTime::now() - std::time::Duration::from_secs(age_s);
        std::fs::File::options()
            .write(true)
            .open(&db)
            .unwrap()
            .set_modified(at)
            .unwrap();
        db
    };
    let old = make("frontdesk-demo-old", 600);
    let new = make("frontdesk-demo-new", 60);
    // The newest of all ended (killed): nobody holds its lock.
    make("frontdesk-demo-ended", 0);
    std::fs::create_dir(tmp.path().join("unrelated")).unwrap();
    let _old_runs = DeskLock::console(&old).unwrap();
    let _new_runs = DeskLock::console(&new).unwrap();
    assert_eq!(running_demos(tmp.path()), [new, old]);
}

/// The sizes a sales hall's screen gives with a big font, and the desk's own 80×24.
#[test]
fn the_board_at_desk_and_hall_sizes_in_both_languages() {
    let (store, _) = demo_store();
    for lang in [Lang::Zh, Lang::En] {
        let board = board_on(&store, lang);
        for (width, height) in [(80, 24), (60, 20), (40, 12)] {
            insta::assert_snapshot!(
                format!("board_{width}x{height}_{lang:?}"),
                screen(&board, width, height)
            );
        }
    }
}

#[test]
fn a_screen_of_a_few_cells_is_drawn_without_panic() {
    let (store, _) = demo_store();
    let board = board_on(&store, Lang::Zh);
    for (width, height) in [(10, 3), (1, 1), (0, 0), (3, 10), (200, 2), (12, 1)] {
        screen(&board, width, height);
    }
}

/// A file moved or deleted behind the board: it says so at its foot, in the hall's words,
/// and keeps the last day it read above, trying again on every tick.
#[test]
fn a_file_gone_from_under_the_board_is_said_at_its_foot_and_the_last_view_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let mut desk = Store::open(&path).unwrap();
        demo::populate(&mut desk, &OfficeSettings::default(), now()).unwrap();
    }
    let reader = open(&path, Lang::En).unwrap();
    let mut board = Board::new(Lang::En);
    board.refresh(&reader, now());
    std::fs::rename(&path, dir.path().join("moved.db")).unwrap();
    board.refresh(&reader, now());
    let shown = screen(&board, 80, 24);
    assert!(shown.contains("Next up    王芳"), "{shown}");
    let row = |text: &str| shown.lines().position(|l| l.starts_with(text));
    let (away, trouble) = (row("Away"), row("Cannot read the database just now:"));
    assert!(trouble.is_some() && trouble > away, "at the foot: {shown}");
}
