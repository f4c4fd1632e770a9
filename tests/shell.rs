//! The shell around the panes: typed choices that are never guessed, one `now` per action,
//! panes that refresh when shown, and the rules in force on the help page.

mod common;
mod demo_tabs;

use chrono::Duration;
use common::*;
use frontdesk::domain::clock::FixedClock;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use ratatui::crossterm::event::KeyCode;

#[test]
fn rot_5_an_outcome_filter_that_matches_nothing_ends_nothing_and_keeps_the_make_up_due() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('n')); // 王芳 receives the walk-in
    for _ in 0..10 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('e'));
    typed(&mut app, "zzz");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("Nothing matches “zzz”"), "{s}");
    assert!(!s.contains("reception ended"), "nothing was ended: {s}");
    // Clearing the filter and choosing what it was still earns the make-up.
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    // The filter emptied chooses nothing: the list is as it opened.
    press(&mut app, KeyCode::Down); // new customer, the first line
    press(&mut app, KeyCode::Down); // own old or phone customer
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("ROT-5: 王芳 earned a make-up"), "{s}");
}

#[test]
fn rot_9_a_receivers_filter_that_matches_nothing_asks_to_choose_instead_of_one() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('p'));
    typed(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("Nothing matches “7”"), "{s}");
    assert!(!s.contains("receives a public customer"), "{s}");
}

#[test]
fn add_staff_with_a_role_that_matches_nothing_is_refused_not_made_a_salesperson() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char(demo_tabs::STAFF));
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "孙悦");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "manager"); // no role is called that
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab); // PIN, PIN again, supervisor, supervisor PIN
    }
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Nothing matches “manager”"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app, 80, 24).contains("孙悦"), "nobody was added");
}

#[test]
fn a_write_submitted_just_after_midnight_keeps_the_rollover_message_and_files_under_the_new_day() {
    let time = std::rc::Rc::new(std::cell::Cell::new(now()));
    let mut app = demo_on(
        Store::open_in_memory().unwrap(),
        Lang::En,
        Box::new(MovableClock(time.clone())),
    );
    time.set(now() + Duration::hours(12) + Duration::minutes(29)); // 23:59
    press(&mut app, KeyCode::Char('i'));
    typed(&mut app, "黄丽"); // on leave today, so not yet checked in
    time.set(now() + Duration::hours(13)); // 00:30 the next day, no tick in between
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(
        s.contains("黄丽 checked in and joins the back of the order"),
        "{s}"
    );
    assert!(
        s.contains("11-22 left 1 make-up owed"),
        "the rollover is said beside the write: {s}"
    );
    // The queue is the new day's: 黄丽 alone, nobody receiving from yesterday.
    assert!(s.contains("Next up: 黄丽"), "{s}");
    assert!(!s.contains("receiving"), "{s}");
}

#[test]
fn a_hidden_pane_is_brought_up_to_date_when_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = || Box::new(FixedClock(now()));
    let mut a = demo_on(Store::open(&path).unwrap(), Lang::En, clock());
    let mut b = {
        let s = settings(Lang::En);
        let mut b = frontdesk::ui::App::new(Store::open(&path).unwrap(), s, clock()).unwrap();
        // Desk b signs in as the demo clerk, with her PIN.
        sign_in_first_listed(&mut b, frontdesk::demo::DEMO_CLERK_PIN);
        b
    };
    press(&mut a, KeyCode::Char(demo_tabs::STAFF)); // desk a looks at the staff tab
    press(&mut b, KeyCode::Char('n')); // desk b hands out a walk-in
    a.tick(); // a notices the write but the rotation pane is hidden
    press(&mut a, KeyCode::Char('1'));
    let s = screen(&a, 120, 40);
    assert!(s.contains("Next up: 李娜"), "shown up to date: {s}");
}

#[test]
fn the_help_page_says_which_rules_are_in_force() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('?'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Rules 004: an absent owner's customer goes to the next up"),
        "{s}"
    );
    assert!(s.contains("registrations protect 30 days"), "{s}");
    assert!(s.contains("Asia/Shanghai"), "{s}");
}

#[test]
fn digits_switch_tabs_in_pane_order_and_tab_wraps_around() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char(demo_tabs::STAFF));
    assert!(screen(&app, 80, 24).contains("Role"), "staff tab");
    press(&mut app, KeyCode::Tab);
    assert!(
        screen(&app, 80, 24).contains("Next up"),
        "wrapped to rotation"
    );
    press(&mut app, KeyCode::BackTab);
    assert!(screen(&app, 80, 24).contains("Role"), "back to staff");
}

#[test]
fn rot_8_a_supervisor_changes_the_helper_rule_and_every_desk_applies_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = || Box::new(FixedClock(now()));
    let mut a = demo_on(Store::open(&path).unwrap(), Lang::En, clock());
    let mut b =
        frontdesk::ui::App::new(Store::open(&path).unwrap(), settings(Lang::En), clock()).unwrap();
    // Desk b: the demo clerk signs in with her PIN.
    sign_in_first_listed(&mut b, frontdesk::demo::DEMO_CLERK_PIN);
    press(&mut a, KeyCode::Char(demo_tabs::STAFF));
    press(&mut a, KeyCode::Char('O'));
    press(&mut a, KeyCode::Tab); // preset: keep 004
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down); // helper: the last in the queue
    press(&mut a, KeyCode::Tab); // who needs a PIN
    press(&mut a, KeyCode::Tab); // time zone
    press(&mut a, KeyCode::Tab); // the office's own sources
    press(&mut a, KeyCode::Tab); // the desks run here
    press(&mut a, KeyCode::Tab); // the lobby's closing hour
    press(&mut a, KeyCode::Tab); // the backup folder
    press(&mut a, KeyCode::Tab); // backups kept
    press(&mut a, KeyCode::Tab); // the head office's address
    press(&mut a, KeyCode::Tab); // the name there
    press(&mut a, KeyCode::Tab); // the evacuation printer
    press(&mut a, KeyCode::Tab); // the evacuation folder
    press(&mut a, KeyCode::Tab); // supervisor
    press(&mut a, KeyCode::Tab); // supervisor PIN
    typed(&mut a, "1234");
    press(&mut a, KeyCode::Enter);
    let s = one_line(&screen(&a, 120, 40));
    assert!(s.contains("Changed for every desk"), "{s}");
    b.tick();
    press(&mut b, KeyCode::Char('?'));
    let s = one_line(&screen(&b, 120, 40));
    assert!(
        s.contains("an absent owner's customer goes to the last in the queue"),
        "{s}"
    );
}

#[test]
fn office_rules_name_a_wrong_time_zone_and_change_nothing() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char(demo_tabs::STAFF));
    press(&mut app, KeyCode::Char('O'));
    press(&mut app, KeyCode::Tab); // helper
    press(&mut app, KeyCode::Tab); // who needs a PIN
    press(&mut app, KeyCode::Tab); // time zone
    for _ in 0.."Asia/Shanghai".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "Mars/Base");
    save(&mut app);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("unknown time zone “Mars/Base”"), "{s}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('?'));
    assert!(
        one_line(&screen(&app, 120, 40)).contains("Asia/Shanghai"),
        "unchanged"
    );
}

#[test]
fn the_rules_chosen_at_set_up_are_the_ones_in_force() {
    let mut app = fresh(Lang::En);
    typed(&mut app, "万科售楼处");
    for text in ["陈经理", "2468", "2468"] {
        press(&mut app, KeyCode::Tab);
        typed(&mut app, text);
    }
    press(&mut app, KeyCode::Tab); // rules
    press(&mut app, KeyCode::Down); // vanke
    save(&mut app);
    press(&mut app, KeyCode::Char('?'));
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Rules vanke"), "{s}");
    assert!(
        s.contains("the last in the queue"),
        "vanke's ROT-8 helper: {s}"
    );
}

#[test]
fn capital_letters_and_unbound_keys_say_why_instead_of_nothing() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('N'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("N is a capital: the key here is n"), "{s}");
    assert!(!s.contains("receives the walk-in"), "nothing happened: {s}");
    press(&mut app, KeyCode::Char('z'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("z does nothing here; ? lists the keys"), "{s}");
    press(&mut app, KeyCode::F(9));
    assert!(one_line(&screen(&app, 80, 24)).contains("F9 does nothing here"));
}

#[test]
fn rot_9_ending_a_public_customers_reception_starts_on_public_not_on_someones_old_customer() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Enter); // one receiver: the next up
    press(&mut app, KeyCode::Char('e')); // the cursor is on the receiver
    press(&mut app, KeyCode::Enter); // a bare Enter: the cursor shows the first line
    let s = screen(&app, 120, 40);
    let first = s
        .lines()
        .find(|l| l.contains("│▶"))
        .unwrap_or_else(|| panic!("a line under the cursor:\n{s}"));
    assert!(first.to_lowercase().contains("public"), "{first}\n{s}");
    assert!(!first.contains("old customer"), "{first}");
}
