//! The form layer every pane shares, driven as a clerk drives it (issue 15): what is typed is
//! what is recorded, nothing typed is lost, and a PIN never shows.

mod common;
mod demo_tabs;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::ui::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Digits that appear nowhere in the demo: if they show, a PIN showed.
const SECRET: &str = "9753";

fn ctrl(app: &mut App, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn tab_to(app: &mut App, digit: char) {
    press(app, KeyCode::Char(digit));
}

/// The dialogs that ask for a PIN and whose first field is a list or the PIN itself, each
/// opened from the demo's main screens by its keys. (A dialog that starts on a text field —
/// a name, a reason — takes digits typed at once as that text, as it should.)
fn pin_dialogs() -> Vec<(&'static str, Vec<KeyCode>)> {
    use KeyCode::{Char, Down, Enter};
    vec![
        (
            "office rules (staff O)",
            vec![Char(demo_tabs::STAFF), Char('O')],
        ),
        (
            "someone's PIN (staff p)",
            vec![Char(demo_tabs::STAFF), Down, Char('p')],
        ),
        (
            "activate or not (staff t)",
            vec![Char(demo_tabs::STAFF), Down, Char('t')],
        ),
        (
            "hand over (handover h)",
            vec![Char(demo_tabs::HANDOVER), Char('h')],
        ),
        (
            "add a phrase (complaints A)",
            vec![Char(demo_tabs::COMPLAINTS), Char('A')],
        ),
        (
            "assigned work (rotation a)",
            vec![Char('1'), Down, Char('a')],
        ),
        (
            "a ruling in a record (registers k)",
            [Char('2'), Char('/')]
                .into_iter()
                .chain("13902022020".chars().map(Char))
                .chain([Enter, Char('k')])
                .collect(),
        ),
    ]
}

#[test]
fn sec_2_a_pin_typed_first_into_any_dialog_that_asks_for_one_is_never_on_screen() {
    for (dialog, keys) in pin_dialogs() {
        let mut app = demo_app(Lang::En);
        for key in keys {
            press(&mut app, key);
        }
        let opened = screen(&app, 80, 24);
        typed(&mut app, SECRET);
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(&app, w, h);
            assert!(
                !s.contains(SECRET),
                "{dialog}: the PIN shows\n{opened}\n---\n{s}"
            );
        }
        // And not in a refusal either: submitting says what is wrong without the digits.
        ctrl(&mut app, 's');
        let s = screen(&app, 80, 24);
        assert!(
            !s.contains(SECRET),
            "{dialog}: a refusal shows the PIN\n{s}"
        );
    }
}

#[test]
fn sec_2_an_empty_pin_is_asked_for_not_counted_as_a_wrong_one() {
    let mut app = demo_app(Lang::En);
    sign_out(&mut app);
    // The sign-in: choose 前台小刘 by pinyin initials, then nothing as a PIN.
    typed(&mut app, "qtxl");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("PIN required"), "{s}");
    assert!(!s.contains("Wrong PIN"), "{s}");
    typed(&mut app, frontdesk::demo::DEMO_CLERK_PIN);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("前台小刘 signed in"), "{s}");
}

#[test]
fn sec_2_someone_without_a_pin_signs_in_with_enter_where_the_office_asks_none() {
    let mut app = demo_app(Lang::En);
    sign_out(&mut app);
    // 刘洋 has no PIN in the demo, whose office does not ask one of everyone.
    typed(&mut app, "ly");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("刘洋 signed in"), "{s}");
    assert!(!s.contains("PIN required"), "{s}");
}

#[test]
fn enter_in_a_list_chooses_and_moves_on_and_never_saves_the_form() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '2');
    press(&mut app, KeyCode::Char('c')); // a phone inquiry
    typed(&mut app, "周先生");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13512345678");
    press(&mut app, KeyCode::Tab); // who answered: a list
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 120, 40));
    assert!(
        s.contains("周先生"),
        "the form is still open with what was typed: {s}"
    );
    assert!(!s.contains("registered"), "{s}");
}

#[test]
fn tab_past_an_untouched_list_leaves_it_empty_and_saving_says_so() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '2');
    press(&mut app, KeyCode::Char('c'));
    typed(&mut app, "周先生");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13512345678");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab); // past who answered, untouched
    typed(&mut app, "10:00");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "价格");
    ctrl(&mut app, 's');
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("周先生"), "kept: {s}");
    assert!(
        s.contains("Answered by") && !s.contains("Call 1"),
        "asks who answered instead of taking the first name: {s}"
    );
}

#[test]
fn q_with_a_half_filled_form_asks_first_and_no_keeps_everything_typed() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '2');
    press(&mut app, KeyCode::Char('v'));
    typed(&mut app, "钱多多");
    app.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!app.should_quit(), "Ctrl-C with typed text asks");
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Quit the console?"), "{s}");
    assert!(s.contains("not saved"), "{s}");
    press(&mut app, KeyCode::Char('n'));
    assert!(screen(&app, 80, 24).contains("钱多多"), "still there");
    press(&mut app, KeyCode::Esc);
    // On duty, q on the main screen asks too: quitting is not handing over.
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("is on duty"), "{s}");
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
}

#[test]
fn a_form_closed_with_esc_comes_back_with_what_was_typed() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '2');
    press(&mut app, KeyCode::Char('v'));
    typed(&mut app, "钱多多");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "13612345678");
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app, 120, 40).contains("钱多多"), "closed");
    press(&mut app, KeyCode::Char('v'));
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("钱多多") && s.contains("13612345678"), "{s}");
    assert!(s.contains("did not save"), "{s}");
    ctrl(&mut app, 'd');
    let s = one_line(&screen(&app, 120, 40));
    assert!(!s.contains("钱多多"), "Ctrl-D clears the draft: {s}");
}

#[test]
fn a_status_message_belongs_to_the_tab_that_said_it() {
    let mut app = demo_app(Lang::En);
    // A key of another tab, said on the rotation tab.
    press(&mut app, KeyCode::Char('/'));
    let said = one_line(&screen(&app, 80, 24));
    assert!(said.contains("tab"), "{said}");
    tab_to(&mut app, demo_tabs::HANDOVER);
    let handover = one_line(&screen(&app, 80, 24));
    assert!(
        !handover.contains("is a key of"),
        "not carried to the handover tab: {handover}"
    );
}

#[test]
fn a_list_shows_how_many_more_there_are_and_finds_staff_by_pinyin_initials() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '1');
    press(&mut app, KeyCode::Char('d')); // the customer names a salesperson
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("more below"), "{s}");
    typed(&mut app, "wf");
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ 王芳"), "{s}");
}

#[test]
fn the_help_lists_every_tab_with_its_digit() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char('?'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("1 Rotation · 2 Registers · 3 Deals · 4 Figures · 5 Lobby · 6 Complaints ·"),
        "{s}"
    );
    assert!(
        s.contains("│ │7 Handover · 8 Staff │"),
        "the tabs that do not fit start the next line: {s}"
    );
    assert!(
        s.contains("Rules 004"),
        "and the rules in force still fit: {s}"
    );
}

fn click(app: &mut App, column: u16, row: u16) {
    use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// Where `text` is drawn on the 80×24 screen: (column, row), counting double-width cells.
fn spot(app: &App, text: &str) -> (u16, u16) {
    let s = screen(app, 80, 24);
    for (row, line) in s.lines().enumerate() {
        if let Some(at) = line.find(text) {
            let column = unicode_width::UnicodeWidthStr::width(&line[..at]);
            return (column as u16, row as u16);
        }
    }
    panic!("{text} is not on screen:\n{s}");
}

#[test]
fn a_click_shows_a_tab_puts_the_cursor_in_a_field_and_chooses_an_option() {
    let mut app = demo_app(Lang::En);
    // At 80 columns the header names the tab shown and numbers the others.
    let header = screen(&app, 80, 24).lines().next().unwrap().to_owned();
    let lobby = format!(" {} ", demo_tabs::LOBBY);
    let three = header.find(&lobby).expect("the lobby's tab in the header");
    let column = unicode_width::UnicodeWidthStr::width(&header[..three]) + 1;
    click(&mut app, column as u16, 0);
    assert!(one_line(&screen(&app, 80, 24)).contains("Inside now"));
    tab_to(&mut app, '1');
    press(&mut app, KeyCode::Char('d')); // whom the customer names: a list of salespeople
    let (x, y) = spot(&app, "│  李娜");
    click(&mut app, x + 3, y);
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ 李娜"), "the option clicked is chosen:\n{s}");
}

#[test]
fn a_time_that_cannot_be_read_is_said_as_the_clerk_leaves_the_field_and_the_walk_goes_on() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '2');
    press(&mut app, KeyCode::Char('v'));
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab); // name, phone, plate, from the register, received by
    }
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "25:99");
    press(&mut app, KeyCode::Tab);
    let s = one_line(&screen(&app, 120, 40));
    assert!(
        s.contains("25:99"),
        "said at once, naming what was typed: {s}"
    );
    assert!(s.contains("Time"), "{s}");
    typed(&mut app, "看房");
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("看房"), "the cursor moved on all the same: {s}");
}

#[test]
fn a_click_on_a_row_selects_it_as_the_arrows_would() {
    let mut app = demo_app(Lang::En);
    let (x, y) = spot(&app, "赵强");
    click(&mut app, x, y);
    press(&mut app, KeyCode::Char('w')); // why is this person (not) next?
    let s = one_line(&screen(&app, 120, 40));
    assert!(
        s.contains("赵强 cannot receive now"),
        "the clicked row is selected: {s}"
    );
    press(&mut app, KeyCode::Esc);
    // The staff tab's list too.
    tab_to(&mut app, demo_tabs::STAFF);
    let (x, y) = spot(&app, "陈经理");
    click(&mut app, x, y);
    press(&mut app, KeyCode::Char('p'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Set 陈经理's PIN"), "{s}");
}

#[test]
fn reg_1_v_in_a_customers_record_registers_a_visit_of_that_customer() {
    let mut app = demo_app(Lang::En);
    tab_to(&mut app, '2');
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "13901012012");
    press(&mut app, KeyCode::Enter); // the customer's record
    press(&mut app, KeyCode::Char('v'));
    let s = one_line(&screen(&app, 120, 40));
    assert!(s.contains("Register a visit: 刘沐宸"), "{s}");
    assert!(s.contains("13901012012"), "the phone is in: {s}");
    assert!(
        s.contains("Returning customer of 王芳") || s.contains("returning customer of 王芳"),
        "the ownership check runs at once: {s}"
    );
}
