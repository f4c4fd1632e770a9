//! The console's start to its first frame and its peak memory on a large register (issue 8
//! §4: ≤ 50 ms, ≤ 40 MB), measured the way the console starts: `Store::open` (pragmas,
//! migrations check), `App::new` (the day's rotation, the sign-in gate, the check of the hash
//! chains since the last verified point), and one render to an 80×24 `TestBackend`; then,
//! signed in, the rotation pane's frame.
//!
//! `cargo run --release --example console_start -- [FILE] [RUNS]`; FILE defaults to the
//! registers benchmark's cached million-row file (`cargo bench --bench registers` makes it).
//! Each run opens the file afresh; the process's peak resident memory (VmHWM) is printed after
//! the first frames and again after searches and ownership lookups through the same store
//! (what the registers tab runs).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use frontdesk::config::ConsoleConfig;
use frontdesk::domain::clock::SystemClock;
use frontdesk::domain::register::{CustomerName, Identity, Phone};
use frontdesk::domain::staff::Role;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::store::register::SearchFilters;
use frontdesk::ui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "?".into())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-registers/registers-v3.db"),
        PathBuf::from,
    );
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    assert!(path.exists(), "{} does not exist", path.display());
    println!("{}", path.display());
    println!("| run | open | + App::new | + gate frame | + signed-in rotation frame |");
    println!("|---|---|---|---|---|");
    let mut firsts = Vec::new();
    let mut signed = Vec::new();
    for run in 1..=runs {
        let started = Instant::now();
        let store = Store::open(&path).unwrap();
        let opened = started.elapsed();
        let clerk = store
            .staff()
            .unwrap()
            .into_iter()
            .find(|s| s.role == Role::Clerk)
            .expect("a clerk");
        let config = ConsoleConfig {
            lang: Lang::Zh,
            db: path.clone(),
            mouse: true,
            bell: false,
            head_office_password: None,
        };
        let before_app = started.elapsed();
        let mut app = App::new(store, config, Box::new(SystemClock)).unwrap();
        let built = started.elapsed();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| app.render(f)).unwrap();
        let gate = started.elapsed();
        // Signed in without the gate's PIN: the demo's way in (it only adds a tag to the
        // title bar).
        app.start_demo(clerk, "", "");
        terminal.draw(|f| app.render(f)).unwrap();
        let rotation = started.elapsed() - (before_app - opened);
        println!(
            "| {run} | {} | {} | {} | {} |",
            ms(opened),
            ms(built - (before_app - opened)),
            ms(gate - (before_app - opened)),
            ms(rotation)
        );
        firsts.push(gate - (before_app - opened));
        signed.push(rotation);
    }
    firsts.sort();
    signed.sort();
    println!(
        "median: gate first frame {}, signed-in rotation frame {}",
        ms(firsts[firsts.len() / 2]),
        ms(signed[signed.len() / 2])
    );
    println!("peak memory after the first frames: {}", peak_memory());

    let store = Store::open(&path).unwrap();
    let filters = SearchFilters::default();
    for q in ["王", "王芳", "张伟华", "wf", "5678", "13812345678", "A123"] {
        let t = Instant::now();
        let n = store.search(q, &filters, (0, 50)).unwrap().len();
        println!("search {q}: {n} rows, {}", ms(t.elapsed()));
    }
    for (name, phone) in [("张伟", "13912345678"), ("王芳", "13800135678")] {
        let typed = Identity {
            name: Some(CustomerName::parse(name).unwrap()),
            phone: Some(Phone::parse(phone).unwrap()),
            plate: None,
        };
        let t = Instant::now();
        let n = store.earlier_registrations(&typed, 500).unwrap().len();
        println!("lookup {name} {phone}: {n} rows, {}", ms(t.elapsed()));
    }
    println!("peak memory after searches and lookups: {}", peak_memory());
}
