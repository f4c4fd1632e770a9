//! The rotation log: today's events in, the replayed queue out.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::{Approval, Result, Store, StoreError, audit, parse_timestamp, staff, timestamp};
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

fn load(conn: &rusqlite::Connection, day: NaiveDate) -> Result<Vec<Logged>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, event FROM rotation_events WHERE business_day = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([day_key(day)], |r| {
        let json: String = r.get(2)?;
        let event: Event = serde_json::from_str(&json).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
        })?;
        Ok(Logged {
            seq: r.get(0)?,
            at: parse_timestamp(&r.get::<_, String>(1)?)?,
            event,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The day's queue on `conn`, which may be a transaction in progress.
pub(super) fn day_in(conn: &rusqlite::Connection, day: NaiveDate) -> Result<RotationDay> {
    Ok(RotationDay::replay(&load(conn, day)?))
}

impl Store {
    /// The day's rotation log, oldest first.
    pub fn rotation_log(&self, day: NaiveDate) -> Result<Vec<Logged>> {
        load(&self.conn, day)
    }

    /// The day's queue, replayed from its log.
    pub fn rotation_day(&self, day: NaiveDate) -> Result<RotationDay> {
        Ok(RotationDay::replay(&self.rotation_log(day)?))
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
            let mut appended = Vec::with_capacity(events.len());
            for event in events {
                let json =
                    serde_json::to_string(&event).map_err(|e| StoreError::Other(e.to_string()))?;
                tx.execute(
                    "INSERT INTO rotation_events (business_day, at, operator_id, event)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![day_key(day), timestamp(now), operator, json],
                )?;
                let logged = Logged {
                    seq: Seq(tx.last_insert_rowid()),
                    at: now,
                    event,
                };
                day_state.apply(&logged);
                audit(tx, now, Some(operator), approver, "rotation", &json)?;
                appended.push(logged);
            }
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
