//! Key-flow tests on the App and rendered-screen snapshots, without a real terminal.

mod common;

use common::*;
use frontdesk::demo;
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Adds a staff member from the staff tab; the supervisor is the operator, so only the PIN.
fn add_staff(app: &mut App, name: &str, role_downs: usize) {
    press(app, KeyCode::Char('n'));
    typed(app, name);
    press(app, KeyCode::Tab);
    press(app, KeyCode::Up);
    for _ in 0..role_downs {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Tab); // PIN
    press(app, KeyCode::Tab); // PIN again
    press(app, KeyCode::Tab); // supervisor (preselected)
    press(app, KeyCode::Tab); // supervisor PIN
    typed(app, "2468");
    press(app, KeyCode::Enter);
}

#[test]
fn first_run_guides_to_office_and_supervisor_then_staff() {
    let mut app = fresh(Lang::En);
    assert!(screen(&app, 80, 24).contains("First run: set up the office"));
    set_up(&mut app);
    let s = screen(&app, 80, 24);
    assert!(s.contains("西堤国际售楼处 is set up"), "{s}");
    assert!(s.contains("陈经理"), "{s}");
    add_staff(&mut app, "王芳", 1);
    assert!(screen(&app, 80, 24).contains("Added 王芳 (Salesperson)"));
}

#[test]
fn a_mismatched_pin_is_explained_and_nothing_typed_is_lost() {
    let mut app = fresh(Lang::Zh);
    typed(&mut app, "大堂前台");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "quinn");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "2468");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "2469");
    save(&mut app);
    let s = screen(&app, 80, 24);
    assert!(s.contains("两次输入的密码不一致"), "{s}");
    assert!(
        s.contains("大堂前台") && s.contains("quinn"),
        "typed text kept: {s}"
    );
    assert!(!app.should_quit(), "typing q into a field never quits");
}

#[test]
fn an_overlong_or_empty_name_is_refused_in_plain_words() {
    let mut app = fresh(Lang::En);
    set_up(&mut app);
    add_staff(&mut app, &"长".repeat(21), 1);
    assert!(screen(&app, 80, 24).contains("Name: at most 20 characters"));
    press(&mut app, KeyCode::Esc);
    // What was typed comes back when the form is opened again; Ctrl-D clears it.
    press(&mut app, KeyCode::Char('n'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("did not save is back"), "{s}");
    ctrl(&mut app, 'd');
    press(&mut app, KeyCode::Esc);
    add_staff(&mut app, "   ", 1);
    assert!(screen(&app, 80, 24).contains("Name: required"));
}

#[test]
fn pasted_escape_sequences_are_stripped_before_storing() {
    let mut app = fresh(Lang::En);
    set_up(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.handle_event(&Event::Paste("李\u{1b}[31m娜\u{1b}]0;pwned\u{7}".into()));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "2468");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Added 李娜"), "{s}");
    assert!(!s.contains("pwned"));
}

#[test]
fn rot_1_the_walk_in_key_names_the_next_up_and_the_greeting() {
    let mut app = demo_app(Lang::En);
    let before = screen(&app, 120, 40);
    assert!(before.contains("Next up: 王芳"), "{before}");
    press(&mut app, KeyCode::Char('n'));
    let after = screen(&app, 120, 40);
    assert!(
        after.contains("ROT-1: 王芳 receives the walk-in"),
        "{after}"
    );
    assert!(
        after.contains("have you visited our sales office before"),
        "ROT-12 phrase: {after}"
    );
    assert!(after.contains("Next up: 李娜"), "{after}");
}

#[test]
fn rot_5_ending_with_own_old_customer_reports_the_make_up() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('n')); // 王芳 receives and goes to the back
    for _ in 0..10 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Down); // the first outcome, a new customer
    press(&mut app, KeyCode::Down); // own old or phone customer
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("ROT-5: 王芳 earned a make-up (own old customer)"),
        "{s}"
    );
}

#[test]
fn rot_3_a_reorder_needs_the_supervisors_pin() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "manager's instruction");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "9999");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("Wrong PIN"), "{s}");
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, demo::DEMO_PIN);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("ROT-3: 陈经理 moved"), "{s}");
    assert!(s.contains("manager's instruction"), "{s}");
}

#[test]
fn rot_13_a_busy_salesperson_is_not_interrupted_for_a_named_customer() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('d'));
    typed(&mut app, "赵强"); // receiving a walk-in in the demo
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("ROT-13: 赵强 is receiving a customer"), "{s}");
}

#[test]
fn why_answers_from_the_log() {
    let mut app = demo_app(Lang::En);
    // Nothing selected: the cursor and `w` are both on the next up.
    press(&mut app, KeyCode::Char('w'));
    let s = screen(&app, 120, 40);
    assert!(s.contains("Next up: 王芳"), "{s}");
    assert!(
        s.contains("王芳 is next: first in the normal order."),
        "{s}"
    );
    assert!(
        s.contains("Ahead but unable to receive now: 刘洋 (on assigned work)"),
        "{s}"
    );
    // Moving the cursor down asks about the person there instead.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('w'));
    let s = screen(&app, 120, 40);
    assert!(s.contains("李娜 is not next; ahead of them: "), "{s}");
    assert!(!s.contains("王芳 is next"), "{s}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('g'));
    assert!(screen(&app, 120, 40).contains("checked in and joins the back of the order"));
}

#[test]
fn global_keys_do_not_fire_inside_a_dialog_and_ctrl_c_asks_then_quits() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "quiet L?");
    assert!(!app.should_quit());
    assert!(screen(&app, 80, 24).contains("quiet L?"));
    // The form holds typed text and the clerk is on duty: Ctrl-C asks first, and a second
    // Ctrl-C while asking quits.
    app.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!app.should_quit());
    assert!(screen(&app, 80, 24).contains("Quit the console?"));
    app.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.should_quit());
}

#[test]
fn the_language_key_switches_every_label() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::F(2));
    let s = screen(&app, 80, 24);
    assert!(s.contains("下一位"), "{s}");
    assert!(!s.contains("Next up"), "{s}");
}

#[test]
fn a_window_too_small_says_so_instead_of_drawing() {
    let mut app = demo_app(Lang::En);
    for (w, h) in [(1, 1), (59, 24), (80, 14)] {
        let s = screen(&app, w, h);
        assert!(!s.contains("Next up"), "{w}x{h}: {s}");
    }
    // Even 10×3 holds the whole message, in either language.
    assert_eq!(screen(&app, 10, 3), "Too small\n10×3 need\n60×15\n");
    press(&mut app, KeyCode::F(2));
    assert_eq!(screen(&app, 10, 3), "窗口太小\n10×3 需要\n60×15\n");
}

#[test]
fn snapshot_rotation_pane_80x24_zh() {
    insta::assert_snapshot!(screen(&demo_app(Lang::Zh), 80, 24));
}

#[test]
fn snapshot_rotation_pane_80x24_en() {
    insta::assert_snapshot!(screen(&demo_app(Lang::En), 80, 24));
}

#[test]
fn snapshot_rotation_pane_120x40_zh() {
    insta::assert_snapshot!(screen(&demo_app(Lang::Zh), 120, 40));
}

#[test]
fn snapshot_rotation_pane_120x40_en() {
    insta::assert_snapshot!(screen(&demo_app(Lang::En), 120, 40));
}

#[test]
fn a_second_desk_sees_the_first_desks_walk_in_on_its_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clerk = {
        let mut store = Store::open(&path).unwrap();
        demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap()
    };
    let open = || {
        let mut app = App::new(
            Store::open(&path).unwrap(),
            settings(Lang::En),
            Box::new(FixedClock(now())),
        )
        .unwrap();
        app.start_demo(clerk.clone(), demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
        app
    };
    let (mut a, mut b) = (open(), open());
    press(&mut a, KeyCode::Char('n'));
    assert!(
        screen(&b, 120, 40).contains("Next up: 王芳"),
        "not yet refreshed"
    );
    b.tick();
    assert!(screen(&b, 120, 40).contains("Next up: 李娜"));
}

#[test]
fn a_new_business_day_starts_a_new_queue_and_says_what_is_not_carried_over() {
    let mut store = Store::open_in_memory().unwrap();
    let s = settings(Lang::En);
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let time = std::rc::Rc::new(std::cell::Cell::new(now()));
    let mut app = App::new(store, s, Box::new(MovableClock(time.clone()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    time.set(now() + chrono::Duration::hours(12)); // 23:30 in Shanghai: still today
    app.tick();
    assert!(screen(&app, 80, 24).contains("Next up: 王芳"));
    time.set(now() + chrono::Duration::hours(13)); // 00:30 the next day
    app.tick();
    let s = screen(&app, 80, 24);
    assert!(s.contains("Nobody has checked in today"), "{s}");
    // 刘洋's make-up, and 张伟's and 赵强's receptions never ended.
    let said = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("11-22 left 1 make-up owed (make-ups are not carried over) · 2 receptions without an outcome. Press y to record the outcomes."),
        "{s}"
    );
}

#[test]
fn a_checked_out_salesperson_stays_listed_with_todays_counts_and_can_check_in_again() {
    let mut app = demo_app(Lang::En);
    // The cursor rests on the next up, 王芳, until the clerk moves it.
    press(&mut app, KeyCode::Char('o'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("王芳 checked out"), "{s}");
    let row = s
        .lines()
        .find(|l| l.contains("王芳") && l.contains("checked out") && !l.contains("Next"))
        .unwrap();
    assert!(row.contains(" 1 "), "her counts stay: {row}");
    press(&mut app, KeyCode::Char('i'));
    typed(&mut app, "王芳");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("王芳 checked in and joins the back of the order"));
}

#[test]
fn sec_2_repeated_wrong_pins_lock_pin_checks_even_for_the_right_one() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('V')); // violation for the first row
    typed(&mut app, "grabbed a customer at the door");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    for _ in 0..5 {
        typed(&mut app, "0000");
        press(&mut app, KeyCode::Enter);
        for _ in 0..4 {
            press(&mut app, KeyCode::Backspace);
        }
    }
    typed(&mut app, demo::DEMO_PIN);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Too many wrong PINs; try again in 60 seconds"),
        "{s}"
    );
    assert!(
        s.contains("grabbed a customer at the door"),
        "the note is kept: {s}"
    );
}

#[test]
fn ending_with_nobody_receiving_selected_asks_whose_reception_first() {
    let mut app = demo_app(Lang::En);
    // Two are receiving (张伟 and 赵强); the cursor rests on the next up, who is not.
    press(&mut app, KeyCode::Char('e'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Whose reception?"), "{s}");
    press(&mut app, KeyCode::Enter); // the cursor on the first reception
    press(&mut app, KeyCode::Enter); // chosen
    let s = screen(&app, 80, 24);
    assert!(s.contains("End ") && s.contains("'s reception"), "{s}");
    assert!(s.contains("own old or phone customer"), "{s}");
}

#[test]
fn a_filter_that_hides_every_choice_is_named_not_mistaken_for_no_supervisor() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Tab); // reason
    typed(&mut app, "moved up for a VIP");
    press(&mut app, KeyCode::Tab); // supervisor
    typed(&mut app, "zz");
    save(&mut app);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Nothing matches “zz”"), "{s}");
    assert!(s.contains("moved up for a VIP"), "{s}");
}

#[test]
fn help_fits_every_key_on_an_80x24_screen_in_both_languages() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    for label in ["walk-in", "violation", "previous tab", "Ctrl-C", "quit"] {
        assert!(s.contains(label), "{label} missing:\n{s}");
    }
    assert!(!s.contains("scroll"), "{s}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    for label in ["新客", "违规", "上一页", "Ctrl-C", "退出"] {
        assert!(s.contains(label), "{label} missing:\n{s}");
    }
}

#[test]
fn rot_12_a_colleagues_old_customer_goes_on_to_their_salesperson() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('n'));
    // The cursor went to the walk-in's receiver, so `e` ends theirs: the outcome menu.
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Down); // a new customer
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down); // a colleague's old customer
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Returning customer of (ROT-8)"), "{s}");
    typed(&mut app, "黄丽"); // on leave today: a helper receives for her
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("ROT-8"), "{s}");
    assert!(s.contains("黄丽"), "{s}");
    assert!(
        !s.contains("Returning customer of (ROT-8)"),
        "the dialog closed:\n{s}"
    );
}

#[test]
fn rot_10_reject_offers_only_customers_received_on_a_turn() {
    let mut app = demo_app(Lang::En);
    // 张伟 is receiving his own returning customer, 赵强 a walk-in on his turn; the cursor
    // is on neither, so the only reception that can be reassigned is 赵强's.
    press(&mut app, KeyCode::Char('X'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Customer rejects 赵强"), "{s}");
    assert!(!s.contains("Whose reception?"), "{s}");
}

#[test]
fn sec_a_pin_typed_straight_into_an_approval_dialog_is_masked_and_approves() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('X'));
    typed(&mut app, "1234");
    let s = screen(&app, 80, 24);
    // The picker's filter is still empty; the digits went into the masked field.
    assert!(s.contains("Approving supervisor  type to filter"), "{s}");
    assert!(s.contains("Supervisor PIN        ••••"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("ROT-10"), "{s}");
    assert!(!s.contains("Customer rejects"), "the dialog closed:\n{s}");
}

#[test]
fn rot_4_assigned_work_asks_the_supervisors_pin_and_coming_back_does_not() {
    let mut app = demo_app(Lang::En);
    // The cursor rests on the next up, 王芳.
    press(&mut app, KeyCode::Char('a'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Send 王芳 on assigned work"), "{s}");
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("王芳 is away on assigned work"), "{s}");
    press(&mut app, KeyCode::Char('a'));
    let s = screen(&app, 120, 40);
    assert!(!s.contains("Send 王芳"), "no dialog to come back:\n{s}");
    assert!(s.contains("王芳") && !s.contains("王芳 is away"), "{s}");
}

#[test]
fn rot_3_full_width_digits_from_a_chinese_input_method_are_read_as_numbers() {
    let mut app = demo_app(Lang::Zh);
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Backspace);
    typed(&mut app, "１");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "经理安排");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "１２３４");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(s.contains("ROT-3") && s.contains("经理安排"), "{s}");
    assert!(!s.contains("密码不正确"), "{s}");
}

#[test]
fn rot_5_every_make_up_owed_stays_in_sight_at_80x24() {
    use frontdesk::domain::clock::business_day;
    use frontdesk::domain::rotation::{Availability, Command, Event, Outcome};
    let mut store = Store::open_in_memory().unwrap();
    let s = settings(Lang::En);
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let day = business_day(now(), OfficeSettings::default().timezone());
    let run = |store: &mut Store, command: Command| {
        store.rotate(clerk.id, None, day, now(), &command).unwrap()
    };
    // Free those receiving, then four walk-ins turn out to be the receivers' own old
    // customers; each receiver then takes a break, so the next walk-in goes to someone else.
    for reception in store
        .rotation_day(day)
        .unwrap()
        .day
        .receptions()
        .map(|r| r.seq)
        .collect::<Vec<_>>()
    {
        run(
            &mut store,
            Command::End {
                reception,
                outcome: Outcome::NewCustomer,
            },
        );
    }
    for _ in 0..4 {
        let started = run(&mut store, Command::WalkIn);
        let (reception, receiver) = started
            .appended
            .iter()
            .find_map(|l| match l.event {
                Event::ReceptionStarted { salesperson, .. } => Some((l.seq, salesperson)),
                _ => None,
            })
            .unwrap();
        run(
            &mut store,
            Command::End {
                reception,
                outcome: Outcome::OwnOldCustomer,
            },
        );
        run(
            &mut store,
            Command::SetAvailability(receiver, Availability::Break),
        );
    }
    let mut app = App::new(store, s, Box::new(FixedClock(now()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    let screen = screen(&app, 80, 24);
    assert_eq!(
        screen.matches("own old customer (ROT-5)").count(),
        4,
        "{screen}"
    );
    assert!(
        screen.contains("missed turn on assigned work (ROT-4)"),
        "{screen}"
    );
}

#[test]
fn rot_4_skipping_the_absent_next_up_says_the_cost_and_asks_first() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('s'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Skip 王芳, who is absent? (ROT-4)"), "{s}");
    assert!(s.contains("the turn is lost"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert!(
        screen(&app, 80, 24).contains("Next up: 王芳"),
        "Esc skips nobody"
    );
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(!s.contains("Next up: 王芳"), "{s}");
    assert!(
        s.contains("ROT-4: 王芳 was absent and loses the turn"),
        "{s}"
    );
}

#[test]
fn rot_11_the_lunch_line_names_only_who_can_staff_the_desk_and_says_when_fewer_than_two_can() {
    for (lang, only, nobody) in [
        (
            Lang::En,
            "can staff it",
            "Lunch desk (ROT-11): nobody free to staff it",
        ),
        (Lang::Zh, "能值班", "午餐值班 (ROT-11): 现在无人能值班"),
    ] {
        let mut app = demo_app(lang);
        let mut saw_only = false;
        let mut saw_nobody = false;
        for _ in 0..12 {
            press(&mut app, KeyCode::Char('n'));
            let s = screen(&app, 120, 40);
            saw_only |= s.contains(only);
            if s.contains(nobody) {
                assert!(saw_only, "{lang:?}: one free came before none: {s}");
                saw_nobody = true;
                break;
            }
        }
        assert!(
            saw_nobody,
            "{lang:?}: the lunch line never said nobody can staff it"
        );
    }
}
