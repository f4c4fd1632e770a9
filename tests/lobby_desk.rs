//! The lobby desk (issue 9 §1–2) driven by keys as a clerk would: a visitor in, the host
//! picked by pinyin initials and only the room told (REG-11), out by one key and by badge,
//! a correction and an out undone with their reasons (REG-4), the evacuation page, the
//! directory, and the tabs following the desks the office runs (DESK-1/2 set-up).

mod common;
mod demo_tabs;

use common::{ctrl, now, one_line, press, save, screen, settings, typed};
use frontdesk::demo;
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::lobby::{InsideNow, OccupantKind};
use frontdesk::domain::register::Phone;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

/// What the test knows of the demo's lobby before the console takes the store.
struct Lobby {
    inside: Vec<InsideNow>,
    /// 蓝海科技有限公司's phones, which must never show on the lobby desk.
    company_phones: Vec<Phone>,
    /// A resident with a name of two or more characters: (full name, initials).
    resident: (String, String),
}

/// The demo desk at the test moment, on the lobby tab, its lists loaded.
fn lobby_desk(lang: Lang) -> (App, Lobby) {
    let mut store = Store::open_in_memory().unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let company = store.occupants_matching("蓝海科技", 1).unwrap().remove(0);
    let company_phones = store.occupant(company.id).unwrap().unwrap().occupant.phones;
    let resident = store
        .occupants_matching("", 200)
        .unwrap()
        .into_iter()
        .find(|h| h.kind == OccupantKind::Resident && h.name.chars().count() >= 2)
        .unwrap();
    let initials: String = frontdesk::phrases::initials_of(&resident.name);
    let lobby = Lobby {
        inside: store.inside_now(now()).unwrap(),
        company_phones,
        resident: (resident.name, initials),
    };
    let mut app = App::new(store, settings(lang), Box::new(FixedClock(now()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    press(&mut app, KeyCode::Char(demo_tabs::LOBBY));
    app.tick();
    (app, lobby)
}

/// Types into the form or pane, letting the console tick after each key as it does
/// between keystrokes.
fn type_slowly(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
        app.tick();
    }
}

fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Tab);
    }
}

/// The first line of the lobby list: "Inside now: 8 visits, 10 people".
fn inside_count(app: &App) -> usize {
    let s = screen(app, 80, 24);
    let line = s
        .lines()
        .find(|l| l.contains("Inside now:"))
        .unwrap_or_else(|| panic!("{s}"));
    line.split("Inside now: ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn reg_11_a_visitor_comes_in_picked_by_pinyin_initials_and_is_told_the_room_only() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    assert_eq!(inside_count(&app), lobby.inside.len());
    press(&mut app, KeyCode::Char('i'));
    app.tick();
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Whom are you here to see?"),
        "asked at the host: {s}"
    );
    type_slowly(&mut app, "lhkj");
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("A座 501 company 蓝海科技有限公司"), "{s}");
    assert!(s.contains("Tell the visitor: A座 501"), "{s}");
    tab(&mut app, 1);
    app.tick();
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("May I have your surname?"),
        "asked at the name: {s}"
    );
    typed(&mut app, "周先生");
    tab(&mut app, 1);
    typed(&mut app, "送文件");
    tab(&mut app, 2);
    typed(&mut app, "l-50");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("周先生 is in, visiting A座 501. Tell them the room only."),
        "{s}"
    );
    assert_eq!(inside_count(&app), lobby.inside.len() + 1);
    let s = screen(&app, 80, 24);
    let row = s.lines().find(|l| l.contains("周先生")).unwrap();
    assert!(row.contains("A座 501") && row.contains("L-50"), "{row}");
    assert!(!row.contains("蓝海"), "the list shows the room only: {row}");
}

#[test]
fn reg_11_the_occupants_phone_and_a_residents_full_name_never_appear_on_the_lobby_screen() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    assert!(!lobby.company_phones.is_empty());
    let leaks = |s: &str| -> Vec<String> {
        lobby
            .company_phones
            .iter()
            .flat_map(|p| [p.as_str().to_owned(), p.number().to_owned(), p.masked()])
            .filter(|p| s.contains(p.as_str()))
            .collect()
    };
    let mut screens = vec![screen(&app, 80, 24)];
    press(&mut app, KeyCode::Char('i'));
    type_slowly(&mut app, "lhkj");
    screens.push(screen(&app, 120, 40));
    press(&mut app, KeyCode::Enter);
    screens.push(screen(&app, 80, 24));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('E'));
    screens.push(screen(&app, 120, 40));
    for s in &screens {
        assert!(leaks(s).is_empty(), "{:?} shown: {s}", leaks(s));
    }
    // A resident is found by the initials of their name and shown by surname only.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('i'));
    // What was typed before Esc comes back; Ctrl-D clears it.
    assert!(screen(&app, 120, 40).contains("Ctrl-D clears it"));
    ctrl(&mut app, 'd');
    let (name, initials) = &lobby.resident;
    type_slowly(&mut app, initials);
    let s = screen(&app, 120, 40);
    let surname: String = name.chars().take(1).collect();
    assert!(s.contains(&format!("resident {surname}*")), "{s}");
    assert!(!s.contains(name.as_str()), "{name} shown: {s}");
}

#[test]
fn reg_11_a_visitor_leaves_by_one_key_on_the_row_and_another_by_badge() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    let n = lobby.inside.len();
    // The first row is the earliest arrival: yesterday's visitor, still inside.
    let first = &lobby.inside[0];
    assert!(first.past_closing);
    press(&mut app, KeyCode::Char('o'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains(&format!("{} left after 20:00", first.name)),
        "{s}"
    );
    assert!(s.contains("r undoes it"), "{s}");
    assert_eq!(inside_count(&app), n - 1);
    let last = lobby.inside.last().unwrap();
    let badge = last.badge.clone().unwrap();
    press(&mut app, KeyCode::Char('b'));
    typed(&mut app, &badge.to_lowercase());
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains(&format!("{} left after", last.name)), "{s}");
    assert_eq!(inside_count(&app), n - 2);
    // A badge nobody inside holds is refused, naming it, and what was typed stays.
    press(&mut app, KeyCode::Char('b'));
    typed(&mut app, &badge);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains(&format!("Nobody inside holds badge {badge}")),
        "{s}"
    );
    assert!(s.contains(&format!("Pass/badge {badge}")), "{s}");
}

#[test]
fn reg_4_an_out_pressed_by_mistake_is_undone_with_a_reason() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    let n = lobby.inside.len();
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(inside_count(&app), n - 1);
    press(&mut app, KeyCode::Char('r'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains(&lobby.inside[0].name),
        "the latest out first: {s}"
    );
    press(&mut app, KeyCode::Enter); // the cursor on the latest out
    press(&mut app, KeyCode::Enter); // chosen; on to the reason, the last field
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Reason: required"), "{s}");
    typed(&mut app, "按错了行");
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains(&format!("{} is inside again", lobby.inside[0].name)),
        "{s}"
    );
    assert_eq!(inside_count(&app), n);
    // Still marked past closing: the original arrival is kept.
    let s = screen(&app, 80, 24);
    let row = s
        .lines()
        .find(|l| l.contains(&lobby.inside[0].name))
        .unwrap();
    assert!(row.trim_start().starts_with('!'), "{row}");
}

#[test]
fn reg_4_a_correction_needs_a_reason_and_changes_the_row() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('x'));
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains(&format!("Correct the visit of {}", lobby.inside[1].name)),
        "{s}"
    );
    tab(&mut app, 2); // past the host, as now
    for _ in 0..lobby.inside[1].name.chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "欧阳娜娜");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Reason: required"), "{s}");
    assert!(s.contains("欧阳娜娜"), "what was typed stays: {s}");
    typed(&mut app, "问清了全名");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("欧阳娜娜's visit corrected (REG-4)"), "{s}");
    assert_eq!(inside_count(&app), lobby.inside.len());
    // Nothing changed is refused.
    press(&mut app, KeyCode::Char('x'));
    typed(&mut app, "再看一遍");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Nothing changed"), "{s}");
}

#[test]
fn reg_4_a_correction_changes_whom_a_visitor_visits_found_in_the_directory() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    let visitor = lobby
        .inside
        .iter()
        .position(|v| v.host_room.to_string() != "A座 501")
        .unwrap();
    for _ in 0..visitor {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('x'));
    app.tick();
    let was = lobby.inside[visitor].host_room.to_string();
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains(&format!("(as now: {was})")), "{s}");
    typed(&mut app, "来找蓝海科技的,登记错了");
    tab(&mut app, 1);
    type_slowly(&mut app, "lhkj");
    save(&mut app);
    app.tick();
    let s = screen(&app, 80, 24);
    assert!(
        one_line(&s).contains(&format!(
            "{}'s visit corrected (REG-4)",
            lobby.inside[visitor].name
        )),
        "{s}"
    );
    let row = s
        .lines()
        .find(|l| l.contains(&lobby.inside[visitor].name))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        row.contains("A座 501"),
        "the row shows the corrected room: {row}"
    );
    assert_eq!(inside_count(&app), lobby.inside.len());
}

#[test]
fn the_visitor_in_form_proposes_the_next_free_badge_and_the_clerk_may_type_another() {
    let mut store = Store::open_in_memory().unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), now()).unwrap();
    let held: Vec<String> = store
        .inside_now(now())
        .unwrap()
        .into_iter()
        .filter_map(|v| v.badge)
        .collect();
    let proposed = store
        .next_free_badge()
        .unwrap()
        .expect("the demo hands out badges");
    assert!(!held.contains(&proposed), "{proposed} is held: {held:?}");
    let mut app = App::new(store, settings(Lang::En), Box::new(FixedClock(now()))).unwrap();
    app.start_demo(clerk, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    press(&mut app, KeyCode::Char(demo_tabs::LOBBY));
    app.tick();
    press(&mut app, KeyCode::Char('i'));
    app.tick();
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains(&format!("Pass/badge {proposed}")), "{s}");
    // Taken as proposed: the visitor holds it, and the next proposal is another.
    type_slowly(&mut app, "lhkj");
    tab(&mut app, 1);
    typed(&mut app, "周先生");
    tab(&mut app, 1);
    typed(&mut app, "送文件");
    save(&mut app);
    app.tick();
    let s = screen(&app, 80, 24);
    let row = s
        .lines()
        .find(|l| l.contains("周先生"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.contains(&proposed), "{row}");
    press(&mut app, KeyCode::Char('i'));
    app.tick();
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        !s.contains(&format!("Pass/badge {proposed}")),
        "held now: {s}"
    );
    // The clerk types another: it replaces the proposal, not added to it.
    type_slowly(&mut app, "lhkj");
    tab(&mut app, 1);
    typed(&mut app, "吴女士");
    tab(&mut app, 1);
    typed(&mut app, "面试");
    tab(&mut app, 2);
    typed(&mut app, "T-7");
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Pass/badge T-7 "), "{s}");
    save(&mut app);
    app.tick();
    let s = screen(&app, 80, 24);
    let row = s
        .lines()
        .find(|l| l.contains("吴女士"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.contains("T-7"), "{row}");
}

#[test]
fn the_evacuation_page_lists_exactly_who_is_inside_with_host_and_room() {
    let (mut app, lobby) = lobby_desk(Lang::En);
    press(&mut app, KeyCode::Char('E'));
    let s = screen(&app, 120, 40);
    let people: u32 = lobby.inside.iter().map(|v| v.party).sum();
    assert!(
        one_line(&s).contains(&format!(
            "{people} people inside ({} visits)",
            lobby.inside.len()
        )),
        "{s}"
    );
    for v in &lobby.inside {
        let row = s
            .lines()
            .find(|l| l.contains(v.badge.as_deref().unwrap()))
            .unwrap_or_else(|| panic!("{} missing: {s}", v.name));
        assert!(row.contains(&v.host_room.to_string()), "{row}");
    }
    // Rows of the page, not of the list behind it.
    let rows = s
        .lines()
        .filter(|l| l.contains(" L-") && l.contains('│'))
        .count();
    assert_eq!(rows, lobby.inside.len(), "{s}");
    assert!(one_line(&s).contains("frontdesk export evacuation"), "{s}");
}

#[test]
fn a_supervisor_adds_an_occupant_who_can_then_be_visited() {
    let (mut app, _) = lobby_desk(Lang::En);
    press(&mut app, KeyCode::Char('u'));
    app.tick();
    press(&mut app, KeyCode::Enter); // the cursor on the first line, (add an occupant)
    press(&mut app, KeyCode::Enter); // chosen
    typed(&mut app, "B座");
    tab(&mut app, 2);
    typed(&mut app, "1001");
    tab(&mut app, 1);
    typed(&mut app, "青山设计有限公司");
    tab(&mut app, 1);
    typed(&mut app, "1380000111");
    tab(&mut app, 1); // kind
    press(&mut app, KeyCode::Down); // the first, a company
    tab(&mut app, 2); // the supervisor 陈经理; the PIN
    typed(&mut app, demo::DEMO_PIN);
    press(&mut app, KeyCode::Enter);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("\"1380000111\" is not a mobile"),
        "the phone is named: {s}"
    );
    // The cursor is back on the phones, everything typed kept.
    typed(&mut app, "1");
    save(&mut app);
    let s = one_line(&screen(&app, 80, 24));
    assert!(
        s.contains("Added to the directory: B座 1001 青山设计有限公司"),
        "{s}"
    );
    press(&mut app, KeyCode::Char('i'));
    type_slowly(&mut app, "qssj");
    let s = one_line(&screen(&app, 80, 24));
    assert!(s.contains("Tell the visitor: B座 1001"), "{s}");
}

#[test]
fn desk_1_the_tabs_follow_the_desks_the_office_runs_and_change_at_once() {
    let mut app = common::fresh(Lang::En);
    typed(&mut app, "大堂前台");
    for text in ["陈经理", "2468", "2468"] {
        press(&mut app, KeyCode::Tab);
        typed(&mut app, text);
    }
    tab(&mut app, 3); // rules, time zone, desks
    press(&mut app, KeyCode::Down); // the building lobby
    save(&mut app);
    let s = screen(&app, 120, 40);
    let header = s.lines().next().unwrap();
    assert!(
        header.contains("1 Lobby  2 Complaints  3 Handover  4 Staff"),
        "{header}"
    );
    assert!(!header.contains("Rotation"), "{header}");
    press(&mut app, KeyCode::Char('1'));
    app.tick();
    assert!(one_line(&screen(&app, 80, 24)).contains("Nobody is inside"));
    press(&mut app, KeyCode::Char('5'));
    assert!(
        one_line(&screen(&app, 80, 24)).contains("Nobody is inside"),
        "no tab 5"
    );
    press(&mut app, KeyCode::Tab);
    app.tick();
    assert!(
        screen(&app, 80, 24).contains("complaints"),
        "Tab goes to the complaints"
    );
    press(&mut app, KeyCode::Tab);
    app.tick();
    assert!(
        screen(&app, 80, 24).contains("Shift log"),
        "then the handover"
    );
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app, 80, 24).contains("Role"), "then the staff");
    press(&mut app, KeyCode::Tab);
    assert!(
        one_line(&screen(&app, 80, 24)).contains("Nobody is inside"),
        "and wraps"
    );
    press(&mut app, KeyCode::Char('?'));
    assert!(
        one_line(&screen(&app, 120, 40)).contains("1 Lobby · 2 Complaints · 3 Handover · 4 Staff"),
        "the help numbers the tabs this office shows"
    );
    press(&mut app, KeyCode::Esc);
    // The supervisor turns the sales desk on as well: every tab shows at once.
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('O'));
    tab(&mut app, 5); // helper, who needs a PIN, time zone, sources, desks
    press(&mut app, KeyCode::Down); // both
    // closing hour, backup folder, backups kept, head office address and name there,
    // evacuation printer and folder, supervisor, PIN
    tab(&mut app, 9);
    typed(&mut app, "2468");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    let header = s.lines().next().unwrap();
    assert!(
        header.contains(
            "1 Rotation  2 Registers  3 Deals  4 Figures  5 Lobby  6 Complaints  7 Handover  8 Staff"
        ),
        "{header}"
    );
    assert!(
        screen(&app, 80, 24).contains("Role"),
        "still on the staff tab"
    );
}

#[test]
fn a_sales_office_shows_no_lobby_tab() {
    let mut app = common::fresh(Lang::En);
    common::set_up(&mut app);
    let s = screen(&app, 120, 40);
    let header = s.lines().next().unwrap();
    assert!(
        header.contains("1 Rotation  2 Registers  3 Deals  4 Figures  5 Handover  6 Staff"),
        "{header}"
    );
    assert!(!header.contains("Lobby"), "{header}");
}

#[test]
fn the_lobby_tab_its_forms_and_the_evacuation_page_draw_at_any_size_without_panicking() {
    let (mut app, _) = lobby_desk(Lang::Zh);
    let sizes = [(10, 3), (20, 5), (40, 12), (60, 18), (80, 24), (200, 60)];
    for (w, h) in sizes {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Char('i'));
    type_slowly(&mut app, "lh");
    for (w, h) in sizes {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('E'));
    for (w, h) in sizes {
        screen(&app, w, h);
    }
}

#[test]
fn the_lobby_footer_at_80_columns_reaches_the_evacuation_list_and_the_parcels_in_both_languages() {
    for (lang, evacuation, parcels, help) in [
        (Lang::Zh, "E 疏散名单", "p 快递", "? 帮助"),
        (Lang::En, "E evacuation", "p parcels", "? help"),
    ] {
        let (app, _) = lobby_desk(lang);
        let s = screen(&app, 80, 24);
        let footer = s.lines().last().unwrap();
        for shown in [evacuation, "/ ", parcels, help] {
            assert!(footer.contains(shown), "{shown:?} in {footer:?}");
        }
        // The rare keys are on the help page, from the same key table.
        assert!(!footer.contains("x "), "{footer}");
    }
}

#[test]
fn snapshot_lobby_tab_visitor_in_form_and_evacuation_page_80x24() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut app, _) = lobby_desk(lang);
        insta::assert_snapshot!(format!("lobby_tab_{lang:?}"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Char('i'));
        type_slowly(&mut app, "lhkj");
        tab(&mut app, 1);
        app.tick();
        typed(&mut app, "周先生");
        insta::assert_snapshot!(format!("visitor_in_form_{lang:?}"), screen(&app, 80, 24));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('E'));
        insta::assert_snapshot!(format!("evacuation_page_{lang:?}"), screen(&app, 80, 24));
    }
}
