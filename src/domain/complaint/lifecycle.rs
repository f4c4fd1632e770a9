//! A complaint's steps (CMP-7: record → nature → investigate → assign → solution → reply →
//! follow-up → evaluation), the head's signature before the reply (CMP-10), the new round
//! after an unsatisfied follow-up (CMP-8) and the deadline of each round (CMP-5). The state
//! is never stored: it is the fold of the complaint's append-only events.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::{Category, Nature};
use crate::domain::staff::StaffId;
use crate::domain::text::{TextError, sanitize};
use crate::domain::workdays::{MAX_WORKING_DAYS, WorkCalendar};

/// Where a complaint stands, in the order of CMP-7.
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
pub enum Step {
    Recorded,
    NatureDetermined,
    Investigated,
    Assigned,
    /// The solution is proposed; the head signs it before the reply (CMP-10).
    SolutionProposed,
    Replied,
    FollowedUp,
    /// The summary evaluation is written: closed.
    Evaluated,
    /// Explained and settled at the desk: closed at intake.
    AnsweredOnSpot,
}

/// What the complaint needs next: the action the desk offers (and its phrases).
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
pub enum NextStep {
    DetermineNature,
    Investigate,
    Assign,
    ProposeSolution,
    HeadSigns,
    Reply,
    FollowUp,
    Evaluate,
}

/// One step recorded on a complaint (stored as JSON in `complaint_events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ComplaintEvent {
    /// CMP-4: how grave, what about, and which department resolves it.
    DetermineNature {
        nature: Nature,
        category: Category,
        department: String,
    },
    Investigate {
        cause: String,
    },
    Assign {
        person: String,
    },
    ProposeSolution {
        text: String,
    },
    /// CMP-10: the resolving department's head signs the result; needed before the reply.
    HeadSigns {
        head: String,
    },
    /// CMP-9: what will be done and by when, told to the complainant.
    Reply {
        text: String,
    },
    /// CMP-8: the follow-up visit or call. Not satisfied: handled again, a new round.
    FollowUp {
        satisfied: bool,
        remarks: String,
    },
    Evaluate {
        text: String,
    },
    /// CMP-5: a special case gets more working days (added to this round's, at most 7 in
    /// all); needs a supervisor's approval.
    ExtendDeadline {
        working_days: u8,
    },
    /// Anything said or found along the way; allowed at any time, closed or not.
    Note {
        text: String,
    },
}

/// An event's kind, as stored in its own column (for the statistics' SQL).
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
pub enum EventKind {
    DetermineNature,
    Investigate,
    Assign,
    ProposeSolution,
    HeadSigns,
    Reply,
    FollowUp,
    Evaluate,
    ExtendDeadline,
    Note,
}

/// The text fields of the events, for naming the one refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventField {
    Department,
    Cause,
    Person,
    Solution,
    Head,
    Reply,
    Remarks,
    Evaluation,
    WorkingDays,
    Note,
}

pub const DEPARTMENT_MAX_CHARS: usize = 40;
pub const PERSON_MAX_CHARS: usize = 20;
pub const STEP_TEXT_MAX_CHARS: usize = 500;

impl ComplaintEvent {
    pub fn kind(&self) -> EventKind {
        match self {
            ComplaintEvent::DetermineNature { .. } => EventKind::DetermineNature,
            ComplaintEvent::Investigate { .. } => EventKind::Investigate,
            ComplaintEvent::Assign { .. } => EventKind::Assign,
            ComplaintEvent::ProposeSolution { .. } => EventKind::ProposeSolution,
            ComplaintEvent::HeadSigns { .. } => EventKind::HeadSigns,
            ComplaintEvent::Reply { .. } => EventKind::Reply,
            ComplaintEvent::FollowUp { .. } => EventKind::FollowUp,
            ComplaintEvent::Evaluate { .. } => EventKind::Evaluate,
            ComplaintEvent::ExtendDeadline { .. } => EventKind::ExtendDeadline,
            ComplaintEvent::Note { .. } => EventKind::Note,
        }
    }

    /// The same event with its text cleaned of control characters and escapes (as every
    /// typed text is), before it is checked and stored.
    pub fn cleaned(&self) -> ComplaintEvent {
        let mut e = self.clone();
        match &mut e {
            ComplaintEvent::DetermineNature { department: t, .. }
            | ComplaintEvent::Investigate { cause: t }
            | ComplaintEvent::Assign { person: t }
            | ComplaintEvent::ProposeSolution { text: t }
            | ComplaintEvent::HeadSigns { head: t }
            | ComplaintEvent::Reply { text: t }
            | ComplaintEvent::FollowUp { remarks: t, .. }
            | ComplaintEvent::Evaluate { text: t }
            | ComplaintEvent::Note { text: t } => *t = sanitize(t),
            ComplaintEvent::ExtendDeadline { .. } => {}
        }
        e
    }

    /// The event's text refused for being empty (where required) or overlong.
    fn text_problem(&self) -> Option<(EventField, TextError)> {
        let (field, text, max, required) = match self {
            ComplaintEvent::DetermineNature { department, .. } => (
                EventField::Department,
                department,
                DEPARTMENT_MAX_CHARS,
                true,
            ),
            ComplaintEvent::Investigate { cause } => {
                (EventField::Cause, cause, STEP_TEXT_MAX_CHARS, true)
            }
            ComplaintEvent::Assign { person } => {
                (EventField::Person, person, PERSON_MAX_CHARS, true)
            }
            ComplaintEvent::ProposeSolution { text } => {
                (EventField::Solution, text, STEP_TEXT_MAX_CHARS, true)
            }
            ComplaintEvent::HeadSigns { head } => (EventField::Head, head, PERSON_MAX_CHARS, true),
            ComplaintEvent::Reply { text } => (EventField::Reply, text, STEP_TEXT_MAX_CHARS, true),
            ComplaintEvent::FollowUp { remarks, .. } => {
                (EventField::Remarks, remarks, STEP_TEXT_MAX_CHARS, false)
            }
            ComplaintEvent::Evaluate { text } => {
                (EventField::Evaluation, text, STEP_TEXT_MAX_CHARS, true)
            }
            ComplaintEvent::Note { text } => (EventField::Note, text, STEP_TEXT_MAX_CHARS, true),
            ComplaintEvent::ExtendDeadline { .. } => return None,
        };
        let clean = sanitize(text);
        if required && clean.is_empty() {
            Some((field, TextError::Empty))
        } else if clean.chars().count() > max {
            Some((field, TextError::TooLong(max)))
        } else {
            None
        }
    }
}

/// An event as recorded: when, by whom (and who approved it, for an extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintEntry {
    pub at: DateTime<Utc>,
    pub by: StaffId,
    pub approver: Option<StaffId>,
    pub event: ComplaintEvent,
}

/// Why a step was refused, in terms the clerk can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleRefusal {
    #[error("the complaint is closed")]
    Closed,
    /// Not what comes next: `expected` is what does.
    #[error("out of order: {got:?} while the complaint needs {expected:?}")]
    OutOfOrder {
        expected: Option<NextStep>,
        got: EventKind,
    },
    /// A follow-up on a complaint not replied to in this round (CMP-8).
    #[error("the complaint has not been replied to yet")]
    NotReplied,
    /// A reply before the head signed the result (CMP-10).
    #[error("the department head has not signed the result")]
    HeadNotSigned,
    #[error("the department head already signed this round's result")]
    AlreadySigned,
    /// An extension before the nature is known.
    #[error("the nature of the complaint is not determined yet")]
    NatureNotDetermined,
    /// CMP-5: general complaints get one working day, no extension.
    #[error("a general complaint cannot be extended")]
    GeneralNotExtended,
    #[error("the deadline cannot be extended after the reply")]
    AlreadyReplied,
    /// More than [`MAX_WORKING_DAYS`] in all, or zero.
    #[error("an extension to {asked} working days in all; at most {MAX_WORKING_DAYS}")]
    ExtensionTooLong { asked: u16 },
    #[error("an extension of no days")]
    NoDays,
    /// CMP-9 with CMP-5: the reply was promised for a day after this round's deadline. Only
    /// within authority: a later day needs an approved extension first.
    #[error(
        "the reply was promised by {promised}, after the deadline {due}; a later date needs \
         an extension approved by a supervisor first"
    )]
    PromisedAfterDeadline { promised: NaiveDate, due: NaiveDate },
    #[error("{field:?}: {problem}")]
    Text {
        field: EventField,
        problem: TextError,
    },
}

/// A stored event that does not fit the complaint as replayed (a damaged record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("event {index} of the complaint cannot be replayed: {refusal}")]
pub struct ReplayError {
    pub index: usize,
    pub refusal: LifecycleRefusal,
}

/// How a round's deadline is counted: from when, and how many working days (CMP-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The recording, or the unsatisfied follow-up that opened the round.
    pub from: DateTime<Utc>,
    pub nature: Nature,
    /// Approved extra working days in this round.
    pub extension: u8,
}

impl Deadline {
    /// The last day (office time) to reply by.
    pub fn date(&self, calendar: &WorkCalendar, tz: Tz) -> NaiveDate {
        calendar.deadline(self.from, tz, self.nature, self.extension)
    }

    /// Working days in all, extension included.
    pub fn working_days(&self) -> u8 {
        self.nature.working_days().saturating_add(self.extension)
    }
}

/// A complaint's state: the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintState {
    recorded_at: DateTime<Utc>,
    step: Step,
    round: u32,
    round_from: DateTime<Utc>,
    nature: Option<Nature>,
    category: Option<Category>,
    department: Option<String>,
    assigned: Option<String>,
    /// Who signed this round's result.
    head: Option<String>,
    extension: u8,
    replied_at: Option<DateTime<Utc>>,
    last_follow_up: Option<(DateTime<Utc>, bool)>,
}

impl ComplaintState {
    /// A complaint just recorded; closed at once when answered on the spot.
    pub fn new(recorded_at: DateTime<Utc>, answered_on_spot: bool) -> ComplaintState {
        ComplaintState {
            recorded_at,
            step: match answered_on_spot {
                true => Step::AnsweredOnSpot,
                false => Step::Recorded,
            },
            round: 1,
            round_from: recorded_at,
            nature: answered_on_spot.then_some(Nature::General),
            category: None,
            department: None,
            assigned: None,
            head: None,
            extension: 0,
            replied_at: None,
            last_follow_up: None,
        }
    }

    /// Folds the events in order; an event that does not fit (a damaged record) is an error
    /// naming it.
    pub fn replay(
        recorded_at: DateTime<Utc>,
        answered_on_spot: bool,
        events: &[ComplaintEntry],
    ) -> Result<ComplaintState, ReplayError> {
        let mut state = ComplaintState::new(recorded_at, answered_on_spot);
        for (index, entry) in events.iter().enumerate() {
            state
                .apply(entry.at, &entry.event)
                .map_err(|refusal| ReplayError { index, refusal })?;
        }
        Ok(state)
    }

    pub fn recorded_at(&self) -> DateTime<Utc> {
        self.recorded_at
    }

    pub fn step(&self) -> Step {
        self.step
    }

    /// 1, and one more after each unsatisfied follow-up (CMP-8).
    pub fn round(&self) -> u32 {
        self.round
    }

    pub fn nature(&self) -> Option<Nature> {
        self.nature
    }

    pub fn category(&self) -> Option<Category> {
        self.category
    }

    pub fn department(&self) -> Option<&str> {
        self.department.as_deref()
    }

    pub fn assigned(&self) -> Option<&str> {
        self.assigned.as_deref()
    }

    /// Who signed this round's result (CMP-10).
    pub fn head_signed(&self) -> Option<&str> {
        self.head.as_deref()
    }

    /// When this round's reply was made.
    pub fn replied_at(&self) -> Option<DateTime<Utc>> {
        self.replied_at
    }

    /// The last follow-up: when, and whether the complainant was satisfied.
    pub fn last_follow_up(&self) -> Option<(DateTime<Utc>, bool)> {
        self.last_follow_up
    }

    pub fn is_closed(&self) -> bool {
        matches!(self.step, Step::Evaluated | Step::AnsweredOnSpot)
    }

    /// What the complaint needs next; `None` once closed.
    pub fn next_step(&self) -> Option<NextStep> {
        Some(match self.step {
            Step::Recorded => NextStep::DetermineNature,
            Step::NatureDetermined => NextStep::Investigate,
            Step::Investigated => NextStep::Assign,
            Step::Assigned => NextStep::ProposeSolution,
            Step::SolutionProposed if self.head.is_none() => NextStep::HeadSigns,
            Step::SolutionProposed => NextStep::Reply,
            Step::Replied => NextStep::FollowUp,
            Step::FollowedUp => NextStep::Evaluate,
            Step::Evaluated | Step::AnsweredOnSpot => return None,
        })
    }

    /// How this round's deadline is counted; `None` for a complaint answered on the spot.
    /// Before the nature is known, the general deadline applies.
    pub fn deadline(&self) -> Option<Deadline> {
        (self.step != Step::AnsweredOnSpot).then(|| Deadline {
            from: self.round_from,
            nature: self.nature.unwrap_or(Nature::General),
            extension: self.extension,
        })
    }

    /// The last day to reply by in this round (CMP-5), with the office's calendar.
    pub fn due(&self, calendar: &WorkCalendar, tz: Tz) -> Option<NaiveDate> {
        self.deadline().map(|d| d.date(calendar, tz))
    }

    /// Whether the reply may be promised by `promised` (CMP-9: promise only within
    /// authority): on or before this round's deadline with `calendar`. A later day needs an
    /// extension approved by a supervisor first (CMP-5), which moves the deadline.
    pub fn check_promise(
        &self,
        promised: NaiveDate,
        calendar: &WorkCalendar,
        tz: Tz,
    ) -> Result<(), LifecycleRefusal> {
        match self.due(calendar, tz) {
            Some(due) if promised > due => {
                Err(LifecycleRefusal::PromisedAfterDeadline { promised, due })
            }
            _ => Ok(()),
        }
    }

    /// Whether a reply is still to come in this round: the deadline is live.
    pub fn awaiting_reply(&self) -> bool {
        !self.is_closed() && self.step < Step::Replied
    }

    /// Whether `event` may be recorded now, and if not, why.
    pub fn check(&self, event: &ComplaintEvent) -> Result<(), LifecycleRefusal> {
        if let Some((field, problem)) = event.text_problem() {
            return Err(LifecycleRefusal::Text { field, problem });
        }
        let kind = event.kind();
        if kind == EventKind::Note {
            return Ok(());
        }
        if self.is_closed() {
            return Err(LifecycleRefusal::Closed);
        }
        let expected = self.next_step();
        let out_of_order = LifecycleRefusal::OutOfOrder {
            expected,
            got: kind,
        };
        let wanted = match event {
            ComplaintEvent::ExtendDeadline { working_days } => {
                return self.check_extension(*working_days);
            }
            ComplaintEvent::DetermineNature { .. } => NextStep::DetermineNature,
            ComplaintEvent::Investigate { .. } => NextStep::Investigate,
            ComplaintEvent::Assign { .. } => NextStep::Assign,
            ComplaintEvent::ProposeSolution { .. } => NextStep::ProposeSolution,
            ComplaintEvent::HeadSigns { .. } => {
                return match (self.step, &self.head) {
                    (Step::SolutionProposed, None) => Ok(()),
                    (Step::SolutionProposed, Some(_)) => Err(LifecycleRefusal::AlreadySigned),
                    _ => Err(out_of_order),
                };
            }
            ComplaintEvent::Reply { .. } => {
                return match (self.step, &self.head) {
                    (Step::SolutionProposed, Some(_)) => Ok(()),
                    (Step::SolutionProposed, None) => Err(LifecycleRefusal::HeadNotSigned),
                    _ => Err(out_of_order),
                };
            }
            ComplaintEvent::FollowUp { .. } => {
                return match self.step {
                    Step::Replied => Ok(()),
                    s if s < Step::Replied => Err(LifecycleRefusal::NotReplied),
                    _ => Err(out_of_order),
                };
            }
            ComplaintEvent::Evaluate { .. } => NextStep::Evaluate,
            ComplaintEvent::Note { .. } => unreachable!("notes are allowed above"),
        };
        match expected == Some(wanted) {
            true => Ok(()),
            false => Err(out_of_order),
        }
    }

    fn check_extension(&self, days: u8) -> Result<(), LifecycleRefusal> {
        let nature = self.nature.ok_or(LifecycleRefusal::NatureNotDetermined)?;
        if !nature.may_extend() {
            return Err(LifecycleRefusal::GeneralNotExtended);
        }
        if !self.awaiting_reply() {
            return Err(LifecycleRefusal::AlreadyReplied);
        }
        if days == 0 {
            return Err(LifecycleRefusal::NoDays);
        }
        let asked = u16::from(nature.working_days()) + u16::from(self.extension) + u16::from(days);
        if asked > u16::from(MAX_WORKING_DAYS) {
            return Err(LifecycleRefusal::ExtensionTooLong { asked });
        }
        Ok(())
    }

    /// Records `event` at `at`, after [`ComplaintState::check`].
    pub fn apply(
        &mut self,
        at: DateTime<Utc>,
        event: &ComplaintEvent,
    ) -> Result<(), LifecycleRefusal> {
        self.check(event)?;
        match event {
            ComplaintEvent::DetermineNature {
                nature,
                category,
                department,
            } => {
                self.nature = Some(*nature);
                self.category = Some(*category);
                self.department = Some(department.clone());
                self.step = Step::NatureDetermined;
            }
            ComplaintEvent::Investigate { .. } => self.step = Step::Investigated,
            ComplaintEvent::Assign { person } => {
                self.assigned = Some(person.clone());
                self.step = Step::Assigned;
            }
            ComplaintEvent::ProposeSolution { .. } => self.step = Step::SolutionProposed,
            ComplaintEvent::HeadSigns { head } => self.head = Some(head.clone()),
            ComplaintEvent::Reply { .. } => {
                self.replied_at = Some(at);
                self.step = Step::Replied;
            }
            ComplaintEvent::FollowUp { satisfied, .. } => {
                self.last_follow_up = Some((at, *satisfied));
                if *satisfied {
                    self.step = Step::FollowedUp;
                } else {
                    // CMP-8: handled again from the investigation, a new round and deadline.
                    self.round += 1;
                    self.round_from = at;
                    self.head = None;
                    self.extension = 0;
                    self.replied_at = None;
                    self.step = Step::NatureDetermined;
                }
            }
            ComplaintEvent::Evaluate { .. } => self.step = Step::Evaluated,
            ComplaintEvent::ExtendDeadline { working_days } => self.extension += working_days,
            ComplaintEvent::Note { .. } => {}
        }
        Ok(())
    }
}

impl Step {
    /// The name stored in the database; never changes.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Step> {
        key.parse().ok()
    }
}

impl NextStep {
    /// The name stored in the database; never changes.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<NextStep> {
        key.parse().ok()
    }
}

impl EventKind {
    /// The name stored in the database; never changes.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<EventKind> {
        key.parse().ok()
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
