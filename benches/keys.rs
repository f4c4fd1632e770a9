//! What the clerk sees (issue 15): a key typed → the frame that shows its answer, on the
//! million-row register. Run with `cargo bench --bench keys`.
//!
//! The file is the registers benchmark's (`register_file`: 1,000,000 visits and 300,000
//! calls, generated once and cached), copied once into `target/bench-keys/` and given what
//! the other tabs need: a clerk with a PIN, the demo's lobby directory and visitors (which
//! turns the lobby desk on beside the sales desk, so all eight tabs show), and the demo's
//! complaints. The console is `frontdesk::ui::App` on that file with a fixed clock, drawn into
//! an 80×24 ratatui `TestBackend`, so the figures are the console's own work: the key
//! handled, the query run, the frame drawn — not the terminal's output.
//!
//! (a) Key typed → results on screen, for the registers search box, the lobby visitor-in
//! host picker and the sign-in picker: each query of `SAMPLES` is typed one character at a
//! time, and every character is timed from `App::handle_event` to the end of the frame that
//! shows the results for the text typed so far. The first query of each is checked to show
//! its answer, so the figure is the frame with the results, not an earlier one.
//!
//! (b) Key → frame on every tab: the tab's digit, then ↓ and ↑ in turn, each timed from
//! `handle_event` to the end of the frame drawn after it (no tick).
//!
//! Figures are p50/p99 over single timings (not the fastest of several passes): a stall the
//! clerk would see counts. The machine's load is printed beside them.

mod register_file;
mod timing;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::config::ConsoleConfig;
use frontdesk::demo::people::Rng;
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::register::CustomerName;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use register_file::{Customer, db_path, generate, register_data};
use timing::{ms, spread};

/// Queries typed per figure of (a); each is several keys.
const SAMPLES: usize = 150;
/// The lobby's tab with both desks on (1 Rotation, 2 Registers, 3 Deals, 4 Figures, 5 Lobby,
/// 6 Complaints, 7 Handover, 8 Staff).
const LOBBY_TAB: char = '5';

/// Keys per tab in (b).
const TAB_KEYS: usize = 400;
/// The clerk's smallest terminal.
const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// Names the prepared copy: bump it when what is added to the register file changes.
const KEYS_VERSION: &str = "keys-v1";
const CLERK: &str = "前台小刘";
const CLERK_PIN: &str = "1357";
/// The register file's supervisor (the first staff row) and PIN.
const BOSS: StaffId = StaffId(1);
const BOSS_PIN: &str = "2468";

/// The desk's moment: the morning after the register's last day (11:30 in Shanghai).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 3, 30, 0).unwrap()
}

/// The register file with a clerk, the lobby and complaints added; made once.
fn keys_db(register: &Path) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-keys");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{KEYS_VERSION}.db"));
    if path.exists() {
        return path;
    }
    let started = Instant::now();
    let tmp = path.with_extension("tmp");
    std::fs::copy(register, &tmp).unwrap();
    let wal = format!("{}-wal", register.display());
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, format!("{}-wal", tmp.display())).unwrap();
    }
    let mut store = Store::open(&tmp).unwrap();
    let start = now() - chrono::Duration::hours(3);
    let approval = store.approve(None, BOSS, BOSS_PIN, start).unwrap();
    let clerk = store
        .add_staff(
            BOSS,
            approval,
            CLERK,
            Role::Clerk,
            Some((CLERK_PIN, CLERK_PIN)),
            start,
        )
        .unwrap();
    frontdesk::demo::lobby::write(&mut store, BOSS, approval, clerk, start, now()).unwrap();
    frontdesk::demo::complaints::write(&mut store, clerk, BOSS, now()).unwrap();
    drop(store);
    std::fs::rename(&tmp, &path).unwrap();
    let _ = std::fs::rename(
        format!("{}-wal", tmp.display()),
        format!("{}-wal", path.display()),
    );
    println!("prepared {} in {:.1?}", path.display(), started.elapsed());
    path
}

struct Desk {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Desk {
    /// The console on `path`, at the sign-in.
    fn open(path: &Path) -> Desk {
        let config = ConsoleConfig {
            lang: Lang::En,
            db: path.to_path_buf(),
            mouse: true,
            bell: false,
            head_office_password: None,
        };
        let app = App::new(
            Store::open(path).unwrap(),
            config,
            Box::new(FixedClock(now())),
        )
        .unwrap();
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        let mut desk = Desk { app, terminal };
        desk.frame();
        desk
    }

    fn frame(&mut self) {
        let app = &self.app;
        self.terminal.draw(|f| app.render(f)).unwrap();
    }

    /// One key, untimed, and the frame after it (with a tick, so anything it asked is
    /// answered).
    fn press(&mut self, code: KeyCode) {
        self.app
            .handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.app.tick();
        self.frame();
    }

    fn typed(&mut self, text: &str) {
        text.chars().for_each(|c| self.press(KeyCode::Char(c)));
    }

    /// Key typed → the frame with what it asked for.
    fn answer(&mut self, code: KeyCode) -> Duration {
        let key = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        let t = Instant::now();
        // The key itself answers (issue 15 §2): no tick between it and the frame.
        self.app.handle_event(&key);
        self.frame();
        t.elapsed()
    }

    /// Key → the frame after it, no tick.
    fn key_to_frame(&mut self, code: KeyCode) -> Duration {
        let key = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        let t = Instant::now();
        self.app.handle_event(&key);
        self.frame();
        t.elapsed()
    }

    /// The last frame as text, a row a line (the right halves of wide characters skipped).
    fn screen(&self) -> String {
        let buffer = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..HEIGHT {
            let mut covered = 0;
            for x in 0..WIDTH {
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                out.push_str(symbol);
            }
            out.push('\n');
        }
        out
    }

    /// Checks the last frame shows `text` at least `times` times (a query typed is on the
    /// frame once, in its box; its results show it again).
    fn expect(&self, what: &str, text: &str, times: usize) {
        let screen = self.screen();
        assert!(
            screen.matches(text).count() >= times,
            "{what}: {text:?} is not on the frame {times} times:\n{screen}"
        );
    }

    /// Signs the clerk in as she would: her name into the sign-in picker, her PIN, Enter.
    fn sign_in(&mut self) {
        self.typed(CLERK);
        self.typed(CLERK_PIN);
        self.press(KeyCode::Enter);
        self.expect("signed in", &format!("Operator {CLERK}"), 1);
    }

    /// Types `query` one character at a time, timing each into `times` (with the text typed
    /// so far, to name the slowest), then takes it back with Backspace (untimed). If `check`
    /// is given, the frame after the last character must show that text that many times.
    fn query(
        &mut self,
        query: &str,
        check: Option<(&str, usize)>,
        times: &mut Vec<(Duration, String)>,
    ) {
        let mut so_far = String::new();
        for c in query.chars() {
            so_far.push(c);
            times.push((self.answer(KeyCode::Char(c)), so_far.clone()));
        }
        if let Some((text, count)) = check {
            self.expect(&format!("the results for {query:?}"), text, count);
        }
        for _ in query.chars() {
            self.press(KeyCode::Backspace);
        }
    }
}

/// Realistic queries drawn from the register, in turn: a full name, the last four digits of
/// a phone, the start of a plate.
fn register_queries(customers: &[(DateTime<Utc>, Customer)]) -> Vec<String> {
    let mut rng = Rng(15);
    let mut out = Vec::new();
    while out.len() < SAMPLES {
        let (_, c) = &customers[rng.below(customers.len())];
        let name = CustomerName::parse(&c.name).unwrap();
        let Some(full) = name.full().map(str::to_owned) else {
            continue;
        };
        let query = match out.len() % 3 {
            0 => full,
            1 => match &c.phone {
                Some(p) => p[p.len() - 4..].to_owned(),
                None => continue,
            },
            _ => match &c.plate {
                Some(p) => p.chars().take(4).collect(),
                None => continue,
            },
        };
        out.push(query);
    }
    out
}

fn figure(label: &str, times: Vec<Duration>) {
    let n = times.len();
    let max = times.iter().max().copied().unwrap_or_default();
    let (p50, p99) = spread(times);
    println!(
        "{label:<46} {:>8} ms {:>8} ms {:>8} ms  ({n} keys)",
        ms(p50),
        ms(p99),
        ms(max)
    );
}

/// A figure of (a), and the texts whose last key was slowest.
fn typed_figure(label: &str, mut times: Vec<(Duration, String)>) {
    figure(label, times.iter().map(|(t, _)| *t).collect());
    times.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
    let slowest: Vec<String> = times
        .iter()
        .take(5)
        .map(|(t, q)| format!("{q:?} {} ms", ms(*t)))
        .collect();
    println!("    slowest: {}", slowest.join(", "));
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    // `cargo test --benches` runs every bench target with `--bench` absent: nothing to do.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let register = db_path();
    let data = register_data();
    if !register.exists() {
        generate(&register, &data);
    }
    let path = keys_db(&register);
    println!(
        "keys on {} ({} visits, {} calls), {WIDTH}×{HEIGHT}",
        path.display(),
        data.visits.len(),
        data.calls.len()
    );
    println!("load average before: {}", load());
    println!("{:<52} {:>12} {:>12}", "figure (key → frame)", "p50", "p99");

    // (a) The sign-in picker: the names of those who may sign in, typed.
    let mut desk = Desk::open(&path);
    let mut times = Vec::new();
    let staff = [CLERK, "前台", "陈经理"];
    for i in 0..SAMPLES {
        let name = staff[i % staff.len()];
        desk.query(name, (i < staff.len()).then_some((name, 2)), &mut times);
    }
    typed_figure("sign-in picker: a staff name typed", times);

    desk.sign_in();

    // (a) The registers search box.
    desk.press(KeyCode::Char('2'));
    desk.press(KeyCode::Char('/'));
    let mut times = Vec::new();
    for (i, query) in register_queries(&data.visits).iter().enumerate() {
        desk.query(query, (i < 3).then_some((query, 2)), &mut times);
    }
    typed_figure("registers search: name, last 4 digits, plate", times);
    desk.press(KeyCode::Esc);

    // (a) The lobby's visitor-in host picker: hosts' names from the directory.
    desk.press(KeyCode::Char(LOBBY_TAB));
    // The picker masks residents' names, so the check is the room it tells the visitor.
    let directory = Store::open(&path).unwrap();
    let hosts: Vec<String> = directory
        .occupants_matching("", 200)
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .filter(|n| !n.is_empty())
        .collect();
    let mut rng = Rng(9);
    let mut times = Vec::new();
    for i in 0..SAMPLES {
        let host = &hosts[rng.below(hosts.len())];
        let query: String = host.chars().take(2 + rng.below(2)).collect();
        let room = (i < 3).then(|| {
            let first = &directory.occupants_matching(&query, 1).unwrap()[0];
            format!("Tell the visitor: {}", first.address)
        });
        desk.press(KeyCode::Char('i'));
        desk.query(&query, room.as_deref().map(|r| (r, 1)), &mut times);
        desk.press(KeyCode::Esc);
    }
    typed_figure("lobby visitor-in: host picker", times);

    // (b) Every tab: its digit, then ↓ and ↑.
    for tab in '1'..='8' {
        let mut times = vec![desk.key_to_frame(KeyCode::Char(tab))];
        for i in 0..TAB_KEYS {
            let key = if i % 2 == 0 {
                KeyCode::Down
            } else {
                KeyCode::Up
            };
            times.push(desk.key_to_frame(key));
        }
        let title = desk.screen().lines().next().unwrap_or_default().to_owned();
        let name = title
            .split_whitespace()
            .skip_while(|w| *w != tab.to_string())
            .nth(1)
            .unwrap_or("?")
            .to_owned();
        figure(&format!("tab {tab} ({name}): digit, ↓, ↑"), times);
    }
    println!("load average after: {}", load());
}
