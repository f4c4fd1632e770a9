//! The handover's state machine (HND-2 … HND-5): submitted by the outgoing clerk, read and
//! questioned by the incoming, answered by the outgoing, then accepted or refused. The
//! state is never stored: it is the fold of the handover's append-only events.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::items::HandoverItem;
use super::log::{LogEntryId, log_key};
use crate::domain::staff::StaffId;
use crate::domain::text::{TextError, sanitize};

/// One item of the office's checklist as checked together (HND-3): ticked, or not with a
/// note saying why (a radio sent for repair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub item: String,
    pub ticked: bool,
    pub note: String,
}

/// One step of a handover (stored as JSON in `handover_events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HandoverEvent {
    /// The outgoing clerk hands the desk over, signed with their PIN (HND-1, HND-6): the
    /// log entries of the shift, the open items as they stood, the checklist.
    Submit {
        outgoing: StaffId,
        log: Vec<LogEntryId>,
        items: Vec<HandoverItem>,
        checklist: Vec<CheckedItem>,
    },
    /// The incoming clerk opened or scrolled past an item or entry (HND-2).
    Read { by: StaffId, key: String },
    /// A question of the incoming clerk (HND-3).
    Ask { by: StaffId, text: String },
    /// The outgoing clerk's answer to question `question` (0-based, in the order asked).
    Answer {
        by: StaffId,
        question: usize,
        text: String,
    },
    /// The incoming clerk takes the desk, signed with their PIN (HND-5).
    Accept { by: StaffId },
    /// The incoming clerk refuses, with the reason the supervisor reads (HND-4).
    Refuse { by: StaffId, reason: String },
}

/// An event's kind, as stored in its own column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoverEventKind {
    Submit,
    Read,
    Ask,
    Answer,
    Accept,
    Refuse,
}

impl HandoverEventKind {
    pub fn key(self) -> &'static str {
        match self {
            HandoverEventKind::Submit => "submit",
            HandoverEventKind::Read => "read",
            HandoverEventKind::Ask => "ask",
            HandoverEventKind::Answer => "answer",
            HandoverEventKind::Accept => "accept",
            HandoverEventKind::Refuse => "refuse",
        }
    }
}

pub const QUESTION_MAX_CHARS: usize = 500;
pub const NOTE_MAX_CHARS: usize = 200;

impl HandoverEvent {
    pub fn kind(&self) -> HandoverEventKind {
        match self {
            HandoverEvent::Submit { .. } => HandoverEventKind::Submit,
            HandoverEvent::Read { .. } => HandoverEventKind::Read,
            HandoverEvent::Ask { .. } => HandoverEventKind::Ask,
            HandoverEvent::Answer { .. } => HandoverEventKind::Answer,
            HandoverEvent::Accept { .. } => HandoverEventKind::Accept,
            HandoverEvent::Refuse { .. } => HandoverEventKind::Refuse,
        }
    }

    /// Who takes the step.
    pub fn by(&self) -> StaffId {
        match self {
            HandoverEvent::Submit { outgoing, .. } => *outgoing,
            HandoverEvent::Read { by, .. }
            | HandoverEvent::Ask { by, .. }
            | HandoverEvent::Answer { by, .. }
            | HandoverEvent::Accept { by }
            | HandoverEvent::Refuse { by, .. } => *by,
        }
    }

    /// The same event with its typed text cleaned of control characters and escapes.
    pub fn cleaned(&self) -> HandoverEvent {
        let mut e = self.clone();
        match &mut e {
            HandoverEvent::Ask { text: t, .. }
            | HandoverEvent::Answer { text: t, .. }
            | HandoverEvent::Refuse { reason: t, .. } => *t = sanitize(t),
            HandoverEvent::Submit { checklist, .. } => {
                for c in checklist {
                    c.item = sanitize(&c.item);
                    c.note = sanitize(&c.note);
                }
            }
            HandoverEvent::Read { key, .. } => *key = sanitize(key),
            HandoverEvent::Accept { .. } => {}
        }
        e
    }
}

/// Where a handover stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Submitted and waiting: the outgoing clerk is still on duty (HND-7).
    Submitted,
    Accepted,
    Refused,
}

impl Stage {
    pub fn key(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::Accepted => "accepted",
            Stage::Refused => "refused",
        }
    }
}

/// Which typed text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoverField {
    Question,
    Answer,
    Reason,
    ChecklistNote,
}

/// Why a step of the handover was refused, in terms the clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoverRefusal {
    #[error("the handover has no checklist")]
    NoChecklist,
    /// An item of the office's checklist left out.
    #[error("checklist item {0:?} is missing")]
    ChecklistMissing(String),
    /// An item that is not on the office's checklist.
    #[error("{0:?} is not on the office's checklist")]
    ChecklistUnknown(String),
    /// Neither ticked nor explained (HND-3).
    #[error("checklist item {0:?} is neither ticked nor explained in a note")]
    ChecklistUnchecked(String),
    #[error("the handover was submitted already")]
    AlreadySubmitted,
    #[error("the handover has not been submitted")]
    NotSubmitted,
    /// The outgoing clerk cannot read, question, accept or refuse their own handover.
    #[error("the outgoing clerk cannot do this to their own handover")]
    OwnHandover,
    /// Only the outgoing clerk answers the incoming's questions (HND-3).
    #[error("only the outgoing clerk answers questions")]
    OnlyOutgoingAnswers,
    #[error("there is no question {0}")]
    NoSuchQuestion(usize),
    #[error("question {0} was answered already")]
    AlreadyAnswered(usize),
    #[error("{0:?} is not an item or entry of this handover")]
    UnknownKey(String),
    /// HND-2: every item and entry must be opened or scrolled past before accepting.
    #[error("{} items or entries not read yet, the first {}", .0.len(), .0.first().map_or("", String::as_str))]
    Unread(Vec<String>),
    /// HND-5: a question still unanswered.
    #[error("question {0} is not answered yet")]
    OpenQuestion(usize),
    /// Two desks on one file: the other desk's acceptance won.
    #[error("the handover was already accepted by {by}")]
    AlreadyAccepted { by: StaffId },
    #[error("the handover was already refused by {by}")]
    AlreadyRefused { by: StaffId },
    #[error("{field:?}: {problem}")]
    Text {
        field: HandoverField,
        problem: TextError,
    },
}

/// A question and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub by: StaffId,
    pub text: String,
    pub answer: Option<String>,
}

/// A stored event that does not fit the handover as replayed (a damaged record).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("step {index} of the handover cannot be replayed: {refusal}")]
pub struct HandoverReplayError {
    pub index: usize,
    pub refusal: HandoverRefusal,
}

/// A handover's state: the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverState {
    outgoing: StaffId,
    log: Vec<LogEntryId>,
    items: Vec<HandoverItem>,
    checklist: Vec<CheckedItem>,
    reads: BTreeMap<StaffId, BTreeSet<String>>,
    questions: Vec<Question>,
    stage: Stage,
    /// Who accepted or refused.
    decided_by: Option<StaffId>,
    refusal: Option<String>,
}

fn text_ok(field: HandoverField, text: &str, max: usize) -> Result<(), HandoverRefusal> {
    let problem = if text.is_empty() {
        TextError::Empty
    } else if text.chars().count() > max {
        TextError::TooLong(max)
    } else {
        return Ok(());
    };
    Err(HandoverRefusal::Text { field, problem })
}

/// Checks a submitted checklist against the office's (HND-3): every office item present
/// once, none other, each ticked or explained in a note (at most 200 characters).
/// Decision: an unticked item with a note may be handed over, since the note is the finding
/// the incoming clerk reads and may refuse over (HND-4); an unticked item without one is a
/// check not done.
pub fn check_checklist(office: &[String], given: &[CheckedItem]) -> Result<(), HandoverRefusal> {
    if given.is_empty() {
        return Err(HandoverRefusal::NoChecklist);
    }
    for c in given {
        if !office.contains(&c.item) {
            return Err(HandoverRefusal::ChecklistUnknown(c.item.clone()));
        }
        if c.note.chars().count() > NOTE_MAX_CHARS {
            return Err(HandoverRefusal::Text {
                field: HandoverField::ChecklistNote,
                problem: TextError::TooLong(NOTE_MAX_CHARS),
            });
        }
        if !c.ticked && c.note.trim().is_empty() {
            return Err(HandoverRefusal::ChecklistUnchecked(c.item.clone()));
        }
    }
    for item in office {
        if given.iter().filter(|c| &c.item == item).count() != 1 {
            return Err(HandoverRefusal::ChecklistMissing(item.clone()));
        }
    }
    Ok(())
}

impl HandoverState {
    /// The state a `Submit` starts; `None` for any other event.
    fn submitted(event: &HandoverEvent) -> Option<HandoverState> {
        let HandoverEvent::Submit {
            outgoing,
            log,
            items,
            checklist,
        } = event
        else {
            return None;
        };
        Some(HandoverState {
            outgoing: *outgoing,
            log: log.clone(),
            items: items.clone(),
            checklist: checklist.clone(),
            reads: BTreeMap::new(),
            questions: Vec::new(),
            stage: Stage::Submitted,
            decided_by: None,
            refusal: None,
        })
    }

    /// Folds the events in order: the first must be the `Submit`; an event that does not
    /// fit (a damaged record) is an error naming it.
    pub fn replay<'a>(
        events: impl IntoIterator<Item = &'a HandoverEvent>,
    ) -> Result<HandoverState, HandoverReplayError> {
        let mut events = events.into_iter();
        let first = events.next().ok_or(HandoverReplayError {
            index: 0,
            refusal: HandoverRefusal::NotSubmitted,
        })?;
        let mut state = HandoverState::submitted(first).ok_or(HandoverReplayError {
            index: 0,
            refusal: HandoverRefusal::NotSubmitted,
        })?;
        for (i, event) in events.enumerate() {
            state.apply(event).map_err(|refusal| HandoverReplayError {
                index: i + 1,
                refusal,
            })?;
        }
        Ok(state)
    }

    pub fn outgoing(&self) -> StaffId {
        self.outgoing
    }

    pub fn log(&self) -> &[LogEntryId] {
        &self.log
    }

    pub fn items(&self) -> &[HandoverItem] {
        &self.items
    }

    pub fn checklist(&self) -> &[CheckedItem] {
        &self.checklist
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// Who accepted or refused it.
    pub fn decided_by(&self) -> Option<StaffId> {
        self.decided_by
    }

    /// The incoming clerk's reason for refusing (HND-4).
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The questions not yet answered, by index (HND-5).
    pub fn open_questions(&self) -> Vec<usize> {
        self.questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.answer.is_none())
            .map(|(i, _)| i)
            .collect()
    }

    /// Every key to be read before accepting: the items, then the log entries.
    pub fn keys(&self) -> Vec<String> {
        self.items
            .iter()
            .map(HandoverItem::key)
            .chain(self.log.iter().map(|id| log_key(*id)))
            .collect()
    }

    /// The keys `by` has not read yet (HND-2), in the order of [`HandoverState::keys`].
    /// Reads are each reader's own: a clerk accepts on what they read.
    pub fn unread(&self, by: StaffId) -> Vec<String> {
        let read = self.reads.get(&by);
        self.keys()
            .into_iter()
            .filter(|k| !read.is_some_and(|r| r.contains(k)))
            .collect()
    }

    /// Everyone but the outgoing clerk who has read any of it, with how many keys each has
    /// read, most first: the outgoing clerk's desk shows how far the incoming has got.
    pub fn readers(&self) -> Vec<(StaffId, usize)> {
        let keys = self.keys();
        let mut out: Vec<(StaffId, usize)> = self
            .reads
            .iter()
            .filter(|(by, _)| **by != self.outgoing)
            .map(|(by, read)| (*by, keys.iter().filter(|k| read.contains(*k)).count()))
            .collect();
        out.sort_by_key(|(by, n)| (std::cmp::Reverse(*n), *by));
        out
    }

    /// True once `by` has read `key`.
    pub fn has_read(&self, by: StaffId, key: &str) -> bool {
        self.reads.get(&by).is_some_and(|r| r.contains(key))
    }

    /// HND-5: accepted, with the checks done and no question open.
    pub fn is_complete(&self) -> bool {
        self.stage == Stage::Accepted && self.open_questions().is_empty()
    }

    fn not_closed(&self) -> Result<(), HandoverRefusal> {
        match (self.stage, self.decided_by) {
            (Stage::Accepted, Some(by)) => Err(HandoverRefusal::AlreadyAccepted { by }),
            (Stage::Refused, Some(by)) => Err(HandoverRefusal::AlreadyRefused { by }),
            _ => Ok(()),
        }
    }

    fn not_own(&self, by: StaffId) -> Result<(), HandoverRefusal> {
        match by == self.outgoing {
            true => Err(HandoverRefusal::OwnHandover),
            false => Ok(()),
        }
    }

    /// Whether `event` may come next (its text already cleaned). Reading a key already read
    /// is allowed and changes nothing.
    pub fn check(&self, event: &HandoverEvent) -> Result<(), HandoverRefusal> {
        if matches!(event, HandoverEvent::Submit { .. }) {
            return Err(HandoverRefusal::AlreadySubmitted);
        }
        self.not_closed()?;
        match event {
            HandoverEvent::Submit { .. } => unreachable!("refused above"),
            HandoverEvent::Read { by, key } => {
                self.not_own(*by)?;
                if !self.keys().contains(key) {
                    return Err(HandoverRefusal::UnknownKey(key.clone()));
                }
            }
            HandoverEvent::Ask { by, text } => {
                self.not_own(*by)?;
                text_ok(HandoverField::Question, text, QUESTION_MAX_CHARS)?;
            }
            HandoverEvent::Answer { by, question, text } => {
                if *by != self.outgoing {
                    return Err(HandoverRefusal::OnlyOutgoingAnswers);
                }
                let q = self
                    .questions
                    .get(*question)
                    .ok_or(HandoverRefusal::NoSuchQuestion(*question))?;
                if q.answer.is_some() {
                    return Err(HandoverRefusal::AlreadyAnswered(*question));
                }
                text_ok(HandoverField::Answer, text, QUESTION_MAX_CHARS)?;
            }
            HandoverEvent::Accept { by } => {
                self.not_own(*by)?;
                let unread = self.unread(*by);
                if !unread.is_empty() {
                    return Err(HandoverRefusal::Unread(unread));
                }
                if let Some(&open) = self.open_questions().first() {
                    return Err(HandoverRefusal::OpenQuestion(open));
                }
            }
            HandoverEvent::Refuse { by, reason } => {
                self.not_own(*by)?;
                text_ok(HandoverField::Reason, reason, QUESTION_MAX_CHARS)?;
            }
        }
        Ok(())
    }

    /// Checks `event` and folds it in.
    pub fn apply(&mut self, event: &HandoverEvent) -> Result<(), HandoverRefusal> {
        self.check(event)?;
        match event {
            HandoverEvent::Submit { .. } => {}
            HandoverEvent::Read { by, key } => {
                self.reads.entry(*by).or_default().insert(key.clone());
            }
            HandoverEvent::Ask { by, text } => self.questions.push(Question {
                by: *by,
                text: text.clone(),
                answer: None,
            }),
            HandoverEvent::Answer { question, text, .. } => {
                self.questions[*question].answer = Some(text.clone());
            }
            HandoverEvent::Accept { by } => {
                self.stage = Stage::Accepted;
                self.decided_by = Some(*by);
            }
            HandoverEvent::Refuse { by, reason } => {
                self.stage = Stage::Refused;
                self.decided_by = Some(*by);
                self.refusal = Some(reason.clone());
            }
        }
        Ok(())
    }

    /// Starts a handover from its `Submit`, checking the checklist against the office's.
    pub fn submit(
        office_checklist: &[String],
        event: &HandoverEvent,
    ) -> Result<HandoverState, HandoverRefusal> {
        let state = HandoverState::submitted(event).ok_or(HandoverRefusal::NotSubmitted)?;
        check_checklist(office_checklist, &state.checklist)?;
        Ok(state)
    }
}
