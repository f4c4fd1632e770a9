//! The shift handover (前台交接班, issue 10; HND-1 … HND-8): the office's shifts and checklist,
//! the shift log, the open items handed on, the handover's state machine and the
//! supervisor's daily review. Pure: no database, no terminal; time comes in.
//!
//! # Public API (the handover pane is written against it)
//! - Shifts: [`Shift`], [`Shifts`] (`new`, `list`, `current(local) -> Option<ShiftSpan>`,
//!   `to_text`/`from_text`, `Default` = 早班 08:00–16:00, 中班 16:00–24:00, 夜班 00:00–08:00),
//!   [`ShiftSpan`], [`ShiftError`]; kept in `OfficeSettings` (`with_shifts`/`shifts()`).
//! - Checklist: [`DEFAULT_CHECKLIST`], [`default_checklist`], [`validate_checklist`],
//!   [`default_english`]; kept in `OfficeSettings` (`with_handover_checklist` /
//!   `handover_checklist()`).
//! - Log (HND-1): [`LogEntryForm`] → [`validate_log_entry`] → [`LogEntryDraft`], or
//!   [`LogEntryError`] `{ field: LogField, problem }`; [`LogEntry`] as stored, [`LogEntryId`],
//!   [`Priority`], [`split_tags`], [`validate_reason`], [`as_corrected`], [`log_key`].
//! - Items (issue 10 §2): [`HandoverItem`] with `key()` and `is_overdue()`,
//!   [`RegisterRef`].
//! - State machine: [`HandoverEvent`] (`Submit`, `Read`, `Ask`, `Answer`, `Accept`,
//!   `Refuse`), [`CheckedItem`], [`HandoverState`] (`replay`, `submit`, `check`, `apply`,
//!   `stage`, `keys`, `unread(by)`, `open_questions`, `questions`, `decided_by`,
//!   `refusal`, `is_complete`), [`Stage`], [`HandoverRefusal`] (every refusal a variant),
//!   [`check_checklist`].
//! - Review (HND-6): [`DayFigures`], [`SalesFigures`], [`SealedHead`], [`Signoff`].
//!
//! # Decisions where the rules are silent
//! - **Shifts** may leave gaps (an office closed at night) but never overlap; a shift ending
//!   at or before its start runs past midnight, one ending at its start lasts 24 hours.
//!   Times are office-local and minute-precise. A handover made in the first quarter of a
//!   shift that directly follows another hands over the one just ended (a late relief).
//! - **The checklist's default items** are stored in Chinese like the office's own;
//!   [`default_english`] gives the UI the English of a default item.
//! - **Checklist at submission**: every office item exactly once, each ticked or carrying a
//!   note (an unticked item with a note is a finding the incoming may refuse over, HND-4).
//! - **Reading (HND-2)** is each reader's own: the clerk who accepts must have read every
//!   item and log entry themselves; reading twice is allowed and changes nothing.
//! - **Questions** (HND-3) may be asked by anyone but the outgoing clerk, answered only by
//!   the outgoing, once each; an open question blocks acceptance by anyone (HND-5).
//! - **Refusing** is always open to an incoming clerk, read or not: a problem found is reason
//!   enough (HND-4); the reason is required.
//! - **Complete (HND-5)**: accepted, which needs the checklist done at submission, every key
//!   read by the acceptor and no open question.
//! - **Corrections** of the log name an original entry (never a correction); the latest
//!   correction of an entry is how it reads ([`as_corrected`]).

mod items;
mod log;
mod machine;
mod review;
mod shifts;

pub use items::{HandoverItem, RegisterRef};
pub use log::{
    LOG_TEXT_MAX_CHARS, LogEntry, LogEntryDraft, LogEntryError, LogEntryForm, LogEntryId, LogField,
    LogProblem, MAX_TAGS, Priority, REASON_MAX_CHARS, TAG_MAX_CHARS, as_corrected, log_key,
    split_tags, validate_log_entry, validate_reason,
};
pub use machine::{
    CheckedItem, HandoverEvent, HandoverEventKind, HandoverField, HandoverRefusal,
    HandoverReplayError, HandoverState, NOTE_MAX_CHARS, QUESTION_MAX_CHARS, Question, Stage,
    check_checklist,
};
pub use review::{DayFigures, SalesFigures, SealedHead, Signoff};
pub use shifts::{
    CHECKLIST_ITEM_MAX_CHARS, DEFAULT_CHECKLIST, DEFAULT_SHIFTS, MAX_CHECKLIST_ITEMS, MAX_SHIFTS,
    SHIFT_NAME_MAX_CHARS, Shift, ShiftError, ShiftSpan, Shifts, default_checklist, default_english,
    validate_checklist,
};

/// A handover's key (its row in `handovers`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct HandoverId(pub i64);

impl std::fmt::Display for HandoverId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
#[path = "handover/tests.rs"]
mod tests;
