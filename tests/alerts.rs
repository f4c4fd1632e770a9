//! Alerts a busy clerk notices (issue 20 §3), through the shell: the bell rung into a
//! recording sink once per event on this desk, never again for the same event, again after a
//! restart; and the flash on the tab's name at 80×24.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use chrono::Duration;
use common::*;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::{App, BellSink};

/// Counts the bells the shell rings.
struct Recording(Rc<Cell<u32>>);

impl BellSink for Recording {
    fn ring(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

fn recording(app: &mut App) -> Rc<Cell<u32>> {
    let rings = Rc::new(Cell::new(0));
    app.set_bell(Box::new(Recording(Rc::clone(&rings))));
    rings
}

#[test]
fn the_bell_rings_once_for_what_is_overdue_not_again_on_the_next_tick_and_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let time = Rc::new(Cell::new(now()));
    let mut app = demo_on(
        Store::open(&path).unwrap(),
        Lang::En,
        Box::new(MovableClock(Rc::clone(&time))),
    );
    let rings = recording(&mut app);
    // The demo holds an overdue complaint and an extra-urgent repair: many at once, one bell.
    app.tick();
    assert_eq!(rings.get(), 1);
    // Later ticks, past the next look at the open work: the same events ring no more.
    for _ in 0..3 {
        time.set(time.get() + Duration::seconds(5));
        app.tick();
    }
    assert_eq!(rings.get(), 1, "the same events never ring twice on a desk");
    drop(app);

    // A restart forgets: what is still overdue alerts once more.
    let mut again = demo_restarted(&path, Rc::clone(&time));
    let rings_again = recording(&mut again);
    again.tick();
    again.tick();
    assert_eq!(rings_again.get(), 1);
}

#[test]
fn a_deadline_that_runs_out_while_the_desk_watches_rings_once_more() {
    let time = Rc::new(Cell::new(now()));
    let mut app = demo_on(
        Store::open_in_memory().unwrap(),
        Lang::En,
        Box::new(MovableClock(Rc::clone(&time))),
    );
    let rings = recording(&mut app);
    app.tick();
    assert_eq!(rings.get(), 1);
    // The demo's major complaint is due today: by tomorrow noon it is overdue, a new event.
    time.set(time.get() + Duration::days(1));
    app.tick(); // the day turns over
    app.tick();
    assert_eq!(rings.get(), 2);
    app.tick();
    assert_eq!(rings.get(), 2);
}

#[test]
fn bell_false_in_the_config_rings_nothing_but_the_tab_still_flashes() {
    let mut store = Store::open_in_memory().unwrap();
    let clerk = frontdesk::demo::populate(
        &mut store,
        &frontdesk::domain::settings::OfficeSettings::default(),
        now(),
    )
    .unwrap();
    let config = frontdesk::config::ConsoleConfig {
        bell: false,
        ..settings(Lang::En)
    };
    let mut app = App::new(
        store,
        config,
        Box::new(frontdesk::domain::clock::FixedClock(now())),
    )
    .unwrap();
    app.start_demo(
        clerk,
        frontdesk::demo::DEMO_SUPERVISOR,
        frontdesk::demo::DEMO_PIN,
    );
    app.tick();
    let header = screen_flashing(&app, 80, 24);
    assert!(header.lines().next().unwrap().contains("!6"), "{header}");
    // A moment later the tab is at rest.
    let header = screen(&app, 80, 24);
    assert!(!header.lines().next().unwrap().contains('!'), "{header}");
}

/// The demo's database opened again by a new console, signed in as the demo clerk.
fn demo_restarted(path: &std::path::Path, time: Rc<Cell<chrono::DateTime<chrono::Utc>>>) -> App {
    let store = Store::open(path).unwrap();
    let clerk = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == frontdesk::demo::DEMO_CLERK)
        .unwrap();
    let mut app = App::new(store, settings(Lang::En), Box::new(MovableClock(time))).unwrap();
    app.start_demo(
        clerk,
        frontdesk::demo::DEMO_SUPERVISOR,
        frontdesk::demo::DEMO_PIN,
    );
    app
}

#[test]
fn the_tab_of_an_alert_flashes_at_80x24_in_chinese() {
    let mut app = demo_app(Lang::Zh);
    let _rings = recording(&mut app);
    app.tick();
    insta::assert_snapshot!(screen_flashing(&app, 80, 24));
}

#[test]
fn the_tab_of_an_alert_flashes_at_80x24_in_english() {
    let mut app = demo_app(Lang::En);
    let _rings = recording(&mut app);
    app.tick();
    insta::assert_snapshot!(screen_flashing(&app, 80, 24));
}
