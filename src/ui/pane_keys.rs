//! Pane-level key tests for every pane (issue 15 §1): a key fed to a pane, and the action it
//! asks of the shell — the form it opens, the command it runs — asserted without a terminal,
//! as atuin tests its key handling.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::Form;
use super::pane::{Action, Pane, PaneId, View};
use super::purpose::Purpose;
use super::shared::Shared;
use super::{handover, lobby, rotation, staff};
use crate::domain::rotation::Command;
use crate::domain::settings::{DeskKinds, OfficeSettings};
use crate::domain::staff::{Role, Staff};
use crate::i18n::Lang;
use crate::store::Store;
use crate::ui::purpose::OwnPurpose;

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
        View {
            shared: &self.shared,
            lang: Lang::En,
            now: now(),
            operator: &self.boss,
        }
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
fn staff_a_opens_adding_someone_with_the_supervisor_preselected() {
    let desk = Desk::new();
    let form = opened(desk.press(PaneId::Staff, KeyCode::Char('a')));
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
