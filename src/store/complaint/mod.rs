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

/// The fields of an office phrase, for naming the one refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseField {
    Step,
    Zh,
    En,
}

#[derive(Debug, thiserror::Error)]
pub enum OfficePhraseError {
    #[error("{field:?}: {problem}")]
    Text {
        field: PhraseField,
        problem: TextError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub const PHRASE_STEP_MAX_CHARS: usize = 30;
pub const PHRASE_MAX_CHARS: usize = 200;

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

struct ComplaintRow {
    recorded_at: DateTime<Utc>,
    owner: StaffId,
    complaint: Complaint,
    due: NaiveDate,
}

/// The columns `complaint_from` reads, in its order.
const COMPLAINT_COLUMNS: &str = "recorded_at, operator_id, complainant, company, occupant_id,
     unit, phone, what_happened, when_happened, channel, about_staff, witnesses, evidence,
     answered_on_spot, category, conversation, due, complainant_title";

fn complaint_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintRow> {
    let category: Option<String> = r.get(14)?;
    let conversation: String = r.get(15)?;
    Ok(ComplaintRow {
        recorded_at: parse_timestamp(&r.get::<_, String>(0)?)?,
        owner: r.get(1)?,
        complaint: Complaint {
            complainant: r.get(2)?,
            company: r.get(3)?,
            occupant: r.get::<_, Option<i64>>(4)?.map(OccupantId),
            unit: r.get(5)?,
            phone: phone(&r.get::<_, String>(6)?)?,
            what_happened: r.get(7)?,
            when_happened: r.get(8)?,
            channel: keyed(&r.get::<_, String>(9)?, Channel::from_key, "a channel")?,
            about_staff: r.get(10)?,
            witnesses: r.get(11)?,
            evidence: r.get(12)?,
            answered_on_spot: r.get(13)?,
            category: category
                .map(|c| keyed(&c, Category::from_key, "a category"))
                .transpose()?,
            conversation: serde_json::from_str(&conversation)
                .map_err(|_| conversion(&conversation, "a conversation"))?,
            title: r
                .get::<_, Option<String>>(17)?
                .map(|t| keyed(&t, Title::from_key, "a title"))
                .transpose()?,
        },
        due: date(&r.get::<_, String>(16)?)?,
    })
}

fn complaint_row(conn: &Connection, id: ComplaintId) -> StoreResult<Option<ComplaintRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints WHERE id = ?1"
        ))?
        .query_row([id], complaint_from)
        .optional()?)
}

/// The columns `entry_from` reads, in its order (the export names them with `e.`).
const ENTRY_COLUMNS: &str = "at, operator_id, approver_id, event";

fn entry_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintEntry> {
    let event: String = r.get(3)?;
    Ok(ComplaintEntry {
        at: parse_timestamp(&r.get::<_, String>(0)?)?,
        by: r.get(1)?,
        approver: r.get(2)?,
        event: serde_json::from_str(&event).map_err(|_| conversion(&event, "a complaint step"))?,
    })
}

fn complaint_entries(conn: &Connection, id: ComplaintId) -> StoreResult<Vec<ComplaintEntry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM complaint_events WHERE complaint_id = ?1 ORDER BY id"
        ))?
        .query_map([id], entry_from)?
        .collect::<rusqlite::Result<_>>()?)
}

fn replayed(
    id: ComplaintId,
    row: &ComplaintRow,
    entries: &[ComplaintEntry],
) -> StoreResult<ComplaintState> {
    ComplaintState::replay(row.recorded_at, row.complaint.answered_on_spot, entries)
        .map_err(|e| StoreError::Other(format!("complaint {id}: {e}")))
}

/// Writes the complaint's row of `open_work` as `state` says (removed once closed).
fn keep_open_complaint(
    tx: &Connection,
    id: ComplaintId,
    state: &ComplaintState,
    cal: &WorkCalendar,
    tz: Tz,
) -> StoreResult<()> {
    if state.is_closed() {
        tx.prepare_cached("DELETE FROM open_work WHERE kind = 'complaint' AND item_id = ?1")?
            .execute([id])?;
        return Ok(());
    }
    let due = state.due(cal, tz);
    let due_at = due
        .filter(|_| state.awaiting_reply())
        .map(|d| timestamp(end_of_day(d, tz)));
    tx.prepare_cached(
        "INSERT INTO open_work (kind, item_id, due_at, due, step, next)
         VALUES ('complaint', ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, item_id) DO UPDATE SET due_at = excluded.due_at,
             due = excluded.due, step = excluded.step, next = excluded.next",
    )?
    .execute(params![
        id,
        due_at,
        due.map(|d| d.to_string()),
        state.step().key(),
        state.next_step().map(NextStep::key)
    ])?;
    Ok(())
}

fn keep_open_repair(tx: &Connection, id: RepairId, state: &RepairState) -> StoreResult<()> {
    if state.is_closed() {
        tx.prepare_cached("DELETE FROM open_work WHERE kind = 'repair' AND item_id = ?1")?
            .execute([id])?;
        return Ok(());
    }
    let due_at = state
        .arrived_at()
        .is_none()
        .then(|| timestamp(state.on_site_by()));
    tx.prepare_cached(
        "INSERT INTO open_work (kind, item_id, due_at, due, step, next)
         VALUES ('repair', ?1, ?2, NULL, ?3, ?4)
         ON CONFLICT (kind, item_id) DO UPDATE SET due_at = excluded.due_at,
             step = excluded.step, next = excluded.next",
    )?
    .execute(params![
        id,
        due_at,
        state.step().key(),
        state.next_step().map(RepairNext::key)
    ])?;
    Ok(())
}

/// What `insert_complaint` wrote.
struct Filed {
    id: ComplaintId,
    state: ComplaintState,
    unit: String,
    due: NaiveDate,
}

/// Inserts a complaint's row as `file_complaint` stores it (its unit, its first due date)
/// with its chain link, and its `open_work` row; no audit row.
fn insert_complaint(
    tx: &Connection,
    operator: StaffId,
    complaint: &Complaint,
    now: DateTime<Utc>,
    cal: &WorkCalendar,
    tz: Tz,
) -> StoreResult<Filed> {
    let unit = unit_text(tx, complaint.occupant, &complaint.unit)?;
    let state = ComplaintState::new(now, complaint.answered_on_spot);
    let due = state
        .due(cal, tz)
        .unwrap_or_else(|| now.with_timezone(&tz).date_naive());
    let conversation = serde_json::to_string(&complaint.conversation)
        .map_err(|e| StoreError::Other(e.to_string()))?;
    let id = chain::insert_row(
        tx,
        &chain::COMPLAINTS,
        "INSERT INTO complaints (id, recorded_at, operator_id, complainant, company,
             occupant_id, unit, phone, what_happened, when_happened, channel,
             about_staff, witnesses, evidence, answered_on_spot, category,
             conversation, due, complainant_title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
             ?16, ?17, ?18, ?19)",
        params![
            timestamp(now),
            operator,
            complaint.complainant,
            complaint.company,
            complaint.occupant.map(|o| o.0),
            unit,
            complaint.phone.as_str(),
            complaint.what_happened,
            complaint.when_happened,
            complaint.channel.key(),
            complaint.about_staff,
            complaint.witnesses,
            complaint.evidence,
            complaint.answered_on_spot,
            complaint.category.map(Category::key),
            conversation,
            due.to_string(),
            complaint.title.map(Title::key)
        ],
    )?;
    let id = ComplaintId(id);
    keep_open_complaint(tx, id, &state, cal, tz)?;
    Ok(Filed {
        id,
        state,
        unit,
        due,
    })
}

/// Inserts one step of complaint `id` as `complaint_step` stores it (with the columns the
/// statistics' SQL reads), with its chain link, and moves `state` and its `open_work` row
/// on; no audit row. Returns the step's key and, for a reply, whether it was on time.
#[allow(clippy::too_many_arguments)]
fn insert_complaint_step(
    tx: &Connection,
    id: ComplaintId,
    operator: StaffId,
    approver: Option<StaffId>,
    event: &ComplaintEvent,
    state: &mut ComplaintState,
    cal: &WorkCalendar,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(i64, Option<bool>), ComplaintStepError> {
    let (mut nature, mut category, mut satisfied, mut due, mut on_time) =
        (None, None, None, None, None);
    match event {
        ComplaintEvent::DetermineNature {
            nature: n,
            category: c,
            ..
        } => {
            nature = Some(n.key());
            category = Some(c.key());
        }
        ComplaintEvent::FollowUp { satisfied: s, .. } => satisfied = Some(*s),
        ComplaintEvent::Reply { .. } => {
            let round_due = state.due(cal, tz);
            due = round_due.map(|d| d.to_string());
            on_time = round_due.map(|d| now.with_timezone(&tz).date_naive() <= d);
        }
        _ => {}
    }
    let round = state.round();
    let json = serde_json::to_string(event).map_err(|e| StoreError::Other(e.to_string()))?;
    let key = chain::insert_row(
        tx,
        &chain::COMPLAINT_EVENTS,
        "INSERT INTO complaint_events (id, complaint_id, at, operator_id, approver_id,
             round, kind, event, nature, category, satisfied, due, on_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            timestamp(now),
            operator,
            approver,
            round,
            event.kind().key(),
            json,
            nature,
            category,
            satisfied,
            due,
            on_time
        ],
    )?;
    state.apply(now, event)?;
    keep_open_complaint(tx, id, state, cal, tz)?;
    Ok((key, on_time))
}

// ---- Repairs ----

struct RepairRow {
    reported_at: DateTime<Utc>,
    owner: StaffId,
    repair: Repair,
    on_site_by: DateTime<Utc>,
}

fn repair_row(conn: &Connection, id: RepairId) -> StoreResult<Option<RepairRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT reported_at, operator_id, customer, phone, occupant_id, unit, what,
                 appointment, urgency, on_site_by
             FROM repair_orders WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(RepairRow {
                reported_at: parse_timestamp(&r.get::<_, String>(0)?)?,
                owner: r.get(1)?,
                repair: Repair {
                    customer: r.get(2)?,
                    phone: phone(&r.get::<_, String>(3)?)?,
                    occupant: r.get::<_, Option<i64>>(4)?.map(OccupantId),
                    unit: r.get(5)?,
                    what: r.get(6)?,
                    appointment: r.get(7)?,
                    urgency: keyed(&r.get::<_, String>(8)?, Urgency::from_key, "an urgency")?,
                },
                on_site_by: parse_timestamp(&r.get::<_, String>(9)?)?,
            })
        })
        .optional()?)
}

fn repair_entries(conn: &Connection, id: RepairId) -> StoreResult<Vec<RepairEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, operator_id, event FROM repair_events WHERE repair_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            let event: String = r.get(2)?;
            Ok(RepairEntry {
                at: parse_timestamp(&r.get::<_, String>(0)?)?,
                by: r.get(1)?,
                event: serde_json::from_str(&event)
                    .map_err(|_| conversion(&event, "a repair step"))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn repair_replayed(
    id: RepairId,
    row: &RepairRow,
    entries: &[RepairEntry],
) -> StoreResult<RepairState> {
    RepairState::replay(row.reported_at, row.on_site_by, entries)
        .map_err(|(i, e)| StoreError::Other(format!("work order {id}: step {i}: {e}")))
}

/// Inserts a work order as `file_repair` stores it (its on-site clock) and its `open_work`
/// row, with its chain link; no audit row. Returns its key, state, unit and on-site time.
fn insert_repair(
    tx: &Connection,
    operator: StaffId,
    repair: &Repair,
    now: DateTime<Utc>,
    hours: OfficeHours,
) -> StoreResult<(RepairId, RepairState, String, DateTime<Utc>)> {
    let unit = unit_text(tx, repair.occupant, &repair.unit)?;
    let by = on_site_by(now, repair.urgency, hours);
    let id = chain::insert_row(
        tx,
        &chain::REPAIR_ORDERS,
        "INSERT INTO repair_orders (id, reported_at, operator_id, customer, phone,
             occupant_id, unit, what, appointment, urgency, on_site_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            timestamp(now),
            operator,
            repair.customer,
            repair.phone.as_str(),
            repair.occupant.map(|o| o.0),
            unit,
            repair.what,
            repair.appointment,
            repair.urgency.key(),
            timestamp(by)
        ],
    )?;
    let rid = RepairId(id);
    let state = RepairState::new(now, by);
    keep_open_repair(tx, rid, &state)?;
    Ok((rid, state, unit, by))
}

/// Inserts one step of work order `id` as `repair_step` stores it and moves `state` and its
/// `open_work` row on, with its chain link; no audit row. Returns the step's key.
fn insert_repair_step(
    tx: &Connection,
    id: RepairId,
    operator: StaffId,
    event: &RepairEvent,
    state: &mut RepairState,
    now: DateTime<Utc>,
) -> Result<i64, RepairStepError> {
    let round = state.round();
    let json = serde_json::to_string(event).map_err(|e| StoreError::Other(e.to_string()))?;
    let key = chain::insert_row(
        tx,
        &chain::REPAIR_EVENTS,
        "INSERT INTO repair_events (id, repair_id, at, operator_id, round, kind, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            timestamp(now),
            operator,
            round,
            event.kind().key(),
            json
        ],
    )?;
    state.apply(now, event)?;
    keep_open_repair(tx, id, state)?;
    Ok(key)
}

/// Writes complaints, work orders and their steps in bulk, **for benchmarks and bulk loads**
/// only: each row goes in exactly as [`Store::file_complaint`], [`Store::complaint_step`],
/// [`Store::file_repair`] and [`Store::repair_step`] write it (the same statements, the
/// columns the statistics read, the `open_work` row kept, each row chained at once through
/// [`chain::insert_row`]), but with no audit row, inside the caller's transaction, and with
/// no check of the approval an extension needs. The caller holds each item's state between
/// its steps (the desk replays it from the rows) and writes its own audit row for the load.
pub struct BulkComplaints<'c> {
    conn: &'c Connection,
    calendar: WorkCalendar,
    hours: OfficeHours,
}

impl<'c> BulkComplaints<'c> {
    /// Reads the office's calendar and hours once, from `conn` (a transaction).
    pub fn new(conn: &'c Connection) -> StoreResult<BulkComplaints<'c>> {
        Ok(BulkComplaints {
            conn,
            calendar: calendar_in(conn)?,
            hours: office_hours(conn)?,
        })
    }

    /// A complaint recorded at `now` by `operator`; its key and state.
    pub fn complaint(
        &self,
        operator: StaffId,
        complaint: &Complaint,
        now: DateTime<Utc>,
    ) -> StoreResult<(ComplaintId, ComplaintState)> {
        let filed = insert_complaint(
            self.conn,
            operator,
            complaint,
            now,
            &self.calendar,
            self.hours.tz,
        )?;
        Ok((filed.id, filed.state))
    }

    /// One step of complaint `id`, whose state is `state` (moved on). Refused as the desk
    /// refuses a step out of order.
    pub fn complaint_step(
        &self,
        id: ComplaintId,
        operator: StaffId,
        approver: Option<StaffId>,
        event: &ComplaintEvent,
        state: &mut ComplaintState,
        now: DateTime<Utc>,
    ) -> Result<(), ComplaintStepError> {
        insert_complaint_step(
            self.conn,
            id,
            operator,
            approver,
            event,
            state,
            &self.calendar,
            self.hours.tz,
            now,
        )
        .map(|_| ())
    }

    /// A work order reported at `now`; its key and state.
    pub fn repair(
        &self,
        operator: StaffId,
        repair: &Repair,
        now: DateTime<Utc>,
    ) -> StoreResult<(RepairId, RepairState)> {
        let (id, state, _, _) = insert_repair(self.conn, operator, repair, now, self.hours)?;
        Ok((id, state))
    }

    /// One step of work order `id`, whose state is `state` (moved on).
    pub fn repair_step(
        &self,
        id: RepairId,
        operator: StaffId,
        event: &RepairEvent,
        state: &mut RepairState,
        now: DateTime<Utc>,
    ) -> Result<(), RepairStepError> {
        insert_repair_step(self.conn, id, operator, event, state, now).map(|_| ())
    }
}

/// A month's complaints (`?1` ≤ recorded < `?2`) by category, nature and answered on the
/// spot (CMP-11). This and the two below are public for the benchmark's bare SQL.
#[doc(hidden)]
pub const MONTH_COUNTS_SQL: &str = "SELECT coalesce(d.category, c.category), d.nature,
         c.answered_on_spot, count(*)
     FROM complaints c
     LEFT JOIN complaint_events d ON d.complaint_id = c.id AND d.kind = 'determine_nature'
     WHERE c.recorded_at >= ?1 AND c.recorded_at < ?2
     GROUP BY 1, 2, 3";

/// A month's follow-ups by category: how many complaints had their final visit in it, how
/// many of those found the complainant satisfied. A complaint visited again after an
/// unsatisfied visit counts once, by its last visit (CMP-8, CMP-11: unsatisfied then
/// satisfied is satisfied, not half).
#[doc(hidden)]
pub const MONTH_ANSWERS_SQL: &str = "SELECT coalesce(d.category, c.category), count(*),
         sum(f.satisfied)
     FROM complaint_events f
     JOIN complaints c ON c.id = f.complaint_id
     LEFT JOIN complaint_events d
         ON d.complaint_id = f.complaint_id AND d.kind = 'determine_nature'
     WHERE f.kind = 'follow_up' AND f.at >= ?1 AND f.at < ?2
       AND NOT EXISTS (SELECT 1 FROM complaint_events g
                       WHERE g.complaint_id = f.complaint_id AND g.kind = 'follow_up'
                         AND g.id > f.id)
     GROUP BY 1";

/// A month's replies: how many, how many on time.
#[doc(hidden)]
pub const MONTH_REPLIES_SQL: &str = "SELECT count(*), coalesce(sum(on_time), 0)
     FROM complaint_events WHERE kind = 'reply' AND at >= ?1 AND at < ?2";

/// The open-work rows `filter` selects (a SQL condition on `o`), due first.
const OPEN_SQL: &str = "SELECT o.kind, o.item_id, o.due_at, o.due, o.step, o.next,
         coalesce(c.what_happened, r.what), coalesce(c.unit, r.unit),
         coalesce(c.complainant, r.customer), coalesce(c.operator_id, r.operator_id),
         coalesce(c.recorded_at, r.reported_at), r.urgency
     FROM open_work o
     LEFT JOIN complaints c ON o.kind = 'complaint' AND c.id = o.item_id
     LEFT JOIN repair_orders r ON o.kind = 'repair' AND r.id = o.item_id";

/// The statement of the open-work list: the rows `filter` (a SQL condition on `o`, `1` for
/// all) selects, due first, `LIMIT ?1`. Public for the benchmark's bare SQL.
#[doc(hidden)]
pub fn open_work_sql(filter: &str) -> String {
    format!(
        "{OPEN_SQL} WHERE {filter}
         ORDER BY o.due_at IS NULL, o.due_at, coalesce(c.recorded_at, r.reported_at), o.item_id
         LIMIT ?1"
    )
}

/// `follow_ups_due`'s condition on `open_work`.
#[doc(hidden)]
pub const FOLLOW_UPS_FILTER: &str = "o.kind = 'complaint' AND o.step = 'replied'";

pub(super) fn open_items(
    conn: &Connection,
    filter: &str,
    limit: usize,
    now: DateTime<Utc>,
    tz: Tz,
) -> StoreResult<Vec<OpenItem>> {
    let sql = open_work_sql(filter);
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([limit as i64], |r| {
            let kind: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            let due_at = r
                .get::<_, Option<String>>(2)?
                .map(|t| parse_timestamp(&t))
                .transpose()?;
            let step: String = r.get(4)?;
            let next: Option<String> = r.get(5)?;
            let (item, progress) = match kind.as_str() {
                "complaint" => (
                    OpenRef::Complaint(ComplaintId(id)),
                    Progress::Complaint {
                        step: keyed(&step, Step::from_key, "a step")?,
                        next: next
                            .map(|n| keyed(&n, NextStep::from_key, "a step"))
                            .transpose()?,
                    },
                ),
                _ => (
                    OpenRef::Repair(RepairId(id)),
                    Progress::Repair {
                        step: keyed(&step, RepairStep::from_key, "a repair step")?,
                        next: next
                            .map(|n| keyed(&n, RepairNext::from_key, "a repair step"))
                            .transpose()?,
                    },
                ),
            };
            Ok(OpenItem {
                item,
                progress,
                due: r
                    .get::<_, Option<String>>(3)?
                    .map(|d| date(&d))
                    .transpose()?,
                summary: r.get(6)?,
                unit: r.get(7)?,
                name: r.get(8)?,
                owner: r.get(9)?,
                opened_at: parse_timestamp(&r.get::<_, String>(10)?)?,
                urgency: r
                    .get::<_, Option<String>>(11)?
                    .map(|u| keyed(&u, Urgency::from_key, "an urgency"))
                    .transpose()?,
                countdown: due_at.map(|d| countdown(d, now, tz)),
                due_at,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// [`Store::file_complaint`]'s writes, inside the caller's transaction: the row, its chain
/// link, its open-work row, its audit row.
fn file_complaint_in(
    tx: &Transaction<'_>,
    operator: StaffId,
    complaint: &Complaint,
    now: DateTime<Utc>,
) -> StoreResult<ComplaintId> {
    let cal = calendar_in(tx)?;
    let tz = office_hours(tx)?.tz;
    let filed = insert_complaint(tx, operator, complaint, now, &cal, tz)?;
    let (id, unit, due) = (filed.id, filed.unit, filed.due);
    let cid = id;
    let how = match complaint.answered_on_spot {
        true => "answered on the spot".to_owned(),
        false => format!("due {due}"),
    };
    let staff = match complaint.about_staff {
        true => ", about a staff member",
        false => "",
    };
    audit(
        tx,
        now,
        Some(operator),
        None,
        "file_complaint",
        &format!(
            "complaint {id} by {}, unit {unit}{staff}: {how}",
            complaint.channel.key()
        ),
    )?;
    Ok(cid)
}

/// [`Store::complaint_step`]'s check and writes, inside the caller's transaction; `event`
/// is already cleaned.
fn record_complaint_step(
    tx: &Transaction<'_>,
    operator: StaffId,
    id: ComplaintId,
    event: &ComplaintEvent,
    approval: Option<&Approval>,
    now: DateTime<Utc>,
) -> Result<ComplaintState, ComplaintStepError> {
    let row = complaint_row(tx, id)?.ok_or(ComplaintStepError::NoSuchComplaint(id))?;
    let entries = complaint_entries(tx, id)?;
    let mut state = replayed(id, &row, &entries)?;
    state.check(event).map_err(|refusal| {
        // The desk offers only the step that comes next, so a step refused as out of order
        // (or on a closed complaint, or signed twice) that is already recorded is a race
        // lost to another desk: say who did it, not what the lifecycle expected.
        let raced = matches!(
            refusal,
            LifecycleRefusal::OutOfOrder { .. }
                | LifecycleRefusal::Closed
                | LifecycleRefusal::AlreadySigned
                | LifecycleRefusal::NotReplied
        ) && !matches!(event.kind(), EventKind::ExtendDeadline | EventKind::Note);
        let done = entries
            .iter()
            .rev()
            .find(|e| e.event.kind() == event.kind());
        match done.filter(|_| raced) {
            Some(done) => ComplaintStepError::AlreadyDone {
                by: done.by,
                at: done.at,
                next: state.next_step(),
            },
            None => refusal.into(),
        }
    })?;
    let approver = match (&event, approval) {
        (ComplaintEvent::ExtendDeadline { .. }, None) => {
            return Err(ComplaintStepError::NeedsApproval);
        }
        (ComplaintEvent::ExtendDeadline { .. }, Some(a)) => Some(still_supervisor(tx, *a)?),
        _ => None,
    };
    let cal = calendar_in(tx)?;
    let tz = office_hours(tx)?.tz;
    let (key, on_time) =
        insert_complaint_step(tx, id, operator, approver, event, &mut state, &cal, tz, now)?;
    let mut detail = format!("complaint {id} step {key}: {}", event.kind().key());
    match &event {
        ComplaintEvent::ExtendDeadline { working_days } => {
            detail.push_str(&format!(" by {working_days} working days"));
        }
        ComplaintEvent::FollowUp { satisfied, .. } => {
            detail.push_str(if *satisfied {
                ", satisfied"
            } else {
                ", not satisfied"
            });
        }
        ComplaintEvent::Reply { .. } if on_time == Some(false) => {
            detail.push_str(", late");
        }
        _ => {}
    }
    let answers = matches!(
        event.kind(),
        EventKind::Reply | EventKind::FollowUp | EventKind::Evaluate
    );
    if answers && operator != row.owner {
        detail.push_str(&format!(", for its owner {}", row.owner));
    }
    audit(tx, now, Some(operator), approver, "complaint_step", &detail)?;
    Ok(state)
}

/// [`Store::file_repair`]'s writes, inside the caller's transaction.
fn file_repair_in(
    tx: &Transaction<'_>,
    operator: StaffId,
    repair: &Repair,
    now: DateTime<Utc>,
) -> StoreResult<RepairId> {
    let hours = office_hours(tx)?;
    let (rid, _, unit, by) = insert_repair(tx, operator, repair, now, hours)?;
    let id = rid;
    audit(
        tx,
        now,
        Some(operator),
        None,
        "file_repair",
        &format!(
            "work order {id}, {}, unit {unit}: on site by {}",
            repair.urgency.key(),
            timestamp(by)
        ),
    )?;
    Ok(rid)
}

/// [`Store::repair_step`]'s check and writes, inside the caller's transaction; `event` is
/// already cleaned.
fn record_repair_step(
    tx: &Transaction<'_>,
    operator: StaffId,
    id: RepairId,
    event: &RepairEvent,
    now: DateTime<Utc>,
) -> Result<RepairState, RepairStepError> {
    let row = repair_row(tx, id)?.ok_or(RepairStepError::NoSuchRepair(id))?;
    let entries = repair_entries(tx, id)?;
    let mut state = repair_replayed(id, &row, &entries)?;
    state.check(event).map_err(|refusal| {
        // As for complaints: a step out of order that is already recorded is a race lost.
        let raced = matches!(
            refusal,
            RepairRefusal::OutOfOrder { .. } | RepairRefusal::Closed
        );
        let done = entries
            .iter()
            .rev()
            .find(|e| e.event.kind() == event.kind());
        match done.filter(|_| raced) {
            Some(done) => RepairStepError::AlreadyDone {
                by: done.by,
                at: done.at,
                next: state.next_step(),
            },
            None => refusal.into(),
        }
    })?;
    let key = insert_repair_step(tx, id, operator, event, &mut state, now)?;
    let mut detail = format!("work order {id} step {key}: {}", event.kind().key());
    if let RepairEvent::Complete { cost_fen, .. } = &event {
        detail.push_str(&format!(", cost {cost_fen} fen"));
    }
    if let RepairEvent::Confirm {
        satisfied: false, ..
    } = &event
    {
        detail.push_str(", not satisfied");
    }
    if matches!(event, RepairEvent::Plan { .. }) && state.is_late(now) {
        detail.push_str(", on site late");
    }
    audit(tx, now, Some(operator), None, "repair_step", &detail)?;
    Ok(state)
}

/// One more use of phrase `id` (CMP-3): a counter, not evidence.
fn count_use(tx: &Connection, id: &str) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO phrase_uses (phrase_id, uses) VALUES (?1, 1)
         ON CONFLICT (phrase_id) DO UPDATE SET uses = uses + 1",
    )?
    .execute([id])?;
    Ok(())
}

/// The complaint desk's writes for a bulk load (the demo's months of history), all in one
/// transaction ([`Store::complaints_in_bulk`]). Each complaint, step, work order and phrase
/// use is written by the very code the desk's own calls run — checked against the replayed
/// state, chained, kept in `open_work`, audited at its own time — only not committed and
/// synced to disk one by one. Not for a desk, whose every write is durable when it is
/// acknowledged.
pub struct ComplaintLoad<'a> {
    tx: &'a Transaction<'a>,
}

impl ComplaintLoad<'_> {
    /// As [`Store::file_complaint`].
    pub fn file_complaint(
        &self,
        operator: StaffId,
        complaint: &Complaint,
        now: DateTime<Utc>,
    ) -> StoreResult<ComplaintId> {
        file_complaint_in(self.tx, operator, complaint, now)
    }

    /// As [`Store::complaint_step`]; a refusal is an error, so nothing of the load is kept.
    pub fn complaint_step(
        &self,
        operator: StaffId,
        id: ComplaintId,
        event: &ComplaintEvent,
        approval: Option<&Approval>,
        now: DateTime<Utc>,
    ) -> StoreResult<ComplaintState> {
        record_complaint_step(self.tx, operator, id, &event.cleaned(), approval, now).map_err(|e| {
            match e {
                ComplaintStepError::Store(e) => e,
                e => StoreError::Other(format!("complaint {id}: {e}")),
            }
        })
    }

    /// As [`Store::file_repair`].
    pub fn file_repair(
        &self,
        operator: StaffId,
        repair: &Repair,
        now: DateTime<Utc>,
    ) -> StoreResult<RepairId> {
        file_repair_in(self.tx, operator, repair, now)
    }

    /// As [`Store::repair_step`]; a refusal is an error, so nothing of the load is kept.
    pub fn repair_step(
        &self,
        operator: StaffId,
        id: RepairId,
        event: &RepairEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<RepairState> {
        record_repair_step(self.tx, operator, id, &event.cleaned(), now).map_err(|e| match e {
            RepairStepError::Store(e) => e,
            e => StoreError::Other(format!("work order {id}: {e}")),
        })
    }

    /// As [`Store::count_phrase_use`].
    pub fn count_phrase_use(&self, id: &str) -> StoreResult<()> {
        count_use(self.tx, id)
    }
}

impl Store {
    /// Runs `f`'s complaint-desk writes in one transaction (see [`ComplaintLoad`]): for the
    /// demo and other bulk loads only. Anything refused writes nothing.
    #[doc(hidden)]
    pub fn complaints_in_bulk<T>(
        &mut self,
        f: impl FnOnce(&ComplaintLoad<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.in_bulk(|tx| f(&ComplaintLoad { tx }))
    }
}

impl Store {
    /// Records a complaint as taken at the desk (CMP-1, CMP-12) by `operator`, who owns it;
    /// its first deadline (CMP-5, general until its nature is known) is stored with it. One
    /// transaction with its chain link, its open-work row and its audit row. A complaint
    /// answered on the spot is closed at once.
    pub fn file_complaint(
        &mut self,
        operator: StaffId,
        complaint: &Complaint,
        now: DateTime<Utc>,
    ) -> StoreResult<ComplaintId> {
        self.write(|tx| file_complaint_in(tx, operator, complaint, now))
    }

    /// Records a complaint and its classification (CMP-4: nature, category, department, as
    /// the intake decided them) in one transaction: never a complaint half-filed. The day
    /// the reply was `promised` by at intake (CMP-9) is checked in the same transaction
    /// against the deadline the classification gives with the office's calendar then: a
    /// later day is refused (`PromisedAfterDeadline`) and nothing is written, since only an
    /// approved extension (CMP-5) may move the deadline, and that comes after filing.
    pub fn file_classified_complaint(
        &mut self,
        operator: StaffId,
        complaint: &Complaint,
        classification: &ComplaintEvent,
        promised: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<(ComplaintId, ComplaintState), ComplaintStepError> {
        let classification = classification.cleaned();
        write_with(self, |tx| {
            let id = file_complaint_in(tx, operator, complaint, now)?;
            let state = record_complaint_step(tx, operator, id, &classification, None, now)?;
            if let Some(promised) = promised {
                let (cal, tz) = (calendar_in(tx)?, office_hours(tx)?.tz);
                state.check_promise(promised, &cal, tz)?;
            }
            Ok((id, state))
        })
    }

    /// Records one step of complaint `id` (CMP-7, CMP-8, CMP-10) at `now` by `operator`.
    /// The complaint's state is replayed inside the write transaction (`BEGIN IMMEDIATE`),
    /// so of two desks recording the same step only the first is written; the second is
    /// refused as out of order. An extension needs `approval` (CMP-5). A reply or follow-up
    /// by someone other than the owner is written and the audit row says so. Returns the
    /// state after the step.
    pub fn complaint_step(
        &mut self,
        operator: StaffId,
        id: ComplaintId,
        event: &ComplaintEvent,
        approval: Option<&Approval>,
        now: DateTime<Utc>,
    ) -> Result<ComplaintState, ComplaintStepError> {
        let event = event.cleaned();
        write_with(self, |tx| {
            record_complaint_step(tx, operator, id, &event, approval, now)
        })
    }

    /// An approved extension of complaint `id`'s deadline by `working_days` (CMP-5), by a
    /// clerk who saw the round already extended by `seen` days when the form opened. Two
    /// desks extending at once would both be written and add up, though each clerk meant
    /// one extension: if the extension changed since (another desk's), nothing is written
    /// and the refusal says who extended it and when (`AlreadyDone`). Otherwise as
    /// [`Store::complaint_step`].
    pub fn extend_complaint(
        &mut self,
        operator: StaffId,
        id: ComplaintId,
        working_days: u8,
        seen: u8,
        approval: &Approval,
        now: DateTime<Utc>,
    ) -> Result<ComplaintState, ComplaintStepError> {
        let event = ComplaintEvent::ExtendDeadline { working_days };
        write_with(self, |tx| {
            let row = complaint_row(tx, id)?.ok_or(ComplaintStepError::NoSuchComplaint(id))?;
            let entries = complaint_entries(tx, id)?;
            let state = replayed(id, &row, &entries)?;
            let now_extended = state.deadline().map_or(0, |d| d.extension);
            let last = entries
                .iter()
                .rev()
                .find(|e| e.event.kind() == EventKind::ExtendDeadline);
            if let Some(done) = last.filter(|_| now_extended != seen) {
                return Err(ComplaintStepError::AlreadyDone {
                    by: done.by,
                    at: done.at,
                    next: state.next_step(),
                });
            }
            record_complaint_step(tx, operator, id, &event, Some(approval), now)
        })
    }

    /// A complaint whole, or `None` when there is no such complaint.
    pub fn complaint(&self, id: ComplaintId) -> StoreResult<Option<ComplaintRecord>> {
        self.read(|store| {
            let Some(row) = complaint_row(&store.conn, id)? else {
                return Ok(None);
            };
            let entries = complaint_entries(&store.conn, id)?;
            let state = replayed(id, &row, &entries)?;
            let cal = calendar_in(&store.conn)?;
            let tz = office_hours(&store.conn)?.tz;
            Ok(Some(ComplaintRecord {
                id,
                recorded_at: row.recorded_at,
                owner: row.owner,
                due: state.due(&cal, tz),
                due_at_recording: row.due,
                complaint: row.complaint,
                entries,
                state,
            }))
        })
    }

    /// Records a repair work order (CMP-6) with its on-site clock, in one transaction with
    /// its chain link, open-work row and audit row.
    pub fn file_repair(
        &mut self,
        operator: StaffId,
        repair: &Repair,
        now: DateTime<Utc>,
    ) -> StoreResult<RepairId> {
        self.write(|tx| file_repair_in(tx, operator, repair, now))
    }

    /// Records one step of work order `id` (CMP-6), checked against its replayed state in
    /// the write transaction. Returns the state after the step.
    pub fn repair_step(
        &mut self,
        operator: StaffId,
        id: RepairId,
        event: &RepairEvent,
        now: DateTime<Utc>,
    ) -> Result<RepairState, RepairStepError> {
        let event = event.cleaned();
        write_with(self, |tx| record_repair_step(tx, operator, id, &event, now))
    }

    /// A work order whole, or `None`.
    pub fn repair(&self, id: RepairId) -> StoreResult<Option<RepairRecord>> {
        self.read(|store| {
            let Some(row) = repair_row(&store.conn, id)? else {
                return Ok(None);
            };
            let entries = repair_entries(&store.conn, id)?;
            let state = repair_replayed(id, &row, &entries)?;
            Ok(Some(RepairRecord {
                id,
                reported_at: row.reported_at,
                owner: row.owner,
                repair: row.repair,
                entries,
                state,
            }))
        })
    }

    /// Open complaints and work orders together, what is due first (overdue first), then
    /// those with nothing due now (awaiting follow-up or evaluation, someone on site) by
    /// when they were opened. At most `limit`. Reads only `open_work` and the rows it names.
    pub fn open_work(&self, now: DateTime<Utc>, limit: usize) -> StoreResult<Vec<OpenItem>> {
        self.read(|store| {
            let tz = office_hours(&store.conn)?.tz;
            open_items(&store.conn, "1", limit, now, tz)
        })
    }

    /// Complaints replied to and not yet followed up (CMP-8), the oldest first.
    pub fn follow_ups_due(&self, now: DateTime<Utc>) -> StoreResult<Vec<OpenItem>> {
        self.read(|store| {
            let tz = office_hours(&store.conn)?.tz;
            open_items(&store.conn, FOLLOW_UPS_FILTER, usize::MAX >> 1, now, tz)
        })
    }

    /// The statistics of each month (office time, `tz`) from `from`'s to `to`'s (CMP-11),
    /// counted by SQL over the month's rows (see `domain::complaint::MonthStats`).
    pub fn month_statistics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        tz: Tz,
    ) -> StoreResult<Vec<MonthStats>> {
        self.read(|store| {
            let conn = &store.conn;
            let mut out = Vec::new();
            for month in months(from, to) {
                let next = month + chrono::Months::new(1);
                let (start, end) = (
                    timestamp(local_hour(month, 0, tz)),
                    timestamp(local_hour(next, 0, tz)),
                );
                let mut stats = MonthStats::empty(month);
                let counts: Vec<(Option<String>, Option<String>, bool, u32)> = conn
                    .prepare_cached(MONTH_COUNTS_SQL)?
                    .query_map([&start, &end], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                for (category, nature, on_spot, n) in counts {
                    stats.complaints += n;
                    match category.as_deref().and_then(Category::from_key) {
                        Some(c) => stats.category_mut(c).complaints += n,
                        None => stats.uncategorised += n,
                    }
                    let nature = match on_spot {
                        true => Some(Nature::General),
                        false => nature.as_deref().and_then(Nature::from_key),
                    };
                    match nature {
                        Some(nature) => {
                            if let Some((_, c)) =
                                stats.by_nature.iter_mut().find(|(k, _)| *k == nature)
                            {
                                *c += n;
                            }
                        }
                        None => stats.undetermined += n,
                    }
                }
                let answers: Vec<(Option<String>, u32, u32)> = conn
                    .prepare_cached(MONTH_ANSWERS_SQL)?
                    .query_map([&start, &end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (category, n, satisfied) in answers {
                    stats.follow_ups += n;
                    stats.satisfied += satisfied;
                    if let Some(c) = category.as_deref().and_then(Category::from_key) {
                        let c = stats.category_mut(c);
                        c.follow_ups += n;
                        c.satisfied += satisfied;
                    }
                }
                (stats.replied, stats.replied_on_time) = conn
                    .prepare_cached(MONTH_REPLIES_SQL)?
                    .query_row([&start, &end], |r| Ok((r.get(0)?, r.get(1)?)))?;
                out.push(stats);
            }
            Ok(out)
        })
    }

    /// The office's working-day calendar: the State Council's with its overrides (CMP-5).
    pub fn calendar(&self) -> StoreResult<WorkCalendar> {
        calendar_in(&self.conn)
    }

    /// Declares `day` a working day or not for this office (CMP-5), approved by a
    /// supervisor; audited. The open complaints' due dates are counted again with it.
    pub fn set_calendar_day(
        &mut self,
        operator: StaffId,
        approval: Approval,
        day: NaiveDate,
        working: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let before = calendar_in(tx)?.is_working_day(day);
            tx.prepare_cached(
                "INSERT INTO calendar_overrides (day, working, set_at, operator_id, approver_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (day) DO UPDATE SET working = excluded.working,
                     set_at = excluded.set_at, operator_id = excluded.operator_id,
                     approver_id = excluded.approver_id",
            )?
            .execute(params![
                day.to_string(),
                working,
                timestamp(now),
                operator,
                supervisor
            ])?;
            let cal = calendar_in(tx)?;
            let tz = office_hours(tx)?.tz;
            let open: Vec<ComplaintId> = tx
                .prepare_cached("SELECT item_id FROM open_work WHERE kind = 'complaint'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &open {
                let row = complaint_row(tx, *id)?
                    .ok_or_else(|| StoreError::Other(format!("open complaint {id} is gone")))?;
                let state = replayed(*id, &row, &complaint_entries(tx, *id)?)?;
                keep_open_complaint(tx, *id, &state, &cal, tz)?;
            }
            let word = |w: bool| if w { "working" } else { "not working" };
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "calendar_day",
                &format!(
                    "{day}: {} → {}; {} open complaints counted again",
                    word(before),
                    word(working),
                    open.len()
                ),
            )
        })
    }

    /// Adds a service phrase of the office's own (CMP-3) for a step of the conversation,
    /// approved by a supervisor; audited. Its phrase id is `office_<n>`, returned.
    pub fn add_office_phrase(
        &mut self,
        operator: StaffId,
        approval: Approval,
        step: &str,
        zh: &str,
        en: &str,
        now: DateTime<Utc>,
    ) -> Result<String, OfficePhraseError> {
        let text = |field, value: &str, max| {
            crate::domain::text::required(value, max)
                .map_err(|problem| OfficePhraseError::Text { field, problem })
        };
        let step = text(PhraseField::Step, step, PHRASE_STEP_MAX_CHARS)?;
        let zh = text(PhraseField::Zh, zh, PHRASE_MAX_CHARS)?;
        let en = text(PhraseField::En, en, PHRASE_MAX_CHARS)?;
        Ok(self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            tx.prepare_cached(
                "INSERT INTO office_phrases (step, zh, en, added_at, operator_id, approver_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![step, zh, en, timestamp(now), operator, supervisor])?;
            let id = format!("office_{}", tx.last_insert_rowid());
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "add_office_phrase",
                &format!("{id} ({step}): {zh} / {en}"),
            )?;
            Ok(id)
        })?)
    }

    /// The office's own phrases, oldest first, as library phrases (source `office`).
    pub fn office_phrases(&self) -> StoreResult<Vec<Phrase>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, step, zh, en FROM office_phrases ORDER BY id")?
            .query_map([], |r| {
                Ok(Phrase {
                    id: format!("office_{}", r.get::<_, i64>(0)?),
                    step: r.get(1)?,
                    zh: r.get(2)?,
                    en: r.get(3)?,
                    source: "office".into(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Counts one use of phrase `id` (shipped or the office's). A plain counter: no audit.
    pub fn count_phrase_use(&mut self, id: &str) -> StoreResult<()> {
        self.write(|tx| count_use(tx, id))
    }

    /// How often each phrase was used, the most used first.
    pub fn phrase_uses(&self) -> StoreResult<Vec<(String, u64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT phrase_id, uses FROM phrase_uses ORDER BY uses DESC, phrase_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

mod export;
pub use export::{ComplaintsExport, ExportedComplaint};

#[cfg(test)]
pub(crate) mod tests;
