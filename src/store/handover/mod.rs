//! The shift handover in the database (issue 10; HND-1 … HND-8): the shift log, the open
//! items read from the other desks' records, handovers and their steps, the desk left
//! unstaffed, the day's figures and the supervisor's daily sign-off. Every table is
//! append-only and hash-chained evidence; every write has its audit row in its transaction.
//!
//! # Public API (the handover pane and `frontdesk report day` are written against it)
//! - Signatures: [`Store::sign`] → [`Signed`] (the person's own PIN, same lockout as sign-in).
//! - Log (HND-1): [`Store::log_entry`], [`Store::correct_log_entry`], [`Store::shift_log`],
//!   [`Store::log_since_last_handover`].
//! - Items (issue 10 §2): [`Store::handover_items`]; HND-8: [`Store::yesterdays_open`].
//! - Handovers: [`Store::submit_handover`], [`Store::handover_event`] and
//!   [`Store::mark_read`] (checked against the replayed state inside `BEGIN IMMEDIATE`: of
//!   two desks accepting, one wins and the other is told who), [`Store::handover`],
//!   [`Store::pending_handover`], [`Store::latest_handover`], [`Store::handovers_on`],
//!   [`Store::refusals_unsigned`], [`Store::refusals_waiting`] (HND-4, flagged at every
//!   desk a supervisor is at), [`Store::sign_ins_since`] (HND-8's first sign-in of the day).
//! - Duty (HND-7): [`Store::on_duty`], [`Store::record_unstaffed`].
//! - Review (HND-6): [`Store::day_figures`], [`Store::day_review`] → [`DayReview`],
//!   [`Store::sign_day`], [`Store::signoff`], [`Store::unsigned_days`],
//!   [`Store::signed_days`];
//!   [`Store::record_day_report`] (the audit row of `frontdesk report day`).
//!
//! # Decisions where the rules are silent
//! - **Signing** needs the person's own PIN ([`Store::sign`]); a clerk without one is told a
//!   supervisor must set it. Submitting and accepting are signed; reading, asking, answering
//!   and refusing are recorded under the name given, with whoever is signed in at the desk.
//! - **What a handover covers**: every shift-log entry written since the newest entry an
//!   accepted handover covered (a refused handover's entries go into the next one), and the
//!   open items generated inside the submission's transaction, so the snapshot is what the
//!   file held at that instant.
//! - **One pending handover at a time**: a second submission while one waits is refused
//!   (`AlreadyPending`); after a refusal the outgoing, still on duty, may submit again.
//! - **On duty (HND-7)**: someone is on duty from their first shift-log entry or accepted
//!   handover (as incoming) since they were last relieved, until a handover of theirs is
//!   accepted or the desk is recorded unstaffed for them; "on duty since" is that first
//!   one, not the latest. Signing out on duty is the UI's to refuse with [`Store::on_duty`];
//!   with a supervisor's PIN it calls [`Store::record_unstaffed`].
//! - **Ownership conflicts** among the items are those of customers registered since the
//!   start of the previous office day ([`CONFLICT_DAYS`]): a conflict arises at a
//!   registration, so the writes that can open one keep the registrations to check in
//!   `conflict_watch` (issue 18; `register::conflict_watch` says why those are enough), and
//!   the items check only those customers again, not everyone registered since. Those the
//!   newest handover listed are checked again too, so a conflict is handed on from shift to
//!   shift until a supervisor rules on it (or the rules themselves settle it, a registration
//!   lapsing), however old.
//! - **The day's review** lists the handovers submitted on that office day. The sign-off
//!   stores the figures and the chain heads the supervisor saw; each head must still be a
//!   link of its chain (`HeadNotInChain` otherwise). One sign-off per day.
//!
//! # The module by job
//! `shift_log` (the log's entries and corrections, and what the next handover covers),
//! `items` (the open items generated from the other desks' records; HND-8's open list and
//! first sign-in), `handovers` (submitting, the steps checked against the replayed state,
//! reading handovers back), `duty` (on duty, the desk left unstaffed), `review` (the refusals
//! waiting for a supervisor, the day's figures and review, the sign-off, signed and unsigned
//! days); the errors, records and shared helpers are here. Each part reads the others' items
//! and the imports below through `use super::*`; what was private to the handover is private
//! or `pub(super)` in its part, nothing more visible than before.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

use super::chain::{self, ChainBreak, ChainHead};
use super::complaint::{
    OpenItem, OpenRef, office_hours, open_items, write_with, write_with_reading,
};
use super::settings::office_settings_in;
use super::staff::still_supervisor;
use super::{
    Approval, EvidenceAck, Result as StoreResult, Signed, Store, StoreError, audit,
    parse_timestamp, timestamp,
};
use crate::domain::clock::business_day;
use crate::domain::complaint::{ComplaintId, RepairId};
use crate::domain::handover::{
    CheckedItem, DayFigures, HandoverEvent, HandoverId, HandoverItem, HandoverRefusal,
    HandoverState, LogEntry, LogEntryDraft, LogEntryError, LogEntryId, Priority, RegisterRef,
    SalesFigures, SealedHead, Signoff, validate_reason,
};
use crate::domain::register::Register;
use crate::domain::rotation::{Event, ReceptionKind};
use crate::domain::staff::StaffId;
use crate::domain::text::TextError;
use crate::domain::workdays::local_hour;

/// How many office days back (today included) the open items look for ownership conflicts.
pub const CONFLICT_DAYS: u64 = 2;

mod duty;
mod handovers;
mod items;
mod review;
mod shift_log;

use handovers::*;
pub(in crate::store) use items::ConflictsSeen;
use shift_log::*;

/// Why a handover write was refused.
#[derive(Debug, thiserror::Error)]
pub enum HandoverStepError {
    #[error(transparent)]
    Refused(#[from] HandoverRefusal),
    #[error("there is no handover {0}")]
    NoSuchHandover(HandoverId),
    /// A handover is already waiting for its incoming clerk.
    #[error("handover {0} is still waiting to be accepted or refused")]
    AlreadyPending(HandoverId),
    /// Submitting or accepting needs the person's own signature (their PIN).
    #[error("this step needs {0}'s own PIN")]
    NeedsSignature(StaffId),
    #[error(transparent)]
    Log(#[from] LogEntryError),
    #[error("there is no shift-log entry {0}")]
    NoSuchEntry(LogEntryId),
    /// A clerk corrects only their own entries: the log is their account (HND-1).
    #[error("shift-log entry {0} was written by someone else")]
    NotYourEntry(LogEntryId),
    /// A correction names the original entry, never another correction.
    #[error("shift-log entry {entry} is a correction of {original}; correct the original")]
    NotAnOriginal {
        entry: LogEntryId,
        original: LogEntryId,
    },
    #[error("{day} was signed already by {by} at {at}")]
    DaySigned {
        day: NaiveDate,
        by: StaffId,
        at: DateTime<Utc>,
    },
    #[error("{0} has not begun yet")]
    DayNotBegun(NaiveDate),
    /// A chain head the supervisor reviewed is not a link of its chain.
    #[error("the head of {0} shown for signing is not in its chain; review the day again")]
    HeadNotInChain(String),
    #[error("remarks: {0}")]
    Remarks(TextError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for HandoverStepError {
    fn from(e: rusqlite::Error) -> Self {
        HandoverStepError::Store(e.into())
    }
}

/// A step as recorded: when, who was signed in at the desk, and the event (whose `by` says
/// who took it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverEntry {
    pub at: DateTime<Utc>,
    pub operator: StaffId,
    pub event: HandoverEvent,
}

/// A handover whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRecord {
    pub id: HandoverId,
    pub submitted_at: DateTime<Utc>,
    /// The office day it was submitted on: the day whose review lists it.
    pub day: NaiveDate,
    pub outgoing: StaffId,
    /// The shift it hands over, by name, when one was defined then.
    pub shift: Option<String>,
    /// The log entries it covers, as written.
    pub log: Vec<LogEntry>,
    /// The steps after the submission.
    pub entries: Vec<HandoverEntry>,
    /// Where it stands: items, checklist, reads, questions, stage.
    pub state: HandoverState,
}

impl HandoverRecord {
    /// When it was accepted or refused, if it was.
    pub fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.entries
            .iter()
            .find(|e| {
                matches!(
                    e.event,
                    HandoverEvent::Accept { .. } | HandoverEvent::Refuse { .. }
                )
            })
            .map(|e| e.at)
    }
}

/// A refused handover waiting for a supervisor (HND-4), in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalWaiting {
    pub handover: HandoverId,
    /// The office day it was submitted on: signing that day deals with it.
    pub day: NaiveDate,
    pub outgoing: StaffId,
    pub by: StaffId,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A sign-out without a handover (HND-7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unstaffed {
    pub at: DateTime<Utc>,
    pub clerk: StaffId,
    pub supervisor: StaffId,
    pub reason: String,
}

/// One office day for the supervisor's review (issue 10 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayReview {
    pub day: NaiveDate,
    pub handovers: Vec<HandoverRecord>,
    pub unstaffed: Vec<Unstaffed>,
    pub figures: DayFigures,
    /// The shift-log entries written that day in none of its handovers (a refused one's go
    /// into the next, a night's before midnight into the morning's): reviewed all the same.
    pub other_log: Vec<LogEntry>,
    /// Every chain's head as it stands now: what a signature would seal.
    pub heads: Vec<ChainHead>,
    pub signoff: Option<Signoff>,
    /// The heads the sign-off sealed that are no longer links of their chains with the sealed
    /// hash (issue 16 §2): the chain was rewritten after the day was signed.
    pub seals_broken: Vec<ChainBreak>,
    /// Evidence failures a supervisor acknowledged on that day (issue 16 §2).
    pub acknowledged: Vec<EvidenceAck>,
    /// The deals signed or cancelled that day (issue 17 §4).
    pub deals: Vec<crate::store::deals::DealView>,
    /// The last backup written and checked (issue 19), as it stands now: when and where.
    pub last_good_backup: Option<crate::store::backup::BackupNote>,
    /// Where the pushes to the head office stand now (issue 19 §3): the last one, what is
    /// not yet pushed, the last failure.
    pub head_office: crate::store::head_office_push::PushState,
}

fn conversion(text: &str, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{text:?} is not {what}").into(),
    )
}

fn json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|_| conversion(text, what))
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string()))
}

fn date(text: &str) -> rusqlite::Result<NaiveDate> {
    text.parse().map_err(|_| conversion(text, "a date"))
}

/// The office day's bounds in UTC: [start, end).
fn bounds(day: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = day.succ_opt().unwrap_or(day);
    (local_hour(day, 0, tz), local_hour(next, 0, tz))
}

fn tz_in(conn: &Connection) -> StoreResult<Tz> {
    Ok(office_hours(conn)?.tz)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod conflict_tests;
