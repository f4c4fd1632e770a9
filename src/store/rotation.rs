//! The rotation log: today's events in, the replayed queue out.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::{Approval, Result, Store, StoreError, audit, chain, parse_timestamp, staff, timestamp};
use crate::domain::rotation::{Command, Event, Logged, RotationDay, Seq, StaffId};
use crate::domain::staff::Role;

/// What a rotation write did: the entries it appended and the day as it now stands.
#[derive(Debug, Clone)]
pub struct Rotated {
    pub appended: Vec<Logged>,
    pub day: RotationDay,
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A row of the day's rotation log that cannot be read: the day is replayed up to it, and
/// nothing is appended after it until a supervisor sets it aside
/// (`Store::set_aside_rotation_row`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {id} of the rotation log cannot be read: {detail}")]
pub struct BadRow {
    pub id: Seq,
    /// When it was written, if that much can be read.
    pub at: Option<DateTime<Utc>>,
    /// What is wrong with it, in the parser's words (for the supervisor, not the clerk).
    pub detail: String,
}

/// The day's queue as far as its log can be read.
#[derive(Debug, Clone)]
pub struct RotationRead {
    /// Replayed from the log up to (not including) `bad_row`, or from all of it.
    pub day: RotationDay,
    /// The first row that cannot be read, if any.
    pub bad_row: Option<BadRow>,
}

/// The day's readable log, up to the first row that is not, and that row. Rows a
/// supervisor set aside are left out.
fn load(conn: &rusqlite::Connection, day: NaiveDate) -> Result<(Vec<Logged>, Option<BadRow>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, event FROM rotation_events
         WHERE business_day = ?1
           AND id NOT IN (SELECT event_id FROM rotation_set_aside)
         ORDER BY id",
    )?;
    let mut rows = stmt.query([day_key(day)])?;
    let mut log = Vec::new();
    while let Some(r) = rows.next()? {
        let id: Seq = r.get(0)?;
        // Read as raw values: a row of the wrong type must be named, not stop the console.
        let at = r.get::<_, String>(1).ok();
        let at = at.as_deref().map(parse_timestamp);
        let event = r
            .get::<_, String>(2)
            .map_err(|e| e.to_string())
            .and_then(|json| serde_json::from_str::<Event>(&json).map_err(|e| e.to_string()));
        match (at, event) {
            (Some(Ok(at)), Ok(event)) => log.push(Logged { seq: id, at, event }),
            (at, event) => {
                let detail = match (&at, event) {
                    (_, Err(e)) => format!("event: {e}"),
                    (Some(Err(e)), _) => format!("at: {e}"),
                    _ => "at: not text".to_owned(),
                };
                let at = at.and_then(|a| a.ok());
                return Ok((log, Some(BadRow { id, at, detail })));
            }
        }
    }
    Ok((log, None))
}

/// The day's queue on `conn`, which may be a transaction in progress. A write must not build
/// on a log it cannot read: an unreadable row is an error here.
pub(super) fn day_in(conn: &rusqlite::Connection, day: NaiveDate) -> Result<RotationDay> {
    match load(conn, day)? {
        (log, None) => Ok(RotationDay::replay(&log)),
        (_, Some(bad)) => Err(StoreError::RotationLogDamaged(bad)),
    }
}

/// The day's queue on `conn` as far as its log can be read: for reading (figures, the
/// handover's items), never for deciding a write.
pub(super) fn day_readable(conn: &rusqlite::Connection, day: NaiveDate) -> Result<RotationDay> {
    let (log, _) = load(conn, day)?;
    Ok(RotationDay::replay(&log))
}

/// Appends decided `events` to `state`'s day in the write `tx`, each chained and audited,
/// and folds them into `state`.
pub(super) fn append(
    tx: &rusqlite::Transaction<'_>,
    day: NaiveDate,
    state: &mut RotationDay,
    events: Vec<Event>,
    operator: StaffId,
    approver: Option<StaffId>,
    now: DateTime<Utc>,
) -> Result<Vec<Logged>> {
    let mut appended = Vec::with_capacity(events.len());
    for event in events {
        let json = serde_json::to_string(&event).map_err(|e| StoreError::Other(e.to_string()))?;
        let seq = Seq(chain::insert_row(
            tx,
            &chain::ROTATION_EVENTS,
            "INSERT INTO rotation_events (id, business_day, at, operator_id, event)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![day_key(day), timestamp(now), operator, json],
        )?);
        let logged = Logged {
            seq,
            at: now,
            event,
        };
        state.apply(&logged);
        audit(tx, now, Some(operator), approver, "rotation", &json)?;
        appended.push(logged);
    }
    Ok(appended)
}

impl Store {
    /// The day's rotation log, oldest first; `RotationLogDamaged` if a row cannot be read
    /// (`rotation_day` shows the day up to it).
    pub fn rotation_log(&self, day: NaiveDate) -> Result<Vec<Logged>> {
        match load(&self.conn, day)? {
            (log, None) => Ok(log),
            (_, Some(bad)) => Err(StoreError::RotationLogDamaged(bad)),
        }
    }

    /// The day's queue, replayed from its log as far as it can be read. With a bad row the
    /// queue is shown up to it and rotation writes for the day are refused
    /// (`RotationLogDamaged`) until a supervisor sets the row aside.
    pub fn rotation_day(&self, day: NaiveDate) -> Result<RotationRead> {
        let (log, bad_row) = load(&self.conn, day)?;
        Ok(RotationRead {
            day: RotationDay::replay(&log),
            bad_row,
        })
    }

    /// Sets an unreadable row of the day's log aside, with the supervisor's reason: the row
    /// stays as it is (REG-4), a new row records who set it aside and why, and the day is
    /// replayed without it. Refused for a row that reads fine (`RowReadable`): the log's
    /// readable history is never edited this way. Supervisor-only.
    pub fn set_aside_rotation_row(
        &mut self,
        operator: StaffId,
        approval: Approval,
        day: NaiveDate,
        id: Seq,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<RotationRead> {
        let reason = crate::domain::text::required(reason, 200).map_err(StoreError::Reason)?;
        self.write(|tx| {
            let approver = staff::still_supervisor(tx, approval)?;
            match load(tx, day)? {
                (_, Some(bad)) if bad.id == id => {
                    let raw: String = tx.query_row(
                        "SELECT CAST(event AS TEXT) FROM rotation_events WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )?;
                    chain::insert_keyed_row(
                        tx,
                        &chain::ROTATION_SET_ASIDE,
                        id.0,
                        "INSERT INTO rotation_set_aside (event_id, at, operator_id, approver_id, reason)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![timestamp(now), operator, approver, reason],
                    )?;
                    audit(
                        tx,
                        now,
                        Some(operator),
                        Some(approver),
                        "rotation_set_aside",
                        &format!("row {id} ({}): {reason}; it held: {raw}", bad.detail),
                    )?;
                }
                _ => return Err(StoreError::RowReadable(id)),
            }
            let (log, bad_row) = load(tx, day)?;
            Ok(RotationRead {
                day: RotationDay::replay(&log),
                bad_row,
            })
        })
    }

    /// The last business day before `day` that has a rotation log, if any: the day whose
    /// unfinished receptions the desk still has to give an outcome.
    pub fn day_before(&self, day: NaiveDate) -> Result<Option<NaiveDate>> {
        let last: Option<String> = self.conn.query_row(
            "SELECT max(business_day) FROM rotation_events WHERE business_day < ?1",
            [day_key(day)],
            |r| r.get(0),
        )?;
        Ok(last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }

    /// Decides `command` against the day's log and appends what it decided, all in one
    /// `BEGIN IMMEDIATE` transaction: two desks pressing "next walk-in" at once are served
    /// one after the other, each against the other's result, so no turn is handed out twice.
    ///
    /// The policy is the office's, read inside the same transaction: a supervisor's change
    /// at another desk applies to the very next decision here, never an older copy.
    pub fn rotate(
        &mut self,
        operator: StaffId,
        approval: Option<Approval>,
        day: NaiveDate,
        now: DateTime<Utc>,
        command: &Command,
    ) -> Result<Rotated> {
        if let Some(supervisor) = command.supervisor()
            && approval.map(|a| a.supervisor()) != Some(supervisor)
        {
            return Err(StoreError::NotSupervisor);
        }
        let subject = match command {
            Command::CheckIn(id) | Command::Designated(id) | Command::Returning(id) => Some(*id),
            _ => None,
        };
        self.write(|tx| {
            let approver = match approval {
                Some(approval) => Some(staff::still_supervisor(tx, approval)?),
                None => None,
            };
            let settings = super::settings::office_settings_in(tx)?;
            // Checked inside the transaction: another desk may deactivate them meanwhile.
            if let Some(id) = subject
                && !staff::staff_member(tx, id)?
                    .is_some_and(|s| s.active && s.role == Role::Salesperson)
            {
                return Err(StoreError::NotSalesperson(id));
            }
            let mut day_state = day_in(tx, day)?;
            let events = day_state.decide(command, settings.policy())?;
            let appended = append(tx, day, &mut day_state, events, operator, approver, now)?;
            Ok(Rotated {
                appended,
                day: day_state,
            })
        })
    }

    /// Convenience for the commonest write: the next new walk-in goes to the next up.
    pub fn assign_next_walk_in(
        &mut self,
        operator: StaffId,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Rotated> {
        self.rotate(operator, None, day, now, &Command::WalkIn)
    }
}
