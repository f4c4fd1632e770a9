//! The demo's referrals (issue 17 §3): a visit referred by an old customer (REG-7) and two
//! employee referrals still pending (REG-8), one of them for today, so a newcomer sees the
//! referral lines in the ownership panel and the record, and can confirm one at a visit.
//!
//! # To try
//! - **林可欣 139 0909 2030**: received by 李娜 three days ago, referred by 刘沐宸 (王芳's
//!   returning customer), announced the day before — the record says the referral names
//!   王芳 (REG-7 under 004).
//! - **何雨桐 139 1010 2040**: referred by 前台老周 (a clerk: any staff member may refer,
//!   ATT-V-4) for today; register her visit (`v`) and the supervisor's confirmation follows.
//! - **高子涵 139 1111 2050**: referred by 赵强 for three days from now; pending (`s` lists it).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::domain::clock::business_day;
use crate::domain::policy::Policy;
use crate::domain::register::{Class, CustomerName, Phone, Source, VisitRegistration};
use crate::domain::staff::StaffId;
use crate::store::referral::NewCustomerReferral;
use crate::store::{Result, Store};

/// Writes the referrals; `sales` in the demo's order (王芳, 李娜, … 赵强 at 6), `night` the
/// night clerk. `now` is before the morning's first event.
pub fn write(
    store: &mut Store,
    clerk: StaffId,
    sales: &[StaffId],
    night: StaffId,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<()> {
    let parse_phone = |p: &str| Phone::parse(p).ok();
    let parse_name = |n: &str| CustomerName::parse(n).ok();
    let at = now - Duration::days(3);
    let referred = VisitRegistration {
        visited_at: at,
        name: parse_name("林可欣"),
        phone: parse_phone("13909092030"),
        work_unit: None,
        intent: Some("两居".into()),
        source: Some(Source::CustomerReferral),
        salesperson: sales[1],
        car_brand: None,
        plate: None,
        party: None,
        class: Some(Class::B),
        notes: None,
    };
    let visit = store.register_visit(clerk, &referred, None, at)?;
    let referral = NewCustomerReferral {
        referrer_name: Some("刘沐宸".into()),
        referrer_phone: Some("139 0101 2012".into()),
        announced_at: Some(at - Duration::days(1)),
        named_salesperson: None,
    };
    store.register_customer_referral(clerk, visit, &referral, at, tz, policy)?;
    let today = business_day(now, tz);
    for (referrer, name, phone, days) in [
        (night, "何雨桐", "13910102040", 0),
        (sales[6], "高子涵", "13911112050", 3),
    ] {
        let (Some(name), Some(phone)) = (parse_name(name), parse_phone(phone)) else {
            continue;
        };
        store.register_employee_referral(
            clerk,
            referrer,
            &name,
            &phone,
            today + chrono::Days::new(days),
            now - Duration::days(1),
        )?;
    }
    Ok(())
}
