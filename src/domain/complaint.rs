//! Complaints and repairs at the lobby desk (issue 9 §3–5; CMP-1 … CMP-12): what is
//! recorded, how a complaint moves through its steps, repair work orders and their on-site
//! clocks, and the monthly statistics. Pure: no database, no terminal; time comes in.
//!
//! # Public API (the complaints pane is written against it)
//! - Keys: [`ComplaintId`], [`RepairId`] (serde transparent; stored as integers).
//! - Classifications, each with `key()`/`from_key()` for storage and `EnumIter` for menus;
//!   their display names are the UI's catalog, not here: [`Channel`], [`Nature`],
//!   [`Category`], [`Urgency`].
//! - Intake: [`ComplaintForm`] → [`validate_complaint`] → [`Complaint`], or every
//!   [`ComplaintError`] `{ field: ComplaintField, problem: ComplaintProblem }`.
//! - Lifecycle (CMP-7, CMP-8, CMP-10): [`ComplaintEvent`], stamped as [`ComplaintEntry`]
//!   (when, by whom); [`ComplaintState::replay`] folds them; `step()`, `next_step()`,
//!   `round()`, `is_closed()`, `deadline()`, `due(&WorkCalendar, tz)` and
//!   `check(&ComplaintEvent) -> Result<(), LifecycleRefusal>`.
//! - Repairs (CMP-6): [`RepairForm`] → [`validate_repair`] → [`Repair`]; [`RepairEvent`],
//!   [`RepairEntry`], [`RepairState::replay`] with `on_site_by()`, `is_late(now)`,
//!   `next_step()` and `check`.
//! - Live clocks: [`countdown`] says overdue, due today, or how long remains.
//! - Statistics (CMP-11): [`MonthStats`], counted by the store, with rates in basis points.
//! - Working days: [`crate::domain::workdays::WorkCalendar`].
//!
//! # Decisions where the rules are silent
//! - **Who owns a complaint** (谁受理、谁跟进、谁回复, CMP-7): the clerk who recorded it. Anyone
//!   may record a later step (the owner may be off shift), and every step keeps who did it,
//!   so a reply or a follow-up by someone else shows as such ([`ComplaintEntry::by`] against
//!   the owner); it is not refused.
//! - **Deadlines by nature** (CMP-5 names only general and major): general 1 working day;
//!   major, serious and malicious 3. Serious ones the source sends to a managers' meeting
//!   (001 第2篇 第十一条(二)), which is what the approved extension to 7 is for; a
//!   malicious one still gets a patient answer (002 3.3.4.6) and takes the time to check it.
//!   Until its nature is determined a complaint runs on the general deadline, the strictest.
//! - **Extensions** add working days to the current round, up to 7 in all (base included),
//!   only once the nature is determined and is not general, only before the reply, and only
//!   with a supervisor's approval (the store enforces the approval).
//! - **Not satisfied** (CMP-8): the complaint goes back to investigation in a new round, with
//!   a new deadline counted from that follow-up, and must be signed, replied to and followed
//!   up again.
//! - **About a staff member** (CMP-12): witnesses *or* evidence must be recorded (both
//!   fields are kept); requiring both would turn away a complaint that has only a witness.
//! - **Answered on the spot** (002 3.3.6.3): closed at once; its category must be given at
//!   intake, so the statistics can count it.

mod address;
mod due;
mod form;
mod lifecycle;
mod promise;
mod repair;
mod stats;

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

pub use address::{Title, addressed, surname, written_title};
pub use due::{Countdown, countdown};
pub use form::{
    COMPANY_MAX_CHARS, CONVERSATION_MAX_LINES, Complaint, ComplaintError, ComplaintField,
    ComplaintForm, ComplaintProblem, LINE_MAX_CHARS, NAME_MAX_CHARS, TEXT_MAX_CHARS,
    UNIT_MAX_CHARS, check_line, validate_complaint,
};
pub use lifecycle::{
    ComplaintEntry, ComplaintEvent, ComplaintState, Deadline, EventField, EventKind,
    LifecycleRefusal, NextStep, ReplayError, Step,
};
pub use promise::promised_day;
pub use repair::{
    MAX_COST_FEN, OfficeHours, Repair, RepairEntry, RepairError, RepairEvent, RepairEventKind,
    RepairField, RepairForm, RepairNext, RepairProblem, RepairRefusal, RepairState, RepairStep,
    on_site_by, validate_repair,
};
pub use stats::{CategoryStats, MonthStats, basis_points, months};

/// A complaint's key (its row in `complaints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ComplaintId(pub i64);

/// A repair work order's key (its row in `repair_orders`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RepairId(pub i64);

impl std::fmt::Display for ComplaintId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for RepairId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Implements `key()` (the stored name) and `from_key()` for a strum-derived enum.
macro_rules! keyed {
    ($($t:ty),*) => {$(
        impl $t {
            /// The name stored in the database and the event JSON; never changes.
            pub fn key(self) -> &'static str {
                self.into()
            }

            pub fn from_key(key: &str) -> Option<Self> {
                key.parse().ok()
            }
        }
    )*};
}

/// How the complaint reached the desk (CMP-1).
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
pub enum Channel {
    InPerson,
    Phone,
    /// A letter, or the complaints mailbox.
    Letter,
    Online,
    /// Through someone else (a neighbour, the owners' committee).
    ThroughSomeone,
}

/// How grave a complaint is (CMP-4): it sets the deadline ([`Nature::working_days`]).
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
pub enum Nature {
    /// 一般
    General,
    /// 较大
    Major,
    /// 重大/严重
    Serious,
    /// 恶意
    Malicious,
}

impl Nature {
    /// Working days to handle it before any extension (CMP-5; see the module's decisions).
    pub fn working_days(self) -> u8 {
        match self {
            Nature::General => 1,
            Nature::Major | Nature::Serious | Nature::Malicious => 3,
        }
    }

    /// Whether an approved extension may lengthen its deadline (CMP-5: special cases of the
    /// larger complaints, not general ones).
    pub fn may_extend(self) -> bool {
        self != Nature::General
    }
}

/// What a complaint is about (CMP-4; 000 §6 2.1 a–j), the statistics' categories.
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
pub enum Category {
    /// a) 安防管理
    Security,
    /// b) 供电管理
    Power,
    /// c) 供水管理
    Water,
    /// d) 消防治安管理
    FireAndOrder,
    /// e) 卫生管理
    Sanitation,
    /// f) 绿化管理
    Greening,
    /// g) 公共设施管理
    PublicFacilities,
    /// h) 维修服务
    RepairService,
    /// i) 服务态度
    ServiceAttitude,
    /// j) 其它服务
    Other,
}

/// How fast a repair needs someone on site (CMP-6; 003 2.5).
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
pub enum Urgency {
    /// 特急: on site within 10 minutes.
    ExtraUrgent,
    /// 急: within 15 minutes.
    Urgent,
    /// 一般: the same day, or as agreed with the customer.
    Normal,
}

impl Urgency {
    /// Minutes to be on site, or `None` for "the same day".
    pub fn minutes(self) -> Option<i64> {
        match self {
            Urgency::ExtraUrgent => Some(10),
            Urgency::Urgent => Some(15),
            Urgency::Normal => None,
        }
    }
}

keyed!(Channel, Nature, Category, Urgency);

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_key_reads_back_and_matches_the_json_name() {
        fn check<T>(
            all: impl Iterator<Item = T>,
            key: fn(T) -> &'static str,
            back: fn(&str) -> Option<T>,
        ) where
            T: Copy + PartialEq + std::fmt::Debug + Serialize,
        {
            for v in all {
                assert_eq!(back(key(v)), Some(v));
                assert_eq!(
                    serde_json::to_string(&v).unwrap(),
                    format!("\"{}\"", key(v))
                );
            }
        }
        check(Channel::iter(), Channel::key, Channel::from_key);
        check(Nature::iter(), Nature::key, Nature::from_key);
        check(Category::iter(), Category::key, Category::from_key);
        check(Urgency::iter(), Urgency::key, Urgency::from_key);
        assert_eq!(Category::FireAndOrder.key(), "fire_and_order");
        assert_eq!(Category::iter().count(), 10, "000 §6 2.1 a–j");
        assert_eq!(Channel::from_key("fax"), None);
    }

    #[test]
    fn cmp_6_urgency_sets_the_minutes_to_be_on_site() {
        assert_eq!(Urgency::ExtraUrgent.minutes(), Some(10));
        assert_eq!(Urgency::Urgent.minutes(), Some(15));
        assert_eq!(Urgency::Normal.minutes(), None);
    }

    #[test]
    fn ids_are_bare_numbers_in_json() {
        assert_eq!(serde_json::to_string(&ComplaintId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<RepairId>("9").unwrap(), RepairId(9));
    }
}
