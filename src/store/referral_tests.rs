//! Store tests of referrals (REG-7, REG-8) and ATT-14-10's redistribution: what is written,
//! chained and audited, and how the ownership check reads it.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::redistribution::Draw;
use super::referral::{NewCustomerReferral, ReferralRefusal};
use super::register::tests::visit;
use super::tests::{now, office};
use super::{Store, StoreError};
use crate::domain::attribution::Preset;
use crate::domain::policy::Policy;
use crate::domain::register::{CustomerName, Identity, Phone, ReferralGround, Register, Verdict};
use crate::domain::staff::StaffId;

fn tz() -> chrono_tz::Tz {
    chrono_tz::Asia::Shanghai
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn days_ago(d: i64) -> DateTime<Utc> {
    now() - Duration::days(d)
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn last_action(store: &Store) -> String {
    store.audit_trail().unwrap().last().unwrap().action.clone()
}

#[test]
fn reg_7_a_customer_referral_is_kept_with_the_visit_chained_naming_the_referrer_s_salesperson() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 3);
    let policy = Policy::preset("vanke");
    // The referrer bought long ago from sales[0]; the referred customer is received by
    // sales[1] today, announced in advance.
    let old = visit(sales[0], days_ago(200), "王老客", "13800001111", "");
    store
        .register_visit(clerk, &old, None, days_ago(200))
        .unwrap();
    let new = visit(sales[1], now(), "赵新", "13900002222", "");
    let id = store.register_visit(clerk, &new, None, now()).unwrap();
    let referral = NewCustomerReferral {
        referrer_name: Some("王老客".into()),
        referrer_phone: None,
        announced_at: Some(days_ago(1)),
        named_salesperson: None,
    };
    store
        .register_customer_referral(clerk, id, &referral, now(), tz(), &policy)
        .unwrap();
    let stored = store.customer_referral_for_visit(id.0).unwrap().unwrap();
    assert_eq!(stored.found_salesperson, Some(sales[0]));
    assert_eq!(stored.found, Some((Register::Visit, 1)));
    assert_eq!(stored.announced_at, Some(days_ago(1)));
    let implied = stored.implies(sales[1], Preset::of(&policy));
    assert_eq!(
        (implied.owner, implied.ground, implied.rule),
        (sales[0], ReferralGround::Announced, "ATT-V-6")
    );
    assert_eq!(store.customer_referral_for_visit(id.0 + 5).unwrap(), None);
    assert_eq!(store.verify_all().unwrap(), None);
    assert_eq!(last_action(&store), "register_customer_referral");
    assert!(
        store
            .conn
            .execute("DELETE FROM customer_referrals", [])
            .is_err(),
        "append-only"
    );
}

#[test]
fn reg_7_a_referrer_the_registers_do_not_know_is_kept_as_typed_and_the_rotation_applies() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let policy = Policy::preset("004");
    let id = store
        .register_visit(
            clerk,
            &visit(sales[1], now(), "赵新", "13900002222", ""),
            None,
            now(),
        )
        .unwrap();
    let referral = NewCustomerReferral {
        referrer_name: Some("钱不知".into()),
        referrer_phone: Some("139 0000 9999".into()),
        ..NewCustomerReferral::default()
    };
    store
        .register_customer_referral(clerk, id, &referral, now(), tz(), &policy)
        .unwrap();
    let stored = store.customer_referral_for_visit(id.0).unwrap().unwrap();
    assert_eq!(stored.found, None);
    assert_eq!(stored.referrer_phone.as_deref(), Some("139 0000 9999"));
    assert_eq!(
        stored.referrer.phone.as_ref().map(Phone::as_str),
        Some("13900009999")
    );
    let implied = stored.implies(sales[1], Preset::of(&policy));
    assert_eq!((implied.owner, implied.rule), (sales[1], "REG-7"));
}

fn refer_today(store: &mut Store, clerk: StaffId, referrer: StaffId, on: NaiveDate) -> i64 {
    store
        .register_employee_referral(
            clerk,
            referrer,
            &CustomerName::parse("孙推荐").unwrap(),
            &Phone::parse("13700003333").unwrap(),
            on,
            days_ago(2),
        )
        .unwrap()
}

#[test]
fn reg_8_a_referral_registered_before_the_visit_is_confirmed_there_by_a_supervisor_and_chained() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    // A non-salesperson refers: the clerk (ATT-V-4: any staff member).
    let id = refer_today(&mut store, clerk, clerk, today());
    let pending = store.pending_employee_referrals(today()).unwrap();
    assert_eq!(pending.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    assert_eq!(pending[0].referrer, clerk);
    let v = visit(sales[0], now(), "孙推荐", "13700003333", "");
    let visit_id = store.register_visit(clerk, &v, None, now()).unwrap();
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    store
        .confirm_employee_referral(clerk, approval, id, visit_id, now(), tz())
        .unwrap();
    let confirmed = store
        .employee_referral_for_visit(visit_id.0)
        .unwrap()
        .unwrap();
    assert_eq!(confirmed.referrer, clerk);
    assert_eq!(confirmed.appointment_on, today());
    assert_eq!(confirmed.confirmed_by(), Some(boss));
    assert!(
        store
            .pending_employee_referrals(today())
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.verify_all().unwrap(), None);
    assert_eq!(last_action(&store), "confirm_employee_referral");
    // A second confirmation is refused, nothing written.
    let again = store.confirm_employee_referral(clerk, approval, id, visit_id, now(), tz());
    assert!(matches!(
        again,
        Err(StoreError::Referral(ReferralRefusal::AlreadyConfirmed))
    ));
    assert_eq!(count(&store, "employee_referral_confirmations"), 1);
}

#[test]
fn reg_8_a_referral_is_void_the_day_after_its_appointment_and_cannot_be_confirmed_before_it() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let tomorrow = today().succ_opt().unwrap();
    let later = refer_today(&mut store, clerk, sales[1], tomorrow);
    let v = visit(sales[0], now(), "孙推荐", "13700003333", "");
    let visit_id = store.register_visit(clerk, &v, None, now()).unwrap();
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    // Its day is tomorrow: not today's to confirm.
    let early = store.confirm_employee_referral(clerk, approval, later, visit_id, now(), tz());
    assert!(matches!(
        early,
        Err(StoreError::Referral(ReferralRefusal::NotConfirmableToday))
    ));
    // Still pending on its day; void (gone from the pending list) the day after.
    assert_eq!(store.pending_employee_referrals(tomorrow).unwrap().len(), 1);
    let after = tomorrow.succ_opt().unwrap();
    assert!(store.pending_employee_referrals(after).unwrap().is_empty());
    let late = store.confirm_employee_referral(
        clerk,
        approval,
        later,
        visit_id,
        now() + Duration::days(2),
        tz(),
    );
    assert!(matches!(
        late,
        Err(StoreError::Referral(ReferralRefusal::NotConfirmableToday))
    ));
    assert_eq!(count(&store, "employee_referral_confirmations"), 0);
}

#[test]
fn reg_8_a_wrong_pin_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 1);
    refer_today(&mut store, clerk, sales[0], today());
    let wrong = store.approve(Some(clerk), boss, "0000", now());
    assert!(matches!(wrong, Err(StoreError::WrongPin)), "{wrong:?}");
    assert_eq!(count(&store, "employee_referral_confirmations"), 0);
}

/// An office where sales[0] holds four customers registered five days ago, and one more whose
/// registration lapsed long ago.
fn leaving_office() -> (Store, StaffId, StaffId, Vec<StaffId>) {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 4);
    for (i, name) in ["甲一", "乙二", "丙三", "丁四"].iter().enumerate() {
        let phone = format!("1380000{:04}", 1000 + i);
        let v = visit(sales[0], days_ago(5), name, &phone, "");
        store.register_visit(clerk, &v, None, days_ago(5)).unwrap();
    }
    let v = visit(sales[0], days_ago(100), "戊五", "13800009999", "");
    store
        .register_visit(clerk, &v, None, days_ago(100))
        .unwrap();
    (store, boss, clerk, sales)
}

fn who(name: &str, phone: &str) -> Identity {
    Identity {
        name: Some(CustomerName::parse(name).unwrap()),
        phone: Some(Phone::parse(phone).unwrap()),
        plate: None,
    }
}

#[test]
fn att_14_10_the_draw_is_reproducible_from_its_seed_and_lists_only_customers_still_held() {
    let (store, _, _, sales) = leaving_office();
    let policy = Policy::preset("rules-14");
    let draw = |seed| {
        store
            .redistribution_draw(sales[0], seed, now(), tz(), &policy)
            .unwrap()
    };
    let a: Draw = draw(42);
    assert_eq!(a, draw(42), "the same seed draws the same");
    let customers: Vec<&str> = a.moves.iter().map(|m| m.customer.as_str()).collect();
    assert_eq!(
        customers,
        ["甲一", "乙二", "丙三", "丁四"],
        "戊五 has lapsed"
    );
    assert!(a.moves.iter().all(|m| m.to != sales[0]));
    // Four customers among three others: dealt evenly, nobody gets two before all got one.
    let mut per: Vec<usize> = sales[1..]
        .iter()
        .map(|s| a.moves.iter().filter(|m| m.to == *s).count())
        .collect();
    per.sort_unstable();
    assert_eq!(per, [1, 1, 2]);
    let differs = (0..20).any(|seed| draw(seed).moves != a.moves);
    assert!(differs, "another seed may draw otherwise");
}

#[test]
fn att_14_10_the_redistribution_and_each_moved_customer_are_chained_and_audited_in_one_write() {
    let (mut store, boss, clerk, sales) = leaving_office();
    let policy = Policy::preset("rules-14");
    let shown = store
        .redistribution_draw(sales[0], 7, now(), tz(), &policy)
        .unwrap();
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    let audits = store.audit_trail().unwrap().len();
    store
        .redistribute(clerk, approval, &shown, now(), tz(), &policy)
        .unwrap();
    assert_eq!(count(&store, "redistributions"), 1);
    assert_eq!(count(&store, "redistribution_moves"), 4);
    let trail = store.audit_trail().unwrap();
    assert_eq!(trail.len(), audits + 1);
    assert_eq!(trail.last().unwrap().action, "redistribute_customers");
    assert!(trail.last().unwrap().detail.contains("seed 7"));
    let heads = store.chain_heads().unwrap();
    let length = |t: &str| heads.iter().find(|h| h.table == t).unwrap().length;
    assert_eq!(
        (length("redistributions"), length("redistribution_moves")),
        (1, 4)
    );
    assert_eq!(store.verify_all().unwrap(), None);
    assert!(
        store
            .conn
            .execute("DELETE FROM redistributions", [])
            .is_err()
    );
    // Nothing is left to give: every customer is someone else's now.
    let again = store.redistribution_draw(sales[0], 7, now(), tz(), &policy);
    assert!(matches!(
        again,
        Err(StoreError::Referral(ReferralRefusal::NothingToRedistribute))
    ));
}

#[test]
fn att_14_10_a_draw_shown_before_the_customers_changed_is_refused_and_nothing_written() {
    let (mut store, boss, clerk, sales) = leaving_office();
    let policy = Policy::preset("rules-14");
    let shown = store
        .redistribution_draw(sales[0], 7, now(), tz(), &policy)
        .unwrap();
    let v = visit(sales[0], now(), "己六", "13800008888", "");
    store.register_visit(clerk, &v, None, now()).unwrap();
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    let refused = store.redistribute(clerk, approval, &shown, now(), tz(), &policy);
    assert!(matches!(
        refused,
        Err(StoreError::Referral(ReferralRefusal::DrawChanged))
    ));
    assert_eq!(count(&store, "redistributions"), 0);
    assert_eq!(count(&store, "redistribution_moves"), 0);
}

#[test]
fn att_14_10_the_verdict_names_the_new_owner_for_the_window_and_not_after_it() {
    let (mut store, boss, clerk, sales) = leaving_office();
    let policy = Policy::preset("rules-14");
    let shown = store
        .redistribution_draw(sales[0], 11, now(), tz(), &policy)
        .unwrap();
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    store
        .redistribute(clerk, approval, &shown, now(), tz(), &policy)
        .unwrap();
    let moved = &shown.moves[0];
    let customer = who("甲一", "13800001000");
    assert_eq!(moved.customer, "甲一");
    let window = i64::from(policy.registration_valid_days);
    // The last protected day of the move (counted from its day, day 0) and the day after.
    for (days, holds) in [(1, true), (window, true), (window + 1, false)] {
        let at = now() + Duration::days(days);
        let found = store.ownership(&customer, at, tz(), &policy).unwrap();
        let r = found.redistributed.as_ref().expect("the move is shown");
        assert_eq!(
            (r.from, r.to, r.supervisor, r.seed),
            (sales[0], moved.to, boss, 11)
        );
        match (&found.verdict, holds) {
            (Verdict::Returning(claim), true) => {
                assert_eq!(claim.owner, moved.to, "day {days}");
                assert!(found.rules.contains(&"ATT-14-10"));
            }
            (verdict, false) => {
                assert!(
                    !matches!(verdict, Verdict::Returning(c) if c.owner == moved.to),
                    "day {days}: {verdict:?}"
                );
            }
            (verdict, true) => panic!("day {days}: {verdict:?}"),
        }
    }
    let cited = store.redistribution_of(&[(Register::Visit, 1)]).unwrap();
    assert_eq!(cited.len(), 1);
    assert_eq!(cited[0].to, moved.to);
}
