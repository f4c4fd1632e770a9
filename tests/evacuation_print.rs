//! The evacuation list in one key, printed (issue 20 §4), through the shell: the lobby
//! clerk's key shows the page and, with no supervisor's PIN, sends it to a stand-in `lp` on
//! the PATH (which writes what it was given to a file named for the printer) and writes a
//! dated copy into the office's folder, with an audit row. The stand-in refuses the printer
//! named `jammed`, as a printer that is not ready does.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use frontdesk::demo;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::Role;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

/// The folder holding the stand-in `lp`, put first on the PATH once for the whole binary;
/// what it prints lands in `printed/` beside it.
fn stand_in_lp() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::create_dir(dir.path().join("printed")).unwrap();
        let script = format!(
            "#!/bin/sh\n\
             [ \"$1\" = -d ] || exit 9\n\
             if [ \"$2\" = jammed ]; then echo \"lp: jammed is not ready\" >&2; exit 2; fi\n\
             cat > '{}/printed/'\"$2\".txt\n",
            dir.path().display()
        );
        let lp = bin.join("lp");
        std::fs::write(&lp, script).unwrap();
        std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::var("PATH").unwrap_or_default();
        // SAFETY: set once, before any test of this binary spawns `lp`; nextest runs each
        // test in a process of its own.
        unsafe { std::env::set_var("PATH", format!("{}:{path}", bin.display())) };
        dir
    })
    .path()
}

fn printed(printer: &str) -> Option<String> {
    std::fs::read_to_string(stand_in_lp().join("printed").join(format!("{printer}.txt"))).ok()
}

/// A demo office on a file in `dir` whose evacuation list goes to `printer` and `folder`,
/// its clerk signed in on the lobby tab.
fn lobby_desk(dir: &Path, printer: &str, folder: &Path) -> (App, PathBuf) {
    stand_in_lp();
    let path = dir.join("desk.db");
    let mut store = Store::open(&path).unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let boss = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.role == Role::Supervisor)
        .unwrap()
        .id;
    let approval = store
        .approve(Some(boss), boss, demo::DEMO_PIN, now())
        .unwrap();
    let settings = store
        .office_settings()
        .unwrap()
        .with_evacuation(printer, &folder.to_string_lossy());
    store
        .set_office_settings(boss, approval, &settings, now())
        .unwrap();
    let mut app = App::new(store, settings_for_test(), Box::new(clock())).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    app.tick();
    press(&mut app, KeyCode::Char('5'));
    app.tick();
    (app, path)
}

fn settings_for_test() -> frontdesk::config::ConsoleConfig {
    settings(Lang::En)
}

fn clock() -> frontdesk::domain::clock::FixedClock {
    frontdesk::domain::clock::FixedClock(now())
}

/// How many people the demo has inside now.
fn people_inside(db: &Path) -> u32 {
    Store::open(db)
        .unwrap()
        .evacuation_list(now())
        .unwrap()
        .iter()
        .map(|e| e.party)
        .sum()
}

fn evacuation_audit(db: &Path) -> Vec<String> {
    Store::open(db)
        .unwrap()
        .audit_trail()
        .unwrap()
        .into_iter()
        .filter(|a| a.action == "evacuation_sent")
        .map(|a| a.detail)
        .collect()
}

#[test]
fn one_key_shows_the_page_prints_it_and_files_a_dated_copy_with_no_pin_and_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("evac");
    std::fs::create_dir(&folder).unwrap();
    let (mut app, db) = lobby_desk(dir.path(), "lobby-hp", &folder);
    let people = people_inside(&db);
    assert!(people > 0, "the demo has visitors inside");
    press(&mut app, KeyCode::Char('E'));
    let shown = one_line(&screen(&app, 80, 24));
    // No PIN asked: the page itself is on screen, saying where it went.
    assert!(!shown.contains("PIN"), "{shown}");
    assert!(
        shown.contains(&format!(
            "Evacuation list ({people} people inside) sent to printer lobby-hp"
        )),
        "{shown}"
    );
    assert!(shown.contains("saved as"), "{shown}");
    // The printer got the page, with the count.
    let page = printed("lobby-hp").expect("the stand-in lp was given the page");
    assert!(page.contains(&format!("{people} people inside")), "{page}");
    // The dated copy, the same page.
    let name = "evacuation-2026-11-22-113000.txt";
    assert_eq!(std::fs::read_to_string(folder.join(name)).unwrap(), page);
    // Who, when, how many, where it went.
    let audit = evacuation_audit(&db);
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert!(
        audit[0].starts_with(&format!("{people} people (")),
        "{}",
        audit[0]
    );
    assert!(audit[0].contains("printer lobby-hp: sent"), "{}", audit[0]);
    assert!(audit[0].contains(name), "{}", audit[0]);
}

#[test]
fn a_printer_that_fails_is_said_in_plain_words_and_the_page_and_file_still_come() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("evac");
    std::fs::create_dir(&folder).unwrap();
    let (mut app, db) = lobby_desk(dir.path(), "jammed", &folder);
    press(&mut app, KeyCode::Char('E'));
    let shown = one_line(&screen(&app, 80, 24));
    assert!(
        shown
            .contains("Printer jammed did not print: lp refused (exit 2: lp: jammed is not ready)"),
        "{shown}"
    );
    assert!(
        shown.contains("people inside ("),
        "the page is shown: {shown}"
    );
    assert!(folder.join("evacuation-2026-11-22-113000.txt").exists());
    let audit = evacuation_audit(&db);
    assert!(audit[0].contains("printer jammed: failed"), "{audit:?}");
}

#[test]
fn with_neither_printer_nor_folder_the_page_shows_and_says_where_to_set_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, db) = lobby_desk(dir.path(), "", Path::new(""));
    press(&mut app, KeyCode::Char('E'));
    let shown = one_line(&screen(&app, 80, 24));
    assert!(
        shown.contains("No evacuation printer or folder is set"),
        "{shown}"
    );
    assert!(evacuation_audit(&db).is_empty(), "nothing left the screen");
}
