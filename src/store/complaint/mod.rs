//! Complaints and repairs in the database (issue 9 §3–5; CMP-1 … CMP-12): the complaint
//! record and its steps, repair work orders and theirs (append-only, hash-chained evidence),
//! the open-work list, follow-ups due, the monthly statistics, the office's working-day
//! overrides and its own service phrases.
//!
//! # Public API
//! - Complaints: [`Store::file_complaint`], [`Store::complaint_step`] (checked against the
//!   replayed state inside one `BEGIN IMMEDIATE` transaction, so two desks cannot both
//!   reply), [`Store::complaint`] → [`ComplaintRecord`].
//! - Repairs: [`Store::file_repair`], [`Store::repair_step`], [`Store::repair`] →
//!   [`RepairRecord`].
//! - Lists: [`Store::open_work`] and [`Store::follow_ups_due`] → [`OpenItem`];
//!   [`Store::month_statistics`] → [`MonthStats`].
//! - Calendar (CMP-5): [`Store::calendar`], [`Store::set_calendar_day`].
//! - Phrases (CMP-3): [`Store::add_office_phrase`], [`Store::office_phrases`],
//!   [`Store::count_phrase_use`], [`Store::phrase_uses`].
//! - Bulk loads (the demo's history): [`Store::complaints_in_bulk`] → [`ComplaintLoad`], the
//!   same writes in one transaction.
//!
//! # Open work without scanning years
//! Complaint rows cannot carry a "closed" flag (they are append-only), so `open_work` holds
//! one row per open complaint or work order, with its step and due instant, written in the
//! same transaction as the step that changes them and removed when it closes (as
//! `lobby_inside` does for the visitors inside). The desk's list reads it and the few rows it
//! names, so it costs in proportion to what is open (0.8 ms in a debug build at 100,000
//! complaints: `timing_open_work_at_100_000_complaints`). It is derived data, not evidence;
//! the chained rows are what `verify` vouches for. An office day declared working or not
//! recounts the open complaints' due dates in the same transaction.
//!
//! A complaint or work order naming a directory occupant that does not exist is refused as
//! `StoreError::Other` (the desk picks occupants from the directory, so only a stale pick
//! meets it).
//!
//! # What is stored beside the JSON
//! A complaint step's event is kept as its JSON, and, for the statistics' SQL, its nature
//! and category, a follow-up's answer, and a reply's due date and whether it was on time,
//! as the desk computed them at that moment with that day's calendar.
//!
//! # The module by job
//! `steps` (a complaint, its steps and extensions, replayed from the rows), `repairs` (work
//! orders and theirs), `open_work` (the open-work list, follow-ups due, the monthly
//! statistics, the office's calendar), `phrases` (the office's own service phrases and their
//! use), `bulk` (the bulk loads), `export`; the errors, records and shared readers are here.
//! Each part reads the others' items and the imports below through `use super::*`; what was
//! private to complaints is `pub(super)` in its part, what the rest of the store reads is
//! `pub(in crate::store)`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::settings::office_settings_in;
use super::staff::still_supervisor;
use super::timestamp;
use super::{Approval, Result as StoreResult, Store, StoreError, audit, chain, parse_timestamp};
use crate::domain::complaint::{
    Category, Channel, Complaint, ComplaintEntry, ComplaintEvent, ComplaintId, ComplaintState,
    Countdown, EventKind, LifecycleRefusal, MonthStats, Nature, NextStep, OfficeHours, Repair,
    RepairEntry, RepairEvent, RepairId, RepairNext, RepairRefusal, RepairState, RepairStep, Step,
    Title, Urgency, countdown, months, on_site_by,
};
use crate::domain::lobby::{OccupantId, UnitAddress};
use crate::domain::register::Phone;
use crate::domain::staff::StaffId;
use crate::domain::text::TextError;
use crate::domain::workdays::{WorkCalendar, end_of_day, local_hour};
use crate::phrases::Phrase;

mod bulk;
mod open_work;
mod phrases;
mod repairs;
mod steps;

pub use bulk::*;
pub use open_work::*;
pub use phrases::*;
use repairs::*;
use steps::*;

/// Why a complaint step was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum ComplaintStepError {
    #[error(transparent)]
    Refused(#[from] LifecycleRefusal),
    #[error("there is no complaint {0}")]
    NoSuchComplaint(ComplaintId),
    /// An extension of the deadline needs a supervisor's approval (CMP-5).
    #[error("extending the deadline needs a supervisor's approval")]
    NeedsApproval,
    /// The step was recorded already, by `by` at `at` (another desk, or this one before):
    /// what the loser of two desks recording the same step is told, with what comes next.
    #[error("this step was recorded already, by {by} at {at}; next: {next:?}")]
    AlreadyDone {
        by: StaffId,
        at: DateTime<Utc>,
        next: Option<NextStep>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ComplaintStepError {
    fn from(e: rusqlite::Error) -> Self {
        ComplaintStepError::Store(e.into())
    }
}

/// Why a repair step was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum RepairStepError {
    #[error(transparent)]
    Refused(#[from] RepairRefusal),
    #[error("there is no work order {0}")]
    NoSuchRepair(RepairId),
    /// The step was recorded already, by `by` at `at`: another desk won the race.
    #[error("this step was recorded already, by {by} at {at}; next: {next:?}")]
    AlreadyDone {
        by: StaffId,
        at: DateTime<Utc>,
        next: Option<RepairNext>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for RepairStepError {
    fn from(e: rusqlite::Error) -> Self {
        RepairStepError::Store(e.into())
    }
}

/// A complaint whole: as recorded (the complainant's phone in full), every step with who
/// and when, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    pub id: ComplaintId,
    pub recorded_at: DateTime<Utc>,
    /// The clerk who took it, who follows it up and replies (CMP-7).
    pub owner: StaffId,
    pub complaint: Complaint,
    pub entries: Vec<ComplaintEntry>,
    pub state: ComplaintState,
    /// This round's due date with today's calendar; `None` when answered on the spot.
    pub due: Option<NaiveDate>,
    /// The due date computed when it was recorded, as stored (CMP-5).
    pub due_at_recording: NaiveDate,
}

impl ComplaintRecord {
    /// The replies and follow-ups recorded by someone other than the owner (谁受理、谁跟进、
    /// 谁回复: allowed, and shown).
    pub fn handled_by_others(&self) -> impl Iterator<Item = &ComplaintEntry> {
        self.entries.iter().filter(|e| {
            e.by != self.owner
                && matches!(
                    e.event.kind(),
                    EventKind::Reply | EventKind::FollowUp | EventKind::Evaluate
                )
        })
    }
}

/// A work order whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairRecord {
    pub id: RepairId,
    pub reported_at: DateTime<Utc>,
    /// The clerk who took it.
    pub owner: StaffId,
    pub repair: Repair,
    pub entries: Vec<RepairEntry>,
    pub state: RepairState,
}

/// Which open item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpenRef {
    Complaint(ComplaintId),
    Repair(RepairId),
}

/// Where an open item stands and what it needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Complaint {
        step: Step,
        next: Option<NextStep>,
    },
    Repair {
        step: RepairStep,
        next: Option<RepairNext>,
    },
}

/// One line of the desk's open work: a complaint or a work order not yet closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub item: OpenRef,
    /// What happened, or what to repair.
    pub summary: String,
    pub unit: String,
    /// The complainant or the customer.
    pub name: String,
    /// The clerk who took it.
    pub owner: StaffId,
    pub opened_at: DateTime<Utc>,
    pub progress: Progress,
    /// A repair's urgency.
    pub urgency: Option<Urgency>,
    /// A complaint's category (CMP-4), once given at intake or with its nature; `/` finds
    /// the open list by it (issue 20 §2). A repair has none.
    pub category: Option<Category>,
    /// A complaint's due date (this round's), also once replied.
    pub due: Option<NaiveDate>,
    /// When it is due: the end of the complaint's due date while a reply is awaited, the
    /// repair's on-site clock while nobody is on site; `None` when nothing is due now.
    pub due_at: Option<DateTime<Utc>>,
    /// Where `due_at` stands at the `now` asked about.
    pub countdown: Option<Countdown>,
}

fn conversion(text: &str, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{text:?} is not {what}").into(),
    )
}

fn keyed<T>(text: &str, from: fn(&str) -> Option<T>, what: &str) -> rusqlite::Result<T> {
    from(text).ok_or_else(|| conversion(text, what))
}

fn date(text: &str) -> rusqlite::Result<NaiveDate> {
    text.parse().map_err(|_| conversion(text, "a date"))
}

fn phone(text: &str) -> rusqlite::Result<Phone> {
    Phone::from_stored(text).map_err(|_| conversion(text, "a phone"))
}

fn calendar_in(conn: &Connection) -> StoreResult<WorkCalendar> {
    let mut cal = WorkCalendar::new();
    let rows: Vec<(String, bool)> = conn
        .prepare_cached("SELECT day, working FROM calendar_overrides")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (day, working) in rows {
        cal.set(date(&day)?, working);
    }
    Ok(cal)
}

/// The office's time zone and closing hour.
pub(super) fn office_hours(conn: &Connection) -> StoreResult<OfficeHours> {
    let settings = office_settings_in(conn)?;
    Ok(OfficeHours {
        tz: settings.timezone(),
        closing_hour: settings.closing_hour(),
    })
}

/// Runs a write whose closure may refuse with its own error type; a refusal rolls back.
pub(super) fn write_with<T, E: From<StoreError>>(
    store: &mut Store,
    f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
) -> Result<T, E> {
    write_with_reading(store, |_, tx| f(tx))
}

/// [`write_with`] for a write that also asks the store's own reads inside its transaction.
pub(super) fn write_with_reading<T, E: From<StoreError>>(
    store: &mut Store,
    f: impl FnOnce(&Store, &Transaction<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let mut failed = None;
    let written = store.write_reading(|store, tx| {
        f(store, tx).map_err(|e| {
            failed = Some(e);
            StoreError::Other("refused".into())
        })
    });
    match (written, failed) {
        (_, Some(e)) => Err(e),
        (Ok(v), None) => Ok(v),
        (Err(e), None) => Err(e.into()),
    }
}

/// The unit of a directory occupant, as text; `None` when there is no such occupant.
fn occupant_unit(conn: &Connection, id: OccupantId) -> StoreResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT u.building, u.unit, u.room FROM lobby_occupants o
             JOIN lobby_units u ON u.id = o.unit_id WHERE o.id = ?1",
        )?
        .query_row([id.0], |r| {
            Ok(UnitAddress::from_stored(r.get(0)?, r.get(1)?, r.get(2)?).to_string())
        })
        .optional()?)
}

/// The unit as typed, or the occupant's when none was typed.
fn unit_text(conn: &Connection, occupant: Option<OccupantId>, typed: &str) -> StoreResult<String> {
    let Some(id) = occupant else {
        return Ok(typed.to_owned());
    };
    let Some(unit) = occupant_unit(conn, id)? else {
        return Err(StoreError::Other(format!(
            "there is no occupant {id} in the directory"
        )));
    };
    Ok(match typed.is_empty() {
        true => unit,
        false => typed.to_owned(),
    })
}

// ---- Complaints ----

mod export;

pub use export::{ComplaintsExport, ExportedComplaint};

#[cfg(test)]
pub(crate) mod tests;
