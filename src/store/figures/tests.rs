//! Store tests of the figures (REG-10): what counts as returning, converted and cancelled,
//! read from the registers as the desk writes them.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::attribution::Answers;
use crate::domain::deal::{DealForm, DealId, DealKind, check};
use crate::domain::register::{CallRegistration, CustomerName, Phone, Source, VisitRegistration};
use crate::domain::staff::StaffId;
use crate::store::Store;
use crate::store::register::tests::visit;
use crate::store::tests::office;

fn shanghai() -> Tz {
    "Asia/Shanghai".parse().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Office time in Shanghai.
fn at(m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    shanghai()
        .with_ymd_and_hms(2026, m, day, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn call(who: StaffId, when: DateTime<Utc>, phone: &str) -> CallRegistration {
    CallRegistration {
        called_at: when,
        caller: Some(CustomerName::parse("张先生").unwrap()),
        phone: Some(Phone::parse(phone).unwrap()),
        question: None,
        answered_by: who,
        intent: None,
        source: Some(Source::Newspaper),
    }
}

/// A customer's deal signed at `when`, unit `room`, closed by `closer`, as the deal desk
/// records it.
fn deal(
    store: &mut Store,
    clerk: StaffId,
    closer: StaffId,
    room: &str,
    when: DateTime<Utc>,
) -> DealId {
    let deal = check(
        &DealForm {
            signed_at: when,
            kind: DealKind::Customer,
            building: "3栋".into(),
            room: room.into(),
            buyers: "王小明".into(),
            phone: String::new(),
            deposit: "5万".into(),
            price: String::new(),
            closer: Some(closer),
            grew_from: Vec::new(),
        },
        when,
        shanghai(),
    )
    .unwrap();
    store
        .record_deal(clerk, &deal, Answers::default(), None, when)
        .unwrap()
        .deal
}

#[test]
fn reg_10_a_customer_is_returning_by_an_earlier_visit_with_the_same_phone_or_full_name() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let visits = [
        // February: 王芳's first visit, before the range.
        visit(sales[0], at(2, 20, 10, 0), "王芳", "13800135678", ""),
        // March: 王芳 again by phone (another name typed), and by full name (no phone).
        visit(sales[0], at(3, 2, 10, 0), "王小芳", "13800135678", ""),
        visit(sales[1], at(3, 3, 10, 0), "王芳", "", ""),
        // 李明's first visit and his second the same day: one new, one returning.
        visit(sales[1], at(3, 4, 10, 0), "李明", "13911112222", ""),
        visit(sales[1], at(3, 4, 15, 0), "李明", "13911112222", ""),
        // A surname only is no identity for "came before".
        visit(sales[1], at(3, 5, 10, 0), "李先生", "", ""),
        visit(sales[1], at(3, 6, 10, 0), "李先生", "", ""),
    ];
    for v in &visits {
        store.register_visit(clerk, v, None, v.visited_at).unwrap();
    }
    let f = store
        .figures(d(2026, 3, 1), d(2026, 3, 31), shanghai())
        .unwrap();
    assert_eq!(f.total.visits, 6);
    assert_eq!(f.total.new_visitors, 3, "{f:?}");
    assert_eq!(f.total.returning(), 3);
    let feb = store
        .figures(d(2026, 2, 1), d(2026, 2, 28), shanghai())
        .unwrap();
    assert_eq!((feb.total.visits, feb.total.new_visitors), (1, 1));
}

#[test]
fn reg_10_visits_count_by_their_source_and_salesperson_as_corrected() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let v = visit(sales[0], at(3, 2, 10, 0), "王芳", "13800135678", "");
    let id = store.register_visit(clerk, &v, None, v.visited_at).unwrap();
    let other = visit(sales[0], at(3, 2, 11, 0), "李明", "13911112222", "");
    store
        .register_visit(clerk, &other, None, other.visited_at)
        .unwrap();
    let corrected = VisitRegistration {
        source: Some(Source::CustomerReferral),
        salesperson: sales[1],
        ..v
    };
    store
        .correct_visit(clerk, id, &corrected, "登记错了", at(3, 2, 12, 0))
        .unwrap();
    let f = store
        .figures(d(2026, 3, 1), d(2026, 3, 31), shanghai())
        .unwrap();
    let sources: Vec<(Option<&str>, u32)> = f
        .by_source
        .iter()
        .map(|s| (s.source.as_deref(), s.visits))
        .collect();
    assert_eq!(sources, [(Some("customer_referral"), 1), (Some("web"), 1)]);
    let people: Vec<(StaffId, u32)> = f
        .by_salesperson
        .iter()
        .map(|(p, c)| (*p, c.visits))
        .collect();
    assert_eq!(people, [(sales[0], 1), (sales[1], 1)]);
}

#[test]
fn reg_10_a_call_converts_when_its_phone_visits_later_not_earlier() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 1);
    let earlier = visit(sales[0], at(3, 1, 9, 0), "李明", "13911112222", "");
    store
        .register_visit(clerk, &earlier, None, earlier.visited_at)
        .unwrap();
    for c in [
        call(sales[0], at(3, 2, 10, 0), "13800135678"),
        call(sales[0], at(3, 2, 11, 0), "13911112222"),
    ] {
        store.register_call(clerk, &c, c.called_at).unwrap();
    }
    let later = visit(sales[0], at(3, 9, 10, 0), "王芳", "13800135678", "");
    store
        .register_visit(clerk, &later, None, later.visited_at)
        .unwrap();
    let f = store
        .figures(d(2026, 3, 1), d(2026, 3, 31), shanghai())
        .unwrap();
    assert_eq!((f.total.calls, f.total.calls_visited), (2, 1));
    assert_eq!(f.total.call_visit_rate_bp(), Some(5000));
}

#[test]
fn reg_10_a_cancelled_deal_is_not_counted_in_the_conversion() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    for (i, name) in ["王芳", "李明", "张伟", "刘洋"].iter().enumerate() {
        let v = visit(sales[0], at(3, 2, 10 + i as u32, 0), name, "", "");
        store.register_visit(clerk, &v, None, v.visited_at).unwrap();
    }
    deal(&mut store, clerk, sales[0], "1201", at(3, 5, 10, 0));
    let cancelled = deal(&mut store, clerk, sales[0], "1202", at(3, 6, 10, 0));
    // The month's last day at 23:59 is March's; 00:01 on 1 April is not.
    deal(&mut store, clerk, sales[1], "1203", at(3, 31, 23, 59));
    deal(&mut store, clerk, sales[1], "1204", at(4, 1, 0, 1));
    let approval = store.approve(None, boss, "2468", at(3, 7, 9, 0)).unwrap();
    store
        .cancel_deal(clerk, approval, cancelled, "客户退订", at(3, 7, 9, 0))
        .unwrap();
    let f = store
        .figures(d(2026, 3, 1), d(2026, 3, 31), shanghai())
        .unwrap();
    assert_eq!(f.total.deals, 2);
    assert_eq!(f.total.deal_rate_bp(), Some(5000));
    let of = |id| f.by_salesperson.iter().find(|(p, _)| *p == id).unwrap().1;
    assert_eq!(of(sales[0]).deals, 1);
    assert_eq!(of(sales[0]).deal_rate_bp(), Some(2500));
    assert_eq!(of(sales[1]).deals, 1);
    assert_eq!(f.by_month[0].1.deals, 2);
    let april = store
        .figures(d(2026, 4, 1), d(2026, 4, 30), shanghai())
        .unwrap();
    assert_eq!(april.total.deals, 1);
}

#[test]
fn reg_10_walk_ins_by_hour_are_the_office_day_s_by_its_clock() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 1);
    for (day, h, m) in [
        (2, 23, 59),
        (3, 0, 1),
        (3, 9, 30),
        (3, 9, 45),
        (3, 23, 59),
        (4, 0, 0),
    ] {
        let v = visit(sales[0], at(3, day, h, m), "王芳", "", "");
        store.register_visit(clerk, &v, None, v.visited_at).unwrap();
    }
    let hours = store.walk_ins_by_hour(d(2026, 3, 3), shanghai()).unwrap();
    assert_eq!(hours.iter().sum::<u32>(), 4);
    assert_eq!((hours[0], hours[9], hours[23]), (1, 2, 1));
}
