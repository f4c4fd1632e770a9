//! Store tests of a reception's customer: the visit registered and the reception ended, each
//! deciding whose customer it is inside its own write (issue 16 §1).

use chrono::{Duration, NaiveDate};

use super::*;
use crate::domain::register::Verdict;
use crate::domain::rotation::{Event, ReceptionKind};
use crate::store::register::tests::visit;
use crate::store::tests::{now, office};

const OWNERS_PHONE: &str = "13800138000";

fn today() -> NaiveDate {
    crate::domain::clock::business_day(now(), chrono_tz::Asia::Shanghai)
}

/// An office of four salespeople: s0, s1 and s2 checked in (in that order), s3 not; s0's
/// customer registered 10 days ago; s0 receiving a walk-in and s1 the next, whose reception
/// is returned.
fn s1_receives_s0s_customer(store: &mut Store) -> (StaffId, Vec<StaffId>, Seq) {
    let (_, clerk, sales) = office(store, 4);
    let at = now() - Duration::days(10);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "李四", OWNERS_PHONE, ""),
            None,
            at,
        )
        .unwrap();
    for &id in &sales[..3] {
        store
            .rotate(clerk, None, today(), now(), &Command::CheckIn(id))
            .unwrap();
    }
    store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let rotated = store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let reception = rotated.day.member(sales[1]).unwrap().reception.unwrap();
    (clerk, sales, reception)
}

fn ending(reception: Seq) -> Ending {
    Ending {
        reception,
        outcome: Outcome::ColleagueOldCustomer,
        overridden: None,
        ruling: None,
    }
}

#[test]
fn rot_8_a_receptions_visit_is_registered_to_the_owner_the_write_itself_found() {
    let mut store = Store::open_in_memory().unwrap();
    let (clerk, sales, reception) = s1_receives_s0s_customer(&mut store);
    let typed = visit(sales[1], now(), "李四", OWNERS_PHONE, "");
    let registered = store
        .register_reception_visit(clerk, &typed, reception, "first received by s1", now())
        .unwrap();
    assert!(
        matches!(&registered.ownership.verdict, Verdict::Returning(c) if c.owner == sales[0]),
        "{:?}",
        registered.ownership.verdict
    );
    assert_eq!(registered.handed_to, Some(sales[0]));
    let record = store.visit(registered.id).unwrap().unwrap();
    assert_eq!(record.visit.salesperson, sales[0]);
    assert_eq!(record.visit.notes.as_deref(), Some("first received by s1"));
    assert_eq!(record.reception, Some(reception));
}

#[test]
fn rot_13_an_owner_receiving_is_not_interrupted_nobody_else_helps_and_the_make_up_stands() {
    let mut store = Store::open_in_memory().unwrap();
    let (clerk, sales, reception) = s1_receives_s0s_customer(&mut store);
    let typed = visit(sales[1], now(), "李四", OWNERS_PHONE, "");
    store
        .register_reception_visit(clerk, &typed, reception, "first received by s1", now())
        .unwrap();
    let ended = store
        .end_reception(clerk, None, today(), now(), &ending(reception))
        .unwrap();
    assert_eq!(ended.handed_over, Some(HandedOver::Waits(sales[0])));
    // The verdict acted on is the one before the reception's own visit.
    let ownership = ended.ownership.unwrap();
    assert!(
        matches!(&ownership.verdict, Verdict::Returning(c) if c.owner == sales[0]),
        "{:?}",
        ownership.verdict
    );
    assert_eq!(ownership.visit_number, 2);
    // Nobody was started: not s3 (never checked in), not s1 on her make-up.
    assert!(
        !ended
            .rotated
            .appended
            .iter()
            .any(|l| matches!(l.event, Event::ReceptionStarted { .. })),
        "{:?}",
        ended.rotated.appended
    );
    let day = ended.rotated.day;
    assert_eq!(day.owed_make_ups(sales[1]), 1, "s1's make-up is kept");
    assert!(day.member(sales[3]).is_none_or(|m| !m.checked_in));
    assert_eq!(day.receptions().count(), 1, "only s0's own reception");
}

#[test]
fn rot_8_an_absent_owners_customer_goes_to_a_checked_in_helper_in_the_ending_write() {
    let mut store = Store::open_in_memory().unwrap();
    let (clerk, sales) = {
        let (clerk, sales, _) = s1_receives_s0s_customer(&mut store);
        (clerk, sales)
    };
    // s3, never checked in, registered this customer 5 days ago; s2 is free.
    let at = now() - Duration::days(5);
    store
        .register_visit(
            clerk,
            &visit(sales[3], at, "王五", "13700137000", ""),
            None,
            at,
        )
        .unwrap();
    let rotated = store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let reception = rotated.day.member(sales[2]).unwrap().reception.unwrap();
    let typed = visit(sales[2], now(), "王五", "13700137000", "");
    store
        .register_reception_visit(clerk, &typed, reception, "first received by s2", now())
        .unwrap();
    let ended = store
        .end_reception(clerk, None, today(), now(), &ending(reception))
        .unwrap();
    assert_eq!(ended.handed_over, Some(HandedOver::Started(sales[3])));
    let helper = ended
        .rotated
        .appended
        .iter()
        .find_map(|l| match l.event {
            Event::ReceptionStarted {
                salesperson,
                kind: ReceptionKind::Helping(owner),
                ..
            } => Some((salesperson, owner)),
            _ => None,
        })
        .expect("a helper receives on the absent owner's behalf");
    assert_eq!(helper.1, sales[3]);
    let day = &ended.rotated.day;
    assert!(
        day.member(helper.0).is_some_and(|m| m.checked_in),
        "the helper is checked in"
    );
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
fn rot_8_an_ending_without_a_registered_visit_asks_whose_customer_it_is() {
    let mut store = Store::open_in_memory().unwrap();
    let (clerk, _, reception) = s1_receives_s0s_customer(&mut store);
    let ended = store
        .end_reception(clerk, None, today(), now(), &ending(reception))
        .unwrap();
    assert!(ended.ownership.is_none());
    assert_eq!(ended.handed_over, Some(HandedOver::Ask));
}

/// s0's customer registered 45 days ago (004: lapsed at 30, inside 60 for an unknowing
/// receipt) met by s1's walk-in and registered to s1; the supervisor rules at the ending.
fn unknowing(store: &mut Store, kept: bool) -> (Ended, VisitId, Vec<StaffId>) {
    let (boss, clerk, sales) = office(store, 3);
    let at = now() - Duration::days(45);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "赵六", "13600136000", ""),
            None,
            at,
        )
        .unwrap();
    for &id in &sales {
        store
            .rotate(clerk, None, today(), now(), &Command::CheckIn(id))
            .unwrap();
    }
    store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let rotated = store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let reception = rotated.day.member(sales[1]).unwrap().reception.unwrap();
    let typed = visit(sales[1], now(), "赵六", "13600136000", "");
    let registered = store
        .register_reception_visit(clerk, &typed, reception, "first received by s1", now())
        .unwrap();
    assert!(registered.ownership.verdict.needs_supervisor());
    assert_eq!(
        registered.handed_to, None,
        "lapsed: registered to the receiver"
    );
    let mut covers = registered.ownership.contested();
    covers.push((Register::Visit, registered.id.0));
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    let (owner, outcome) = if kept {
        (sales[0], Outcome::ColleagueOldCustomer)
    } else {
        (sales[1], Outcome::NewCustomer)
    };
    let ending = Ending {
        reception,
        outcome,
        overridden: None,
        ruling: Some(EndingRuling {
            owner,
            covers,
            reason: "ATT-004-6: ruled".into(),
        }),
    };
    let ended = store
        .end_reception(clerk, Some(approval), today(), now(), &ending)
        .unwrap();
    (ended, registered.id, sales)
}

#[test]
fn att_004_6_a_ruling_still_the_originals_corrects_the_visit_to_them_and_hands_them_back() {
    let mut store = Store::open_in_memory().unwrap();
    let (ended, visit_id, sales) = unknowing(&mut store, true);
    let ownership = ended.ownership.unwrap();
    assert_eq!(ownership.verdict.owner(), Some(sales[0]));
    assert_eq!(ownership.ruled.as_ref().map(|r| r.owner), Some(sales[0]));
    // s0 is receiving the first walk-in: the customer waits for her (ROT-13).
    assert_eq!(ended.handed_over, Some(HandedOver::Waits(sales[0])));
    let record = store.visit(visit_id).unwrap().unwrap();
    assert_eq!(record.visit.salesperson, sales[0]);
    assert_eq!(record.corrections.len(), 1);
    assert_eq!(record.corrections[0].reason, "ATT-004-6: ruled");
    let trail: Vec<String> = store
        .audit_trail()
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(trail.contains(&"rule_ownership".to_owned()), "{trail:?}");
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
fn att_004_6_a_ruling_for_a_new_customer_keeps_the_visit_and_settles_the_question() {
    let mut store = Store::open_in_memory().unwrap();
    let (ended, visit_id, sales) = unknowing(&mut store, false);
    let ownership = ended.ownership.unwrap();
    assert!(
        !ownership.verdict.needs_supervisor(),
        "{:?}",
        ownership.verdict
    );
    assert_eq!(ownership.verdict.owner(), None);
    assert_eq!(ended.handed_over, None);
    let record = store.visit(visit_id).unwrap().unwrap();
    assert_eq!(record.visit.salesperson, sales[1]);
    assert!(record.corrections.is_empty());
    assert_eq!(ended.rotated.day.member(sales[1]).unwrap().counted_new, 1);
}
