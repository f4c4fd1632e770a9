//! Key-flow tests of the deals pane: keys fed to the pane and its forms on an in-memory
//! store, through a small stand-in for the shell (a stack of forms, submit, follow-up).

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::DealsPane;
use super::forms::{self, Purpose};
use crate::domain::attribution::{Party, Share};
use crate::domain::deal::EventKind;
use crate::domain::register::{CustomerName, Phone, VisitRegistration};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::deals::{DealView, Standing};
use crate::ui::context::Context;
use crate::ui::form::{Form, FormEvent, Refusal};
use crate::ui::pane::{Action, Pane, View};
use crate::ui::shared::Shared;

fn now() -> DateTime<Utc> {
    // 11:30 in Shanghai.
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// An office (policy 004) with its supervisor 陈经理 (PIN 2468), a clerk signed in, and two
/// salespeople; the pane and the forms it opened, as the shell would hold them.
struct Desk {
    store: Store,
    shared: Shared,
    clerk: Staff,
    wang: StaffId,
    li: StaffId,
    pane: DealsPane,
    forms: Vec<Form>,
    status: Option<String>,
    error: Option<String>,
    lang: Lang,
}

impl Desk {
    fn new() -> Desk {
        let mut store = Store::open_in_memory().unwrap();
        let boss = store
            .set_up_office(
                "西堤国际售楼处",
                "陈经理",
                "2468",
                "2468",
                &OfficeSettings::default(),
                now() - Duration::days(60),
            )
            .unwrap();
        let approval = store.approve(None, boss, "2468", now()).unwrap();
        let clerk = store
            .add_staff(boss, approval, "前台小刘", Role::Clerk, None, now())
            .unwrap();
        let [wang, li] = ["王芳", "李娜"].map(|name| {
            store
                .add_staff(boss, approval, name, Role::Salesperson, None, now())
                .unwrap()
        });
        let clerk = store
            .staff()
            .unwrap()
            .into_iter()
            .find(|s| s.id == clerk)
            .unwrap();
        let shared = Shared::load(&store, now()).unwrap();
        let mut desk = Desk {
            store,
            shared,
            clerk,
            wang,
            li,
            pane: DealsPane::default(),
            forms: Vec::new(),
            status: None,
            error: None,
            lang: Lang::En,
        };
        desk.answer();
        desk
    }

    fn view(&self) -> View<'_> {
        View::live(&self.shared, self.lang, now(), &self.clerk)
    }

    /// A visit of 张伟 `days` ago, received by `salesperson`, registered as typed.
    fn visit(&mut self, days: i64, salesperson: StaffId) {
        let at = now() - Duration::days(days);
        let v = VisitRegistration {
            visited_at: at,
            name: Some(CustomerName::parse("张伟").unwrap()),
            phone: Some(Phone::parse("13800001111").unwrap()),
            work_unit: None,
            intent: None,
            source: None,
            salesperson,
            car_brand: None,
            plate: None,
            party: None,
            class: None,
            notes: None,
        };
        self.store
            .register_visit(self.clerk.id, &v, None, at)
            .unwrap();
    }

    /// What the shell does after every key: the pane answers what was typed.
    fn answer(&mut self) {
        let view = View::live(&self.shared, self.lang, now(), &self.clerk);
        self.pane
            .answer(&self.store, &view, self.forms.last_mut())
            .unwrap();
    }

    /// One key: to the form on top, else to the pane.
    fn press(&mut self, code: KeyCode) {
        self.press_key(key(code));
    }

    fn press_key(&mut self, key: KeyEvent) {
        self.error = None;
        if let Some(form) = self.forms.last_mut() {
            match form.handle_key(key) {
                FormEvent::Submit => self.submit(),
                FormEvent::Cancel => {
                    self.forms.pop();
                }
                FormEvent::None => {}
            }
        } else {
            let view = View::live(&self.shared, self.lang, now(), &self.clerk);
            match self.pane.handle_key(&key, &view) {
                Some(Action::Open(form)) => self.forms.push(form),
                Some(Action::Error(said)) => self.error = Some(said.text(self.lang)),
                _ => {}
            }
        }
        self.answer();
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    fn tab(&mut self, n: usize) {
        for _ in 0..n {
            self.press(KeyCode::Tab);
        }
    }

    fn save(&mut self) {
        self.press_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    }

    /// Submits the form on top as the shell does: a required field first, then the pane.
    fn submit(&mut self) {
        let mut form = self.forms.pop().unwrap();
        if let Some((field, said)) = form.missing_required() {
            form.fail(Some(field), said);
            self.forms.push(form);
            return;
        }
        let shared = self.shared.clone();
        let clerk = self.clerk.clone();
        let mut cx = Context {
            store: &mut self.store,
            shared: &shared,
            operator: &clerk,
            lang: self.lang,
            now: now(),
            day: shared.day,
        };
        match self.pane.submit(&form, &mut cx) {
            Ok(done) => {
                self.status = done.status.map(|s| s.text(self.lang));
                if let Some(next) = done.follow_up {
                    self.forms.push(next);
                }
            }
            Err(Refusal::Refused { field, said }) => {
                form.fail(field, said);
                self.forms.push(form);
            }
            Err(Refusal::Busy) => panic!("nobody else holds an in-memory file"),
        }
    }

    /// The deal form filled as a clerk fills it: building, room, buyers, phone, deposit and
    /// the closer picked by name; then Ctrl-S.
    fn record(&mut self, building: &str, room: &str, closer: &str) {
        self.press(KeyCode::Char('n'));
        self.tab(2); // past the signing time and the kind
        self.typed(building);
        self.tab(1);
        self.typed(room);
        self.tab(1);
        self.typed("张伟");
        self.tab(1);
        self.typed("13800001111");
        self.tab(1);
        self.typed("5万");
        self.tab(2); // past the price
        self.typed(closer);
        self.save();
    }

    /// The deal form as [`Desk::record`] fills it, the closer's newest registration of the
    /// buyer confirmed as what the deal grew from.
    fn record_grown(&mut self, building: &str, room: &str, closer: &str) {
        self.press(KeyCode::Char('n'));
        self.tab(2);
        self.typed(building);
        self.tab(1);
        self.typed(room);
        self.tab(1);
        self.typed("张伟");
        self.tab(1);
        self.typed("13800001111");
        self.tab(1);
        self.typed("5万");
        self.tab(2);
        self.typed(closer);
        self.tab(1);
        self.press(KeyCode::Down); // (none)
        self.press(KeyCode::Down); // the closer's newest registration
        self.save();
    }

    fn form_error(&self) -> Option<String> {
        self.forms.last().and_then(Form::error)
    }

    fn deal(&self, id: i64) -> DealView {
        self.store.deal(id).unwrap().unwrap()
    }

    fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        let view = self.view();
        terminal
            .draw(|f| match self.forms.last() {
                Some(form) => form.render(f, f.area(), self.lang),
                None => self.pane.render(f, f.area(), &view),
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut line = String::new();
            let mut covered = 0;
            for x in 0..width {
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The screen's words on one line, so a sentence wrapped across rows still reads whole.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn whole(party: Party) -> Vec<Share> {
    vec![Share { party, bp: 10_000 }]
}

#[test]
fn rot_1_a_walk_in_who_buys_is_recorded_whole_to_the_closer() {
    let mut desk = Desk::new();
    let empty = one_line(&desk.screen(80, 24));
    assert!(
        empty.contains("press n to record the first deal"),
        "{empty}"
    );
    desk.record("3栋", "1201", "李娜");
    assert!(desk.forms.is_empty(), "recorded: {:?}", desk.form_error());
    let status = desk.status.clone().unwrap();
    assert!(
        status.contains("Deal #1 recorded: 3栋 1201 张伟"),
        "{status}"
    );
    let deal = desk.deal(1);
    assert_eq!(deal.shares(), whole(Party::Salesperson(desk.li)));
    assert_eq!(deal.rule(), Some("ROT-1"));
    assert_eq!(deal.record.deposit_fen, 5_000_000, "5万 in fen");
    let screen = desk.screen(80, 24);
    assert!(screen.contains("李娜 100%"), "{screen}");
    assert!(screen.contains("ROT-1"), "{screen}");
    assert!(screen.contains("proposed"), "{screen}");
}

#[test]
fn the_panel_beside_the_deal_form_proposes_as_the_clerk_types_citing_the_rule() {
    let mut desk = Desk::new();
    desk.press(KeyCode::Char('n'));
    desk.tab(4);
    desk.typed("张伟");
    desk.tab(4);
    desk.typed("李娜");
    let screen = desk.screen(120, 40);
    let one_line = one_line(&screen);
    assert!(
        one_line.contains("No registration of the buyer found (REG-3)"),
        "{screen}"
    );
    assert!(one_line.contains("Proposed, ROT-1"), "{screen}");
    assert!(one_line.contains("李娜 100%"), "{screen}");
}

#[test]
fn att_004_4_a_deal_that_asks_whether_the_owner_consented_records_the_answer() {
    let mut desk = Desk::new();
    // 王芳's customer, protected; 李娜 received them knowing it, and closed.
    desk.visit(20, desk.wang);
    desk.visit(1, desk.li);
    desk.record_grown("3栋", "1201", "李娜");
    let Some(Purpose::Questions { picks, .. }) = desk.forms.last().and_then(Form::purpose) else {
        panic!("the questions follow: {:?}", desk.form_error());
    };
    assert_eq!(picks.len(), 1, "exactly the one question the case turns on");
    assert!(
        desk.store.deal(1).unwrap().is_none(),
        "nothing recorded yet"
    );
    let screen = desk.screen(120, 40);
    assert!(
        screen.contains("ATT-004-4: the owner was there"),
        "{screen}"
    );
    assert!(
        screen.contains("Owner consented?"),
        "a short label: {screen}"
    );
    desk.press(KeyCode::Down); // answer later → yes
    desk.save();
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    let deal = desk.deal(1);
    let proposal = deal.proposal().unwrap();
    let detail = proposal.proposal.as_ref().unwrap();
    assert_eq!(
        detail.answers.owner_consented,
        Some(true),
        "kept with the proposal"
    );
    assert!(detail.needs.is_empty());
    assert!(!detail.grabbing);
    assert_eq!(proposal.reason.as_deref(), Some("continued_with_consent"));
    assert_eq!(
        deal.record.grew_from,
        [(crate::domain::register::Register::Visit, 2)],
        "李娜's visit, as the clerk confirmed it"
    );
    assert!(matches!(
        deal.standing(),
        Standing::Proposed { open: false, .. }
    ));
}

#[test]
fn att_004_4_an_owner_who_did_not_consent_is_grabbing_shown_as_a_violation_citing_rot_14() {
    let mut desk = Desk::new();
    desk.visit(20, desk.wang);
    desk.visit(1, desk.li);
    desk.record_grown("3栋", "1201", "李娜");
    desk.press(KeyCode::Down);
    desk.press(KeyCode::Down); // no
    desk.save();
    let deal = desk.deal(1);
    assert_eq!(deal.shares(), whole(Party::Salesperson(desk.wang)));
    desk.press(KeyCode::Enter);
    let screen = desk.screen(80, 24);
    assert!(screen.contains("grabbing a customer (ROT-14)"), "{screen}");
}

#[test]
fn a_question_left_for_later_is_answered_on_the_record_and_proposed_again() {
    let mut desk = Desk::new();
    desk.visit(20, desk.wang);
    desk.visit(1, desk.li);
    desk.record_grown("3栋", "1201", "李娜");
    desk.save(); // answer later
    assert!(matches!(
        desk.deal(1).standing(),
        Standing::Proposed { open: true, .. }
    ));
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('C'));
    assert!(
        desk.error.as_deref().unwrap().contains("still asks"),
        "{:?}",
        desk.error
    );
    desk.press(KeyCode::Char('a'));
    desk.press(KeyCode::Down);
    desk.save();
    assert_eq!(
        desk.status.as_deref(),
        Some("Deal #1 proposed again with the answers")
    );
    let deal = desk.deal(1);
    assert_eq!(
        deal.events
            .iter()
            .filter(|e| e.kind == EventKind::Proposed)
            .count(),
        2,
        "the earlier proposal stays in the record"
    );
    assert!(matches!(
        deal.standing(),
        Standing::Proposed { open: false, .. }
    ));
}

#[test]
fn a_supervisor_confirms_with_the_pin_and_a_wrong_pin_writes_nothing() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('C'));
    desk.typed("1111");
    desk.press(KeyCode::Enter);
    assert_eq!(desk.form_error().as_deref(), Some("Wrong PIN"));
    assert_eq!(desk.deal(1).events.len(), 1, "nothing written");
    for _ in 0..4 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("2468");
    desk.press(KeyCode::Enter);
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    assert_eq!(desk.status.as_deref(), Some("Deal #1: split confirmed"));
    assert!(matches!(
        desk.deal(1).standing(),
        Standing::Settled {
            how: EventKind::Confirmed,
            ..
        }
    ));
    let screen = desk.screen(80, 24);
    assert!(screen.contains("confirmed by 陈经理"), "{screen}");
    // Settled: a second confirmation says who settled it and when.
    desk.press(KeyCode::Char('C'));
    desk.typed("2468");
    desk.press(KeyCode::Enter);
    let error = desk.form_error().unwrap();
    assert!(
        error.contains("was settled by 陈经理 at 2026-11-22 11:30"),
        "{error}"
    );
}

#[test]
fn a_change_whose_shares_do_not_add_up_to_100_is_refused_with_what_was_typed_kept() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('s'));
    desk.tab(1); // share 1, which holds 100
    for _ in 0..3 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("20");
    desk.tab(1);
    desk.typed("王芳");
    desk.tab(1);
    desk.typed("70");
    desk.tab(3);
    desk.typed("王芳接待在先");
    desk.tab(2);
    desk.typed("2468");
    desk.save();
    assert_eq!(
        desk.form_error().as_deref(),
        Some("The shares add up to 90%, not 100%")
    );
    let form = desk.forms.last().unwrap();
    assert_eq!(form.value(forms::SHARES[0]), "20");
    assert_eq!(form.value(forms::SHARES[1]), "70");
    assert_eq!(form.value(forms::REASON), "王芳接待在先");
    assert_eq!(desk.deal(1).events.len(), 1, "nothing written");
    // A percentage out of range is said as such, the text kept too.
    desk.forms
        .last_mut()
        .unwrap()
        .fail(None, crate::ui::said::Said::verbatim(String::new()));
    let form = desk.forms.pop().unwrap().focus(forms::SHARES[1]);
    desk.forms.push(form);
    desk.press(KeyCode::Backspace);
    desk.press(KeyCode::Backspace);
    desk.typed("180");
    desk.save();
    let error = desk.form_error().unwrap();
    assert!(
        error.contains("Share 2 (%): write a percentage from 0 to 100"),
        "{error}"
    );
    for _ in 0..3 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("80");
    desk.save();
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    let deal = desk.deal(1);
    assert_eq!(
        deal.shares(),
        [
            Share {
                party: Party::Salesperson(desk.li),
                bp: 2000
            },
            Share {
                party: Party::Salesperson(desk.wang),
                bp: 8000
            }
        ]
    );
    assert_eq!(
        deal.settled().unwrap().reason.as_deref(),
        Some("王芳接待在先")
    );
}

#[test]
fn a_cancellation_frees_the_unit_and_the_same_unit_can_then_be_recorded_again() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('X'));
    desk.typed("客户退订");
    desk.tab(2);
    desk.typed("2468");
    desk.press(KeyCode::Enter);
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    assert_eq!(
        desk.status.as_deref(),
        Some("Deal #1 cancelled; 3栋 1201 is free again")
    );
    assert!(desk.deal(1).cancellation().is_some());
    desk.press(KeyCode::Esc);
    desk.record("3栋", "1201", "王芳");
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    assert!(
        desk.status
            .as_deref()
            .unwrap()
            .starts_with("Deal #2 recorded")
    );
}

#[test]
fn a_change_of_unit_from_a_cancelled_deal_keeps_its_attribution() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('u'));
    assert!(
        desk.error
            .as_deref()
            .unwrap()
            .contains("Only a cancelled deal")
    );
    desk.press(KeyCode::Char('X'));
    desk.typed("换房");
    desk.tab(2);
    desk.typed("2468");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('u'));
    let form = desk.forms.last().unwrap();
    assert_eq!(
        form.value(forms::BUYERS),
        "张伟",
        "pre-filled from the cancelled deal"
    );
    assert!(form.is_focused(forms::BUILDING));
    desk.typed("5栋");
    desk.tab(1);
    desk.typed("0801");
    desk.tab(3);
    desk.typed("5万");
    desk.save();
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    let screen = desk.screen(80, 24);
    assert!(
        screen.starts_with("Deal #2  5栋 0801"),
        "the new deal's record in place of the old: {screen}"
    );
    let deal = desk.deal(2);
    assert_eq!(deal.record.replaces, Some(1));
    assert_eq!(deal.record.closer, desk.li);
    assert_eq!(deal.shares(), whole(Party::Salesperson(desk.li)));
    assert_eq!(
        deal.proposal().unwrap().reason.as_deref(),
        Some("unit_changed_keeps_attribution")
    );
}

#[test]
fn a_unit_sold_twice_is_refused_naming_the_first_deal_with_the_form_kept() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    // The same unit typed in the other input mode.
    desk.record("３栋", "１２０１", "王芳");
    let error = desk.form_error().expect("refused");
    assert_eq!(
        error,
        "Unit already sold: deal #1 of 2026-11-22 to 张伟. Cancel that deal first, or check the unit"
    );
    let form = desk.forms.last().unwrap();
    assert_eq!(
        form.value(forms::BUILDING),
        "３栋",
        "what was typed is kept"
    );
    assert!(desk.store.deal(2).unwrap().is_none());
}

#[test]
fn bad_amounts_and_times_are_said_in_plain_words_and_nothing_typed_is_lost() {
    let mut desk = Desk::new();
    desk.press(KeyCode::Char('n'));
    desk.tab(2);
    desk.typed("3栋");
    desk.tab(1);
    desk.typed("1201");
    desk.tab(1);
    desk.typed("张伟");
    desk.tab(2);
    desk.typed("5千");
    desk.tab(2);
    desk.typed("李娜");
    desk.save();
    assert_eq!(
        desk.form_error().as_deref(),
        Some("Deposit (yuan): not an amount; write 50000, 5万 or 12.5万")
    );
    assert!(desk.forms.last().unwrap().is_focused(forms::DEPOSIT));
    assert_eq!(desk.forms.last().unwrap().value(forms::DEPOSIT), "5千");
}

#[test]
fn a_signing_time_still_to_come_or_unreadable_is_refused_with_what_was_typed() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Char('n'));
    for _ in 0..16 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("23:59");
    desk.tab(2);
    desk.typed("5栋");
    desk.tab(1);
    desk.typed("0801");
    desk.tab(1);
    desk.typed("张伟");
    desk.tab(2);
    desk.typed("5万");
    desk.tab(2);
    desk.typed("李娜");
    desk.save();
    assert_eq!(
        desk.form_error().as_deref(),
        Some("The signing time 23:59 has not come yet")
    );
    let form = desk.forms.pop().unwrap().focus(forms::SIGNED_AT);
    desk.forms.push(form);
    for _ in 0..5 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("25:99");
    desk.save();
    assert_eq!(
        desk.form_error().as_deref(),
        Some("Cannot read the signing time \"25:99\": write 2026-11-23 14:30")
    );
    assert_eq!(desk.forms.last().unwrap().value(forms::BUYERS), "张伟");
    // A deal signed long ago is the payroll's past: brought in by import.
    let form = desk.forms.pop().unwrap().focus(forms::SIGNED_AT);
    desk.forms.push(form);
    for _ in 0..5 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("2026-08-01 10:00");
    desk.save();
    assert_eq!(
        desk.form_error().as_deref(),
        Some("Signed more than 92 days ago: older deals come in by import")
    );
}

#[test]
fn the_list_filters_by_buyer_unit_or_phone_as_typed() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.record("5栋", "0801", "王芳");
    desk.press(KeyCode::Char('/'));
    desk.typed("0801");
    let screen = desk.screen(80, 24);
    assert!(
        screen.contains("5栋 0801") && !screen.contains("3栋 1201"),
        "{screen}"
    );
    desk.press(KeyCode::Esc);
    desk.press(KeyCode::Char('n'));
    assert!(!desk.forms.is_empty(), "after Esc, n is a key again");
}

#[test]
fn on_a_read_only_file_recording_says_so_in_the_pane_s_words() {
    let mut desk = Desk::new();
    desk.shared.read_only = true;
    desk.press(KeyCode::Char('n'));
    assert_eq!(
        desk.error.as_deref(),
        Some("Read-only: deals cannot be saved")
    );
    assert!(desk.forms.is_empty());
}

mod screens {
    use super::*;

    /// Three deals, one of each standing: a walk-in confirmed; a deal still asking whether
    /// the owner consented; one cancelled. The record is the one that asks.
    fn list_and_record(lang: Lang) -> (String, String) {
        let mut desk = Desk::new();
        desk.record("3栋", "1201", "李娜");
        desk.press(KeyCode::Enter);
        desk.press(KeyCode::Char('C'));
        desk.typed("2468");
        desk.press(KeyCode::Enter);
        desk.press(KeyCode::Esc);
        desk.visit(20, desk.wang);
        desk.visit(1, desk.li);
        desk.record_grown("5栋", "0801", "李娜");
        desk.save(); // answer later
        desk.record("6栋", "0602", "王芳");
        desk.press(KeyCode::Enter);
        desk.press(KeyCode::Char('X'));
        desk.typed("客户退订");
        desk.tab(2);
        desk.typed("2468");
        desk.press(KeyCode::Enter);
        desk.press(KeyCode::Esc);
        desk.lang = lang;
        let list = desk.screen(80, 24);
        desk.press(KeyCode::Down);
        desk.press(KeyCode::Enter);
        let record = desk.screen(80, 24);
        (list, record)
    }

    #[test]
    fn snapshot_deals_list_and_record_80x24() {
        for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let (list, record) = list_and_record(lang);
            insta::assert_snapshot!(format!("deals_list_{tag}"), list);
            insta::assert_snapshot!(format!("deals_record_{tag}"), record);
        }
    }
}

#[test]
fn a_settled_split_is_not_changed_but_a_dispute_gets_a_written_ruling() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('C'));
    desk.typed("2468");
    desk.press(KeyCode::Enter);
    // A change after the confirmation says who settled it, and sends to the ruling.
    desk.press(KeyCode::Char('s'));
    desk.tab(6);
    desk.typed("改");
    desk.tab(2);
    desk.typed("2468");
    desk.save();
    let error = desk.form_error().unwrap();
    assert!(
        error.contains("settled by 陈经理") && error.contains("(R)"),
        "{error}"
    );
    desk.press(KeyCode::Esc);
    desk.press(KeyCode::Char('R'));
    desk.tab(1);
    for _ in 0..3 {
        desk.press(KeyCode::Backspace);
    }
    desk.typed("50");
    desk.tab(1);
    desk.typed("王芳");
    desk.tab(1);
    desk.typed("50");
    desk.tab(3);
    desk.typed("两人共同接待,依 004 §20 裁定各半");
    desk.tab(2);
    desk.typed("2468");
    desk.save();
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    assert_eq!(desk.status.as_deref(), Some("Deal #1: ruling recorded"));
    let deal = desk.deal(1);
    assert!(matches!(
        deal.standing(),
        Standing::Settled {
            how: EventKind::Ruled,
            ..
        }
    ));
    assert_eq!(deal.shares().len(), 2);
    let screen = one_line(&desk.screen(80, 24));
    assert!(
        screen.contains("ruled by 陈经理: 李娜 50% · 王芳 50%"),
        "{screen}"
    );
}

#[test]
fn a_clerk_corrects_the_buyers_names_without_a_pin_and_an_unchanged_name_is_refused() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('x'));
    desk.tab(1);
    desk.typed("错字");
    desk.save();
    assert_eq!(
        desk.form_error().as_deref(),
        Some("The buyers' names are unchanged")
    );
    let form = desk.forms.pop().unwrap().focus(forms::NEW_BUYERS);
    desk.forms.push(form);
    desk.typed("、王丽");
    desk.save();
    assert!(desk.forms.is_empty(), "{:?}", desk.form_error());
    let deal = desk.deal(1);
    assert_eq!(deal.buyers(), "张伟、王丽");
    assert_eq!(
        deal.shares(),
        whole(Party::Salesperson(desk.li)),
        "no salesperson changes"
    );
    let screen = one_line(&desk.screen(80, 24));
    assert!(
        screen.contains("corrected the buyers to 张伟、王丽 (reason: 错字)"),
        "{screen}"
    );
}

#[test]
fn an_overlong_reason_is_refused_naming_its_limit_with_the_text_kept() {
    let mut desk = Desk::new();
    desk.record("3栋", "1201", "李娜");
    desk.press(KeyCode::Enter);
    desk.press(KeyCode::Char('X'));
    let long = "退".repeat(201);
    desk.typed(&long);
    desk.tab(2);
    desk.typed("2468");
    desk.press(KeyCode::Enter);
    let error = desk.form_error().unwrap();
    assert!(error.contains("at most 200"), "{error}");
    assert_eq!(desk.forms.last().unwrap().value(forms::REASON), long);
    assert!(desk.deal(1).cancellation().is_none());
}
