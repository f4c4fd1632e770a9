//! Pane-level key tests for every pane (issue 15 §1): a key fed to a pane, and the action it
//! asks of the shell — the form it opens, the command it runs — asserted without a terminal,
//! as atuin tests its key handling.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::Form;
use super::keys::{Entry, Meaning, key_name};
use super::pane::{Action, Pane, PaneId, View};
use super::purpose::Purpose;
use super::shared::Shared;
use super::{handover, lobby, rotation, staff};
use crate::domain::complaint::{
    Category, Channel, ComplaintEvent, ComplaintForm, Nature, RepairForm, Urgency,
    validate_complaint, validate_repair,
};
use crate::domain::handover::{LogEntryForm, Priority, validate_log_entry};
use crate::domain::lobby::{LobbyVisitForm, OccupantForm, validate_lobby_visit, validate_occupant};
use crate::domain::rotation::Command;
use crate::domain::settings::{DeskKinds, OfficeSettings};
use crate::domain::staff::{Role, Staff};
use crate::i18n::Lang;
use crate::store::Store;
use crate::ui::purpose::OwnPurpose;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use strum::IntoEnumIterator;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

/// An office running both desks, signed in as its supervisor, with two salespeople.
struct Desk {
    store: std::cell::RefCell<Store>,
    shared: Shared,
    boss: Staff,
}

impl Desk {
    fn new() -> Desk {
        let mut store = Store::open_in_memory().unwrap();
        let settings = OfficeSettings::default().with_desks(DeskKinds::Both);
        let boss = store
            .set_up_office("西堤国际", "陈经理", "2468", "2468", &settings, now())
            .unwrap();
        let approval = store.approve(None, boss, "2468", now()).unwrap();
        for name in ["王芳", "李娜"] {
            store
                .add_staff(boss, approval, name, Role::Salesperson, None, now())
                .unwrap();
        }
        let shared = Shared::load(&store, now()).unwrap();
        let boss = shared.staff.iter().find(|s| s.id == boss).unwrap().clone();
        Desk {
            store: std::cell::RefCell::new(store),
            shared,
            boss,
        }
    }

    /// 王芳 checks in, and the pane reads the day again.
    fn check_in(&self, pane: &mut Box<dyn Pane>) {
        let wang = self
            .shared
            .staff
            .iter()
            .find(|s| s.name == "王芳")
            .unwrap()
            .id;
        let day = self.shared.day;
        let mut store = self.store.borrow_mut();
        store
            .rotate(self.boss.id, None, day, now(), &Command::CheckIn(wang))
            .unwrap();
        pane.refresh(&store, &self.shared).unwrap();
    }

    fn view(&self) -> View<'_> {
        View::live(&self.shared, Lang::En, now(), &self.boss)
    }

    /// `key` fed to a fresh pane `id`.
    fn press(&self, id: PaneId, key: KeyCode) -> Option<Action> {
        let mut pane = id.create();
        pane.handle_key(&KeyEvent::new(key, KeyModifiers::NONE), &self.view())
    }
}

fn opened(action: Option<Action>) -> Form {
    match action {
        Some(Action::Open(form)) => form,
        _ => panic!("a form was expected"),
    }
}

fn command(action: Option<Action>) -> Purpose {
    match action {
        Some(Action::Command(purpose)) => purpose,
        _ => panic!("a command was expected"),
    }
}

#[test]
fn rotation_n_says_why_with_nobody_in_runs_at_once_otherwise_and_d_asks_whom() {
    let desk = Desk::new();
    let mut pane = PaneId::Rotation.create();
    let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
    assert!(matches!(
        pane.handle_key(&n, &desk.view()),
        Some(Action::Error(_))
    ));
    desk.check_in(&mut pane);
    let walk_in = command(pane.handle_key(&n, &desk.view()));
    assert!(matches!(
        rotation::Purpose::of(&walk_in),
        Some(rotation::Purpose::Run(Command::WalkIn))
    ));
    let form = opened(desk.press(PaneId::Rotation, KeyCode::Char('d')));
    assert!(matches!(
        form.purpose::<rotation::Purpose>(),
        Some(rotation::Purpose::Designated(_))
    ));
    assert_eq!(
        form.purpose::<lobby::Purpose>(),
        None,
        "never another pane's"
    );
}

#[test]
fn lobby_i_opens_the_visitor_in_form_with_its_host_list() {
    let desk = Desk::new();
    let form = opened(desk.press(PaneId::Lobby, KeyCode::Char('i')));
    assert!(matches!(
        form.purpose::<lobby::Purpose>(),
        Some(lobby::Purpose::In { .. })
    ));
}

#[test]
fn handover_l_opens_the_shift_log_entry_with_normal_shown_as_chosen() {
    let desk = Desk::new();
    let form = opened(desk.press(PaneId::Handover, KeyCode::Char('l')));
    let Some(handover::Purpose::Log { priority }) = form.purpose::<handover::Purpose>() else {
        panic!("the shift log's form");
    };
    assert_eq!(
        form.chosen(&priority),
        Some(crate::domain::handover::Priority::Normal),
        "chosen where the clerk sees it, not defaulted behind their back"
    );
}

#[test]
fn staff_n_opens_adding_someone_with_the_supervisor_preselected() {
    let desk = Desk::new();
    let form = opened(desk.press(PaneId::Staff, KeyCode::Char('n')));
    let Some(staff::Purpose::Add { supervisor, .. }) = form.purpose::<staff::Purpose>() else {
        panic!("the add form");
    };
    assert_eq!(form.chosen(&supervisor), Some(desk.boss.id));
}

#[test]
fn complaints_n_opens_the_guided_intake_and_registers_v_the_visit_form() {
    let desk = Desk::new();
    let intake = opened(desk.press(PaneId::Complaints, KeyCode::Char('n')));
    assert!(intake.purpose::<super::complaints::Purpose>().is_some());
    let visit = opened(desk.press(PaneId::Registers, KeyCode::Char('v')));
    assert!(matches!(
        visit.purpose::<super::registers::forms::Purpose>(),
        Some(super::registers::forms::Purpose::Visit {
            reception: None,
            ..
        })
    ));
}

#[test]
fn a_digit_or_a_global_key_is_left_to_the_shell_on_every_pane() {
    let desk = Desk::new();
    for id in PaneId::shown_for(DeskKinds::Both) {
        for key in [KeyCode::Char('3'), KeyCode::Char('q'), KeyCode::F(2)] {
            assert!(
                desk.press(id, key).is_none(),
                "{id} took {key:?}, which is the shell's"
            );
        }
    }
}

#[test]
fn a_write_key_on_a_full_disk_says_the_disk_is_full_on_every_pane_not_read_only() {
    let mut desk = Desk::new();
    desk.shared.read_only = true;
    let said = |desk: &Desk, id, c| match desk.press(id, KeyCode::Char(c)) {
        Some(Action::Error(said)) => said.text(Lang::En),
        _ => panic!("{id:?} {c}: an error was expected"),
    };
    let keys = [
        (PaneId::Lobby, 'i'),
        (PaneId::Registers, 'v'),
        (PaneId::Deals, 'n'),
        (PaneId::Complaints, 'n'),
        (PaneId::Handover, 'l'),
    ];
    for (id, c) in keys {
        assert!(
            said(&desk, id, c).to_lowercase().contains("read-only"),
            "{id:?}"
        );
    }
    desk.shared.disk_full = true;
    for (id, c) in keys {
        let text = said(&desk, id, c);
        assert!(text.contains("disk is full"), "{id:?}: {text}");
    }
}

/// Every key table of the console: each pane's, its record's and typing modes', and the
/// shell's own.
fn every_key_table() -> Vec<(&'static str, Vec<Entry>)> {
    let mut tables = vec![("global", super::app::global_key_table())];
    for pane in [
        rotation::key_tables(),
        super::registers::key_tables(),
        super::deals::key_tables(),
        super::figures::key_tables(),
        lobby::key_tables(),
        super::complaints::key_tables(),
        handover::key_tables(),
        staff::key_tables(),
    ] {
        tables.extend(pane);
    }
    tables
}

#[test]
fn each_meaning_is_one_key_on_every_tab_and_no_key_means_two_things() {
    let tables = every_key_table();
    for meaning in Meaning::iter() {
        let keys: std::collections::BTreeSet<String> = tables
            .iter()
            .flat_map(|(_, table)| table.iter())
            .filter(|e| e.meaning == Some(meaning))
            .map(|e| key_name(e.code))
            .collect();
        assert!(keys.len() <= 1, "{meaning:?} is bound to {keys:?}");
    }
    for (name, table) in &tables {
        let mut seen: Vec<KeyCode> = Vec::new();
        for entry in table {
            assert!(
                !seen.contains(&entry.code),
                "{name}: {} means two things",
                key_name(entry.code)
            );
            seen.push(entry.code);
            // A vocabulary key means its meaning wherever it is bound: `x` never voids a
            // turn on one tab while it corrects on another.
            assert_eq!(
                entry.meaning,
                Meaning::of(entry.code),
                "{name}: {} ({}) is the key of {:?}",
                key_name(entry.code),
                entry.label.en,
                Meaning::of(entry.code)
            );
        }
    }
}

#[test]
fn the_vocabulary_is_offered_where_a_clerk_expects_it() {
    let tables = every_key_table();
    let offers = |name: &str, meaning: Meaning| {
        tables
            .iter()
            .any(|(n, t)| *n == name && t.iter().any(|e| e.meaning == Some(meaning)))
    };
    for name in [
        "lobby",
        "complaints",
        "handover",
        "staff",
        "registers",
        "deals",
    ] {
        assert!(offers(name, Meaning::Filter), "{name} has no /");
    }
    for name in ["complaints", "handover", "registers", "deals"] {
        assert!(offers(name, Meaning::Open), "{name} opens with another key");
    }
    for name in ["lobby", "handover", "register record", "deal record"] {
        assert!(
            offers(name, Meaning::Correct),
            "{name} corrects with another key"
        );
    }
    // The supervisor's rare acts sit on capitals, which habit does not hit.
    let key_of = |name: &str, label: &str| {
        tables
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, t)| t.iter().find(|e| e.label.en == label))
            .map(|e| key_name(e.code))
    };
    assert_eq!(key_of("rotation", "rejected").as_deref(), Some("X"));
    assert_eq!(key_of("staff", "office rules").as_deref(), Some("O"));
}

/// What pane `pane` draws at 80×20, as text.
fn screen(pane: &dyn Pane, view: &View) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 20)).unwrap();
    terminal
        .draw(|frame| pane.render(frame, frame.area(), view))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            // A wide character's second cell is padding, not a space between characters.
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `/`, then `text` typed, each key followed by the pane's answer as the shell does.
fn filter_by(desk: &Desk, pane: &mut Box<dyn Pane>, text: &str) {
    let view = desk.view();
    for c in std::iter::once('/').chain(text.chars()) {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert!(matches!(
            pane.handle_key(&key, &view),
            Some(Action::Handled)
        ));
        pane.answer(&desk.store.borrow(), &view, None).unwrap();
    }
}

fn esc(desk: &Desk, pane: &mut Box<dyn Pane>) {
    let view = desk.view();
    let key = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    assert!(matches!(
        pane.handle_key(&key, &view),
        Some(Action::Handled)
    ));
    pane.answer(&desk.store.borrow(), &view, None).unwrap();
}

/// The pane read as the shell reads it: refreshed, answered, ticked.
fn loaded(desk: &Desk, id: PaneId) -> Box<dyn Pane> {
    let mut pane = id.create();
    let store = desk.store.borrow();
    pane.refresh(&store, &desk.shared).unwrap();
    pane.answer(&store, &desk.view(), None).unwrap();
    pane.tick(&store, &desk.view(), None).unwrap();
    pane.answer(&store, &desk.view(), None).unwrap();
    pane
}

impl Desk {
    /// 王芳 of 3-2-1203 visited by 张伟 (badge A-07), 李娜 of 3-2-1204 by 赵敏.
    fn two_visitors_inside(&self) {
        let mut store = self.store.borrow_mut();
        let approval = store.approve(None, self.boss.id, "2468", now()).unwrap();
        for (room, host, visitor, badge) in [
            ("1203", "王芳", "张伟", "A-07"),
            ("1204", "李娜", "赵敏", "B-02"),
        ] {
            let occupant = validate_occupant(&OccupantForm {
                building: "3号楼".into(),
                unit: "2单元".into(),
                room: room.into(),
                name: host.into(),
                phones: String::new(),
                kind: String::new(),
            })
            .unwrap();
            let host = store
                .add_occupant(self.boss.id, approval, &occupant, now())
                .unwrap();
            let visit = validate_lobby_visit(&LobbyVisitForm {
                name: visitor.into(),
                host: Some(host),
                purpose: "拜访".into(),
                party: "1".into(),
                badge: badge.into(),
                plate: String::new(),
            })
            .unwrap();
            store.visitor_in(self.boss.id, &visit, now()).unwrap();
        }
    }
}

#[test]
fn lobby_slash_filters_the_inside_now_list_by_pinyin_initials_room_or_badge() {
    let desk = Desk::new();
    desk.two_visitors_inside();
    let mut pane = loaded(&desk, PaneId::Lobby);
    let view = desk.view();
    assert!(screen(pane.as_ref(), &view).contains("赵敏"));
    filter_by(&desk, &mut pane, "zw");
    let shown = screen(pane.as_ref(), &view);
    assert!(shown.contains("张伟") && !shown.contains("赵敏"), "{shown}");
    assert_eq!(pane.hints()[0].key, "/zw▏", "the footer shows the filter");
    esc(&desk, &mut pane);
    let shown = screen(pane.as_ref(), &view);
    assert!(
        shown.contains("张伟") && shown.contains("赵敏"),
        "Esc clears"
    );
    for by in ["1204", "b-02"] {
        filter_by(&desk, &mut pane, by);
        let shown = screen(pane.as_ref(), &view);
        assert!(
            !shown.contains("张伟") && shown.contains("赵敏"),
            "{by}: {shown}"
        );
        esc(&desk, &mut pane);
    }
}

#[test]
fn lobby_enter_keeps_the_filter_and_o_signs_out_the_visitor_it_found() {
    let desk = Desk::new();
    desk.two_visitors_inside();
    let mut pane = loaded(&desk, PaneId::Lobby);
    filter_by(&desk, &mut pane, "zm");
    let view = desk.view();
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(
        pane.handle_key(&enter, &view),
        Some(Action::Handled)
    ));
    let o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE);
    let out = command(pane.handle_key(&o, &view));
    let inside = desk.store.borrow().inside_now(now()).unwrap();
    let zhao = inside.iter().find(|v| v.name == "赵敏").unwrap().visit;
    assert!(matches!(
        lobby::Purpose::of(&out),
        Some(lobby::Purpose::Out(v)) if *v == zhao
    ));
}

#[test]
fn complaints_slash_filters_by_room_complainant_or_kind_in_either_language() {
    let desk = Desk::new();
    {
        let mut store = desk.store.borrow_mut();
        for (customer, unit, what) in [
            ("李娜", "3-2-1204", "空调不制冷"),
            ("王芳", "5-1-0801", "水管漏水"),
        ] {
            let repair = validate_repair(&RepairForm {
                customer: customer.into(),
                phone: "13900139000".into(),
                occupant: None,
                unit: unit.into(),
                what: what.into(),
                appointment: String::new(),
                urgency: Some(Urgency::Normal),
            })
            .unwrap();
            store.file_repair(desk.boss.id, &repair, now()).unwrap();
        }
    }
    assert_eq!(desk.store.borrow().open_work(now(), 10).unwrap().len(), 2);
    let mut pane = loaded(&desk, PaneId::Complaints);
    let view = desk.view();
    let shown = screen(pane.as_ref(), &view);
    assert!(shown.contains("空调") && shown.contains("水管"), "{shown}");
    filter_by(&desk, &mut pane, "wf");
    let shown = screen(pane.as_ref(), &view);
    assert!(shown.contains("水管") && !shown.contains("空调"), "{shown}");
    esc(&desk, &mut pane);
    filter_by(&desk, &mut pane, "1204");
    let shown = screen(pane.as_ref(), &view);
    assert!(!shown.contains("水管") && shown.contains("空调"), "{shown}");
    esc(&desk, &mut pane);
    filter_by(&desk, &mut pane, "repair");
    let shown = screen(pane.as_ref(), &view);
    assert!(shown.contains("水管") && shown.contains("空调"), "{shown}");
    esc(&desk, &mut pane);
    filter_by(&desk, &mut pane, "complaint");
    let shown = screen(pane.as_ref(), &view);
    assert!(
        !shown.contains("水管") && !shown.contains("空调"),
        "{shown}"
    );
}

/// What the complaints pane draws in `lang` at 80 columns.
fn complaints_screen(desk: &Desk, pane: &dyn Pane, lang: Lang) -> String {
    let view = View {
        lang,
        ..desk.view()
    };
    screen(pane, &view)
}

#[test]
fn cmp_4_complaints_slash_filters_by_category_in_chinese_english_or_pinyin_initials() {
    let desk = Desk::new();
    {
        let mut store = desk.store.borrow_mut();
        // A leak given its category at intake; a noise complaint whose category came with
        // its nature; a repair, which has none.
        for (unit, what, category) in [
            ("3-2-1204", "楼上漏水", Category::Water),
            ("5-1-0801", "楼道堆满杂物", Category::Sanitation),
        ] {
            let complaint = validate_complaint(&ComplaintForm {
                complainant: "王芳".into(),
                title: None,
                company: String::new(),
                occupant: None,
                unit: unit.into(),
                phone: "13800138000".into(),
                what_happened: what.into(),
                when_happened: "昨晚".into(),
                channel: Some(Channel::Phone),
                about_staff: false,
                witnesses: String::new(),
                evidence: String::new(),
                answered_on_spot: false,
                category: (category == Category::Water).then_some(category),
                conversation: Vec::new(),
            })
            .unwrap();
            let id = store
                .file_complaint(desk.boss.id, &complaint, now())
                .unwrap();
            if category == Category::Sanitation {
                let nature = ComplaintEvent::DetermineNature {
                    nature: Nature::General,
                    category,
                    department: "保洁部".into(),
                };
                store
                    .complaint_step(desk.boss.id, id, &nature, None, now())
                    .unwrap();
            }
        }
        let repair = validate_repair(&RepairForm {
            customer: "李娜".into(),
            phone: "13900139000".into(),
            occupant: None,
            unit: "3-2-1205".into(),
            what: "空调不制冷".into(),
            appointment: String::new(),
            urgency: Some(Urgency::Normal),
        })
        .unwrap();
        store.file_repair(desk.boss.id, &repair, now()).unwrap();
    }
    let mut pane = loaded(&desk, PaneId::Complaints);
    // Shown in its own column at 80 columns, in either language.
    let zh = complaints_screen(&desk, pane.as_ref(), Lang::Zh);
    assert!(
        zh.contains("类别") && zh.contains("供水") && zh.contains("卫生"),
        "{zh}"
    );
    let en = complaints_screen(&desk, pane.as_ref(), Lang::En);
    assert!(
        en.contains("Category") && en.contains("water") && en.contains("hygiene"),
        "{en}"
    );
    // In Chinese, by its whole name or the column's word; in English; by pinyin initials.
    for (by, lang) in [
        ("供水", Lang::Zh),
        ("water supply", Lang::En),
        ("WATER", Lang::Zh),
        ("gs", Lang::En),
    ] {
        filter_by(&desk, &mut pane, by);
        let shown = complaints_screen(&desk, pane.as_ref(), lang);
        assert!(
            shown.contains("漏水") && !shown.contains("杂物") && !shown.contains("空调"),
            "{by}: {shown}"
        );
        esc(&desk, &mut pane);
    }
    for by in ["环境卫生", "sanitation", "hjws", "ws"] {
        filter_by(&desk, &mut pane, by);
        let shown = complaints_screen(&desk, pane.as_ref(), Lang::En);
        assert!(
            shown.contains("杂物") && !shown.contains("漏水") && !shown.contains("空调"),
            "{by}: {shown}"
        );
        esc(&desk, &mut pane);
    }
    // Esc cleared the last: every row again.
    let shown = complaints_screen(&desk, pane.as_ref(), Lang::En);
    assert!(
        shown.contains("漏水") && shown.contains("杂物") && shown.contains("空调"),
        "{shown}"
    );
}

#[test]
fn handover_slash_filters_the_shift_log_by_text_or_tag() {
    let desk = Desk::new();
    {
        let mut store = desk.store.borrow_mut();
        for (text, tag) in [("3号楼电梯停用", "电梯"), ("快递柜钥匙交给保安", "钥匙")]
        {
            let draft = validate_log_entry(&LogEntryForm {
                priority: Priority::Normal,
                tags: vec![tag.into()],
                text: text.into(),
            })
            .unwrap();
            store.log_entry(desk.boss.id, &draft, now()).unwrap();
        }
    }
    let mut pane = loaded(&desk, PaneId::Handover);
    let view = desk.view();
    let shown = screen(pane.as_ref(), &view);
    assert!(
        shown.contains("电梯停用") && shown.contains("快递柜"),
        "{shown}"
    );
    assert!(
        shown.contains("Shift log 2") && !shown.contains("found"),
        "{shown}"
    );
    filter_by(&desk, &mut pane, "ys");
    let shown = screen(pane.as_ref(), &view);
    assert!(
        shown.contains("快递柜") && !shown.contains("电梯停用"),
        "{shown}"
    );
    assert!(
        shown.contains("Shift log 2 (1 found)"),
        "the heading says how many the filter kept: {shown}"
    );
    esc(&desk, &mut pane);
    filter_by(&desk, &mut pane, "电梯");
    let shown = screen(pane.as_ref(), &view);
    assert!(
        !shown.contains("快递柜") && shown.contains("电梯停用"),
        "{shown}"
    );
}

#[test]
fn staff_slash_filters_the_staff_list_by_pinyin_initials_or_role() {
    let desk = Desk::new();
    let mut pane = loaded(&desk, PaneId::Staff);
    let view = desk.view();
    filter_by(&desk, &mut pane, "ln");
    let shown = screen(pane.as_ref(), &view);
    assert!(shown.contains("李娜") && !shown.contains("王芳"), "{shown}");
    esc(&desk, &mut pane);
    filter_by(&desk, &mut pane, "supervisor");
    let shown = screen(pane.as_ref(), &view);
    assert!(
        shown.contains("陈经理") && !shown.contains("李娜"),
        "{shown}"
    );
}

#[test]
fn registers_and_deals_slash_opens_their_own_search() {
    let desk = Desk::new();
    for id in [PaneId::Registers, PaneId::Deals] {
        let mut pane = loaded(&desk, id);
        let view = desk.view();
        let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
        assert!(pane.handle_key(&slash, &view).is_some(), "{id}");
        // Typing now goes into the search box, not to the tab's keys.
        let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert!(
            !matches!(pane.handle_key(&n, &view), Some(Action::Open(_))),
            "{id}: n opened a form while typing a search"
        );
    }
}
