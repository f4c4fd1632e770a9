//! What a day at the desk found (issue 7): every key says the true reason when it does
//! nothing, the cursor follows the customer, numbers mean what they say, and the status is
//! whole and in the console's language.

mod common;
mod demo_tabs;

use common::*;
use frontdesk::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

/// A fresh office with the supervisor signed in and two salespeople, nobody checked in.
fn office_nobody_in() -> frontdesk::ui::App {
    let mut app = fresh(Lang::En);
    set_up(&mut app);
    for name in ["王芳", "李娜"] {
        press(&mut app, KeyCode::Char('a'));
        typed(&mut app, name);
        press(&mut app, KeyCode::Tab); // the role starts on salesperson
        for _ in 0..4 {
            press(&mut app, KeyCode::Tab);
        }
        typed(&mut app, "2468");
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Char('1'));
    app
}

#[test]
fn rot_3_the_number_in_the_table_is_the_number_the_reorder_dialog_counts() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Down); // 李娜, second in the normal order
    let s = screen(&app, 80, 24);
    assert!(s.contains(" 2   李娜"), "{s}");
    press(&mut app, KeyCode::Char('M'));
    let s = screen(&app, 80, 24);
    assert!(one_line(&s).contains("New position (1 = front)* 2"), "{s}");
    assert!(
        s.contains("2\u{a0}李娜"),
        "the hint numbers as the table does: {s}"
    );
}

#[test]
fn after_a_walk_in_the_cursor_is_on_its_receiver_so_e_ends_that_reception() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('n')); // 王芳
    press(&mut app, KeyCode::Char('e'));
    assert!(screen(&app, 80, 24).contains("End 王芳's reception"));
}

#[test]
fn with_nobody_checked_in_the_keys_say_so_instead_of_select_or_no_one_free() {
    let mut app = office_nobody_in();
    press(&mut app, KeyCode::Char('n'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Nobody has checked in today: press i"), "{s}");
    press(&mut app, KeyCode::Char('w'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Nobody has checked in today"), "{s}");
    assert!(!s.contains("Select a salesperson"), "{s}");
}

#[test]
fn rot_13_checking_out_or_pausing_someone_receiving_says_to_end_the_reception_first() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // 张伟, receiving a returning customer
    press(&mut app, KeyCode::Char('o'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("张伟 is receiving a customer: end the reception (e) first"),
        "{s}"
    );
    assert!(!s.contains("ask the customer to wait"), "{s}");
    press(&mut app, KeyCode::Char('b'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("end the reception (e) first"), "{s}");
}

#[test]
fn rot_4_assigned_work_for_someone_receiving_is_refused_before_any_pin_is_asked() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // 张伟, receiving
    press(&mut app, KeyCode::Char('a'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("end the reception (e) first"), "{s}");
    assert!(!s.contains("Supervisor PIN"), "no PIN dialog: {s}");
}

#[test]
fn the_status_is_said_again_in_the_other_language_after_switching() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('n'));
    assert!(screen(&app, 80, 24).contains("ROT-1: 王芳 receives the walk-in"));
    press(&mut app, KeyCode::F(2));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("ROT-1:王芳 接待新客"), "{s}");
    assert!(!s.contains("receives the walk-in"), "{s}");
}

#[test]
fn a_long_status_wraps_and_ends_in_an_ellipsis_rather_than_being_cut() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Down); // 李娜
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Tab);
    typed(
        &mut app,
        &"moved for a VIP customer who asked for her ".repeat(4),
    );
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 60, 24);
    let status: Vec<&str> = s.lines().filter(|l| l.contains("VIP")).collect();
    assert!(status.len() >= 2, "wrapped onto more rows: {s}");
    assert!(
        s.contains('…'),
        "the rest is marked, not dropped silently: {s}"
    );
}

#[test]
fn a_rotation_key_on_the_staff_tab_says_where_it_works() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char(demo_tabs::STAFF));
    press(&mut app, KeyCode::Char('b'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("b works on the Rotation tab: press 1 to go there"),
        "{s}"
    );
}

#[test]
fn rot_5_the_next_mornings_first_console_says_what_yesterday_left_and_records_its_outcomes() {
    // Yesterday's morning, then nobody ends 张伟's and 赵强's receptions; the console is
    // started again the next morning.
    let dir = tempfile::tempdir().unwrap();
    let (desk, path) = demo_on_file(&dir);
    drop(desk);
    let tomorrow = now() + chrono::Duration::hours(22); // 09:30 the next day
    let mut app = frontdesk::ui::App::new(
        frontdesk::store::Store::open(&path).unwrap(),
        settings(Lang::En),
        Box::new(frontdesk::domain::clock::FixedClock(tomorrow)),
    )
    .unwrap();
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("11-22 left 1 make-up owed"),
        "said at sign-in: {s}"
    );
    press(&mut app, KeyCode::Down); // the first name listed, the demo clerk
    typed(&mut app, frontdesk::demo::DEMO_CLERK_PIN); // into the PIN, masked
    press(&mut app, KeyCode::Enter); // she signs in with her PIN
    // The day's first sign-in is shown yesterday's open complaints first (HND-8).
    assert!(screen(&app, 80, 24).contains("Left open from yesterday (HND-8)"));
    press(&mut app, KeyCode::Esc);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("11-22: 2 receptions without an outcome; press y to record"),
        "{s}"
    );
    press(&mut app, KeyCode::Char('y'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Open reception of 11-22"), "{s}");
    assert!(s.contains("张伟") && s.contains("赵强"), "{s}");
    typed(&mut app, "赵强");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // the cursor on the first outcome
    press(&mut app, KeyCode::Enter); // new customer
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("赵强's reception ended: new customer, counted (ROT-2) (filed under 11-22)"),
        "{s}"
    );
    assert!(
        s.contains("11-22: 1 reception without an outcome"),
        "singular: {s}"
    );
    press(&mut app, KeyCode::Char('y')); // the one left goes straight to its outcome
    press(&mut app, KeyCode::Enter); // the cursor on the first outcome
    press(&mut app, KeyCode::Enter); // new customer
    let s = one_line(&screen(&app, 80, 24));
    assert!(!s.contains("without an outcome"), "all recorded: {s}");
    assert!(
        s.contains("Nobody has checked in today"),
        "today is untouched: {s}"
    );
}

#[test]
fn sec_2_leaving_the_sign_in_screen_asks_before_closing_the_console() {
    let mut app = demo_app(Lang::En);
    common::sign_out(&mut app); // the next person signs in
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit(), "a shared desk's console stays open");
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Close the console?"), "{s}");
    press(&mut app, KeyCode::Esc); // back to sign-in
    assert!(screen(&app, 80, 24).contains("Sign in: who is at the desk?"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    assert!(app.should_quit(), "quitting after asking");
}

#[test]
fn sec_2_a_pin_typed_straight_into_the_sign_in_never_shows() {
    let mut app = demo_app(Lang::En);
    common::sign_out(&mut app);
    typed(&mut app, "陈经理");
    typed(&mut app, "9999"); // the wrong PIN, typed before leaving the name picker
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Wrong PIN"), "{s}");
    assert!(!s.contains("9999"), "{s}");
}

#[test]
fn one_unreadable_rotation_row_is_named_stops_the_rotation_and_a_supervisor_sets_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, path) = demo_on_file(&dir);
    drop(desk);
    // Someone writes a row behind the console's back that no frontdesk can read.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "INSERT INTO rotation_events (business_day, at, operator_id, event)
         VALUES ('2026-11-22', '2026-11-22T03:20:00.000Z', 1, '{\"Teleported\":{}}')",
        [],
    )
    .unwrap();
    let row = raw.last_insert_rowid();
    drop(raw);
    let mut app = frontdesk::ui::App::new(
        frontdesk::store::Store::open(&path).unwrap(),
        settings(Lang::En),
        Box::new(frontdesk::domain::clock::FixedClock(now())),
    )
    .expect("the console starts anyway");
    typed(&mut app, "陈经理");
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains(&format!(
            "Row {row} (11:20) of today's rotation log cannot be read"
        )),
        "{s}"
    );
    assert!(
        s.contains("Next up: 王芳"),
        "the day up to the bad row: {s}"
    );
    press(&mut app, KeyCode::Char('n'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        !s.contains("receives the walk-in"),
        "no turn on a damaged log: {s}"
    );
    press(&mut app, KeyCode::Char('U'));
    typed(
        &mut app,
        "written by a repair script; checked with the manager",
    );
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains(&format!("Row {row} is set aside")), "{s}");
    press(&mut app, KeyCode::Char('n'));
    assert!(one_line(&screen(&app, 80, 24)).contains("ROT-1: 王芳 receives the walk-in"));
}

#[test]
fn sec_2_a_clerk_sets_their_own_pin_and_then_signs_in_with_it() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char(demo_tabs::STAFF)); // the cursor starts on 前台小刘, the operator
    press(&mut app, KeyCode::Char('p'));
    typed(&mut app, frontdesk::demo::DEMO_CLERK_PIN); // her current PIN
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "2580");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "2580");
    press(&mut app, KeyCode::Enter);
    assert!(one_line(&screen(&app, 80, 24)).contains("前台小刘's PIN is set"));
    common::sign_out(&mut app);
    typed(&mut app, "前台小刘");
    press(&mut app, KeyCode::Enter); // chosen; on to the PIN
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 80, 24).contains("PIN required"),
        "a PIN once set is asked"
    );
    typed(&mut app, frontdesk::demo::DEMO_CLERK_PIN);
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 80, 24).contains("Wrong PIN"),
        "the old PIN no longer signs in"
    );
    for _ in frontdesk::demo::DEMO_CLERK_PIN.chars() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2580");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("前台小刘 signed in"));
}

#[test]
fn sec_2_wrong_pins_at_one_desk_lock_that_person_at_every_desk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = || Box::new(frontdesk::domain::clock::FixedClock(now()));
    let mut a = demo_on(
        frontdesk::store::Store::open(&path).unwrap(),
        Lang::En,
        clock(),
    );
    let mut b = frontdesk::ui::App::new(
        frontdesk::store::Store::open(&path).unwrap(),
        settings(Lang::En),
        clock(),
    )
    .unwrap();
    common::sign_out(&mut a);
    typed(&mut a, "陈经理");
    // Four wrong PINs are free, the fifth locks; the sixth is told so.
    for _ in 0..6 {
        typed(&mut a, "0000");
        press(&mut a, KeyCode::Enter);
        for _ in 0..4 {
            press(&mut a, KeyCode::Backspace);
        }
    }
    let s = one_line(&screen(&a, 80, 24));
    assert!(s.contains("Too many wrong PINs"), "{s}");
    // Desk b, another process on the same file, does not get fresh guesses.
    typed(&mut b, "陈经理");
    typed(&mut b, "1234");
    press(&mut b, KeyCode::Enter);
    let s = one_line(&screen(&b, 80, 24));
    assert!(s.contains("Too many wrong PINs"), "{s}");
}

#[test]
fn a_locked_database_keeps_the_screen_alive_and_the_walk_in_goes_through_once_it_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = demo_on_file(&dir);
    // Another program holds the write lock.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    press(&mut app, KeyCode::Char('n')); // returns: the wait is short, drawing goes on
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Another desk is saving; trying again"), "{s}");
    app.tick();
    assert!(
        one_line(&screen(&app, 80, 24)).contains("trying again"),
        "still waiting"
    );
    other.execute_batch("COMMIT").unwrap();
    app.tick();
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("ROT-1: 王芳 receives the walk-in"), "{s}");
    assert!(!s.contains("trying again"), "{s}");
}

#[test]
fn a_form_waiting_for_another_desk_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = demo_on_file(&dir);
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    press(&mut app, KeyCode::Char('i'));
    typed(&mut app, "黄丽");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("What you typed is kept"), "{s}");
    assert!(s.contains("黄丽"), "{s}");
    other.execute_batch("ROLLBACK").unwrap();
    app.tick();
    assert!(one_line(&screen(&app, 80, 24)).contains("黄丽 checked in"));
}

#[test]
fn a_key_pressed_while_waiting_for_another_desk_stops_the_retry_and_the_form_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = demo_on_file(&dir);
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    press(&mut app, KeyCode::Char('i'));
    typed(&mut app, "黄丽");
    press(&mut app, KeyCode::Enter);
    assert!(one_line(&screen(&app, 80, 24)).contains("trying again"));
    press(&mut app, KeyCode::Down); // the clerk moves in the list: no longer retried
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        !s.contains("saving; trying again"),
        "it no longer says it is: {s}"
    );
    assert!(s.contains("No longer trying again"), "{s}");
    other.execute_batch("ROLLBACK").unwrap();
    app.tick();
    assert!(
        !one_line(&screen(&app, 80, 24)).contains("checked in"),
        "nothing saved behind the clerk's back"
    );
    save(&mut app);
    assert!(one_line(&screen(&app, 80, 24)).contains("checked in"));
}
