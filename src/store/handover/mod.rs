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
//!   registration, and a check per recent customer stays fast on a million visits. Those the
//!   newest handover listed are checked again too, so a conflict is handed on from shift to
//!   shift until a supervisor rules on it (or the rules themselves settle it, a registration
//!   lapsing), however old.
//! - **The day's review** lists the handovers submitted on that office day. The sign-off
//!   stores the figures and the chain heads the supervisor saw; each head must still be a
//!   link of its chain (`HeadNotInChain` otherwise). One sign-off per day.

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

/// How many open complaints and work orders a handover lists at most.
const OPEN_WORK_LIMIT: usize = 1000;

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

// ---- The log ----

const LOG_SQL: &str =
    "SELECT id, at, operator_id, priority, tags, text, corrects, reason FROM shift_log";

fn log_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogEntry> {
    let priority: String = r.get(3)?;
    let tags: String = r.get(4)?;
    Ok(LogEntry {
        id: LogEntryId(r.get(0)?),
        at: parse_timestamp(&r.get::<_, String>(1)?)?,
        by: r.get(2)?,
        priority: Priority::from_key(&priority)
            .ok_or_else(|| conversion(&priority, "a priority"))?,
        tags: json(&tags, "tags")?,
        text: r.get(5)?,
        corrects: r.get::<_, Option<i64>>(6)?.map(LogEntryId),
        reason: r.get(7)?,
    })
}

fn log_entry_in(conn: &Connection, id: LogEntryId) -> StoreResult<Option<LogEntry>> {
    Ok(conn
        .prepare_cached(&format!("{LOG_SQL} WHERE id = ?1"))?
        .query_row([id.0], log_row)
        .optional()?)
}

fn insert_log(
    conn: &Connection,
    operator: StaffId,
    draft: &LogEntryDraft,
    correction: Option<(LogEntryId, &str)>,
    now: DateTime<Utc>,
) -> StoreResult<LogEntryId> {
    let tz = tz_in(conn)?;
    let id = chain::insert_row(
        conn,
        &chain::SHIFT_LOG,
        "INSERT INTO shift_log (id, at, day, operator_id, priority, tags, text, corrects, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            timestamp(now),
            business_day(now, tz).to_string(),
            operator,
            draft.priority.key(),
            to_json(&draft.tags)?,
            draft.text,
            correction.map(|(c, _)| c.0),
            correction.map(|(_, r)| r)
        ],
    )?;
    Ok(LogEntryId(id))
}

/// The newest log entry an accepted handover covered; 0 when none.
fn handed_over_to(conn: &Connection) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(max(h.log_to), 0) FROM handovers h
             WHERE EXISTS (SELECT 1 FROM handover_events e
                           WHERE e.handover_id = h.id AND e.kind = 'accept')",
        )?
        .query_row([], |r| r.get(0))?)
}

fn log_after(conn: &Connection, after: i64) -> StoreResult<Vec<LogEntry>> {
    Ok(conn
        .prepare_cached(&format!("{LOG_SQL} WHERE id > ?1 ORDER BY id"))?
        .query_map([after], log_row)?
        .collect::<rusqlite::Result<_>>()?)
}

// ---- Handovers ----

struct HandoverRow {
    submitted_at: DateTime<Utc>,
    day: NaiveDate,
    outgoing: StaffId,
    shift: Option<String>,
    submit: HandoverEvent,
}

fn handover_row(conn: &Connection, id: HandoverId) -> StoreResult<Option<HandoverRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT submitted_at, day, outgoing_id, shift, log, items, checklist
             FROM handovers WHERE id = ?1",
        )?
        .query_row([id.0], |r| {
            let outgoing: StaffId = r.get(2)?;
            Ok(HandoverRow {
                submitted_at: parse_timestamp(&r.get::<_, String>(0)?)?,
                day: date(&r.get::<_, String>(1)?)?,
                outgoing,
                shift: r.get(3)?,
                submit: HandoverEvent::Submit {
                    outgoing,
                    log: json(&r.get::<_, String>(4)?, "a list of log entries")?,
                    items: json(&r.get::<_, String>(5)?, "open items")?,
                    checklist: json(&r.get::<_, String>(6)?, "a checklist")?,
                },
            })
        })
        .optional()?)
}

fn handover_entries(conn: &Connection, id: HandoverId) -> StoreResult<Vec<HandoverEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, operator_id, event FROM handover_events
             WHERE handover_id = ?1 ORDER BY id",
        )?
        .query_map([id.0], |r| {
            Ok(HandoverEntry {
                at: parse_timestamp(&r.get::<_, String>(0)?)?,
                operator: r.get(1)?,
                event: json(&r.get::<_, String>(2)?, "a handover step")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn replayed(
    id: HandoverId,
    row: &HandoverRow,
    entries: &[HandoverEntry],
) -> StoreResult<HandoverState> {
    HandoverState::replay(std::iter::once(&row.submit).chain(entries.iter().map(|e| &e.event)))
        .map_err(|e| StoreError::Other(format!("handover {id}: {e}")))
}

fn record_in(conn: &Connection, id: HandoverId) -> StoreResult<Option<HandoverRecord>> {
    let Some(row) = handover_row(conn, id)? else {
        return Ok(None);
    };
    let entries = handover_entries(conn, id)?;
    let state = replayed(id, &row, &entries)?;
    let mut log = Vec::with_capacity(state.log().len());
    for entry in state.log() {
        if let Some(e) = log_entry_in(conn, *entry)? {
            log.push(e);
        }
    }
    Ok(Some(HandoverRecord {
        id,
        submitted_at: row.submitted_at,
        day: row.day,
        outgoing: row.outgoing,
        shift: row.shift,
        log,
        entries,
        state,
    }))
}

/// The newest handover neither accepted nor refused.
fn pending_in(conn: &Connection) -> StoreResult<Option<HandoverId>> {
    Ok(conn
        .prepare_cached(
            "SELECT h.id FROM handovers h
             WHERE NOT EXISTS (SELECT 1 FROM handover_events e
                               WHERE e.handover_id = h.id AND e.kind IN ('accept', 'refuse'))
             ORDER BY h.id DESC LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?
        .map(HandoverId))
}

/// Writes one step, already checked, with its chain link and audit row.
fn insert_step(
    conn: &Connection,
    id: HandoverId,
    operator: StaffId,
    event: &HandoverEvent,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let key = chain::insert_row(
        conn,
        &chain::HANDOVER_EVENTS,
        "INSERT INTO handover_events (id, handover_id, at, operator_id, by_id, kind, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id.0,
            timestamp(now),
            operator,
            event.by(),
            event.kind().key(),
            to_json(event)?
        ],
    )?;
    Ok(key)
}

// ---- Duty ----

/// When `staff`'s duty began, if they are on duty (see the module's decisions): the first
/// shift-log entry or acceptance since they were last relieved or left, not the latest.
fn on_duty_in(conn: &Connection, staff: StaffId) -> StoreResult<Option<DateTime<Utc>>> {
    let at = |sql: &str, after: &str| -> StoreResult<Option<DateTime<Utc>>> {
        let at: Option<String> = conn
            .prepare_cached(sql)?
            .query_row(params![staff, after], |r| r.get(0))?;
        Ok(at.map(|t| parse_timestamp(&t)).transpose()?)
    };
    let relieved = at(
        "SELECT max(e.at) FROM handover_events e JOIN handovers h ON h.id = e.handover_id
         WHERE e.kind = 'accept' AND h.outgoing_id = ?1 AND e.at > ?2",
        "",
    )?;
    let left = at(
        "SELECT max(at) FROM desk_unstaffed WHERE clerk_id = ?1 AND at > ?2",
        "",
    )?;
    // Timestamps are our own text, ordered as text; "" is before every one.
    let ended = relieved.max(left).map(timestamp).unwrap_or_default();
    let wrote = at(
        "SELECT min(at) FROM shift_log WHERE operator_id = ?1 AND at > ?2",
        &ended,
    )?;
    let took = at(
        "SELECT min(at) FROM handover_events WHERE kind = 'accept' AND by_id = ?1 AND at > ?2",
        &ended,
    )?;
    Ok(match (wrote, took) {
        (Some(w), Some(t)) => Some(w.min(t)),
        (w, t) => w.or(t),
    })
}

// ---- The day ----

fn count(conn: &Connection, sql: &str, from: &str, to: &str) -> StoreResult<u32> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![from, to], |r| r.get(0))?)
}

fn figures_in(conn: &Connection, day: NaiveDate, tz: Tz) -> StoreResult<DayFigures> {
    let (start, end) = bounds(day, tz);
    let (from, to) = (timestamp(start), timestamp(end));
    // A damaged log still has figures up to its bad row.
    let rotation = super::rotation::day_readable(conn, day)?;
    let mut sales: Vec<SalesFigures> = rotation
        .members()
        .map(|m| SalesFigures {
            salesperson: m.id,
            walk_ins: 0,
            counted: m.counted_new,
            other: m.other,
        })
        .collect();
    for logged in rotation.log() {
        if let Event::ReceptionStarted {
            salesperson, kind, ..
        } = &logged.event
            && matches!(kind, ReceptionKind::Rotation | ReceptionKind::MakeUp)
            && let Some(s) = sales.iter_mut().find(|s| s.salesperson == *salesperson)
        {
            s.walk_ins += 1;
        }
    }
    sales.sort_by_key(|s| s.salesperson);
    let day_key = day.to_string();
    let by_day = |sql: &str| -> StoreResult<u32> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([&day_key], |r| r.get(0))?)
    };
    Ok(DayFigures {
        sales,
        visits: count(
            conn,
            "SELECT count(*) FROM visits WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        calls: count(
            conn,
            "SELECT count(*) FROM calls WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        lobby_in: count(
            conn,
            "SELECT count(*) FROM lobby_visits WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        lobby_out: count(
            conn,
            "SELECT count(*) FROM lobby_exits WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        complaints_opened: count(
            conn,
            "SELECT count(*) FROM complaints WHERE recorded_at >= ?1 AND recorded_at < ?2",
            &from,
            &to,
        )?,
        complaints_closed: count(
            conn,
            "SELECT (SELECT count(*) FROM complaint_events
                     WHERE kind = 'evaluate' AND at >= ?1 AND at < ?2)
                  + (SELECT count(*) FROM complaints
                     WHERE answered_on_spot = 1 AND recorded_at >= ?1 AND recorded_at < ?2)",
            &from,
            &to,
        )?,
        // Open now with a reply due before the day's end: the day closed with them overdue.
        // Open now with a reply due before the day's end: the day closed with them overdue.
        complaints_overdue: conn
            .prepare_cached(
                "SELECT count(*) FROM open_work
                 WHERE kind = 'complaint' AND due_at IS NOT NULL AND due_at < ?1",
            )?
            .query_row([&to], |r| r.get(0))?,
        repairs_opened: count(
            conn,
            "SELECT count(*) FROM repair_orders WHERE reported_at >= ?1 AND reported_at < ?2",
            &from,
            &to,
        )?,
        repairs_closed: count(
            conn,
            "SELECT count(*) FROM repair_events
             WHERE kind = 'confirm' AND at >= ?1 AND at < ?2
               AND json_extract(event, '$.satisfied')",
            &from,
            &to,
        )?,
        handovers: by_day("SELECT count(*) FROM handovers WHERE day = ?1")?,
        handovers_refused: by_day(
            "SELECT count(*) FROM handovers h JOIN handover_events e ON e.handover_id = h.id
             WHERE h.day = ?1 AND e.kind = 'refuse'",
        )?,
        desk_unstaffed: by_day("SELECT count(*) FROM desk_unstaffed WHERE day = ?1")?,
    })
}

fn signoff_in(conn: &Connection, day: NaiveDate) -> StoreResult<Option<Signoff>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, supervisor_id, remarks, figures, heads FROM day_signoffs WHERE day = ?1",
        )?
        .query_row([day.to_string()], |r| {
            Ok(Signoff {
                day,
                at: parse_timestamp(&r.get::<_, String>(0)?)?,
                supervisor: r.get(1)?,
                remarks: r.get(2)?,
                figures: json(&r.get::<_, String>(3)?, "the day's figures")?,
                heads: json(&r.get::<_, String>(4)?, "chain heads")?,
            })
        })
        .optional()?)
}

fn sealed(head: &ChainHead) -> SealedHead {
    SealedHead {
        table: head.table.to_owned(),
        length: head.length,
        hash: head.last.map(|l| chain::hex(&l.hash)),
    }
}

/// True when `head` is still a link of its chain (or the chain was empty when shown).
fn in_chain(conn: &Connection, head: &ChainHead) -> StoreResult<bool> {
    let Some(last) = head.last else {
        return Ok(true);
    };
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM chain
                            WHERE tbl = ?1 AND pos = ?2 AND row_id = ?3 AND hash = ?4)",
        )?
        .query_row(
            params![head.table, last.pos, last.row_id, last.hash.as_slice()],
            |r| r.get(0),
        )?)
}

impl Store {
    /// Appends an entry to the shift log (HND-1) by `operator`, with its chain link and
    /// audit row.
    pub fn log_entry(
        &mut self,
        operator: StaffId,
        draft: &LogEntryDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<LogEntryId> {
        self.write(|tx| {
            let id = insert_log(tx, operator, draft, None, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "shift_log",
                &format!("entry {id}, {}", draft.priority.key()),
            )?;
            Ok(id)
        })
    }

    /// Corrects `id` with a new entry giving `reason` (REG-4's way: never an edit). Only
    /// the entry's author corrects it, and only an original entry.
    pub fn correct_log_entry(
        &mut self,
        operator: StaffId,
        id: LogEntryId,
        draft: &LogEntryDraft,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<LogEntryId, HandoverStepError> {
        let reason = validate_reason(reason)?;
        write_with(self, |tx| {
            let original = log_entry_in(tx, id)?.ok_or(HandoverStepError::NoSuchEntry(id))?;
            if let Some(first) = original.corrects {
                return Err(HandoverStepError::NotAnOriginal {
                    entry: id,
                    original: first,
                });
            }
            if original.by != operator {
                return Err(HandoverStepError::NotYourEntry(id));
            }
            let new = insert_log(tx, operator, draft, Some((id, &reason)), now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "shift_log_correction",
                &format!("entry {new} corrects {id}: {reason}"),
            )?;
            Ok(new)
        })
    }

    /// The log entries written in [from, to), oldest first, corrections included.
    pub fn shift_log(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<Vec<LogEntry>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{LOG_SQL} WHERE at >= ?1 AND at < ?2 ORDER BY at, id"
            ))?
            .query_map(params![timestamp(from), timestamp(to)], log_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The entries the next handover will cover: written since the newest entry an accepted
    /// handover covered.
    pub fn log_since_last_handover(&self) -> StoreResult<Vec<LogEntry>> {
        self.read(|store| log_after(&store.conn, handed_over_to(&store.conn)?))
    }

    /// The open items as they stand at `now` (issue 10 §2), generated from the other desks'
    /// records: overdue complaints and late work orders first, then those due (soonest
    /// first), follow-up visits due, ownership conflicts waiting for a supervisor, today's
    /// receptions still open and make-ups owed, visitors inside, and last the complaints and
    /// work orders with nothing due now. Reads only the derived lists (`open_work`,
    /// `lobby_inside`), today's rotation log and the recent registrations.
    pub fn handover_items(&self, now: DateTime<Utc>) -> StoreResult<Vec<HandoverItem>> {
        self.read(|store| {
            let conn = &store.conn;
            let settings = office_settings_in(conn)?;
            let tz = settings.timezone();
            let mut due = Vec::new();
            let mut nothing_due = Vec::new();
            for item in open_items(conn, "1", OPEN_WORK_LIMIT, now, tz)? {
                let follow_up = matches!(
                    item.progress,
                    super::complaint::Progress::Complaint {
                        step: crate::domain::complaint::Step::Replied,
                        ..
                    }
                );
                if follow_up {
                    continue;
                }
                let has_due = item.due_at.is_some();
                let it = work_item(item);
                match has_due {
                    true => due.push(it),
                    false => nothing_due.push(it),
                }
            }
            let mut items = due;
            for f in store.follow_ups_due(now)? {
                if let OpenRef::Complaint(id) = f.item {
                    items.push(HandoverItem::FollowUpDue {
                        id,
                        summary: f.summary,
                    });
                }
            }
            let today = business_day(now, tz);
            let since_day = today
                .checked_sub_days(chrono::Days::new(CONFLICT_DAYS - 1))
                .unwrap_or(today);
            let since = local_hour(since_day, 0, tz);
            let carried = carried_conflicts(conn)?;
            let policy = settings.policy();
            for c in super::register::open_conflicts(conn, &carried, since, now, tz, policy)? {
                items.push(HandoverItem::OwnershipConflict {
                    customer: c.customer,
                    salespeople: c.salespeople,
                    registrations: c
                        .registrations
                        .into_iter()
                        .map(|(r, id)| match r {
                            Register::Visit => (RegisterRef::Visit, id),
                            Register::Call => (RegisterRef::Call, id),
                        })
                        .collect(),
                });
            }
            let rotation = store.rotation_day(today)?.day;
            for r in rotation.receptions() {
                items.push(HandoverItem::Reception {
                    reception: r.seq,
                    salesperson: r.salesperson,
                    since: r.started,
                });
            }
            let mut owed: Vec<(StaffId, u32)> = Vec::new();
            for m in rotation.make_ups() {
                match owed.iter_mut().find(|(s, _)| *s == m.salesperson) {
                    Some((_, n)) => *n += 1,
                    None => owed.push((m.salesperson, 1)),
                }
            }
            items.extend(
                owed.into_iter()
                    .map(|(salesperson, count)| HandoverItem::MakeUpOwed { salesperson, count }),
            );
            for v in store.inside_now(now)? {
                items.push(HandoverItem::VisitorInside {
                    visit: v.visit.0,
                    visitor: v.name,
                    room: v.host_room.to_string(),
                    since: v.arrived,
                });
            }
            items.extend(nothing_due);
            Ok(items)
        })
    }

    /// HND-8: the complaints and work orders recorded before today's start (office time)
    /// and still open, due first, as a list to go through at the first shift of the day.
    pub fn yesterdays_open(&self, now: DateTime<Utc>, tz: Tz) -> StoreResult<Vec<OpenItem>> {
        let start = timestamp(local_hour(business_day(now, tz), 0, tz));
        self.read(|store| {
            // `start` is our own timestamp text: safe to put in the condition.
            let filter = format!("coalesce(c.recorded_at, r.reported_at) < '{start}'");
            open_items(&store.conn, &filter, OPEN_WORK_LIMIT, now, tz)
        })
    }

    /// The outgoing clerk (`signed`) submits the handover (HND-1, HND-6) with `checklist`
    /// (HND-3). Inside one `BEGIN IMMEDIATE` transaction: no other handover may be pending;
    /// the log entries since the last accepted handover and the open items at `now` are
    /// taken as they stand; the checklist is checked against the office's. Returns the
    /// record.
    pub fn submit_handover(
        &mut self,
        signed: Signed,
        checklist: &[CheckedItem],
        now: DateTime<Utc>,
    ) -> Result<HandoverRecord, HandoverStepError> {
        let outgoing = signed.staff();
        let checklist: Vec<CheckedItem> = checklist
            .iter()
            .map(|c| CheckedItem {
                item: crate::domain::text::sanitize(&c.item),
                ticked: c.ticked,
                note: crate::domain::text::sanitize(&c.note),
            })
            .collect();
        write_with_reading(self, |store, tx| {
            if let Some(pending) = pending_in(tx)? {
                return Err(HandoverStepError::AlreadyPending(pending));
            }
            let settings = office_settings_in(tx)?;
            let tz = settings.timezone();
            let log = log_after(tx, handed_over_to(tx)?)?;
            let items = store.handover_items(now)?;
            let submit = HandoverEvent::Submit {
                outgoing,
                log: log.iter().map(|e| e.id).collect(),
                items,
                checklist,
            };
            HandoverState::submit(settings.handover_checklist(), &submit)?;
            let HandoverEvent::Submit {
                log: ids,
                items,
                checklist,
                ..
            } = &submit
            else {
                unreachable!("built above")
            };
            let local = now.with_timezone(&tz).naive_local();
            let shift = settings.shifts().handed_over(local).map(|s| s.shift.name);
            let id = chain::insert_row(
                tx,
                &chain::HANDOVERS,
                "INSERT INTO handovers (id, submitted_at, day, outgoing_id, shift, log, log_to,
                     items, checklist)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    timestamp(now),
                    business_day(now, tz).to_string(),
                    outgoing,
                    shift,
                    to_json(ids)?,
                    ids.last().map(|l| l.0),
                    to_json(items)?,
                    to_json(checklist)?
                ],
            )?;
            let unticked = checklist.iter().filter(|c| !c.ticked).count();
            audit(
                tx,
                now,
                Some(outgoing),
                None,
                "handover_submit",
                &format!(
                    "handover {id} of {}: {} log entries, {} open items, {unticked} checks not ticked",
                    shift.as_deref().unwrap_or("-"),
                    ids.len(),
                    items.len()
                ),
            )?;
            let id = HandoverId(id);
            record_in(tx, id)?.ok_or(HandoverStepError::NoSuchHandover(id))
        })
    }

    /// Records one step of handover `id` by `event.by()`, with `operator` signed in at the
    /// desk. Checked against the replayed state inside `BEGIN IMMEDIATE`, so of two desks
    /// accepting at once one wins and the other gets `AlreadyAccepted { by }`. An `Accept`
    /// needs the acceptor's own `signed` PIN (HND-5, HND-6). Reading a key already read
    /// writes nothing. Returns the state after the step.
    pub fn handover_event(
        &mut self,
        operator: StaffId,
        id: HandoverId,
        event: &HandoverEvent,
        signed: Option<Signed>,
        now: DateTime<Utc>,
    ) -> Result<HandoverState, HandoverStepError> {
        let event = event.cleaned();
        write_with(self, |tx| {
            let row = handover_row(tx, id)?.ok_or(HandoverStepError::NoSuchHandover(id))?;
            let entries = handover_entries(tx, id)?;
            let mut state = replayed(id, &row, &entries)?;
            state.check(&event)?;
            if let HandoverEvent::Accept { by } = &event
                && signed.map(|s| s.staff()) != Some(*by)
            {
                return Err(HandoverStepError::NeedsSignature(*by));
            }
            if let HandoverEvent::Read { by, key } = &event
                && state.has_read(*by, key)
            {
                return Ok(state);
            }
            let key = insert_step(tx, id, operator, &event, now)?;
            state.apply(&event)?;
            let detail = match &event {
                HandoverEvent::Refuse { reason, .. } => {
                    format!(
                        "handover {id} step {key}: refused by {}: {reason}",
                        event.by()
                    )
                }
                HandoverEvent::Answer { question, .. } => {
                    format!("handover {id} step {key}: question {question} answered")
                }
                _ => format!(
                    "handover {id} step {key}: {} by {}",
                    event.kind().key(),
                    event.by()
                ),
            };
            audit(tx, now, Some(operator), None, "handover_step", &detail)?;
            Ok(state)
        })
    }

    /// `by` opened or scrolled past `keys` of handover `id` (HND-2): the new ones written in
    /// one transaction (one audit row); those read already are skipped.
    pub fn mark_read(
        &mut self,
        operator: StaffId,
        id: HandoverId,
        by: StaffId,
        keys: &[String],
        now: DateTime<Utc>,
    ) -> Result<HandoverState, HandoverStepError> {
        write_with(self, |tx| {
            let row = handover_row(tx, id)?.ok_or(HandoverStepError::NoSuchHandover(id))?;
            let entries = handover_entries(tx, id)?;
            let mut state = replayed(id, &row, &entries)?;
            let mut written = 0;
            for key in keys {
                let event = HandoverEvent::Read {
                    by,
                    key: key.clone(),
                }
                .cleaned();
                state.check(&event)?;
                if let HandoverEvent::Read { key, .. } = &event
                    && state.has_read(by, key)
                {
                    continue;
                }
                insert_step(tx, id, operator, &event, now)?;
                state.apply(&event)?;
                written += 1;
            }
            if written > 0 {
                audit(
                    tx,
                    now,
                    Some(operator),
                    None,
                    "handover_step",
                    &format!("handover {id}: {written} items read by {by}"),
                )?;
            }
            Ok(state)
        })
    }

    /// A handover whole, or `None`.
    pub fn handover(&self, id: HandoverId) -> StoreResult<Option<HandoverRecord>> {
        self.read(|store| record_in(&store.conn, id))
    }

    /// The latest handover submitted and neither accepted nor refused, if any.
    pub fn pending_handover(&self) -> StoreResult<Option<HandoverRecord>> {
        self.read(|store| match pending_in(&store.conn)? {
            Some(id) => record_in(&store.conn, id),
            None => Ok(None),
        })
    }

    /// The newest handover, whatever its stage: where the desk's last handover stands.
    pub fn latest_handover(&self) -> StoreResult<Option<HandoverRecord>> {
        self.read(|store| {
            let id: Option<i64> = store
                .conn
                .prepare_cached("SELECT max(id) FROM handovers")?
                .query_row([], |r| r.get(0))?;
            match id {
                Some(id) => record_in(&store.conn, HandoverId(id)),
                None => Ok(None),
            }
        })
    }

    /// The handovers submitted on office day `day` (time zone `tz`), in order.
    pub fn handovers_on(&self, day: NaiveDate, tz: Tz) -> StoreResult<Vec<HandoverRecord>> {
        let (start, end) = bounds(day, tz);
        self.read(|store| {
            let ids: Vec<i64> = store
                .conn
                .prepare_cached(
                    "SELECT id FROM handovers WHERE submitted_at >= ?1 AND submitted_at < ?2
                     ORDER BY id",
                )?
                .query_map(params![timestamp(start), timestamp(end)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.extend(record_in(&store.conn, HandoverId(id))?);
            }
            Ok(out)
        })
    }

    /// HND-4: refused handovers on days no supervisor has signed yet: what goes to the
    /// supervisor, oldest first.
    pub fn refusals_unsigned(&self) -> StoreResult<Vec<HandoverRecord>> {
        self.read(|store| {
            let ids: Vec<i64> = store
                .conn
                .prepare_cached(
                    "SELECT DISTINCT h.id FROM handovers h
                     JOIN handover_events e ON e.handover_id = h.id AND e.kind = 'refuse'
                     WHERE h.day NOT IN (SELECT day FROM day_signoffs) ORDER BY h.id",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.extend(record_in(&store.conn, HandoverId(id))?);
            }
            Ok(out)
        })
    }

    /// HND-4: the refusals no supervisor has dealt with yet (the day holding them not
    /// signed), oldest first, in brief: what every desk a supervisor is at flags.
    pub fn refusals_waiting(&self) -> StoreResult<Vec<RefusalWaiting>> {
        Ok(self
            .refusals_unsigned()?
            .into_iter()
            .filter_map(|h| {
                Some(RefusalWaiting {
                    handover: h.id,
                    day: h.day,
                    outgoing: h.outgoing,
                    by: h.state.decided_by()?,
                    at: h.decided_at()?,
                    reason: h.state.refusal()?.to_owned(),
                })
            })
            .collect())
    }

    /// The sign-ins recorded since `start`: none or one (the one just made) means this is
    /// the first of the office day (HND-8). Walks back from the newest audit row, so it
    /// reads one day's rows, not the whole audit.
    pub fn sign_ins_since(&self, start: DateTime<Utc>) -> StoreResult<u32> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM audit
                 WHERE id > coalesce((SELECT id FROM audit WHERE at < ?1
                                      ORDER BY id DESC LIMIT 1), 0)
                   AND action = 'sign_in'",
            )?
            .query_row([timestamp(start)], |r| r.get(0))?)
    }

    /// HND-7: since when `staff` is on duty, or `None` when they are not (never were, or
    /// relieved by an accepted handover, or recorded as leaving the desk unstaffed).
    pub fn on_duty(&self, staff: StaffId) -> StoreResult<Option<DateTime<Utc>>> {
        self.read(|store| on_duty_in(&store.conn, staff))
    }

    /// HND-7: `operator` signs out on duty without a handover, approved by a supervisor's
    /// PIN: recorded as the desk left unstaffed, with the reason, chained and audited.
    pub fn record_unstaffed(
        &mut self,
        operator: StaffId,
        approval: Approval,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let reason =
            crate::domain::text::required(reason, crate::domain::handover::REASON_MAX_CHARS)
                .map_err(StoreError::Reason)?;
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let tz = tz_in(tx)?;
            chain::insert_row(
                tx,
                &chain::DESK_UNSTAFFED,
                "INSERT INTO desk_unstaffed (id, at, day, clerk_id, supervisor_id, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    timestamp(now),
                    business_day(now, tz).to_string(),
                    operator,
                    supervisor,
                    reason
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "desk_unstaffed",
                &format!("signed out on duty without a handover: {reason}"),
            )
        })
    }

    /// The figures of office day `day` in `tz` (issue 10 §3).
    pub fn day_figures(&self, day: NaiveDate, tz: Tz) -> StoreResult<DayFigures> {
        self.read(|store| figures_in(&store.conn, day, tz))
    }

    /// Everything the supervisor reviews for `day`, from one moment.
    pub fn day_review(&self, day: NaiveDate, tz: Tz) -> StoreResult<DayReview> {
        self.read(|store| {
            let unstaffed = store
                .conn
                .prepare_cached(
                    "SELECT at, clerk_id, supervisor_id, reason FROM desk_unstaffed
                     WHERE day = ?1 ORDER BY id",
                )?
                .query_map([day.to_string()], |r| {
                    Ok(Unstaffed {
                        at: parse_timestamp(&r.get::<_, String>(0)?)?,
                        clerk: r.get(1)?,
                        supervisor: r.get(2)?,
                        reason: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let signoff = signoff_in(&store.conn, day)?;
            let seals_broken = match &signoff {
                Some(s) => chain::unsealed(&store.conn, day, &s.heads)?,
                None => Vec::new(),
            };
            let handovers = store.handovers_on(day, tz)?;
            let covered: std::collections::HashSet<LogEntryId> = handovers
                .iter()
                .flat_map(|h| h.state.log().iter().copied())
                .collect();
            let (from, to) = bounds(day, tz);
            let other_log = store
                .shift_log(from, to)?
                .into_iter()
                .filter(|e| !covered.contains(&e.id))
                .collect();
            Ok(DayReview {
                acknowledged: store.evidence_acks(from, to)?,
                day,
                handovers,
                other_log,
                unstaffed,
                figures: figures_in(&store.conn, day, tz)?,
                heads: store.chain_heads()?,
                signoff,
                seals_broken,
            })
        })
    }

    /// The supervisor signs office day `day` (HND-6) with `remarks`, sealing the day's
    /// figures and the chain `heads` shown in the review: each must still be a link of its
    /// chain. Once per day; refused for a day not begun.
    pub fn sign_day(
        &mut self,
        operator: StaffId,
        approval: Approval,
        day: NaiveDate,
        remarks: &str,
        heads: &[ChainHead],
        now: DateTime<Utc>,
    ) -> Result<Signoff, HandoverStepError> {
        let remarks = crate::domain::text::sanitize(remarks);
        if remarks.chars().count() > crate::domain::handover::LOG_TEXT_MAX_CHARS {
            return Err(HandoverStepError::Remarks(TextError::TooLong(
                crate::domain::handover::LOG_TEXT_MAX_CHARS,
            )));
        }
        write_with(self, |tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let tz = tz_in(tx)?;
            if day > business_day(now, tz) {
                return Err(HandoverStepError::DayNotBegun(day));
            }
            if let Some(s) = signoff_in(tx, day)? {
                return Err(HandoverStepError::DaySigned {
                    day,
                    by: s.supervisor,
                    at: s.at,
                });
            }
            for head in heads {
                if !in_chain(tx, head)? {
                    return Err(HandoverStepError::HeadNotInChain(head.table.to_owned()));
                }
            }
            let figures = figures_in(tx, day, tz)?;
            let sealed: Vec<SealedHead> = heads.iter().map(sealed).collect();
            chain::insert_row(
                tx,
                &chain::DAY_SIGNOFFS,
                "INSERT INTO day_signoffs (id, day, at, operator_id, supervisor_id, remarks,
                     figures, heads)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    day.to_string(),
                    timestamp(now),
                    operator,
                    supervisor,
                    remarks,
                    to_json(&figures)?,
                    to_json(&sealed)?
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "sign_day",
                &format!(
                    "{day}: {} handovers, {} refused; {} chain heads sealed",
                    figures.handovers,
                    figures.handovers_refused,
                    sealed.len()
                ),
            )?;
            Ok(Signoff {
                day,
                supervisor,
                at: now,
                remarks,
                figures,
                heads: sealed,
            })
        })
    }

    /// `frontdesk report day`: a supervisor (`approval`) took a copy of office day `day`'s
    /// record to `file`; audited, with how many handovers it held and whether the day was
    /// signed.
    pub fn record_day_report(
        &mut self,
        approval: Approval,
        day: NaiveDate,
        handovers: usize,
        signed: bool,
        file: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let signed = match signed {
                true => "signed",
                false => "not signed",
            };
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "report_day",
                &format!("{day}: {handovers} handovers, {signed}, to {file}"),
            )
        })
    }

    /// The sign-off of `day`, if signed.
    pub fn signoff(&self, day: NaiveDate) -> StoreResult<Option<Signoff>> {
        signoff_in(&self.conn, day)
    }

    /// The signed days, newest first, at most `limit`: a supervisor may review one again.
    pub fn signed_days(&self, limit: usize) -> StoreResult<Vec<NaiveDate>> {
        let days: Vec<String> = self
            .conn
            .prepare_cached("SELECT day FROM day_signoffs ORDER BY day DESC LIMIT ?1")?
            .query_map([limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days
            .iter()
            .map(|d| date(d))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The days before `before` with handovers, shift-log entries or a desk left unstaffed
    /// and no sign-off, oldest first: flagged to the next supervisor who signs in (HND-6).
    pub fn unsigned_days(&self, before: NaiveDate) -> StoreResult<Vec<NaiveDate>> {
        let days: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT day FROM handovers WHERE day < ?1
                 UNION SELECT day FROM shift_log WHERE day < ?1
                 UNION SELECT day FROM desk_unstaffed WHERE day < ?1
                 EXCEPT SELECT day FROM day_signoffs
                 ORDER BY 1",
            )?
            .query_map([before.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days
            .iter()
            .map(|d| date(d))
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The registrations of the ownership conflicts the newest handover listed: checked again
/// for the next, so a conflict is handed on until ruled, not only while recent.
fn carried_conflicts(conn: &Connection) -> StoreResult<Vec<(Register, i64)>> {
    let items: Option<String> = conn
        .prepare_cached("SELECT items FROM handovers ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(items) = items else {
        return Ok(Vec::new());
    };
    let items: Vec<HandoverItem> = json(&items, "open items")?;
    Ok(items
        .into_iter()
        .flat_map(|item| match item {
            HandoverItem::OwnershipConflict { registrations, .. } => registrations,
            _ => Vec::new(),
        })
        .map(|(r, id)| match r {
            RegisterRef::Visit => (Register::Visit, id),
            RegisterRef::Call => (Register::Call, id),
        })
        .collect())
}

/// An open complaint or work order as a handover item.
fn work_item(item: OpenItem) -> HandoverItem {
    let late = item.countdown.is_some_and(|c| c.is_overdue());
    match item.item {
        OpenRef::Complaint(id) => HandoverItem::Complaint {
            id: ComplaintId(id.0),
            summary: item.summary,
            unit: item.unit,
            due: item.due,
            overdue: late,
        },
        OpenRef::Repair(id) => HandoverItem::Repair {
            id: RepairId(id.0),
            summary: item.summary,
            unit: item.unit,
            due_at: item.due_at,
            late,
        },
    }
}

#[cfg(test)]
#[path = "handover_tests.rs"]
mod tests;
