//! The registers at the desk (issue 8), driven by keys as a clerk would: the ownership panel
//! as a phone is typed, registering from a reception and the proposal that follows, search
//! by pinyin initials, the record with its corrections, and what is refused.

mod common;
mod demo_tabs;

use chrono::Duration;
use common::{now, one_line, press, save, screen, settings, sign_in_first_listed, typed};
use frontdesk::demo;
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::register::CustomerName;
use frontdesk::domain::register::{Phone, VisitRegistration};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::StaffId;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

/// A visit made `days_ago`, received by `salesperson` (a demo name).
struct Earlier {
    name: &'static str,
    phone: &'static str,
    salesperson: &'static str,
    days_ago: i64,
}

fn staff_id(store: &Store, name: &str) -> StaffId {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no {name} on the demo staff"))
        .id
}

/// The demo desk at the test moment, its registers holding `earlier`.
fn desk(lang: Lang, earlier: &[Earlier]) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    for e in earlier {
        let visit = VisitRegistration {
            visited_at: now() - Duration::days(e.days_ago),
            name: Some(CustomerName::parse(e.name).unwrap()),
            phone: Some(Phone::parse(e.phone).unwrap()),
            work_unit: None,
            intent: None,
            source: None,
            salesperson: staff_id(&store, e.salesperson),
            car_brand: None,
            plate: None,
            party: None,
            class: None,
            notes: None,
        };
        let at = visit.visited_at;
        store.register_visit(clerk.id, &visit, None, at).unwrap();
    }
    let mut app = App::new(store, settings(lang), Box::new(FixedClock(now()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    app
}

const WANGS_CUSTOMER: Earlier = Earlier {
    name: "李晓明",
    phone: "13912345678",
    salesperson: "王芳",
    days_ago: 12,
};

/// The words of the panel beside a form: what is drawn right of `column` on each row.
fn panel(app: &App) -> String {
    let column = 38;
    let rows: Vec<String> = screen(app, 80, 24)
        .lines()
        .map(|line| {
            let mut width = 0;
            line.chars()
                .skip_while(|c| {
                    width += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                    width <= column
                })
                .filter(|c| *c != '│')
                .collect()
        })
        .collect();
    one_line(&rows.join(" "))
}

/// Moves the rotation's cursor to 赵强, who is receiving the demo's walk-in.
fn select_zhao(app: &mut App) {
    for _ in 0..6 {
        press(app, KeyCode::Down);
    }
}

fn registers_tab(app: &mut App) {
    press(app, KeyCode::Char('2'));
    app.tick();
}

/// Types `text` into the field under the cursor, letting the console tick after each key
/// as it does between keystrokes.
fn type_slowly(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
        app.tick();
    }
}

/// From the phone field: past the plate to what the register knows, and Use (↓).
/// From the phone field to "From the register", and its second line: use what it knows.
fn use_what_the_register_knows(app: &mut App) {
    press(app, KeyCode::Tab);
    press(app, KeyCode::Tab);
    press(app, KeyCode::Down); // use: the first line
}

#[test]
fn reg_5_the_ownership_panel_names_the_owner_once_the_whole_phone_is_typed() {
    let mut app = desk(Lang::En, &[WANGS_CUSTOMER]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Tab); // to the phone
    type_slowly(&mut app, "1391234567");
    let s = panel(&app);
    assert!(
        !s.contains("Returning customer"),
        "ten digits decide nothing: {s}"
    );
    type_slowly(&mut app, "8");
    let s = panel(&app);
    assert!(
        s.contains("Returning customer of 王芳, registered 12 days ago, protected until 12-10"),
        "{s}"
    );
    assert!(s.contains("REG-5, REG-6"), "{s}");
    assert!(s.contains("This is visit 2"), "{s}");
    // One digit off: no longer the same customer, but shown as possible, never deciding.
    press(&mut app, KeyCode::Backspace);
    type_slowly(&mut app, "9");
    let s = panel(&app);
    assert!(s.contains("New customer"), "{s}");
    assert!(
        s.contains("Possible") && s.contains("phone 1 digit off"),
        "{s}"
    );
}

#[test]
fn reg_5_a_registration_31_days_old_has_lapsed_and_the_panel_says_so() {
    let lapsed = Earlier {
        days_ago: 31,
        ..WANGS_CUSTOMER
    };
    let mut app = desk(Lang::En, &[lapsed]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13912345678");
    app.tick();
    let s = panel(&app);
    assert!(s.contains("New customer: 王芳's registration ended"), "{s}");
}

/// The demo's walk-in in progress is 赵强's; the customer turns out to be 王芳's.
#[test]
fn rot_12_registering_a_colleagues_customer_proposes_the_make_up_and_hands_them_over() {
    let mut app = desk(Lang::En, &[WANGS_CUSTOMER]);
    // 王芳 must be free to receive her customer: the demo has her free.
    select_zhao(&mut app);
    press(&mut app, KeyCode::Char('c'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Register a visit — 赵强 receiving"), "{s}");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "139 1234 5678");
    app.tick();
    save(&mut app);
    // Never nameless when the register knows the name: the clerk uses it with one choice.
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("The register knows this customer as"), "{s}");
    press(&mut app, KeyCode::Down); // use
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("End 赵强's reception — as the registers say"),
        "{s}"
    );
    assert!(s.contains("Proposed: a colleague's old customer"), "{s}");
    assert!(
        s.contains("registered to 王芳, whose customer it is (ROT-8)"),
        "{s}"
    );
    save(&mut app); // as proposed
    assert!(
        !one_line(&screen(&app, 80, 24)).contains("as the registers say"),
        "the dialog closed"
    );
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("ROT-5"), "the make-up is earned: {s}");
    assert!(s.contains("ROT-8"), "王芳 receives her customer: {s}");
    // The register has the visit under the owner, noting who received first.
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "5678");
    app.tick();
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("first received by 赵强"), "{s}");
    assert!(s.contains("reception #"), "{s}");
}

/// Issue 16 §1: 王芳 takes the next walk-in while 赵强 is receiving; the visitor is 赵强's
/// phone customer (马骁睿, the demo's). Ending as proposed earns 王芳 her make-up and hands
/// nobody else the customer: no picker on a salesperson who is not checked in, and 王芳's
/// make-up is not spent helping anyone.
#[test]
fn rot_13_a_receiving_owners_customer_waits_for_them_and_no_one_absent_is_offered() {
    let mut app = desk(Lang::En, &[]);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('c'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Register a visit — 王芳 receiving"), "{s}");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13906062003");
    app.tick();
    use_what_the_register_knows(&mut app);
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("registered to 赵强"), "{s}");
    save(&mut app); // as proposed
    let s = one_line(&screen(&app, 120, 40));
    assert!(
        !s.contains("Returning customer of (ROT-8)"),
        "no picker: {s}"
    );
    assert!(s.contains("the customer waits"), "{s}");
    assert!(!s.contains("on their behalf"), "nobody helps: {s}");
    let owed = s.split("Make-ups owed:").nth(1).unwrap_or_default();
    assert!(
        owed.contains("王芳") && owed.contains("colleague's old customer (ROT-5)"),
        "王芳's make-up is owed, not spent: {s}"
    );
}

/// Issue 16 §3: 孙志谦 (the demo's) was registered by 刘洋 45 days ago — past 004's 30 days,
/// inside its 60 for an unknowing receipt. The ending asks the supervisor (ATT-004-6), a bare
/// save is refused, and the ruling is kept: the visit is corrected to 刘洋, whose customer
/// every desk's check then names.
#[test]
fn att_004_6_an_unknowing_receipt_is_ruled_by_the_supervisor_at_the_ending_and_kept() {
    let mut app = desk(Lang::En, &[]);
    select_zhao(&mut app);
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13903032045");
    app.tick();
    use_what_the_register_knows(&mut app);
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Supervisor's ruling"), "{s}");
    assert!(
        !s.contains("Proposed: a new customer"),
        "nothing proposed unasked: {s}"
    );
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Choose Supervisor's ruling"), "{s}");
    press(&mut app, KeyCode::Down); // still 刘洋's: 赵强 did not know
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(!s.contains("Supervisor's ruling"), "the form closed: {s}");
    assert!(s.contains("colleague's verified old customer"), "{s}");
    assert!(
        s.contains("ROT-8: 刘洋 is away"),
        "handed back to 刘洋: {s}"
    );
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "13903032045");
    app.tick();
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = one_line(&screen(&app, 120, 40));
    // The visit is corrected to 刘洋 with the ruling's words, so it renews her protection.
    assert!(s.contains("Returning customer of 刘洋"), "{s}");
    assert!(s.contains("Received by → 刘洋"), "the visit corrected: {s}");
    assert!(s.contains("reason: ATT-004-6"), "{s}");
}

/// Issue 16 §3, REG-2: the call form proposes who answers next in the phone order (王芳, the
/// first free in the queue), and after her call 李娜; under 004 a call from 赵强's protected
/// customer (马骁睿) registered as answered by someone else is a conflict, said in the panel
/// before it is saved.
#[test]
fn reg_2_the_call_form_proposes_the_phone_order_and_warns_of_a_call_that_makes_a_conflict() {
    let mut app = desk(Lang::En, &[]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('c'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("REG-2 phone order: 王芳 answers"), "{s}");
    assert!(s.contains("Answered by 王芳"), "proposed, not asked: {s}");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13906062003");
    app.tick();
    let s = panel(&app);
    assert!(
        s.contains("Careful: under this policy a call is evidence"),
        "{s}"
    );
    assert!(
        s.contains("conflicts with 赵强's protected registration"),
        "{s}"
    );
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("registered"), "{s}");
    app.tick();
    press(&mut app, KeyCode::Char('c'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("REG-2 phone order: 李娜 answers"), "{s}");
    // The clerk may pick whoever answered: 赵强 answering his own customer (now in the
    // conflict the first call made) adds no conflict, so the panel warns of nothing.
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13906062003");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "赵强");
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = panel(&app);
    assert!(s.contains("Conflict: 赵强, 王芳"), "{s}");
    assert!(!s.contains("Careful"), "{s}");
}

#[test]
fn rot_12_a_clerk_overriding_the_proposal_must_say_why_and_it_is_audited() {
    let mut app = desk(Lang::En, &[WANGS_CUSTOMER]);
    select_zhao(&mut app);
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13912345678");
    app.tick();
    use_what_the_register_knows(&mut app);
    save(&mut app);
    // Choose "new customer" instead of the proposal.
    typed(&mut app, "new");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Reason if not as proposed"), "{s}");
    // The refusal put the cursor on the reason.
    typed(&mut app, "customer says they never met 王芳");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(!s.contains("as the registers say"), "the form closed: {s}");
    assert!(s.contains("new customer"), "{s}");
}

#[test]
fn reg_1_a_visit_is_found_by_pinyin_initials_with_its_phone_masked_and_shown_whole_in_the_record() {
    let mut app = desk(Lang::En, &[WANGS_CUSTOMER]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "LXM");
    app.tick();
    let s = screen(&app, 80, 24);
    assert!(s.contains("李晓明"), "{s}");
    assert!(s.contains("139****5678"), "{s}");
    assert!(
        !s.contains("13912345678"),
        "a list masks phones (SEC-1): {s}"
    );
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Customer: 李晓明"), "{s}");
    assert!(
        s.contains("13912345678"),
        "the record shows the whole number: {s}"
    );
    assert!(s.contains("Returning customer of 王芳"), "{s}");
}

#[test]
fn reg_4_a_correction_is_a_new_row_with_its_reason_shown_in_the_record() {
    let mut app = desk(Lang::En, &[WANGS_CUSTOMER]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "李晓明");
    app.tick();
    press(&mut app, KeyCode::Enter);
    app.tick();
    press(&mut app, KeyCode::Char('x'));
    // Without a reason nothing is written.
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Reason"), "{s}");
    typed(&mut app, "misheard the name");
    press(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "李小明");
    save(&mut app);
    app.tick();
    let s = one_line(&screen(&app, 120, 40));
    assert!(
        s.contains("Name → 李小明") || s.contains("Customer → 李小明"),
        "{s}"
    );
    assert!(s.contains("misheard the name"), "{s}");
}

#[test]
fn reg_3_a_visit_without_any_identity_is_refused_and_keeps_what_was_typed() {
    let mut app = desk(Lang::En, &[]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "12345");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab); // past what the register knows
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "王芳"); // who received them
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Phone: Not a mobile"), "{s}");
    assert!(s.contains("12345"), "the text is kept: {s}");
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Give a full name, a phone, or a"), "{s}");
    assert!(s.contains("with a surname (REG-3)"), "{s}");
}

#[test]
fn reg_1_a_registered_call_is_listed_with_the_visits() {
    let mut app = desk(Lang::Zh, &[]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('c'));
    typed(&mut app, "张三丰");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13700001111");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "王芳");
    save(&mut app);
    let s = screen(&app, 80, 24);
    assert!(s.contains("已登记来电"), "{s}");
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "zsf");
    app.tick();
    let s = screen(&app, 80, 24);
    assert!(s.contains("张三丰") && s.contains("137****1111"), "{s}");
}

#[test]
fn snapshot_registers_tab_and_visit_form_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = desk(lang, &[WANGS_CUSTOMER]);
        registers_tab(&mut app);
        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, "5678");
        app.tick();
        insta::assert_snapshot!(format!("registers_tab_{lang:?}"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('v'));
        typed(&mut app, "李晓明");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "13912345678");
        app.tick();
        insta::assert_snapshot!(format!("visit_form_verdict_{lang:?}"), screen(&app, 80, 24));
    }
}

#[test]
fn reg_1_an_office_source_added_by_a_supervisor_is_offered_in_the_visit_form() {
    let mut app = desk(Lang::En, &[]);
    // The supervisor adds the office's own source on the staff tab's office rules.
    press(&mut app, KeyCode::Char(demo_tabs::STAFF));
    press(&mut app, KeyCode::Char('O'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab); // preset, helper, who needs a PIN, time zone
    }
    typed(&mut app, "楼书派发, 短信");
    press(&mut app, KeyCode::Tab); // the desks run here: unchanged
    // The closing hour, the backup folder, backups kept, the head office and the name there,
    // the evacuation printer and folder.
    for _ in 0..7 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Tab); // the supervisor is 陈经理 already; the PIN
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Changed for every desk"), "{s}");
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('v'));
    typed(&mut app, "周杰");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13511112222");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab); // past what the register knows
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "李娜");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "楼书");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "周杰");
    app.tick();
    let s = screen(&app, 80, 24);
    assert!(s.contains("楼书派发"), "{s}");
}

#[test]
fn the_days_summary_counts_the_registers_and_shows_the_chain_heads() {
    let today = Earlier {
        days_ago: 0,
        ..WANGS_CUSTOMER
    };
    let mut app = desk(Lang::En, &[today]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('s'));
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Registers on 2026-11-22"), "{s}");
    assert!(s.contains("Visits: 1 (王芳 1)"), "{s}");
    assert!(s.contains("Calls: 0; corrections: 0"), "{s}");
    assert!(s.contains("visits"), "the visits chain's head: {s}");
}

#[test]
fn a_phone_pasted_into_the_search_box_with_escape_sequences_finds_the_customer() {
    let mut app = desk(Lang::En, &[WANGS_CUSTOMER]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    app.handle_event(&ratatui::crossterm::event::Event::Paste(
        "\u{1b}[31m139 1234\u{7}".into(),
    ));
    app.tick();
    let s = screen(&app, 80, 24);
    assert!(s.contains("Search: 139 1234"), "{s}");
    assert!(s.contains("李晓明"), "{s}");
}

#[test]
fn the_registers_tab_record_and_visit_form_draw_at_any_size_without_panicking() {
    let mut app = desk(Lang::Zh, &[WANGS_CUSTOMER]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "李");
    app.tick();
    let sizes = [(10, 3), (20, 5), (40, 12), (60, 18), (80, 24), (200, 60)];
    for (w, h) in sizes {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Enter);
    app.tick();
    for (w, h) in sizes {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('v'));
    typed(&mut app, "李晓明");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13912345678");
    app.tick();
    for (w, h) in sizes {
        screen(&app, w, h);
    }
}

#[test]
fn a_visit_registered_at_one_desk_is_found_at_another_on_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, path) = common::demo_on_file(&dir);
    let mut b = App::new(
        Store::open(&path).unwrap(),
        settings(Lang::En),
        Box::new(FixedClock(now())),
    )
    .unwrap();
    // Desk b: the demo clerk signs in with her PIN.
    sign_in_first_listed(&mut b, frontdesk::demo::DEMO_CLERK_PIN);
    registers_tab(&mut b);
    press(&mut b, KeyCode::Char('/'));
    typed(&mut b, "13512340000");
    b.tick();
    assert!(screen(&b, 80, 24).contains("No registration found"));
    registers_tab(&mut a);
    press(&mut a, KeyCode::Char('v'));
    typed(&mut a, "欧阳修");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "13512340000");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab); // past what the register knows
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "王芳");
    save(&mut a);
    assert!(screen(&a, 80, 24).contains("registered: 欧阳修"));
    b.tick(); // notices the other desk's write, then searches again
    b.tick();
    let s = screen(&b, 80, 24);
    assert!(s.contains("欧阳修") && s.contains("135****0000"), "{s}");
}

/// The demo's 赵雅琪 is registered by 李娜 (20 days ago) and 张伟 (5 days ago): a conflict.
#[test]
fn reg_6_a_supervisor_rules_a_conflict_from_the_record_and_the_verdict_says_so() {
    let mut app = desk(Lang::En, &[]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "13902022020");
    app.tick();
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Conflict: 李娜, 张伟"), "{s}");
    press(&mut app, KeyCode::Char('k'));
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Rule whose customer this is"), "{s}");
    press(&mut app, KeyCode::Tab); // the owner: 李娜, the earlier, already chosen
    typed(&mut app, "李娜首次登记,张伟已知情");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Ruled: 李娜's customer (REG-6)"), "{s}");
    assert!(s.contains("Returning customer of 李娜"), "{s}");
    assert!(s.contains("ruled by 陈经理"), "{s}");
    // Without a conflict there is nothing to rule.
    press(&mut app, KeyCode::Char('k'));
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("in no conflict"), "{s}");
}

/// The demo's 赵雅琪 (李娜 20 days ago, 张伟 5 days ago) walks in again and 赵强 receives her.
#[test]
fn reg_6_a_conflict_met_at_the_rotation_is_ruled_by_the_supervisor_who_approves_the_ending() {
    let mut app = desk(Lang::En, &[]);
    select_zhao(&mut app);
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13902022020");
    app.tick();
    use_what_the_register_knows(&mut app);
    save(&mut app);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Conflict: 李娜, 张伟"), "{s}");
    assert!(
        s.contains("registered to 李娜"),
        "the earlier holder's: {s}"
    );
    press(&mut app, KeyCode::Tab); // reason: not needed, the proposal stands
    press(&mut app, KeyCode::Tab); // supervisor: 陈经理
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1234");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("ROT-8"), "李娜 receives her customer: {s}");
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "13902022020");
    app.tick();
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Returning customer of 李娜"), "{s}");
    assert!(s.contains("ruled by 陈经理"), "{s}");
}

/// SEC-1, issue 15 §2: the list shows the whole masked number, a landline's area code and
/// last four included, at 80×24 in both languages.
#[test]
fn sec_1_a_landline_with_its_area_code_is_listed_whole_and_masked_at_80x24() {
    const LANDLINE: Earlier = Earlier {
        name: "黄丽丽",
        phone: "0755-8123-4488",
        salesperson: "王芳",
        days_ago: 3,
    };
    for lang in [Lang::Zh, Lang::En] {
        let mut app = desk(lang, &[LANDLINE]);
        registers_tab(&mut app);
        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, "4488");
        app.tick();
        let s = screen(&app, 80, 24);
        let row = s
            .lines()
            .find(|l| l.contains("黄丽丽"))
            .unwrap_or_else(|| panic!("{s}"));
        assert!(row.contains("0755****4488"), "{lang:?}: {row}");
        assert!(!s.contains("81234488"), "the middle stays hidden: {s}");
    }
}

#[test]
fn reg_3_a_registration_says_by_which_identities_the_customer_is_known_again_not_what_it_lacks() {
    let mut app = desk(Lang::En, &[]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('v'));
    typed(&mut app, "钱多多");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13612345678");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab); // plate, from the register, received by
    }
    press(&mut app, KeyCode::Down); // the first salesperson
    save(&mut app);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Known again by: full name, phone"), "{s}");
    assert!(!s.contains("Missing"), "{s}");
}

#[test]
fn reg_4_correcting_the_notes_alone_records_no_time_change_even_to_the_second() {
    let mut store = Store::open_in_memory().unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    // Registered at 11:30:17 twelve days ago: the form shows minutes only.
    let at = now() - Duration::days(12) + Duration::seconds(17);
    let visit = VisitRegistration {
        visited_at: at,
        name: Some(CustomerName::parse("李晓明").unwrap()),
        phone: Some(Phone::parse("13912345678").unwrap()),
        work_unit: None,
        intent: None,
        source: None,
        salesperson: staff_id(&store, "王芳"),
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    };
    store.register_visit(clerk.id, &visit, None, at).unwrap();
    let mut app = App::new(store, settings(Lang::En), Box::new(FixedClock(now()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "李晓明");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('x'));
    typed(&mut app, "notes added");
    for _ in 0..12 {
        press(&mut app, KeyCode::Tab); // to the notes, the last field
    }
    typed(&mut app, "prefers mornings");
    save(&mut app);
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Notes → prefers mornings"), "{s}");
    assert!(!s.contains("Time →"), "no time change nobody made: {s}");
}

#[test]
fn snapshot_employee_referral_form_and_redistribution_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = desk(lang, &[WANGS_CUSTOMER]);
        registers_tab(&mut app);
        press(&mut app, KeyCode::Char('r'));
        typed(&mut app, "张");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "周杰");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "13700001234");
        app.tick();
        insta::assert_snapshot!(
            format!("employee_referral_form_{lang:?}"),
            screen(&app, 80, 24)
        );
        press(&mut app, KeyCode::Esc);
        // The staff tab, two rows down: a salesperson (刘洋 in the demo), whose customers
        // are drawn.
        press(&mut app, KeyCode::Char(demo_tabs::STAFF));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char('d'));
        app.tick();
        insta::assert_snapshot!(format!("redistribution_{lang:?}"), screen(&app, 80, 24));
    }
}

#[test]
fn reg_8_the_demo_s_referral_for_today_is_named_in_the_panel_as_the_visit_is_typed() {
    let mut app = desk(Lang::En, &[]);
    registers_tab(&mut app);
    press(&mut app, KeyCode::Char('v'));
    typed(&mut app, "何雨桐");
    press(&mut app, KeyCode::Tab);
    type_slowly(&mut app, "13910102040");
    let panel = panel(&app);
    assert!(
        panel.contains("Employee referral by 前台老周 for today"),
        "{panel}"
    );
}
