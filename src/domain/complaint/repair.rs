//! Repair work orders (工程维修单, CMP-6; 002 3.4.4; 003 2.5): the order as taken at the
//! desk, its urgency clock, and its steps — received by engineering, planned on site,
//! completed, confirmed by the resident.
//!
//! Decisions: the technician is "on site" when the plan is recorded (the plan is made at
//! the on-site check, 002 3.4.2 2), so that is what the urgency clock measures. A normal
//! repair is due by the office's closing hour on the day it was reported, or the next day's
//! when reported after closing; an appointment agreed with the customer is kept as typed
//! and shown beside the clock. A resident not satisfied at confirmation sends the order back
//! for a new plan (a new round), as an unsatisfied complaint does (CMP-8).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::Urgency;
use crate::domain::lobby::OccupantId;
use crate::domain::register::{Phone, PhoneError};
use crate::domain::staff::StaffId;
use crate::domain::text::{TextError, sanitize};
use crate::domain::workdays::local_hour;

pub const CUSTOMER_MAX_CHARS: usize = 20;
pub const UNIT_MAX_CHARS: usize = 40;
pub const WHAT_MAX_CHARS: usize = 300;
pub const APPOINTMENT_MAX_CHARS: usize = 40;
pub const REPAIR_TEXT_MAX_CHARS: usize = 300;
/// A repair costing more than 1,000,000 yuan is a typing slip.
pub const MAX_COST_FEN: i64 = 100_000_000;

/// The work order as typed at the desk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairForm {
    pub customer: String,
    pub phone: String,
    pub occupant: Option<OccupantId>,
    pub unit: String,
    /// What to repair.
    pub what: String,
    /// The appointment agreed, as said ("今天下午三点后"); empty: as soon as possible.
    pub appointment: String,
    pub urgency: Option<Urgency>,
}

/// A work order, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub customer: String,
    pub phone: Phone,
    pub occupant: Option<OccupantId>,
    pub unit: String,
    pub what: String,
    pub appointment: String,
    pub urgency: Urgency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepairField {
    Customer,
    Phone,
    Unit,
    What,
    Appointment,
    Urgency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairProblem {
    Text(TextError),
    Required,
    Phone(PhoneError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairError {
    pub field: RepairField,
    pub problem: RepairProblem,
}

/// The order the form describes, or every field's error in form order.
pub fn validate_repair(form: &RepairForm) -> Result<Repair, Vec<RepairError>> {
    let mut errors = Vec::new();
    let mut err = |field, problem| errors.push(RepairError { field, problem });
    let customer = crate::domain::text::required(&form.customer, CUSTOMER_MAX_CHARS)
        .map_err(|e| err(RepairField::Customer, RepairProblem::Text(e)))
        .unwrap_or_default();
    let phone = Phone::parse(&form.phone)
        .map_err(|e| {
            err(
                RepairField::Phone,
                match e {
                    PhoneError::Empty => RepairProblem::Required,
                    e => RepairProblem::Phone(e),
                },
            )
        })
        .ok();
    let unit = sanitize(&form.unit);
    if unit.chars().count() > UNIT_MAX_CHARS {
        err(
            RepairField::Unit,
            RepairProblem::Text(TextError::TooLong(UNIT_MAX_CHARS)),
        );
    } else if unit.is_empty() && form.occupant.is_none() {
        err(RepairField::Unit, RepairProblem::Required);
    }
    let what = crate::domain::text::required(&form.what, WHAT_MAX_CHARS)
        .map_err(|e| err(RepairField::What, RepairProblem::Text(e)))
        .unwrap_or_default();
    let appointment = sanitize(&form.appointment);
    if appointment.chars().count() > APPOINTMENT_MAX_CHARS {
        err(
            RepairField::Appointment,
            RepairProblem::Text(TextError::TooLong(APPOINTMENT_MAX_CHARS)),
        );
    }
    if form.urgency.is_none() {
        err(RepairField::Urgency, RepairProblem::Required);
    }
    match (phone, form.urgency) {
        (Some(phone), Some(urgency)) if errors.is_empty() => Ok(Repair {
            customer,
            phone,
            occupant: form.occupant,
            unit,
            what,
            appointment,
            urgency,
        }),
        _ => Err(errors),
    }
}

/// A step recorded on a work order (stored as JSON in `repair_events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RepairEvent {
    /// Engineering received the order; `by` signed for it (002 3.4.4 3–4).
    Receive { by: String },
    /// On site: the plan and whose responsibility the repair is (who pays).
    Plan {
        plan: String,
        responsibility: String,
    },
    /// Done: the cost in fen (0 for free repairs) and who did it.
    Complete { cost_fen: i64, staff: String },
    /// The resident signs: satisfied or not, and their opinion.
    Confirm { satisfied: bool, opinion: String },
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RepairEventKind {
    Receive,
    Plan,
    Complete,
    Confirm,
}

/// Where a work order stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RepairStep {
    Reported,
    Received,
    Planned,
    Completed,
    /// The resident signed, satisfied: closed.
    Confirmed,
}

/// What a work order needs next.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RepairNext {
    Receive,
    Plan,
    Complete,
    Confirm,
}

macro_rules! keyed {
    ($($t:ident),*) => {$(
        impl $t {
            /// The name stored in the database; never changes.
            pub fn key(self) -> &'static str {
                self.into()
            }

            pub fn from_key(key: &str) -> Option<$t> {
                key.parse().ok()
            }
        }
    )*};
}
keyed!(RepairEventKind, RepairStep, RepairNext);

impl RepairEvent {
    pub fn kind(&self) -> RepairEventKind {
        match self {
            RepairEvent::Receive { .. } => RepairEventKind::Receive,
            RepairEvent::Plan { .. } => RepairEventKind::Plan,
            RepairEvent::Complete { .. } => RepairEventKind::Complete,
            RepairEvent::Confirm { .. } => RepairEventKind::Confirm,
        }
    }

    /// The same event with its text cleaned, before it is checked and stored.
    pub fn cleaned(&self) -> RepairEvent {
        let mut e = self.clone();
        match &mut e {
            RepairEvent::Receive { by } => *by = sanitize(by),
            RepairEvent::Plan {
                plan,
                responsibility,
            } => {
                *plan = sanitize(plan);
                *responsibility = sanitize(responsibility);
            }
            RepairEvent::Complete { staff, .. } => *staff = sanitize(staff),
            RepairEvent::Confirm { opinion, .. } => *opinion = sanitize(opinion),
        }
        e
    }
}

/// A step as recorded: when and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairEntry {
    pub at: DateTime<Utc>,
    pub by: StaffId,
    pub event: RepairEvent,
}

/// Why a repair step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RepairRefusal {
    #[error("the work order is closed")]
    Closed,
    #[error("out of order: {got:?} while the order needs {expected:?}")]
    OutOfOrder {
        expected: Option<RepairNext>,
        got: RepairEventKind,
    },
    #[error("the cost must be from 0 to {MAX_COST_FEN} fen")]
    Cost,
    #[error("{field}: {problem}")]
    Text {
        field: &'static str,
        problem: TextError,
    },
}

/// The office's day, for the normal urgency's "same day".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    pub tz: Tz,
    pub closing_hour: u8,
}

/// When someone must be on site for a repair reported at `reported_at` (CMP-6): 10 or 15
/// minutes later, or by the office's closing hour that day (the next day's, when reported
/// at or after closing).
pub fn on_site_by(
    reported_at: DateTime<Utc>,
    urgency: Urgency,
    office: OfficeHours,
) -> DateTime<Utc> {
    if let Some(minutes) = urgency.minutes() {
        return reported_at + Duration::minutes(minutes);
    }
    let day = reported_at.with_timezone(&office.tz).date_naive();
    let closing = local_hour(day, office.closing_hour, office.tz);
    match reported_at < closing {
        true => closing,
        false => local_hour(
            day.succ_opt().expect("a next day"),
            office.closing_hour,
            office.tz,
        ),
    }
}

/// A work order's state: the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairState {
    reported_at: DateTime<Utc>,
    on_site_by: DateTime<Utc>,
    step: RepairStep,
    round: u32,
    /// When the first plan was recorded: someone was on site.
    arrived_at: Option<DateTime<Utc>>,
    cost_fen: Option<i64>,
    last_confirmation: Option<(DateTime<Utc>, bool)>,
}

fn text_problem(
    field: &'static str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<(), RepairRefusal> {
    let clean = sanitize(text);
    let problem = if required && clean.is_empty() {
        TextError::Empty
    } else if clean.chars().count() > max {
        TextError::TooLong(max)
    } else {
        return Ok(());
    };
    Err(RepairRefusal::Text { field, problem })
}

impl RepairState {
    /// A work order just reported, due on site by `on_site_by` ([`on_site_by`], computed
    /// once when reported and kept with the order).
    pub fn new(reported_at: DateTime<Utc>, on_site_by: DateTime<Utc>) -> RepairState {
        RepairState {
            reported_at,
            on_site_by,
            step: RepairStep::Reported,
            round: 1,
            arrived_at: None,
            cost_fen: None,
            last_confirmation: None,
        }
    }

    /// Folds the events in order; the index of one that does not fit, with why.
    pub fn replay(
        reported_at: DateTime<Utc>,
        on_site_by: DateTime<Utc>,
        events: &[RepairEntry],
    ) -> Result<RepairState, (usize, RepairRefusal)> {
        let mut state = RepairState::new(reported_at, on_site_by);
        for (i, e) in events.iter().enumerate() {
            state.apply(e.at, &e.event).map_err(|r| (i, r))?;
        }
        Ok(state)
    }

    pub fn reported_at(&self) -> DateTime<Utc> {
        self.reported_at
    }

    /// When someone must be on site (CMP-6).
    pub fn on_site_by(&self) -> DateTime<Utc> {
        self.on_site_by
    }

    /// When someone was on site (the first plan).
    pub fn arrived_at(&self) -> Option<DateTime<Utc>> {
        self.arrived_at
    }

    /// Late: nobody on site by the clock, or they arrived after it.
    pub fn is_late(&self, now: DateTime<Utc>) -> bool {
        self.arrived_at.unwrap_or(now) > self.on_site_by
    }

    pub fn step(&self) -> RepairStep {
        self.step
    }

    pub fn round(&self) -> u32 {
        self.round
    }

    /// The last completion's cost in fen.
    pub fn cost_fen(&self) -> Option<i64> {
        self.cost_fen
    }

    pub fn last_confirmation(&self) -> Option<(DateTime<Utc>, bool)> {
        self.last_confirmation
    }

    pub fn is_closed(&self) -> bool {
        self.step == RepairStep::Confirmed
    }

    pub fn next_step(&self) -> Option<RepairNext> {
        Some(match self.step {
            RepairStep::Reported => RepairNext::Receive,
            RepairStep::Received => RepairNext::Plan,
            RepairStep::Planned => RepairNext::Complete,
            RepairStep::Completed => RepairNext::Confirm,
            RepairStep::Confirmed => return None,
        })
    }

    pub fn check(&self, event: &RepairEvent) -> Result<(), RepairRefusal> {
        match event {
            RepairEvent::Receive { by } => text_problem("by", by, CUSTOMER_MAX_CHARS, true)?,
            RepairEvent::Plan {
                plan,
                responsibility,
            } => {
                text_problem("plan", plan, REPAIR_TEXT_MAX_CHARS, true)?;
                text_problem("responsibility", responsibility, CUSTOMER_MAX_CHARS, true)?;
            }
            RepairEvent::Complete { cost_fen, staff } => {
                if !(0..=MAX_COST_FEN).contains(cost_fen) {
                    return Err(RepairRefusal::Cost);
                }
                text_problem("staff", staff, CUSTOMER_MAX_CHARS, true)?;
            }
            RepairEvent::Confirm { opinion, .. } => {
                text_problem("opinion", opinion, REPAIR_TEXT_MAX_CHARS, false)?;
            }
        }
        if self.is_closed() {
            return Err(RepairRefusal::Closed);
        }
        let wanted = match event.kind() {
            RepairEventKind::Receive => RepairNext::Receive,
            RepairEventKind::Plan => RepairNext::Plan,
            RepairEventKind::Complete => RepairNext::Complete,
            RepairEventKind::Confirm => RepairNext::Confirm,
        };
        match self.next_step() == Some(wanted) {
            true => Ok(()),
            false => Err(RepairRefusal::OutOfOrder {
                expected: self.next_step(),
                got: event.kind(),
            }),
        }
    }

    pub fn apply(&mut self, at: DateTime<Utc>, event: &RepairEvent) -> Result<(), RepairRefusal> {
        self.check(event)?;
        match event {
            RepairEvent::Receive { .. } => self.step = RepairStep::Received,
            RepairEvent::Plan { .. } => {
                self.arrived_at.get_or_insert(at);
                self.step = RepairStep::Planned;
            }
            RepairEvent::Complete { cost_fen, .. } => {
                self.cost_fen = Some(*cost_fen);
                self.step = RepairStep::Completed;
            }
            RepairEvent::Confirm { satisfied, .. } => {
                self.last_confirmation = Some((at, *satisfied));
                if *satisfied {
                    self.step = RepairStep::Confirmed;
                } else {
                    self.round += 1;
                    self.step = RepairStep::Received;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn office() -> OfficeHours {
        OfficeHours {
            tz: "Asia/Shanghai".parse().unwrap(),
            closing_hour: 18,
        }
    }

    /// 10:00 on Monday 23 Nov 2026 in Shanghai.
    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
    }

    fn by(urgency: Urgency) -> DateTime<Utc> {
        on_site_by(t0(), urgency, office())
    }

    fn form() -> RepairForm {
        RepairForm {
            customer: "王芳".into(),
            phone: "13800138000".into(),
            occupant: None,
            unit: "3-2-1203".into(),
            what: "卫生间水管漏水".into(),
            appointment: "下午三点后".into(),
            urgency: Some(Urgency::Urgent),
        }
    }

    fn entry(minutes: i64, event: RepairEvent) -> RepairEntry {
        RepairEntry {
            at: t0() + Duration::minutes(minutes),
            by: StaffId(2),
            event,
        }
    }

    fn steps() -> Vec<RepairEntry> {
        vec![
            entry(
                2,
                RepairEvent::Receive {
                    by: "工程部小张".into(),
                },
            ),
            entry(
                12,
                RepairEvent::Plan {
                    plan: "更换阀门".into(),
                    responsibility: "业主".into(),
                },
            ),
            entry(
                60,
                RepairEvent::Complete {
                    cost_fen: 3500,
                    staff: "张工".into(),
                },
            ),
        ]
    }

    #[test]
    fn cmp_6_a_work_order_needs_customer_phone_unit_what_and_urgency() {
        let r = validate_repair(&form()).unwrap();
        assert_eq!(
            (r.urgency, r.appointment.as_str()),
            (Urgency::Urgent, "下午三点后")
        );
        let errors: Vec<RepairField> = validate_repair(&RepairForm::default())
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            errors,
            [
                RepairField::Customer,
                RepairField::Phone,
                RepairField::Unit,
                RepairField::What,
                RepairField::Urgency
            ]
        );
        let bad = validate_repair(&RepairForm {
            phone: "abc".into(),
            ..form()
        })
        .unwrap_err();
        assert!(matches!(bad[0].problem, RepairProblem::Phone(_)));
    }

    #[test]
    fn cmp_6_extra_urgent_is_on_site_in_10_minutes_urgent_in_15_normal_by_closing() {
        let by = |u| on_site_by(t0(), u, office());
        assert_eq!(by(Urgency::ExtraUrgent), t0() + Duration::minutes(10));
        assert_eq!(by(Urgency::Urgent), t0() + Duration::minutes(15));
        // 18:00 Shanghai is 10:00 UTC.
        assert_eq!(
            by(Urgency::Normal),
            Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
        );
        // Reported at 19:00: by the next day's closing.
        let evening = Utc.with_ymd_and_hms(2026, 11, 23, 11, 0, 0).unwrap();
        assert_eq!(
            on_site_by(evening, Urgency::Normal, office()),
            Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
        );
    }

    #[test]
    fn cmp_6_a_repair_is_late_when_nobody_is_on_site_by_the_clock() {
        let state = RepairState::new(t0(), by(Urgency::ExtraUrgent));
        assert!(!state.is_late(t0() + Duration::minutes(10)));
        assert!(state.is_late(t0() + Duration::minutes(11)));
        // On site (planned) at minute 12: late for extra-urgent, for ever.
        let late = RepairState::replay(t0(), by(Urgency::ExtraUrgent), &steps()[..2]).unwrap();
        assert_eq!(late.arrived_at(), Some(t0() + Duration::minutes(12)));
        assert!(late.is_late(t0() + Duration::hours(5)));
        // The same for urgent: on time.
        let ok = RepairState::replay(t0(), by(Urgency::Urgent), &steps()[..2]).unwrap();
        assert!(!ok.is_late(t0() + Duration::hours(5)));
    }

    #[test]
    fn cmp_6_the_order_goes_received_planned_completed_confirmed_and_records_the_cost() {
        let mut events = steps();
        let state = RepairState::replay(t0(), by(Urgency::Urgent), &events).unwrap();
        assert_eq!(state.step(), RepairStep::Completed);
        assert_eq!(state.cost_fen(), Some(3500));
        assert_eq!(state.next_step(), Some(RepairNext::Confirm));
        events.push(entry(
            70,
            RepairEvent::Confirm {
                satisfied: true,
                opinion: "满意".into(),
            },
        ));
        let state = RepairState::replay(t0(), by(Urgency::Urgent), &events).unwrap();
        assert!(state.is_closed());
        assert_eq!(state.next_step(), None);
        assert_eq!(
            state.check(&RepairEvent::Receive { by: "x".into() }),
            Err(RepairRefusal::Closed)
        );
    }

    #[test]
    fn cmp_6_out_of_order_repair_steps_and_bad_costs_are_refused() {
        let fresh = RepairState::new(t0(), by(Urgency::Normal));
        assert_eq!(
            fresh.check(&RepairEvent::Complete {
                cost_fen: 0,
                staff: "张工".into()
            }),
            Err(RepairRefusal::OutOfOrder {
                expected: Some(RepairNext::Receive),
                got: RepairEventKind::Complete
            })
        );
        assert_eq!(
            fresh.check(&RepairEvent::Complete {
                cost_fen: -1,
                staff: "张工".into()
            }),
            Err(RepairRefusal::Cost)
        );
        assert!(matches!(
            fresh.check(&RepairEvent::Receive { by: " ".into() }),
            Err(RepairRefusal::Text { field: "by", .. })
        ));
    }

    #[test]
    fn cmp_8_a_resident_not_satisfied_sends_the_repair_back_for_a_new_plan() {
        let mut events = steps();
        events.push(entry(
            70,
            RepairEvent::Confirm {
                satisfied: false,
                opinion: "还在滴水".into(),
            },
        ));
        let state = RepairState::replay(t0(), by(Urgency::Urgent), &events).unwrap();
        assert_eq!(state.step(), RepairStep::Received);
        assert_eq!(state.round(), 2);
        assert_eq!(state.next_step(), Some(RepairNext::Plan));
        assert_eq!(state.arrived_at(), Some(t0() + Duration::minutes(12)));
    }
}
