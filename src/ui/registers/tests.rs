//! Pane-level tests of the registers: keys fed to the pane, what it then holds and does.

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::text::Reg;
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
        View::live(&self.shared, lang, now(), &self.clerk)
    }

    /// A visit `minutes` before now, received by the first salesperson.
    pub fn visit(&mut self, minutes: i64, name: &str, phone: &str) {
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

/// Lets the pane answer what it was asked, as the shell does after every key.
fn settle(pane: &mut RegistersPane, desk: &Desk, view: &View) {
    pane.answer(&desk.store, view, None).unwrap();
}

#[test]
fn a_new_query_typed_while_the_list_is_on_page_two_starts_at_page_one() {
    let mut desk = Desk::new();
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

/// The pane as drawn at 80×24, its rows joined.
fn drawn(pane: &RegistersPane, view: &View) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| pane.draw(f, f.area(), view)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..24 {
        // A wide character's second cell is skipped, so Chinese reads as typed.
        let mut covered = 0;
        for x in 0..80 {
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// Issue 18: `+86` being typed and a sign alone are not searched; the pane says what to
/// type, keeps what was typed, and searches once there is enough.
#[test]
fn reg_1_a_refused_query_says_what_to_type_and_keeps_the_box() {
    let mut desk = Desk::new();
    desk.visit(5, "赵敏", "13911112222");
    for lang in [Lang::En, Lang::Zh] {
        let view = desk.view(lang);
        let mut pane = RegistersPane::default();
        pane.handle_key(&key(KeyCode::Char('/')), &view);
        type_in(&mut pane, "+8613", &view);
        settle(&mut pane, &desk, &view);
        assert!(pane.results.is_empty());
        let screen = drawn(&pane, &view);
        assert!(screen.contains("+8613"), "{screen}");
        let said = Reg::RefusedPhoneTooShort.text(lang);
        assert!(screen.contains(said), "{screen}");
        type_in(&mut pane, "911", &view);
        settle(&mut pane, &desk, &view);
        assert_eq!(pane.results.len(), 1, "+86 13911 finds 赵敏");
        assert!(!drawn(&pane, &view).contains(said));
        pane.query.clear();
        type_in(&mut pane, "@", &view);
        settle(&mut pane, &desk, &view);
        let screen = drawn(&pane, &view);
        assert!(screen.contains("@"), "{screen}");
        assert!(
            screen.contains(Reg::RefusedNoLetterOrDigit.text(lang)),
            "{screen}"
        );
    }
}

mod offers {
    use super::*;
    use crate::domain::register::Plate;
    use crate::ui::context::Context;
    use crate::ui::form::{self, Form, Pick, Refusal};
    use crate::ui::registers::forms::{self, Offer, Purpose};

    /// The visit form's list of what the register knows.
    fn known(form: &Form) -> Pick<Offer> {
        match form.purpose::<Purpose>() {
            Some(Purpose::Visit { lists, .. }) => lists.known,
            _ => panic!("a visit form"),
        }
    }

    /// 李晓明 registered 12 days ago by phone, with his plate, car and work unit.
    fn desk_with_li() -> Desk {
        let mut desk = Desk::new();
        let at = now() - Duration::days(12);
        let v = VisitRegistration {
            visited_at: at,
            name: Some(CustomerName::parse("李晓明").unwrap()),
            phone: Some(Phone::parse("13912345678").unwrap()),
            work_unit: Some("蓝海科技".into()),
            intent: None,
            source: None,
            salesperson: desk.sales[0],
            car_brand: Some("大众".into()),
            plate: Some(Plate::parse("粤B12345").unwrap()),
            party: None,
            class: None,
            notes: None,
        };
        desk.store
            .register_visit(desk.clerk.id, &v, None, at)
            .unwrap();
        desk
    }

    fn type_into(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    /// The visit form from the registers tab with `phone` typed and 王芳 chosen, watched.
    fn form_with_phone(desk: &Desk, name: &str, phone: &str) -> Form {
        let view = desk.view(Lang::En);
        let mut form = forms::visit(&view, None, Some(desk.sales[0]));
        type_into(&mut form, name);
        form.handle_key(key(KeyCode::Tab));
        type_into(&mut form, phone);
        forms::watch(&mut form, &desk.store, &view).unwrap();
        form
    }

    fn submit(desk: &mut Desk, form: &Form) -> Result<String, String> {
        let shared = desk.shared.clone();
        let clerk = desk.clerk.clone();
        let mut cx = Context {
            store: &mut desk.store,
            shared: &shared,
            operator: &clerk,
            lang: Lang::En,
            now: now(),
            day: shared.day,
        };
        match forms::register(form, &mut cx).unwrap() {
            Ok(done) => Ok(done.said.text(Lang::En)),
            Err(refused @ Refusal::Refused { .. }) => Err(refused.text(Lang::En)),
            Err(Refusal::Busy) => Err("busy".into()),
        }
    }

    /// The form as drawn, wide, in one line: its fields and the panel beside them.
    fn side(form: &Form) -> String {
        use ratatui::{Terminal, backend::TestBackend};
        let (width, height) = (240, 60);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| form.render(f, f.area(), Lang::En))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut covered = 0;
            for x in 0..width {
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                out.push_str(if symbol == "│" { " " } else { symbol });
            }
            out.push(' ');
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn focus_known(form: &mut Form) {
        let known = known(form);
        while !form.is_focused(&known) {
            form.handle_key(key(KeyCode::Tab));
        }
    }

    #[test]
    fn reg_3_a_returning_customer_found_by_phone_is_offered_what_the_register_holds() {
        let desk = desk_with_li();
        let form = form_with_phone(&desk, "", "13912345678");
        let s = side(&form);
        assert!(
            s.contains("The register holds: 李晓明 · 139****5678 ·"),
            "{s}"
        );
        assert!(
            s.contains("粤B12345 · 大众") && s.contains("蓝海科技"),
            "{s}"
        );
        assert!(
            !s.contains("13912345678 ·"),
            "the offer masks the phone: {s}"
        );
        assert_eq!(form.chosen(&known(&form)), None, "nothing chosen yet");
        assert_eq!(form.value(form::NAME), "", "offered, not filled");
    }

    #[test]
    fn reg_1_a_returning_customer_is_not_saved_nameless_unless_the_clerk_keeps_what_is_typed() {
        let mut desk = desk_with_li();
        let form = form_with_phone(&desk, "", "13912345678");
        let refused = submit(&mut desk, &form).unwrap_err();
        assert!(
            refused.contains("knows this customer as 李晓明"),
            "{refused}"
        );
        // The clerk declines: registered as typed, nameless.
        let mut form = form;
        focus_known(&mut form);
        for _ in 0..2 {
            form.handle_key(key(KeyCode::Down)); // use, keep
        }
        assert!(matches!(form.chosen(&known(&form)), Some(Offer::Keep(_))));
        let said = submit(&mut desk, &form).unwrap();
        assert!(said.contains("(no name)"), "{said}");
    }

    #[test]
    fn reg_1_one_key_uses_what_the_register_holds_and_never_overwrites_what_was_typed() {
        let mut desk = desk_with_li();
        // The clerk typed a name of their own; the register's fills only the empty fields.
        let mut form = form_with_phone(&desk, "李小明", "13912345678");
        focus_known(&mut form);
        form.handle_key(key(KeyCode::Down));
        let view = desk.view(Lang::En);
        forms::watch(&mut form, &desk.store, &view).unwrap();
        assert_eq!(form.value(form::NAME), "李小明", "what was typed stays");
        assert_eq!(form.value(forms::WORK_UNIT), "蓝海科技");
        assert_eq!(form.value(forms::CAR_BRAND), "大众");
        assert_eq!(form.value(forms::PLATE), "粤B12345");
        assert!(side(&form).contains("Using what the register holds"));
        let said = submit(&mut desk, &form).unwrap();
        assert!(said.contains("李小明"), "{said}");
        let stored = desk
            .store
            .visit(crate::store::register::VisitId(2))
            .unwrap()
            .unwrap()
            .visit;
        assert_eq!(stored.work_unit.as_deref(), Some("蓝海科技"));
        assert_eq!(stored.name, Some(CustomerName::parse("李小明").unwrap()));
    }

    #[test]
    fn reg_1_the_choice_is_taken_even_when_enter_comes_before_the_fields_are_filled() {
        let mut desk = desk_with_li();
        let mut form = form_with_phone(&desk, "", "13912345678");
        focus_known(&mut form);
        form.handle_key(key(KeyCode::Down)); // Use, and Enter at once: no answer between
        let said = submit(&mut desk, &form).unwrap();
        assert!(said.contains("李晓明"), "{said}");
    }

    #[test]
    fn a_new_customer_is_offered_nothing_and_registers_as_before() {
        let mut desk = desk_with_li();
        let form = form_with_phone(&desk, "周杰", "13511112222");
        let mut form = form;
        focus_known(&mut form);
        form.handle_key(key(KeyCode::Down));
        assert_eq!(
            form.chosen(&known(&form)),
            Some(Offer::Nothing),
            "the only option"
        );
        assert!(!side(&form).contains("The register holds"));
        assert!(submit(&mut desk, &form).unwrap().contains("周杰"));
    }
}
