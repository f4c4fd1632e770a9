//! Store tests of the deal register: each write one transaction, chained and audited; the
//! proposal derived from the registers and the rotation log (issue 17 §1–§2).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::domain::attribution::{self, Party, WHOLE};
use crate::domain::deal::{DealForm, check};
use crate::domain::rotation::{Command, Outcome, Seq};
use crate::store::Approval;
use crate::store::reception::{Ending, HandedOver};
use crate::store::register::tests::visit;
use crate::store::tests::{now, office};

fn today() -> NaiveDate {
    crate::domain::clock::business_day(now(), chrono_tz::Asia::Shanghai)
}

fn deal(closer: StaffId, room: &str, buyers: &str, phone: &str, at: DateTime<Utc>) -> Deal {
    check(
        &DealForm {
            signed_at: at,
            kind: DealKind::Customer,
            building: "3栋".into(),
            room: room.into(),
            buyers: buyers.into(),
            phone: phone.into(),
            deposit: "5万".into(),
            price: "128万".into(),
            closer: Some(closer),
            grew_from: Vec::new(),
        },
        at,
        chrono_tz::Asia::Shanghai,
    )
    .unwrap()
}

fn chain_length(store: &Store, table: &str) -> i64 {
    store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == table)
        .unwrap()
        .length
}

fn audits(store: &Store, action: &str) -> usize {
    store
        .audit_trail()
        .unwrap()
        .iter()
        .filter(|a| a.action == action)
        .count()
}

fn approval(store: &mut Store, boss: StaffId) -> Approval {
    store.approve(None, boss, "2468", now()).unwrap()
}

#[test]
fn rot_1_a_walk_in_nobody_registered_before_is_the_closers_whole_in_one_chained_audited_write() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let recorded = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "13800138000", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    assert_eq!(recorded.proposal.rule, "ROT-1");
    assert_eq!(
        recorded.proposal.share_of(Party::Salesperson(sales[0])),
        WHOLE
    );
    assert_eq!(chain_length(&store, "deals"), 1);
    assert_eq!(chain_length(&store, "deal_events"), 1);
    assert_eq!(
        (
            audits(&store, "record_deal"),
            audits(&store, "propose_deal_split")
        ),
        (1, 1)
    );
    let view = store.deal(recorded.deal).unwrap().unwrap();
    let detail = view.proposal().unwrap().proposal.clone().unwrap();
    assert_eq!(
        detail.policy.unwrap().name,
        "004",
        "the policy in force is kept"
    );
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
fn a_refused_deal_writes_nothing_a_unit_is_sold_once_and_free_again_after_a_cancellation() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let first = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    let again = store.record_deal(
        clerk,
        &deal(sales[1], " １２０１", "李娟", "", now()),
        Answers::default(),
        None,
        now(),
    );
    match again {
        Err(DealError::UnitSold(holder)) => {
            assert_eq!(holder.id, first.deal);
            assert_eq!(holder.buyers, "王小明");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        chain_length(&store, "deals"),
        1,
        "nothing written by the refusal"
    );
    let ok = approval(&mut store, boss);
    store
        .cancel_deal(
            clerk,
            ok,
            first.deal,
            "客户退订",
            now() + Duration::hours(1),
        )
        .unwrap();
    assert!(matches!(
        store.deal(first.deal).unwrap().unwrap().standing(),
        Standing::Cancelled { by, .. } if by == boss
    ));
    store
        .record_deal(
            clerk,
            &deal(sales[1], "1201", "李娟", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    // The month's sheet: both deals' lines and the first one's reversal.
    let sheet = store
        .commission_sheet(today(), chrono_tz::Asia::Shanghai)
        .unwrap();
    let bps: Vec<(DealId, i64)> = sheet.iter().map(|l| (l.deal, l.bp)).collect();
    assert_eq!(
        bps,
        [
            (first.deal, 10_000),
            (first.deal + 1, 10_000),
            (first.deal, -10_000)
        ]
    );
    assert_eq!(sheet[2].kind, SheetLineKind::Reversal);
    assert_eq!(sheet[0].kind, SheetLineKind::Share { confirmed: false });
}

#[test]
fn att_a_supervisor_confirms_the_proposal_shown_not_one_made_since_and_only_once() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let recorded = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    let newer = store
        .repropose_deal(clerk, recorded.deal, Answers::default(), now())
        .unwrap();
    let ok = approval(&mut store, boss);
    assert!(matches!(
        store.confirm_deal(clerk, ok, recorded.deal, recorded.proposal_event, now()),
        Err(DealError::ProposalChanged)
    ));
    store
        .confirm_deal(clerk, ok, recorded.deal, newer.proposal_event, now())
        .unwrap();
    match store.confirm_deal(clerk, ok, recorded.deal, newer.proposal_event, now()) {
        Err(DealError::AlreadySettled { by, .. }) => assert_eq!(by, boss),
        other => panic!("{other:?}"),
    }
    assert_eq!(audits(&store, "confirm_deal_split"), 1);
    let sheet = store
        .commission_sheet(today(), chrono_tz::Asia::Shanghai)
        .unwrap();
    assert_eq!(sheet[0].kind, SheetLineKind::Share { confirmed: true });
    assert_eq!(sheet[0].settled_by.map(|(by, _)| by), Some(boss));
}

#[test]
fn att_a_changed_split_must_make_the_whole_and_a_ruling_settles_a_dispute_with_its_reason() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let recorded = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    let ok = approval(&mut store, boss);
    let share = |party, bp| Share { party, bp };
    let short = [
        share(Party::Salesperson(sales[0]), 6000),
        share(Party::Salesperson(sales[1]), 3000),
    ];
    assert!(matches!(
        store.override_deal_split(
            clerk,
            ok,
            recorded.deal,
            settle::Override::Change,
            &short,
            "两人共同接待",
            now()
        ),
        Err(DealError::SharesNotWhole(9000))
    ));
    let halves = [
        share(Party::Salesperson(sales[0]), 5000),
        share(Party::Salesperson(sales[1]), 5000),
    ];
    assert!(matches!(
        store.override_deal_split(
            clerk,
            ok,
            recorded.deal,
            settle::Override::Ruling,
            &halves,
            " ",
            now()
        ),
        Err(DealError::Reason(_))
    ));
    store
        .override_deal_split(
            clerk,
            ok,
            recorded.deal,
            settle::Override::Ruling,
            &halves,
            "经理书面裁定：两人共同跟进",
            now(),
        )
        .unwrap();
    let view = store.deal(recorded.deal).unwrap().unwrap();
    assert_eq!(view.shares(), halves);
    assert_eq!(view.settled().unwrap().kind, EventKind::Ruled);
    assert_eq!(
        view.settled().unwrap().reason.as_deref(),
        Some("经理书面裁定：两人共同跟进")
    );
    assert_eq!(audits(&store, "rule_deal_split"), 1);
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
fn reg_5_the_closers_own_registered_customer_is_theirs_whole() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let at = now() - Duration::days(10);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "王小明", "13800138000", ""),
            None,
            at,
        )
        .unwrap();
    let preview = store
        .preview_deal(
            &deal(sales[0], "1201", "王小明", "13800138000", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    assert_eq!(preview.case.situation, attribution::Situation::OwnCustomer);
    assert_eq!(preview.proposal.rule, "REG-5");
    assert_eq!(preview.candidates.len(), 1);
    let recorded = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "13800138000", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    let view = store.deal(recorded.deal).unwrap().unwrap();
    assert_eq!(
        view.record.grew_from,
        [(Register::Visit, preview.candidates[0].id)],
        "the registrations found are what the deal grew from"
    );
}

/// s0's customer, registered 10 days ago, walks in while s0 is checked out; s1's reception
/// finds them s0's and the ending hands them to a helper (s2) receiving on s0's behalf.
fn helper_receives_for_absent_owner(store: &mut Store) -> (StaffId, StaffId, Vec<StaffId>, Seq) {
    let (_, clerk, sales) = office(store, 3);
    let at = now() - Duration::days(10);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "王小明", "13800138000", ""),
            None,
            at,
        )
        .unwrap();
    for &id in &sales[1..] {
        store
            .rotate(clerk, None, today(), now(), &Command::CheckIn(id))
            .unwrap();
    }
    let rotated = store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let reception = rotated.day.member(sales[1]).unwrap().reception.unwrap();
    let typed = visit(sales[1], now(), "王小明", "13800138000", "");
    store
        .register_reception_visit(clerk, &typed, reception, "", now())
        .unwrap();
    let ended = store
        .end_reception(
            clerk,
            None,
            today(),
            now(),
            &Ending {
                reception,
                outcome: Outcome::ColleagueOldCustomer,
                overridden: None,
                ruling: None,
            },
        )
        .unwrap();
    let Some(HandedOver::Started(owner)) = ended.handed_over else {
        panic!("{:?}", ended.handed_over)
    };
    assert_eq!(owner, sales[0]);
    let (helper, seq) = ended
        .rotated
        .appended
        .iter()
        .find_map(|l| match l.event {
            crate::domain::rotation::Event::ReceptionStarted { salesperson, .. } => {
                Some((salesperson, l.seq))
            }
            _ => None,
        })
        .expect("a helper receives on the absent owner's behalf");
    (clerk, helper, sales, seq)
}

#[test]
fn att_004_1_a_helper_closing_on_the_spot_for_an_absent_owner_is_20_80_from_the_rotation_log() {
    let mut store = Store::open_in_memory().unwrap();
    let (clerk, helper, sales, _) = helper_receives_for_absent_owner(&mut store);
    let signed = now() + Duration::minutes(40);
    let recorded = store
        .record_deal(
            clerk,
            &deal(helper, "1201", "王小明", "13800138000", signed),
            Answers::default(),
            None,
            signed,
        )
        .unwrap();
    let p = recorded.proposal;
    assert_eq!((p.rule, p.reason), ("ATT-004-1", "helper_on_the_spot"));
    assert_eq!(p.share_of(Party::Salesperson(helper)), 2000);
    assert_eq!(p.share_of(Party::Salesperson(sales[0])), 8000);
}

#[test]
fn att_004_1_a_deal_after_the_helpers_reception_ended_is_the_owners_the_customer_handed_back() {
    let mut store = Store::open_in_memory().unwrap();
    let (clerk, helper, sales, seq) = helper_receives_for_absent_owner(&mut store);
    let ended_at = now() + Duration::minutes(30);
    store
        .end_reception(
            clerk,
            None,
            today(),
            ended_at,
            &Ending {
                reception: seq,
                outcome: Outcome::HelpedColleague,
                overridden: None,
                ruling: None,
            },
        )
        .unwrap();
    let signed = now() + Duration::hours(2);
    let preview = store
        .preview_deal(
            &deal(helper, "1201", "王小明", "13800138000", signed),
            Answers::default(),
            None,
            signed,
        )
        .unwrap();
    assert_eq!(
        (preview.proposal.rule, preview.proposal.reason),
        ("ATT-004-1", "handed_back")
    );
    assert_eq!(
        preview.proposal.share_of(Party::Salesperson(sales[0])),
        WHOLE
    );
}

#[test]
fn att_004_6_a_customer_found_another_s_only_at_the_deal_within_60_days_is_shared_50_50() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    // s0 registered 王小明 by name 45 days ago (004: lapsed at 30, inside the 60 of §15);
    // s1 received him today under another phone, and only the subscription's name finds s0.
    let at = now() - Duration::days(45);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "王小明", "13900139000", ""),
            None,
            at,
        )
        .unwrap();
    let v = store
        .register_visit(
            clerk,
            &visit(sales[1], now(), "王先生", "13800138000", ""),
            None,
            now(),
        )
        .unwrap();
    let mut d = deal(sales[1], "1201", "王小明", "13800138000", now());
    d.grew_from = vec![(Register::Visit, v.0)];
    let preview = store
        .preview_deal(&d, Answers::default(), None, now())
        .unwrap();
    assert!(
        matches!(
            preview.case.situation,
            attribution::Situation::Unrecognised { .. }
        ),
        "{:?}",
        preview.case.situation
    );
    assert_eq!(preview.proposal.rule, "ATT-004-6");
    assert_eq!(
        preview.proposal.share_of(Party::Salesperson(sales[0])),
        5000
    );
}

#[test]
fn a_change_of_unit_keeps_the_cancelled_deals_split() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let first = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    let ok = approval(&mut store, boss);
    let halves = [
        Share {
            party: Party::Salesperson(sales[0]),
            bp: 5000,
        },
        Share {
            party: Party::Salesperson(sales[1]),
            bp: 5000,
        },
    ];
    store
        .override_deal_split(
            clerk,
            ok,
            first.deal,
            settle::Override::Change,
            &halves,
            "共同接待",
            now(),
        )
        .unwrap();
    // Not before the first deal is cancelled.
    assert!(matches!(
        store.record_deal(
            clerk,
            &deal(sales[0], "1502", "王小明", "", now()),
            Answers::default(),
            Some(first.deal),
            now()
        ),
        Err(DealError::UnitSold(_))
    ));
    store
        .cancel_deal(clerk, ok, first.deal, "换房", now())
        .unwrap();
    let second = store
        .record_deal(
            clerk,
            &deal(sales[0], "1502", "王小明", "", now()),
            Answers::default(),
            Some(first.deal),
            now(),
        )
        .unwrap();
    assert_eq!(second.proposal.shares, halves);
    assert_eq!(second.proposal.reason, "unit_changed_keeps_attribution");
}

#[test]
fn reg_4_a_correction_of_the_buyers_is_a_new_row_and_changes_no_salesperson() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 1);
    let recorded = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    assert!(matches!(
        store.correct_deal_buyers(clerk, recorded.deal, "王小明", "笔误", now()),
        Err(DealError::NothingToCorrect)
    ));
    store
        .correct_deal_buyers(
            clerk,
            recorded.deal,
            "王晓明、李娟",
            "认购书姓名笔误",
            now(),
        )
        .unwrap();
    let view = store.deal(recorded.deal).unwrap().unwrap();
    assert_eq!(view.buyers(), "王晓明、李娟");
    assert_eq!(
        view.record.buyers, "王小明",
        "the recorded row is untouched"
    );
    assert_eq!(view.shares(), recorded.proposal.shares);
}

#[test]
fn hnd_6_the_days_review_carries_the_deals_signed_and_those_cancelled_that_day() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 1);
    let tz = chrono_tz::Asia::Shanghai;
    let yesterday = now() - Duration::days(1);
    let old = store
        .record_deal(
            clerk,
            &deal(sales[0], "1201", "王小明", "", yesterday),
            Answers::default(),
            None,
            yesterday,
        )
        .unwrap();
    let new = store
        .record_deal(
            clerk,
            &deal(sales[0], "1202", "李娟", "", now()),
            Answers::default(),
            None,
            now(),
        )
        .unwrap();
    let ok = approval(&mut store, boss);
    store
        .cancel_deal(clerk, ok, old.deal, "退订", now())
        .unwrap();
    let ids = |day| -> Vec<DealId> {
        store
            .day_review(day, tz)
            .unwrap()
            .deals
            .iter()
            .map(|d| d.record.id)
            .collect()
    };
    assert_eq!(
        ids(today()),
        [old.deal, new.deal],
        "signed today, and cancelled today"
    );
    assert_eq!(ids(today().pred_opt().unwrap()), [old.deal]);
}

#[test]
fn att_004_4_a_customer_who_turned_the_owner_away_is_proposed_for_the_managers_ruling() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    for &id in &sales {
        store
            .rotate(clerk, None, today(), now(), &Command::CheckIn(id))
            .unwrap();
    }
    let rotated = store.assign_next_walk_in(clerk, today(), now()).unwrap();
    let reception = rotated.day.member(sales[0]).unwrap().reception.unwrap();
    let typed = visit(sales[0], now(), "王小明", "13800138000", "");
    store
        .register_reception_visit(clerk, &typed, reception, "", now())
        .unwrap();
    let ok = approval(&mut store, boss);
    store
        .rotate(
            clerk,
            Some(ok),
            today(),
            now() + Duration::minutes(10),
            &Command::Reject {
                reception,
                supervisor: boss,
            },
        )
        .unwrap();
    let signed = now() + Duration::hours(1);
    let preview = store
        .preview_deal(
            &deal(sales[1], "1201", "王小明", "13800138000", signed),
            Answers::default(),
            None,
            signed,
        )
        .unwrap();
    assert!(
        matches!(preview.case.situation, attribution::Situation::RefusedOwner { owner, .. } if owner == sales[0]),
        "{:?}",
        preview.case.situation
    );
    assert_eq!(preview.proposal.rule, "ATT-004-4");
    assert!(preview.proposal.ruling_needed);
}

#[test]
fn att_004_4_the_plate_of_the_visit_a_deal_grew_from_finds_the_owner_and_asks_whether_they_consented()
 {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let at = now() - Duration::days(10);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "钱先生", "", "粤B·D12345"),
            None,
            at,
        )
        .unwrap();
    let later = now() - Duration::days(2);
    let v = store
        .register_visit(
            clerk,
            &visit(sales[1], later, "钱先生", "", "粤B·D12345"),
            None,
            later,
        )
        .unwrap();
    let mut d = deal(sales[1], "1201", "钱伟", "", now());
    d.grew_from = vec![(Register::Visit, v.0)];
    let preview = store
        .preview_deal(&d, Answers::default(), None, now())
        .unwrap();
    assert_eq!(
        preview.candidates.len(),
        2,
        "both visits, by plate and surname"
    );
    assert_eq!(preview.proposal.rule, "ATT-004-4");
    assert_eq!(
        preview.proposal.needs,
        [attribution::Question::OwnerConsented]
    );
    let answered = Answers {
        owner_consented: Some(true),
        ..Answers::default()
    };
    let preview = store.preview_deal(&d, answered, None, now()).unwrap();
    assert_eq!(
        preview.proposal.share_of(Party::Salesperson(sales[1])),
        2000
    );
    let refused = Answers {
        owner_consented: Some(false),
        ..Answers::default()
    };
    let preview = store.preview_deal(&d, refused, None, now()).unwrap();
    assert!(preview.proposal.grabbing, "ROT-14: no consent is grabbing");
    assert_eq!(
        preview.proposal.share_of(Party::Salesperson(sales[0])),
        WHOLE
    );
}

#[test]
fn att_v_4_reg_8_a_confirmed_employee_referral_gives_the_referrer_30_and_the_receiver_70() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let tz = chrono_tz::Asia::Shanghai;
    let name = crate::domain::register::CustomerName::parse("陈晓").unwrap();
    let phone = crate::domain::register::Phone::parse("13800138000").unwrap();
    // The clerk (not a salesperson) refers a friend for today.
    let referral = store
        .register_employee_referral(
            clerk,
            clerk,
            &name,
            &phone,
            today(),
            now() - Duration::days(2),
        )
        .unwrap();
    let v = store
        .register_visit(
            clerk,
            &visit(sales[1], now(), "陈晓", "13800138000", ""),
            None,
            now(),
        )
        .unwrap();
    let d = deal(
        sales[1],
        "1201",
        "陈晓",
        "13800138000",
        now() + Duration::hours(1),
    );
    // Not yet confirmed: void for the deal, the receiver's whole.
    let preview = store
        .preview_deal(&d, Answers::default(), None, now())
        .unwrap();
    assert_eq!(preview.proposal.reason, "employee_referral_void");
    let ok = approval(&mut store, boss);
    store
        .confirm_employee_referral(clerk, ok, referral, v, now(), tz)
        .unwrap();
    let preview = store
        .preview_deal(&d, Answers::default(), None, now())
        .unwrap();
    assert_eq!(preview.proposal.rule, "ATT-V-4");
    assert_eq!(preview.proposal.share_of(Party::Referrer(clerk)), 3000);
    assert_eq!(
        preview.proposal.share_of(Party::Salesperson(sales[1])),
        7000
    );
}

#[test]
fn reg_7_a_referral_announced_for_the_referrers_salesperson_proposes_that_salesperson() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let tz = chrono_tz::Asia::Shanghai;
    let policy = store.office_settings().unwrap().policy().clone();
    // s0's old customer 林老师 announced a friend for today; s1 received the friend.
    let at = now() - Duration::days(200);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "林老师", "13700137000", ""),
            None,
            at,
        )
        .unwrap();
    let v = store
        .register_visit(
            clerk,
            &visit(sales[1], now(), "郭敏", "13800138000", ""),
            None,
            now(),
        )
        .unwrap();
    let announced = crate::store::referral::NewCustomerReferral {
        referrer_name: Some("林老师".into()),
        referrer_phone: Some("13700137000".into()),
        announced_at: Some(now() - Duration::hours(3)),
        named_salesperson: Some(sales[0]),
    };
    store
        .register_customer_referral(clerk, v, &announced, now(), tz, &policy)
        .unwrap();
    let d = deal(
        sales[1],
        "1201",
        "郭敏",
        "13800138000",
        now() + Duration::hours(1),
    );
    let preview = store
        .preview_deal(&d, Answers::default(), None, now())
        .unwrap();
    assert!(
        matches!(
            preview.case.situation,
            attribution::Situation::OldCustomerReferral { original, announced: true, .. }
                if original == sales[0]
        ),
        "{:?}",
        preview.case.situation
    );
    assert!(
        preview.proposal.share_of(Party::Salesperson(sales[0])) >= 8000,
        "the announced salesperson is the owner: {:?}",
        preview.proposal
    );
}

#[test]
fn att_004_4_a_colleague_who_registered_the_owners_customer_knowingly_is_asked_about_consent() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    for (who, days) in [(0, 10), (1, 2)] {
        let at = now() - Duration::days(days);
        store
            .register_visit(
                clerk,
                &visit(sales[who], at, "王小明", "13800138000", ""),
                None,
                at,
            )
            .unwrap();
    }
    // No visit named: the closer's own registration is found by the check all the same.
    let d = deal(sales[1], "1201", "王小明", "13800138000", now());
    let preview = store
        .preview_deal(&d, Answers::default(), None, now())
        .unwrap();
    assert_eq!(preview.proposal.rule, "ATT-004-4");
    assert_eq!(
        preview.proposal.needs,
        [attribution::Question::OwnerConsented]
    );
}

#[test]
fn att_14_10_a_deal_by_the_salesperson_a_leaving_colleagues_customer_was_redistributed_to_cites_it()
{
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let tz = chrono_tz::Asia::Shanghai;
    let policy = store.office_settings().unwrap().policy().clone();
    let at = now() - Duration::days(10);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "王小明", "13800138000", ""),
            None,
            at,
        )
        .unwrap();
    let shown = store
        .redistribution_draw(sales[0], 7, now(), tz, &policy)
        .unwrap();
    assert_eq!(shown.moves.len(), 1);
    let ok = approval(&mut store, boss);
    store
        .redistribute(clerk, ok, &shown, now(), tz, &policy)
        .unwrap();
    let signed = now() + Duration::days(1);
    let d = deal(sales[1], "1201", "王小明", "13800138000", signed);
    let preview = store
        .preview_deal(&d, Answers::default(), None, signed)
        .unwrap();
    assert_eq!(
        (preview.proposal.rule, preview.proposal.reason),
        ("ATT-14-10", "redistributed_customer"),
        "{:?}",
        preview.case.situation
    );
    assert_eq!(
        preview.proposal.share_of(Party::Salesperson(sales[1])),
        WHOLE
    );
}
