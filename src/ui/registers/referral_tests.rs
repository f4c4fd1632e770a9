//! Key-flow tests of referrals (REG-7, REG-8) in the registers pane and of ATT-14-10's
//! redistribution in the staff pane and the customer's record: keys fed to the forms and
//! panes, what they then show and write.

use chrono::{Duration, NaiveDate};
use ratatui::crossterm::event::KeyCode;

use super::RegistersPane;
use super::forms::{self, Purpose};
use super::record::RecordView;
use super::referrals::{ANNOUNCED, APPOINTMENT, REFERRER_NAME};
use super::tests::{Desk, key, now};
use crate::domain::register::{CustomerName, Phone, Register, VisitRegistration};
use crate::i18n::Lang;
use crate::ui::context::Context;
use crate::ui::form::{self, FieldName, Form, Refusal};
use crate::ui::pane::{Action, Done, Pane};

fn type_into(form: &mut Form, text: &str) {
    for c in text.chars() {
        form.handle_key(key(KeyCode::Char(c)));
    }
}

fn focus(form: &mut Form, field: impl Into<FieldName> + Clone) {
    for _ in 0..40 {
        if form.is_focused(field.clone()) {
            return;
        }
        form.handle_key(key(KeyCode::Tab));
    }
    panic!("the field is not in the form");
}

/// Runs `f` with a submit's context at the desk, as the shell would.
fn with_cx<T>(desk: &mut Desk, f: impl FnOnce(&mut Context) -> T) -> T {
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
    f(&mut cx)
}

/// What a submit said: the status and the follow-up form, or the refusal.
fn said(result: Result<Done, Refusal>) -> Result<(String, Option<Form>), String> {
    match result {
        Ok(done) => Ok((
            done.status.map(|s| s.text(Lang::En)).unwrap_or_default(),
            done.follow_up,
        )),
        Err(refused) => Err(refused.text(Lang::En)),
    }
}

/// The form or pane as drawn, wide, in one line of words.
fn screen(draw: impl FnOnce(&mut ratatui::Frame)) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let (width, height) = (200, 50);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(draw).unwrap();
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

fn side(form: &Form) -> String {
    screen(|f| form.render(f, f.area(), Lang::En))
}

/// 王老客, 王芳's customer 200 days ago.
fn desk_with_an_old_customer() -> Desk {
    let mut desk = Desk::new();
    let at = now() - Duration::days(200);
    let v = VisitRegistration {
        visited_at: at,
        name: Some(CustomerName::parse("王老客").unwrap()),
        phone: Some(Phone::parse("13800001111").unwrap()),
        work_unit: None,
        intent: None,
        source: None,
        salesperson: desk.sales[0],
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    };
    desk.store
        .register_visit(desk.clerk.id, &v, None, at)
        .unwrap();
    desk
}

/// The visit form of 赵新, received by 李娜, its source a customer referral.
fn referred_visit(desk: &Desk) -> Form {
    let view = desk.view(Lang::En);
    let mut form = forms::visit(&view, None, Some(desk.sales[1]));
    type_into(&mut form, "赵新");
    form.handle_key(key(KeyCode::Tab));
    type_into(&mut form, "13900002222");
    let Some(Purpose::Visit { lists, .. }) = form.purpose::<Purpose>() else {
        panic!("a visit form");
    };
    focus(&mut form, &lists.source);
    type_into(&mut form, "customer");
    form
}

#[test]
fn reg_7_the_panel_names_the_referrer_s_salesperson_as_typed_and_the_referral_is_kept() {
    let mut desk = desk_with_an_old_customer();
    let mut form = referred_visit(&desk);
    focus(&mut form, REFERRER_NAME);
    type_into(&mut form, "王老客");
    focus(&mut form, ANNOUNCED);
    type_into(&mut form, "11-21 10:00");
    forms::watch(&mut form, &desk.store, &desk.view(Lang::En)).unwrap();
    let shown = side(&form);
    assert!(
        shown.contains("Referrer: 王老客, registered 26-05-06 with 王芳"),
        "{shown}"
    );
    assert!(
        shown.contains("Referral implies: 王芳's customer (announced in advance;"),
        "{shown}"
    );
    let (said, follow) = said(with_cx(&mut desk, |cx| {
        RegistersPane::default().submit(&form, cx)
    }))
    .unwrap();
    assert!(said.contains("referrer 王老客 recorded"), "{said}");
    assert!(follow.is_none(), "no employee referral to confirm");
    let stored = desk.store.customer_referral_for_visit(2).unwrap().unwrap();
    assert_eq!(stored.found_salesperson, Some(desk.sales[0]));
    assert!(stored.announced_at.is_some());
}

#[test]
fn reg_7_an_unannounced_referral_says_whoever_receives_and_a_referral_without_a_referrer_is_refused()
 {
    let mut desk = desk_with_an_old_customer();
    let mut form = referred_visit(&desk);
    // The source says referral, but nobody is named as referrer: refused, nothing lost.
    let refused = said(with_cx(&mut desk, |cx| {
        RegistersPane::default().submit(&form, cx)
    }))
    .err()
    .expect("refused");
    assert!(refused.contains("type the referrer"), "{refused}");
    assert_eq!(form.value(form::NAME), "赵新");
    focus(&mut form, REFERRER_NAME);
    type_into(&mut form, "王老客");
    forms::watch(&mut form, &desk.store, &desk.view(Lang::En)).unwrap();
    let shown = side(&form);
    assert!(
        shown.contains("Referral implies: whoever receives (rotation; REG-7)"),
        "{shown}"
    );
}

#[test]
fn reg_7_a_referrer_typed_under_another_source_is_refused_keeping_what_was_typed() {
    let mut desk = desk_with_an_old_customer();
    let view = desk.view(Lang::En);
    let mut form = forms::visit(&view, None, Some(desk.sales[1]));
    type_into(&mut form, "赵新");
    focus(&mut form, REFERRER_NAME);
    type_into(&mut form, "王老客");
    let refused = said(with_cx(&mut desk, |cx| {
        RegistersPane::default().submit(&form, cx)
    }))
    .err()
    .expect("refused");
    assert!(refused.contains("choose the source"), "{refused}");
    assert_eq!(form.value(REFERRER_NAME), "王老客");
    assert!(desk.store.customer_referral_for_visit(2).unwrap().is_none());
}

fn clear(form: &mut Form) {
    for _ in 0..12 {
        form.handle_key(key(KeyCode::Backspace));
    }
}

#[test]
fn reg_8_the_form_takes_any_staff_member_refuses_a_past_day_and_a_customer_who_already_came() {
    let mut desk = Desk::new();
    desk.visit(60, "赵敏", "13911112222");
    let view = desk.view(Lang::En);
    let mut pane = RegistersPane::default();
    let Some(Action::Open(mut form)) = pane.handle_key(&key(KeyCode::Char('r')), &view) else {
        panic!("r opens the employee referral form");
    };
    // The referrer is the clerk: not a salesperson (ATT-V-4: any staff member).
    type_into(&mut form, "前台");
    form.handle_key(key(KeyCode::Tab));
    type_into(&mut form, "赵敏");
    form.handle_key(key(KeyCode::Tab));
    type_into(&mut form, "13911112222");
    focus(&mut form, APPOINTMENT);
    clear(&mut form);
    type_into(&mut form, "2026-11-21");
    let refused = said(with_cx(&mut desk, |cx| pane.submit(&form, cx)))
        .err()
        .expect("refused");
    assert!(refused.contains("appointment day has passed"), "{refused}");
    clear(&mut form);
    type_into(&mut form, "2026-11-23");
    let refused = said(with_cx(&mut desk, |cx| pane.submit(&form, cx)))
        .err()
        .expect("refused");
    assert!(
        refused.contains("already visited") && refused.contains("王芳"),
        "{refused}"
    );
    // Another customer: registered, pending until the day.
    focus(&mut form, form::NAME);
    clear(&mut form);
    type_into(&mut form, "孙新");
    form.handle_key(key(KeyCode::Tab));
    clear(&mut form);
    type_into(&mut form, "13700003333");
    let (registered, _) = said(with_cx(&mut desk, |cx| pane.submit(&form, cx))).unwrap();
    assert!(registered.contains("referred by 前台小刘"), "{registered}");
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let pending = desk.store.pending_employee_referrals(day).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].referrer, desk.clerk.id);
    // The same customer again, while the first stands: refused, naming the referrer.
    let refused = said(with_cx(&mut desk, |cx| pane.submit(&form, cx)))
        .err()
        .expect("refused");
    assert!(
        refused.contains("already referred by 前台小刘"),
        "{refused}"
    );
}

#[test]
fn reg_8_at_the_visit_a_supervisor_confirms_with_their_pin_and_a_wrong_pin_writes_nothing() {
    let mut desk = Desk::new();
    desk.store
        .register_employee_referral(
            desk.clerk.id,
            desk.sales[1],
            &CustomerName::parse("孙新").unwrap(),
            &Phone::parse("13700003333").unwrap(),
            desk.shared.day,
            now() - Duration::days(1),
        )
        .unwrap();
    let view = desk.view(Lang::En);
    let mut form = forms::visit(&view, None, Some(desk.sales[0]));
    type_into(&mut form, "孙新");
    form.handle_key(key(KeyCode::Tab));
    type_into(&mut form, "13700003333");
    forms::watch(&mut form, &desk.store, &view).unwrap();
    let shown = side(&form);
    assert!(
        shown.contains("Employee referral by 李娜 for today"),
        "{shown}"
    );
    let mut pane = RegistersPane::default();
    let (_, follow) = said(with_cx(&mut desk, |cx| pane.submit(&form, cx))).unwrap();
    let mut confirm = follow.expect("the supervisor's confirmation follows the visit");
    type_into(&mut confirm, "0000");
    let refused = said(with_cx(&mut desk, |cx| pane.submit(&confirm, cx)))
        .err()
        .expect("refused");
    assert!(refused.to_lowercase().contains("wrong pin"), "{refused}");
    assert!(desk.store.employee_referral_for_visit(1).unwrap().is_none());
    clear(&mut confirm);
    type_into(&mut confirm, "2468");
    let (said, _) = said(with_cx(&mut desk, |cx| pane.submit(&confirm, cx))).unwrap();
    assert!(said.contains("confirmed by 陈经理"), "{said}");
    let confirmed = desk.store.employee_referral_for_visit(1).unwrap().unwrap();
    assert_eq!(confirmed.referrer, desk.sales[1]);
    assert!(confirmed.confirmed_by().is_some());
    assert_eq!(desk.store.verify_all().unwrap(), None);
}

#[test]
fn att_14_10_the_staff_pane_shows_the_draw_writes_it_on_the_pin_and_the_record_shows_it() {
    use crate::ui::staff::StaffPane;
    let mut desk = Desk::new();
    desk.visit(24 * 60, "甲一", "13800001000");
    desk.visit(24 * 60 + 5, "乙二", "13800001001");
    let view = desk.view(Lang::En);
    let mut pane = StaffPane::default();
    // 陈经理, 前台小刘, 王芳: the third row.
    pane.handle_key(&key(KeyCode::Down), &view);
    pane.handle_key(&key(KeyCode::Down), &view);
    let Some(Action::Open(mut form)) = pane.handle_key(&key(KeyCode::Char('D')), &view) else {
        panic!("d opens the redistribution");
    };
    pane.answer(&desk.store, &view, Some(&mut form)).unwrap();
    let shown = side(&form);
    assert!(shown.contains("2 customers"), "{shown}");
    assert!(
        shown.contains("甲一 → 李娜") && shown.contains("乙二 → 李娜"),
        "{shown}"
    );
    type_into(&mut form, "2468");
    let (said, _) = said(with_cx(&mut desk, |cx| pane.submit(&form, cx))).unwrap();
    assert!(said.contains("2 customers of 王芳 redistributed"), "{said}");
    let view = desk.view(Lang::En);
    let record = RecordView::load(&desk.store, &desk.shared, Register::Visit, 1, now()).unwrap();
    let shown = screen(|f| record.render(f, f.area(), &view));
    assert!(
        shown.contains("Returning customer of 李娜")
            && shown.contains("Redistributed from 王芳 to 李娜 on 2026-11-22 by 陈经理 (ATT-14-10"),
        "{shown}"
    );
}

#[test]
fn reg_8_a_visit_registered_elsewhere_is_confirmed_from_the_customer_s_record() {
    let mut desk = Desk::new();
    desk.store
        .register_employee_referral(
            desk.clerk.id,
            desk.sales[1],
            &CustomerName::parse("孙新").unwrap(),
            &Phone::parse("13700003333").unwrap(),
            desk.shared.day,
            now() - Duration::days(1),
        )
        .unwrap();
    // Registered as the rotation's reception registers it: no confirmation offered there.
    desk.visit(10, "孙新", "13700003333");
    let press_c = |desk: &Desk| {
        let view = desk.view(Lang::En);
        let mut record =
            RecordView::load(&desk.store, &desk.shared, Register::Visit, 1, now()).unwrap();
        match record.handle_key(&key(KeyCode::Char('C')), &view) {
            Some(super::record::Step::Do(action)) => *action,
            _ => panic!("c is the record's"),
        }
    };
    let Action::Open(mut confirm) = press_c(&desk) else {
        panic!("c opens the confirmation");
    };
    type_into(&mut confirm, "2468");
    let mut pane = RegistersPane::default();
    let (said, _) = said(with_cx(&mut desk, |cx| pane.submit(&confirm, cx))).unwrap();
    assert!(said.contains("confirmed by 陈经理"), "{said}");
    assert!(desk.store.employee_referral_for_visit(1).unwrap().is_some());
    // Nothing left to confirm: said so.
    assert!(matches!(press_c(&desk), Action::Error(_)));
}

#[test]
fn reg_7_a_conflict_within_7_days_of_the_referred_visit_is_settled_by_the_registration_after_by_a_ruling()
 {
    let mut desk = desk_with_an_old_customer();
    // 赵新, referred by 王老客 and announced, received by 李娜 three days ago; 王芳 registered
    // him again yesterday: a conflict.
    let three_days_ago = now() - Duration::days(3);
    let mut v = VisitRegistration {
        visited_at: three_days_ago,
        name: Some(CustomerName::parse("赵新").unwrap()),
        phone: Some(Phone::parse("13900002222").unwrap()),
        work_unit: None,
        intent: None,
        source: Some(crate::domain::register::Source::CustomerReferral),
        salesperson: desk.sales[1],
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    };
    let referred = desk
        .store
        .register_visit(desk.clerk.id, &v, None, three_days_ago)
        .unwrap();
    let policy = desk.shared.settings.policy().clone();
    let referral = crate::store::referral::NewCustomerReferral {
        referrer_name: Some("王老客".into()),
        announced_at: Some(three_days_ago - Duration::days(1)),
        ..Default::default()
    };
    desk.store
        .register_customer_referral(
            desk.clerk.id,
            referred,
            &referral,
            three_days_ago,
            desk.shared.settings.timezone(),
            &policy,
        )
        .unwrap();
    v.visited_at = now() - Duration::days(1);
    v.salesperson = desk.sales[0];
    v.source = None;
    desk.store
        .register_visit(desk.clerk.id, &v, None, v.visited_at)
        .unwrap();
    let panel = |days: i64| {
        let view = crate::ui::pane::View {
            now: now() + Duration::days(days),
            ..desk.view(Lang::En)
        };
        let mut form = forms::visit(&view, None, None);
        type_into(&mut form, "赵新");
        forms::watch(&mut form, &desk.store, &view).unwrap();
        side(&form)
    };
    // Day 3 and day 7 after the referred visit: the registration settles it.
    for days in [0, 4] {
        let shown = panel(days);
        assert!(shown.contains("Conflict"), "{shown}");
        assert!(
            shown.contains("REG-7: conflict within 7 days of the referred visit"),
            "day {}: {shown}",
            days + 3
        );
        assert!(shown.contains("settles it → 王芳"), "{shown}");
    }
    // Day 8: a supervisor rules, as any conflict.
    let shown = panel(5);
    assert!(
        shown.contains("REG-7: more than 7 days after the referred visit"),
        "{shown}"
    );
}
