//! What the key-flow tests share: a fixed moment, an App on a fresh or demo database, keys,
//! and the screen as text.
#![allow(dead_code)]

pub mod child;
pub mod office;

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::config::ConsoleConfig;
use frontdesk::demo;
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn now() -> DateTime<Utc> {
    // 11:30 in Shanghai.
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
}

pub fn settings(lang: Lang) -> ConsoleConfig {
    ConsoleConfig {
        lang,
        db: ":memory:".into(),
        mouse: true,
        bell: true,
        head_office_password: None,
    }
}

pub fn fresh(lang: Lang) -> App {
    App::new(
        Store::open_in_memory().unwrap(),
        settings(lang),
        Box::new(FixedClock(now())),
    )
    .unwrap()
}

pub fn demo_app(lang: Lang) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let s = settings(lang);
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let mut app = App::new(store, s, Box::new(FixedClock(now()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    app
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

/// A key with Ctrl held, e.g. `ctrl(app, 's')`.
pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Ctrl-S: submits the form on top from whatever field the cursor is on.
pub fn save(app: &mut App) {
    ctrl(app, 's');
}

/// `q`, then `y` if the console asks first (a form holds typed text or the operator is on
/// duty, as the demo clerk is).
pub fn quit(app: &mut App) {
    press(app, KeyCode::Char('q'));
    if !app.should_quit() {
        assert!(
            {
                let s = screen(app, 80, 24);
                s.contains("Quit the console?") || s.contains("退出控制台?")
            },
            "q neither quit nor asked:\n{}",
            screen(app, 80, 24)
        );
        press(app, KeyCode::Char('y'));
    }
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The screen a clerk sees at rest, as text: drawn a moment after the test's clock, once an
/// alert's flash has ended (the clock stands still, so a flash would never end).
pub fn screen(app: &App, width: u16, height: u16) -> String {
    drawn(app, width, height, App::render_at_rest)
}

/// The screen at the test clock's moment itself, an alert's flash and all.
pub fn screen_flashing(app: &App, width: u16, height: u16) -> String {
    drawn(app, width, height, App::render)
}

fn drawn(app: &App, width: u16, height: u16, draw: fn(&App, &mut ratatui::Frame)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut covered = 0;
        for x in 0..width {
            // The cell after a double-width character is its right half: skip it.
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

pub fn set_up(app: &mut App) {
    typed(app, "西堤国际售楼处");
    press(app, KeyCode::Tab);
    typed(app, "陈经理");
    press(app, KeyCode::Tab);
    typed(app, "2468");
    press(app, KeyCode::Tab);
    typed(app, "2468");
    // The rules, time zone, desks and closing hour keep what the form proposes.
    save(app);
}

/// At the sign-in, chooses the first name listed (in the demo, the demo clerk) and signs in
/// with `pin`: the first Down puts the cursor on the first name, and digits typed while on
/// the list go, masked, to the PIN, the last field, where Enter submits.
pub fn sign_in_first_listed(app: &mut App, pin: &str) {
    press(app, KeyCode::Down);
    typed(app, pin);
    press(app, KeyCode::Enter);
}

/// A clock the test can move forward while the App holds it.
pub struct MovableClock(pub std::rc::Rc<std::cell::Cell<DateTime<Utc>>>);

impl frontdesk::domain::clock::Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}

/// An App signed in as the demo clerk on `store`, which the demo has filled, with `clock`.
pub fn demo_on(
    mut store: Store,
    lang: Lang,
    clock: Box<dyn frontdesk::domain::clock::Clock>,
) -> App {
    let s = settings(lang);
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), clock.now()).unwrap();
    let mut app = App::new(store, s, clock).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    app
}

/// The screen's words on one line, so a sentence wrapped across rows still reads whole.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A demo console on a database file in `dir` (so a second desk or program can open it), at
/// the fixed test moment; returns it and the file.
pub fn demo_on_file(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
    let path = dir.path().join("desk.db");
    let app = demo_on(
        Store::open(&path).unwrap(),
        Lang::En,
        Box::new(FixedClock(now())),
    );
    (app, path)
}

/// Signs the demo clerk out. She is on duty (she accepted the night's handover), so leaving
/// without a handover asks a reason and the supervisor's PIN (HND-7).
pub fn sign_out(app: &mut App) {
    press(app, KeyCode::F(3));
    if one_line(&screen(app, 80, 24)).contains("(HND-7)") {
        typed(app, "end of the test");
        press(app, KeyCode::Tab); // the supervisor, 陈经理
        press(app, KeyCode::Tab);
        typed(app, demo::DEMO_PIN);
        press(app, KeyCode::Enter);
    }
}

/// Recomputes every link of `chain` from position `from` on with the chain's own hashing, as
/// whoever holds the file can: walked from the start, the links follow one another again.
pub fn recompute_links(db: &std::path::Path, chain: &frontdesk::store::chain::Chained, from: i64) {
    let raw = rusqlite::Connection::open(db).unwrap();
    raw.execute_batch("DROP TRIGGER IF EXISTS chain_no_delete;")
        .unwrap();
    let rows: Vec<i64> = raw
        .prepare("SELECT row_id FROM chain WHERE tbl = ?1 AND pos >= ?2 ORDER BY pos")
        .unwrap()
        .query_map(rusqlite::params![chain.table, from], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    raw.execute(
        "DELETE FROM chain WHERE tbl = ?1 AND pos >= ?2",
        rusqlite::params![chain.table, from],
    )
    .unwrap();
    for row in rows {
        frontdesk::store::chain::append(&raw, chain, row).unwrap();
    }
}
