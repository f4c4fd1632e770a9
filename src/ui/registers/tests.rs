//! Pane-level tests of the registers: keys fed to the pane, what it then holds and does.

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{PAGE, RegistersPane};
use crate::domain::register::{CustomerName, Phone, VisitRegistration};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::i18n::Lang;
use crate::store::Store;
use crate::ui::pane::{Pane, View};
use crate::ui::shared::Shared;

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
}

/// An office with a clerk (signed in) and two salespeople.
pub(super) struct Desk {
    pub store: Store,
    pub shared: Shared,
    pub clerk: Staff,
    pub sales: Vec<StaffId>,
}

impl Desk {
    pub fn new() -> Desk {
        let mut store = Store::open_in_memory().unwrap();
        let boss = store
            .set_up_office(
                "西堤国际售楼处",
                "陈经理",
                "2468",
                "2468",
                &OfficeSettings::default(),
                now(),
            )
            .unwrap();
        let approval = store.approve(None, boss, "2468", now()).unwrap();
        let clerk = store
            .add_staff(boss, approval, "前台小刘", Role::Clerk, None, now())
            .unwrap();
        let sales = ["王芳", "李娜"]
            .map(|name| {
                store
                    .add_staff(boss, approval, name, Role::Salesperson, None, now())
                    .unwrap()
            })
            .to_vec();
        let clerk = store
            .staff()
            .unwrap()
            .into_iter()
            .find(|s| s.id == clerk)
            .unwrap();
        let shared = Shared::load(&store, now()).unwrap();
        Desk {
            store,
            shared,
            clerk,
            sales,
        }
    }

    pub fn view(&self, lang: Lang) -> View<'_> {
        View {
            shared: &self.shared,
            lang,
            now: now(),
            operator: &self.clerk,
        }
    }

    /// A visit `minutes` before now, received by the first salesperson.
    pub fn visit(&self, minutes: i64, name: &str, phone: &str) {
        let at = now() - Duration::minutes(minutes);
        let v = VisitRegistration {
            visited_at: at,
            name: Some(CustomerName::parse(name).unwrap()),
            phone: Some(Phone::parse(phone).unwrap()),
            work_unit: None,
            intent: None,
            source: None,
            salesperson: self.sales[0],
            car_brand: None,
            plate: None,
            party: None,
            class: None,
            notes: None,
        };
        self.store
            .register_visit(self.clerk.id, &v, None, now())
            .unwrap();
    }
}

pub(super) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Feeds `text` to the pane one key at a time.
fn type_in(pane: &mut RegistersPane, text: &str, view: &View) {
    for c in text.chars() {
        pane.handle_key(&key(KeyCode::Char(c)), view);
    }
}

/// Lets the pane answer what it was asked (the query runs on the tick today).
fn settle(pane: &mut RegistersPane, desk: &Desk, view: &View) {
    pane.tick(&desk.store, view, None).unwrap();
}

#[test]
fn a_new_query_typed_while_the_list_is_on_page_two_starts_at_page_one() {
    let desk = Desk::new();
    for i in 0..(PAGE as i64 + 10) {
        desk.visit(i + 1, "王先生", &format!("1380000{i:04}"));
    }
    desk.visit(500, "赵敏", "13911112222");
    let view = desk.view(Lang::En);
    let mut pane = RegistersPane::default();
    pane.handle_key(&key(KeyCode::Char('/')), &view);
    type_in(&mut pane, "王", &view);
    settle(&mut pane, &desk, &view);
    assert_eq!(pane.results.len(), PAGE);
    pane.handle_key(&key(KeyCode::PageDown), &view);
    settle(&mut pane, &desk, &view);
    assert_eq!(pane.offset, PAGE, "on page two");
    assert_eq!(pane.results.len(), 10);
    // A new query: 赵敏 alone, who would be "not found" on page two.
    pane.handle_key(&key(KeyCode::Backspace), &view);
    type_in(&mut pane, "2222", &view);
    assert_eq!(pane.offset, 0, "the new query starts at page one");
    settle(&mut pane, &desk, &view);
    assert_eq!(pane.results.len(), 1);
    assert_eq!(
        pane.results[0].name.as_ref().map(CustomerName::as_str),
        Some("赵敏")
    );
    // So does a pasted query.
    for _ in 0..4 {
        pane.handle_key(&key(KeyCode::Backspace), &view);
    }
    type_in(&mut pane, "王", &view);
    settle(&mut pane, &desk, &view);
    pane.handle_key(&key(KeyCode::PageDown), &view);
    settle(&mut pane, &desk, &view);
    assert_eq!(pane.offset, PAGE);
    pane.paste("先");
    assert_eq!(pane.offset, 0, "a pasted query starts at page one too");
    assert_eq!(pane.selected, 0);
}
