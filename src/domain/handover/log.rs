//! The shift log (HND-1): entries appended while the shift runs, never edited; a correction
//! is a new entry naming the one it corrects, with a reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

use crate::domain::staff::StaffId;
use crate::domain::text::{TextError, sanitize};

/// A shift-log entry's key (its row in `shift_log`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LogEntryId(pub i64);

impl std::fmt::Display for LogEntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How much an entry matters to the next shift. The snake_case name is stored.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Priority {
    #[default]
    Normal,
    Important,
    Urgent,
}

impl Priority {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Priority> {
        key.parse().ok()
    }
}

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: LogEntryId,
    pub at: DateTime<Utc>,
    pub by: StaffId,
    pub priority: Priority,
    pub tags: Vec<String>,
    pub text: String,
    /// The entry this one corrects; `None` for an original entry.
    pub corrects: Option<LogEntryId>,
    /// Why, for a correction.
    pub reason: Option<String>,
}

impl LogEntry {
    /// The key the handover uses to mark it read (HND-2).
    pub fn key(&self) -> String {
        log_key(self.id)
    }
}

/// `log:<id>`: a log entry's key in a handover.
pub fn log_key(id: LogEntryId) -> String {
    format!("log:{id}")
}

/// What the clerk typed. `tags` may be typed as one line: see [`split_tags`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogEntryForm {
    pub priority: Priority,
    pub tags: Vec<String>,
    pub text: String,
}

/// An entry checked and cleaned, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntryDraft {
    pub priority: Priority,
    pub tags: Vec<String>,
    pub text: String,
}

pub const LOG_TEXT_MAX_CHARS: usize = 500;
pub const MAX_TAGS: usize = 5;
pub const TAG_MAX_CHARS: usize = 20;
pub const REASON_MAX_CHARS: usize = 200;

/// The fields of a log entry, for naming the one refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogField {
    Text,
    Tags,
    Reason,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogProblem {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("at most {MAX_TAGS} tags")]
    TooManyTags,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem}")]
pub struct LogEntryError {
    pub field: LogField,
    pub problem: LogProblem,
}

/// Tags typed on one line, separated by spaces, commas (either width) or `、`.
pub fn split_tags(line: &str) -> Vec<String> {
    line.split([' ', ',', '，', '、', '\u{3000}'])
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks and cleans an entry: text 1–500 characters, control characters and escapes
/// stripped; tags cleaned, blanks dropped, each once, at most 5 of at most 20 characters.
pub fn validate_log_entry(form: &LogEntryForm) -> Result<LogEntryDraft, LogEntryError> {
    let text = crate::domain::text::required(&form.text, LOG_TEXT_MAX_CHARS).map_err(|e| {
        LogEntryError {
            field: LogField::Text,
            problem: e.into(),
        }
    })?;
    let mut tags: Vec<String> = Vec::new();
    for tag in &form.tags {
        let tag = sanitize(tag);
        if tag.is_empty() || tags.contains(&tag) {
            continue;
        }
        if tag.chars().count() > TAG_MAX_CHARS {
            return Err(LogEntryError {
                field: LogField::Tags,
                problem: TextError::TooLong(TAG_MAX_CHARS).into(),
            });
        }
        tags.push(tag);
    }
    if tags.len() > MAX_TAGS {
        return Err(LogEntryError {
            field: LogField::Tags,
            problem: LogProblem::TooManyTags,
        });
    }
    Ok(LogEntryDraft {
        priority: form.priority,
        tags,
        text,
    })
}

/// A correction's reason: 1–200 characters, cleaned.
pub fn validate_reason(reason: &str) -> Result<String, LogEntryError> {
    crate::domain::text::required(reason, REASON_MAX_CHARS).map_err(|e| LogEntryError {
        field: LogField::Reason,
        problem: e.into(),
    })
}

/// The log as it reads now: each original entry with its latest correction, if any, in the
/// order the originals were written. Corrections of entries not in `entries` are shown as
/// entries of their own.
pub fn as_corrected(entries: &[LogEntry]) -> Vec<(&LogEntry, Option<&LogEntry>)> {
    let mut out: Vec<(&LogEntry, Option<&LogEntry>)> = Vec::new();
    for e in entries {
        match e.corrects {
            Some(original) => match out.iter_mut().find(|(o, _)| o.id == original) {
                Some(slot) => slot.1 = Some(e),
                None => out.push((e, None)),
            },
            None => out.push((e, None)),
        }
    }
    out
}
