//! How long `--demo` takes to start, measured the way it starts: a database file in a fresh
//! directory (`Store::open`: WAL, synchronous FULL, migrations), `demo::populate` (the sales
//! morning, two years of registers, the lobby, the complaints desk), `App::new` and its
//! first 80×24 frame, signed in.
//!
//! `cargo run --release --example demo_start -- [RUNS]`; a debug build writes a tenth of the
//! registers (`demo::register::Size::for_build`), so measure both.

use std::time::{Duration, Instant};

use frontdesk::config::ConsoleConfig;
use frontdesk::demo;
use frontdesk::domain::clock::{Clock, SystemClock};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    println!("| run | open | + populate | + App::new and first frame |");
    println!("|---|---|---|---|");
    let mut totals = Vec::new();
    for run in 1..=runs {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let started = Instant::now();
        let mut store = Store::open(&path).unwrap();
        let opened = started.elapsed();
        let clerk =
            demo::populate(&mut store, &OfficeSettings::default(), SystemClock.now()).unwrap();
        let populated = started.elapsed();
        let config = ConsoleConfig {
            lang: Lang::Zh,
            db: path.clone(),
            mouse: true,
            bell: false,
            head_office_password: None,
        };
        let mut app = App::new(store, config, Box::new(SystemClock)).unwrap();
        app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| app.render(f)).unwrap();
        let total = started.elapsed();
        println!(
            "| {run} | {} | {} | {} |",
            ms(opened),
            ms(populated - opened),
            ms(total - populated)
        );
        totals.push(total);
    }
    totals.sort();
    println!("median start: {}", ms(totals[totals.len() / 2]));
}
