//! The lobby's parcels (issue 20 §6) driven by keys as a clerk would: the list with how
//! long each has waited, a parcel taken in for an occupant picked from the directory, the
//! form refusing an empty carrier or recipient and keeping what was typed, a parcel
//! collected, corrected (REG-4: with a reason, the row marked) and a collection undone, and
//! the lists and the correction form at 80×24 in both languages.

mod common;
mod demo_tabs;

use common::{demo_app, one_line, press, save, screen, typed};
use frontdesk::i18n::Lang;
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

/// The demo desk on the lobby tab, its parcels shown.
fn parcel_desk(lang: Lang) -> App {
    let mut app = demo_app(lang);
    press(&mut app, KeyCode::Char(demo_tabs::LOBBY));
    app.tick();
    press(&mut app, KeyCode::Char('p'));
    app
}

/// Types into the form, letting the console tick after each key as it does between
/// keystrokes (the recipient picker answers on the tick).
fn type_slowly(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
        app.tick();
    }
}

/// The line of the parcel list that holds `text`.
fn row_with(app: &App, text: &str) -> String {
    let s = screen(app, 80, 24);
    s.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no row with {text}: {s}"))
        .to_owned()
}

/// "Parcels waiting: 4".
fn waiting(app: &App) -> usize {
    let line = row_with(app, "Parcels waiting:");
    let n = line.split("Parcels waiting: ").nth(1).unwrap();
    n.split(' ').next().unwrap().trim().parse().unwrap()
}

#[test]
fn the_parcel_list_shows_how_long_each_has_waited_and_marks_two_days() {
    let app = parcel_desk(Lang::En);
    assert_eq!(waiting(&app), 4);
    let oldest = row_with(&app, "顺丰");
    assert!(oldest.contains("2d 2h"), "50 hours read as days: {oldest}");
    assert!(oldest.trim_start().starts_with('!'), "marked: {oldest}");
    let morning = row_with(&app, "中通");
    assert!(morning.contains(" 3:00 "), "{morning}");
    assert!(!morning.trim_start().starts_with('!'), "{morning}");
    let s = screen(&app, 80, 24);
    assert!(s.contains("! waiting 2 days or more"), "{s}");
    assert!(
        !s.contains("圆通"),
        "the collected parcel is off the list: {s}"
    );
}

#[test]
fn reg_11_a_residents_parcel_shows_the_surname_only() {
    let app = parcel_desk(Lang::En);
    let s = screen(&app, 80, 24);
    let resident = row_with(&app, "京东");
    assert!(
        resident.contains('*'),
        "a resident by surname only: {resident}"
    );
    assert!(s.contains("摄影工作室"), "a company by its name: {s}");
}

#[test]
fn a_parcel_is_taken_in_for_an_occupant_picked_by_pinyin_initials_and_then_collected() {
    let mut app = parcel_desk(Lang::En);
    press(&mut app, KeyCode::Char('i'));
    app.tick();
    type_slowly(&mut app, "lhkj");
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("A座 501 company 蓝海科技有限公司"), "{s}");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "顺丰");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "SF 1234 5678 9012");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "A-5");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Parcel from 顺丰 taken in for A座 501, on A-5"),
        "{s}"
    );
    assert_eq!(waiting(&app), 5);
    let row = row_with(&app, "789012");
    assert!(
        row.contains("0:00") && row.contains("蓝海科技有限公司"),
        "{row}"
    );
    // The cursor is on the parcel just taken in: `o` (out) collects that one.
    press(&mut app, KeyCode::Char('o'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Collected: 顺丰 for A座 501"), "{s}");
    typed(&mut app, "周先生");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("周先生 collected the 顺丰 parcel for A座 501"),
        "{s}"
    );
    assert_eq!(waiting(&app), 4);
    assert!(!screen(&app, 80, 24).contains("789012"));
}

#[test]
fn the_take_in_form_refuses_an_empty_carrier_and_recipient_and_keeps_what_was_typed() {
    let mut app = parcel_desk(Lang::En);
    press(&mut app, KeyCode::Char('i'));
    app.tick();
    // Nothing picked: the recipient is asked for first; what was typed stays.
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "顺丰");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "778899");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Choose For from the list"), "{s}");
    assert!(s.contains("顺丰") && s.contains("778899"), "kept: {s}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(waiting(&app), 4, "nothing written");
    // A recipient picked, the carrier left empty: refused at the carrier; the rest stays.
    press(&mut app, KeyCode::Char('i'));
    app.tick();
    frontdesk_clear_draft(&mut app);
    type_slowly(&mut app, "lhkj");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "445566");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Carrier: required"), "{s}");
    assert!(
        s.contains("蓝海科技有限公司") && s.contains("445566"),
        "kept: {s}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(waiting(&app), 4, "nothing written");
}

/// Ctrl-D: the form reopened with an earlier unsaved draft starts empty.
fn frontdesk_clear_draft(app: &mut App) {
    common::ctrl(app, 'd');
    app.tick();
}

#[test]
fn on_the_parcel_list_i_o_and_x_are_a_parcels_in_out_and_correct_and_r_undoes_a_collection() {
    let mut app = parcel_desk(Lang::En);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("i take in") && s.contains("o collected") && s.contains("x correct"),
        "the footer says i, o and x as the parcel's: {s}"
    );
    assert!(s.contains("p visitors"), "and the way back: {s}");
    let zh = one_line(&screen(&parcel_desk(Lang::Zh), 80, 24));
    assert!(
        s.contains("E evacuation") && zh.contains("E 疏散名单"),
        "the evacuation list stays in sight at 80 columns in both languages: {s} / {zh}"
    );
    press(&mut app, KeyCode::Char('?'));
    let help = one_line(&screen(&app, 80, 24));
    assert!(
        help.contains("x correct") && help.contains("r undo a collection"),
        "the help says x and r as the parcel's: {help}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('x'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Correct the parcel: 顺丰 for 1号楼 2单元 501"),
        "{s}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(waiting(&app), 4, "x wrote nothing");
    // `o` on the parcel list opens the collection of the selected parcel, not a visitor's out.
    press(&mut app, KeyCode::Char('o'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Collected:"), "{s}");
}

/// Opens the correction of the second parcel (京东 for 赵*, 1号楼 1单元 201, shelf B-2),
/// letting the recipient picker answer.
fn correct_the_jd_parcel(app: &mut App) {
    press(app, KeyCode::Down);
    press(app, KeyCode::Char('x'));
    app.tick();
}

/// From the reason, to the shelf: past the recipient, the carrier and the tracking number;
/// the shelf's B-2 replaced by `shelf`.
fn shelf_to(app: &mut App, shelf: &str) {
    for _ in 0..4 {
        press(app, KeyCode::Tab);
    }
    for _ in 0.."B-2".len() {
        press(app, KeyCode::Backspace);
    }
    typed(app, shelf);
}

#[test]
fn reg_4_the_parcel_correction_form_shows_the_parcel_as_it_reads_and_refuses_an_empty_reason_keeping_what_was_typed()
 {
    let mut app = parcel_desk(Lang::En);
    correct_the_jd_parcel(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Correct the parcel: 京东 for 1号楼 1单元 201"),
        "{s}"
    );
    assert!(s.contains("(as now: 1号楼 1单元 201 赵*)"), "{s}");
    assert!(s.contains("120903") && s.contains("B-2"), "pre-filled: {s}");
    shelf_to(&mut app, "C-9");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Reason: required"), "{s}");
    assert!(s.contains("C-9"), "what was typed stays: {s}");
    press(&mut app, KeyCode::Esc);
    let s = screen(&app, 80, 24);
    assert!(
        !s.contains("* corrected") && row_with(&app, "京东").contains("B-2"),
        "nothing written: {s}"
    );
    // Nothing changed is refused too.
    correct_the_jd_parcel(&mut app);
    frontdesk_clear_draft(&mut app);
    app.tick();
    typed(&mut app, "再看一遍");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Nothing changed"), "{s}");
}

#[test]
fn reg_4_a_corrected_parcel_shows_its_new_recipient_and_shelf_marked_as_corrected() {
    let mut app = parcel_desk(Lang::En);
    correct_the_jd_parcel(&mut app);
    typed(&mut app, "收件人登记错了");
    press(&mut app, KeyCode::Tab);
    type_slowly(&mut app, "lhkj");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0.."B-2".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "C-9");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("The 京东 parcel for A座 501 corrected (REG-4)"),
        "{s}"
    );
    assert_eq!(waiting(&app), 4, "a correction, not another parcel");
    let row = row_with(&app, "京东");
    assert!(
        row.contains("A座 501 蓝海科技有限公司") && row.contains("C-9"),
        "the corrected values: {row}"
    );
    assert!(row.trim_start().starts_with('*'), "marked: {row}");
    assert!(!row.contains("赵"), "{row}");
    assert!(screen(&app, 80, 24).contains("* corrected"), "the legend");
    let untouched = row_with(&app, "中通");
    assert!(!untouched.trim_start().starts_with('*'), "{untouched}");
}

#[test]
fn reg_4_r_on_the_parcel_list_undoes_a_collection_and_the_parcel_waits_again() {
    let mut app = parcel_desk(Lang::En);
    press(&mut app, KeyCode::Char('r'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Undo a collection recorded by mistake"), "{s}");
    assert!(
        s.contains("08:30 孙女士 took 圆通"),
        "today's collection: {s}"
    );
    press(&mut app, KeyCode::Enter); // the cursor on the latest collection
    press(&mut app, KeyCode::Enter); // chosen; on to the reason
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Reason: required"), "{s}");
    typed(&mut app, "孙女士领的是别人的件");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("The 圆通 parcel for"), "{s}");
    assert!(s.contains("is waiting again"), "{s}");
    assert_eq!(waiting(&app), 5);
    let row = row_with(&app, "圆通");
    assert!(row.contains("4:00"), "waiting since it came in: {row}");
    assert!(row.trim_start().starts_with('*'), "marked: {row}");
    press(&mut app, KeyCode::Char('r'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("No collection today to undo"), "{s}");
}

#[test]
fn the_parcel_list_and_its_forms_draw_at_any_size_without_panicking() {
    let mut app = parcel_desk(Lang::Zh);
    let sizes = [(10, 3), (20, 5), (40, 12), (60, 18), (80, 24), (200, 60)];
    for (w, h) in sizes {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Char('i'));
    type_slowly(&mut app, "lh");
    for (w, h) in sizes {
        screen(&app, w, h);
    }
}

#[test]
fn snapshot_parcel_list_and_take_in_form_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = parcel_desk(lang);
        insta::assert_snapshot!(format!("parcel_list_{lang:?}"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Char('i'));
        app.tick();
        type_slowly(&mut app, "lhkj");
        press(&mut app, KeyCode::Tab);
        typed(&mut app, "顺丰");
        insta::assert_snapshot!(format!("take_in_form_{lang:?}"), screen(&app, 80, 24));
    }
}

#[test]
fn snapshot_parcel_correction_form_and_corrected_list_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = parcel_desk(lang);
        correct_the_jd_parcel(&mut app);
        typed(&mut app, "放错架子");
        shelf_to(&mut app, "C-9");
        insta::assert_snapshot!(
            format!("parcel_correction_form_{lang:?}"),
            screen(&app, 80, 24)
        );
        save(&mut app);
        insta::assert_snapshot!(
            format!("parcel_list_corrected_{lang:?}"),
            screen(&app, 80, 24)
        );
    }
}

#[test]
fn slash_filters_the_parcel_list_by_carrier_room_or_initials_and_esc_shows_them_all() {
    let mut app = parcel_desk(Lang::En);
    let all = screen(&app, 80, 24);
    for carrier in ["顺丰", "京东", "中通"] {
        assert!(all.contains(carrier), "the demo's parcels: {all}");
    }
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "sf");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("顺丰") && !s.contains("京东") && !s.contains("中通"),
        "the carrier's pinyin initials keep its parcels only: {s}"
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('p'));
    assert!(
        one_line(&screen(&app, 80, 24)).contains("/sf"),
        "the filter goes with p to the visitors, said in the footer"
    );
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "A座 902");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("中通") && !s.contains("顺丰"),
        "a room keeps the parcels for it: {s}"
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let s = screen(&app, 80, 24);
    for carrier in ["顺丰", "京东", "中通"] {
        assert!(s.contains(carrier), "Esc shows them all again: {s}");
    }
}

#[test]
fn a_burst_typed_as_the_lobby_tab_opens_acts_on_its_lists_without_waiting_for_a_tick() {
    let mut app = demo_app(Lang::En);
    // "5 p ↓ x" at a clerk's speed: no tick between the keys.
    for key in [
        KeyCode::Char(demo_tabs::LOBBY),
        KeyCode::Char('p'),
        KeyCode::Down,
        KeyCode::Char('x'),
    ] {
        press(&mut app, key);
    }
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Correct the parcel: 京东"),
        "the second parcel's correction opens: {s}"
    );
}
