//! Referrals (issue 17 §3): a customer referred by an earlier customer (REG-7, 004 §10;
//! ATT-V-6; ATT-14-9) and a customer referred by a staff member (REG-8, 001 第11篇; ATT-V-4),
//! and what each implies for whose customer the referred visitor is under the office's preset.
//! Pure: the store finds and writes them, the registers pane shows them.
//!
//! Decided where the sources are silent, so a reader can argue with them:
//! - **Announced to whom.** ATT-V-6's "announced in advance with a time → that salesperson"
//!   names the salesperson the referrer announced to: the one the clerk picks as named, else
//!   the salesperson of the referrer's own registration (their salesperson is whom an old
//!   customer calls). Neither known → whoever received, as an unannounced referral.
//! - **004 §10** reads as ATT-V-6 does (announced or brought naming A → A; otherwise the
//!   rotation), cited REG-7; **rules-14** (ATT-14-9) gives the referred customer to the
//!   referrer's original receiver whatever was announced; without a referrer's registration
//!   found, it falls back to the named salesperson, else whoever received.
//! - **REG-7's seven days** are calendar days in the office's zone, the visit's day being day
//!   0: through day 7 a conflict is settled by the referral's registration; from day 8 it is a
//!   supervisor's ruling as any conflict (REG-6).
//! - **REG-8's "void if the customer does not come that day"** is read from dates: pending
//!   before and on the appointment day, void from the next day. Nothing is written when it
//!   lapses; a confirmation is only accepted on the appointment day.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::identity::Identity;
use super::ownership::Register;
use crate::domain::attribution::Preset;
use crate::domain::clock::business_day;
use crate::domain::staff::StaffId;

/// REG-7: within this many calendar days of the referred visit, a conflict is settled by the
/// referral's registration (004 §10: "七天内发现撞单的,以登记为准").
pub const REG_7_SETTLES_DAYS: i64 = 7;

/// A customer referral as registered with the referred customer's visit (REG-7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerReferral {
    pub id: i64,
    /// The referred customer's visit.
    pub visit_id: i64,
    /// The referrer's name and phone as typed.
    pub referrer_name: Option<String>,
    pub referrer_phone: Option<String>,
    /// The same, normalized (REG-3), for finding the referrer again.
    pub referrer: Identity,
    /// The referrer's own registration found by REG-3 when the referral was registered.
    pub found: Option<(Register, i64)>,
    /// That registration's salesperson: the referrer's original receiver (ATT-14-9).
    pub found_salesperson: Option<StaffId>,
    /// Announced in advance, for this time (ATT-V-6 a).
    pub announced_at: Option<DateTime<Utc>>,
    /// Brought in person naming this salesperson (ATT-V-6 b), or the salesperson the
    /// announcement named.
    pub named_salesperson: Option<StaffId>,
    pub operator: StaffId,
    pub at: DateTime<Utc>,
}

/// Why a referral implies its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralGround {
    /// Announced in advance with a time (ATT-V-6 a; 004 §10).
    Announced,
    /// Brought in person naming the salesperson (ATT-V-6 b; 004 §10).
    BroughtNaming,
    /// Neither: the rotation applies, whoever received (REG-7).
    Rotation,
    /// rules-14: the referrer's original receiver keeps the referred customer (ATT-14-9).
    OriginalReceiver,
}

/// What a referral implies: whose customer, on what ground, citing which rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Implied {
    pub owner: StaffId,
    pub ground: ReferralGround,
    pub rule: &'static str,
}

impl CustomerReferral {
    /// The salesperson an announcement or a naming points to: the one named, else the
    /// referrer's own salesperson.
    fn pointed_to(&self) -> Option<StaffId> {
        self.named_salesperson.or(self.found_salesperson)
    }

    /// Whose customer the referred visitor is, received by `receiver`, under `preset`.
    pub fn implies(&self, receiver: StaffId, preset: Option<Preset>) -> Implied {
        self.implied(preset).unwrap_or(Implied {
            owner: receiver,
            ground: ReferralGround::Rotation,
            rule: Self::rule_under(preset),
        })
    }

    /// What the referral implies before anyone receives: `None` when the rotation decides
    /// (whoever receives), as it does for a referral neither announced nor naming anyone.
    pub fn implied(&self, preset: Option<Preset>) -> Option<Implied> {
        if preset == Some(Preset::Rules14)
            && let Some(original) = self.found_salesperson.or(self.named_salesperson)
        {
            return Some(Implied {
                owner: original,
                ground: ReferralGround::OriginalReceiver,
                rule: "ATT-14-9",
            });
        }
        let ground = if self.announced_at.is_some() {
            ReferralGround::Announced
        } else if self.named_salesperson.is_some() {
            ReferralGround::BroughtNaming
        } else {
            return None;
        };
        Some(Implied {
            owner: self.pointed_to()?,
            ground,
            rule: Self::rule_under(preset),
        })
    }

    /// The rule an announced or unannounced referral cites under `preset`.
    pub fn rule_under(preset: Option<Preset>) -> &'static str {
        match preset {
            Some(Preset::Vanke) => "ATT-V-6",
            _ => "REG-7",
        }
    }
}

/// Whether a conflict found at `now` is still settled by the referral registered with a
/// visit at `visited_at` (REG-7: within seven days of the visit), counted in calendar days in
/// the office's zone.
pub fn registration_settles(visited_at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> bool {
    let days = (business_day(now, tz) - business_day(visited_at, tz)).num_days();
    (0..=REG_7_SETTLES_DAYS).contains(&days)
}

/// An employee referral (REG-8): a staff member, salesperson or not, refers a customer
/// before the first visit, for an appointment day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeReferral {
    pub id: i64,
    pub referrer: StaffId,
    pub name: String,
    /// Normalized (REG-3).
    pub phone: String,
    pub appointment_on: NaiveDate,
    pub operator: StaffId,
    pub at: DateTime<Utc>,
    /// The visit at which a supervisor confirmed it, who, and when.
    pub confirmed: Option<Confirmation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub visit_id: i64,
    pub supervisor: StaffId,
    pub at: DateTime<Utc>,
}

/// Where an employee referral stands on a given day (REG-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralState {
    /// Before or on its appointment day, not yet confirmed.
    Pending,
    /// Confirmed by a supervisor at the visit.
    Confirmed,
    /// The appointment day passed without a confirmed visit: void.
    Void,
}

impl EmployeeReferral {
    /// The supervisor who confirmed it, for the deal proposal (ATT-V-4).
    pub fn confirmed_by(&self) -> Option<StaffId> {
        self.confirmed.as_ref().map(|c| c.supervisor)
    }

    pub fn state(&self, today: NaiveDate) -> ReferralState {
        if self.confirmed.is_some() {
            ReferralState::Confirmed
        } else if today <= self.appointment_on {
            ReferralState::Pending
        } else {
            ReferralState::Void
        }
    }

    /// Whether a visit on `today` can confirm it: pending, and today is its day.
    pub fn confirmable_on(&self, today: NaiveDate) -> bool {
        self.state(today) == ReferralState::Pending && today == self.appointment_on
    }
}

/// What is wrong with an employee referral's appointment day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppointmentError {
    /// The appointment day is before today: the referral must come before the visit.
    InThePast,
}

/// REG-8: registered before the first visit, so the appointment is today or later.
pub fn check_appointment(on: NaiveDate, today: NaiveDate) -> Result<(), AppointmentError> {
    if on < today {
        Err(AppointmentError::InThePast)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    const A: StaffId = StaffId(1);
    const B: StaffId = StaffId(2);
    const RECEIVER: StaffId = StaffId(3);

    fn referral(
        announced: bool,
        named: Option<StaffId>,
        found: Option<StaffId>,
    ) -> CustomerReferral {
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 2, 0, 0).unwrap();
        CustomerReferral {
            id: 1,
            visit_id: 9,
            referrer_name: Some("王老客".into()),
            referrer_phone: None,
            referrer: Identity::default(),
            found: found.map(|_| (Register::Visit, 4)),
            found_salesperson: found,
            announced_at: announced.then_some(at),
            named_salesperson: named,
            operator: StaffId(5),
            at,
        }
    }

    #[test]
    fn reg_7_an_announced_referral_is_the_named_salesperson_s_customer() {
        let r = referral(true, Some(A), Some(B));
        for preset in [Some(Preset::P004), Some(Preset::Vanke)] {
            let implied = r.implies(RECEIVER, preset);
            assert_eq!(implied.owner, A);
            assert_eq!(implied.ground, ReferralGround::Announced);
        }
        assert_eq!(r.implies(RECEIVER, Some(Preset::Vanke)).rule, "ATT-V-6");
        assert_eq!(r.implies(RECEIVER, Some(Preset::P004)).rule, "REG-7");
    }

    #[test]
    fn reg_7_an_announcement_naming_nobody_goes_to_the_referrer_s_salesperson() {
        let implied = referral(true, None, Some(B)).implies(RECEIVER, Some(Preset::Vanke));
        assert_eq!(
            (implied.owner, implied.ground),
            (B, ReferralGround::Announced)
        );
    }

    #[test]
    fn reg_7_brought_in_person_naming_a_is_a_s_customer() {
        let implied = referral(false, Some(A), None).implies(RECEIVER, Some(Preset::P004));
        assert_eq!(
            (implied.owner, implied.ground),
            (A, ReferralGround::BroughtNaming)
        );
    }

    #[test]
    fn reg_7_an_unannounced_referral_is_whoever_received() {
        // The referrer's salesperson is known, but nothing was announced or named.
        let implied = referral(false, None, Some(B)).implies(RECEIVER, Some(Preset::Vanke));
        assert_eq!(
            (implied.owner, implied.ground),
            (RECEIVER, ReferralGround::Rotation)
        );
        let implied = referral(true, None, None).implies(RECEIVER, Some(Preset::P004));
        assert_eq!(implied.owner, RECEIVER, "announced to nobody known");
    }

    #[test]
    fn reg_7_under_rules_14_the_referrer_s_original_receiver_keeps_the_referred_customer() {
        // Even announced to A, ATT-14-9 gives the customer to the referrer's receiver B.
        let implied = referral(true, Some(A), Some(B)).implies(RECEIVER, Some(Preset::Rules14));
        assert_eq!(implied.owner, B);
        assert_eq!(implied.rule, "ATT-14-9");
        // No registration of the referrer found: the named one, else whoever received.
        let implied = referral(false, None, None).implies(RECEIVER, Some(Preset::Rules14));
        assert_eq!(implied.owner, RECEIVER);
    }

    #[test]
    fn reg_7_a_conflict_within_7_days_of_the_visit_is_settled_by_the_registration_not_on_day_8() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        // 23:30 local on 11-02.
        let visit = Utc.with_ymd_and_hms(2026, 11, 2, 15, 30, 0).unwrap();
        // 00:10 local on 11-09: day 7.
        let day_7 = Utc.with_ymd_and_hms(2026, 11, 8, 16, 10, 0).unwrap();
        assert!(registration_settles(visit, visit, tz));
        assert!(registration_settles(visit, day_7, tz));
        assert!(!registration_settles(
            visit,
            day_7 + chrono::Duration::days(1),
            tz
        ));
    }

    #[test]
    fn reg_8_a_referral_is_pending_on_its_day_and_void_the_day_after() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mut r = EmployeeReferral {
            id: 1,
            referrer: A,
            name: "赵客".into(),
            phone: "13800000000".into(),
            appointment_on: on,
            operator: B,
            at: Utc.with_ymd_and_hms(2026, 11, 18, 2, 0, 0).unwrap(),
            confirmed: None,
        };
        assert_eq!(r.state(on.pred_opt().unwrap()), ReferralState::Pending);
        assert!(!r.confirmable_on(on.pred_opt().unwrap()));
        assert_eq!(r.state(on), ReferralState::Pending);
        assert!(r.confirmable_on(on));
        assert_eq!(r.state(on.succ_opt().unwrap()), ReferralState::Void);
        assert!(!r.confirmable_on(on.succ_opt().unwrap()));
        r.confirmed = Some(Confirmation {
            visit_id: 3,
            supervisor: B,
            at: r.at,
        });
        assert_eq!(r.state(on.succ_opt().unwrap()), ReferralState::Confirmed);
        assert_eq!(r.confirmed_by(), Some(B));
    }

    #[test]
    fn reg_8_a_referral_is_registered_before_the_visit_so_its_day_is_not_in_the_past() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(check_appointment(today, today), Ok(()));
        assert_eq!(
            check_appointment(today.pred_opt().unwrap(), today),
            Err(AppointmentError::InThePast)
        );
    }
}
