use chrono::{TimeZone, Utc};
use chrono_tz::Asia::Shanghai;

use super::*;

fn form() -> DealForm {
    DealForm {
        signed_at: Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).unwrap(),
        kind: DealKind::Customer,
        building: "3栋".into(),
        room: "1201".into(),
        buyers: "王小明、李娟".into(),
        phone: "138 0013 8000".into(),
        deposit: "5万".into(),
        price: "1,280,000".into(),
        closer: Some(crate::domain::staff::StaffId(2)),
        grew_from: vec![(Register::Visit, 7)],
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap()
}

#[test]
fn a_filled_deal_form_is_a_deal_with_its_amounts_in_fen_and_the_first_buyer_deciding() {
    let deal = check(&form(), now(), Shanghai).unwrap();
    assert_eq!(deal.deposit_fen, 5_000_000);
    assert_eq!(deal.price_fen, Some(128_000_000));
    assert_eq!(deal.buyers.first().as_str(), "王小明");
    assert_eq!(deal.buyers.names.len(), 2);
    assert_eq!(deal.deal_on, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    assert_eq!(deal.phone.unwrap().as_str(), "13800138000");
}

#[test]
fn the_deal_date_is_the_office_date_of_signing_not_utc() {
    let mut f = form();
    // 23:30 UTC on the 19th is 07:30 on the 20th in Shanghai.
    f.signed_at = Utc.with_ymd_and_hms(2026, 11, 19, 23, 30, 0).unwrap();
    assert_eq!(
        check(&f, now(), Shanghai).unwrap().deal_on,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
}

#[test]
fn every_problem_is_named_by_its_field_at_once() {
    let mut f = form();
    f.building = " ".into();
    f.buyers = "\u{1b}[31m".into();
    f.phone = "12345".into();
    f.deposit = "0".into();
    f.price = "abc".into();
    f.closer = None;
    let problems = check(&f, now(), Shanghai).unwrap_err();
    let fields: Vec<DealField> = problems.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        [
            DealField::Building,
            DealField::Buyers,
            DealField::Phone,
            DealField::Deposit,
            DealField::Price,
            DealField::Closer
        ]
    );
    assert!(problems.contains(&(DealField::Deposit, DealProblem::NotPositive)));
    assert!(problems.contains(&(DealField::Price, DealProblem::NotAnAmount)));
}

#[test]
fn a_price_below_the_deposit_and_an_amount_past_the_limit_are_refused() {
    let mut f = form();
    f.price = "10000".into();
    assert_eq!(
        check(&f, now(), Shanghai).unwrap_err(),
        [(DealField::Price, DealProblem::BelowDeposit)]
    );
    f.price = String::new();
    f.deposit = "20000000000".into(); // 200 亿 yuan
    assert_eq!(
        check(&f, now(), Shanghai).unwrap_err(),
        [(DealField::Deposit, DealProblem::NotAnAmount)]
    );
}

#[test]
fn a_deal_signed_after_now_or_too_long_ago_is_refused_the_edge_day_accepted() {
    let mut f = form();
    f.signed_at = now() + chrono::Duration::minutes(1);
    assert_eq!(
        check(&f, now(), Shanghai).unwrap_err(),
        [(DealField::SignedAt, DealProblem::InFuture)]
    );
    f.signed_at = now() - chrono::Duration::days(RECORD_WITHIN_DAYS);
    assert!(check(&f, now(), Shanghai).is_ok());
    f.signed_at = now() - chrono::Duration::days(RECORD_WITHIN_DAYS + 1);
    assert_eq!(
        check(&f, now(), Shanghai).unwrap_err(),
        [(DealField::SignedAt, DealProblem::TooLongAgo)]
    );
}

#[test]
fn no_phone_is_allowed_the_buyer_named_on_the_subscription_decides() {
    let mut f = form();
    f.phone = String::new();
    assert_eq!(check(&f, now(), Shanghai).unwrap().phone, None);
}

#[test]
fn one_unit_written_two_ways_is_one_unit() {
    let a = Unit {
        building: "3栋".into(),
        room: "1201".into(),
    };
    let b = Unit {
        building: "３栋 ".into(),
        room: "１２０１".into(),
    };
    let c = Unit {
        building: "A座".into(),
        room: "1201".into(),
    };
    let d = Unit {
        building: "a座".into(),
        room: "1201".into(),
    };
    assert_eq!(a.key(), b.key());
    assert_eq!(c.key(), d.key());
    assert_ne!(a.key(), c.key());
}
