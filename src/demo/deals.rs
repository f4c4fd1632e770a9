//! The demo's deal desk (issue 17): a year of deals grown from the generated register —
//! most the closer's own customers, confirmed by the manager the next day — and among them
//! every kind of split the office meets, each made from the events that decide it, never
//! written as a bare result: a helper's deal on the spot for an absent owner, found through a
//! past day's rotation (ATT-004-1, 20/80); a customer received unknowingly inside 004's second
//! window (ATT-004-6, 50/50); a group purchase to the pool (ATT-004-7); a company customer the
//! manager rules on in writing; a split the manager changed with a reason; two buyers whose
//! name and phone lead to different salespeople (ATT-004-5); a cancellation this month, a
//! change of unit that keeps its split, and two deals still waiting for the manager — one
//! asking whether the owner consented (ATT-004-4).

use chrono::{DateTime, Days, Duration, Utc};
use chrono_tz::Tz;

use super::DEMO_PIN;
use super::people::Rng;
use super::register::Size;
use crate::domain::attribution::{Answers, Party, Share};
use crate::domain::clock::business_day;
use crate::domain::deal::{Deal, DealForm, DealKind, check};
use crate::domain::register::{Class, CustomerName, Phone, Register, Source, VisitRegistration};
use crate::domain::rotation::{Command, Event, Outcome};
use crate::domain::staff::StaffId;
use crate::domain::workdays::local_hour;
use crate::store::deals::{DealError, Override};
use crate::store::reception::{Ending, HandedOver};
use crate::store::register::VisitId;
use crate::store::{Approval, Result, Store, StoreError};

/// The demo's desk for deals: who records, who approves, the salespeople, the clock.
struct DealDesk<'a> {
    store: &'a mut Store,
    clerk: StaffId,
    boss: StaffId,
    approval: Approval,
    sales: &'a [StaffId],
    now: DateTime<Utc>,
    tz: Tz,
    units: Units,
}

/// Units of the project handed out in order: buildings 1–6, floors 2–30, rooms 01–04.
struct Units(u32);

impl Units {
    fn next(&mut self) -> (String, String) {
        self.0 += 7; // Not the next door: sales spread over the project.
        let n = self.0 % (6 * 29 * 4);
        let building = n / (29 * 4) + 1;
        let floor = (n / 4) % 29 + 2;
        let room = n % 4 + 1;
        (format!("{building}栋"), format!("{floor}{room:02}"))
    }
}

fn deal_error(e: DealError) -> StoreError {
    match e {
        DealError::Store(e) => e,
        other => StoreError::Other(format!("demo deal: {other}")),
    }
}

impl DealDesk<'_> {
    fn form(&mut self, closer: StaffId, buyers: &str, phone: &str, at: DateTime<Utc>) -> Deal {
        let (building, room) = self.units.next();
        let price_wan = 90 + (self.units.0 % 210);
        check(
            &DealForm {
                signed_at: at,
                kind: DealKind::Customer,
                building,
                room,
                buyers: buyers.into(),
                phone: phone.into(),
                deposit: "5万".into(),
                price: format!("{price_wan}万"),
                closer: Some(closer),
                grew_from: Vec::new(),
            },
            at,
            self.tz,
        )
        .expect("the demo's deals are valid")
    }

    /// Records `deal` half an hour after signing; returns its id and proposal event.
    fn record(&mut self, deal: &Deal, answers: Answers) -> Result<(i64, i64)> {
        let recorded = self
            .store
            .record_deal(
                self.clerk,
                deal,
                answers,
                None,
                deal.signed_at + Duration::minutes(30),
            )
            .map_err(deal_error)?;
        Ok((recorded.deal, recorded.proposal_event))
    }

    /// The manager confirms the proposal the next morning (or now, if sooner).
    fn confirm(&mut self, deal: i64, proposal: i64, signed: DateTime<Utc>) -> Result<()> {
        let at = (signed + Duration::hours(20)).min(self.now);
        match self
            .store
            .confirm_deal(self.clerk, self.approval, deal, proposal, at)
        {
            // A proposal that still asks a question waits for the manager, as at the desk.
            Ok(()) | Err(DealError::Unanswered(_)) => Ok(()),
            Err(e) => Err(deal_error(e)),
        }
    }

    fn visit(
        &mut self,
        salesperson: StaffId,
        name: &str,
        phone: &str,
        at: DateTime<Utc>,
    ) -> Result<VisitId> {
        let visit = VisitRegistration {
            visited_at: at,
            name: CustomerName::parse(name).ok(),
            phone: Phone::parse(phone).ok(),
            work_unit: None,
            intent: Some("三居".into()),
            source: Some(Source::Web),
            salesperson,
            car_brand: None,
            plate: None,
            party: None,
            class: Some(Class::A),
            notes: None,
        };
        self.store.register_visit(self.clerk, &visit, None, at)
    }

    /// `days` ago at `hour` office time.
    fn at(&self, days: u64, hour: u8) -> DateTime<Utc> {
        local_hour(
            business_day(self.now, self.tz) - Days::new(days),
            hour,
            self.tz,
        )
    }
}

/// Writes the demo's deals. `visits`: the generated register's visits with their ids.
#[allow(clippy::too_many_arguments)]
pub fn write(
    store: &mut Store,
    clerk: StaffId,
    boss: StaffId,
    sales: &[StaffId],
    visits: &[(VisitId, VisitRegistration)],
    now: DateTime<Utc>,
    tz: Tz,
    size: Size,
) -> Result<()> {
    let approval = store.approve(Some(clerk), boss, DEMO_PIN, now)?;
    let mut desk = DealDesk {
        store,
        clerk,
        boss,
        approval,
        sales,
        now,
        tz,
        units: Units(0),
    };
    routine(&mut desk, visits, size)?;
    helper_on_the_spot(&mut desk)?;
    unknowing_within_the_second_window(&mut desk)?;
    pool_and_company(&mut desk)?;
    family_apart(&mut desk)?;
    cancellation_and_change_of_unit(&mut desk)?;
    waiting_for_the_manager(&mut desk)?;
    Ok(())
}

/// The year's ordinary deals: a visit's customer buys from the salesperson who received
/// them, a few days later; the manager confirms the next morning. One in twelve the manager
/// changes to a shared split with a reason, as happens when two worked the customer.
fn routine(
    desk: &mut DealDesk<'_>,
    visits: &[(VisitId, VisitRegistration)],
    size: Size,
) -> Result<()> {
    let wanted = (size.0 as usize * 6).max(12);
    let year_ago = desk.now - Duration::days(365);
    let last = desk.now - Duration::days(3);
    let mut rng = Rng(0x5eed_2026_0017);
    let mut seen = std::collections::HashSet::new();
    let candidates: Vec<&(VisitId, VisitRegistration)> = visits
        .iter()
        .filter(|(_, v)| {
            v.visited_at > year_ago
                && v.visited_at < last
                && desk.sales.contains(&v.salesperson)
                && v.phone.is_some()
                && v.name.as_ref().is_some_and(|n| n.full().is_some())
        })
        .collect();
    let stride = (candidates.len() / wanted).max(1);
    let mut written = 0;
    for (id, v) in candidates.iter().step_by(stride) {
        let phone = v
            .phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        if written >= wanted || !seen.insert(phone.clone()) {
            continue;
        }
        let signed =
            (v.visited_at + Duration::days(rng.below(6) as i64) + Duration::hours(2)).min(last);
        let name = v
            .name
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default();
        let mut deal = desk.form(v.salesperson, &name, &phone, signed);
        deal.grew_from = vec![(Register::Visit, id.0)];
        let (deal_id, proposal) = desk.record(&deal, Answers::default())?;
        if written % 12 == 5 {
            let other = desk.sales[(rng.below(desk.sales.len())) % desk.sales.len()];
            if other != v.salesperson {
                let shares = [
                    Share {
                        party: Party::Salesperson(v.salesperson),
                        bp: 6000,
                    },
                    Share {
                        party: Party::Salesperson(other),
                        bp: 4000,
                    },
                ];
                desk.store
                    .override_deal_split(
                        desk.clerk,
                        desk.approval,
                        deal_id,
                        Override::Change,
                        &shares,
                        "两人共同带看并跟进，经理调整分成",
                        (signed + Duration::hours(20)).min(desk.now),
                    )
                    .map_err(deal_error)?;
                written += 1;
                continue;
            }
        }
        desk.confirm(deal_id, proposal, signed)?;
        written += 1;
    }
    Ok(())
}

/// ATT-004-1 (004 §9): twelve days ago 赵强 was not in; his customer of three weeks before
/// came back, the walk-in's receiver found her his, the desk handed her to a helper on his
/// behalf, and she signed with the helper before that reception ended: 20 helper / 80 赵强.
fn helper_on_the_spot(desk: &mut DealDesk<'_>) -> Result<()> {
    let owner = desk.sales[6];
    let (name, phone) = ("郑雅琴", "19912340001");
    desk.visit(owner, name, phone, desk.at(33, 11))?;
    let day = business_day(desk.at(12, 9), desk.tz);
    let mut at = desk.at(12, 9);
    for &id in &desk.sales[..3] {
        desk.store
            .rotate(desk.clerk, None, day, at, &Command::CheckIn(id))?;
        at += Duration::minutes(2);
    }
    let rotated = desk.store.assign_next_walk_in(desk.clerk, day, at)?;
    let Some(reception) = rotated.appended.iter().find_map(|l| match l.event {
        Event::ReceptionStarted { .. } => Some(l.seq),
        _ => None,
    }) else {
        return Ok(());
    };
    let receiver = rotated
        .appended
        .iter()
        .find_map(|l| match l.event {
            Event::ReceptionStarted { salesperson, .. } => Some(salesperson),
            _ => None,
        })
        .unwrap_or(desk.sales[0]);
    at += Duration::minutes(5);
    let visit = VisitRegistration {
        visited_at: at,
        name: CustomerName::parse(name).ok(),
        phone: Phone::parse(phone).ok(),
        work_unit: None,
        intent: Some("四居".into()),
        source: Some(Source::CustomerReferral),
        salesperson: receiver,
        car_brand: None,
        plate: None,
        party: None,
        class: Some(Class::A),
        notes: None,
    };
    let registered = desk
        .store
        .register_reception_visit(desk.clerk, &visit, reception, "", at)?;
    at += Duration::minutes(5);
    let ended = desk.store.end_reception(
        desk.clerk,
        None,
        day,
        at,
        &Ending {
            reception,
            outcome: Outcome::ColleagueOldCustomer,
            overridden: None,
            ruling: None,
        },
    )?;
    let Some(HandedOver::Started(_)) = ended.handed_over else {
        return Ok(());
    };
    let Some((helper, helping)) = ended.rotated.appended.iter().find_map(|l| match l.event {
        Event::ReceptionStarted { salesperson, .. } => Some((salesperson, l.seq)),
        _ => None,
    }) else {
        return Ok(());
    };
    let signed = at + Duration::minutes(50);
    let mut deal = desk.form(helper, name, phone, signed);
    deal.grew_from = vec![(Register::Visit, registered.id.0)];
    let (deal_id, proposal) = desk.record(&deal, Answers::default())?;
    desk.store.end_reception(
        desk.clerk,
        None,
        day,
        signed + Duration::minutes(20),
        &Ending {
            reception: helping,
            outcome: Outcome::HelpedColleague,
            overridden: None,
            ruling: None,
        },
    )?;
    desk.confirm(deal_id, proposal, signed)
}

/// ATT-004-6 (004 §15–16): 陈静 registered 冯丽 44 days before; 杨帆, not knowing, received
/// her under another number; the subscription's name found 陈静 on the deal's day: 50/50.
fn unknowing_within_the_second_window(desk: &mut DealDesk<'_>) -> Result<()> {
    let (first, second) = (desk.sales[4], desk.sales[5]);
    desk.visit(first, "冯丽", "19912340002", desk.at(50, 15))?;
    let v = desk.visit(second, "冯女士", "19912340003", desk.at(8, 10))?;
    let signed = desk.at(6, 16);
    let mut deal = desk.form(second, "冯丽", "19912340003", signed);
    deal.grew_from = vec![(Register::Visit, v.0)];
    let (id, proposal) = desk.record(&deal, Answers::default())?;
    desk.confirm(id, proposal, signed)
}

/// A group purchase arranged with the developer (ATT-004-7: to the pool under 004's numbers)
/// and a company customer, for which 004 has no rule: the manager rules in writing.
fn pool_and_company(desk: &mut DealDesk<'_>) -> Result<()> {
    let signed = desk.at(40, 11);
    let mut deal = desk.form(desk.sales[2], "华南电力职工团购", "19912340004", signed);
    deal.kind = DealKind::GroupPurchase;
    let (id, proposal) = desk.record(&deal, Answers::default())?;
    desk.confirm(id, proposal, signed)?;
    let signed = desk.at(25, 14);
    let mut deal = desk.form(
        desk.sales[3],
        "广州市恒达贸易有限公司",
        "19912340005",
        signed,
    );
    deal.kind = DealKind::Company;
    let (id, _) = desk.record(&deal, Answers::default())?;
    let closer = desk.sales[3];
    desk.store
        .override_deal_split(
            desk.clerk,
            desk.approval,
            id,
            Override::Ruling,
            &[
                Share {
                    party: Party::Salesperson(closer),
                    bp: 7000,
                },
                Share {
                    party: Party::Pool,
                    bp: 3000,
                },
            ],
            "公司客户由公司介绍、刘洋跟进：按万科6(1)3 七三分，经理书面裁定",
            signed + Duration::days(1),
        )
        .map_err(deal_error)
}

/// Two buyers on one subscription: the husband's name leads to 李娜's registration, the
/// phone to 刘洋's registration of the wife (ATT-004-5, family: the first reception decides).
fn family_apart(desk: &mut DealDesk<'_>) -> Result<()> {
    desk.visit(desk.sales[1], "魏强", "19912340006", desk.at(20, 10))?;
    desk.visit(desk.sales[3], "周敏", "19912340007", desk.at(9, 15))?;
    let signed = desk.at(4, 17);
    let deal = desk.form(desk.sales[3], "魏强、周敏", "19912340007", signed);
    let (id, proposal) = desk.record(&deal, Answers::default())?;
    desk.confirm(id, proposal, signed)
}

/// This month: a buyer withdraws (退订) — the sheet reverses the split in this month — and
/// another changes unit (换房): cancelled, and a new deal keeping the split.
fn cancellation_and_change_of_unit(desk: &mut DealDesk<'_>) -> Result<()> {
    let seller = desk.sales[0];
    desk.visit(seller, "钱多多", "19912340008", desk.at(15, 10))?;
    let signed = desk.at(10, 15);
    let deal = desk.form(seller, "钱多多", "19912340008", signed);
    let (id, proposal) = desk.record(&deal, Answers::default())?;
    desk.confirm(id, proposal, signed)?;
    desk.store
        .cancel_deal(
            desk.clerk,
            desk.approval,
            id,
            "客户资金未到位，退订，定金按认购书处理",
            desk.at(2, 11),
        )
        .map_err(deal_error)?;
    let seller = desk.sales[1];
    desk.visit(seller, "孙悦", "19912340009", desk.at(14, 10))?;
    let signed = desk.at(7, 11);
    let deal = desk.form(seller, "孙悦", "19912340009", signed);
    let (id, proposal) = desk.record(&deal, Answers::default())?;
    desk.confirm(id, proposal, signed)?;
    let moved = desk.at(3, 10);
    desk.store
        .cancel_deal(
            desk.clerk,
            desk.approval,
            id,
            "换房：客户改购同楼高层",
            moved,
        )
        .map_err(deal_error)?;
    let new = desk.form(seller, "孙悦", "19912340009", moved);
    let recorded = desk
        .store
        .record_deal(
            desk.clerk,
            &new,
            Answers::default(),
            Some(id),
            moved + Duration::minutes(20),
        )
        .map_err(deal_error)?;
    desk.confirm(recorded.deal, recorded.proposal_event, moved)
}

/// Yesterday and today: 王芳's customer bought from 张伟, who saw at the visit whose she was
/// — did 王芳 consent (ATT-004-4)? And a walk-in's deal this morning, not yet confirmed.
fn waiting_for_the_manager(desk: &mut DealDesk<'_>) -> Result<()> {
    desk.visit(desk.sales[0], "韩梅", "19912340010", desk.at(10, 11))?;
    let v = desk.visit(desk.sales[2], "韩梅", "19912340010", desk.at(3, 14))?;
    let signed = desk.at(1, 16);
    let mut deal = desk.form(desk.sales[2], "韩梅", "19912340010", signed);
    deal.grew_from = vec![(Register::Visit, v.0)];
    desk.record(&deal, Answers::default())?;
    let signed = (desk.now - Duration::hours(1)).max(desk.at(0, 0));
    let deal = desk.form(desk.sales[4], "蒋文", "19912340011", signed);
    desk.record(&deal, Answers::default())?;
    let _ = desk.boss;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use crate::domain::settings::OfficeSettings;
    use crate::store::Store;
    use crate::store::deals::Standing;

    #[test]
    fn the_demo_year_of_deals_has_every_kind_of_split_a_cancellation_and_deals_waiting() {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 3, 30, 0)
            .unwrap();
        super::super::populate(&mut store, &OfficeSettings::default(), now).unwrap();
        let deals = store.deals_page("", (0, 1000)).unwrap();
        assert!(deals.len() >= 20, "{}", deals.len());
        let rules: std::collections::HashSet<&str> =
            deals.iter().filter_map(|d| d.rule()).collect();
        for rule in ["REG-5", "ATT-004-1", "ATT-004-6", "ATT-004-7"] {
            assert!(rules.contains(rule), "{rule} in {rules:?}");
        }
        let standing: Vec<Standing> = deals.iter().map(|d| d.standing()).collect();
        assert!(
            standing
                .iter()
                .any(|s| matches!(s, Standing::Cancelled { .. }))
        );
        assert!(
            standing
                .iter()
                .any(|s| matches!(s, Standing::Proposed { open: true, .. }))
        );
        assert!(
            standing
                .iter()
                .any(|s| matches!(s, Standing::Proposed { open: false, .. }))
        );
        assert!(standing.iter().any(|s| matches!(
            s,
            Standing::Settled {
                how: crate::domain::deal::EventKind::Ruled,
                ..
            }
        )));
        let helper = deals
            .iter()
            .find(|d| d.rule() == Some("ATT-004-1"))
            .unwrap();
        let mut bps: Vec<u32> = helper.shares().iter().map(|s| s.bp).collect();
        bps.sort_unstable();
        assert_eq!(bps, [2000, 8000]);
        assert_eq!(store.verify_all().unwrap(), None);
    }
}
